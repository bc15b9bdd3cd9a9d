// Counters the chip keeps and firmware or a probe reads at any time: per
// logical interface packets and bytes, drops by cause, block utilization,
// and the latency histogram. Throughput figures use a measurement window
// (after a warm-up); conservation uses whole-run totals.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "packet/drop_cause.h"

namespace trio6sim::models {

// The measurement window [start_ps, end_ps).
struct Window {
  uint64_t start_ps = 0;
  uint64_t end_ps = UINT64_MAX;
  bool contains(uint64_t t) const { return t >= start_ps && t < end_ps; }
  double seconds() const { return static_cast<double>(end_ps - start_ps) * 1e-12; }
  // Picoseconds of [a, b) inside the window.
  uint64_t overlap(uint64_t a, uint64_t b) const {
    const uint64_t lo = a > start_ps ? a : start_ps;
    const uint64_t hi = b < end_ps ? b : end_ps;
    return hi > lo ? hi - lo : 0;
  }
};

struct IflCounters {
  uint64_t input_packets = 0;
  uint64_t input_bytes = 0;   // L2 frame bytes for WAN ports, L3 bytes for st0/si units
  uint64_t output_packets = 0;
  uint64_t output_bytes = 0;
};

// Rates of one interface between two readings `dt_s` seconds apart.
struct IflRates {
  double input_pps = 0, input_bps = 0, output_pps = 0, output_bps = 0;
};
IflRates rates_between(const IflCounters& before, const IflCounters& after, double dt_s);

class DropCounters {
 public:
  void count(DropCause c, uint64_t n = 1) { by_cause_[static_cast<std::size_t>(c)] += n; }
  uint64_t operator[](DropCause c) const { return by_cause_[static_cast<std::size_t>(c)]; }
  uint64_t total() const;
  DropCounters& operator+=(const DropCounters& o);

 private:
  std::array<uint64_t, static_cast<std::size_t>(DropCause::kCount)> by_cause_{};
};

// Latency in nanoseconds on a log axis (0.1% bin width over 1 ns .. 100 ms),
// so percentiles are within ~0.5%; the maximum is kept exactly.
class LatencyHistogram {
 public:
  LatencyHistogram();
  ~LatencyHistogram();
  LatencyHistogram(const LatencyHistogram& other);
  LatencyHistogram& operator=(const LatencyHistogram& other);
  // A moved-from histogram may only be assigned to or destroyed.
  LatencyHistogram(LatencyHistogram&&) noexcept;
  LatencyHistogram& operator=(LatencyHistogram&&) noexcept;
  void add(double ns);
  uint64_t count() const { return count_; }
  double max_ns() const { return max_ns_; }
  // q in [0, 1]; 0 when empty. Upper edge of the bin holding the quantile.
  double quantile_ns(double q) const;
  void reset();

 private:
  // Boost.Histogram's bins, behind a pointer: this header reaches every
  // file that includes the chip, Boost.Histogram's 106k preprocessed lines
  // only statistics.cpp (issue 17, compile cost).
  struct Bins;
  std::unique_ptr<Bins> bins_;
  uint64_t count_ = 0;
  double max_ns_ = 0;
  double last_ns_ = -1;  // the latest value added and its bin (underflow -1)
  int last_bin_ = -1;
};

// Busy time of a block with `servers` parallel servers, inside the window.
class BusyMeter {
 public:
  BusyMeter() = default;
  explicit BusyMeter(double servers) : servers_(servers) {}
  void add(uint64_t start_ps, uint64_t end_ps, const Window& w) { busy_ps_ += static_cast<double>(w.overlap(start_ps, end_ps)); }
  double utilization(const Window& w) const;
  double servers() const { return servers_; }

 private:
  double servers_ = 1;
  double busy_ps_ = 0;
};

// Chip-wide traffic accounting.
struct TrafficStatistics {
  // Whole run (conservation): offered + from_host + from_chassis = delivered +
  // delivered_to_host + to_chassis + drops (+ in flight).
  uint64_t offered_packets = 0;
  uint64_t from_host_packets = 0;     // packets the routing engine sent into the chip (send_from_host)
  uint64_t from_chassis_packets = 0;  // jobs from another chip of the router
  uint64_t to_chassis_packets = 0;    // jobs handed to another chip of the router
  uint64_t delivered_packets = 0;
  uint64_t delivered_to_host_packets = 0;
  DropCounters drops;
  // IPv4 fragmentation inside the chip (pre-fragmentation to a tunnel MTU),
  // named as Junos' `show system statistics ip` names them: packets split,
  // and the fragments they became. Each split adds fragments - 1 packets to
  // conservation's left-hand side.
  uint64_t datagrams_fragmented = 0;
  uint64_t fragments_created = 0;
  uint64_t packets_added_by_fragmentation() const { return fragments_created - datagrams_fragmented; }
  // Bridging's flooding by ingress replication (docs/bridging.md): frames
  // flooded, and the copies they became (one per local port and remote
  // VTEP). Each flood adds copies - 1 packets to conservation's left-hand side.
  uint64_t frames_flooded = 0;
  uint64_t flood_copies = 0;
  uint64_t packets_added_by_flooding() const { return flood_copies - frames_flooded; }
  // MAC-IP bindings an ARP packet offered that its domain's full table
  // (lookup.mac_table_size) could not learn (docs/bridging.md).
  uint64_t mac_ip_bindings_not_learned = 0;
  // Measurement window: L1 bytes (frame + preamble + IFG) at the WAN ports.
  uint64_t window_offered_packets = 0;
  uint64_t window_offered_l1_bytes = 0;
  uint64_t window_delivered_packets = 0;
  uint64_t window_delivered_l1_bytes = 0;
  // The customer's cleartext frames (Job::cleartext_frame_bytes) of the same
  // packets, whichever form (clear or ESP) they had on the wire; frames no
  // generator sized count 0.
  uint64_t window_offered_cleartext_frame_bytes = 0;
  uint64_t window_delivered_cleartext_frame_bytes = 0;
  LatencyHistogram latency;  // packets leaving inside the window
  // Per traffic stream (PacketMeta::stream_id), window only.
  std::vector<uint64_t> stream_delivered_l1_bytes;
  std::vector<uint64_t> stream_offered_l1_bytes;
};

}  // namespace trio6sim::models
