// `show route` from PE1's own routing table (configuration + the blog
// scenario's learned routes) gives the blog's route lines; `show interfaces
// terse` lists the configured units.
#include <gtest/gtest.h>

#include "control/learned_routes.h"
#include "control/operational.h"
#include "control/route_views.h"

#include <fmt/core.h>
#include "junos/commit_check.h"
#include "scenario/scenario_loader.h"

namespace trio6sim::control {
namespace {

struct Pe1 {
  scenario::ScenarioSpec spec =
      scenario::load_scenario(std::string(TRIO6SIM_SCENARIOS_DIR) + "/blog-global-v4v6.yaml").value();
  junos::DeviceConfig config = junos::commit_config_file(spec.devices.at(0).config_path).value();
  Rib rib;
  Pe1() {
    add_config_routes(rib, config);
    add_learned_routes(rib, "PE1", spec.learned_routes);
    RibRoute isis;  // the blog's IS-IS route to PE2's loopback, behind the static one
    isis.prefix = {*IpAddress::parse("12.1.1.2"), 32};
    isis.protocol = Protocol::kIsis;
    isis.preference = 18;
    isis.metric = 20;
    isis.next_hops.push_back({"", IpAddress::parse("13.10.1.2"), std::nullopt, false, false});
    rib.add(isis);
    rib.resolve();
  }
};

TEST(Operational, ShowRouteGivesTheBlogsLines) {
  Pe1 pe1;
  const std::string lo = pe1.rib.routes().empty() ? "" : show_route(pe1.rib, "12.1.1.2", 0).value();
  EXPECT_NE(lo.find("12.1.1.2/32        *[Static/5] 00:00:00\n                    >  via st0.1\n"
                    "                    [IS-IS/18] 00:00:00, metric 20\n"
                    "                    >  to 13.10.1.2 via ae0.0\n"),
            std::string::npos)
      << lo;
  const std::string v4 = show_route(pe1.rib, "60.1.1.0", 0).value();
  EXPECT_NE(v4.find("60.1.1.0/24        *[BGP/170] 00:00:00, localpref 100, from 12.1.1.2\n"
                    "                      AS path: 20002 I, validation-state: unverified\n"
                    "                    >  via st0.1\n"),
            std::string::npos)
      << v4;
  const std::string v6 = show_route(pe1.rib, "3000:60:1:1::1", 0).value();
  EXPECT_NE(v6.find("3000:60:1:1::/64   *[BGP/170] 00:00:00, localpref 100, from 12.1.1.2\n"), std::string::npos)
      << v6;
  EXPECT_NE(v6.find(">  via st0.1, Push 17\n"), std::string::npos);
  EXPECT_EQ(v6.substr(0, 8), "inet6.0:");
  EXPECT_FALSE(show_route(pe1.rib, "not-an-address", 0).has_value());
}

TEST(Operational, InterfacesTerseListsUnits) {
  Pe1 pe1;
  const std::string t = show_interfaces_terse(pe1.config);
  EXPECT_NE(t.find("st0.1                   up    up   inet     \n                                   inet6"), std::string::npos) << t;
  EXPECT_NE(t.find("et-0/2/10.0             up    up   inet     13.11.1.1/24\n"), std::string::npos) << t;
  EXPECT_NE(t.find("si-0/1/0                up    up\n"), std::string::npos) << t;
}

}  // namespace
}  // namespace trio6sim::control

namespace trio6sim::control {
namespace {

TEST(Operational, IkeAndIpsecSecurityAssociationsOfTheBlogTunnel) {
  const std::string dir = std::string(TRIO6SIM_SCENARIOS_DIR) + "/configs/blog-global-v4v6/";
  const auto pe1 = junos::commit_config_file(dir + "PE1.conf").value();
  const auto pe2 = junos::commit_config_file(dir + "PE2.conf").value();
  std::mt19937_64 rng(1);
  const auto n = negotiate({{"PE1", &pe1}, {"PE2", &pe2}}, rng);
  const std::string ike = show_ike_security_associations("PE1", n);
  EXPECT_NE(ike.find(fmt::format("1       UP     {:016x}  {:016x}  IKEv2          13.10.2.2", n.tunnels[0].initiator_cookie,
                                 n.tunnels[0].responder_cookie)),
            std::string::npos)
      << ike;
  const std::string brief = show_ipsec_security_associations("PE1", n, false, 0, 0);
  EXPECT_NE(brief.find("  Total active tunnels: 1     Total IPsec sas: 1\n"), std::string::npos) << brief;
  EXPECT_NE(brief.find(fmt::format("  <500001 ESP:aes-gcm-256/aes256-gcm 0x{:08x} 3600/ unlim - root 500 13.10.2.2",
                                   n.tunnels[0].b_to_a.spi)),
            std::string::npos)
      << brief;  // inbound on PE1 is PE2's outbound
  const std::string detail = show_ipsec_security_associations("PE2", n, true, 0, 5 * 1000000000000ull);
  EXPECT_NE(detail.find("  Local Gateway: 13.10.2.2, Remote Gateway: 13.10.1.1\n"), std::string::npos) << detail;
  EXPECT_NE(detail.find("DF-bit: clear, Copy-Outer-DSCP: Enabled, Bind-interface: st0.1 , Policy-name: ipsec_policy"),
            std::string::npos);
  EXPECT_NE(detail.find("  Location: FPC 0, PIC 1\n  Anchorship: Thread 0\n  Distribution-Profile: si-0/1/0\n"),
            std::string::npos);
  EXPECT_NE(detail.find("    Hard lifetime: Expires in 3595 seconds\n"), std::string::npos);
  EXPECT_NE(detail.find("Replay window size: 4096"), std::string::npos);
  EXPECT_NE(detail.find("Extended-Sequence-Number: Enabled"), std::string::npos);
  EXPECT_NE(detail.find("    Thu Jan 01 2026 00:00:00: IPsec SA negotiation succeeds (1 times)\n"), std::string::npos);
  EXPECT_EQ(show_ike_security_associations("P1", n), "Index   State  Initiator cookie  Responder cookie  Mode           Remote Address\n");
}

}  // namespace
}  // namespace trio6sim::control

namespace trio6sim::control {
namespace {

// Blog lines 858-905 (PE1 `show route 60.1.2.0 extensive`) as the model
// prints them: without the rpd and kernel internals (show_route_extensive.h),
// the router next hop's kernel index (876), the TSP index (893) and the
// peer's router ID (890), none of which the model has.
constexpr const char* kModel60Extensive = R"(60.1.2.0/24 (1 entry, 1 announced)
        *BGP    Preference: 170/-101
                Next hop type: Indirect, Next hop index: 0
                Kernel Table Id: 0
                Source: 12.1.1.2
                Next hop type: Router
                Next hop: via st0.1, selected
                Protocol next hop: 12.1.1.2
                State: <Active Int Ext>
                Local AS: 64512 Peer AS: 64512
                Age: 2:29:24    Metric2: 0 
                Validation State: unverified 
                Task: BGP_64512.12.1.1.2
                AS path: 20002 I 
                Accepted
                Localpref: 100
                Thread: junos-main 
                Indirect next hops: 1
                        Protocol next hop: 12.1.1.2 ResolvState: Resolved
                        Indirect path forwarding next hops: 1
                                Next hop type: Router
                                Next hop: via st0.1
                                12.1.1.2/32 Originating RIB: inet.0
                                  Forwarding nexthops: 1
                                        Next hop type: Router
                                        Next hop: via st0.1
)";

constexpr uint64_t kSecond = 1000000000000ull;

TEST(Operational, ShowRouteExtensiveResolvesTheBgpNextHopOverTheTunnel) {
  Pe1 pe1;
  const auto out = show_route(pe1.rib, pe1.config, "60.1.2.0 extensive", (2 * 3600 + 29 * 60 + 24) * kSecond);
  ASSERT_TRUE(out.has_value()) << out.error();
  const auto counts = pe1.rib.counts(IpAddress::Family::kV4);
  EXPECT_EQ(*out, fmt::format("inet.0: {} destinations, {} routes ({} active, 0 holddown, 0 hidden)\n",
                              counts.destinations, counts.routes, counts.active) +
                      kModel60Extensive);
}

TEST(Operational, ShowRouteExtensiveOfTheLabeledIpv6Route) {
  Pe1 pe1;
  const auto out = show_route(pe1.rib, pe1.config, "3000:60:1:1::1 extensive", 0);
  ASSERT_TRUE(out.has_value()) << out.error();
  // Blog lines 926, 943-948, 955-958, 968, 973-976, 982.
  for (const char* line : {"\n3000:60:1:1::/64 (1 entry, 1 announced)\n",
                           "\n                Source: 12.1.1.2\n                Next hop type: Router\n"
                           "                Next hop: via st0.1, selected\n"
                           "                Label operation: Push 17\n                Label TTL action: prop-ttl\n"
                           "                Load balance label: Label 17: None; \n"
                           "                Protocol next hop: ::ffff:12.1.1.2\n"
                           "                Label operation: Push 17\n",
                           "\n                Route Label: 17\n                Localpref: 100\n",
                           "\n                        Protocol next hop: ::ffff:12.1.1.2 ResolvState: Resolved\n"
                           "                        Label operation: Push 17\n",
                           "\n                                ::ffff:12.1.1.2/128 Originating RIB: inet6.0\n"})
    EXPECT_NE(out->find(line), std::string::npos) << line << "\nnot in:\n" << *out;
}

TEST(Operational, ShowRouteOptions) {
  Pe1 pe1;
  // Without the configuration the AS lines and the BGP task are left out.
  const std::string bare = show_route(pe1.rib, "60.1.2.0 extensive", 0).value();
  EXPECT_NE(bare.find("*BGP    Preference: 170/-101\n"), std::string::npos) << bare;
  EXPECT_EQ(bare.find("Local AS"), std::string::npos);
  EXPECT_EQ(bare.find("Task:"), std::string::npos);
  // The terse form is unchanged by the option parsing.
  EXPECT_EQ(show_route(pe1.rib, "60.1.1.0", 0).value(), show_route(pe1.rib, pe1.config, "60.1.1.0", 0).value());
  EXPECT_FALSE(show_route(pe1.rib, "60.1.2.0 detail", 0).has_value());
  EXPECT_FALSE(show_route(pe1.rib, "60.1.2.0 extensive extra", 0).has_value());
  EXPECT_FALSE(show_route(pe1.rib, "", 0).has_value());
}

TEST(Operational, BgpPeerOfAMappedNextHop) {
  EXPECT_EQ(bgp_peer(*IpAddress::parse("::ffff:12.1.1.2")).to_string(), "12.1.1.2");
  EXPECT_EQ(bgp_peer(*IpAddress::parse("12.1.1.2")).to_string(), "12.1.1.2");
  EXPECT_EQ(bgp_peer(*IpAddress::parse("2002:12:1:1::2")).to_string(), "2002:12:1:1::2");
}

}  // namespace
}  // namespace trio6sim::control
