// Interfaces placed on an MX10004/MX10008 with LC9600 cards
// (control/platform.h, locate_port/locate_si in control/router_plan.h): the
// LC9600 port table (assumption A7), si-F/P/N on the chip's PFEs [I, T], and
// every name the platform does not have refused with what is wrong and, in a
// plan, FILE:LINE. scenarios/mx10004-lc9600.yaml's ce1 placed on its chips.
#include <gtest/gtest.h>

#include "control/router_plan.h"
#include "junos/commit_check.h"

namespace trio6sim::control {
namespace {

const std::string kDir = std::string(TRIO6SIM_SCENARIOS_DIR) + "/configs/mx10004-lc9600/";

Platform mx10004(std::vector<int> pics, int fpc = 2) {
  Platform p;
  p.name = "mx10004";
  p.lmics.clear();
  p.slots.push_back({fpc, "lc9600", std::move(pics)});
  return p;
}

std::string error_of(const Expected<PortLocation, std::string>& at) { return at ? "" : at.error(); }

TEST(PlatformPlacement, Lc9600PortsSitOnTheFirstSlotOfTheirSliceAndPortGroup) {
  const Platform p = mx10004({0, 1, 2, 3, 4, 5});
  struct Row {
    const char* name;
    int slot, slice, pg;
  };
  for (const Row& row : {Row{"et-2/1/0", 12, 0, 0}, Row{"et-2/1/1", 0, 1, 0}, Row{"et-2/1/2", 8, 0, 1},
                         Row{"et-2/1/3", 4, 1, 1}}) {
    auto at = locate_port(p, "ce1", row.name);
    ASSERT_TRUE(at.has_value()) << at.error();
    EXPECT_EQ(at->fpc, 2) << row.name;
    EXPECT_EQ(at->lmic, 1) << row.name;
    EXPECT_EQ(at->port, row.slot) << row.name;
    EXPECT_EQ(at->slice, row.slice) << row.name;
    EXPECT_EQ(at->port_group, row.pg) << row.name;
  }
  EXPECT_EQ(locate_port(p, "ce1", "et-2/5/3")->lmic, 5);
}

TEST(PlatformPlacement, SiInterfacesTwoPerPfeOnAnyPic) {
  const Platform p = mx10004({1});
  for (int n = 0; n < 4; ++n) {
    auto at = locate_si(p, "ce1", "si-2/1/" + std::to_string(n));
    ASSERT_TRUE(at.has_value()) << at.error();
    EXPECT_EQ(at->fpc, 2);
    EXPECT_EQ(at->lmic, 1);
    EXPECT_EQ(at->si_number, n);
    EXPECT_EQ(at->pfe, n / 2);  // si-F/P/0,1 on the first PFE, 2,3 on the second [I]
  }
  EXPECT_NE(locate_si(p, "ce1", "si-2/0/0").error().find("FPC 2 PIC 0 of ce1 is not simulated"), std::string::npos);
  EXPECT_NE(locate_si(p, "ce1", "si-2/1/4").error().find("not an si interface of an MX10004 (si-FPC/PIC/0..3)"),
            std::string::npos);
}

TEST(PlatformPlacement, NamesTheChassisDoesNotHoldSayWhy) {
  const Platform p = mx10004({1});
  EXPECT_NE(error_of(locate_port(p, "ce1", "et-2/1/4")).find("et-2/1/4: an LC9600 PIC has ports 0..3, not 4"),
            std::string::npos);
  EXPECT_NE(error_of(locate_port(p, "ce1", "et-5/1/0")).find("FPC 5 does not exist on an MX10004 (FPC 0..3)"),
            std::string::npos);
  EXPECT_NE(error_of(locate_port(p, "ce1", "et-1/1/0")).find("FPC 1 of ce1 holds no line card"), std::string::npos);
  EXPECT_NE(error_of(locate_port(p, "ce1", "et-2/3/0")).find("FPC 2 PIC 3 of ce1 is not simulated"),
            std::string::npos);
  EXPECT_NE(error_of(locate_port(p, "ce1", "xe-2/1/0")).find("not a port of an MX10004"), std::string::npos);
  Platform big = mx10004({1});
  big.name = "mx10008";
  EXPECT_NE(error_of(locate_port(big, "ce1", "et-5/1/0")).find("FPC 5 of ce1 holds no line card"), std::string::npos);
  // The MX304's table and messages are unchanged.
  const Platform mx304 = Platform::mx304({0, 1});
  EXPECT_EQ(locate_port(mx304, "R", "et-0/1/8")->port, 8);
  EXPECT_NE(error_of(locate_port(mx304, "R", "et-0/2/0")).find("LMIC 2 is not populated on R"), std::string::npos);
  EXPECT_NE(error_of(locate_port(mx304, "R", "et-2/1/0")).find("not a port of an MX304 (et-0/LMIC/0..15)"),
            std::string::npos);
}

TEST(PlatformPlacement, Ce1OfTheMx10004ScenarioIsPlacedOnFpc2) {
  const auto ce1 = junos::commit_config_file(kDir + "ce1.conf").value();
  const auto ce2 = junos::commit_config_file(kDir + "ce2.conf").value();
  std::mt19937_64 rng(1);
  const auto negotiation = negotiate({{"ce1", &ce1}, {"ce2", &ce2}}, rng);
  Rib rib;
  add_config_routes(rib, ce1);
  rib.resolve();
  auto plan = plan_router("ce1", ce1, rib, mx10004({1, 2}), negotiation);
  ASSERT_TRUE(plan.has_value()) << plan.error();
  EXPECT_EQ(plan->platform.name, "mx10004");
  ASSERT_EQ(plan->si.size(), 1u);
  EXPECT_EQ(plan->si[0].at.fpc, 2);
  EXPECT_EQ(plan->si[0].at.lmic, 1);
  EXPECT_EQ(plan->si[0].at.pfe, 0);
  ASSERT_EQ(plan->service_sets.size(), 1u);
  EXPECT_EQ(plan->service_sets[0].anchor.fpc, 2);
  EXPECT_EQ(plan->service_sets[0].anchor.lmic, 1);
  ASSERT_EQ(plan->tunnels.size(), 1u);
  EXPECT_TRUE(plan->tunnels[0].up);
  auto lan = std::find_if(plan->ports.begin(), plan->ports.end(), [](const PlannedPort& p) { return p.name == "et-2/2/0"; });
  ASSERT_NE(lan, plan->ports.end());
  EXPECT_EQ(lan->at.lmic, 2);

  // Without PIC 1 simulated, the si interface has no chip: FILE:LINE and why.
  auto missing = plan_router("ce1", ce1, rib, mx10004({2}), negotiation);
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().find("ce1.conf:"), std::string::npos) << missing.error();
  EXPECT_NE(missing.error().find("si-2/1/0: FPC 2 PIC 1 of ce1 is not simulated"), std::string::npos)
      << missing.error();
  // The card in another slot: nothing on FPC 2.
  auto empty = plan_router("ce1", ce1, rib, mx10004({1, 2}, 3), negotiation);
  ASSERT_FALSE(empty.has_value());
  EXPECT_NE(empty.error().find("FPC 2 of ce1 holds no line card"), std::string::npos) << empty.error();
}

TEST(PlatformPlacement, InlineServicesOnAnFpcTheChassisLacksIsAnError) {
  const auto config = junos::commit_config_text("set chassis fpc 3 pic 0 inline-services\n", "r.set").value();
  auto plan = plan_router("R", config, Rib{}, std::vector<int>{0, 1, 2}, NegotiationResult{});
  ASSERT_FALSE(plan.has_value());
  EXPECT_NE(plan.error().find("r.set:1: chassis fpc 3 pic 0: an MX304 has FPC 0..0 and PIC 0..2"), std::string::npos)
      << plan.error();
  // On an MX10004 FPC 3 exists (empty slots take configuration, as in Junos).
  EXPECT_TRUE(plan_router("R", config, Rib{}, mx10004({1}), NegotiationResult{}).has_value());
}

}  // namespace
}  // namespace trio6sim::control
