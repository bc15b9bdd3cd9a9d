// run::ScenarioRouters: a scenario file's routers for a user's own sc_main
// (examples/three_routers.cpp joins them with links): the blog's three
// MX304s come up programmed, with the tunnel's SAs installed before the
// run; unknown names are errors that list what there is, and a file whose
// IKE must travel links is refused.
#include <gtest/gtest.h>

#include <string>

#include "models/config_error.h"
#include "run/scenario_routers.h"

namespace trio6sim::run {
namespace {

const std::string kScenarios = std::string(TRIO6SIM_SOURCE_DIR) + "/scenarios/";

TEST(ScenarioRouters, BuildsTheBlogsRoutersWithTheirTunnelUp) {
  auto r = ScenarioRouters::load(kScenarios + "blog-global-v4v6.yaml");
  ASSERT_TRUE(r.has_value()) << r.error();
  models::MxRouter& pe1 = (*r)->router("PE1");
  EXPECT_EQ(pe1.chip_count(), 3u);  // LMICs 0, 1, 2
  // si-0/1/0 anchors the tunnel on LMIC 1: one SA each way, before any time passes.
  EXPECT_EQ(pe1.chip(pe1.chip_index(0, 1)).sa_count(), 2u);
  const models::LinkEnd ce1 = (*r)->port("PE1", "et-0/2/10");
  EXPECT_EQ(ce1.chip, &pe1.chip(pe1.chip_index(0, 2)));
  EXPECT_EQ(ce1.port, 10);
}

TEST(ScenarioRouters, UnknownNamesListWhatThereIs) {
  auto r = ScenarioRouters::load(kScenarios + "blog-global-v4v6.yaml");
  ASSERT_TRUE(r.has_value()) << r.error();
  try {
    (*r)->router("PE3");
    FAIL();
  } catch (const models::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("no device PE3 (the file has PE1, P1, PE2)"), std::string::npos) << e.what();
  }
  EXPECT_THROW((*r)->port("PE1", "et-0/2/99"), models::ConfigError);
}

TEST(ScenarioRouters, RefusesIkeOnTheWire) {
  auto r = ScenarioRouters::load(kScenarios + "blog-rekey.yaml");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("ike: wire"), std::string::npos) << r.error();
}

}  // namespace
}  // namespace trio6sim::run
