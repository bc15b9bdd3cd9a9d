#include "bounds.h"

#include <algorithm>
#include <fmt/core.h>

#include "crypto/esp_format.h"

#include "config_error.h"
#include "trio6.h"

namespace trio6sim::models {

std::size_t esp_l3_bytes(uint32_t frame_bytes, bool ipv6) {
  const std::size_t inner = frame_bytes - kEthernetHeaderBytes - kEthernetFcsBytes;
  return inner + crypto::esp_overhead_bytes(inner, ipv6, false);
}

std::vector<BlockBound> block_bounds(const Trio6Params& p, TrafficKind kind, uint32_t frame_bytes, bool ipv6, int port,
                                     int si_number, double si_bandwidth_gbps) {
  const int slice = slice_of_port(port);
  const auto& pg = p.port_group;
  const auto& lu = p.lookup;
  const double l1_extra = pg.preamble_bytes + pg.ifg_bytes;
  auto l1 = [&](std::size_t l3) {
    return static_cast<double>(std::max<std::size_t>(64, l3 + kEthernetHeaderBytes + kEthernetFcsBytes)) + l1_extra;
  };
  auto mpps_at = [](double gbps, double l1_bytes) { return gbps * 1e3 / (l1_bytes * 8); };
  auto sent = [&](std::size_t l3) {
    const std::size_t b = l3 + kEthernetHeaderBytes;
    return static_cast<double>(b > lu.whole_packet_max_bytes ? lu.head_bytes : b);
  };
  const std::size_t inner = frame_bytes - kEthernetHeaderBytes - kEthernetFcsBytes;
  const std::size_t esp = esp_l3_bytes(frame_bytes, ipv6);
  const std::string pfe = fmt::format("pfe{}.", slice);
  const double port_gbps = pg.port_gbps[port];
  const double thread_cycles_per_s = lu.threads() * lu.clock_ghz * 1e3;  // in M per second
  std::vector<BlockBound> b;
  if (kind == TrafficKind::kClear) {
    const double cycles = ipv6 ? lu.ipv6_forward_cycles : lu.ipv4_forward_cycles;
    b.push_back({fmt::format("port{}.ingress", port), mpps_at(port_gbps, l1(inner))});
    b.push_back({pfe + "lookup.dispatch", lu.dispatch_bytes_per_cycle * lu.clock_ghz * 1e3 / sent(inner)});
    b.push_back({pfe + "lookup.threads", thread_cycles_per_s / cycles});
    b.push_back({fmt::format("port{}.egress", port), mpps_at(port_gbps, l1(inner))});
    return b;
  }
  const bool enc = kind == TrafficKind::kEncrypt;
  const std::size_t in_l3 = enc ? inner : esp;
  const std::size_t out_l3 = enc ? esp : inner;
  const double cycles = enc ? lu.steer_to_st0_cycles + lu.post_encrypt_cycles
                            : lu.esp_to_outside_si_cycles + lu.post_decrypt_cycles;
  b.push_back({fmt::format("port{}.ingress", port), mpps_at(port_gbps, l1(in_l3))});
  b.push_back({pfe + "lookup.dispatch", lu.dispatch_bytes_per_cycle * lu.clock_ghz * 1e3 / (sent(in_l3) + sent(out_l3))});
  b.push_back({pfe + "lookup.threads", thread_cycles_per_s / cycles});
  b.push_back({fmt::format("{}si-F/P/{}", pfe, si_number), mpps_at(si_bandwidth_gbps, l1(in_l3))});
  b.push_back({pfe + "ipsec_engine", p.ipsec.clock_ghz * 1e3 /
                                         (static_cast<double>(inner) / p.ipsec.bytes_per_cycle +
                                          p.ipsec.per_packet_overhead_cycles)});
  b.push_back({pfe + "pg0.ipsec_loopback", mpps_at(pg.ipsec_loopback_gbps, l1(out_l3))});
  b.push_back({fmt::format("port{}.egress", port), mpps_at(port_gbps, l1(out_l3))});
  return b;
}

std::vector<BlockBound> block_bounds(const Trio6Params& p, TrafficKind kind, const std::vector<uint32_t>& frame_bytes,
                                     const std::vector<uint32_t>& weights, bool ipv6, int port, int si_number,
                                     double si_bandwidth_gbps) {
  if (frame_bytes.empty() || frame_bytes.size() != weights.size())
    throw ConfigError("bounds: frame sizes and weights must be non-empty and of equal length");
  std::vector<BlockBound> mix;
  std::vector<double> us_per_packet;  // per block, weighted sum of microseconds per packet
  std::vector<bool> same_at_every_size;  // a bound that does not depend on the size (lookup threads) stays exact
  double total_weight = 0;
  for (std::size_t i = 0; i < frame_bytes.size(); ++i) {
    const auto at_size = block_bounds(p, kind, frame_bytes[i], ipv6, port, si_number, si_bandwidth_gbps);
    if (mix.empty()) {
      mix = at_size;
      us_per_packet.assign(at_size.size(), 0);
      same_at_every_size.assign(at_size.size(), true);
    }
    for (std::size_t b = 0; b < at_size.size(); ++b) {
      us_per_packet[b] += weights[i] / at_size[b].mpps;
      if (at_size[b].mpps != mix[b].mpps) same_at_every_size[b] = false;
    }
    total_weight += weights[i];
  }
  if (total_weight <= 0) throw ConfigError("bounds: the weights sum to 0");
  for (std::size_t b = 0; b < mix.size(); ++b)
    if (!same_at_every_size[b]) mix[b].mpps = total_weight / us_per_packet[b];
  return mix;
}

BlockBound tightest_bound(const std::vector<BlockBound>& bounds) {
  return *std::min_element(bounds.begin(), bounds.end(),
                           [](const BlockBound& a, const BlockBound& b) { return a.mpps < b.mpps; });
}

namespace {
// The blocks a drop cause points at: the cause is counted where that block's
// queue or bandwidth refuses a packet. Other causes (no route, ESP checks)
// say nothing about capacity.
bool drops_at(DropCause cause, std::string_view block) {
  switch (cause) {
    case DropCause::kLookupQueueFull: return block.ends_with(".lookup.threads");
    case DropCause::kSiBandwidthExceeded: return block.find(".si-F/P/") != std::string_view::npos;
    case DropCause::kCryptoQueueFull: return block.ends_with(".ipsec_engine");
    case DropCause::kIpsecLoopbackOverrun: return block.ends_with(".pg0.ipsec_loopback");
    case DropCause::kFabricQueueFull: return block.starts_with("fabric.to_pfe");
    case DropCause::kBufferFull: return block.ends_with(".egress");
    default: return false;
  }
}
}  // namespace

std::vector<BlockLimit> block_limits(const std::vector<std::pair<std::vector<BlockBound>, double>>& groups) {
  std::vector<BlockLimit> out;
  for (const auto& [bounds, share] : groups)
    for (const BlockBound& b : bounds) {
      auto it = std::find_if(out.begin(), out.end(), [&](const BlockLimit& l) { return l.block == b.block; });
      if (it == out.end()) {
        out.push_back({b.block, b.mpps, share, 0, 0});
        continue;
      }
      // One block carrying two groups' packets: its time per offered packet is
      // the sum of the groups' (share / bound) terms.
      const double us = it->share / it->bound_mpps + share / b.mpps;
      it->share += share;
      it->bound_mpps = it->share / us;
    }
  for (BlockLimit& l : out) l.offered_mpps = l.bound_mpps / l.share;
  return out;
}

double limiting_offered_mpps(const std::vector<BlockLimit>& limits) {
  double lowest = 0;
  for (const BlockLimit& l : limits)
    if (lowest == 0 || l.offered_mpps < lowest) lowest = l.offered_mpps;
  return lowest;
}

std::string limiting_block(const std::vector<BlockLimit>& limits) {
  const double lowest = limiting_offered_mpps(limits);
  std::string out;
  for (const BlockLimit& l : limits)
    if (l.offered_mpps <= lowest * (1 + 1e-6)) out += (out.empty() ? "" : "+") + l.block;
  return out.empty() ? "none" : out;
}

std::string drop_place(const std::vector<BlockUtilization>& utilization, const DropCounters& drops) {
  DropCause worst = DropCause::kNone;
  for (std::size_t i = 1; i < static_cast<std::size_t>(DropCause::kCount); ++i) {
    const auto cause = static_cast<DropCause>(i);
    const bool at_a_block = std::any_of(utilization.begin(), utilization.end(),
                                        [&](const BlockUtilization& b) { return drops_at(cause, b.block); });
    if (at_a_block && drops[cause] > 0 && (worst == DropCause::kNone || drops[cause] > drops[worst])) worst = cause;
  }
  if (worst == DropCause::kNone) return "none";
  const BlockUtilization* chosen = nullptr;
  for (const auto& b : utilization)
    if (drops_at(worst, b.block) && (!chosen || b.fraction >= chosen->fraction)) chosen = &b;
  return chosen ? chosen->block : "none";
}

std::string saturated_block(const std::vector<BlockUtilization>& utilization, const DropCounters& drops) {
  if (std::string place = drop_place(utilization, drops); place != "none") return place;
  const BlockUtilization* chosen = nullptr;
  for (const auto& b : utilization)
    if (b.fraction >= 0.97) chosen = &b;  // the later block along the path
  return chosen ? chosen->block : "none";
}

}  // namespace trio6sim::models
