// The forwarding state firmware programs, one copy shared by both slices as
// in the hardware (one FIB in HBM) [W,L]: logical interfaces, IPv4/IPv6
// routes with next hops, st0 tunnels, service sets and ESP steering, as the
// blocks read it (the types a caller programs it with are in
// forwarding_types.h). Plain C++, no SystemC.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "forwarding_types.h"
#include "spi_table.h"

namespace trio6sim::models {

// Longest-prefix match over one address family: one open-addressing hash
// table per prefix length (flat, so a probe is one cache line, not a node
// chase), probed from the longest used length down. IPv4 keys are 4 bytes,
// so an IPv4 slot (key and next hop) is 16 B. Each length keeps a one-bit
// filter (4 bits per slot, so a few KB at most) indexed by the key's hash:
// a length that cannot hold the address is passed over without touching
// its table, which at thousands of routes is a cache miss per probe.
class RouteTable {
 public:
  explicit RouteTable(int address_bits)
      : bits_(address_bits), v4_(address_bits == 32 ? 33 : 0), v6_(address_bits == 32 ? 0 : 129) {}
  void add(const uint8_t* prefix, int length, const NextHop& nh);
  bool remove(const uint8_t* prefix, int length);
  const NextHop* lookup(const uint8_t* address) const;
  std::size_t size() const { return count_; }

 private:
  using Key6 = std::array<uint64_t, 2>;
  // An unused slot's next hop has this kind (never a route's).
  static constexpr NextHopKind kEmpty = static_cast<NextHopKind>(0xff);
  template <class K>
  struct Slot {
    K key{};
    NextHop next_hop{.kind = kEmpty};
  };
  template <class K>
  struct LengthTable {
    std::vector<Slot<K>> slots;    // capacity a power of two, at most half full
    std::vector<uint64_t> filter;  // 4 bits per slot: bit (hash >> filter_shift) set for every key held
    std::size_t count = 0;
    int slot_shift = 64;  // slot index: the hash's top log2(slots) bits
    int filter_shift = 64;
  };
  static uint64_t hash(uint32_t k) { return uint64_t{k} * 0x9e3779b97f4a7c15ull; }  // Fibonacci hashing: top bits
  static uint64_t hash(const Key6& k) {  // splitmix64's finalizer: every bit mixes into the top ones
    uint64_t h = k[0] ^ (k[1] * 0x9e3779b97f4a7c15ull);
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    return h ^ (h >> 31);
  }
  static bool same(uint32_t a, uint32_t b) { return a == b; }
  // Word by word: std::array's == on two words compiles to a memcmp call.
  static bool same(const Key6& a, const Key6& b) { return a[0] == b[0] && a[1] == b[1]; }
  template <class K>
  static const Slot<K>* find(const LengthTable<K>& t, const K& k) {
    if (t.count == 0) return nullptr;
    const uint64_t h = hash(k);
    const uint64_t f = h >> t.filter_shift;
    if (!((t.filter[f >> 6] >> (f & 63)) & 1)) return nullptr;
    const std::size_t mask = t.slots.size() - 1;
    for (std::size_t i = static_cast<std::size_t>(h >> t.slot_shift);; i = (i + 1) & mask) {
      const Slot<K>& s = t.slots[i];
      if (s.next_hop.kind == kEmpty) return nullptr;
      if (same(s.key, k)) return &s;
    }
  }
  template <class K>
  static void insert(LengthTable<K>& t, const K& k, const NextHop& nh);
  template <class K>
  static bool erase(LengthTable<K>& t, const K& k);
  uint32_t key4(const uint8_t* address, int length) const;
  Key6 key6(const uint8_t* address, int length) const;
  void note_length(int length, bool used);
  int bits_;
  std::vector<LengthTable<uint32_t>> v4_;  // by prefix length (IPv4 tables only)
  std::vector<LengthTable<Key6>> v6_;      // by prefix length (IPv6 tables only)
  std::vector<int> lengths_;  // used lengths, longest first
  std::size_t count_ = 0;
};

struct Tunnel {                  // one st0 unit
  uint32_t service_set = 0;      // index into service sets
  std::optional<uint32_t> outbound_sa;  // SA ids (see Trio6::add_sa)
  std::optional<uint32_t> inbound_sa;
  // Traffic-selector mode: the tunnel carries only what one of these holds,
  // each with its SA pair; the first that holds an outbound packet seals it.
  // Empty: P2P next-hop mode, every packet routed to the unit uses the pair above.
  // The first selector lives inside the tunnel (a VPN usually has one): at
  // 2,000 tunnels a packet then reads one object, not the tunnel and a
  // separate heap block.
  boost::container::small_vector<TrafficSelector, 1> selectors;
  // The unit's `family inet|inet6 mtu` (Trio6::set_tunnel_ip_mtu), here so
  // that the packet routed into the tunnel reads no other record; 0: none.
  uint16_t inet_mtu = 0;
  uint16_t inet6_mtu = 0;

  const TrafficSelector* outbound_selector(bool v4, const uint8_t* source, const uint8_t* destination) const {
    for (const auto& s : selectors)
      if (s.holds(v4, source, destination, true)) return &s;
    return nullptr;
  }
  // Whether a packet inbound SA `sa` decrypted lies inside that SA's selector.
  bool admits_inbound(uint32_t sa, bool v4, const uint8_t* source, const uint8_t* destination) const {
    for (const auto& s : selectors)
      if (s.inbound_sa == sa || (sa != 0 && s.draining_inbound_sa == sa)) return s.holds(v4, source, destination, false);
    return false;
  }
};

// A routing instance's own tables (Junos instance-type vrf): the interfaces
// bound to it (ForwardingState::port_instance) and the VPN label that pops
// into it (MplsEntry::instance) look their packets up here, not in the
// global tables.
struct RoutingInstance {
  std::string name;
  RouteTable ipv4{32};
  RouteTable ipv6{128};
};

class ForwardingState {
 public:
  std::vector<Interface> interfaces;
  std::unordered_map<std::string, IfIndex> by_name;
  RouteTable ipv4{32};
  RouteTable ipv6{128};
  std::unordered_map<uint32_t, MplsEntry> mpls;  // label -> action
  std::vector<ServiceSet> service_sets;
  std::vector<std::optional<Tunnel>> tunnels;  // indexed by the st0 unit's IfIndex
  SpiTable esp_units;  // inbound SPI -> the outside si unit its ESP goes to (Trio6::steer_esp)
  // Some interface has an MTU (Trio6::set_interface_mtu): only then does the
  // lookup read the egress interface's, so a chip without MTUs pays one
  // predictable branch per packet.
  bool mtu_limited = false;
  // Routing instances by id - 1 (id 0: the global tables above).
  std::vector<RoutingInstance> instances;
  // The routing instance of each WAN port's interface (0: global), read by
  // the first lookup of a packet from that port.
  std::array<uint16_t, 16> port_instance{};
  std::vector<GreTunnel> gre_tunnels;  // NextHopKind::kMplsGre's ifl indexes these
  // Local IPv4 addresses that terminate GRE (a tunnel's source): GRE to one
  // of them carrying MPLS is decapsulated and its label looked up.
  std::vector<uint32_t> gre_endpoints;  // address bytes as loaded big-endian

  const RouteTable& ipv4_table(uint16_t instance) const { return instance == 0 ? ipv4 : instances[instance - 1].ipv4; }
  const RouteTable& ipv6_table(uint16_t instance) const { return instance == 0 ? ipv6 : instances[instance - 1].ipv6; }
  bool terminates_gre(uint32_t address) const {
    for (uint32_t a : gre_endpoints)
      if (a == address) return true;
    return false;
  }
  // Bridging (docs/bridging.md): bridge domains, the (port, VLAN) and VNI
  // that select one, its MAC table, and the local VTEP's IPv4 source.
  std::vector<BridgeDomain> bridge_domains;
  struct BridgePort {
    uint32_t domain = 0;
    IfIndex ifl = 0;  // the port's interface, where its frames' source MACs are learned
  };
  std::unordered_map<uint32_t, BridgePort> bridge_ports;  // port << 12 | VLAN
  std::unordered_map<uint32_t, uint32_t> bridge_vnis;   // VNI -> domain
  std::unordered_map<uint64_t, MacEntry> macs;          // domain << 48 | MAC -> where
  std::vector<uint32_t> macs_per_domain;                // entries each domain holds
  // MAC-IP bindings (docs/bridging.md): where the irb resolves a routed
  // packet's destination; learned from ARP (counted per domain, bounded as
  // the MAC table) or installed from the peers' MAC/IP routes.
  std::unordered_map<uint64_t, MacKey> mac_ips;  // domain << 32 | IPv4 (host order) -> MAC
  std::vector<uint32_t> mac_ips_per_domain;      // learned entries each domain holds
  uint32_t vtep_source = 0;                             // host order; 0: no VTEP
  // Where a domain floods a broadcast, multicast or unknown-unicast frame:
  // its ports on the router (this chip's and kRemote ones of its other
  // chips) and, by ingress replication, the remote VTEPs that share its VNI
  // (host order; the peers' inclusive multicast routes, RFC 7432 type 3).
  struct BridgeFlood {
    std::vector<IfIndex> ifls;
    std::vector<uint32_t> vteps;
  };
  std::vector<BridgeFlood> bridge_floods;  // by domain

  static uint64_t mac_slot(uint32_t domain, MacKey mac) { return uint64_t{domain} << 48 | mac; }
  const MacEntry* mac(uint32_t domain, MacKey m) const {
    const auto it = macs.find(mac_slot(domain, m));
    return it == macs.end() ? nullptr : &it->second;
  }

  static uint64_t mac_ip_slot(uint32_t domain, uint32_t ipv4) { return uint64_t{domain} << 32 | ipv4; }
  const MacKey* mac_ip(uint32_t domain, uint32_t ipv4) const {
    const auto it = mac_ips.find(mac_ip_slot(domain, ipv4));
    return it == mac_ips.end() ? nullptr : &it->second;
  }
  // A MAC the domain's irb routes frames to: its own or a gateway's.
  bool router_mac(uint32_t domain, MacKey m) const {
    const BridgeDomain& d = bridge_domains[domain];
    if (d.irb_mac != 0 && d.irb_mac == m) return true;
    for (const BridgeGateway& g : d.gateways)
      if (g.mac == m) return true;
    return false;
  }

  const Tunnel* tunnel(IfIndex st0) const {
    return st0 < tunnels.size() && tunnels[st0] ? &*tunnels[st0] : nullptr;
  }

  const Interface* find(IfIndex i) const {
    return i < interfaces.size() && interfaces[i].present ? &interfaces[i] : nullptr;
  }
  // The WAN port a next hop's interface sends `flow_hash` out of (aggregates
  // hash over their members); nullopt when the interface has no usable port
  // on this chip. `member` is the chosen member (or the interface itself),
  // also when it is a kRemote port of another chip.
  std::optional<int> egress_port(IfIndex ifl, uint32_t flow_hash, IfIndex* member = nullptr) const;
  // The largest IP packet (or label stack and packet) interface `ifl` sends
  // behind an L2 header of `l2_bytes`; 0: no limit.
  uint32_t ip_mtu(IfIndex ifl, uint16_t l2_bytes) const {
    const Interface* i = find(ifl);
    if (!i || i->mtu_bytes == 0) return 0;
    return i->mtu_bytes > l2_bytes ? i->mtu_bytes - l2_bytes : 1;
  }
};

}  // namespace trio6sim::models
