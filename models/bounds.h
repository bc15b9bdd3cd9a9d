// Throughput bounds computed from the parameters alone, per block, for one
// slice carrying one kind of traffic: what each block could sustain in
// packets per second at a given cleartext frame size. Tests compare the
// simulated throughput against the smallest bound; docs derive defaults
// from these formulas.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parameters.h"

namespace trio6sim::models {

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
// The smallest of them.
BlockBound tightest_bound(const std::vector<BlockBound>& bounds);

// ESP packet (L3) bytes for a cleartext frame.
std::size_t esp_l3_bytes(uint32_t frame_bytes, bool ipv6);

}  // namespace trio6sim::models
