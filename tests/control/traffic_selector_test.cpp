// Traffic-selector mode in the control plane, on the ts-mode scenario's
// routers: the peers' selectors mirror each other, so the TS tunnels come up
// with an SA pair per selector beside the P2P tunnel on the same gateway;
// selectors that do not mirror keep the tunnel down with the reason; ARI-TS
// routes appear for the tunnels that came up, at preference 5.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "control/ari_ts_routes.h"
#include "control/ike_negotiation.h"
#include "control/operational.h"
#include "control/router_plan.h"
#include "junos/commit_check.h"

namespace trio6sim::control {
namespace {

const std::string kDir = std::string(TRIO6SIM_SCENARIOS_DIR) + "/configs/ts-mode/";

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

junos::DeviceConfig commit(const std::string& text) {
  auto c = junos::commit_config_text(text, "test.conf");
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error());
  return *c;
}

const Tunnel* tunnel_of(const NegotiationResult& r, const std::string& vpn) {
  for (const auto& t : r.tunnels)
    if (t.a.vpn->name == vpn) return &t;
  return nullptr;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? s : s.replace(at, from.size(), to);
}

TEST(TrafficSelectors, MirroredSelectorsComeUpBesideP2p) {
  const auto r0 = commit(read(kDir + "R0.conf")), r1 = commit(read(kDir + "R1.conf"));
  std::mt19937_64 rng(1);
  const auto r = negotiate({{"R0", &r0}, {"R1", &r1}}, rng);
  ASSERT_EQ(r.tunnels.size(), 3u);
  for (const auto& t : r.tunnels) {
    EXPECT_TRUE(t.up) << t.down_reason;
    EXPECT_EQ(t.a.vpn->name, t.b.vpn->name);  // paired by mode and selectors, not by order alone
  }
  const Tunnel* p2p = tunnel_of(r, "ipsec_vpn");
  ASSERT_TRUE(p2p);
  EXPECT_TRUE(p2p->selectors.empty());
  const Tunnel* v4 = tunnel_of(r, "ipsec_vpn_v4_srv6");
  ASSERT_TRUE(v4);
  ASSERT_EQ(v4->selectors.size(), 1u);
  EXPECT_EQ(v4->selectors[0].a_local.to_string(), "50.1.0.0/16");
  EXPECT_EQ(v4->selectors[0].a_remote.to_string(), "60.1.0.0/16");
  EXPECT_EQ(v4->a_to_b.spi, v4->selectors[0].a_to_b.spi);
  EXPECT_EQ(v4->a_to_b.replay_window, 4096u);
}

TEST(TrafficSelectors, TwoSelectorsNegotiateTwoSaPairs) {
  const std::string ts2 =
      "            traffic-selector ts1b {\n                local-ip 50.2.0.0/16;\n                remote-ip 60.2.0.0/16;\n"
      "            }\n";
  const std::string ts2_mirror =
      "            traffic-selector other-name {\n                local-ip 60.2.0.0/16;\n                remote-ip "
      "50.2.0.0/16;\n            }\n";
  const std::string anchor = "            traffic-selector ts1 {";
  const auto r0 = commit(replace(read(kDir + "R0.conf"), anchor, ts2 + anchor));
  const auto r1 = commit(replace(read(kDir + "R1.conf"), anchor, ts2_mirror + anchor));
  std::mt19937_64 rng(1);
  const auto r = negotiate({{"R0", &r0}, {"R1", &r1}}, rng);
  const Tunnel* v4 = tunnel_of(r, "ipsec_vpn_v4_srv6");
  ASSERT_TRUE(v4);
  ASSERT_TRUE(v4->up) << v4->down_reason;
  ASSERT_EQ(v4->selectors.size(), 2u);
  EXPECT_EQ(v4->selectors[0].name_a, "ts1b");
  EXPECT_EQ(v4->selectors[0].name_b, "other-name");
  EXPECT_NE(v4->selectors[0].a_to_b.spi, v4->selectors[1].a_to_b.spi);
  Rib rib;
  EXPECT_EQ(add_ari_ts_routes(rib, "R1", r, 0), 3u);  // 50.1/16, 50.2/16 and 3000:50:1::/48
  rib.resolve();
  const auto* route = rib.lookup(*IpAddress::parse("50.2.3.4"));
  ASSERT_TRUE(route);
  EXPECT_EQ(route->next_hops.front().interface, "st0.1");
  auto plan = plan_router("R1", r1, rib, {0, 1, 2}, r);
  ASSERT_TRUE(plan.has_value()) << plan.error();
  for (const auto& t : plan->tunnels)
    if (t.vpn == "ipsec_vpn_v4_srv6") {
      ASSERT_EQ(t.selectors.size(), 2u);
      EXPECT_EQ(t.selectors[0].local.to_string(), "60.2.0.0/16");  // R1's side
      EXPECT_EQ(t.selectors[0].inbound.spi, v4->selectors[0].a_to_b.spi);
    }
}

TEST(TrafficSelectors, SelectorsThatDoNotMirrorKeepTheTunnelDown) {
  const auto r0 = commit(read(kDir + "R0.conf"));
  const auto r1 = commit(replace(read(kDir + "R1.conf"), "remote-ip 50.1.0.0/16;", "remote-ip 50.9.0.0/16;"));
  std::mt19937_64 rng(1);
  const auto r = negotiate({{"R0", &r0}, {"R1", &r1}}, rng);
  const Tunnel* v4 = tunnel_of(r, "ipsec_vpn_v4_srv6");
  ASSERT_TRUE(v4);
  EXPECT_FALSE(v4->up);
  EXPECT_NE(v4->down_reason.find("traffic selectors do not match"), std::string::npos) << v4->down_reason;
  EXPECT_NE(v4->down_reason.find("TS_UNACCEPTABLE"), std::string::npos);
  EXPECT_TRUE(v4->selectors.empty());
  // The others still come up, and the down tunnel inserts no route.
  EXPECT_TRUE(tunnel_of(r, "ipsec_vpn_v6_srv6")->up);
  Rib rib;
  EXPECT_EQ(add_ari_ts_routes(rib, "R0", r, 0), 1u);  // only 3000:60:1::/48
}

TEST(TrafficSelectors, OneSideWithoutSelectorsIsAMismatch) {
  // R1's v4 VPN loses its selector: P2P against TS on one gateway.
  std::string r1_text = read(kDir + "R1.conf");
  const std::string ts = "            traffic-selector ts1 {\n                local-ip 60.1.0.0/16;\n                remote-ip "
                         "50.1.0.0/16;\n            }\n";
  r1_text = replace(r1_text, ts, "");
  const auto r0 = commit(read(kDir + "R0.conf")), r1 = commit(r1_text);
  std::mt19937_64 rng(1);
  const auto r = negotiate({{"R0", &r0}, {"R1", &r1}}, rng);
  bool found = false;
  for (const auto& t : r.tunnels)
    if (!t.up) {
      found = true;
      EXPECT_NE(t.down_reason.find("has none and proposes 0.0.0.0/0"), std::string::npos) << t.down_reason;
    }
  EXPECT_TRUE(found);
}

TEST(TrafficSelectors, AriTsRouteInShowRoute) {
  const auto r0 = commit(read(kDir + "R0.conf")), r1 = commit(read(kDir + "R1.conf"));
  std::mt19937_64 rng(1);
  const auto r = negotiate({{"R0", &r0}, {"R1", &r1}}, rng);
  Rib rib;
  add_config_routes(rib, r0);
  const uint64_t ike_ps = 1'000'000'000'000ull;  // 1 s
  EXPECT_EQ(add_ari_ts_routes(rib, "R0", r, ike_ps), 2u);
  rib.resolve();
  const auto* v4 = rib.lookup(*IpAddress::parse("60.1.0.2"));
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->protocol, Protocol::kAriTs);
  EXPECT_EQ(v4->preference, 5);
  auto shown = show_route(rib, "60.1.0.2", 3 * ike_ps);
  ASSERT_TRUE(shown.has_value());
  EXPECT_NE(shown->find("60.1.0.0/16        *[ARI-TS/5] 00:00:02\n                    >  via st0.1\n"),
            std::string::npos)
      << *shown;
  auto v6 = show_route(rib, "3000:60:1::2", 3 * ike_ps);
  ASSERT_TRUE(v6.has_value());
  EXPECT_NE(v6->find("*[ARI-TS/5]"), std::string::npos) << *v6;
  EXPECT_NE(v6->find("via st0.2"), std::string::npos) << *v6;
  // Before IKE completes the route is not there yet.
  auto early = show_route(rib, "60.1.0.2", ike_ps / 2);
  ASSERT_TRUE(early.has_value());
  EXPECT_EQ(early->find("ARI-TS"), std::string::npos) << *early;
}

}  // namespace
}  // namespace trio6sim::control
