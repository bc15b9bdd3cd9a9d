// ChipCore: a Trio6's state behind its public header (the chip's private
// implementation): the forwarding state, the counters and the conservation
// ledger, the slices and the fabric, and the services every block of the
// chip gets (chip_services.h). Trio6 (trio6.h) is the programming
// interface and the sockets; it keeps everything here so that a user's file
// that includes the chip compiles none of the blocks' headers. Not installed.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "chip_services.h"
#include "fabric.h"
#include "forwarding_table.h"
#include "output_ledger.h"
#include "slice.h"
#include "trace_sampler.h"
#include "trio6.h"

namespace trio6sim::models {

class ChipCore final : public ChipServices {
 public:
  ChipCore(Trio6& chip, const Trio6Params& params) : chip_(chip), params_(params) {}

  // ChipServices: what the blocks read.
  const Trio6Params& params() const override { return params_; }
  const ForwardingState& forwarding() const override { return fib; }
  const Window& window() const override { return window_; }
  // ChipServices: how blocks account for the jobs they hand on.
  void drop(Job& job, DropCause cause, DropPlace place) override;
  void offered(const Job& job, uint32_t l1_bytes) override;
  void from_host(const Job& job) override;
  void arrived_from_chassis() override;
  void left_for_chassis() override;
  void delivered(Job& job, uint64_t last_bit_ps, uint32_t l1_bytes) override;
  void deliver_to_host(Job& job, uint64_t at_ps) override;
  void count_port_input(const Job& job) override;
  PacketPtr acquire_packet() override { return pool.acquire(); }
  void fragmented(const Job&, uint32_t fragments) override {
    ++traffic.datagrams_fragmented;
    traffic.fragments_created += fragments;
    in_flight += fragments - 1;
  }
  void flooded(const Job&, uint32_t copies) override {
    ++traffic.frames_flooded;
    traffic.flood_copies += copies;
    in_flight += copies - 1;
  }
  void count_input(IfIndex ifl, std::size_t bytes) override {
    IflCounters& c = ifl_counters[ifl];
    ++c.input_packets;
    c.input_bytes += bytes;
  }
  void count_output(IfIndex ifl, std::size_t bytes) override {
    IflCounters& c = ifl_counters[ifl];
    ++c.output_packets;
    c.output_bytes += bytes;
  }
  void count_output_at_departure(int port, IfIndex unit_ifl, uint32_t frame_bytes, uint64_t last_bit_ps) override;
  void tunnel_miss(IfIndex st0) override {
    if (tunnel_miss_observer) tunnel_miss_observer(st0, now_ps());
  }
  bool learn_mac(const LearnedMac& m) override {
    if (m.domain >= fib.macs_per_domain.size() || fib.macs_per_domain[m.domain] >= params_.lookup.mac_table_size)
      return false;
    if (!fib.macs.emplace(ForwardingState::mac_slot(m.domain, m.mac), MacEntry{.ifl = m.ifl}).second) return false;
    ++fib.macs_per_domain[m.domain];
    if (mac_learned_observer) mac_learned_observer(m, now_ps());
    return true;
  }
  bool learn_mac_ip(const LearnedMac& m) override {
    if (m.domain >= fib.mac_ips_per_domain.size() || fib.mac_ip(m.domain, m.ipv4)) return false;
    if (fib.mac_ips_per_domain[m.domain] >= params_.lookup.mac_table_size) {
      ++traffic.mac_ip_bindings_not_learned;
      return false;
    }
    fib.mac_ips.emplace(ForwardingState::mac_ip_slot(m.domain, m.ipv4), m.mac);
    ++fib.mac_ips_per_domain[m.domain];
    if (mac_learned_observer) mac_learned_observer(m, now_ps());
    return true;
  }

  // Applies the frames that have left by `t` to the output counters.
  void settle_outputs(uint64_t t) const;
  void set_window(const Window& w) { window_ = w; }

  PacketPool pool;
  ForwardingState fib;
  // Mutable: reading a counter first applies the frames that have left by
  // then (OutputLedger), which is part of reading, not a change of state.
  mutable std::vector<IflCounters> ifl_counters;
  mutable OutputLedger output_ledger;
  std::unique_ptr<TraceSampler> trace_sampler;
  std::array<DirectJobTarget*, kPortsPerChip> port_targets{};  // inject()'s way into each port, found once
  std::array<std::array<IfIndex, 2>, kSlices * kSiPerSlice> si_unit_ifl{};  // si-F/P/N.0 and .1; 0: none
  std::array<IfIndex, kPortsPerChip> port_ifl{};
  std::array<std::unique_ptr<Slice>, kSlices> slices;
  std::unique_ptr<FabricBlock> fabric;
  Trio6::EgressObserver egress_observer;
  Trio6::HostObserver host_observer;
  Trio6::TunnelMissObserver tunnel_miss_observer;
  Trio6::MacLearnedObserver mac_learned_observer;
  DirectJobTarget* host_target = nullptr;  // send_from_host's way into host_in, found once
  uint64_t lookup_lookahead_ps = 0;        // set_injection_lead_ps
  uint64_t host_packet_id = 0;
  TrafficStatistics traffic;
  Trio6::DropsByPlace drops_by_place{};
  std::unordered_map<uint32_t, int> sa_slice;  // SA id -> anchor slice
  uint32_t next_sa_id = 1;
  uint64_t in_flight = 0;
  uint64_t last_departure_ps = 0;

 private:
  void count_output(const OutputLedger::Frame& f) const;

  Trio6& chip_;  // its host_out socket
  const Trio6Params params_;
  Window window_;
};

}  // namespace trio6sim::models
