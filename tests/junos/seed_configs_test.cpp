// The committed scenario configurations: each parses, its facts are in the
// model, set and curly forms of one configuration give the same model, and
// the copies match the seeds they were taken from.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "junos/commit_check.h"
#include "junos/set_parser.h"
#include "junos_test_util.h"

namespace trio6sim::junos {
namespace {

using test::load_model_file;
using test::scenario_path;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::vector<std::string> names(const FamilyConfig* f) { return f ? f->addresses : std::vector<std::string>{"<none>"}; }

TEST(BlogGlobalV4V6, PE1) {
  const DeviceConfig pe1 = load_model_file(scenario_path("blog-global-v4v6/PE1.conf"));
  ASSERT_EQ(pe1.inline_services.size(), 1u);
  EXPECT_EQ(pe1.inline_services[0].fpc, 0);
  EXPECT_EQ(pe1.inline_services[0].pic, 1);
  EXPECT_EQ(pe1.inline_services[0].bandwidth, std::nullopt);

  const LogicalUnit* st0 = pe1.unit("st0.1");
  ASSERT_NE(st0, nullptr);
  EXPECT_NE(st0->family("inet"), nullptr);
  EXPECT_NE(st0->family("inet6"), nullptr);

  const IpsecVpn* vpn = pe1.ipsec_vpn("ipsec_vpn");
  ASSERT_NE(vpn, nullptr);
  EXPECT_EQ(vpn->bind_interface, "st0.1");
  EXPECT_EQ(vpn->anti_replay_window_size, 4096u);
  EXPECT_TRUE(vpn->copy_outer_dscp);
  EXPECT_EQ(vpn->ike_gateway, "ike_gw");
  EXPECT_EQ(vpn->ipsec_policy, "ipsec_policy");
  EXPECT_EQ(vpn->establish_tunnels, "immediately");

  const ServiceSet* ss = pe1.service_set("SS-1");
  ASSERT_NE(ss, nullptr);
  EXPECT_EQ(ss->inside_service_interface, "si-0/1/0.0");
  EXPECT_EQ(ss->outside_service_interface, "si-0/1/0.1");
  EXPECT_EQ(ss->ipsec_vpns, std::vector<std::string>{"ipsec_vpn"});
  EXPECT_EQ(pe1.unit("si-0/1/0.0")->service_domain, ServiceDomain::kInside);
  EXPECT_EQ(pe1.unit("si-0/1/0.1")->service_domain, ServiceDomain::kOutside);

  ASSERT_EQ(pe1.static_routes.size(), 2u);
  const StaticRoute& v6 = pe1.static_routes[1];  // static routes first, then those of rib inet6.0
  EXPECT_EQ(v6.rib, "inet6.0");
  EXPECT_EQ(v6.destination.to_string(), "::ffff:12.1.1.2/128");
  const StaticRoute& v4 = pe1.static_routes[0];
  EXPECT_EQ(v4.rib, "inet.0");
  EXPECT_EQ(v4.destination, IpPrefix::parse("12.1.1.2/32"));
  EXPECT_EQ(v4.next_hops, std::vector<std::string>{"st0.1"});

  const IkeGateway* gw = pe1.ike_gateway("ike_gw");
  ASSERT_NE(gw, nullptr);
  EXPECT_EQ(gw->addresses, std::vector<std::string>{"13.10.2.2"});
  EXPECT_EQ(gw->local_address, "13.10.1.1");
  EXPECT_EQ(gw->external_interface, "ae0");
  EXPECT_EQ(gw->version, "v2-only");
  EXPECT_EQ(gw->ike_policy, "ike_policy");
  EXPECT_EQ(pe1.ike_policy("ike_policy")->mode, "main");

  const IpsecProposal* prop = pe1.ipsec_proposal("ipsec_proposal");
  ASSERT_NE(prop, nullptr);
  EXPECT_EQ(prop->protocol, "esp");
  EXPECT_EQ(prop->encryption_algorithm, "aes-256-gcm");
  EXPECT_TRUE(prop->extended_sequence_number);
  EXPECT_EQ(prop->description, "IPSec Proposal at PE1");

  const Interface* ae0 = pe1.interface("ae0");
  ASSERT_NE(ae0, nullptr);
  EXPECT_EQ(ae0->kind, InterfaceKind::kAggregatedEthernet);
  EXPECT_TRUE(ae0->lacp && ae0->lacp_active);
  EXPECT_EQ(ae0->lacp_periodic, "fast");
  EXPECT_EQ(names(ae0->unit(0)->family("inet")), std::vector<std::string>{"13.10.1.1/24"});
  EXPECT_NE(ae0->unit(0)->family("iso"), nullptr);
  EXPECT_NE(ae0->unit(0)->family("mpls"), nullptr);
  EXPECT_EQ(pe1.interface("et-0/2/3")->bundle, "ae0");
  EXPECT_EQ(pe1.interface("et-0/2/4")->bundle, "ae0");
  EXPECT_EQ(pe1.interface("et-0/2/10")->description, "towards CE1 at IXIA");

  const LogicalUnit* lo0 = pe1.unit("lo0.0");
  ASSERT_NE(lo0, nullptr);
  EXPECT_EQ(names(lo0->family("inet")), std::vector<std::string>{"12.1.1.1/32"});
  EXPECT_EQ(names(lo0->family("inet6")), std::vector<std::string>{"2002:12:1:1::1/128"});
  EXPECT_EQ(names(lo0->family("iso")), std::vector<std::string>{"49.0002.0120.0100.1001.00"});
  EXPECT_EQ(lo0->family("inet")->ip_prefixes().at(0), IpPrefix::parse("12.1.1.1/32"));

  EXPECT_EQ(pe1.forwarding_table.export_policies, std::vector<std::string>{"pplb"});
  EXPECT_TRUE(pe1.forwarding_table.per_flow_load_balancing);
  EXPECT_EQ(pe1.router_id, IpAddress::parse("12.1.1.1"));
  EXPECT_EQ(pe1.autonomous_system, 64512u);

  // In file order; the blog's group puts routing-options last.
  EXPECT_EQ(pe1.not_modeled(),
            (std::vector<std::string>{"chassis aggregated-devices", "chassis network-services enhanced-ip",
                                      "security ike policy ike_policy mode main",
                                      "security ike gateway ike_gw external-interface ae0",
                                      "interfaces lo0 unit 0 family iso",
                                      "interfaces ae0 aggregated-ether-options lacp",
                                      "interfaces ae0 unit 0 family iso",
                                      "policy-options policy-statement nhs", "protocols bgp", "protocols isis",
                                      "protocols mpls", "protocols lldp", "routing-options router-id 12.1.1.1"}));
  ASSERT_EQ(pe1.not_modeled_statements().size(), pe1.not_modeled().size());
  EXPECT_EQ(pe1.not_modeled_statements()[0].where.line, test::line_of(pe1.file, "aggregated-devices {"));
  EXPECT_EQ(pe1.not_modeled_statements()[8].statement, "protocols bgp");
  EXPECT_EQ(pe1.not_modeled_statements()[8].where.line, test::line_of(pe1.file, "bgp {"));
  EXPECT_EQ(pe1.not_modeled_protocols(), (std::vector<std::string>{"bgp", "isis", "mpls", "lldp"}));
  EXPECT_TRUE(commit_check(pe1).empty());
}

TEST(BlogGlobalV4V6, PE2MirrorsPE1) {
  const DeviceConfig pe1 = load_model_file(scenario_path("blog-global-v4v6/PE1.conf"));
  const DeviceConfig pe2 = load_model_file(scenario_path("blog-global-v4v6/PE2.conf"));
  const IkeGateway* g1 = pe1.ike_gateway("ike_gw");
  const IkeGateway* g2 = pe2.ike_gateway("ike_gw");
  ASSERT_TRUE(g1 && g2);
  EXPECT_EQ(g2->addresses, std::vector<std::string>{g1->local_address});
  EXPECT_EQ(g1->addresses, std::vector<std::string>{g2->local_address});
  EXPECT_EQ(g2->external_interface, "ae1");
  EXPECT_EQ(pe2.static_routes.at(0).destination, IpPrefix::parse("12.1.1.1/32"));
  EXPECT_EQ(pe2.ipsec_vpn("ipsec_vpn")->bind_interface, "st0.1");
  EXPECT_EQ(pe2.interface("et-0/0/10")->bundle, "ae1");
  EXPECT_TRUE(commit_check(pe2).empty());
}

TEST(BlogGlobalV4V6, P1IsATransitRouterWithoutIpsec) {
  const DeviceConfig p1 = load_model_file(scenario_path("blog-global-v4v6/P1.conf"));
  EXPECT_TRUE(p1.inline_services.empty());
  EXPECT_TRUE(p1.ipsec_vpns.empty());
  EXPECT_TRUE(p1.static_routes.empty());
  EXPECT_EQ(p1.interface("et-0/2/0")->bundle, "ae0");
  EXPECT_EQ(p1.interface("et-0/2/2")->bundle, "ae1");
  EXPECT_EQ(names(p1.unit("ae1.0")->family("inet")), std::vector<std::string>{"13.10.2.1/24"});
  EXPECT_EQ(p1.not_modeled(),
            (std::vector<std::string>{"chassis aggregated-devices", "chassis network-services enhanced-ip",
                                      "interfaces ae0 aggregated-ether-options lacp",
                                      "interfaces ae0 unit 0 family iso", "interfaces lo0 unit 0 family iso",
                                      "interfaces ae1 aggregated-ether-options lacp",
                                      "interfaces ae1 unit 0 family iso", "routing-options router-id 12.1.1.3", "protocols isis", "protocols mpls",
                                      "protocols lldp"}));
  EXPECT_TRUE(commit_check(p1).empty());
}

TEST(BlogEvpnVxlan, PE1) {
  const DeviceConfig pe1 = load_model_file(scenario_path("blog-evpn-vxlan/PE1.conf"));
  const FamilyConfig* inet = pe1.unit("st0.1")->family("inet");
  ASSERT_NE(inet, nullptr);
  EXPECT_EQ(inet->mtu, 9192);
  EXPECT_EQ(inet->addresses, std::vector<std::string>{"15.1.1.1/32"});
  EXPECT_EQ(pe1.unit("st0.1")->family("inet6")->mtu, 9192);
  EXPECT_EQ(pe1.interface("si-0/1/0")->mtu, 9192);
  EXPECT_EQ(pe1.service_set("SS-EVPN-VxLAN")->ipsec_vpns, std::vector<std::string>{"ipsec_evpn_vxlan"});
  EXPECT_EQ(pe1.ipsec_vpn("ipsec_evpn_vxlan")->bind_interface, "st0.1");
  EXPECT_EQ(pe1.interface("irb")->kind, InterfaceKind::kIrb);
  EXPECT_EQ(pe1.unit("irb.10")->family("inet")->addresses, std::vector<std::string>{"13.11.1.1/24"});
  const auto& nm = pe1.not_modeled();
  // vrf_1 (instance-type vrf) is modeled with its irb interfaces (the
  // bridge domains route through them); the mac-vrf row by row: EVPN's
  // statements, the RD and target listed.
  for (const char* s : {"routing-instances evpn_vxlan_1 protocols evpn default-gateway no-gateway-community",
                        "routing-instances evpn_vxlan_1 service-type vlan-aware",
                        "routing-instances evpn_vxlan_1 route-distinguisher 12.1.1.1:1",
                        "routing-instances evpn_vxlan_1 vrf-target target:64512:1", "protocols bgp",
                        "interfaces et-0/2/10 flexible-vlan-tagging"})
    EXPECT_NE(std::find(nm.begin(), nm.end(), s), nm.end()) << s;
  for (const char* s : {"routing-instances evpn_vxlan_1 protocols evpn encapsulation vxlan",
                        "routing-instances evpn_vxlan_1 bridge-domains V_10 routing-interface irb.10",
                        "routing-instances vrf_1 interface irb.10", "routing-instances vrf_1 interface irb.20"})
    EXPECT_EQ(std::find(nm.begin(), nm.end(), s), nm.end()) << s;
  // Bridging is modeled (docs/bridging.md): the vlan-bridge units and the
  // mac-vrf's bridge domains, VNIs and VTEP source are read, not listed.
  for (const char* s : {"interfaces et-0/2/10 unit 10 encapsulation vlan-bridge", "interfaces et-0/2/10 unit 10 vlan-id 10",
                        "routing-instances evpn_vxlan_1", "routing-instances evpn_vxlan_1 vtep-source-interface lo0.0",
                        "interfaces irb unit 10 family inet address 13.11.1.1/24 virtual-gateway-address 13.11.1.254",
                        "routing-instances evpn_vxlan_1 bridge-domains V_10 vxlan vni 10010",
                        "routing-instances evpn_vxlan_1 bridge-domains V_10 vlan-id 10"})
    EXPECT_EQ(std::find(nm.begin(), nm.end(), s), nm.end()) << s;
  EXPECT_EQ(pe1.unit("et-0/2/10.20")->encapsulation, "vlan-bridge");
  EXPECT_EQ(pe1.unit("et-0/2/10.20")->vlan_id, 20);
  ASSERT_NE(pe1.unit("irb.20"), nullptr);
  const auto& gateways = pe1.unit("irb.20")->family("inet")->virtual_gateways;
  ASSERT_EQ(gateways.size(), 1u);
  EXPECT_EQ(gateways[0].address, "13.11.2.1/24");
  EXPECT_EQ(gateways[0].gateway, "13.11.2.254");
  EXPECT_GT(gateways[0].where.line, 0);
  ASSERT_EQ(pe1.mac_vrfs.size(), 1u);
  const MacVrf& vrf = pe1.mac_vrfs[0];
  EXPECT_EQ(vrf.name, "evpn_vxlan_1");
  EXPECT_EQ(vrf.vtep_source_interface, "lo0.0");
  EXPECT_EQ(vrf.route_distinguisher, "12.1.1.1:1");
  ASSERT_EQ(vrf.bridge_domains.size(), 2u);
  EXPECT_EQ(vrf.bridge_domains[1].name, "V_20");
  EXPECT_EQ(vrf.bridge_domains[1].vlan_id, 20);
  EXPECT_EQ(vrf.bridge_domains[1].vni, 10020u);
  EXPECT_EQ(vrf.bridge_domains[1].interfaces, std::vector<std::string>{"et-0/2/10.20"});
  EXPECT_EQ(vrf.bridge_domains[1].routing_interface, "irb.20");
  EXPECT_EQ(pe1.not_modeled_protocols(), (std::vector<std::string>{"bgp", "isis", "lldp", "evpn"}));
  EXPECT_TRUE(commit_check(pe1).empty());
  for (const char* device : {"PE2", "P1"})
    EXPECT_TRUE(
        commit_check(load_model_file(scenario_path(std::string("blog-evpn-vxlan/") + device + ".conf"))).empty());
}

TEST(TechlibP2P, R0AndR1) {
  const DeviceConfig r0 = load_model_file(scenario_path("techlib-p2p/R0.conf"));
  const DeviceConfig r1 = load_model_file(scenario_path("techlib-p2p/R1.conf"));
  ASSERT_EQ(r0.inline_services.size(), 1u);
  EXPECT_EQ(r0.inline_services[0].pic, 0);
  EXPECT_EQ(r0.service_set("ss1")->inside_service_interface, "si-0/0/0.0");
  EXPECT_EQ(r0.static_routes.at(0).destination, IpPrefix::parse("2.2.2.0/24"));
  EXPECT_EQ(r1.static_routes.at(0).destination, IpPrefix::parse("1.1.1.0/24"));
  EXPECT_EQ(r0.ike_gateway("ike_gw")->addresses, std::vector<std::string>{"16.1.1.1"});
  EXPECT_EQ(r0.ike_gateway("ike_gw")->local_address, "16.1.1.2");
  EXPECT_EQ(r1.ike_gateway("ike_gw")->addresses, std::vector<std::string>{"16.1.1.2"});
  EXPECT_EQ(r1.ike_gateway("ike_gw")->local_address, "16.1.1.1");
  EXPECT_EQ(*r0.ike_policy("ike_policy")->pre_shared_key->secret(), "test123");
  EXPECT_EQ(r0.ipsec_vpn("ipsec_vpn")->anti_replay_window_size, std::nullopt);
  EXPECT_EQ(r0.ike_policy("ike_policy")->pre_shared_key->secret().value(),
            r1.ike_policy("ike_policy")->pre_shared_key->secret().value());
  EXPECT_EQ(r0.not_modeled(), (std::vector<std::string>{"security ike policy ike_policy mode main",
                                                         "security ike gateway ike_gw external-interface et-0/2/10"}));
  EXPECT_TRUE(commit_check(r0).empty());
  EXPECT_TRUE(commit_check(r1).empty());
}

TEST(BothForms, TechlibSetAndCurlyGiveTheSameModel) {
  const DeviceConfig set_form = load_model_file(scenario_path("techlib-p2p/R0.conf"));
  const DeviceConfig curly = load_model_file(std::string(TRIO6SIM_JUNOS_TEST_DATA_DIR) + "/techlib-R0-curly.conf");
  EXPECT_EQ(dump(set_form), dump(curly));
  EXPECT_FALSE(dump(set_form).empty());
}

TEST(BothForms, BlogPE1AsSetCommandsGivesTheSameModel) {
  for (const char* device : {"PE1", "PE2", "P1"}) {
    const std::string path = scenario_path(std::string("blog-global-v4v6/") + device + ".conf");
    auto curly_tree = load_config_file(path);
    ASSERT_TRUE(curly_tree);
    const std::string set_text = display_set(curly_tree->root);
    const DeviceConfig from_set = test::load_model_text(set_text, "display-set");
    EXPECT_EQ(dump(load_model_file(path)), dump(from_set)) << device;
  }
}

// The blog's traffic-selector example (its "Inline IPSec Scale" section), as printed.
TEST(BlogFragments, TrafficSelectorVpns) {
  const DeviceConfig c = test::load_model_text(
      "security {\n    ipsec {\n        vpn ipsec_vpn_v4_srv6 {\n            bind-interface st0.1;\n"
      "            copy-outer-dscp;\n            ike {\n                gateway ike_gw;\n"
      "                anti-replay-window-size 4096;\n                ipsec-policy ipsec_policy;\n            }\n"
      "            traffic-selector ts1 {\n                local-ip 50.1.0.0/16;\n"
      "                remote-ip 60.1.0.0/16;\n            }\n            establish-tunnels immediately;\n"
      "        }                               \n        vpn ipsec_vpn_v6_srv6 {\n"
      "            bind-interface st0.2;\n            traffic-selector ts2 {\n"
      "                local-ip 3000:50:1::/48;\n                remote-ip 3000:60:1::/48;\n            }\n"
      "        }\n    }\n}\n");
  const IpsecVpn* v4 = c.ipsec_vpn("ipsec_vpn_v4_srv6");
  ASSERT_TRUE(v4 && v4->traffic_selectors.size() == 1);
  EXPECT_EQ(v4->traffic_selectors[0].name, "ts1");
  EXPECT_EQ(v4->traffic_selectors[0].local_ip, IpPrefix::parse("50.1.0.0/16"));
  EXPECT_EQ(v4->traffic_selectors[0].remote_ip, IpPrefix::parse("60.1.0.0/16"));
  EXPECT_EQ(c.ipsec_vpn("ipsec_vpn_v6_srv6")->traffic_selectors.at(0).remote_ip, IpPrefix::parse("3000:60:1::/48"));
}

// The TechLibrary example's "Results" section prints `show` at [edit security
// ike] and [edit security ipsec]; each is read here under its level.
TEST(TechlibFragments, ResultsSectionsUnderTheirEditLevels) {
  const std::string ike =
      "proposal ike_prop {\n    description \"IKE Proposal\";\n    authentication-method pre-shared-keys;\n}\n"
      "policy ike_policy {\n    mode main;\n    proposals ike_prop;\n"
      "    pre-shared-key ascii-text \"$9$OY8RBcl8LNbYo7-\"; ## SECRET-DATA\n}\n"
      "gateway ike_gw {\n    ike-policy ike_policy;\n    address 16.1.1.1;\n    external-interface et-0/2/10;\n"
      "    local-address 16.1.1.2;\n    version v2-only;\n}\n"
      "gateway ike_gwv6 {\n    ike-policy ike_policy;\n    address 1611::1;\n    external-interface et-0/2/10;\n"
      "    local-address 1611::2;\n    version v2-only;\n}\n";
  const std::string ipsec =
      "proposal ipsec_prop {\n    description \"IPSec Proposal\";\n    protocol esp;\n"
      "    encryption-algorithm aes-256-gcm;\n}\npolicy ipsec_policy {\n    proposals ipsec_prop;\n}\n"
      "vpn ipsec_vpn {\n    bind-interface st0.1;\n    ike {\n        gateway ike_gw;\n"
      "        ipsec-policy ipsec_policy;\n    }\n    establish-tunnels immediately;\n}\n";
  const DeviceConfig c =
      test::load_model_text("security {\nike {\n" + ike + "}\nipsec {\n" + ipsec + "}\n}\n", "results.conf");
  ASSERT_EQ(c.ike_gateways.size(), 2u);
  EXPECT_EQ(c.ike_gateway("ike_gwv6")->addresses, std::vector<std::string>{"1611::1"});
  EXPECT_EQ(c.ike_gateway("ike_gwv6")->local_address, "1611::2");
  EXPECT_EQ(*c.ike_policy("ike_policy")->pre_shared_key->secret(), "test");
  EXPECT_EQ(c.ipsec_vpn("ipsec_vpn")->ike_gateway, "ike_gw");
  // Without interfaces, the VPN's st0.1 is missing: the only commit error.
  const auto errors = commit_check(c);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].origin.statement, "bind-interface st0.1");
}

// The copies are verbatim: the group body of each blog device equals the
// seed's lines, and R0 equals the TechLibrary's quick configuration.
TEST(SeedCopies, AreVerbatim) {
  const std::string seeds = TRIO6SIM_SEEDS_DIR;
  if (!std::filesystem::exists(seeds + "/inline-ipsec-mx-series-blog.txt")) GTEST_SKIP() << "no seeds at " << seeds;
  const auto blog = lines(test::read_text(seeds + "/inline-ipsec-mx-series-blog.txt"));
  struct Copy {
    const char* device;
    int first, last;  // 1-based seed lines
  };
  for (Copy c : {Copy{"blog-global-v4v6/PE1", 185, 408}, Copy{"blog-global-v4v6/PE2", 413, 636},
                 Copy{"blog-global-v4v6/P1", 641, 761}, Copy{"blog-evpn-vxlan/PE1", 1136, 1390},
                 Copy{"blog-evpn-vxlan/PE2", 1395, 1649}, Copy{"blog-evpn-vxlan/P1", 1654, 1765}}) {
    const auto file = lines(test::read_text(scenario_path(std::string(c.device) + ".conf")));
    const auto open = std::find_if(file.begin(), file.end(),
                                   [](const std::string& l) { return l.starts_with("IPSec_") && l.ends_with(" {"); });
    ASSERT_NE(open, file.end());
    const std::vector<std::string> body(open + 1, file.end() - 3);
    const std::vector<std::string> seed(blog.begin() + c.first - 1, blog.begin() + c.last);
    EXPECT_EQ(body, seed) << c.device;
    EXPECT_EQ(file.back(), "apply-groups " + open->substr(0, open->size() - 2) + ";");
  }
  const auto techlib = lines(test::read_text(seeds + "/inline-ipsec-mx-techlib.txt"));
  const auto r0 = lines(test::read_text(scenario_path("techlib-p2p/R0.conf")));
  EXPECT_EQ(std::vector<std::string>(r0.begin() + 4, r0.end()),
            std::vector<std::string>(techlib.begin() + 378, techlib.begin() + 411));
}

}  // namespace
}  // namespace trio6sim::junos
