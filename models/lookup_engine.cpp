#include "lookup_engine.h"

#include <algorithm>
#include <optional>

#include "chip_services.h"
#include "crypto/esp_inbound.h"
#include "fragment_jobs.h"
#include "packet/bytes.h"
#include "packet/checksum.h"
#include "packet/ip_protocol.h"
#include "packet/ipv4.h"
#include "packet/ipv6.h"
#include "packet/udp.h"
#include "units.h"

namespace trio6sim::models {

namespace {
// Flows are tracked for reordering in this many hash buckets (a flow maps to
// one bucket; two flows sharing a bucket are kept in order together).
constexpr std::size_t kReorderBuckets = 4096;
}  // namespace

LookupEngine::LookupEngine(const sc_core::sc_module_name& name, ChipServices& chip, int slice)
    : TimedBlock(name),
      wan_in("wan_in", 2),
      recirculated_in("recirculated_in"),
      host_in("host_in"),
      to_mqss("to_mqss"),
      chip_(chip),
      params_(chip.params().lookup),
      fib_(chip.forwarding()),
      window_(chip.window()),
      slice_(slice),
      flow_last_exit_ps_(kReorderBuckets, 0),
      thread_meter_(params_.threads()),
      dispatch_meter_(1) {
  for (auto& in : wan_in) in.register_take<&LookupEngine::accept>(this);
  recirculated_in.register_take<&LookupEngine::accept>(this);
  host_in.register_take<&LookupEngine::from_host>(this);
}

void LookupEngine::from_host(Job&& job, uint64_t at_ps) {
  job.chip.pass = Pass::kFromHost;
  job.chip.ingress_slice = static_cast<uint8_t>(slice_);
  job.packet->meta.created_ps = std::max(at_ps, now_ps());
  chip_.from_host(job);
  accept(std::move(job), at_ps);
}

namespace {

// Pushes one MPLS label (bottom of stack, TTL copied from the IP header).
bool push_label(Packet& p, uint32_t label, uint8_t ttl) {
  uint8_t* l = p.push_front(4);
  if (!l) return false;
  store_be32(l, (label << 12) | 0x100u | ttl);
  return true;
}

// MPLS in GRE in IPv4 (RFC 4023 section 3; GRE RFC 2784): a 20 B outer
// header from the tunnel's source to its far end, TTL 64 (Junos' default for
// tunnel packets; an assumption of the model's, the next-hop-based tunnel
// pages give none), DF clear, ToS 0, identification 0, then GRE with no
// optional fields and protocol 0x8847 (MPLS unicast).
bool push_gre_ipv4(Packet& p, const GreTunnel& t) {
  constexpr std::size_t kOuter = 20 + 4;
  uint8_t* h = p.push_front(kOuter);
  if (!h) return false;
  const std::size_t total = p.size();
  if (total > 0xffff) return false;
  h[0] = 0x45;
  h[1] = 0;
  store_be16(h + 2, static_cast<uint16_t>(total));
  store_be32(h + 4, 0);
  h[8] = 64;
  h[9] = ipproto::kGre;
  store_be16(h + 10, 0);
  std::copy_n(t.source.data(), 4, h + 12);
  std::copy_n(t.destination.data(), 4, h + 16);
  store_be16(h + 10, internet_checksum({h, 20}));
  store_be16(h + 20, 0);       // C, K, S clear; version 0
  store_be16(h + 22, 0x8847);  // MPLS unicast
  return true;
}

// Strips the outer IPv4 header and a GRE header that carries MPLS unicast;
// false (the packet untouched) for any other GRE: a version other than 0, a
// routing-present bit, another protocol, or bytes cut short. The optional
// checksum, key and sequence words (RFC 2784, RFC 2890) are skipped unread.
bool strip_gre_mpls(Packet& p) {
  const uint8_t* h = p.data();
  const std::size_t ihl = std::size_t{h[0] & 0x0fu} * 4;
  if ((load_be16(h + 6) & 0x3fffu) != 0) return false;  // a fragment: not reassembled here
  if (p.size() < ihl + 4) return false;
  const uint16_t flags = load_be16(h + ihl);
  if ((flags & 0x4007u) != 0 || load_be16(h + ihl + 2) != 0x8847) return false;  // R bit, version
  const std::size_t gre = 4 + ((flags & 0x8000u) ? 4 : 0) + ((flags & 0x2000u) ? 4 : 0) + ((flags & 0x1000u) ? 4 : 0);
  if (p.size() < ihl + gre + 4) return false;
  (void)p.pull_front(ihl + gre);
  return true;
}

}  // namespace

const Interface* LookupEngine::remote_interface(IfIndex ifl) const {
  const Interface* i = fib_.find(ifl);
  return i && i->kind == InterfaceKind::kRemote ? i : nullptr;
}

void LookupEngine::to_chassis(Job& job, const Interface& remote) {
  job.chip.destination = Destination::kChassis;
  job.chip.chassis_chip = static_cast<uint8_t>(remote.remote_chip);
  job.chip.out_ifl = remote.remote_ifl;
}

namespace {

// IKE for the routing engine (RFC 7296 2.23, RFC 3948 2.2): UDP to port 500,
// or to port 4500 whose first four payload bytes are zero, the non-ESP marker
// (ESP in UDP has its non-zero SPI there); and the NAT keepalives a peer
// behind a NAT sends to 4500 (one byte, 0xff, RFC 3948 2.3), which the
// routing engine's IKE socket takes and ignores. `p` is an IPv4 or IPv6
// packet whose header the lookup has parsed. An IPv4 fragment is not for the
// host here (the lookup reassembles nothing), nor is UDP behind IPv6
// extension headers.
bool for_the_ike_daemon(const Packet& p) {
  constexpr uint16_t kIkePort = 500, kNatTraversalPort = 4500;
  constexpr uint8_t kNatKeepalive = 0xff;
  const uint8_t* h = p.data();
  std::size_t offset = 0, end = 0;
  if ((h[0] >> 4) == 4) {
    if (h[9] != ipproto::kUdp || (load_be16(h + 6) & 0x3fffu) != 0) return false;  // MF or an offset: a fragment
    offset = std::size_t{h[0] & 0x0fu} * 4;
    end = load_be16(h + 2);
  } else {
    if (h[6] != ipproto::kUdp) return false;
    offset = kIpv6HeaderBytes;
    end = kIpv6HeaderBytes + load_be16(h + 4);
  }
  end = std::min(end, p.size());
  if (end < offset + kUdpHeaderBytes) return false;
  const uint16_t port = load_be16(h + offset + 2);
  const std::size_t payload = offset + kUdpHeaderBytes;
  if (port == kIkePort) return true;
  if (port != kNatTraversalPort) return false;
  return (end >= payload + 4 && load_be32(h + payload) == 0) || (end == payload + 1 && h[payload] == kNatKeepalive);
}

// UDP encapsulation to its default destination port, IKE's 500 [T]: ESP
// when the first payload word is the SPI of one of this chip's inbound SAs,
// else IKE (whose first word is half its initiator's random SPI: a collision
// with an inbound SPI is the 2^-32 the TechLibrary's shared port implies).
bool esp_on_ike_port(const Packet& p, const ForwardingState& fib) {
  const auto esp = crypto::locate_esp_any(p.bytes());
  return esp && esp->in_udp && fib.esp_units.find(esp->spi).has_value();
}

}  // namespace

// After decryption: whether the inner packet lies inside the selector of
// the inbound SA that opened it (always, in P2P next-hop mode).
bool LookupEngine::inbound_selected(const Job& job, bool v4, const uint8_t* source, const uint8_t* destination) const {
  const Tunnel* t = fib_.tunnel(job.chip.tunnel);
  return !t || t->selectors.empty() || t->admits_inbound(job.chip.sa_id, v4, source, destination);
}

Expected<uint32_t, DropCause> LookupEngine::decide(Job& job) {
  if (job.packet->empty()) return unexpected(DropCause::kMalformed);
  // An Ethernet frame (its header in the packet): the bridge program
  // (lookup_bridge.cpp); an IP packet: the route lookup.
  if (job.packet->meta.l2_length != 0) [[unlikely]]
    return bridge(job);
  return route(job, false);
}

Expected<uint32_t, DropCause> LookupEngine::route(Job& job, bool encapsulated, std::optional<uint16_t> irb_instance) {
  Packet& p = *job.packet;
  const ForwardingState& fib = fib_;
  // Not empty: decide() refused that, and bridge() calls with its outer header.
  // The tables a packet from a port bound to a routing instance (a VRF's
  // customer interface) is looked up in; a VPN label chooses them below. The
  // router's own VXLAN outer header is looked up in the global tables.
  uint16_t instance = job.chip.pass == Pass::kWan && !encapsulated ? fib.port_instance[p.meta.ingress_port & 15u] : 0;
  if (irb_instance) instance = *irb_instance;
  // What the tunnel programs (MPLS over GRE) add to the pass's program.
  uint32_t tunnel_cycles = 0;
  // What the router itself sends (its host's packets, its own VXLAN or GRE
  // encapsulation) leaves with the TTL it set.
  bool originated = encapsulated || job.chip.pass == Pass::kFromHost;
look_up_again:
  if (job.chip.mpls) {
    // A label this router allocated (labeled BGP, e.g. 6PE after
    // decryption; an L3VPN's table label after GRE): pop it and look the IP
    // packet beneath up, in this pass.
    if (p.size() < 5) return unexpected(DropCause::kMalformed);
    const uint32_t entry = load_be32(p.data());
    const auto it = fib.mpls.find(entry >> 12);
    if (it == fib.mpls.end() || !it->second.pop_and_lookup) return unexpected(DropCause::kNoRoute);
    if ((entry & 0x100u) == 0) return unexpected(DropCause::kMalformed);  // only a one-label stack is modeled
    (void)p.pull_front(4);
    job.chip.mpls = false;
    instance = it->second.instance;
  }
  const uint8_t version = p.data()[0] >> 4;
  const NextHop* nh = nullptr;
  uint32_t forward_cycles = 0;
  uint8_t* ttl = nullptr;
  bool v4 = false;
  if (version == 4) {
    auto v = parse_ipv4(p.bytes(), false);
    if (!v) return unexpected(DropCause::kMalformed);
    if (v->ttl() <= 1 && !originated) return unexpected(DropCause::kTtlExpired);
    if (job.chip.pass == Pass::kPostDecrypt && tunnel_cycles == 0 && !irb_instance &&
        !inbound_selected(job, true, p.data() + 12, p.data() + 16))
      return unexpected(DropCause::kInboundSelectorMismatch);
    nh = fib.ipv4_table(instance).lookup(v->dst());
    forward_cycles = params_.ipv4_forward_cycles;
    ttl = p.data() + 8;
    v4 = true;
  } else if (version == 6) {
    auto v = parse_ipv6(p.bytes());
    if (!v) return unexpected(DropCause::kMalformed);
    if (v->hop_limit() <= 1 && !originated) return unexpected(DropCause::kTtlExpired);
    if (job.chip.pass == Pass::kPostDecrypt && tunnel_cycles == 0 &&
        !inbound_selected(job, false, p.data() + 8, p.data() + 24))
      return unexpected(DropCause::kInboundSelectorMismatch);
    nh = fib.ipv6_table(instance).lookup(v->dst());
    forward_cycles = params_.ipv6_forward_cycles;
    ttl = p.data() + 7;
  } else {
    return unexpected(DropCause::kMalformed);
  }
  if (!nh) return unexpected(DropCause::kNoRoute);

  // The router forwards: the TTL drops by one. What its own host sends
  // leaves with the TTL the host set.
  auto decrement_ttl = [&] {
    if (originated) return;
    if (!v4) {
      --*ttl;
      return;
    }
    // RFC 1624 incremental update of the header checksum (eqn. 3): only the
    // TTL/protocol word changes.
    uint8_t* h = p.data();
    const uint32_t old_word = load_be16(h + 8);
    --*ttl;
    uint32_t sum = (~uint32_t{load_be16(h + 10)} & 0xffff) + (~old_word & 0xffff) + load_be16(h + 8);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    store_be16(h + 10, static_cast<uint16_t>(~sum));
  };
  // The second pass runs its own program whatever the next hop.
  auto program = [&](uint32_t first_pass_cycles) -> uint32_t {
    if (irb_instance) return first_pass_cycles;  // within the bridge program's pass
    switch (job.chip.pass) {
      case Pass::kWan: return first_pass_cycles + tunnel_cycles;
      case Pass::kPostEncrypt: return params_.post_encrypt_cycles + tunnel_cycles;
      case Pass::kPostDecrypt: return params_.post_decrypt_cycles + tunnel_cycles;
      case Pass::kFromHost: return params_.from_host_cycles + tunnel_cycles;
    }
    return first_pass_cycles;
  };

  if (nh->kind == NextHopKind::kMplsGre) [[unlikely]] {
    // A VPN route to another PE: the VPN label, GRE, an outer IPv4 header
    // from this router to the tunnel's far end, and that header routed in
    // the global table (into st0 for the blog's tunnel), all in this pass.
    if (tunnel_cycles != 0 || nh->ifl >= fib.gre_tunnels.size()) return unexpected(DropCause::kNoRoute);
    decrement_ttl();
    if (!push_label(p, nh->mpls_label, *ttl) || !push_gre_ipv4(p, fib.gre_tunnels[nh->ifl]))
      return unexpected(DropCause::kBufferFull);
    nh = fib.ipv4.lookup(fib.gre_tunnels[nh->ifl].destination.data());
    if (!nh || nh->kind == NextHopKind::kMplsGre) return unexpected(DropCause::kNoRoute);
    ttl = p.data() + 8;
    v4 = true;
    originated = true;
    forward_cycles = params_.ipv4_forward_cycles;
    tunnel_cycles = params_.mpls_gre_encap_cycles;
  }

  switch (nh->kind) {
    case NextHopKind::kDiscard:
      return unexpected(DropCause::kDiscardRoute);
    case NextHopKind::kMplsGre:  // resolved above
      return unexpected(DropCause::kNoRoute);
    case NextHopKind::kIrb: {
      // Into a bridge domain through its irb (asymmetric IRB), IPv4 only
      // (Trio6::add_instance_route refuses an IPv6 one).
      if (!v4 || nh->ifl >= fib.bridge_domains.size()) return unexpected(DropCause::kNoRoute);
      decrement_ttl();
      auto out = irb_out(job, nh->ifl);
      if (!out) return out;
      return program(forward_cycles) + params_.irb_route_cycles + *out;
    }
    case NextHopKind::kLocal:
      // MPLS in GRE to a tunnel's local end: strip the outer header and GRE
      // and look the label up, in this pass (once: GRE in GRE is not
      // terminated twice).
      if (v4 && p.data()[9] == ipproto::kGre && tunnel_cycles == 0 && fib.terminates_gre(load_be32(p.data() + 16))) {
        if (!strip_gre_mpls(p)) return unexpected(DropCause::kMalformed);
        job.chip.mpls = true;
        tunnel_cycles = params_.gre_decap_cycles;
        originated = false;
        goto look_up_again;
      }
      // VXLAN to this router's VTEP: its frame is bridged, not the host's.
      if (v4 && fib.vtep_source != 0 && is_vxlan_to_vtep(p, fib.vtep_source))
        return vxlan_decapsulate(job, program(forward_cycles));
      job.chip.destination = Destination::kHost;
      return program(forward_cycles);
    case NextHopKind::kInterface:
    case NextHopKind::kMplsPush: {
      IfIndex member = 0;
      auto port = fib.egress_port(nh->ifl, p.meta.flow_hash, &member);
      const Interface* remote = remote_interface(member);
      if (!port && !remote) return unexpected(DropCause::kInterfaceDown);
      decrement_ttl();
      uint32_t cycles = forward_cycles;
      if (nh->kind == NextHopKind::kMplsPush) {
        if (!push_label(p, nh->mpls_label, *ttl)) return unexpected(DropCause::kBufferFull);
        cycles = params_.mpls_push_cycles;
      }
      uint32_t cut_cycles = 0;  // whatever the pass's program
      if (fib.mtu_limited) {
        const auto cut = egress_mtu_cycles(p, nh->ifl, nh->l2_bytes, nh->kind == NextHopKind::kMplsPush);
        if (!cut) return unexpected(cut.error());
        cut_cycles = *cut;
      }
      job.chip.l2_bytes = nh->l2_bytes;
      if (remote) {
        to_chassis(job, *remote);
      } else {
        job.chip.destination = Destination::kEgress;
        job.chip.egress_port = static_cast<uint16_t>(*port);
        job.chip.out_ifl = nh->ifl;
      }
      return program(cycles) + cut_cycles;
    }
    case NextHopKind::kSt0: {
      if (!first_pass(job.chip.pass)) return unexpected(DropCause::kTunnelInTunnel);  // assumption: not supported
      // A bound tunnel is a local st0 unit (bind_tunnel takes only those,
      // removing the unit unbinds it), so the interface itself, a cache
      // line per tunnel, is read only when no tunnel is bound.
      const Tunnel* t = fib.tunnel(nh->ifl);
      // Anchored on another chip: that chip's st0 unit finds the SA and
      // counts the unit's output; the packet leaves here labeled and with
      // its TTL decremented.
      const Interface* remote = t ? nullptr : remote_interface(nh->ifl);
      if (!remote && (!t || !t->outbound_sa)) {
        chip_.tunnel_miss(nh->ifl);
        return unexpected(DropCause::kTunnelDown);
      }
      decrement_ttl();
      // The unit's `family inet|inet6 mtu`, on the packet as it enters the
      // tunnel, from the record already read (the tunnel's, or the remote
      // view's): an IPv4 packet without DF is cut here and each fragment is
      // encrypted on its own. A 6PE label's packet is not checked (`family
      // mpls mtu` is not modeled).
      uint32_t cut_cycles = 0;
      const uint32_t mtu = t ? (v4 ? t->inet_mtu : t->inet6_mtu) : (v4 ? remote->inet_mtu_bytes : remote->inet6_mtu_bytes);
      if (mtu != 0 && nh->mpls_label == 0) {
        const auto cut = mtu_cut_cycles(p, mtu, false);
        if (!cut) return unexpected(cut.error());
        cut_cycles = *cut;
      }
      if (nh->mpls_label != 0) {
        if (!push_label(p, nh->mpls_label, *ttl)) return unexpected(DropCause::kBufferFull);
        job.chip.mpls = true;  // the engine seals it with next header 137
      }
      if (remote) to_chassis(job, *remote);
      else if (!steer_into_tunnel(job, nh->ifl, *t, fib, chip_)) return unexpected(DropCause::kOutsideTrafficSelectors);
      return params_.steer_to_st0_cycles + tunnel_cycles + cut_cycles;
    }
    case NextHopKind::kSiOutside: {
      // The IKE gateway's local address: IKE to it is the routing engine's,
      // delivered as to any local address; only ESP (in IP, or in UDP to
      // 4500) goes on to the outside si unit.
      if (for_the_ike_daemon(p) && !esp_on_ike_port(p, fib)) {
        job.chip.destination = Destination::kHost;
        return program(forward_cycles);
      }
      if (!first_pass(job.chip.pass)) return unexpected(DropCause::kTunnelInTunnel);
      // The SA's own service set when the SPI is steered (a local gateway
      // address may serve tunnels on both PFEs), else the route's unit. ESP
      // in UDP (RFC 3948, a NAT between the peers) is steered by the SPI
      // behind the UDP header, the port left to the SA's check in the engine.
      IfIndex unit = nh->ifl;
      uint32_t cycles = params_.esp_to_outside_si_cycles;
      if (const auto esp = crypto::locate_esp_any(p.bytes())) {
        if (const auto steered = fib.esp_units.find(esp->spi)) unit = *steered;
        if (esp->in_udp) cycles += params_.esp_in_udp_extra_cycles;
      }
      if (const Interface* remote = remote_interface(unit)) {
        to_chassis(job, *remote);
        return cycles;
      }
      const Interface* si = fib.find(unit);
      if (!si || si->kind != InterfaceKind::kSi) return unexpected(DropCause::kNoRoute);
      job.chip.destination = Destination::kSiOutside;
      job.chip.si_number = static_cast<uint8_t>(si->si_number);
      job.chip.si_unit_ifl = unit;
      return cycles;
    }
  }
  return unexpected(DropCause::kNoRoute);
}

Expected<uint32_t, DropCause> LookupEngine::egress_mtu_cycles(const Packet& p, IfIndex ifl, uint16_t l2_bytes,
                                                              bool labeled) {
  return mtu_cut_cycles(p, fib_.ip_mtu(ifl, l2_bytes), labeled);
}

Expected<uint32_t, DropCause> LookupEngine::mtu_cut_cycles(const Packet& p, uint32_t mtu, bool labeled) {
  if (mtu == 0 || p.size() <= mtu) return 0u;
  // IPv6 is never fragmented on the way (RFC 8200 section 5), DF forbids it,
  // and a pushed label hides the IP header from the cut: dropped.
  if (labeled || p.data()[0] >> 4 != 4) return unexpected(DropCause::kMtuExceeded);
  const auto count = ipv4_fragment_count(p, mtu);
  if (!count) return unexpected(DropCause::kMtuExceeded);  // DF set (kFragmentNeeded), or an MTU too small
  fragment_count_ = *count;
  fragment_mtu_ = mtu;
  return static_cast<uint32_t>(*count) * params_.fragment_cycles_per_fragment;
}

void LookupEngine::handle(Job&& job, uint64_t now) {
  // A frame from a port has fully arrived: its interface counts it.
  if (job.packet && job.chip.pass == Pass::kWan) chip_.count_port_input(job);
  // A job without a packet is the wake-up for a thread that became free.
  if (!job.packet) {
    if (wake_armed_ps_ <= now) wake_armed_ps_ = UINT64_MAX;
  } else if (waiting_recirculated_.empty() && waiting_wan_.empty() && params_.dispatch_queue_depth_packets > 0 &&
             (retire(now), running_count_ < params_.threads())) {
    // Nothing waits and a thread is free: the job would be queued and taken
    // straight back out (the loop below would start it first), so start it
    // without the two moves through a queue.
    start(std::move(job), now);
    return;
  } else if (first_pass(job.chip.pass)) {
    if (waiting_wan_.size() >= params_.dispatch_queue_depth_packets) {
      chip_.drop(job, DropCause::kLookupQueueFull, DropPlace::lookup_queue(slice_));
    } else {
      waiting_wan_.push_back(std::move(job));
    }
  } else {
    waiting_recirculated_.push_back(std::move(job));
  }
  retire(now);
  while (running_count_ < params_.threads() && (!waiting_recirculated_.empty() || !waiting_wan_.empty())) {
    auto& q = waiting_recirculated_.empty() ? waiting_wan_ : waiting_recirculated_;
    Job next = std::move(q.front());
    q.pop_front();
    start(std::move(next), now);
  }
  if (waiting() > 0 && earliest_done_ps() < wake_armed_ps_) {
    wake_armed_ps_ = earliest_done_ps();
    accept(Job{}, wake_armed_ps_);
  }
}

void LookupEngine::retire(uint64_t now) {
  for (auto& r : running_) {
    while (!r.done_ps.empty() && r.done_ps.front() <= now) {
      r.done_ps.pop_front();
      --running_count_;
    }
  }
}

uint64_t LookupEngine::earliest_done_ps() const {
  uint64_t earliest = UINT64_MAX;
  for (const auto& r : running_)
    if (!r.done_ps.empty()) earliest = std::min(earliest, r.done_ps.front());
  return earliest;
}

void LookupEngine::add_running(uint32_t cycles, std::size_t& hint, uint64_t done_ps) {
  // The pass's previous program first: a pass runs few programs, mostly one.
  if (hint >= running_.size() || running_[hint].cycles != cycles) {
    auto it = std::find_if(running_.begin(), running_.end(), [&](const Running& r) { return r.cycles == cycles; });
    if (it == running_.end()) it = running_.insert(running_.end(), Running{cycles, {}});
    hint = static_cast<std::size_t>(it - running_.begin());
  }
  running_[hint].done_ps.push_back(done_ps);
  ++running_count_;
}

void LookupEngine::start(Job&& job, uint64_t now) {
  const std::size_t bytes = job.packet->size() + kEthernetHeaderBytes;
  fragment_count_ = 0;
  flood_copies_.clear();
  auto cycles = decide(job);
  if (!cycles) {
    chip_.drop(job, cycles.error(), DropPlace::lookup(slice_));
    return;
  }
  ++counters_.passes;
  ++(job.chip.pass == Pass::kWan        ? counters_.wan_passes
       : job.chip.pass == Pass::kFromHost ? counters_.from_host_passes
                                     : counters_.recirculated_passes);
  // Dispatch: the whole packet up to whole_packet_max_bytes, else its head;
  // the thread is held from dispatch to the end of its program.
  std::size_t sent = bytes;
  if (bytes > params_.whole_packet_max_bytes) {
    sent = params_.head_bytes;
    ++counters_.heads_only;
  }
  const Window& w = window_;
  const uint64_t dispatch_start = std::max(now, dispatch_busy_ps_);
  const uint64_t dispatch_end =
      dispatch_start + ps_from_cycles(static_cast<double>(sent) / params_.dispatch_bytes_per_cycle, params_.clock_ghz,
                                      dispatch_time_);
  dispatch_busy_ps_ = dispatch_end;
  dispatch_meter_.add(dispatch_start, dispatch_end, w);
  const uint64_t done =
      dispatch_end + ps_from_cycles(*cycles, params_.clock_ghz, program_time_[static_cast<std::size_t>(job.chip.pass)]);
  add_running(*cycles, running_hint_[static_cast<std::size_t>(job.chip.pass)], done);
  latest_done_ps_ = std::max(latest_done_ps_, done);
  thread_meter_.add(now, done, w);
  // Reorder: a packet leaves no earlier than the previous one of its flow.
  uint64_t& last = flow_last_exit_ps_[job.packet->meta.flow_hash % kReorderBuckets];
  const uint64_t exit =
      std::max(done + ps_from_cycles(params_.reorder_latency_cycles, params_.clock_ghz, reorder_time_), last);
  last = exit;
  if (fragment_count_ > 1) {
    // Cut after its program (which paid for the cut): the fragments leave
    // together, in order.
    if (!split_into_fragments(chip_, job, fragment_mtu_, fragment_count_, fragment_packets_, fragment_slots_,
                              [&](Job&& fragment) { send(to_mqss, std::move(fragment), exit); }))
      chip_.drop(job, DropCause::kMtuExceeded, DropPlace::lookup(slice_));  // counted in decide(): not reached
    return;
  }
  // A flooded frame's copies (lookup_bridge.cpp) leave with it, after it.
  send(to_mqss, std::move(job), exit);
  for (Job& copy : flood_copies_) send(to_mqss, std::move(copy), exit);
  flood_copies_.clear();
}

}  // namespace trio6sim::models
