// The typed model of one device's configuration: what the simulator covers
// (chassis inline services, interfaces and units, service sets, IKE and IPsec,
// static routes, the forwarding-table export policy), as plain structs. No
// Junos text goes past this layer except names (interface names such as
// "st0.1" are the keys the models use). Everything else the file holds
// (bgp, isis, mpls, lldp, evpn, ...) is kept as a list of statements that are
// not modeled.
//
// Each item keeps the Origin of the statements a commit check may name, so an
// error can print its `[edit ...]` hierarchy, the statement and FILE:LINE.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "junos/config_tree.h"
#include "junos/statement_check.h"
#include "packet/expected.h"
#include "packet/ip_address.h"

namespace trio6sim::junos {

struct Origin {
  std::string edit_path;  // "security ipsec proposal P1" (empty at the top)
  std::string statement;  // "protocol ah"
  SourceLocation where;
};

// An address with its prefix length, "12.1.1.2/32" or "2002:13:11:1::1/64".
struct IpPrefix {
  IpAddress address;
  int length = 0;

  static std::optional<IpPrefix> parse(std::string_view text);
  std::string to_string() const;
  bool operator==(const IpPrefix&) const = default;
};

// "si-0/1/0.1" -> interface "si-0/1/0", unit 1.
struct InterfaceUnitName {
  std::string interface;
  int unit = 0;

  static std::optional<InterfaceUnitName> parse(std::string_view text);
  std::string to_string() const;
};

// "si-0/1/2" -> FPC 0, PIC 1, port 2; nullopt for names without F/P/N.
struct FpcPicPort {
  int fpc = 0;
  int pic = 0;
  int port = 0;

  static std::optional<FpcPicPort> parse(std::string_view interface_name);
};

enum class InterfaceKind { kEthernet, kAggregatedEthernet, kLoopback, kServices, kSecureTunnel, kIrb, kOther };
std::string_view to_string(InterfaceKind kind);
InterfaceKind interface_kind(std::string_view name);

enum class ServiceDomain { kInside, kOutside };

struct FamilyConfig {
  std::string name;                    // inet, inet6, mpls, iso
  std::vector<std::string> addresses;  // as written; IP ones also parse as IpPrefix
  // `address A { virtual-gateway-address G; }` (an irb's), as written, with
  // the statement's place for errors about it.
  struct VirtualGateway {
    std::string address, gateway;
    IpAddress gateway_address;  // `gateway` parsed (the reader refuses one that is not an address)
    SourceLocation where;
    bool operator==(const VirtualGateway&) const = default;
  };
  std::vector<VirtualGateway> virtual_gateways;
  std::optional<int> mtu;

  std::vector<IpPrefix> ip_prefixes() const;
};

struct LogicalUnit {
  int number = 0;
  std::vector<FamilyConfig> families;
  std::optional<ServiceDomain> service_domain;
  std::string encapsulation;     // `encapsulation vlan-bridge` ("" when not set)
  std::optional<int> vlan_id;    // `vlan-id N`
  std::string description;
  Origin origin;

  const FamilyConfig* family(std::string_view name) const;
};

struct Interface {
  std::string name;
  InterfaceKind kind = InterfaceKind::kOther;
  std::string description;
  std::optional<int> mtu;
  std::optional<std::string> bundle;  // `gigether-options 802.3ad ae0` (or ether-options)
  bool lacp = false;                  // `aggregated-ether-options lacp`
  bool lacp_active = false;
  std::string lacp_periodic;  // "fast", "slow" or ""
  std::vector<LogicalUnit> units;
  Origin origin;

  const LogicalUnit* unit(int number) const;
};

// `routing-instances NAME instance-type mac-vrf`'s bridge domains
// (docs/bridging.md): a VLAN, the vlan-bridge units that carry it, and the
// VXLAN VNI that carries it between VTEPs.
struct BridgeDomain {
  std::string name;
  int vlan_id = 0;
  std::vector<std::string> interfaces;  // "et-0/2/10.10"
  std::string routing_interface;        // "irb.10" (its routed path is not modeled)
  std::optional<uint32_t> vni;
  Origin origin;
};

struct MacVrf {
  std::string name;
  std::string vtep_source_interface;  // "lo0.0"
  std::string route_distinguisher;    // "12.1.1.1:1"
  std::vector<BridgeDomain> bridge_domains;
  Origin origin;
};

// `chassis fpc F pic P inline-services [bandwidth B]`: creates si-F/P/0..3.
struct InlineServices {
  int fpc = 0;
  int pic = 0;
  std::optional<std::string> bandwidth;  // as written: "10g"
  std::optional<uint64_t> bandwidth_bps;
  Origin origin;
};

struct StaticRoute {
  std::string rib = "inet.0";  // or "inet6.0" from `rib inet6.0 static`
  IpPrefix destination;
  std::vector<std::string> next_hops;  // addresses or interface units ("st0.1")
  Origin origin;
};

// `routing-instances NAME` of instance-type vrf (an L3VPN's VRF): its
// customer-facing interfaces, its route target, its table label and its own
// static routes. Other instance types are listed as not modeled.
struct RoutingInstance {
  std::string name;
  Origin origin;
  std::string instance_type;  // "vrf"
  std::vector<std::string> interfaces;  // logical units, "et-0/2/10.0"
  std::vector<Origin> interface_origins;
  std::string route_distinguisher;      // "12.1.1.1:1"
  std::string vrf_target;               // "target:64512:1"
  Origin vrf_target_origin;
  bool vrf_table_label = false;  // one label for the table, popped into an IP lookup
  std::vector<StaticRoute> static_routes;  // rib "inet.0" or "inet6.0" of the instance
};

// `routing-options dynamic-tunnels NAME`: a next-hop-based dynamic GRE tunnel
// from `source_address` to each BGP next hop inside `destination_networks`.
struct DynamicTunnel {
  std::string name;
  Origin origin;
  std::optional<IpAddress> source_address;
  Origin source_origin;
  bool gre = false;
  std::vector<IpPrefix> destination_networks;
};

// The BGP neighbors of groups with `family inet-vpn` (BGP itself is not run:
// the VPN routes are exchanged between the scenario's devices at plan time).
struct InetVpnPeering {
  std::optional<IpAddress> local_address;
  std::vector<IpAddress> neighbors;
  Origin origin;
};

// `protocols bgp group G` with `family evpn`: EVPN's peers, as `show bgp
// summary` lists them (the sessions are not run: docs/bridging.md).
struct EvpnPeering {
  std::string group;
  bool internal = false;             // `type internal`: the peers are in the router's AS
  std::optional<uint32_t> peer_as;   // `peer-as`
  std::vector<IpAddress> neighbors;
};

struct ServiceSet {
  std::string name;
  std::string inside_service_interface;   // "si-0/1/0.0"
  std::string outside_service_interface;  // "si-0/1/0.1"
  Origin inside_origin;
  Origin outside_origin;
  std::vector<std::string> ipsec_vpns;
  std::vector<Origin> ipsec_vpn_origins;
  Origin origin;
};

struct PreSharedKey {
  std::string format;  // "ascii-text" or "hexadecimal"
  std::string text;    // as written, possibly "$9$..."
  // The secret itself: `text` decoded when it is a $9$ string.
  Expected<std::string, std::string> secret() const;
};

// SA lifetimes when `lifetime-seconds` is absent, for the consumer (the
// IKEv2 daemon) to apply; the model keeps the statement optional so that a
// configured value and the default stay apart. Both take 180-86400 s.
// IPsec SA: 3600 s (DISA Juniper SRX VPN STIG SV-214669, "The default is
// 3600"; the blog [I] and the TechLibrary [T-MX] show SAs counting down from
// 3600 with no lifetime configured). IKE SA: 28800 s (STIG SV-214670;
// Batfish's Juniper model; [T-MX]). docs/trio6-facts.md, "The SA lifecycle".
inline constexpr uint32_t kDefaultIpsecLifetimeSeconds = 3600;
inline constexpr uint32_t kDefaultIkeLifetimeSeconds = 28800;

struct IkeProposal {
  std::string name;
  std::string description;
  std::string authentication_method;
  // Every value Junos has is kept (group1 ... group24), including those the
  // simulator's IKEv2 cannot run: the daemon refuses them, naming
  // dh_group_origin. "" when absent.
  std::string dh_group;
  std::string encryption_algorithm;      // "" when absent
  std::string authentication_algorithm;  // "" when absent; none with aes-*-gcm (commit check)
  // 180-86400 s (the schema's range); nullopt when absent: the IKE SA then
  // lives kDefaultIkeLifetimeSeconds.
  std::optional<uint32_t> lifetime_seconds;
  Origin dh_group_origin;
  Origin encryption_origin;
  Origin authentication_algorithm_origin;
  Origin lifetime_origin;
  Origin origin;
};

struct IkePolicy {
  std::string name;
  std::string mode;  // main / aggressive
  std::vector<std::string> proposals;
  std::optional<PreSharedKey> pre_shared_key;
  // `reauth-frequency N` (0-100): re-authenticate the IKE SA after N IKE hard
  // lifetimes; nullopt when absent, which means 0, disabled (Junos CLI help;
  // [T-MX] prints "Reauth Lifetime: Disabled").
  std::optional<uint32_t> reauth_frequency;
  Origin reauth_origin;
  Origin origin;
};

// `dead-peer-detection { optimized | probe-idle-tunnel | always-send;
// interval 2-60; threshold 1-5; }` (Juniper statement page
// security-edit-dead-peer-detection): the defaults are those of a bare
// `dead-peer-detection;`. optimized probes only when there is outgoing and no
// incoming traffic (RFC 3706); probe-idle-tunnel also when the tunnel is
// idle; always-send at every interval.
struct DeadPeerDetection {
  std::string mode = "optimized";  // optimized | probe-idle-tunnel | always-send
  uint32_t interval_s = 10;        // seconds between probes, 2-60
  uint32_t threshold = 5;          // unanswered probes before the peer is dead, 1-5
  Origin origin;                   // the dead-peer-detection statement
  // Each mode statement, in configuration order: more than one is a commit
  // error naming the second.
  std::vector<Origin> mode_origins;
};

struct IkeGateway {
  std::string name;
  std::string ike_policy;
  std::vector<std::string> addresses;
  std::string local_address;
  std::string external_interface;
  std::optional<std::string> version;  // v1-only / v2-only; Junos' default is v1-only
  Origin version_origin;
  // Present when `dead-peer-detection` is configured, even bare.
  std::optional<DeadPeerDetection> dead_peer_detection;
  // `packet-encapsulation [use-global-dest-port]`: ESP in UDP on this
  // gateway's SAs, to port 500 or, with use-global-dest-port, to `security
  // ike packet-encapsulation dest-port` (TechLibrary, "Inline IPsec Multipath
  // Forwarding with UDP Encapsulation" [T]).
  bool packet_encapsulation = false;
  bool use_global_dest_port = false;
  Origin packet_encapsulation_origin;
  Origin origin;
};

// `security ike packet-encapsulation dest-port N`: 1025-65535 (the
// TechLibrary writes 65536, which a 16-bit UDP port cannot hold), not 4500
// (NAT-T's) [T]. The UDP destination port of the gateways that say
// use-global-dest-port.
struct IkePacketEncapsulation {
  std::optional<uint16_t> dest_port;
  Origin dest_port_origin;
};

// The TechLibrary's default UDP destination port of packet encapsulation [T].
inline constexpr uint16_t kDefaultPacketEncapsulationPort = 500;

struct IpsecProposal {
  std::string name;
  std::string description;
  std::string protocol;  // "" when not configured (Junos' default is esp)
  std::string encryption_algorithm;
  std::string authentication_algorithm;
  bool extended_sequence_number = false;
  // 180-86400 s; nullopt when absent: the SA then lives
  // kDefaultIpsecLifetimeSeconds.
  std::optional<uint32_t> lifetime_seconds;
  Origin protocol_origin;
  Origin encryption_origin;
  Origin lifetime_origin;
  Origin origin;
};

struct IpsecPolicy {
  std::string name;
  std::vector<std::string> proposals;
  // `perfect-forward-secrecy { keys groupN; }`: the DH group of each
  // CREATE_CHILD_SA; "" when absent (no PFS). Every Junos group is kept; the
  // daemon refuses those it cannot run, naming pfs_origin (the `keys`
  // statement, or `perfect-forward-secrecy` itself when it has no keys).
  std::string pfs_group;
  Origin pfs_origin;
  Origin origin;
};

// `traffic-selector NAME { local-ip P; remote-ip P; }`: one IPsec SA pair
// per selector, negotiated with the peer's mirrored selector.
struct TrafficSelector {
  std::string name;
  std::optional<IpPrefix> local_ip;
  std::optional<IpPrefix> remote_ip;
  Origin origin, local_origin, remote_origin;
};

struct IpsecVpn {
  std::string name;
  std::string bind_interface;  // "st0.1"
  Origin bind_origin;
  bool copy_outer_dscp = false;
  // `df-bit clear|set|copy`: the outer IPv4 header's DF bit on encryption;
  // "" when absent (Junos' default, clear).
  std::string df_bit;
  // `tunnel-mtu`: the largest outer IP packet; inner IPv4 packets are
  // pre-fragmented to fit before ESP [T]. 0 when absent (no limit).
  uint16_t tunnel_mtu = 0;
  std::string ike_gateway;
  Origin ike_gateway_origin;
  std::string ipsec_policy;
  std::optional<uint32_t> anti_replay_window_size;
  Origin anti_replay_origin;
  // immediately | on-traffic | responder-only | responder-only-no-rekey;
  // "" when absent (the consumer applies Junos' default). Two responder-only
  // peers never start a tunnel, but that is not a single-device commit error.
  std::string establish_tunnels;
  std::vector<TrafficSelector> traffic_selectors;
  Origin origin;
};

// `security ipsec security-association NAME mode transport|tunnel` (manual SAs).
struct ManualSecurityAssociation {
  std::string name;
  std::string mode;
  Origin mode_origin;
};

struct ForwardingTable {
  std::vector<std::string> export_policies;
  // Some exported policy's `then load-balance per-flow` (Junos' name for
  // per-flow ECMP in the forwarding table).
  bool per_flow_load_balancing = false;
};

struct DeviceConfig {
  std::string file;
  std::vector<InlineServices> inline_services;
  std::vector<Interface> interfaces;
  std::vector<ServiceSet> service_sets;
  std::vector<IkeProposal> ike_proposals;
  std::vector<IkePolicy> ike_policies;
  std::vector<IkeGateway> ike_gateways;
  IkePacketEncapsulation ike_packet_encapsulation;
  std::vector<IpsecProposal> ipsec_proposals;
  std::vector<IpsecPolicy> ipsec_policies;
  std::vector<IpsecVpn> ipsec_vpns;
  std::vector<ManualSecurityAssociation> manual_security_associations;
  std::vector<StaticRoute> static_routes;
  std::vector<RoutingInstance> routing_instances;  // instance-type vrf only
  std::vector<DynamicTunnel> dynamic_tunnels;
  bool gre_next_hop_based_tunnels = false;  // routing-options dynamic-tunnels gre next-hop-based-tunnel
  Origin dynamic_tunnels_origin;
  std::vector<InetVpnPeering> inet_vpn_peerings;
  std::vector<EvpnPeering> evpn_peerings;
  std::vector<MacVrf> mac_vrfs;  // routing instances of instance-type mac-vrf
  ForwardingTable forwarding_table;
  std::optional<IpAddress> router_id;
  std::optional<uint32_t> autonomous_system;

  // Statements Junos has and the simulator does not apply, with their file
  // and line, in file order: "protocols bgp", "chassis aggregated-devices",
  // "security ipsec vpn v1 traffic-selector ts1", ... (statement_schema.cpp
  // says which statements are applied). `trio6sim check` prints them as
  // warnings and the run report lists them.
  const std::vector<NotModeledStatement>& not_modeled_statements() const { return not_modeled_statements_; }
  // The same statements' paths, each once.
  const std::vector<std::string>& not_modeled() const { return not_modeled_; }
  // The protocols configured but not run, each once: first
  // those under `protocols`, then those under `routing-instances NAME protocols`
  // ("bgp", "isis", "mpls", "lldp", "evpn").
  const std::vector<std::string>& not_modeled_protocols() const { return not_modeled_protocols_; }

  const Interface* interface(std::string_view name) const;
  // "st0.1" -> the unit; nullptr when the interface or the unit is missing.
  const LogicalUnit* unit(std::string_view interface_unit) const;
  const ServiceSet* service_set(std::string_view name) const;
  const IkeGateway* ike_gateway(std::string_view name) const;
  // The UDP destination port of `gateway`'s ESP when it has
  // packet-encapsulation (its own choice of the global port or 500), else
  // nullopt: ESP in IP.
  std::optional<uint16_t> packet_encapsulation_port(const IkeGateway& gateway) const;
  const IkePolicy* ike_policy(std::string_view name) const;
  const IpsecProposal* ipsec_proposal(std::string_view name) const;
  const IpsecPolicy* ipsec_policy(std::string_view name) const;
  const IpsecVpn* ipsec_vpn(std::string_view name) const;
  const InlineServices* inline_services_on(int fpc, int pic) const;
  const RoutingInstance* routing_instance(std::string_view name) const;

 private:
  friend class DeviceConfigBuilder;
  std::vector<NotModeledStatement> not_modeled_statements_;
  std::vector<std::string> not_modeled_;
  std::vector<std::string> not_modeled_protocols_;
};

// A statement the builder could not read into the model (a value of the wrong
// kind, such as `mtu big`). Reported like a commit error.
struct ModelError {
  Origin origin;
  std::string message;
};

// Builds the model from a loaded (group-expanded) tree. Inactive statements
// are skipped as Junos skips them.
Expected<DeviceConfig, ModelError> build_device_config(const ConfigTree& tree);

// The effective model as stable text (no line numbers), for comparing two
// configurations and for `trio6sim check --dump`.
std::string dump(const DeviceConfig& config);

}  // namespace trio6sim::junos
