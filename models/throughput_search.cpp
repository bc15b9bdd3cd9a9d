#include "throughput_search.h"

#include <algorithm>
#include <cmath>
#include <fmt/core.h>

#include "config/json.h"

#include "units.h"

namespace trio6sim::models {

namespace {

// The queue in front of `block` (a name Trio6::utilization() uses): the
// bytes an overload of that block fills before it drops.
double queue_depth_bytes(const Trio6Params& p, const std::string& block, double mean_frame_bytes) {
  if (block.find(".lookup.") != std::string::npos) return p.lookup.dispatch_queue_depth_packets * mean_frame_bytes;
  if (block.find(".si-F/P/") != std::string::npos) return static_cast<double>(p.si.depth_bytes);
  if (block.ends_with(".ipsec_engine")) return static_cast<double>(p.ipsec.input_depth_bytes);
  if (block.ends_with(".ipsec_loopback")) return static_cast<double>(p.port_group.ipsec_loopback_depth_bytes);
  if (block.ends_with(".ingress")) return static_cast<double>(p.port_group.ingress_backlog_bytes);
  return static_cast<double>(p.slice.buffer_bytes);  // an egress port: the slice's packet buffer
}

// The steady check must see one resolution step of overload: its backlog
// growth over the second half of the window at least this many times the
// check's noise floor (kSteadySlackPackets).
constexpr double kSteadyMargin = 4;
// No trial shorter than this: the warm-up must cover the pipeline's latency.
constexpr uint64_t kMinWindowPs = 20 * kPsPerUs;
constexpr uint64_t kMaxTrialPs = 1000ull * 1000 * 1000 * 1000;  // 1 s, the probe's limit

ThroughputTrial run_trial(ProbeConfig c, double offered_gbps, double resolution_gbps, ProbeResult& out) {
  c.offered_gbps = offered_gbps;
  // Half a resolution step of overload, sustained over the second half of
  // the window, is growth the check flags; less is within the resolution.
  c.steady_tolerance = 0.5 * resolution_gbps / offered_gbps;
  out = run_probe(c);
  return {offered_gbps, out.loss_free(), out.steady, out.dropped_packets};
}

}  // namespace

uint64_t trial_from_buffers(const ProbeConfig& c, double resolution_gbps, std::string& basis) {
  const auto limits = probe_block_limits(c);
  const std::string limiting = limiting_block(limits);
  const double mean_l1 = offered_wire_l1_bytes(c);
  double depth = 0;
  for (const BlockLimit& b : limits)
    if (("+" + limiting + "+").find("+" + b.block + "+") != std::string::npos)
      depth = std::max(depth, queue_depth_bytes(c.params, b.block, mean_l1));
  const double excess_bytes_per_s = resolution_gbps * 1e9 / 8;
  // Overflow: from the start of traffic, the excess fills the queue in
  // depth / excess; the window (four fifths of the trial) is twice that, so
  // the drops fall inside the window.
  const double overflow_window_s = 2 * depth / excess_bytes_per_s;
  // Steady check: excess packets over half the window >= margin x slack.
  const double steady_window_s = 2 * kSteadyMargin * kSteadySlackPackets * mean_l1 / excess_bytes_per_s;
  const double window_s = std::max({overflow_window_s, steady_window_s, kMinWindowPs * 1e-12});
  const double trial_ps = std::min(std::ceil(window_s * 1.25 * 1e12), static_cast<double>(kMaxTrialPs));
  basis = fmt::format("{}: {:.0f} B queue in front of {} overflows in {:.1f} us at {} Gbps over its bound; "
                      "window {:.1f} us (twice that, or what the steady check needs: {:.1f} us), plus a fifth warm-up",
                      overflow_window_s >= steady_window_s ? "buffers" : "steady check", depth, limiting,
                      overflow_window_s / 2 * 1e6, resolution_gbps, window_s * 1e6, steady_window_s * 1e6);
  return static_cast<uint64_t>(trial_ps);
}

ThroughputResult find_throughput(const ProbeConfig& config, const ThroughputSearchParams& search) {
  if (!(search.resolution_gbps >= 0.001)) throw ConfigError("probe: --resolution must be at least 1m");
  ThroughputResult r;
  r.resolution_gbps = search.resolution_gbps;
  ProbeConfig c = config;
  r.trial_ps = search.trial_ps;
  if (r.trial_ps == 0) r.trial_ps = trial_from_buffers(c, search.resolution_gbps, r.trial_basis);
  else r.trial_basis = "given (--trial)";
  c.duration_ps = r.trial_ps;
  c.warmup_ps = r.trial_ps / 5;
  // The most the probe can offer: one 400G port per slice used.
  const double top = 400.0 * c.slices;
  double lossy = top, loss_free = 0;
  ProbeResult at;
  r.trials.push_back(run_trial(c, top, search.resolution_gbps, at));
  if (r.trials.back().loss_free) {
    r.found = true;
    r.throughput_gbps = top;
    r.at_throughput = std::move(at);
    return r;
  }
  r.at_throughput = at;
  while (lossy - loss_free > search.resolution_gbps) {
    const double mid = (lossy + loss_free) / 2;
    r.trials.push_back(run_trial(c, mid, search.resolution_gbps, at));
    if (r.trials.back().loss_free) {
      loss_free = mid;
      r.found = true;
      r.at_throughput = at;
    } else {
      lossy = mid;
      if (!r.found) r.at_throughput = at;
    }
  }
  r.throughput_gbps = loss_free;
  return r;
}

std::string to_json(const ThroughputResult& r, std::string_view provenance_json) {
  using config::Json;
  using config::json_number;
  Json j;
  j["found"] = r.found;
  j["throughput_gbps"] = json_number(r.throughput_gbps);
  j["throughput_cleartext_l1_gbps"] = json_number(r.at_throughput.offered_cleartext_l1_gbps);
  j["throughput_cleartext_frame_gbps"] = json_number(r.at_throughput.offered_cleartext_frame_gbps);
  j["throughput_mpps"] = json_number(r.at_throughput.offered_mpps);
  j["resolution_gbps"] = json_number(r.resolution_gbps);
  j["trial_ps"] = r.trial_ps;
  j["trial_basis"] = r.trial_basis;
  j["limiting_block"] = r.at_throughput.limiting_block;
  j["limiting_bound_gbps"] = json_number(r.at_throughput.limiting_bound_gbps);
  Json& trials = j["trials"] = Json::array();
  for (const auto& t : r.trials)
    trials.push_back({{"offered_gbps", json_number(t.offered_gbps)},
                      {"loss_free", t.loss_free},
                      {"steady", t.steady},
                      {"dropped_packets", t.dropped_packets}});
  j["at_throughput"] = Json::parse(to_json(r.at_throughput));
  if (!provenance_json.empty()) j["provenance"] = Json::parse(provenance_json);
  return config::json_text(j);
}

std::string to_table(const ThroughputResult& r) {
  std::string s;
  if (r.found)
    s += fmt::format("loss-free throughput  {:.3f} Gbps offered (wire L1), {:.3f} Gbps of customer cleartext L1, "
                     "{:.3f} Gbps of cleartext frames, {:.3f} Mpps (resolution {} Gbps)\n",
                     r.throughput_gbps, r.at_throughput.offered_cleartext_l1_gbps,
                     r.at_throughput.offered_cleartext_frame_gbps, r.at_throughput.offered_mpps, r.resolution_gbps);
  else
    s += fmt::format("loss-free throughput  none found: every trial down to {} Gbps lost packets or did not settle\n",
                     r.resolution_gbps);
  s += fmt::format("trial                 {:.1f} us each ({})\n", static_cast<double>(r.trial_ps) / kPsPerUs,
                   r.trial_basis);
  s += "trials               ";
  for (const auto& t : r.trials)
    s += fmt::format(" {:.3f}g:{}", t.offered_gbps, t.loss_free ? "ok" : (t.steady ? "loss" : "unsteady"));
  s += "\n\nthe trial at throughput:\n";
  return s + to_table(r.at_throughput);
}

}  // namespace trio6sim::models
