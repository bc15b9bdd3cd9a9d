// What firmware programs into a chip (Trio6's programming interface) and
// the forwarding state holds: logical interfaces, next hops, service sets,
// traffic selectors, MPLS labels, an SA's direction. Plain C++, no SystemC;
// the tables the blocks read are in forwarding_table.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "packet/ip_address.h"

namespace trio6sim::models {

using IfIndex = uint32_t;

// kRemote: an interface of the same router that lives on another chip (a
// port of another LMIC, or the st0/si units anchored there); next hops to it
// leave through the chassis fabric.
enum class InterfaceKind : uint8_t { kPhysical, kAggregate, kLoopback, kSt0, kSi, kRemote };

struct Interface {
  std::string name;
  InterfaceKind kind = InterfaceKind::kPhysical;
  bool present = true;            // false once removed (indexes are never reused)
  int port = -1;                  // kPhysical: WAN port 0..15
  std::vector<IfIndex> members;   // kAggregate: physical member interfaces
  uint32_t st0_unit = 0;          // kSt0
  int si_number = -1;             // kSi: si-F/P/N
  int si_unit = -1;               // kSi: the unit number (any; a service set names two)
  bool si_outside = false;        // kSi: service-domain outside (else inside)
  IfIndex parent = 0;             // kPhysical, kRemote: the aggregate it is a member of (0: none)
  bool link_up = true;            // kPhysical, kRemote: a port whose link is down carries nothing;
                                  // its aggregate hashes over the members that are up
  int remote_chip = -1;           // kRemote: the router's index of the chip that holds it
  IfIndex remote_ifl = 0;         // kRemote: its index on that chip
  // kPhysical, kAggregate, kRemote: the media MTU, the largest frame the
  // interface sends without its FCS (L2 header included, as Junos counts
  // `interfaces X mtu`); 0: no limit. Checked on egress (docs/esp.md).
  uint32_t mtu_bytes = 0;
  // kSt0, and kRemote views of one: `family inet mtu` and `family inet6
  // mtu`, the largest IPv4 and IPv6 packet routed into the tunnel (no L2
  // header); 0: no limit. Checked before encryption (docs/esp.md).
  uint32_t inet_mtu_bytes = 0;
  uint32_t inet6_mtu_bytes = 0;
};

enum class NextHopKind : uint8_t {
  kInterface,  // physical or aggregate interface, with an L2 rewrite
  kSt0,        // st0 unit: encrypt through the tunnel's service set (mpls_label != 0: push it first)
  kMplsPush,   // push one MPLS label, then out of an interface
  kLocal,      // local delivery (routing engine)
  kDiscard,    // drop silently (counted as "discard route")
  kSiOutside,  // the IKE gateway address: to the outside si unit, to decrypt
  // A VPN route (routing instance) to another PE over MPLS over GRE: push the
  // VPN label, wrap it in GRE (RFC 4023) from this router to the tunnel's far
  // end (`ifl` indexes ForwardingState::gre_tunnels), then route the outer
  // IPv4 header in the global table, in the same pass.
  kMplsGre,
  // The connected subnet of a bridge domain's irb (docs/bridging.md): the
  // packet is routed into bridge domain `ifl`, its destination's MAC from
  // the domain's MAC-IP bindings, a new L2 header from the irb's MAC with
  // the domain's tag, then bridged in that domain (asymmetric IRB).
  kIrb,
};

struct NextHop {
  NextHopKind kind = NextHopKind::kDiscard;
  uint16_t l2_bytes = 14;  // L2 header the rewrite writes (14 untagged Ethernet, 18 with one VLAN tag)
  IfIndex ifl = 0;
  uint32_t mpls_label = 0;  // 12 bytes: a route slot is 16 B (IPv4), four per cache line

  static NextHop interface(IfIndex ifl, uint16_t l2_bytes = 14) {
    return {.kind = NextHopKind::kInterface, .l2_bytes = l2_bytes, .ifl = ifl};
  }
  static NextHop st0(IfIndex st0_ifl, uint32_t push_label = 0) {
    return {.kind = NextHopKind::kSt0, .ifl = st0_ifl, .mpls_label = push_label};
  }
  static NextHop mpls_push(uint32_t label, IfIndex ifl, uint16_t l2_bytes = 14) {
    return {.kind = NextHopKind::kMplsPush, .l2_bytes = l2_bytes, .ifl = ifl, .mpls_label = label};
  }
  static NextHop local() { return {.kind = NextHopKind::kLocal}; }
  static NextHop discard() { return {.kind = NextHopKind::kDiscard}; }
  static NextHop si_outside(IfIndex si_ifl) { return {.kind = NextHopKind::kSiOutside, .ifl = si_ifl}; }
  static NextHop mpls_gre(uint32_t gre_tunnel, uint32_t vpn_label) {
    return {.kind = NextHopKind::kMplsGre, .ifl = gre_tunnel, .mpls_label = vpn_label};
  }
  static NextHop irb(uint32_t bridge_domain) { return {.kind = NextHopKind::kIrb, .l2_bytes = 18, .ifl = bridge_domain}; }
};

// One GRE tunnel this router encapsulates into (IPv4 outer header, RFC 2784
// without key, checksum or sequence number, as Junos' next-hop-based dynamic
// GRE tunnels send): its source (a local address) and far end.
struct GreTunnel {
  IpAddress source, destination;  // IPv4
};

struct ServiceSet {
  std::string name;
  IfIndex inside = 0;   // si unit .0
  IfIndex outside = 0;  // si unit .1
  int si_number = 0;    // both units are on this si interface
};

// A prefix pair a tunnel carries with its own SA pair (IKEv2 traffic
// selectors, RFC 7296 2.9): outbound packets from `local` to `remote`, inbound
// ones from `remote` to `local`.
struct TrafficSelector {
  IpAddress local, remote;  // networks (host bits clear), one family
  int local_length = 0, remote_length = 0;
  uint32_t outbound_sa = 0, inbound_sa = 0;  // SA ids (see Trio6::add_sa)
  // The inbound SA a rekey replaced, still open for the peer's packets in
  // flight until its DELETE (make-before-break); 0: none.
  uint32_t draining_inbound_sa = 0;

  // `source` and `destination`: an IP header's address bytes (4 or 16 by `v4`).
  bool holds(bool v4, const uint8_t* source, const uint8_t* destination, bool outbound) const {
    if (local.is_v4() != v4) return false;
    return outbound ? prefix_holds(local, local_length, source) && prefix_holds(remote, remote_length, destination)
                    : prefix_holds(remote, remote_length, source) && prefix_holds(local, local_length, destination);
  }
  static bool prefix_holds(const IpAddress& network, int length, const uint8_t* address) {
    const uint8_t* n = network.data();
    int i = 0;
    for (; length >= 8; length -= 8, ++i)
      if (n[i] != address[i]) return false;
    return length == 0 || ((n[i] ^ address[i]) & static_cast<uint8_t>(0xff00u >> length)) == 0;
  }
};

// What an MPLS label the router allocated means on arrival. The model covers
// labeled BGP's (6PE) label and an L3VPN's per-table label (Junos'
// vrf-table-label): pop it and look the IP packet beneath up, in the global
// tables (instance 0) or in routing instance `instance`'s.
struct MplsEntry {
  bool pop_and_lookup = true;
  uint16_t instance = 0;
};

enum class SaDirection : uint8_t { kInbound, kOutbound };

// Bridging (docs/bridging.md): a bridge domain joins the ports that carry
// its VLAN on this router and, when it has a VNI, the remote VTEPs that
// carry it in VXLAN (RFC 7348). A MAC address is a 48-bit key (its six
// bytes, first byte most significant).
using MacKey = uint64_t;
inline MacKey mac_key(const uint8_t* m) {
  MacKey k = 0;
  for (int i = 0; i < 6; ++i) k = k << 8 | m[i];
  return k;
}

// An address of a bridge domain's irb (its `virtual-gateway-address` or its
// own address): the lookup answers an ARP request for it with `mac`
// (docs/bridging.md), and routes a frame to `mac`.
struct BridgeGateway {
  uint32_t ipv4 = 0;  // host order
  MacKey mac = 0;
};

struct BridgeDomain {
  std::string name;
  uint16_t vlan = 0;  // the 802.1Q VLAN its ports' frames carry
  uint32_t vni = 0;   // the VXLAN network identifier; 0: bridged on this router only
  std::vector<BridgeGateway> gateways;  // ARP answered for these (add_bridge_gateway, add_bridge_irb)
  // The domain's irb (add_bridge_irb): its MAC (the router's chassis MAC;
  // 0: no irb), the routing instance its packets are looked up in (0: the
  // global tables) and its subnets, inside which ARP senders are learned
  // as MAC-IP bindings.
  MacKey irb_mac = 0;
  uint16_t irb_instance = 0;
  struct Subnet {
    uint32_t network = 0;  // host order, host bits clear
    int length = 0;
  };
  std::vector<Subnet> irb_subnets;
  bool in_irb_subnet(uint32_t ipv4) const {
    for (const Subnet& s : irb_subnets)
      if (s.length == 0 || (ipv4 >> (32 - s.length)) == (s.network >> (32 - s.length))) return true;
    return false;
  }
};

// Where a bridge domain sends frames to a MAC: out of a port (`ifl`, a
// physical interface of this chip or a kRemote one of another chip of the
// router), or in VXLAN to a remote VTEP (`remote_vtep`, an IPv4 address).
struct MacEntry {
  IfIndex ifl = 0;
  uint32_t remote_vtep = 0;  // host order; 0: local
  bool remote() const { return remote_vtep != 0; }
};

// A MAC learned from the data plane: what the chip reports to the
// routing engine, which installs it on the router's other chips and
// advertises it (EVPN MAC/IP route) to the remote VTEPs.
// With `ipv4` set, a MAC-IP binding learned from an ARP packet's sender
// (the EVPN MAC/IP route with its IP).
struct LearnedMac {
  uint32_t domain = 0;
  MacKey mac = 0;
  IfIndex ifl = 0;    // the port it arrived on, as the learning chip knows it
  uint32_t ipv4 = 0;  // host order; 0: a MAC alone
};

}  // namespace trio6sim::models
