// The blog's PE1 (scenarios/blog-global-v4v6.yaml) built on an MX304's three
// chips: its CE port and ae0 members on LMIC 2, si-0/1/0 and st0.1 on LMIC 1
// (the anchor), remote interfaces for them on the other chips, the FIB on
// every chip, ESP to the local gateway steered to the outside si unit, and
// the tunnel's SAs on the anchor chip once IKE completes.
#include <gtest/gtest.h>

#include <random>

#include "control/ike_negotiation.h"
#include "control/learned_routes.h"
#include "control/rib.h"
#include "control/router_plan.h"
#include "junos/commit_check.h"
#include "models/forwarding_table.h"
#include "models/simulation.h"
#include "run/device_builder.h"
#include "scenario/scenario_loader.h"

namespace trio6sim::run {
namespace {

using models::InterfaceKind;
using models::NextHopKind;

const std::string kSource = TRIO6SIM_SOURCE_DIR;

class BlogPe1 : public ::testing::Test {
 protected:
  void SetUp() override {
    auto spec = scenario::load_scenario(kSource + "/scenarios/blog-global-v4v6.yaml");
    ASSERT_TRUE(spec.has_value()) << spec.error();
    const std::string dir = kSource + "/scenarios/configs/blog-global-v4v6/";
    auto pe1 = junos::commit_config_file(dir + "PE1.conf");
    auto pe2 = junos::commit_config_file(dir + "PE2.conf");
    ASSERT_TRUE(pe1.has_value()) << pe1.error();
    ASSERT_TRUE(pe2.has_value()) << pe2.error();
    pe1_ = std::move(*pe1);
    pe2_ = std::move(*pe2);
    std::mt19937_64 rng(1);
    negotiation_ = control::negotiate({{"PE1", &pe1_}, {"PE2", &pe2_}}, rng);
    control::add_config_routes(rib_, pe1_);
    EXPECT_GT(control::add_learned_routes(rib_, "PE1", spec->learned_routes), 0u);
    rib_.resolve();
    auto plan = control::plan_router("PE1", pe1_, rib_, {0, 1, 2}, negotiation_);
    ASSERT_TRUE(plan.has_value()) << plan.error();
    plan_ = std::move(*plan);
    models::fresh_simulation_context();
    auto d = build_device(plan_, pe1_, {17}, models::Trio6Params{});
    ASSERT_TRUE(d.has_value()) << d.error();
    device_ = std::move(*d);
    lmic1_ = device_.router->chip_index(0, 1);
    lmic2_ = device_.router->chip_index(0, 2);
  }

  const models::Interface& named(int chip, const std::string& name) {
    auto ifl = device_.router->chip(chip).find_interface(name);
    EXPECT_TRUE(ifl.has_value()) << name << " on chip " << chip;
    static const models::Interface none{"(none)"};
    return ifl ? device_.router->chip(chip).interface(*ifl) : none;
  }

  const models::NextHop* lookup(int chip, const std::string& address) {
    const auto a = IpAddress::parse(address).value();
    const auto& fib = device_.router->chip(chip).forwarding();
    return a.is_v4() ? fib.ipv4.lookup(a.data()) : fib.ipv6.lookup(a.data());
  }

  junos::DeviceConfig pe1_, pe2_;
  control::NegotiationResult negotiation_;
  control::Rib rib_;
  control::RouterPlan plan_;
  DeviceModel device_;
  int lmic1_ = -1, lmic2_ = -1;
};

TEST_F(BlogPe1, CePortOnLmic2AndRemoteElsewhere) {
  ASSERT_EQ(device_.router->chip_count(), 3u);
  const auto& port = device_.ports.at("et-0/2/10");
  EXPECT_EQ(port.lmic, 2);
  EXPECT_EQ(port.chip, lmic2_);
  EXPECT_EQ(port.port, 10);
  const auto& local = named(lmic2_, "et-0/2/10");
  EXPECT_EQ(local.kind, InterfaceKind::kPhysical);
  EXPECT_EQ(local.port, 10);
  for (int c = 0; c < 3; ++c) {
    if (c == lmic2_) continue;
    const auto& remote = named(c, "et-0/2/10");
    EXPECT_EQ(remote.kind, InterfaceKind::kRemote) << c;
    EXPECT_EQ(remote.remote_chip, lmic2_) << c;
    EXPECT_EQ(remote.remote_ifl, *device_.router->chip(lmic2_).find_interface("et-0/2/10")) << c;
  }
  // Its unit's counters are the port's.
  const auto* unit = device_.places("et-0/2/10.0");
  ASSERT_NE(unit, nullptr);
  ASSERT_EQ(unit->size(), 1u);
  EXPECT_EQ((*unit)[0].chip, lmic2_);
}

TEST_F(BlogPe1, Ae0Members) {
  for (const char* m : {"et-0/2/3", "et-0/2/4"}) {
    EXPECT_EQ(device_.ports.at(m).chip, lmic2_) << m;
    EXPECT_EQ(named(lmic2_, m).kind, InterfaceKind::kPhysical) << m;
  }
  for (int c = 0; c < 3; ++c) {
    const auto& ae0 = named(c, "ae0");
    EXPECT_EQ(ae0.kind, InterfaceKind::kAggregate) << c;
    ASSERT_EQ(ae0.members.size(), 2u) << c;
    const auto& chip = device_.router->chip(c);
    EXPECT_EQ(ae0.members[0], *chip.find_interface("et-0/2/3")) << c;
    EXPECT_EQ(ae0.members[1], *chip.find_interface("et-0/2/4")) << c;
    for (auto m : ae0.members)
      EXPECT_EQ(chip.interface(m).kind, c == lmic2_ ? InterfaceKind::kPhysical : InterfaceKind::kRemote) << c;
  }
  // ae0 and ae0.0 count on every chip (traffic may enter ae0 from any chip).
  ASSERT_NE(device_.places("ae0.0"), nullptr);
  EXPECT_EQ(device_.places("ae0.0")->size(), 3u);
}

TEST_F(BlogPe1, SiUnitsAndSt0OnLmic1) {
  for (const char* unit : {"si-0/1/0.0", "si-0/1/0.1"}) {
    const auto* p = device_.places(unit);
    ASSERT_NE(p, nullptr) << unit;
    ASSERT_EQ(p->size(), 1u);
    EXPECT_EQ((*p)[0].chip, lmic1_) << unit;
    EXPECT_EQ(device_.router->chip(lmic1_).interface((*p)[0].ifl).kind, InterfaceKind::kSi) << unit;
  }
  EXPECT_EQ(device_.router->chip(lmic1_).interface(device_.places("si-0/1/0.1")->at(0).ifl).si_unit, 1);
  const auto* st0 = device_.places("st0.1");
  ASSERT_NE(st0, nullptr);
  ASSERT_EQ(st0->size(), 1u);
  EXPECT_EQ((*st0)[0].chip, lmic1_);
  const auto& local = device_.router->chip(lmic1_).interface((*st0)[0].ifl);
  EXPECT_EQ(local.kind, InterfaceKind::kSt0);
  EXPECT_EQ(local.st0_unit, 1u);
  for (int c = 0; c < 3; ++c) {
    if (c == lmic1_) continue;
    const auto& remote = named(c, "st0.1");
    EXPECT_EQ(remote.kind, InterfaceKind::kRemote) << c;
    EXPECT_EQ(remote.remote_chip, lmic1_) << c;
    EXPECT_EQ(remote.remote_ifl, (*st0)[0].ifl) << c;
  }
  ASSERT_EQ(device_.tunnels.size(), 1u);
  EXPECT_EQ(device_.tunnels[0].chip, lmic1_);
  EXPECT_EQ(device_.tunnels[0].st0_ifl, (*st0)[0].ifl);
}

TEST_F(BlogPe1, RoutesOnTheCeChip) {
  // PE2's CE prefix resolves through st0.1, anchored on LMIC 1: from the CE
  // port's chip it goes to the remote st0 unit.
  const auto* nh = lookup(lmic2_, "60.1.1.1");
  ASSERT_NE(nh, nullptr);
  EXPECT_EQ(nh->kind, NextHopKind::kSt0);
  const auto& chip2 = device_.router->chip(lmic2_);
  EXPECT_EQ(nh->ifl, *chip2.find_interface("st0.1"));
  EXPECT_EQ(chip2.interface(nh->ifl).kind, InterfaceKind::kRemote);
  // On the anchor chip the same prefix is the local st0 unit.
  const auto* anchor = lookup(lmic1_, "60.1.1.1");
  ASSERT_NE(anchor, nullptr);
  EXPECT_EQ(anchor->kind, NextHopKind::kSt0);
  EXPECT_EQ(device_.router->chip(lmic1_).interface(anchor->ifl).kind, InterfaceKind::kSt0);
  // The IPv6 CE prefixes too (6PE: label 17 pushed before encryption).
  const auto* v6 = lookup(lmic2_, "3000:60:1:1::1");
  ASSERT_NE(v6, nullptr);
  EXPECT_EQ(v6->kind, NextHopKind::kSt0);
  EXPECT_EQ(v6->mpls_label, 17u);
  // ESP to the local gateway goes to the outside si unit, on every chip.
  // (The anchor chip names its own si units si-F/P/N.U; the others hold
  // them as remote interfaces by their Junos names.)
  const models::IfIndex outside = device_.places("si-0/1/0.1")->at(0).ifl;
  for (int c = 0; c < 3; ++c) {
    const auto* esp = lookup(c, "13.10.1.1");
    ASSERT_NE(esp, nullptr) << c;
    EXPECT_EQ(esp->kind, NextHopKind::kSiOutside) << c;
    if (c == lmic1_) {
      EXPECT_EQ(esp->ifl, outside);
    } else {
      const auto& remote = named(c, "si-0/1/0.1");
      EXPECT_EQ(remote.kind, InterfaceKind::kRemote) << c;
      EXPECT_EQ(remote.remote_ifl, outside) << c;
      EXPECT_EQ(esp->ifl, device_.router->chip(c).find_interface("si-0/1/0.1").value_or(0)) << c;
    }
  }
}

TEST_F(BlogPe1, InstallTunnelsPutsTwoSasOnTheAnchor) {
  for (int c = 0; c < 3; ++c) EXPECT_EQ(device_.router->chip(c).sa_count(), 0u) << c;
  install_tunnels(device_);
  EXPECT_EQ(device_.router->chip(lmic1_).sa_count(), 2u);
  for (int c = 0; c < 3; ++c)
    if (c != lmic1_) {
      EXPECT_EQ(device_.router->chip(c).sa_count(), 0u) << c;
    }
  const auto& t = device_.tunnels.at(0);
  ASSERT_TRUE(t.outbound_sa.has_value());
  ASSERT_TRUE(t.inbound_sa.has_value());
  EXPECT_NE(*t.outbound_sa, *t.inbound_sa);
  const auto* bound = device_.router->chip(lmic1_).forwarding().tunnel(t.st0_ifl);
  ASSERT_NE(bound, nullptr);
  EXPECT_EQ(bound->outbound_sa, t.outbound_sa);
  EXPECT_EQ(bound->inbound_sa, t.inbound_sa);
}

}  // namespace
}  // namespace trio6sim::run
