// The blog's PE1 placed on an MX304's chips: its CE port and bundle members
// on LMIC 2, its si anchor on LMIC 1 PFE 0 (so encrypted traffic crosses the
// chassis fabric), st0.1 bound to SS-1 with the negotiated SAs.
#include <gtest/gtest.h>

#include "control/router_plan.h"
#include "junos/commit_check.h"

namespace trio6sim::control {
namespace {

const std::string kDir = std::string(TRIO6SIM_SCENARIOS_DIR) + "/configs/blog-global-v4v6/";

TEST(RouterPlan, Mx304PortAndSiTables) {
  auto p = mx304_port("et-0/2/10").value();
  EXPECT_EQ(p.lmic, 2);
  EXPECT_EQ(p.slice, 0);
  EXPECT_EQ(p.port_group, 1);
  p = mx304_port("et-0/2/3").value();
  EXPECT_EQ(p.slice, 1);
  EXPECT_EQ(p.port_group, 0);
  p = mx304_port("et-0/0/13").value();
  EXPECT_EQ(p.slice, 0);
  EXPECT_EQ(p.port_group, 0);
  EXPECT_FALSE(mx304_port("et-0/0/16").has_value());
  EXPECT_FALSE(mx304_port("et-1/0/1").has_value());
  EXPECT_FALSE(mx304_port("xe-0/0/1").has_value());
  auto si = mx304_si("si-0/1/3").value();
  EXPECT_EQ(si.lmic, 1);
  EXPECT_EQ(si.pfe, 1);
  EXPECT_EQ(si.si_number, 3);
  EXPECT_FALSE(mx304_si("si-0/1/4").has_value());
}

TEST(RouterPlan, BlogPe1) {
  const auto pe1 = junos::commit_config_file(kDir + "PE1.conf").value();
  const auto pe2 = junos::commit_config_file(kDir + "PE2.conf").value();
  std::mt19937_64 rng(1);
  const auto negotiation = negotiate({{"PE1", &pe1}, {"PE2", &pe2}}, rng);
  Rib rib;
  add_config_routes(rib, pe1);
  rib.resolve();
  auto plan = plan_router("PE1", pe1, rib, {0, 1, 2}, negotiation);
  ASSERT_TRUE(plan.has_value()) << plan.error();
  ASSERT_EQ(plan->aggregates.size(), 1u);
  EXPECT_EQ(plan->aggregates[0].name, "ae0");
  EXPECT_EQ(plan->aggregates[0].members, (std::vector<std::string>{"et-0/2/3", "et-0/2/4"}));
  ASSERT_EQ(plan->si.size(), 1u);
  EXPECT_EQ(plan->si[0].at.lmic, 1);
  EXPECT_EQ(plan->si[0].at.pfe, 0);
  ASSERT_EQ(plan->service_sets.size(), 1u);
  EXPECT_EQ(plan->service_sets[0].outside_unit, "si-0/1/0.1");
  ASSERT_EQ(plan->tunnels.size(), 1u);
  const auto& t = plan->tunnels[0];
  EXPECT_TRUE(t.up);
  EXPECT_EQ(t.st0_unit, "st0.1");
  EXPECT_EQ(t.service_set, "SS-1");
  EXPECT_EQ(t.peer_device, "PE2");
  EXPECT_EQ(t.outbound.destination.to_string(), "13.10.2.2");
  EXPECT_EQ(t.inbound.destination.to_string(), "13.10.1.1");
  EXPECT_EQ(t.outbound.spi, negotiation.tunnels[0].a_to_b.spi);
  ASSERT_EQ(plan->esp_steering.size(), 1u);
  EXPECT_EQ(plan->esp_steering[0].local_gateway.to_string(), "13.10.1.1");
  EXPECT_EQ(plan->esp_steering[0].outside_unit, "si-0/1/0.1");
  // The CE port sits on LMIC 2 while the anchor is on LMIC 1: the chassis fabric is crossed.
  auto ce = std::find_if(plan->ports.begin(), plan->ports.end(), [](const PlannedPort& p) { return p.name == "et-0/2/10"; });
  ASSERT_NE(ce, plan->ports.end());
  EXPECT_NE(ce->at.lmic, plan->si[0].at.lmic);
  EXPECT_FALSE(plan->routes.empty());
}

TEST(RouterPlan, PortOnAMissingLmicIsAnError) {
  const auto pe1 = junos::commit_config_file(kDir + "PE1.conf").value();
  Rib rib;
  const auto plan = plan_router("PE1", pe1, rib, {0, 1}, NegotiationResult{});
  ASSERT_FALSE(plan.has_value());
  EXPECT_NE(plan.error().find("LMIC 2 is not populated on PE1"), std::string::npos) << plan.error();
  EXPECT_NE(plan.error().find("PE1.conf:"), std::string::npos) << plan.error();
}

// packet-encapsulation (TechLibrary [T]): each side's SAs carry ESP in UDP
// to its configured port, the source port left to the flow hash (0). It is
// not negotiated: with it on PE1 only, PE1 seals in UDP and expects UDP, PE2
// seals plain ESP and expects plain ESP, so each drops the other's packets
// (kEspUdpHeaderMissing at PE1, Bad headers at PE2).
TEST(RouterPlan, PacketEncapsulationProgramsEachSideByItsOwnConfiguration) {
  const std::string udp_dir = std::string(TRIO6SIM_SCENARIOS_DIR) + "/configs/blog-udp-encap/";
  const auto pe1 = junos::commit_config_file(udp_dir + "PE1.conf").value();
  const auto pe2_udp = junos::commit_config_file(udp_dir + "PE2.conf").value();
  const auto pe2_plain = junos::commit_config_file(kDir + "PE2.conf").value();
  auto tunnel_of = [&](const junos::DeviceConfig& pe2, const std::string& device) {
    std::mt19937_64 rng(1);
    const auto negotiation = negotiate({{"PE1", &pe1}, {"PE2", &pe2}}, rng);
    Rib rib;
    add_config_routes(rib, device == "PE1" ? pe1 : pe2);
    rib.resolve();
    auto plan = plan_router(device, device == "PE1" ? pe1 : pe2, rib, {0, 1, 2}, negotiation);
    EXPECT_TRUE(plan.has_value()) << plan.error();
    EXPECT_EQ(plan->tunnels.size(), 1u);
    return plan->tunnels.at(0);
  };
  const crypto::UdpEncapsulation to_4600{0, 4600};
  auto is = [](const std::optional<crypto::UdpEncapsulation>& u, std::optional<crypto::UdpEncapsulation> want) {
    return u.has_value() == want.has_value() &&
           (!u || (u->source_port == want->source_port && u->destination_port == want->destination_port));
  };
  for (const std::string device : {"PE1", "PE2"}) {
    const auto t = tunnel_of(pe2_udp, device);
    EXPECT_TRUE(is(t.outbound.udp_encap, to_4600)) << device;
    EXPECT_TRUE(is(t.inbound.udp_encap, to_4600)) << device;
  }
  const auto a = tunnel_of(pe2_plain, "PE1"), b = tunnel_of(pe2_plain, "PE2");
  EXPECT_TRUE(is(a.outbound.udp_encap, to_4600));
  EXPECT_TRUE(is(a.inbound.udp_encap, to_4600));
  EXPECT_TRUE(is(b.outbound.udp_encap, std::nullopt));
  EXPECT_TRUE(is(b.inbound.udp_encap, std::nullopt));
}

}  // namespace
}  // namespace trio6sim::control
