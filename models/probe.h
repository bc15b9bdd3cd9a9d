// A capacity probe: one chip, traffic generators on its ports, a warm-up and
// a measurement window, then a drain so that offered = delivered + drops by
// cause exactly. The `trio6sim probe` command, the tests, the benchmarks and
// the design-study example all run through here.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bounds.h"
#include "crypto/ipsec_statistics.h"
#include "parameters.h"
#include "replaceable_blocks.h"
#include "trio6.h"

namespace trio6sim::models {

enum class ProbeDirection : uint8_t { kEncrypt, kDecrypt, kBoth, kClear };

struct ProbeConfig {
  std::vector<uint32_t> frame_bytes{1500};  // cleartext frame sizes
  std::vector<uint32_t> weights{1};
  bool ipv6 = false;
  double offered_gbps = 400;  // L1, total over the slices used
  ProbeDirection direction = ProbeDirection::kEncrypt;
  uint32_t tunnels = 1;
  int slices = 1;
  uint64_t duration_ps = 200 * 1000 * 1000;  // traffic time; the window ends here
  uint64_t warmup_ps = 0;                    // 0: a fifth of the duration
  bool timing_only = false;
  uint64_t seed = 1;
  uint32_t flows = 256;
  Trio6Params params;  // port speeds are set by the probe (one 400G port per PG)
  BlockFactory blocks;  // replaceable blocks (empty: the library's own), for design studies
  // Called with the chip after the drain, before it is destroyed: a test
  // reads what the result does not carry (block_conformance.h). Empty: none.
  std::function<void(const Trio6& chip)> inspect;
  // Scenario options.
  std::optional<double> si_bandwidth_gbps;  // inline-services bandwidth of every si used
  std::optional<int> anchor_slice;          // tunnels anchored here instead of on the ingress slice
  double clear_pg1_gbps = 0;                // extra clear traffic on PG1 of each slice used
  // Steady-state check: the backlog (packets in the chip) may grow between
  // the middle and the end of the window by at most this fraction of the
  // packets offered meanwhile (and by kSteadySlackPackets whatever the rate)
  // for the point to count as steady. 0.5%: overload by 1% of the offered
  // rate shows; a throughput search sets half its resolution instead.
  double steady_tolerance = 0.005;
};

// Backlog growth below this many packets is noise (a mix's large frames
// bunching), never overload.
inline constexpr double kSteadySlackPackets = 64;

struct ProbeResult {
  double offered_gbps = 0, delivered_gbps = 0, offered_mpps = 0, delivered_mpps = 0;
  uint64_t offered_packets = 0, delivered_packets = 0, delivered_to_host_packets = 0;
  std::map<std::string, uint64_t> drops;  // cause -> packets (non-zero only)
  uint64_t dropped_packets = 0;
  double latency_p50_ns = 0, latency_p99_ns = 0, latency_max_ns = 0;
  std::vector<BlockUtilization> utilization;
  std::string saturated_block;
  double sim_seconds = 0, wall_seconds = 0;
  double run_wall_seconds = 0;  // sc_start() alone, without building the chip
  std::string parameters_json;
  std::string config_json;
  // Beyond the fixed keys.
  double clear_pg1_offered_gbps = 0, clear_pg1_delivered_gbps = 0;
  uint64_t fabric_packets = 0, fabric_cells = 0;
  double si_input_gbps = 0;  // L1 of packets entering the si units used, in the window
  crypto::IpsecStatistics ipsec;
  std::vector<BlockBound> bounds;  // per block, for one slice's main stream
  bool conserved = false;          // offered + from host == delivered + to host + drops, nothing in flight
  // The customer's cleartext (frames as the generator made them, before any
  // ESP) in the window: frame bytes alone, and L1 (plus preamble and gap).
  // `offered_gbps`/`delivered_gbps` above are the wire's L1, ESP where ESP.
  double offered_cleartext_l1_gbps = 0, delivered_cleartext_l1_gbps = 0;
  double offered_cleartext_frame_gbps = 0, delivered_cleartext_frame_gbps = 0;
  double delivered_mean_frame_bytes = 0;  // cleartext frame bytes delivered / packets delivered, window
  // Steady state: packets in the chip at the middle and at the end of the
  // window; `steady` when the growth is within ProbeConfig::steady_tolerance.
  double backlog_mid_packets = 0, backlog_end_packets = 0;
  bool steady = true;
  // What limits throughput (the lowest bound for this traffic, ties joined
  // by '+') and what it is in offered L1 Gbps (wire and cleartext), every
  // block's bound and utilization, and where the excess was dropped.
  std::vector<BlockLimit> blocks;
  std::string limiting_block;
  double limiting_bound_gbps = 0, limiting_bound_cleartext_l1_gbps = 0;
  std::string drop_place;
  // Loss-free as RFC 2544 means it: nothing lost, and steady (an overload
  // the buffers still absorb at the end of the window is not loss-free).
  bool loss_free() const { return dropped_packets == 0 && steady && conserved; }
};

// Each block's bound for `config`'s traffic over the whole chip (the PFEs
// used, both directions when `both`), from the parameters alone.
std::vector<BlockLimit> probe_block_limits(const ProbeConfig& config);
// Mean L1 bytes per offered packet of `config`'s mix: on the wire (ESP for
// decrypt) and as the customer's cleartext.
double offered_wire_l1_bytes(const ProbeConfig& config);
double offered_cleartext_l1_bytes(const ProbeConfig& config);

ProbeResult run_probe(const ProbeConfig& config);
// What run_probe refuses before it builds anything (ConfigError with the
// reason): a sweep checks every point with it when it reads its file.
void validate_probe_config(const ProbeConfig& config);
// The most tunnels `config` can hold: a tunnel is an SA pair on its anchor
// engine, so ipsec.max_tunnels per engine used, max_tunnels_per_chip in all.
uint32_t max_probe_tunnels(const ProbeConfig& config);
// `provenance_json`, when given, is written as the last key, "provenance"
// (the command line's record of how the result was made).
std::string to_json(const ProbeResult& r, std::string_view provenance_json = {});
std::string to_table(const ProbeResult& r);

// IMIX as published for the SRX4700 single-tunnel test: 78/570/1450 B at 7:4:1 [S].
inline const std::vector<uint32_t> kImixFrameBytes{78, 570, 1450};
inline const std::vector<uint32_t> kImixWeights{7, 4, 1};

}  // namespace trio6sim::models
