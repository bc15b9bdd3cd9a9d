#include "probe.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <fmt/core.h>
#include <random>

#include "config/json.h"

#include "fabric.h"
#include "simulation.h"
#include "slice.h"
#include "traffic_generator.h"
#include "units.h"

namespace trio6sim::models {

namespace {

IpAddress v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  const uint8_t bytes[4] = {a, b, c, d};
  return IpAddress::v4(bytes);
}

IpAddress v6(uint16_t g2, uint16_t g3, uint16_t g7) {  // 2001:db8:g2:g3::g7
  uint8_t bytes[16] = {0x20, 0x01, 0x0d, 0xb8};
  bytes[4] = static_cast<uint8_t>(g2 >> 8);
  bytes[5] = static_cast<uint8_t>(g2);
  bytes[6] = static_cast<uint8_t>(g3 >> 8);
  bytes[7] = static_cast<uint8_t>(g3);
  bytes[14] = static_cast<uint8_t>(g7 >> 8);
  bytes[15] = static_cast<uint8_t>(g7);
  return IpAddress::v6(bytes);
}

// Address plan (documentation and benchmarking ranges).
struct AddressPlan {
  bool ipv6;
  int prefix() const { return ipv6 ? 64 : 24; }
  int host() const { return ipv6 ? 128 : 32; }
  IpAddress local_gateway(int slice) const { return ipv6 ? v6(0, 0xffff, 1 + slice) : v4(192, 0, 2, 1 + slice); }
  IpAddress peer(uint32_t t) const { return ipv6 ? v6(0xe, 0, t + 1) : v4(198, 18, t >> 8, t & 255); }
  IpAddress to_encrypt(uint32_t t) const { return ipv6 ? v6(0xa, t, 1) : v4(10, t >> 8, t & 255, 1); }
  IpAddress after_decrypt(uint32_t t) const { return ipv6 ? v6(0xd, t, 1) : v4(172, 16 + (t >> 8), t & 255, 1); }
  IpAddress clear(int slice, int pg) const { return ipv6 ? v6(0xc, slice * 2 + pg, 1) : v4(100, 64 + pg, slice, 1); }
};

crypto::SaConfig make_sa(uint32_t spi, const IpAddress& src, const IpAddress& dst, std::mt19937_64& rng) {
  crypto::SaConfig sa;
  sa.spi = spi;
  sa.cipher = crypto::EspCipher::kAes256Gcm;
  sa.key.resize(32);
  for (auto& k : sa.key) k = static_cast<uint8_t>(rng());
  sa.salt = static_cast<uint32_t>(rng());
  sa.source = src;
  sa.destination = dst;
  sa.replay_window = 1024;
  return sa;
}

double gbps(uint64_t l1_bytes, const Window& w) { return static_cast<double>(l1_bytes) * 8 / w.seconds() / 1e9; }

TrafficKind kind_of(ProbeDirection d) {
  return d == ProbeDirection::kClear ? TrafficKind::kClear
         : d == ProbeDirection::kDecrypt ? TrafficKind::kDecrypt
                                         : TrafficKind::kEncrypt;
}

// The slices whose PG0 port takes the offered load.
std::vector<int> ingress_slices(const ProbeConfig& c) {
  if (c.slices == 2) return {0, 1};
  if (c.anchor_slice) return {1 - *c.anchor_slice};  // ingress on the other slice
  return {0};
}

// Wire L1 bytes of one frame of cleartext `frame` entering as `kind`.
double wire_l1_bytes(const Trio6Params& p, TrafficKind kind, uint32_t frame, bool ipv6) {
  const double extra = p.port_group.preamble_bytes + p.port_group.ifg_bytes;
  if (kind != TrafficKind::kDecrypt) return frame + extra;
  const std::size_t esp_frame = esp_l3_bytes(frame, ipv6) + kEthernetHeaderBytes + kEthernetFcsBytes;
  return static_cast<double>(std::max<std::size_t>(64, esp_frame)) + extra;
}

// The chip the probe builds: one 400G port per port group.
Trio6Params probe_params(const ProbeConfig& c) {
  Trio6Params params = c.params;
  params.port_group.port_gbps.fill(0);
  for (int s = 0; s < kSlices; ++s)
    for (int pg = 0; pg < 2; ++pg) params.port_group.port_gbps[first_port(s, pg)] = 400;
  params.ipsec.timing_only = c.timing_only;
  return params;
}

double mean_over_mix(const ProbeConfig& c, const std::function<double(uint32_t)>& per_frame) {
  double sum = 0, weight = 0;
  for (std::size_t i = 0; i < c.frame_bytes.size(); ++i) {
    sum += per_frame(c.frame_bytes[i]) * c.weights[i];
    weight += c.weights[i];
  }
  return weight > 0 ? sum / weight : 0;
}

}  // namespace

double offered_wire_l1_bytes(const ProbeConfig& c) {
  auto one = [&](TrafficKind k) {
    return mean_over_mix(c, [&](uint32_t f) { return wire_l1_bytes(c.params, k, f, c.ipv6); });
  };
  if (c.direction == ProbeDirection::kBoth) return (one(TrafficKind::kEncrypt) + one(TrafficKind::kDecrypt)) / 2;
  return one(kind_of(c.direction));
}

double offered_cleartext_l1_bytes(const ProbeConfig& c) {
  return mean_over_mix(c, [&](uint32_t f) { return wire_l1_bytes(c.params, TrafficKind::kClear, f, c.ipv6); });
}

std::vector<BlockLimit> probe_block_limits(const ProbeConfig& c) {
  const std::vector<int> slices = ingress_slices(c);
  const double share = 1.0 / static_cast<double>(slices.size());
  const double si_gbps = c.si_bandwidth_gbps.value_or(c.params.si.default_bandwidth_gbps);
  const Trio6Params params = probe_params(c);
  std::vector<std::pair<std::vector<BlockBound>, double>> groups;
  for (int s : slices) {
    const int anchor = c.anchor_slice.value_or(s);
    auto bounds = [&](TrafficKind k) {
      return block_bounds(params, k, c.frame_bytes, c.weights, c.ipv6, first_port(anchor, 0), anchor * kSiPerSlice,
                          si_gbps);
    };
    if (c.direction == ProbeDirection::kBoth) {
      // Half the packets each way: a block spends the mean of the two costs.
      groups.emplace_back(bounds(TrafficKind::kEncrypt), share / 2);
      groups.emplace_back(bounds(TrafficKind::kDecrypt), share / 2);
    } else {
      groups.emplace_back(bounds(kind_of(c.direction)), share);
    }
  }
  return block_limits(groups);
}

uint32_t max_probe_tunnels(const ProbeConfig& c) {
  const uint32_t engines = c.anchor_slice ? 1 : static_cast<uint32_t>(c.slices);
  return std::min(c.params.ipsec.max_tunnels * engines, c.params.max_tunnels_per_chip);
}

void validate_probe_config(const ProbeConfig& c) {
  if (c.slices != 1 && c.slices != 2) throw ConfigError("probe: --slices must be 1 or 2");
  // Below 1 Mbps a generator's gap between frames grows past what the run
  // can time meaningfully; a rate that is not a number is refused too.
  constexpr double kMinGbps = 0.001;
  if (!(c.offered_gbps >= kMinGbps))
    throw ConfigError(fmt::format("probe: the offered rate must be >= 1m, got {}g", c.offered_gbps));
  if (c.duration_ps == 0) throw ConfigError("probe: the duration must be > 0");
  if (c.frame_bytes.empty() || c.frame_bytes.size() != c.weights.size())
    throw ConfigError("probe: frame sizes and weights must be non-empty and of equal length");
  for (uint32_t b : c.frame_bytes)
    if (b < 64 || b > 9216) throw ConfigError(fmt::format("probe: --frame-size {} is not in 64..9216", b));
  c.params.validate();  // before the limits below read it
  const bool ipsec = c.direction != ProbeDirection::kClear;
  const uint32_t max_tunnels = max_probe_tunnels(c);
  if (ipsec && (c.tunnels < static_cast<uint32_t>(c.slices) || c.tunnels > max_tunnels))
    throw ConfigError(fmt::format("probe: --tunnels must be {}..{} with {} slice(s) (ipsec.max_tunnels = {} per "
                                  "IPsec engine used, max_tunnels_per_chip = {}), got {}",
                                  c.slices, max_tunnels, c.slices, c.params.ipsec.max_tunnels,
                                  c.params.max_tunnels_per_chip, c.tunnels));
  if (c.anchor_slice && (*c.anchor_slice < 0 || *c.anchor_slice >= kSlices))
    throw ConfigError("probe: anchor slice must be 0 or 1");
  const double per_slice_gbps = c.offered_gbps / c.slices;
  if (per_slice_gbps > 400 + 1e-9)
    throw ConfigError(fmt::format("probe: {} Gbps per slice is more than its PG0 port (400G)", per_slice_gbps));
  if (c.clear_pg1_gbps != 0 && !(c.clear_pg1_gbps >= kMinGbps && c.clear_pg1_gbps <= 400 + 1e-9))
    throw ConfigError(fmt::format("probe: --clear-pg1 {}g is not 0 or 1m..400g (the PG1 port)", c.clear_pg1_gbps));
}

ProbeResult run_probe(const ProbeConfig& c) {
  validate_probe_config(c);
  const bool ipsec = c.direction != ProbeDirection::kClear;
  const double per_slice_gbps = c.offered_gbps / c.slices;
  const Trio6Params params = probe_params(c);

  fresh_simulation_context();
  const auto wall0 = std::chrono::steady_clock::now();
  ProbeResult r;
  {
    Trio6 chip("trio6", params, c.blocks);
    const uint64_t warmup = c.warmup_ps ? c.warmup_ps : c.duration_ps / 5;
    if (warmup >= c.duration_ps) throw ConfigError("probe: the warm-up must be shorter than the duration");
    const Window window{warmup, c.duration_ps};
    chip.set_measurement_window(window);
    const AddressPlan plan{c.ipv6};
    std::mt19937_64 rng(c.seed);

    std::array<IfIndex, kPortsPerChip> et{};
    for (int s = 0; s < kSlices; ++s)
      for (int pg = 0; pg < 2; ++pg) {
        const int port = first_port(s, pg);
        et[port] = chip.add_physical_interface(fmt::format("et-0/0/{}", port), port);
        chip.add_route(plan.clear(s, pg), plan.prefix(), NextHop::interface(et[port]));
      }
    std::array<uint32_t, kSlices> service_set{};
    for (int s = 0; s < kSlices; ++s) {
      const int n = s * kSiPerSlice;
      const IfIndex inside = chip.add_si_unit(s, n, 0);
      const IfIndex outside = chip.add_si_unit(s, n, 1);
      service_set[s] = chip.add_service_set(fmt::format("ipsec-pfe{}", s), inside, outside);
      if (c.si_bandwidth_gbps) {
        try {
          chip.set_inline_services_bandwidth(n, *c.si_bandwidth_gbps);
        } catch (const ConfigError& e) {
          throw ConfigError(std::string("probe: --si-bandwidth: ") + e.what());
        }
      }
      chip.add_route(plan.local_gateway(s), plan.host(), NextHop::si_outside(outside));
    }

    // Tunnel t enters on slice slices[t % n] and is anchored there (or on anchor_slice).
    std::vector<int> used_slices = c.slices == 1 ? std::vector<int>{0} : std::vector<int>{0, 1};
    if (c.anchor_slice && c.slices == 1) used_slices = {1 - *c.anchor_slice};  // ingress on the other slice
    std::vector<std::vector<TrafficTarget>> enc_targets(used_slices.size()), dec_targets(used_slices.size());
    std::vector<std::vector<crypto::SaConfig>> peer_sas(used_slices.size());
    const uint32_t tunnels = ipsec ? c.tunnels : 0;
    for (uint32_t t = 0; t < tunnels; ++t) {
      const std::size_t group = t % used_slices.size();
      const int anchor = c.anchor_slice.value_or(used_slices[group]);
      const IfIndex st0 = chip.add_st0_unit(t + 1);
      const auto out = make_sa(0x10000 + t, plan.local_gateway(anchor), plan.peer(t), rng);
      const auto in = make_sa(0x20000 + t, plan.peer(t), plan.local_gateway(anchor), rng);
      const uint32_t out_id = chip.add_sa(out, SaDirection::kOutbound, anchor);
      const uint32_t in_id = chip.add_sa(in, SaDirection::kInbound, anchor);
      chip.bind_tunnel(st0, service_set[anchor], out_id, in_id);
      const IfIndex egress = et[first_port(anchor, 0)];
      chip.add_route(plan.to_encrypt(t), plan.prefix(), NextHop::st0(st0));
      chip.add_route(plan.peer(t), plan.host(), NextHop::interface(egress));
      chip.add_route(plan.after_decrypt(t), plan.prefix(), NextHop::interface(egress));
      enc_targets[group].push_back({plan.to_encrypt(t), -1});
      dec_targets[group].push_back({plan.after_decrypt(t), static_cast<int>(peer_sas[group].size())});
      peer_sas[group].push_back(in);
    }

    std::vector<StreamSpec> streams;
    std::vector<uint32_t> pg1_streams;
    auto add_stream = [&](int port, double rate, std::vector<TrafficTarget> targets, std::vector<crypto::SaConfig> peers) {
      StreamSpec s;
      s.stream_id = static_cast<uint32_t>(streams.size());
      s.port = port;
      s.l1_gbps = rate;
      s.frame_bytes = c.frame_bytes;
      s.weights = c.weights;
      s.ipv6 = c.ipv6;
      s.flows = c.flows;
      s.targets = std::move(targets);
      s.peer_sas = std::move(peers);
      s.stop_ps = c.duration_ps;
      streams.push_back(std::move(s));
      return streams.back().stream_id;
    };
    for (std::size_t g = 0; g < used_slices.size(); ++g) {
      const int s = used_slices[g];
      const int port = first_port(s, 0);
      switch (c.direction) {
        case ProbeDirection::kClear: add_stream(port, per_slice_gbps, {{plan.clear(s, 0), -1}}, {}); break;
        case ProbeDirection::kEncrypt: add_stream(port, per_slice_gbps, enc_targets[g], {}); break;
        case ProbeDirection::kDecrypt: add_stream(port, per_slice_gbps, dec_targets[g], peer_sas[g]); break;
        case ProbeDirection::kBoth:
          add_stream(port, per_slice_gbps / 2, enc_targets[g], {});
          add_stream(port, per_slice_gbps / 2, dec_targets[g], peer_sas[g]);
          break;
      }
      if (c.clear_pg1_gbps > 0)
        pg1_streams.push_back(add_stream(first_port(s, 1), c.clear_pg1_gbps, {{plan.clear(s, 1), -1}}, {}));
    }
    TrafficGenerator generator("generator", chip, std::move(streams), c.seed, c.timing_only);
    const auto run0 = std::chrono::steady_clock::now();
    // The backlog at the middle and at the end of the window: a queue that
    // still grows at the end holds an overload the run was too short to see
    // as drops (steady-state check, docs/probe.md).
    const double mean_frame = mean_over_mix(c, [](uint32_t f) { return static_cast<double>(f); });
    auto backlog = [&]() {
      double packets = static_cast<double>(chip.packets_in_flight());
      for (const QueueOccupancy& q : chip.queue_occupancy())
        if (q.queue.ends_with("packet_buffer")) packets += q.bytes / mean_frame;
      return std::pair{packets, chip.traffic().offered_packets};
    };
    run_until_ps(window.start_ps + (window.end_ps - window.start_ps) / 2);
    const auto [mid_backlog, mid_offered] = backlog();
    run_until_ps(window.end_ps);
    const auto [end_backlog, end_offered] = backlog();
    run_until_drained(chip);  // traffic stops at duration_ps, then the chip drains to its last departure
    r.backlog_mid_packets = mid_backlog;
    r.backlog_end_packets = end_backlog;
    r.steady = end_backlog - mid_backlog <=
               std::max(kSteadySlackPackets, c.steady_tolerance * static_cast<double>(end_offered - mid_offered));
    r.run_wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - run0).count();

    const TrafficStatistics& ts = chip.traffic();
    r.offered_gbps = gbps(ts.window_offered_l1_bytes, window);
    r.delivered_gbps = gbps(ts.window_delivered_l1_bytes, window);
    const double gap = params.port_group.preamble_bytes + params.port_group.ifg_bytes;
    r.offered_cleartext_frame_gbps = gbps(ts.window_offered_cleartext_frame_bytes, window);
    r.delivered_cleartext_frame_gbps = gbps(ts.window_delivered_cleartext_frame_bytes, window);
    r.offered_cleartext_l1_gbps =
        r.offered_cleartext_frame_gbps + gbps(static_cast<uint64_t>(gap) * ts.window_offered_packets, window);
    r.delivered_cleartext_l1_gbps =
        r.delivered_cleartext_frame_gbps + gbps(static_cast<uint64_t>(gap) * ts.window_delivered_packets, window);
    if (ts.window_delivered_packets)
      r.delivered_mean_frame_bytes = static_cast<double>(ts.window_delivered_cleartext_frame_bytes) /
                                     static_cast<double>(ts.window_delivered_packets);
    r.offered_mpps = static_cast<double>(ts.window_offered_packets) / window.seconds() / 1e6;
    r.delivered_mpps = static_cast<double>(ts.window_delivered_packets) / window.seconds() / 1e6;
    r.offered_packets = ts.offered_packets;
    r.delivered_packets = ts.delivered_packets;
    r.delivered_to_host_packets = ts.delivered_to_host_packets;
    for (std::size_t i = 1; i < static_cast<std::size_t>(DropCause::kCount); ++i) {
      const auto cause = static_cast<DropCause>(i);
      if (ts.drops[cause]) r.drops[std::string(to_string(cause))] = ts.drops[cause];
    }
    r.dropped_packets = ts.drops.total();
    r.latency_p50_ns = ts.latency.quantile_ns(0.5);
    r.latency_p99_ns = ts.latency.quantile_ns(0.99);
    r.latency_max_ns = ts.latency.max_ns();
    r.utilization = chip.utilization();
    r.saturated_block = chip.saturated_block();
    r.drop_place = drop_place(r.utilization, ts.drops);
    ProbeConfig effective = c;
    if (!c.si_bandwidth_gbps) effective.si_bandwidth_gbps = chip.slice(0).si(0).bandwidth_gbps();
    r.blocks = probe_block_limits(effective);
    for (BlockLimit& b : r.blocks)
      for (const BlockUtilization& u : r.utilization)
        if (u.block == b.block) b.utilization = u.fraction;
    r.limiting_block = limiting_block(r.blocks);
    const double limit_mpps = limiting_offered_mpps(r.blocks);
    r.limiting_bound_gbps = limit_mpps * offered_wire_l1_bytes(effective) * 8 / 1e3;
    r.limiting_bound_cleartext_l1_gbps = limit_mpps * offered_cleartext_l1_bytes(effective) * 8 / 1e3;
    r.sim_seconds = static_cast<double>(std::max(now_ps(), chip.last_departure_ps())) * 1e-12;
    r.parameters_json = params.to_json();
    for (uint32_t id : pg1_streams) {
      if (id < ts.stream_offered_l1_bytes.size()) r.clear_pg1_offered_gbps += gbps(ts.stream_offered_l1_bytes[id], window);
      if (id < ts.stream_delivered_l1_bytes.size())
        r.clear_pg1_delivered_gbps += gbps(ts.stream_delivered_l1_bytes[id], window);
    }
    for (int d = 0; d < kSlices; ++d) {
      r.fabric_packets += chip.fabric().counters(d).packets;
      r.fabric_cells += chip.fabric().counters(d).cells;
      for (int i = 0; i < kSiPerSlice; ++i) {
        const SiAnchor& si = chip.slice(d).si(d * kSiPerSlice + i);
        r.si_input_gbps += si.meter().utilization(window) * si.bandwidth_gbps();
      }
      r.ipsec += chip.ipsec_statistics(d);
    }
    const int s0 = used_slices[0];
    const int anchor0 = c.anchor_slice.value_or(s0);
    const TrafficKind kind = kind_of(c.direction);
    r.bounds = block_bounds(params, kind, c.frame_bytes, c.weights, c.ipv6, first_port(anchor0, 0),
                            anchor0 * kSiPerSlice, chip.slice(anchor0).si(anchor0 * kSiPerSlice).bandwidth_gbps());
    r.conserved = chip.packets_in_flight() == 0 &&
                  ts.offered_packets + ts.from_host_packets + ts.packets_added_by_fragmentation() ==
                      ts.delivered_packets + ts.delivered_to_host_packets + ts.drops.total();
    if (c.inspect) c.inspect(chip);

    config::Json cfg;
    cfg["frame_bytes"] = c.frame_bytes;
    cfg["weights"] = c.weights;
    cfg["family"] = c.ipv6 ? "ipv6" : "ipv4";
    cfg["offered_gbps"] = config::json_number(c.offered_gbps);
    cfg["direction"] = c.direction == ProbeDirection::kEncrypt   ? "encrypt"
                       : c.direction == ProbeDirection::kDecrypt ? "decrypt"
                       : c.direction == ProbeDirection::kBoth    ? "both"
                                                                 : "clear";
    cfg["tunnels"] = c.tunnels;
    cfg["slices"] = c.slices;
    cfg["duration_ps"] = c.duration_ps;
    cfg["warmup_ps"] = warmup;
    cfg["timing_only"] = c.timing_only;
    cfg["seed"] = c.seed;
    cfg["flows"] = c.flows;
    if (c.si_bandwidth_gbps) cfg["si_bandwidth_gbps"] = config::json_number(*c.si_bandwidth_gbps);
    if (c.anchor_slice) cfg["anchor_slice"] = *c.anchor_slice;
    if (c.clear_pg1_gbps > 0) cfg["clear_pg1_gbps"] = config::json_number(c.clear_pg1_gbps);
    r.config_json = config::json_text(cfg, -1);
  }
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  return r;
}

namespace {
// A JSON text kept in a result (its parameters, its configuration) as a
// value; null when empty, in a ProbeResult that run_probe did not make.
config::Json embedded(const std::string& json) { return json.empty() ? config::Json() : config::Json::parse(json); }
}  // namespace

std::string to_json(const ProbeResult& r, std::string_view provenance_json) {
  using config::Json;
  using config::json_number;
  // The first keys are fixed: outside scripts read them (issue "chip").
  Json j;
  j["offered_gbps"] = json_number(r.offered_gbps);
  j["delivered_gbps"] = json_number(r.delivered_gbps);
  j["offered_mpps"] = json_number(r.offered_mpps);
  j["delivered_mpps"] = json_number(r.delivered_mpps);
  j["offered_packets"] = r.offered_packets;
  j["delivered_packets"] = r.delivered_packets;
  j["drops"] = Json(r.drops);
  j["latency_ns"] = {{"p50", json_number(r.latency_p50_ns)},
                     {"p99", json_number(r.latency_p99_ns)},
                     {"max", json_number(r.latency_max_ns)}};
  Json& utilization = j["utilization"] = Json::object();
  for (const auto& u : r.utilization) utilization[u.block] = json_number(u.fraction);
  j["saturated_block"] = r.saturated_block;
  j["sim_seconds"] = json_number(r.sim_seconds);
  j["wall_seconds"] = json_number(r.wall_seconds);
  j["run_wall_seconds"] = json_number(r.run_wall_seconds);
  j["parameters"] = embedded(r.parameters_json);
  j["config"] = embedded(r.config_json);
  j["delivered_to_host_packets"] = r.delivered_to_host_packets;
  j["conserved"] = r.conserved;
  j["fabric"] = {{"packets", r.fabric_packets}, {"cells", r.fabric_cells}};
  Json& ipsec = j["ipsec_statistics"] = Json::object();
  for (const auto& c : crypto::kIpsecCounters) ipsec[c.name] = r.ipsec.*c.field;
  Json& bounds = j["bounds_mpps"] = Json::object();
  for (const auto& b : r.bounds) bounds[b.block] = json_number(b.mpps);
  j["offered_cleartext_l1_gbps"] = json_number(r.offered_cleartext_l1_gbps);
  j["delivered_cleartext_l1_gbps"] = json_number(r.delivered_cleartext_l1_gbps);
  j["offered_cleartext_frame_gbps"] = json_number(r.offered_cleartext_frame_gbps);
  j["delivered_cleartext_frame_gbps"] = json_number(r.delivered_cleartext_frame_gbps);
  j["delivered_mean_frame_bytes"] = json_number(r.delivered_mean_frame_bytes);
  j["steady"] = r.steady;
  j["backlog_packets"] = {{"window_middle", json_number(r.backlog_mid_packets)},
                          {"window_end", json_number(r.backlog_end_packets)}};
  j["loss_free"] = r.loss_free();
  j["limiting_block"] = r.limiting_block;
  j["limiting_bound_gbps"] = json_number(r.limiting_bound_gbps);
  j["limiting_bound_cleartext_l1_gbps"] = json_number(r.limiting_bound_cleartext_l1_gbps);
  j["drop_place"] = r.drop_place;
  Json& blocks = j["blocks"] = Json::object();
  for (const auto& b : r.blocks)
    blocks[b.block] = {{"bound_mpps", json_number(b.bound_mpps)},
                       {"share", json_number(b.share)},
                       {"offered_bound_mpps", json_number(b.offered_mpps)},
                       {"utilization", json_number(b.utilization)}};
  if (!provenance_json.empty()) j["provenance"] = Json::parse(provenance_json);
  return config::json_text(j);
}

std::string to_table(const ProbeResult& r) {
  std::string s;
  s += fmt::format("{:<22}{:>12.3f} Gbps {:>12.3f} Mpps {:>12} packets\n", "offered", r.offered_gbps, r.offered_mpps,
                   r.offered_packets);
  s += fmt::format("{:<22}{:>12.3f} Gbps {:>12.3f} Mpps {:>12} packets\n", "delivered", r.delivered_gbps,
                   r.delivered_mpps, r.delivered_packets);
  s += fmt::format("{:<22}{:>12} packets\n", "dropped", r.dropped_packets);
  for (const auto& [cause, n] : r.drops) s += fmt::format("  {:<20}{:>12} packets\n", cause, n);
  s += fmt::format("{:<22}p50 {:.1f} ns, p99 {:.1f} ns, max {:.1f} ns\n", "latency", r.latency_p50_ns, r.latency_p99_ns,
                   r.latency_max_ns);
  s += fmt::format("{:<22}{:>12.3f} Gbps L1 {:>12.3f} Gbps of frames, mean {:.1f} B\n", "delivered cleartext",
                   r.delivered_cleartext_l1_gbps, r.delivered_cleartext_frame_gbps, r.delivered_mean_frame_bytes);
  s += fmt::format("{:<22}{} (bound {:.3f} Gbps offered L1, {:.3f} Gbps of cleartext L1)\n", "limited by",
                   r.limiting_block, r.limiting_bound_gbps, r.limiting_bound_cleartext_l1_gbps);
  s += fmt::format("{:<22}{}\n", "dropped at", r.drop_place);
  s += fmt::format("{:<22}{}, backlog {:.0f} -> {:.0f} packets from the middle to the end of the window{}\n", "steady",
                   r.steady ? "yes" : "NO (queues still grow)", r.backlog_mid_packets, r.backlog_end_packets,
                   r.loss_free() ? ", loss-free" : "");
  s += fmt::format("{:<22}{}\n", "saturated block", r.saturated_block);
  s += "utilization\n";
  for (const auto& u : r.utilization)
    if (u.fraction > 0) s += fmt::format("  {:<26}{:>7.1f} %\n", u.block, u.fraction * 100);
  s += "bounds (one slice)\n";
  for (const auto& b : r.bounds) s += fmt::format("  {:<26}{:>10.2f} Mpps\n", b.block, b.mpps);
  s += fmt::format("{:<22}{:.6f} s simulated, {:.3f} s wall, conservation {}\n", "run", r.sim_seconds, r.wall_seconds,
                   r.conserved ? "exact" : "VIOLATED");
  s += fmt::format("parameters {}\n", r.parameters_json);
  return s;
}

}  // namespace trio6sim::models
