// The Junos formatters against the blog's own output (golden.h), line for
// line. Lines are compared without trailing spaces: the web copy of the blog
// keeps some and drops others.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "golden.h"
#include "show/pipes.h"
#include "show/show_bgp.h"
#include "show/show_interfaces.h"
#include "show/show_ipsec.h"
#include "show/show_mac_vrf.h"
#include "show/show_route.h"

namespace trio6sim::show {
namespace {

std::vector<std::string> trimmed_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out.push_back(line);
  }
  return out;
}

void expect_same(const std::string& got, const char* golden) {
  EXPECT_EQ(trimmed_lines(got), trimmed_lines(golden)) << "got:\n" << got << "expected:\n" << golden;
}

TEST(ShowIpsec, StatisticsMatchTheBlogPe1) {
  crypto::IpsecStatistics s;
  s.encrypted_bytes = 19718998;
  s.encrypted_packets = 39917;
  expect_same(ipsec_statistics(s), golden::kPe1IpsecStatistics);
}

TEST(ShowIpsec, ErrorCountersAppearInTheirPlaces) {
  crypto::IpsecStatistics s;
  s.replay_errors = 1;
  s.esp_authentication_failures = 2;
  s.esp_decryption_failures = 3;
  s.bad_headers = 4;
  s.bad_trailers = 5;
  const std::string out = ipsec_statistics(s);
  EXPECT_NE(out.find("  AH authentication failures: 0, Replay errors: 1\n"), std::string::npos);
  EXPECT_NE(out.find("  ESP authentication failures: 2, ESP decryption failures: 3\n"), std::string::npos);
  EXPECT_NE(out.find("  Bad headers: 4, Bad trailers: 5\n"), std::string::npos);
}

TEST(ShowIpsec, IkeSecurityAssociationsMatchTheBlog) {
  expect_same(ike_security_associations({{75, true, 0xe0b71d9e1c29c324ull, 0x1ace68c4dcfa427bull, "13.10.2.2"}}),
              golden::kPe1IkeSas);
}

IpsecTunnelView blog_tunnel() {
  IpsecTunnelView t;
  t.id = 500011;
  t.vpn_name = "ipsec_vpn";
  t.local_gateway = "13.10.1.1";
  t.remote_gateway = "13.10.2.2";
  t.key_bits = 256;
  t.copy_outer_dscp = true;
  t.bind_interface = "st0.1";
  t.policy_name = "ipsec_policy";
  t.fpc = 0;
  t.pic = 1;
  t.distribution_profile = "si-0/1/0";
  t.replay_window = 4096;
  t.esn = true;
  t.ike_sa_index = 75;
  t.inbound = {0x6d0c6331, 1222, 12};
  t.outbound = {0xe1ed7345, 1222, 12};
  return t;
}

TEST(ShowIpsec, IpsecSecurityAssociationsMatchTheBlog) {
  expect_same(ipsec_security_associations({blog_tunnel()}), golden::kPe1IpsecSas);
}

TEST(ShowIpsec, DetailMatchesTheBlogsShape) {
  auto t = blog_tunnel();
  t.inbound = {0x3160cdce, 715, 12};
  const auto got = trimmed_lines(ipsec_security_associations_detail({t}));
  const auto head = trimmed_lines(golden::kPe1DetailHead);
  ASSERT_GE(got.size(), head.size());
  // The head, up to the tunnel events (whose history the simulation has its own of).
  for (std::size_t i = 0; i < head.size() && head[i] != "  Tunnel events:"; ++i) EXPECT_EQ(got[i], head[i]);
  const auto inbound = trimmed_lines(golden::kPe1DetailInbound);
  auto at = std::find(got.begin(), got.end(), inbound.front());
  ASSERT_NE(at, got.end());
  for (std::size_t i = 0; i < inbound.size(); ++i) EXPECT_EQ(*(at + static_cast<long>(i)), inbound[i]);
}

InterfaceTraffic rates(uint64_t in, uint64_t out, uint64_t in_pps, uint64_t out_pps) {
  InterfaceTraffic t;
  t.input_packets = in;
  t.output_packets = out;
  t.input_pps = in_pps;
  t.output_pps = out_pps;
  t.input_bytes = in * 100;
  t.output_bytes = out * 100;
  t.input_bps = in_pps * 800;
  t.output_bps = out_pps * 800;
  return t;
}

std::string match_pps(const std::string& text) {
  auto p = parse_pipes("show interfaces | match pps");
  EXPECT_TRUE(p.has_value());
  return apply_pipes(text, p->pipes);
}

ExtensiveLogical unit(const char* name, ExtensiveKind kind, const InterfaceTraffic& t) {
  ExtensiveLogical l;
  l.name = name;
  l.kind = kind;
  l.index = 345;
  l.snmp_index = 560;
  l.generation = 152;
  l.traffic = t;
  l.families = {{"inet", {"13.11.1.1/24"}, 1500}, {"inet6", {}, 1500}};
  return l;
}

// The blog's `show interfaces extensive IFL | match pps` lines are the rate
// lines of the full extensive output, through the generic pipe.
TEST(ShowInterfaces, LogicalUnitsThroughMatchPpsGiveTheBlogsLines) {
  const auto et = unit("et-0/2/10.0", ExtensiveKind::kEthernet, rates(160002, 0, 10000, 0));
  expect_same(match_pps(interfaces_extensive(et)), golden::kPe1Et0210);
  const auto si = unit("si-0/1/0.0", ExtensiveKind::kServices, rates(4900014, 0, 10004, 0));
  expect_same(match_pps(interfaces_extensive(si)), golden::kPe1Si0);
  expect_same(match_pps(interfaces_extensive(
                  unit("st0.1", ExtensiveKind::kSecureTunnel, rates(264495210, 1955, 10005, 0)))),
              golden::kPe2St0);
}

TEST(ShowInterfaces, AggregateThroughMatchPpsGivesTheBlogsLines) {
  ExtensivePhysical ae;
  ae.name = "ae0";
  ae.kind = ExtensiveKind::kAggregate;
  ae.speed = "200Gbps";
  ae.traffic = rates(1530, 5421597, 2, 10006);
  auto u = unit("ae0.0", ExtensiveKind::kAggregate, rates(1530, 5421597, 2, 10006));
  u.members = {{"et-0/2/3.0", rates(700, 2710000, 1, 5003)}, {"et-0/2/4.0", rates(830, 2711597, 1, 5003)}};
  ae.units = {u};
  const std::string out = interfaces_extensive(ae);
  expect_same(match_pps(out), golden::kPe1Ae0);
  // The bundle's table [X]: "Input :  packets  pps  bytes  bps".
  EXPECT_NE(out.find("    Bundle:\n        Input :          1530          2        153000         1600\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    Link:\n      et-0/2/3.0\n"), std::string::npos) << out;
  EXPECT_NE(out.find("    Aggregate member links: 2\n"), std::string::npos) << out;
}

TEST(ShowInterfaces, BundleMemberPrintsItsLinkInTheTableForm) {
  ExtensivePhysical et;
  et.name = "et-0/2/3";
  et.kind = ExtensiveKind::kBundleMember;
  et.speed = "100Gbps";
  et.traffic = rates(10, 20, 1, 2);
  ExtensiveLogical l = unit("et-0/2/3.0", ExtensiveKind::kBundleMember, et.traffic);
  l.bundle = "ae0.0";
  et.units = {l};
  const std::string pps = match_pps(interfaces_extensive(et));
  EXPECT_EQ(pps,
            "   Input  packets:                   10                    1 pps\n"
            "   Output packets:                   20                    2 pps\n"
            "   Input  packets:                    0                    0 pps\n"
            "    Statistics        Packets        pps         Bytes          bps\n");
  EXPECT_NE(interfaces_extensive(et).find("    Protocol aenet, AE bundle: ae0.0\n"), std::string::npos);
}

TEST(ShowInterfaces, ExtensiveLogicalGolden) {
  auto st0 = unit("st0.1", ExtensiveKind::kSecureTunnel, rates(1252, 169943767, 0, 10001));
  st0.families = {{"inet", {}, 9192}};
  expect_same(interfaces_extensive(st0), golden::kSt0ExtensiveModel);
}

TEST(ShowInterfaces, ExtensivePhysicalSections) {
  ExtensivePhysical st0;
  st0.name = "st0";
  st0.kind = ExtensiveKind::kSecureTunnel;
  st0.traffic = rates(5, 6, 0, 0);
  const std::string out = interfaces_extensive(st0);
  EXPECT_EQ(out.rfind("Physical interface: st0, Enabled, Physical link is Up\n", 0), 0u) << out;
  EXPECT_NE(out.find("  Type: Secure-Tunnel, Link-level type: Secure-Tunnel, MTU: 9192, Speed: Unlimited\n"),
            std::string::npos);
  EXPECT_NE(out.find("  Traffic statistics:\n   Input  bytes  :                  500                    0 bps\n"),
            std::string::npos)
      << out;
  // Tunnels have no ports: no LSI block, no MAC address.
  EXPECT_EQ(out.find("Label-switched"), std::string::npos);
  EXPECT_EQ(out.find("Current address"), std::string::npos);
}

TEST(ShowInterfaces, TerseMatchesTheBlogsSiAndSt0Lines) {
  const std::string out = interfaces_terse({{"st0", true, true, {}}, {"st0.1", true, true, {{"inet", {}}}}});
  EXPECT_EQ(trimmed_lines(out),
            (std::vector<std::string>{"Interface               Admin Link Proto    Local                 Remote",
                                      "st0                     up    up", "st0.1                   up    up   inet"}));
  const std::string lo = interfaces_terse({{"lo0.0", true, true, {{"inet", {"12.1.1.1"}}, {"inet6", {"2002:12:1:1::1"}}}}});
  EXPECT_NE(lo.find("lo0.0                   up    up   inet     12.1.1.1\n"), std::string::npos);
  EXPECT_NE(lo.find("\n                                   inet6    2002:12:1:1::1\n"), std::string::npos);
}

TEST(ShowIpsec, SecurityAssociationsKeepTheirColumnsAtThousands) {
  // The blog's scale output: two spaces after a four-digit total, and SA
  // lines whose gateway column is 16 wide.
  std::vector<IpsecTunnelView> many(2000, blog_tunnel());
  many[0].id = 508816;
  many[0].remote_gateway = "173.8.209.1";
  many[0].inbound = {0x78cb23e5, 799, 700};
  many[0].outbound = {0x8d71f1b3, 799, 700};
  const std::string out = ipsec_security_associations(many);
  EXPECT_EQ(out.rfind("  Total active tunnels: 2000  Total IPsec sas: 2000\n", 0), 0u) << out.substr(0, 200);
  EXPECT_NE(out.find("\n  <508816 ESP:aes-gcm-256/aes256-gcm 0x78cb23e5 799/ unlim - root 500 173.8.209.1     \n"
                     "  >508816 ESP:aes-gcm-256/aes256-gcm 0x8d71f1b3 799/ unlim - root 500 173.8.209.1     \n"),
            std::string::npos);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2 + 2 * 2000);
}

TEST(ShowIpsec, IkeSasAtThousandsCountThroughMatchUp) {
  std::vector<IkeSaView> sas;
  for (uint32_t i = 0; i < 2000; ++i) sas.push_back({5000000 + i, true, 0x1234 + i, 0x5678 + i, "173.1.0.1"});
  const auto p = parse_pipes("show security ike security-associations |match UP | count");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(apply_pipes(ike_security_associations(sas), p->pipes), "Count: 2000 lines\n");
}

}  // namespace
}  // namespace trio6sim::show

namespace trio6sim::show {
namespace {

TEST(ShowRoute, StaticOverIsisMatchesTheBlog) {
  RouteView r{"12.1.1.2/32",
              {{"Static", 5, true, 2 * 3600 + 29 * 60 + 23, std::nullopt, std::nullopt, "", "", {"via st0.1"}},
               {"IS-IS", 18, false, 2 * 3600 + 29 * 60 + 26, 20, std::nullopt, "", "", {"to 13.10.1.2 via ae0.0"}}}};
  expect_same(route({"inet.0", 227, 228, 227}, {r}), golden::kPe1Route12);
}

TEST(ShowRoute, BgpRoutesMatchTheBlog) {
  RouteView v4{"60.1.1.0/24", {{"BGP", 170, true, 2 * 3600 + 28 * 60 + 19, std::nullopt, 100, "12.1.1.2", "20002 I", {"via st0.1"}}}};
  expect_same(route({"inet.0", 227, 228, 227}, {v4}), golden::kPe1Route60);
  RouteView v6{"3000:60:1:1::/64",
               {{"BGP", 170, true, 3 * 86400 + 16 * 3600 + 31 * 60 + 6, std::nullopt, 100, "12.1.1.2", "20002 I",
                 {"via st0.1, Push 17"}}}};
  expect_same(route({"inet6.0", 209, 209, 209}, {v6}), golden::kPe1Route3000);
}

}  // namespace
}  // namespace trio6sim::show

#include "show/show_route_extensive.h"

namespace trio6sim::show {
namespace {

// The golden text without the blog lines (by number) that show rpd and kernel
// internals the formatter never prints (listed in show_route_extensive.h).
std::vector<std::string> golden_without(const char* golden, int first_line, std::vector<int> omitted) {
  std::vector<std::string> out;
  const auto lines = trimmed_lines(golden);
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (std::find(omitted.begin(), omitted.end(), first_line + static_cast<int>(i)) == omitted.end())
      out.push_back(lines[i]);
  return out;
}

std::vector<int> range(int first, int last) {
  std::vector<int> v;
  for (int i = first; i <= last; ++i) v.push_back(i);
  return v;
}

std::vector<int> concat(std::vector<int> a, const std::vector<int>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The blog's PE1 BGP route, with the values the blog shows for the fields the
// model leaves empty (next hop index, TSP index, the peer's router ID), so
// every line the formatter prints is checked against the blog.
RouteExtensiveEntry blog_bgp_entry(const std::string& pnh, std::optional<uint32_t> label, uint32_t nh_index,
                                   uint32_t tsp_index, uint64_t age_s, const char* resolving, const char* table) {
  RouteExtensiveEntry e;
  e.protocol = "BGP";
  e.preference = 170;
  e.active = true;
  e.age_s = age_s;
  e.next_hops = {{"Router", "via st0.1", label, nh_index}};
  e.local_as = 64512;
  e.internal = true;
  e.source = "12.1.1.2";
  e.peer_as = 64512;
  e.localpref = 100;
  e.as_path = "20002 I";
  e.router_id = "100.1.1.1";
  e.protocol_next_hop = ProtocolNextHopView{pnh, label, tsp_index, resolving, table, 0, {"via st0.1"}};
  return e;
}

TEST(ShowRouteExtensive, BgpRouteOverTheTunnelMatchesTheBlog) {
  const RouteExtensiveView v{"60.1.2.0/24", {blog_bgp_entry("12.1.1.2", std::nullopt, 577, 4, 2 * 3600 + 29 * 60 + 24,
                                                            "12.1.1.2/32", "inet.0")}};
  // 859-869 TSI, 872-873 address and refcount, 878/898/905 Session Id,
  // 880/894 Indirect next hop, 886 Announcement bits, 900-901 node internals.
  const auto expected = golden_without(golden::kPe1Route60Extensive, 857,
                                       concat(range(859, 869), {872, 873, 878, 880, 886, 894, 898, 900, 901, 905}));
  EXPECT_EQ(trimmed_lines(route_extensive({"inet.0", 227, 228, 227}, v)), expected);
}

TEST(ShowRouteExtensive, LabeledIpv6RouteMatchesTheBlog) {
  const RouteExtensiveView v{
      "3000:60:1:1::/64", {blog_bgp_entry("::ffff:12.1.1.2", 17, 606, 3, 3 * 86400 + 16 * 3600 + 31 * 60 + 10,
                                          "::ffff:12.1.1.2/128", "inet6.0")}};
  // As for IPv4, plus 949-953 the label element's pointers and counts.
  const auto expected = golden_without(
      golden::kPe1Route3000Extensive, 925,
      concat(concat(range(927, 937), range(949, 953)), {940, 941, 954, 959, 965, 977, 981, 983, 984, 988}));
  EXPECT_EQ(trimmed_lines(route_extensive({"inet6.0", 209, 209, 209}, v)), expected);
}

TEST(ShowRouteExtensive, UnknownFieldsLeaveTheirPartOut) {
  auto e = blog_bgp_entry("12.1.1.2", std::nullopt, 0, 0, 0, "12.1.1.2/32", "inet.0");
  e.next_hops[0].index.reset();
  e.protocol_next_hop->tsp_index.reset();
  e.router_id.clear();
  const std::string out = route_extensive({"inet.0", 1, 1, 1}, {"60.1.2.0/24", {e}});
  EXPECT_NE(out.find("\n                Next hop type: Router\n                Next hop: via st0.1, selected\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Protocol next hop: 12.1.1.2 ResolvState: Resolved\n"), std::string::npos);
  EXPECT_EQ(out.find("Router ID"), std::string::npos);
}

TEST(ShowRouteExtensive, StaticOverIsisShowsTheInactiveOne) {
  RouteExtensiveEntry st{"Static", 5, true, 61, std::nullopt, {{"Router", "via st0.1", std::nullopt, std::nullopt}}, 64512};
  RouteExtensiveEntry isis{"IS-IS", 18, false, 7, 20, {{"Router", "to 13.10.1.2 via ae0.0", std::nullopt, std::nullopt}},
                           64512};
  const std::string out = route_extensive({"inet.0", 1, 2, 1}, {"12.1.1.2/32", {st, isis}});
  EXPECT_NE(out.find("12.1.1.2/32 (2 entries, 1 announced)\n        *Static Preference: 5\n"
                     "                Next hop type: Router\n                Kernel Table Id: 0\n"
                     "                Next hop: via st0.1, selected\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("                State: <Active Int>\n                Local AS: 64512\n"
                     "                Age: 1:01\n                Validation State: unverified \n"
                     "                Task: RT\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("         IS-IS  Preference: 18\n"), std::string::npos);
  EXPECT_NE(out.find("                Next hop: to 13.10.1.2 via ae0.0, selected\n"
                     "                State: <Int>\n                Inactive reason: Route Preference\n"),
            std::string::npos);
  EXPECT_NE(out.find("                Age: 7  Metric: 20 \n                Validation State: unverified \n"
                     "                Task: IS-IS\n"),
            std::string::npos);
}

TEST(ShowRouteExtensive, AgesAsJunosPrintsThem) {
  EXPECT_EQ(route_age_extensive(2 * 3600 + 29 * 60 + 24), "2:29:24");
  EXPECT_EQ(route_age_extensive(3 * 86400 + 16 * 3600 + 31 * 60 + 10), "3d 16:31:10");
  EXPECT_EQ(route_age_extensive(14 * 60 + 5), "14:05");
  EXPECT_EQ(route_age_extensive(7), "7");
}

// The blog's PE1 database [I] (seed lines 1786-1795), from the same values:
// the layout line for line.
TEST(ShowMacVrf, RoutingDatabaseMatchesTheBlogLayout) {
  const std::vector<MacVrfDatabaseEntry> entries = {
      {10010, "00:00:5e:00:01:01", "05:00:00:fc:00:00:00:27:1a:00", "Nov 27 20:54:39", "13.11.1.254"},
      {10010, "00:11:01:00:00:01", "et-0/2/10.10", "Nov 27 20:52:40", ""},
      {10010, "00:12:01:00:00:01", "12.1.1.2", "Nov 27 20:54:39", ""},
      {10020, "d4:99:6c:92:48:fc", "irb.20", "Nov 27 20:52:40", "13.11.2.1"},
  };
  EXPECT_EQ(mac_vrf_routing_database("evpn_vxlan_1", entries),
            "Instance: evpn_vxlan_1\n"
            "VLAN  DomainId  MAC address        Active source                  Timestamp        IP address\n"
            "     10010      00:00:5e:00:01:01  05:00:00:fc:00:00:00:27:1a:00  Nov 27 20:54:39  13.11.1.254\n"
            "     10010      00:11:01:00:00:01  et-0/2/10.10                   Nov 27 20:52:40\n"
            "     10010      00:12:01:00:00:01  12.1.1.2                       Nov 27 20:54:39\n"
            "     10020      d4:99:6c:92:48:fc  irb.20                         Nov 27 20:52:40  13.11.2.1\n");
}

// The blog's PE1 mac-ip-table [I] (seed lines 1796-1819), from its values:
// the layout line for line, a legend per bridge domain.
TEST(ShowMacVrf, MacIpTableMatchesTheBlogLayout) {
  const std::vector<MacIpTableDomain> domains = {
      {"evpn_vxlan_1", "V_10",
       {{"13.11.1.254", "00:00:5e:00:01:01", "S,K", "irb.10", ""},
        {"13.11.1.2", "a4:7f:1b:ce:2a:91", "SR,K,RT", "vtep.32769", "12.1.1.2"},
        {"13.11.1.1", "d4:99:6c:92:48:fc", "S,K", "irb.10", ""}}},
      {"evpn_vxlan_1", "V_20",
       {{"13.11.2.254", "00:00:5e:00:01:01", "S,K", "irb.20", ""},
        {"13.11.2.2", "a4:7f:1b:ce:2a:91", "SR,K,RT", "vtep.32769", "12.1.1.2"},
        {"13.11.2.1", "d4:99:6c:92:48:fc", "S,K", "irb.20", ""}}},
  };
  expect_same(mac_vrf_mac_ip_table(domains), golden::kPe1MacIpTable);
}

// The blog's PE1 `show bgp summary` [I] (seed lines 1770-1780), from its
// values: 13 EVPN paths from 12.1.1.2, the unsimulated counters given.
TEST(ShowBgp, SummaryMatchesTheBlogLayout) {
  BgpSummary s;
  s.groups = 1;
  s.tables.push_back({"bgp.evpn.0", 13, 13, 0, 0, 0, 0});
  BgpPeer p;
  p.address = "12.1.1.2";
  p.as = 64512;
  p.in_packets = 3041;
  p.out_packets = 3047;
  p.last_up_down_seconds = 22 * 3600 + 39 * 60 + 39;
  p.ribs = {{"bgp.evpn.0", 13, 13, 13, 0}, {"evpn_vxlan_1.evpn.0", 13, 13, 13, 0}, {"__default_evpn__.evpn.0", 0, 0, 0, 0}};
  s.peers.push_back(p);
  expect_same(bgp_summary(s), golden::kPe1BgpSummary);
  // A peer not established counts as down.
  s.peers[0].state = "Active";
  EXPECT_NE(bgp_summary(s).find("Groups: 1 Peers: 1 Down peers: 1\n"), std::string::npos);
}

TEST(ShowBgp, LastUpDownAsJunosPrintsIt) {
  EXPECT_EQ(bgp_last_up_down(0), "0");
  EXPECT_EQ(bgp_last_up_down(59), "59");
  EXPECT_EQ(bgp_last_up_down(3 * 60 + 7), "3:07");
  EXPECT_EQ(bgp_last_up_down(22 * 3600 + 39 * 60 + 39), "22:39:39");
  EXPECT_EQ(bgp_last_up_down(2 * 86400 + 3 * 3600 + 4 * 60 + 5), "2d 3:04:05");
}

}  // namespace
}  // namespace trio6sim::show
