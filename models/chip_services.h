// ChipServices: what a block of the chip reaches beyond its sockets, handed
// to it at construction instead of the chip itself (STYLE.md, "Shared
// services"): the parameters, the forwarding state and the measurement
// window it reads; the drops, conservation events and interface counters it
// reports. The chip implements it (ChipCore, Trio6's private state); a test
// implements it with a fake to run a block alone; a user's replacement block
// (replaceable_blocks.h) gets the same reference as the library's own, so
// the chip's counts stay right whatever the block.
//
// Two kinds of member, chosen for the per-packet cost: what a block reads is
// a reference that stays valid and current for the chip's life, which a
// block takes once, at construction, and then reads with no call; what a
// block reports is one virtual call per event, as it was one call into the
// chip before.
#pragma once

#include <cstddef>
#include <cstdint>

#include "drop_place.h"
#include "forwarding_table.h"
#include "job.h"
#include "packet/drop_cause.h"
#include "parameters.h"
#include "statistics.h"

namespace trio6sim::models {

class ChipServices {
 public:
  // --- What a block reads (take the reference once).
  virtual const Trio6Params& params() const = 0;
  // Interfaces, routes, tunnels and service sets, and the ESP steering.
  virtual const ForwardingState& forwarding() const = 0;
  // The measurement window utilization meters count busy time in.
  virtual const Window& window() const = 0;

  // --- Drops. The block that drops says where: counted by (place, cause)
  // and by cause; the packet is freed. A job a block neither hands on nor
  // drops here is lost to conservation (in flight forever).
  virtual void drop(Job& job, DropCause cause, DropPlace place) = 0;

  // --- Conservation: offered + from host + from the chassis + packets added
  // by fragmentation = delivered + to the host + to the chassis + drops + in
  // flight.
  // A frame from a WAN port entered (`l1_bytes` on the wire).
  virtual void offered(const Job& job, uint32_t l1_bytes) = 0;
  // A packet from the routing engine entered a lookup engine.
  virtual void from_host(const Job& job) = 0;
  virtual void arrived_from_chassis() = 0;
  virtual void left_for_chassis() = 0;
  // A frame left a WAN port, its last bit at `last_bit_ps`.
  virtual void delivered(Job& job, uint64_t last_bit_ps, uint32_t l1_bytes) = 0;
  // The lookup delivered the job to the routing engine at `at_ps` (the
  // chip takes the packet).
  virtual void deliver_to_host(Job& job, uint64_t at_ps) = 0;

  // --- Packets a block makes: one job split into `fragments` jobs (IPv4
  // pre-fragmentation before ESP). The block takes the new packets from the
  // chip's pool and reports the split once, before handing any fragment on.
  virtual PacketPtr acquire_packet() = 0;
  virtual void fragmented(const Job& job, uint32_t fragments) = 0;
  // One bridged frame flooded as `copies` jobs (the original and copies - 1
  // new ones, docs/bridging.md), reported once before any copy is handed on.
  virtual void flooded(const Job& job, uint32_t copies) = 0;

  // --- Interface counters.
  // A frame from a WAN port has fully arrived: its interface (and the
  // aggregate it is a member of) counts it as input.
  virtual void count_port_input(const Job& job) = 0;
  virtual void count_input(IfIndex ifl, std::size_t bytes) = 0;
  virtual void count_output(IfIndex ifl, std::size_t bytes) = 0;
  // The egress queue of `port` accepted a frame whose last bit leaves at
  // `last_bit_ps`: the port's interface and `unit_ifl` count it from then on.
  virtual void count_output_at_departure(int port, IfIndex unit_ifl, uint32_t frame_bytes, uint64_t last_bit_ps) = 0;

  // --- Exceptions for the routing engine: a packet met st0 unit `st0` with
  // no outbound SA (its key manager negotiates on it).
  virtual void tunnel_miss(IfIndex st0) = 0;
  // A bridged frame's source MAC is not in its domain's table: the chip
  // learns it (unless the domain is full) and tells the routing engine.
  // Returns whether it was learned. A chip without bridging learns nothing.
  virtual bool learn_mac(const LearnedMac&) { return false; }
  // A MAC-IP binding from an ARP packet's sender (LearnedMac::ipv4), held
  // and reported the same way; false when the domain already binds the
  // address or its table is full (counted).
  virtual bool learn_mac_ip(const LearnedMac&) { return false; }

 protected:
  ~ChipServices() = default;  // not owned through this interface
};

// The slice where the job's next block lives (its egress port's, its si
// interface's; else the one it entered on).
inline int target_slice(const Job& job) {
  switch (job.chip.destination) {
    case Destination::kEgress: return slice_of_port(job.chip.egress_port);
    case Destination::kSiInside:
    case Destination::kSiOutside: return slice_of_si(job.chip.si_number);
    case Destination::kHost:
    case Destination::kChassis: break;
  }
  return job.chip.ingress_slice;
}

// Sends the job into st0 unit `st0`'s bound tunnel `t` (which has an
// outbound SA): to the inside si unit, with the SA; the unit counts the
// output. Shared by the lookup and by jobs arriving from the chassis. In
// traffic-selector mode the SA is the first selector's that holds the
// packet; false (nothing done) when none does.
inline bool steer_into_tunnel(Job& job, IfIndex st0, const Tunnel& t, const ForwardingState& fib, ChipServices& chip) {
  uint32_t sa = *t.outbound_sa;
  if (!t.selectors.empty()) {
    const uint8_t* ip = job.packet->data() + (job.chip.mpls ? 4 : 0);  // a pushed label comes first
    const bool v4 = ip[0] >> 4 == 4;
    const TrafficSelector* s = v4 ? t.outbound_selector(true, ip + 12, ip + 16) : t.outbound_selector(false, ip + 8, ip + 24);
    if (!s) return false;
    sa = s->outbound_sa;
  }
  job.chip.destination = Destination::kSiInside;
  const ServiceSet& ss = fib.service_sets[t.service_set];
  job.chip.si_number = static_cast<uint8_t>(ss.si_number);
  job.chip.si_unit_ifl = ss.inside;
  job.chip.si_return_ifl = ss.outside;
  job.chip.tunnel = st0;
  job.chip.sa_id = sa;
  chip.count_output(st0, job.packet->size());
  return true;
}

}  // namespace trio6sim::models
