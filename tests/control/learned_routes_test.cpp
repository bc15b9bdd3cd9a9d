// The blog scenario's learned routes on PE1's routing table: all 100 CE2
// prefixes of each family resolve through st0.1 (IPv6 with label 17), the
// CE1 prefixes through et-0/2/10.0, and the remote gateway through ae0.0.
#include <gtest/gtest.h>

#include "control/learned_routes.h"
#include "junos/commit_check.h"
#include "scenario/scenario_loader.h"

namespace trio6sim::control {
namespace {

TEST(LearnedRoutes, BlogScenarioOnPe1) {
  const auto spec = scenario::load_scenario(std::string(TRIO6SIM_SCENARIOS_DIR) + "/blog-global-v4v6.yaml").value();
  const auto pe1 = junos::commit_config_file(spec.devices.at(0).config_path).value();
  Rib rib;
  add_config_routes(rib, pe1);
  EXPECT_EQ(add_learned_routes(rib, "PE1", spec.learned_routes), 401u);  // 4 x 100 + 1
  rib.resolve();
  for (int i = 1; i <= 100; ++i) {
    const auto* v4 = rib.lookup(*IpAddress::parse("60.1." + std::to_string(i) + ".9"));
    ASSERT_NE(v4, nullptr) << i;
    EXPECT_EQ(v4->prefix.to_string(), "60.1." + std::to_string(i) + ".0/24");
    EXPECT_EQ(v4->forwarding.at(0).interface, "st0.1");
    EXPECT_EQ(v4->as_path, "20002 I");
  }
  const auto* v6 = rib.lookup(*IpAddress::parse("3000:60:1:64::5"));  // the 100th /64
  ASSERT_NE(v6, nullptr);
  EXPECT_EQ(v6->prefix.to_string(), "3000:60:1:64::/64");
  EXPECT_EQ(v6->forwarding.at(0).interface, "st0.1");
  EXPECT_EQ(v6->forwarding.at(0).push_label.value(), 17u);
  EXPECT_EQ(rib.lookup(*IpAddress::parse("3000:60:1:65::5")), nullptr) << "only 100 prefixes";
  EXPECT_EQ(rib.lookup(*IpAddress::parse("50.1.7.1"))->forwarding.at(0).interface, "et-0/2/10.0");
  EXPECT_EQ(rib.lookup(*IpAddress::parse("13.10.2.2"))->forwarding.at(0).interface, "ae0.0");
}

}  // namespace
}  // namespace trio6sim::control
