#include "bounds.h"

#include <algorithm>
#include <fmt/core.h>

#include "crypto/esp_format.h"

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

BlockBound tightest_bound(const std::vector<BlockBound>& bounds) {
  return *std::min_element(bounds.begin(), bounds.end(),
                           [](const BlockBound& a, const BlockBound& b) { return a.mpps < b.mpps; });
}

}  // namespace trio6sim::models
