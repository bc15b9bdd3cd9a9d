// The lookup engine's bridge programs (docs/bridging.md): a frame of a
// vlan-bridge unit is bridged in its domain (source MAC learned, destination
// MAC looked up), out of a local port or in VXLAN (RFC 7348) to the remote
// VTEP that advertised the MAC; VXLAN to the local VTEP is decapsulated and
// its frame bridged to a local port. The outer packet of an encapsulation
// takes the route lookup in the same pass (into st0 for the blog's VTEPs).
#include <cstring>

#include "chip_services.h"
#include "lookup_engine.h"
#include "packet/bytes.h"
#include "packet/ethernet.h"
#include "packet/ip_protocol.h"
#include "packet/ipv4.h"
#include "packet/udp.h"
#include "packet/vxlan.h"

namespace trio6sim::models {

namespace {

constexpr std::size_t kTaggedHeaderBytes = kEthernetHeaderBytes + kVlanTagBytes;
constexpr std::size_t kVxlanOuterBytes = kIpv4HeaderBytes + kUdpHeaderBytes + kVxlanHeaderBytes;
// RFC 7348 section 5: the outer UDP source port from a hash of the inner
// frame, in the dynamic range 49152-65535.
constexpr uint16_t kVxlanSourcePortBase = 49152;
constexpr uint8_t kVxlanOuterTtl = 64;  // assumption: the VTEP's own packets, the IPv4 default TTL

bool group_mac(const uint8_t* mac) { return (mac[0] & 1) != 0; }

// RFC 826 over Ethernet for IPv4, behind a tagged header: hardware type 1,
// protocol 0x0800, lengths 6 and 4, then the operation and the sender's and
// target's hardware and protocol addresses.
constexpr std::size_t kArp = kTaggedHeaderBytes;  // where ARP starts
constexpr std::size_t kArpBytes = 28;
constexpr uint16_t kArpRequest = 1;
constexpr uint16_t kArpReply = 2;
constexpr std::size_t kArpSenderMac = kArp + 8, kArpSenderIp = kArp + 14, kArpTargetMac = kArp + 18,
                      kArpTargetIp = kArp + 24;

void store_mac(uint8_t* to, MacKey mac) {
  for (int i = 5; i >= 0; --i, mac >>= 8) to[i] = static_cast<uint8_t>(mac);
}

// Moves the two MAC addresses 4 B back over the tag and drops it.
bool remove_tag(Packet& p) {
  std::memmove(p.data() + kVlanTagBytes, p.data(), 12);
  return p.pull_front(kVlanTagBytes);
}

bool push_tag(Packet& p, uint16_t vlan) {
  uint8_t* h = p.push_front(kVlanTagBytes);
  if (!h) return false;
  std::memmove(h, h + kVlanTagBytes, 12);
  store_be16(h + 12, ethertype::kVlan);
  store_be16(h + 14, vlan);
  return true;
}

// Outer IPv4 / UDP / VXLAN in front of the (untagged) frame.
bool push_vxlan(Packet& p, uint32_t source, uint32_t destination, uint32_t vni, uint32_t flow_hash) {
  const std::size_t frame = p.size();
  uint8_t* h = p.push_front(kVxlanOuterBytes);
  if (!h) return false;
  Ipv4Fields ip;
  ip.total_length = static_cast<uint16_t>(frame + kVxlanOuterBytes);
  ip.ttl = kVxlanOuterTtl;
  ip.protocol = ipproto::kUdp;
  store_be32(ip.src.data(), source);
  store_be32(ip.dst.data(), destination);
  write_ipv4_header(h, ip);
  const auto sport = static_cast<uint16_t>(kVxlanSourcePortBase | (flow_hash & 0x3fffu));
  write_udp_header(h + kIpv4HeaderBytes, sport, kVxlanUdpPort,
                   static_cast<uint16_t>(frame + kUdpHeaderBytes + kVxlanHeaderBytes));
  write_vxlan_header(h + kIpv4HeaderBytes + kUdpHeaderBytes, vni);
  return true;
}

}  // namespace

bool LookupEngine::is_vxlan_to_vtep(const Packet& p, uint32_t vtep) {
  const uint8_t* h = p.data();
  const std::size_t header = std::size_t{h[0] & 0x0fu} * 4;
  if (p.size() < header + kUdpHeaderBytes + kVxlanHeaderBytes + kEthernetHeaderBytes) return false;
  if (h[9] != ipproto::kUdp || (load_be16(h + 6) & 0x3fffu) != 0) return false;  // not UDP, or a fragment
  return load_be32(h + 16) == vtep && load_be16(h + header + 2) == kVxlanUdpPort;
}

Expected<void, DropCause> LookupEngine::bridge_out(Job& job, IfIndex ifl) {
  IfIndex member = 0;
  const auto port = fib_.egress_port(ifl, job.packet->meta.flow_hash, &member);
  const Interface* remote = remote_interface(member);
  if (!port && !remote) return unexpected(DropCause::kInterfaceDown);
  job.chip.l2_bytes = 0;  // the frame carries its own header
  if (remote) {
    to_chassis(job, *remote);
  } else {
    job.chip.destination = Destination::kEgress;
    job.chip.egress_port = static_cast<uint16_t>(*port);
    job.chip.out_ifl = ifl;
  }
  return {};
}

namespace {

// The frame's ARP operation when it is RFC 826 for IPv4 over Ethernet
// behind its tag, else 0.
uint16_t arp_operation(const Packet& p) {
  const uint8_t* h = p.data();
  if (p.size() < kArp + kArpBytes || load_be16(h + 16) != ethertype::kArp) return 0;
  if (load_be16(h + kArp) != 1 || load_be16(h + kArp + 2) != ethertype::kIpv4 || h[kArp + 4] != 6 || h[kArp + 5] != 4)
    return 0;
  return load_be16(h + kArp + 6);
}

}  // namespace

bool LookupEngine::learn_arp_binding(const Job& job, uint32_t domain, IfIndex ifl) {
  const Packet& p = *job.packet;
  const uint16_t op = arp_operation(p);
  if (op != kArpRequest && op != kArpReply) return false;
  const uint8_t* h = p.data();
  const uint32_t sender = load_be32(h + kArpSenderIp);
  const MacKey mac = mac_key(h + kArpSenderMac);
  // An ARP probe (sender 0.0.0.0) binds nothing; nor does a group MAC, an
  // address outside the irb's subnets, or one the domain already binds.
  if (sender == 0 || group_mac(h + kArpSenderMac) || mac == 0 || !fib_.bridge_domains[domain].in_irb_subnet(sender) ||
      fib_.mac_ip(domain, sender))
    return false;
  return chip_.learn_mac_ip({.domain = domain, .mac = mac, .ifl = ifl, .ipv4 = sender});
}

bool LookupEngine::answer_arp(Job& job, uint32_t domain) {
  Packet& p = *job.packet;
  uint8_t* h = p.data();
  if (arp_operation(p) != kArpRequest) return false;
  const uint32_t target = load_be32(h + kArpTargetIp);
  for (const BridgeGateway& g : fib_.bridge_domains[domain].gateways) {
    if (g.ipv4 != target) continue;
    // The reply over the request, in the frame's length (its pad kept):
    // to the requester, from the gateway, the tag as it came.
    std::memcpy(h, h + 6, 6);
    store_mac(h + 6, g.mac);
    store_be16(h + kArp + 6, kArpReply);
    std::memcpy(h + kArpTargetMac, h + kArpSenderMac, 10);  // the requester's MAC and IPv4
    store_mac(h + kArpSenderMac, g.mac);
    store_be32(h + kArpSenderIp, g.ipv4);
    return true;
  }
  return false;
}

Expected<uint32_t, DropCause> LookupEngine::bridge(Job& job) {
  Packet& p = *job.packet;
  const ForwardingState& fib = fib_;
  // Only a WAN port's tagged frame has a vlan-bridge unit.
  if (job.chip.pass != Pass::kWan || p.size() < kTaggedHeaderBytes || load_be16(p.data() + 12) != ethertype::kVlan)
    return unexpected(DropCause::kNoBridgeDomain);
  const uint16_t vlan = load_be16(p.data() + 14) & 0x0fffu;
  const auto bp = fib.bridge_ports.find(uint32_t{p.meta.ingress_port} << 12 | vlan);
  if (bp == fib.bridge_ports.end()) return unexpected(DropCause::kNoBridgeDomain);
  const uint32_t domain = bp->second.domain;
  const uint8_t* h = p.data();
  if (group_mac(h + 6)) return unexpected(DropCause::kMalformed);  // a group address is never a source
  uint32_t cycles = params_.bridge_cycles;
  const MacKey source = mac_key(h + 6);
  if (!fib.mac(domain, source) && chip_.learn_mac({domain, source, bp->second.ifl})) cycles += params_.mac_learn_cycles;
  // An ARP sender in the irb's subnet: a MAC-IP binding (the learning
  // notice's cost again).
  if (fib.bridge_domains[domain].irb_mac != 0 && learn_arp_binding(job, domain, bp->second.ifl))
    cycles += params_.mac_learn_cycles;
  // An ARP request for an address of the irb: answered, not flooded (the
  // address is this router's: no other port or VTEP needs it).
  if (group_mac(h) && answer_arp(job, domain)) {
    if (auto ok = bridge_out(job, bp->second.ifl); !ok) return unexpected(ok.error());
    return cycles + params_.arp_reply_cycles;
  }
  // To a router MAC of the domain: the irb's, routed in its instance, never
  // flooded as an unknown MAC.
  if (fib.router_mac(domain, mac_key(h))) {
    auto routed = route_from_irb(job, domain);
    if (!routed) return routed;
    return cycles + *routed;
  }
  const MacEntry* to = group_mac(h) ? nullptr : fib.mac(domain, mac_key(h));
  if (!to) {
    auto copies = flood(job, domain, bp->second.ifl, true);
    if (!copies) return copies;
    return cycles + *copies;
  }
  if (!to->remote()) {
    if (to->ifl == bp->second.ifl) return unexpected(DropCause::kBumNotFlooded);  // never back out of its port
    if (auto ok = bridge_out(job, to->ifl); !ok) return unexpected(ok.error());
    return cycles;
  }
  auto outer = vxlan_out(job, domain, to->remote_vtep);
  if (!outer) return outer;
  return cycles + *outer;
}

Expected<uint32_t, DropCause> LookupEngine::route_from_irb(Job& job, uint32_t domain) {
  Packet& p = *job.packet;
  if (load_be16(p.data() + 16) != ethertype::kIpv4) return unexpected(DropCause::kIrbNotIpv4);
  if (!p.pull_front(kTaggedHeaderBytes)) return unexpected(DropCause::kMalformed);
  p.meta.l2_length = 0;
  return route(job, false, fib_.bridge_domains[domain].irb_instance);
}

Expected<uint32_t, DropCause> LookupEngine::irb_out(Job& job, uint32_t domain) {
  Packet& p = *job.packet;
  const BridgeDomain& d = fib_.bridge_domains[domain];
  // The host's MAC from the domain's bindings; a router would ARP for it
  // and hold the packet, which is not modeled.
  const MacKey* host = fib_.mac_ip(domain, load_be32(p.data() + 16));
  if (!host) return unexpected(DropCause::kIrbNoBinding);
  uint8_t* h = p.push_front(kTaggedHeaderBytes);
  if (!h) return unexpected(DropCause::kBufferFull);
  store_mac(h, *host);
  store_mac(h + 6, d.irb_mac);
  store_be16(h + 12, ethertype::kVlan);
  store_be16(h + 14, d.vlan);
  store_be16(h + 16, ethertype::kIpv4);
  p.meta.l2_length = kTaggedHeaderBytes;
  // Bridged in the target domain as a frame from no port of it: to the
  // host's port, in VXLAN to its VTEP, or flooded when its MAC is unknown.
  const MacEntry* to = fib_.mac(domain, *host);
  if (!to) return flood(job, domain, 0, true);
  if (to->remote()) return vxlan_out(job, domain, to->remote_vtep);
  if (auto ok = bridge_out(job, to->ifl); !ok) return unexpected(ok.error());
  return 0u;
}

Expected<uint32_t, DropCause> LookupEngine::vxlan_out(Job& job, uint32_t domain, uint32_t vtep) {
  // To a remote VTEP: the frame without its tag (the VNI says its domain),
  // in VXLAN from the local VTEP, then routed as the router's own packet.
  Packet& p = *job.packet;
  const BridgeDomain& d = fib_.bridge_domains[domain];
  if (d.vni == 0 || fib_.vtep_source == 0) return unexpected(DropCause::kNoRoute);
  if (!remove_tag(p) || !push_vxlan(p, fib_.vtep_source, vtep, d.vni, p.meta.flow_hash))
    return unexpected(DropCause::kBufferFull);
  p.meta.l2_length = 0;
  auto outer = route(job, true);
  if (!outer) return outer;
  return params_.vxlan_encap_cycles + *outer;
}

Expected<uint32_t, DropCause> LookupEngine::flood(Job& job, uint32_t domain, IfIndex ingress_ifl, bool to_vteps) {
  const ForwardingState::BridgeFlood& f = fib_.bridge_floods[domain];
  // The ports to flood to (all but the ingress one), indexed once.
  flood_ports_.clear();
  for (IfIndex ifl : f.ifls)
    if (ifl != ingress_ifl) flood_ports_.push_back(ifl);
  const std::size_t ports = flood_ports_.size();
  const std::size_t vteps = to_vteps ? f.vteps.size() : 0;
  const std::size_t copies = ports + vteps;
  if (copies == 0) return unexpected(DropCause::kBumNotFlooded);  // nowhere to flood to
  chip_.flooded(job, static_cast<uint32_t>(copies));
  uint32_t cycles = static_cast<uint32_t>(copies) * params_.flood_copy_cycles;
  // The k-th target of the flood (ports first, then VTEPs) applied to `copy`.
  // A copy the egress MTU would cut is dropped: cutting is for the unflooded.
  auto send = [&](Job& copy, std::size_t k) -> Expected<uint32_t, DropCause> {
    fragment_count_ = 0;
    Expected<uint32_t, DropCause> r{0u};
    if (k < ports) {
      if (auto ok = bridge_out(copy, flood_ports_[k]); !ok) r = unexpected(ok.error());
    } else {
      r = vxlan_out(copy, domain, f.vteps[k - ports]);
    }
    if (r && fragment_count_ > 1) r = unexpected(DropCause::kMtuExceeded);
    fragment_count_ = 0;
    return r;
  };
  // Copies of the frame as it came, each a new packet; the job itself, the
  // last target's.
  const Packet& p = *job.packet;
  for (std::size_t k = 0; k + 1 < copies; ++k) {
    Job copy;
    copy.packet = chip_.acquire_packet();
    copy.chip = job.chip;
    copy.packet->meta = p.meta;
    Expected<uint32_t, DropCause> r = unexpected(DropCause::kBufferFull);
    if (copy.packet->assign(p.bytes(), p.headroom())) r = send(copy, k);
    if (!r) {
      chip_.drop(copy, r.error(), DropPlace::lookup(slice_));
      continue;
    }
    cycles += *r;
    flood_copies_.push_back(std::move(copy));
  }
  auto last = send(job, copies - 1);
  if (last) return cycles + *last;
  if (flood_copies_.empty()) return last;
  // The job's own copy is dropped; one of the others takes its place.
  chip_.drop(job, last.error(), DropPlace::lookup(slice_));
  job = std::move(flood_copies_.back());
  flood_copies_.pop_back();
  return cycles;
}

Expected<uint32_t, DropCause> LookupEngine::vxlan_decapsulate(Job& job, uint32_t program_cycles) {
  Packet& p = *job.packet;
  const ForwardingState& fib = fib_;
  const std::size_t header = std::size_t{p.data()[0] & 0x0fu} * 4;
  const uint8_t* vx = p.data() + header + kUdpHeaderBytes;
  if ((vx[0] & kVxlanFlagI) == 0) return unexpected(DropCause::kMalformed);
  const uint32_t vni = load_be32(vx + 4) >> 8;
  const auto d = fib.bridge_vnis.find(vni);
  if (d == fib.bridge_vnis.end()) return unexpected(DropCause::kNoBridgeDomain);
  // The frame ends where the outer IPv4 packet does (an Ethernet pad behind it is not the frame's).
  const std::size_t total = load_be16(p.data() + 2);
  if (total > p.size() || total < header + kUdpHeaderBytes + kVxlanHeaderBytes + kEthernetHeaderBytes)
    return unexpected(DropCause::kMalformed);
  if (!p.trim_back(p.size() - total) || !p.pull_front(header + kUdpHeaderBytes + kVxlanHeaderBytes))
    return unexpected(DropCause::kMalformed);
  // The domain's VLAN tag, as its vlan-bridge units carry it.
  if (!push_tag(p, fib.bridge_domains[d->second].vlan)) return unexpected(DropCause::kBufferFull);
  p.meta.l2_length = kTaggedHeaderBytes;
  const uint32_t cycles = program_cycles + params_.vxlan_decap_cycles + params_.bridge_cycles;
  // From a VTEP only to local ports (split horizon: never back into VXLAN):
  // a broadcast, multicast or unknown destination flooded to the domain's.
  // To a router MAC of the domain (a peer's host sending to this router's
  // irb MAC, advertised to it): routed here, as from a local port.
  if (fib.router_mac(d->second, mac_key(p.data()))) {
    auto routed = route_from_irb(job, d->second);
    if (!routed) return routed;
    return cycles + *routed;
  }
  const MacEntry* to = group_mac(p.data()) ? nullptr : fib.mac(d->second, mac_key(p.data()));
  if (!to) {
    auto copies = flood(job, d->second, 0, false);
    if (!copies) return copies;
    return cycles + *copies;
  }
  if (to->remote()) return unexpected(DropCause::kBumNotFlooded);
  if (auto ok = bridge_out(job, to->ifl); !ok) return unexpected(ok.error());
  return cycles;
}

}  // namespace trio6sim::models
