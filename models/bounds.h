// Throughput bounds computed from the parameters alone, per block, for one
// slice carrying one kind of traffic: what each block could sustain in
// packets per second at a given cleartext frame size. Tests compare the
// simulated throughput against the smallest bound; docs derive defaults
// from these formulas.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "parameters.h"
#include "statistics.h"

namespace trio6sim::models {

struct BlockUtilization;  // trio6.h

enum class TrafficKind : uint8_t { kClear, kEncrypt, kDecrypt };

struct BlockBound {
  std::string block;  // the name Trio6::utilization() uses, for slice `slice`
  double mpps = 0;
};

// Bounds for traffic entering and leaving WAN port `port` (a port of slice
// `slice`), anchored on si-F/P/`si_number` of the same slice, with cleartext
// frames of `frame_bytes`, tunnels of the inner family.
std::vector<BlockBound> block_bounds(const Trio6Params& p, TrafficKind kind, uint32_t frame_bytes, bool ipv6, int port,
                                     int si_number, double si_bandwidth_gbps);
// The same for a frame mix: frame_bytes[i] makes weights[i] packets of every
// sum(weights). A block spends on average the weighted mean of its time per
// packet, so its bound is sum(weights) / sum(weights[i] / bound at frame i)
// (the weighted harmonic mean), not the bound at any one frame size.
std::vector<BlockBound> block_bounds(const Trio6Params& p, TrafficKind kind, const std::vector<uint32_t>& frame_bytes,
                                     const std::vector<uint32_t>& weights, bool ipv6, int port, int si_number,
                                     double si_bandwidth_gbps);
// The smallest of them.
BlockBound tightest_bound(const std::vector<BlockBound>& bounds);

// A block's capacity for a run's whole traffic: `bound_mpps` is the block's
// own bound for the packets it carries, `share` the fraction of the run's
// offered packets that pass it (1/2 per PFE when two slices share the load),
// so `offered_mpps = bound_mpps / share` is the offered packet rate at which
// it is full. `utilization` is filled from a run (the window's busy fraction).
struct BlockLimit {
  std::string block;
  double bound_mpps = 0;
  double share = 1;
  double offered_mpps = 0;
  double utilization = 0;
};

// Bounds of several traffic groups (one per PFE used) merged by block: a
// block named in several groups carries the sum of their shares. Each
// group's bounds are for `share` of the offered packets.
std::vector<BlockLimit> block_limits(const std::vector<std::pair<std::vector<BlockBound>, double>>& groups);

// The limiting block: the lowest `offered_mpps`, and every block within a
// relative 1e-6 of it (both PFEs when both carry the same load), joined by
// '+' in path order. Empty input gives "none".
std::string limiting_block(const std::vector<BlockLimit>& limits);
double limiting_offered_mpps(const std::vector<BlockLimit>& limits);

// Where the excess was dropped: the block a capacity drop cause points at
// (below), or "none" when no packet was lost to a full queue or a bandwidth.
std::string drop_place(const std::vector<BlockUtilization>& utilization, const DropCounters& drops);

// The block that limits a run: the one whose queue drops. Each cause a
// block's queue or bandwidth gives (crypto queue full: the IPsec engine; si
// bandwidth exceeded: the si; ...) points at that block; the cause with the
// most drops wins, and of that block's instances (one per PFE, per port) the
// busiest, since the chip counts drops by cause, not by instance. With no
// such drop: the last block along the path busy >= 97% of the window (in a
// chain, that one limits delivered throughput), else "none".
std::string saturated_block(const std::vector<BlockUtilization>& utilization, const DropCounters& drops);

// ESP packet (L3) bytes for a cleartext frame.
std::size_t esp_l3_bytes(uint32_t frame_bytes, bool ipv6);

}  // namespace trio6sim::models
