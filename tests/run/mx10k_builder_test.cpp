// scenarios/mx10004-lc9600.yaml's ce1 built on an MX10004 whose LC9600 in
// FPC 2 simulates PICs 1 and 2: the chips named by FPC and PIC, the LAN port
// et-2/2/0 on PIC 2's chip at the first slot of slice 0 PG0 (assumption A7)
// at 400 Gbps, the WAN port et-2/1/1 on PIC 1's slice 1, si-2/1/0 and st0.1
// on PIC 1 (the anchor) and remote interfaces for them on PIC 2.
#include <gtest/gtest.h>

#include <random>

#include "control/ike_negotiation.h"
#include "control/rib.h"
#include "control/router_plan.h"
#include "junos/commit_check.h"
#include "models/simulation.h"
#include "run/device_builder.h"

namespace trio6sim::run {
namespace {

const std::string kDir = std::string(TRIO6SIM_SOURCE_DIR) + "/scenarios/configs/mx10004-lc9600/";

TEST(Mx10kBuilder, Ce1PortsSiAndSt0LandOnTheirFpc2Chips) {
  const auto ce1 = junos::commit_config_file(kDir + "ce1.conf").value();
  const auto ce2 = junos::commit_config_file(kDir + "ce2.conf").value();
  std::mt19937_64 rng(1);
  const auto negotiation = control::negotiate({{"ce1", &ce1}, {"ce2", &ce2}}, rng);
  control::Rib rib;
  control::add_config_routes(rib, ce1);
  rib.resolve();
  control::Platform platform;
  platform.name = "mx10004";
  platform.lmics.clear();
  platform.slots.push_back({2, "lc9600", {1, 2}});
  auto plan = control::plan_router("ce1", ce1, rib, platform, negotiation);
  ASSERT_TRUE(plan.has_value()) << plan.error();
  models::fresh_simulation_context();
  auto d = build_device(*plan, ce1, {}, models::Trio6Params{});
  ASSERT_TRUE(d.has_value()) << d.error();
  const auto& router = *d->router;
  ASSERT_EQ(router.chip_count(), 2u);
  const int pic1 = router.chip_index(2, 1), pic2 = router.chip_index(2, 2);
  EXPECT_EQ(router.chip_label(static_cast<std::size_t>(pic1)), "fpc2_pic1");

  const PortPlace lan = d->ports.at("et-2/2/0");
  EXPECT_EQ(lan.chip, pic2);
  EXPECT_EQ(lan.fpc, 2);
  EXPECT_EQ(lan.lmic, 2);
  EXPECT_EQ(lan.port, 12);  // et-F/P/0: slice 0 PG0
  EXPECT_EQ(router.chip(pic2).params().port_group.port_gbps[12], 400);
  const PortPlace wan = d->ports.at("et-2/1/1");
  EXPECT_EQ(wan.chip, pic1);
  EXPECT_EQ(wan.port, 0);  // et-F/P/1: slice 1 PG0
  EXPECT_EQ(models::slice_of_port(wan.port), 1);

  for (const char* unit : {"si-2/1/0.0", "si-2/1/0.1", "st0.1"}) {
    const auto* p = d->places(unit);
    ASSERT_NE(p, nullptr) << unit;
    ASSERT_EQ(p->size(), 1u) << unit;
    EXPECT_EQ((*p)[0].chip, pic1) << unit;
  }
  // The anchor's st0 unit is a remote interface on the LAN chip.
  const auto far = router.chip(pic2).find_interface("st0.1");
  ASSERT_TRUE(far.has_value());
  EXPECT_EQ(router.chip(pic2).interface(*far).kind, models::InterfaceKind::kRemote);
  EXPECT_EQ(router.chip(pic2).interface(*far).remote_chip, pic1);
  ASSERT_EQ(d->tunnels.size(), 1u);
  EXPECT_EQ(d->tunnels[0].chip, pic1);
  EXPECT_EQ(d->tunnels[0].pfe, 0);  // si-2/1/0: the chip's first PFE [I]
}

}  // namespace
}  // namespace trio6sim::run
