#include "junos/statement_schema.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

namespace trio6sim::junos {

namespace {

using enum ValueKind;
constexpr Applied kYes = Applied::kModeled;
constexpr Applied kNo = Applied::kNotModeled;

SchemaRow row(std::string_view path, ValueKind v = kNone, Applied a = kYes) { return SchemaRow{path, v, a}; }
// A subtree Junos has, the model ignores and we do not check word by word.
SchemaRow ignored(std::string_view path, ValueKind v = kAnyWords) {
  SchemaRow r{path, v, kNo};
  r.open = true;
  return r;
}
// A subtree the model reads itself (its children are not statements but
// values, such as a list of prefixes), checked by the builder.
SchemaRow modeled_open(std::string_view path) {
  SchemaRow r{path, kNone, kYes};
  r.open = true;
  return r;
}
SchemaRow choice(std::string_view path, std::string_view choices, Applied a = kYes, std::string_view modeled = {}) {
  SchemaRow r{path, kChoice, a, choices, modeled};
  return r;
}
SchemaRow number(std::string_view path, long long min, long long max, Applied a = kYes) {
  SchemaRow r{path, kNumber, a};
  r.min = min;
  r.max = max;
  return r;
}

// Ranges and choices follow the Junos statement reference pages for MX Series;
// where a range is not published there, the row takes a plain word (kWord)
// rather than inventing one. MX304 facts (FPC 0 only, PIC = LMIC 0..2) are [M].
std::vector<SchemaRow> make_rows() {
  std::vector<SchemaRow> r = {
      // chassis
      row("chassis"),
      row("chassis aggregated-devices", kNone, kNo),
      row("chassis aggregated-devices ethernet", kNone, kNo),
      number("chassis aggregated-devices ethernet device-count", 1, 65535, kNo),
      ignored("chassis aggregated-devices ethernet lacp"),
      ignored("chassis aggregated-devices sonet"),
      row("chassis network-services", kWord, kNo),
      // An MX304 has one FPC, 0, and PIC = LMIC 0..2 [M]; an MX10008 has FPC
      // 0..7 [HW2101] and an LC9600 PIC 0..5 [L]: the platform's own range is
      // checked when a scenario places the device.
      number("chassis fpc", 0, 7),
      number("chassis fpc pic", 0, 5),
      row("chassis fpc pic inline-services"),
      row("chassis fpc pic inline-services bandwidth", kWord),  // values: commit check
      ignored("chassis fpc pic tunnel-services"),
      number("chassis fpc pic number-of-ports", 0, 64, kNo),
      ignored("chassis fpc pic port"),
      ignored("chassis fpc pic pic-mode"),
      ignored("chassis fpc pic traffic-manager"),
      ignored("chassis fpc flexible-queuing-mode"),
      ignored("chassis fpc power"),
      ignored("chassis fpc sampling-instance"),
      ignored("chassis fpc inline-services"),
      ignored("chassis redundancy"),
      ignored("chassis alarm"),
      ignored("chassis routing-engine"),
      ignored("chassis fabric"),
      ignored("chassis craft-lockout"),
      ignored("chassis config-button"),
      ignored("chassis pseudowire-service"),
      ignored("chassis synchronization"),
      ignored("chassis network-slices"),
      ignored("chassis error"),
      ignored("chassis fpc error"),

      // interfaces; the interface name itself is checked for the platform
      row("interfaces"),
      row("interfaces <interface>"),
      row("interfaces <interface> description", kWord),
      number("interfaces <interface> mtu", 256, 16000),  // egress: IPv4 without DF cut, else dropped
      row("interfaces <interface> gigether-options"),
      row("interfaces <interface> gigether-options 802.3ad", kWord),
      row("interfaces <interface> ether-options"),
      row("interfaces <interface> ether-options 802.3ad", kWord),
      row("interfaces <interface> aggregated-ether-options"),
      row("interfaces <interface> aggregated-ether-options lacp", kNone, kNo),  // no LACP is run
      row("interfaces <interface> aggregated-ether-options lacp active", kNone, kNo),
      row("interfaces <interface> aggregated-ether-options lacp passive", kNone, kNo),
      choice("interfaces <interface> aggregated-ether-options lacp periodic", "fast slow", kNo),
      number("interfaces <interface> aggregated-ether-options minimum-links", 1, 64, kNo),
      ignored("interfaces <interface> aggregated-ether-options link-speed"),
      row("interfaces <interface> flexible-vlan-tagging", kNone, kNo),
      row("interfaces <interface> vlan-tagging", kNone, kNo),
      row("interfaces <interface> encapsulation", kWord, kNo),
      row("interfaces <interface> disable", kNone, kNo),
      ignored("interfaces <interface> speed"),
      ignored("interfaces <interface> hold-time"),
      ignored("interfaces <interface> traceoptions"),
      ignored("interfaces <interface> optics-options"),
      ignored("interfaces <interface> damping"),
      row("interfaces <interface> unit", kUnitNumber),
      row("interfaces <interface> unit description", kWord),
      choice("interfaces <interface> unit family",
             "inet inet6 mpls iso ccc bridge ethernet-switching vpls evpn tcc any", kYes,
             "inet inet6 mpls"),  // family iso is for IS-IS, which is not run
      row("interfaces <interface> unit family address", kFamilyAddress),
      // Modeled on an irb of a bridge domain: ARP for it answered (docs/bridging.md).
      row("interfaces <interface> unit family address virtual-gateway-address", kIpAddress),
      row("interfaces <interface> unit family address primary", kNone, kNo),
      row("interfaces <interface> unit family address preferred", kNone, kNo),
      ignored("interfaces <interface> unit family address vrrp-group"),
      // Modeled on st0 units' inet and inet6 (statement_check.cpp): the
      // tunnel's IP MTU (docs/esp.md); on other interfaces not applied.
      number("interfaces <interface> unit family mtu", 256, 16000),
      ignored("interfaces <interface> unit family filter"),
      row("interfaces <interface> unit family no-redirects", kNone, kNo),
      choice("interfaces <interface> unit service-domain", "inside outside"),
      number("interfaces <interface> unit vlan-id", 0, 4094),  // modeled on vlan-bridge units (statement_check.cpp)
      // Modeled: vlan-bridge (a bridge domain's unit, docs/bridging.md).
      SchemaRow{"interfaces <interface> unit encapsulation", kWord, kYes, {}, "vlan-bridge"},
      row("interfaces <interface> unit virtual-gateway-accept-data", kNone, kNo),
      row("interfaces <interface> unit disable", kNone, kNo),

      // services: inline IPsec service sets
      row("services"),
      row("services service-set", kWord),
      row("services service-set next-hop-service"),
      row("services service-set next-hop-service inside-service-interface", kInterfaceUnit),
      row("services service-set next-hop-service outside-service-interface", kInterfaceUnit),
      row("services service-set ipsec-vpn", kWords),
      ignored("services service-set syslog"),
      ignored("services service-set interface-service"),
      ignored("services service-set stateful-firewall-rules"),
      ignored("services service-set nat-rules"),
      ignored("services rpm"),
      ignored("services flow-monitoring"),
      ignored("services nat"),
      ignored("services stateful-firewall"),
      ignored("services ipsec-vpn"),
      ignored("services adaptive-services-pics"),
      ignored("services inline-monitoring"),

      // security ike
      row("security"),
      row("security ike"),
      ignored("security ike traceoptions"),
      // UDP encapsulation of ESP (TechLibrary, "Inline IPsec Multipath
      // Forwarding with UDP Encapsulation" [T]): the global destination port,
      // 1025-65536 as documented but a UDP port is 16 bits, and not 4500 (a
      // model check); gateways use it with use-global-dest-port, else 500.
      row("security ike packet-encapsulation"),
      number("security ike packet-encapsulation dest-port", 1025, 65535),
      ignored("security ike respond-bad-spi"),
      row("security ike proposal", kWord),
      row("security ike proposal description", kWord),
      choice("security ike proposal authentication-method",
             "pre-shared-keys rsa-signatures dsa-signatures ecdsa-signatures-256 ecdsa-signatures-384", kYes,
             "pre-shared-keys"),
      // Every group Junos has, kept in the model with its line: the IKEv2
      // daemon refuses those it cannot run (it runs 2, 14, 19, 20, 21).
      choice("security ike proposal dh-group",
             "group1 group2 group5 group14 group15 group16 group19 group20 group21 group24"),
      // None with aes-128-gcm / aes-256-gcm: a commit check (RFC 5282).
      choice("security ike proposal authentication-algorithm", "md5 sha1 sha-256 sha-384 sha-512"),
      choice("security ike proposal encryption-algorithm",
             "3des-cbc des-cbc aes-128-cbc aes-192-cbc aes-256-cbc aes-128-gcm aes-256-gcm"),
      // 180-86400 s, default 28800 (applied by the consumer): DISA STIG
      // SV-214670, Batfish; docs/trio6-facts.md.
      number("security ike proposal lifetime-seconds", 180, 86400),
      row("security ike policy", kWord),
      row("security ike policy description", kWord),
      choice("security ike policy mode", "main aggressive", kNo),  // IKEv2 has no modes
      // The IKE daemon (ike: wire) proposes the first; modeled IKE does not negotiate the IKE SA's.
      row("security ike policy proposals", kWords),
      choice("security ike policy proposal-set", "basic compatible standard suiteb-gcm-128 suiteb-gcm-256", kNo),
      row("security ike policy pre-shared-key"),
      row("security ike policy pre-shared-key ascii-text", kAsciiSecret),
      row("security ike policy pre-shared-key hexadecimal", kHexSecret),
      // Re-authenticate after N IKE hard lifetimes; 0 (the default) disables
      // it (Junos CLI help, terraform-provider-junos docs; [T-MX]).
      number("security ike policy reauth-frequency", 0, 100),
      ignored("security ike policy certificate"),
      row("security ike gateway", kWord),
      row("security ike gateway description", kWord),
      row("security ike gateway ike-policy", kWord),
      row("security ike gateway address", kIpAddresses),
      row("security ike gateway local-address", kIpAddress),
      row("security ike gateway external-interface", kInterfaceOrUnit, kNo),
      choice("security ike gateway version", "v1-only v2-only"),
      // Juniper's statement page security-edit-dead-peer-detection: one of
      // the three modes (optimized by default), interval 2-60 s (default 10),
      // threshold 1-5 (default 5). Two modes: a commit check.
      row("security ike gateway dead-peer-detection"),
      row("security ike gateway dead-peer-detection optimized"),
      row("security ike gateway dead-peer-detection probe-idle-tunnel"),
      row("security ike gateway dead-peer-detection always-send"),
      number("security ike gateway dead-peer-detection interval", 2, 60),
      number("security ike gateway dead-peer-detection threshold", 1, 5),
      row("security ike gateway no-nat-traversal", kNone, kNo),
      number("security ike gateway nat-keepalive", 1, 300, kNo),
      ignored("security ike gateway local-identity"),
      ignored("security ike gateway remote-identity"),
      row("security ike gateway general-ikeid", kNone, kNo),
      ignored("security ike gateway dynamic"),
      row("security ike gateway packet-encapsulation"),
      row("security ike gateway packet-encapsulation use-global-dest-port"),
      ignored("security ike gateway fragmentation"),

      // security ipsec
      row("security ipsec"),
      ignored("security ipsec traceoptions"),
      row("security ipsec proposal", kWord),
      row("security ipsec proposal description", kWord),
      choice("security ipsec proposal protocol", "esp ah bundle"),  // AH: commit check
      // Every value Junos has; the commit check names the ones inline IPsec refuses.
      choice("security ipsec proposal encryption-algorithm",
             "3des-cbc des-cbc aes-128-cbc aes-192-cbc aes-256-cbc aes-128-gcm aes-192-gcm aes-256-gcm null"),
      choice("security ipsec proposal authentication-algorithm",
             "hmac-md5-96 hmac-sha1-96 hmac-sha-256-96 hmac-sha-256-128 hmac-sha-384-192 hmac-sha-512-256", kNo),
      row("security ipsec proposal extended-sequence-number"),
      // 180-86400 s, default 3600 (applied by the consumer): DISA STIG
      // SV-214669; [I] and [T-MX] count down from 3600.
      number("security ipsec proposal lifetime-seconds", 180, 86400),
      number("security ipsec proposal lifetime-kilobytes", 64, 4294967294LL, kNo),
      row("security ipsec policy", kWord),
      row("security ipsec policy description", kWord),
      row("security ipsec policy proposals", kWords),
      choice("security ipsec policy proposal-set", "basic compatible standard suiteb-gcm-128 suiteb-gcm-256", kNo),
      row("security ipsec policy perfect-forward-secrecy"),
      choice("security ipsec policy perfect-forward-secrecy keys",
             "group1 group2 group5 group14 group15 group16 group19 group20 group21 group24"),
      row("security ipsec vpn", kWord),
      row("security ipsec vpn description", kWord),
      row("security ipsec vpn bind-interface", kInterfaceUnit),
      row("security ipsec vpn copy-outer-dscp"),
      // Read into IpsecVpn::establish_tunnels for the IKEv2 daemon to apply.
      choice("security ipsec vpn establish-tunnels", "immediately on-traffic responder-only responder-only-no-rekey"),
      row("security ipsec vpn ike"),
      row("security ipsec vpn ike gateway", kWord),
      row("security ipsec vpn ike ipsec-policy", kWord),
      number("security ipsec vpn ike anti-replay-window-size", 64, 65536),
      row("security ipsec vpn ike no-anti-replay", kNone, kNo),
      ignored("security ipsec vpn ike proxy-identity"),
      number("security ipsec vpn ike install-interval", 0, 10, kNo),
      row("security ipsec vpn traffic-selector", kWord),
      row("security ipsec vpn traffic-selector local-ip", kIpPrefix),
      row("security ipsec vpn traffic-selector remote-ip", kIpPrefix),
      choice("security ipsec vpn df-bit", "clear set copy"),
      ignored("security ipsec vpn vpn-monitor"),
      number("security ipsec vpn tunnel-mtu", 256, 9192),
      ignored("security ipsec vpn manual"),
      ignored("security ipsec vpn multi-sa"),
      row("security ipsec vpn passive-mode-tunneling", kNone, kNo),
      ignored("security ipsec vpn udp-encapsulate"),
      row("security ipsec vpn distribution-profile", kWord, kNo),
      // Manual SAs: only read for the commit check that refuses transport mode.
      row("security ipsec security-association", kWord, kNo),
      row("security ipsec security-association description", kWord, kNo),
      choice("security ipsec security-association mode", "tunnel transport", kNo),
      ignored("security ipsec security-association manual"),
      ignored("security pki"),
      ignored("security certificates"),
      ignored("security authentication-key-chains"),
      ignored("security ssh-known-hosts"),
      ignored("security log"),
      ignored("security traceoptions"),
      ignored("security alg"),
      ignored("security group-vpn"),
      ignored("security tcp-encap"),

      // routing-options
      row("routing-options"),
      choice("routing-options rib", "inet.0 inet6.0 inet.1 inet.2 inet.3 inet6.1 inet6.2 inet6.3 mpls.0 iso.0",
             kYes, "inet.0 inet6.0"),  // the model has one table per family
      row("routing-options router-id", kIpv4Address, kNo),
      number("routing-options autonomous-system", 1, 4294967295LL),
      ignored("routing-options autonomous-system loops"),
      row("routing-options forwarding-table"),
      row("routing-options forwarding-table export", kWords),
      row("routing-options forwarding-table ecmp-fast-reroute", kNone, kNo),
      ignored("routing-options forwarding-table chained-composite-next-hop"),
      ignored("routing-options forwarding-table indirect-next-hop"),
      ignored("routing-options forwarding-table dynamic-list-next-hop"),
      ignored("routing-options interface-routes"),
      ignored("routing-options graceful-restart"),
      row("routing-options nonstop-routing", kNone, kNo),
      ignored("routing-options aggregate"),
      ignored("routing-options generate"),
      ignored("routing-options martians"),
      ignored("routing-options multipath"),
      ignored("routing-options maximum-paths"),
      ignored("routing-options maximum-prefixes"),
      ignored("routing-options options"),
      ignored("routing-options ppm"),
      row("routing-options route-distinguisher-id", kIpv4Address, kNo),
      ignored("routing-options rib-groups"),
      ignored("routing-options resolution"),
      // Next-hop-based dynamic GRE tunnels (MPLS over GRE, docs/router.md):
      // https://www.juniper.net/documentation/us/en/software/junos/vpn-l3/topics/topic-map/l3-vpns-nh-tunnels.html
      row("routing-options dynamic-tunnels"),
      choice("routing-options dynamic-tunnels gre", "next-hop-based-tunnel full-resolved-next-hop-based-tunnel", kYes,
             "next-hop-based-tunnel"),
      row("routing-options dynamic-tunnels <tunnel>"),
      row("routing-options dynamic-tunnels <tunnel> source-address", kIpv4Address),
      row("routing-options dynamic-tunnels <tunnel> gre"),
      modeled_open("routing-options dynamic-tunnels <tunnel> destination-networks"),  // prefixes: read by the builder
      row("routing-options dynamic-tunnels <tunnel> udp", kNone, kNo),
      row("routing-options dynamic-tunnels <tunnel> ipip", kNone, kNo),
      ignored("routing-options dynamic-tunnels <tunnel> rsvp-te"),
      ignored("routing-options dynamic-tunnels <tunnel> bgp-signal"),
      ignored("routing-options dynamic-tunnels <tunnel> tunnel-attributes"),
      ignored("routing-options dynamic-tunnels statistics"),
      ignored("routing-options dynamic-tunnels traceoptions"),
      ignored("routing-options dynamic-tunnels forwarding-rib"),
      ignored("routing-options dynamic-tunnels tunnel-attributes"),
      ignored("routing-options dynamic-tunnels anti-spoofing"),

      // Routing instances of instance-type vrf (an L3VPN's VRF, docs/router.md);
      // instances of other types are listed as not modeled as a whole.
      row("routing-instances"),
      row("routing-instances <instance>"),
      choice("routing-instances <instance> instance-type",
             "vrf virtual-router forwarding no-forwarding mac-vrf evpn evpn-vpws vpls l2vpn virtual-switch "
             "l2backhaul-vpn mpls-internet-multicast",
             kYes, "vrf"),
      row("routing-instances <instance> interface", kWord),  // an irb no domain routes through: listed
      row("routing-instances <instance> route-distinguisher", kWord),
      row("routing-instances <instance> vrf-target", kWord),
      row("routing-instances <instance> vrf-table-label"),
      row("routing-instances <instance> description", kWord),
      ignored("routing-instances <instance> vrf-import"),
      ignored("routing-instances <instance> vrf-export"),
      ignored("routing-instances <instance> protocols"),
      ignored("routing-instances <instance> forwarding-options"),
      ignored("routing-instances <instance> provider-tunnel"),
      row("routing-instances <instance> routing-options"),
      row("routing-instances <instance> routing-options static"),
      row("routing-instances <instance> routing-options static route", kRoutePrefix),
      row("routing-instances <instance> routing-options static route next-hop", kNextHops),
      ignored("routing-instances <instance> routing-options rib"),
      ignored("routing-instances <instance> routing-options router-id"),
      ignored("routing-instances <instance> routing-options auto-export"),
      ignored("routing-instances <instance> routing-options multipath"),

      // Routing instances of instance-type mac-vrf (EVPN-VXLAN bridging,
      // docs/bridging.md), walked apart from VRFs (statement_check.cpp): the
      // bridge domains and the VTEP's source are modeled; EVPN's own
      // statements, route distinguisher and targets are listed line by line.
      row("routing-instances <mac-vrf>"),
      choice("routing-instances <mac-vrf> instance-type",
             "vrf virtual-router forwarding no-forwarding mac-vrf evpn evpn-vpws vpls l2vpn virtual-switch "
             "l2backhaul-vpn mpls-internet-multicast",
             kYes, "mac-vrf"),
      row("routing-instances <mac-vrf> description", kWord),
      row("routing-instances <mac-vrf> vtep-source-interface", kInterfaceUnit),
      row("routing-instances <mac-vrf> bridge-domains"),
      row("routing-instances <mac-vrf> bridge-domains <domain>"),
      number("routing-instances <mac-vrf> bridge-domains <domain> vlan-id", 1, 4094),
      row("routing-instances <mac-vrf> bridge-domains <domain> interface", kInterfaceUnit),
      // The domain's irb: ARP for its addresses answered, frames to its
      // MACs routed in its VRF (docs/bridging.md).
      row("routing-instances <mac-vrf> bridge-domains <domain> routing-interface", kInterfaceUnit),
      row("routing-instances <mac-vrf> bridge-domains <domain> description", kWord),
      row("routing-instances <mac-vrf> bridge-domains <domain> vxlan"),
      number("routing-instances <mac-vrf> bridge-domains <domain> vxlan vni", 0, 16777214),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> vxlan ingress-node-replication"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> vxlan encapsulate-inner-vlan"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> vxlan decapsulate-accept-inner-vlan"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> vxlan multicast-group"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> vxlan static-remote-vtep-list"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> vxlan unreachable-vtep-aging-timer"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> domain-type"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> bridge-options"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> forwarding-options"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> no-local-switching"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> vlan-id-list"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> vlan-tags"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> isolated-vlan"),
      ignored("routing-instances <mac-vrf> bridge-domains <domain> no-irb-layer-2-copy"),
      row("routing-instances <mac-vrf> protocols"),
      row("routing-instances <mac-vrf> protocols evpn"),
      // VXLAN is the encapsulation the model bridges in (docs/bridging.md).
      choice("routing-instances <mac-vrf> protocols evpn encapsulation", "vxlan mpls", kYes, "vxlan"),
      ignored("routing-instances <mac-vrf> protocols evpn default-gateway"),
      ignored("routing-instances <mac-vrf> protocols evpn extended-vni-list"),
      ignored("routing-instances <mac-vrf> protocols evpn multicast-mode"),
      ignored("routing-instances <mac-vrf> protocols evpn duplicate-mac-detection"),
      ignored("routing-instances <mac-vrf> protocols evpn vni-options"),
      ignored("routing-instances <mac-vrf> protocols evpn remote-ip-host-routes"),
      ignored("routing-instances <mac-vrf> protocols evpn ip-prefix-routes"),
      ignored("routing-instances <mac-vrf> protocols evpn interconnect"),
      ignored("routing-instances <mac-vrf> protocols evpn mac-table-size"),
      ignored("routing-instances <mac-vrf> protocols evpn mac-table-aging-time"),
      ignored("routing-instances <mac-vrf> protocols evpn no-core-isolation"),
      ignored("routing-instances <mac-vrf> protocols evpn label-allocation"),
      ignored("routing-instances <mac-vrf> protocols evpn traceoptions"),
      ignored("routing-instances <mac-vrf> protocols igmp-snooping"),
      ignored("routing-instances <mac-vrf> protocols mld-snooping"),
      ignored("routing-instances <mac-vrf> service-type"),
      ignored("routing-instances <mac-vrf> route-distinguisher"),
      ignored("routing-instances <mac-vrf> vrf-target"),
      ignored("routing-instances <mac-vrf> vrf-import"),
      ignored("routing-instances <mac-vrf> vrf-export"),
      ignored("routing-instances <mac-vrf> interface"),
      ignored("routing-instances <mac-vrf> switch-options"),
      ignored("routing-instances <mac-vrf> vlans"),
      ignored("routing-instances <mac-vrf> forwarding-options"),
      ignored("routing-instances <mac-vrf> routing-options"),
      ignored("routing-options source-packet-routing"),
      ignored("routing-options traceoptions"),
      ignored("routing-options auto-export"),
      ignored("routing-options instance-import"),
      ignored("routing-options instance-export"),
      ignored("routing-options confederation"),
      ignored("routing-options flow"),
      ignored("routing-options ipv6-router-id"),
      ignored("routing-options rib aggregate"),
      ignored("routing-options rib generate"),
      ignored("routing-options rib martians"),

      // the policy statements the forwarding table exports
      row("policy-options"),
      row("policy-options policy-statement", kWord),
      row("policy-options policy-statement term", kWord),
      ignored("policy-options policy-statement term from"),
      ignored("policy-options policy-statement term to"),
      row("policy-options policy-statement term then"),
      choice("policy-options policy-statement term then load-balance", "per-flow per-packet consistent-hash random",
             kYes, "per-flow per-packet"),  // per-packet means per-flow on Trio
      row("policy-options policy-statement term then accept", kNone, kNo),
      row("policy-options policy-statement term then reject", kNone, kNo),
      choice("policy-options policy-statement term then next", "term policy", kNo),
      ignored("policy-options policy-statement term then next-hop"),
      ignored("policy-options policy-statement term then community"),
      ignored("policy-options policy-statement term then local-preference"),
      ignored("policy-options policy-statement term then metric"),
      ignored("policy-options policy-statement term then preference"),
      ignored("policy-options policy-statement term then tag"),
      ignored("policy-options policy-statement term then install-nexthop"),
      ignored("policy-options policy-statement from"),
      ignored("policy-options policy-statement to"),
      ignored("policy-options policy-statement then"),
  };
  // Static routes read alike at the top and in a rib.
  // Rows hold views: the deque keeps these strings where they are.
  static std::deque<std::string> storage;
  for (std::string_view prefix : {"routing-options static", "routing-options rib static"}) {
    auto at = [&](std::string_view tail) -> std::string_view {
      storage.push_back(std::string(prefix) + (tail.empty() ? "" : " ") + std::string(tail));
      return storage.back();
    };
    r.push_back(row(at("")));
    r.push_back(row(at("route"), kRoutePrefix));
    r.push_back(row(at("route next-hop"), kNextHops));
    for (std::string_view flag : {"discard", "reject", "receive", "no-readvertise", "readvertise", "resolve",
                                  "no-resolve", "install", "no-install", "retain", "no-retain", "active", "passive"})
      r.push_back(row(at(std::string("route ") + std::string(flag)), kNone, kNo));
    r.push_back(number(at("route preference"), 0, 4294967295LL, kNo));
    r.push_back(number(at("route metric"), 0, 4294967295LL, kNo));
    r.push_back(number(at("route tag"), 0, 4294967295LL, kNo));
    r.push_back(ignored(at("route qualified-next-hop")));
    r.push_back(ignored(at("route community")));
    r.push_back(ignored(at("defaults")));
  }
  return r;
}

struct Index {
  std::vector<SchemaRow> rows = make_rows();
  std::unordered_map<std::string_view, const SchemaRow*> by_path;
  Index() {
    for (const auto& r : rows) by_path.emplace(r.path, &r);
  }
};

const Index& index() {
  static const Index kIndex;
  return kIndex;
}

// Hierarchies Junos has at the top that the model does not apply. Those marked
// true are listed child by child ("protocols bgp"), as the report has always
// listed protocols; the others as a whole ("system").
struct Unchecked {
  std::string_view keyword;
  bool by_child;
};
constexpr Unchecked kUnchecked[] = {
    {"protocols", true},         {"routing-instances", true}, {"policy-options", true},
    {"logical-systems", true},   {"system", false},           {"snmp", false},
    {"firewall", false},         {"class-of-service", false}, {"forwarding-options", false},
    {"event-options", false},    {"access", false},           {"access-profile", false},
    {"applications", false},     {"bridge-domains", false},   {"switch-options", false},
    {"vlans", false},            {"multi-chassis", false},    {"poe", false},
    {"virtual-chassis", false},  {"version", false},          {"accounting-options", false},
    {"dynamic-profiles", false}, {"ethernet-switching-options", false}, {"protocols-options", false},
    {"smtp", false},             {"tenants", false},          {"session-limit-group", false},
    {"jsrc", false},             {"jsrc-partition", false},   {"fabric", false},
    {"schedulers", false},       {"services-options", false}, {"diameter", false},
};

}  // namespace

const SchemaRow* find_schema_row(std::string_view path) {
  const auto& by_path = index().by_path;
  auto it = by_path.find(path);
  return it == by_path.end() ? nullptr : it->second;
}

std::vector<std::string_view> schema_children(std::string_view path) {
  std::vector<std::string_view> out;
  for (const auto& r : index().rows) {
    if (r.path.size() <= path.size() + 1 || !r.path.starts_with(path) || r.path[path.size()] != ' ') continue;
    const std::string_view tail = r.path.substr(path.size() + 1);
    if (tail.find(' ') == std::string_view::npos) out.push_back(tail);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::string> child_schema_path(const std::optional<std::string>& parent, std::string_view keyword) {
  if (!parent) return std::nullopt;
  if (*parent == "groups") return std::string();  // a group's body is read like the top
  if (*parent == "interfaces") return std::string("interfaces <interface>");
  if (*parent == "routing-instances") return std::string("routing-instances <instance>");
  // A mac-vrf instance is walked under its own rows (statement_check.cpp).
  if (*parent == kMacVrfParent) return std::string("routing-instances <mac-vrf>");
  if (*parent == "routing-instances <mac-vrf> bridge-domains")
    return std::string("routing-instances <mac-vrf> bridge-domains <domain>");
  if (*parent == "routing-options dynamic-tunnels" && keyword != "gre" && keyword != "statistics" &&
      keyword != "traceoptions" && keyword != "forwarding-rib" && keyword != "tunnel-attributes" &&
      keyword != "anti-spoofing")
    return std::string("routing-options dynamic-tunnels <tunnel>");
  if (parent->empty()) return std::string(keyword);
  std::string p = *parent + " " + std::string(keyword);
  return p;
}

int schema_arity(const SchemaRow& row) {
  switch (row.value) {
    case kNone:
      return 0;
    case kWords:
    case kAnyWords:
    case kIpAddresses:
    case kNextHops:
      return -1;
    default:
      return 1;
  }
}

bool is_checked_hierarchy(std::string_view top) {
  return top == "chassis" || top == "interfaces" || top == "services" || top == "security" ||
         top == "routing-options";
}

bool is_known_unchecked_hierarchy(std::string_view top, bool* by_child) {
  for (const auto& u : kUnchecked)
    if (u.keyword == top) {
      if (by_child) *by_child = u.by_child;
      return true;
    }
  return false;
}

const std::vector<SchemaRow>& schema_rows() { return index().rows; }

}  // namespace trio6sim::junos
