// LookupEngine (LUSS): 80 PPEs x 20 threads at 1.2 GHz [W], run-to-completion,
// one thread per packet for its program's cycle count. Packets above 224 B
// send only a 192 B head [L,W] through the dispatch path. Packets wait for a
// free thread in two queues: recirculated packets (second pass) first, then
// new WAN packets, which are admitted up to a depth (assumption), so overload
// drops packets before any work is spent on them. The reorder block restores
// per-flow order on exit. A thread's completion wakes the block only when
// packets are waiting for it.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "forwarding_table.h"
#include "job.h"
#include "job_socket.h"
#include "packet/drop_cause.h"
#include "packet/expected.h"
#include "parameters.h"
#include "replaceable_blocks.h"
#include "statistics.h"
#include "timed_block.h"
#include "units.h"

namespace trio6sim::models {

class ChipServices;

struct LookupCounters {
  uint64_t passes = 0;
  uint64_t wan_passes = 0;
  uint64_t recirculated_passes = 0;
  uint64_t from_host_passes = 0;
  uint64_t heads_only = 0;  // packets that sent a head, not the whole packet
};

class LookupEngine : public TimedBlock, public LookupEngineBlock {
 public:
  sc_core::sc_vector<JobTargetSocket<LookupEngine>> wan_in;  // frames from port group 0, 1
  JobTargetSocket<LookupEngine> recirculated_in;             // packets back from the IPsec loopback
  OptionalJobTargetSocket<LookupEngine> host_in;             // packets from the routing engine (host path; PFE 0's only)
  JobInitiatorSocket<LookupEngine> to_mqss;                  // results, in per-flow order

  LookupEngine(const sc_core::sc_module_name& name, ChipServices& chip, int slice);

  const BusyMeter& thread_meter() const { return thread_meter_; }
  const BusyMeter& dispatch_meter() const { return dispatch_meter_; }
  const LookupCounters& counters() const { return counters_; }
  std::size_t waiting() const { return waiting_wan_.size() + waiting_recirculated_.size(); }

  // LookupEngineBlock: the sockets and meters the slice and chip use.
  JobTargetPort& wan_input(int port_group) override { return wan_in[port_group]; }
  JobTargetPort& recirculation_input() override { return recirculated_in; }
  OptionalJobTargetPort& host_input() override { return host_in; }
  JobInitiatorPort& result_output() override { return to_mqss; }
  double thread_utilization(const Window& w) const override { return thread_meter_.utilization(w); }
  double dispatch_utilization(const Window& w) const override { return dispatch_meter_.utilization(w); }
  std::size_t waiting_packets() const override { return waiting(); }
  bool busy(uint64_t t) const override { return latest_done_ps_ > t; }
  void set_lookahead_ps(uint64_t lookahead, uint64_t lead = 0) override { TimedBlock::set_lookahead_ps(lookahead, lead); }

 protected:
  void handle(Job&& job, uint64_t now) override;

 private:
  // Runs the forwarding decision on the packet's bytes; returns the program's
  // cycles, or a drop cause.
  Expected<uint32_t, DropCause> decide(Job& job);
  // The egress MTU of interface `ifl` (Trio6::set_interface_mtu): 0 extra
  // cycles when the packet fits; for an IPv4 packet without DF (and no label
  // pushed) that does not, the cut's cycles, with fragment_count_ and
  // fragment_mtu_ set for start() to cut it after its program; otherwise
  // kMtuExceeded. The model sends no ICMP back.
  Expected<uint32_t, DropCause> egress_mtu_cycles(const Packet& p, IfIndex ifl, uint16_t l2_bytes, bool labeled);
  // The same against an IP MTU (`mtu` bytes of packet; 0: no limit).
  Expected<uint32_t, DropCause> mtu_cut_cycles(const Packet& p, uint32_t mtu, bool labeled);
  // The route lookup of an IP packet; `encapsulated`: the router's own
  // outer header (VXLAN), whose TTL it does not decrement; `irb_instance`:
  // a packet an irb routes (its frame's header removed), looked up in that
  // routing instance, its program the route's whatever the pass.
  Expected<uint32_t, DropCause> route(Job& job, bool encapsulated, std::optional<uint16_t> irb_instance = std::nullopt);
  // Bridging and VXLAN (lookup_bridge.cpp, docs/bridging.md): a frame of a
  // vlan-bridge unit (in VXLAN: its outer packet routed in the same pass);
  // a VXLAN packet to the local VTEP after its
  // `program_cycles`; a frame out of a port of this router.
  Expected<uint32_t, DropCause> bridge(Job& job);
  Expected<uint32_t, DropCause> vxlan_decapsulate(Job& job, uint32_t program_cycles);
  Expected<void, DropCause> bridge_out(Job& job, IfIndex ifl);
  // An ARP request for a gateway address of `domain`: rewritten into the
  // irb's reply (RFC 826), to leave by `ingress_ifl`. False: not one.
  bool answer_arp(Job& job, uint32_t domain);
  // An ARP packet's sender inside an irb subnet of `domain`, from port
  // `ifl`: learned as a MAC-IP binding. Whether it was.
  bool learn_arp_binding(const Job& job, uint32_t domain, IfIndex ifl);
  // The irb (docs/bridging.md): a frame of `domain` to one of its router
  // MACs, routed in the irb's instance; a packet routed into `domain`
  // (NextHop::irb), given its host's MAC and the irb's, then bridged there.
  Expected<uint32_t, DropCause> route_from_irb(Job& job, uint32_t domain);
  Expected<uint32_t, DropCause> irb_out(Job& job, uint32_t domain);
  // Floods a broadcast, multicast or unknown-unicast frame of `domain`: one
  // copy to each of its ports but `ingress_ifl` and, when `to_vteps`, one
  // VXLAN copy to each remote VTEP of its VNI. The job becomes one copy, the
  // others wait in flood_copies_ for start(); returns the copies' cycles.
  Expected<uint32_t, DropCause> flood(Job& job, uint32_t domain, IfIndex ingress_ifl, bool to_vteps);
  // A frame (tagged) of `domain` in VXLAN to `vtep`, its outer packet routed.
  Expected<uint32_t, DropCause> vxlan_out(Job& job, uint32_t domain, uint32_t vtep);
  static bool is_vxlan_to_vtep(const Packet& p, uint32_t vtep);
  bool inbound_selected(const Job& job, bool v4, const uint8_t* source, const uint8_t* destination) const;
  // The interface when it lives on another chip of the router, else null.
  const Interface* remote_interface(IfIndex ifl) const;
  // Sends the job on to `remote`'s chip through the chassis fabric.
  static void to_chassis(Job& job, const Interface& remote);
  // A packet from the routing engine: counted by the chip, then queued as a
  // new packet.
  void from_host(Job&& job, uint64_t at_ps);
  // Starts job on a free thread at `now`.
  void start(Job&& job, uint64_t now);

  ChipServices& chip_;
  const LookupEngineParams& params_;
  const ForwardingState& fib_;
  const Window& window_;
  int slice_;
  // Busy threads, as their completion times. Dispatch is a FIFO, so for one
  // program (one cycle count) completions come in order: one FIFO per
  // program, and the earliest completion is the smallest head.
  // A FIFO of completion times on a ring (its size a power of two): a
  // deque's push and pop cost more, and it allocates and frees a block every
  // 64 packets.
  class TimeFifo {
   public:
    bool empty() const { return size_ == 0; }
    uint64_t front() const { return ring_[head_]; }
    void pop_front() {
      head_ = (head_ + 1) & (ring_.size() - 1);
      --size_;
    }
    void push_back(uint64_t t) {
      if (size_ == ring_.size()) {  // double, unrolled so that the FIFO starts at 0
        std::vector<uint64_t> bigger(ring_.empty() ? 64 : ring_.size() * 2);
        for (std::size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
        ring_ = std::move(bigger);
        head_ = 0;
      }
      ring_[(head_ + size_) & (ring_.size() - 1)] = t;
      ++size_;
    }

   private:
    std::vector<uint64_t> ring_;
    std::size_t head_ = 0;
    std::size_t size_ = 0;
  };
  struct Running {
    uint32_t cycles;
    TimeFifo done_ps;
  };
  void retire(uint64_t now);
  uint64_t earliest_done_ps() const;
  void add_running(uint32_t cycles, std::size_t& hint, uint64_t done_ps);
  std::vector<Running> running_;
  std::array<std::size_t, kPassCount> running_hint_{};  // per pass: the index in running_ of its latest program
  std::size_t running_count_ = 0;
  std::deque<Job> waiting_recirculated_;
  std::deque<Job> waiting_wan_;
  uint64_t wake_armed_ps_ = UINT64_MAX;  // a thread-free wake-up is pending for this time
  uint64_t dispatch_busy_ps_ = 0;
  uint64_t latest_done_ps_ = 0;  // the last running program's end (busy state for tracing)
  // Per pass (each pass runs few programs) and for dispatch and reorder.
  std::array<LastTime, kPassCount> program_time_{};
  LastTime dispatch_time_, reorder_time_;
  std::vector<uint64_t> flow_last_exit_ps_;
  // The packet decide() just routed is cut into this many fragments of at
  // most fragment_mtu_ bytes (0: it goes whole), with the split's scratch
  // (fragment_jobs.h).
  std::size_t fragment_count_ = 0;
  uint32_t fragment_mtu_ = 0;
  std::vector<PacketPtr> fragment_packets_;
  std::vector<Packet*> fragment_slots_;
  // The copies of the frame decide() just flooded, besides the job itself:
  // they leave with it.
  std::vector<Job> flood_copies_;
  std::vector<IfIndex> flood_ports_;  // flood()'s port targets, in order
  BusyMeter thread_meter_;
  BusyMeter dispatch_meter_;
  LookupCounters counters_;
};

}  // namespace trio6sim::models
