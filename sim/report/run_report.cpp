#include "run_report.h"

#include <fmt/core.h>

#include "config/json_writer.h"

namespace trio6sim::report {

namespace {

// "key": {name: value, ...} from a map of numbers.
template <typename Number>
void write_map(config::JsonWriter& w, std::string_view key, const std::map<std::string, Number>& m) {
  w.key(key).begin_object();
  for (const auto& [name, v] : m) w.key(name).value(v);
  w.end_object();
}

// Utilization, what saturated and the drops by place (added keys).
void write_load(config::JsonWriter& w, const DeviceReport& d) {
  write_map(w, "utilization", d.utilization);
  write_map(w, "peak_utilization", d.peak_utilization);
  w.key("saturated").begin_array();
  for (const auto& s : d.saturated) {
    w.begin_object();
    w.key("place").value(s.place);
    if (!s.member_of.empty()) w.key("member_of").value(s.member_of);
    w.key("utilization").value(s.utilization);
    w.key("peak_utilization").value(s.peak_utilization);
    w.key("overflow_drops").value(s.overflow_drops);
    w.end_object();
  }
  w.end_array();
  w.key("drops_by_place").begin_object();
  for (const auto& [place, causes] : d.drops_by_place) write_map(w, place, causes);
  w.end_object();
}

std::string saturation_text(const Saturation& s) {
  return fmt::format("{}{}: busy {:.1f}% (busiest interval {:.1f}%){}", s.place,
                     s.member_of.empty() ? "" : " (member of " + s.member_of + ")", 100 * s.utilization,
                     100 * s.peak_utilization,
                     s.overflow_drops ? fmt::format(", {} dropped as its queue overflowed", s.overflow_drops) : "");
}

// The text report's load lines: what saturated, where the drops were, and
// the busiest places (those at least 1% busy).
std::string load_text(const DeviceReport& d) {
  std::string out;
  if (d.saturated.empty()) out += "  saturated: nothing\n";
  for (std::size_t i = 0; i < d.saturated.size(); ++i)
    out += fmt::format("  saturated{}: {}\n", i == 0 ? " first" : "", saturation_text(d.saturated[i]));
  for (const auto& [place, causes] : d.drops_by_place)
    for (const auto& [cause, n] : causes) out += fmt::format("  drop at {}: {} {}\n", place, cause, n);
  std::string busy;
  for (const auto& [place, fraction] : d.utilization) {
    auto peak = d.peak_utilization.find(place);
    const double p = peak == d.peak_utilization.end() ? 0 : peak->second;
    if (fraction >= 0.01 || p >= 0.01) busy += fmt::format("    {:<36}{:>8.1f}%{:>8.1f}%\n", place, 100 * fraction, 100 * p);
  }
  if (!busy.empty()) out += fmt::format("  {:<36}{:>9}{:>9}\n", "utilization (at least 1%)", "window", "busiest") + busy;
  return out;
}

}  // namespace

std::string to_json(const RunReport& r) {
  config::JsonWriter w;
  w.begin_object();
  w.key("scenario").value(r.scenario);
  w.key("seed").value(r.seed);
  w.key("sim_seconds").value(r.sim_seconds);
  w.key("wall_seconds").value(r.wall_seconds);
  if (r.scale_rates != 1) w.key("scale_rates").value(r.scale_rates);
  w.key("devices").begin_object();
  for (const auto& [name, d] : r.devices) {
    w.key(name).begin_object();
    w.key("interfaces").begin_object();
    for (const auto& [ifl, c] : d.interfaces) {
      w.key(ifl).begin_object();
      w.key("input_packets").value(c.input_packets);
      w.key("output_packets").value(c.output_packets);
      w.key("input_bytes").value(c.input_bytes);
      w.key("output_bytes").value(c.output_bytes);
      w.key("input_pps").value(c.input_pps);
      w.key("output_pps").value(c.output_pps);
      w.end_object();
    }
    w.end_object();
    w.key("ipsec").begin_object();
    for (const auto& c : crypto::kIpsecCounters) w.key(c.name).value(d.ipsec.*c.field);
    w.end_object();
    write_map(w, "drops", d.drops);
    write_map(w, "chassis_fabric", d.chassis_fabric);
    w.key("not_modeled").begin_array();
    for (const auto& p : d.not_modeled) w.value(p);
    w.end_array();
    w.key("not_modeled_statements").begin_array();
    for (const auto& s : d.not_modeled_statements) {
      w.begin_object();
      w.key("statement").value(s.statement);
      w.key("file").value(s.file);
      w.key("line").value(s.line);
      w.end_object();
    }
    w.end_array();
    w.key("tunnels_down").begin_array();
    for (const auto& t : d.tunnels_down) w.value(t);
    w.end_array();
    write_load(w, d);
    w.end_object();
  }
  w.end_object();
  w.key("streams").begin_object();
  for (const auto& [name, s] : r.streams) {
    w.key(name).begin_object();
    w.key("tx_packets").value(s.tx_packets);
    w.key("rx_packets").value(s.rx_packets);
    w.key("lost").value(s.lost());
    w.key("latency_ns").begin_object();
    w.key("p50").value(s.latency_ns.p50);
    w.key("p99").value(s.latency_ns.p99);
    w.key("max").value(s.latency_ns.max);
    w.end_object();
    w.end_object();
  }
  w.end_object();
  w.key("conservation").begin_object();
  w.key("offered").value(r.conservation.offered);
  w.key("delivered").value(r.conservation.delivered);
  w.key("dropped").value(r.conservation.dropped);
  if (r.conservation.in_flight_on_links != 0) w.key("in_flight_on_links").value(r.conservation.in_flight_on_links);
  w.key("unaccounted").value(r.conservation.unaccounted());
  w.end_object();
  w.end_object();
  return w.str() + "\n";
}

std::string to_text(const RunReport& r) {
  std::string out = fmt::format("scenario {} (seed {}): {:.6f} s simulated in {:.3f} s\n", r.scenario, r.seed,
                                r.sim_seconds, r.wall_seconds);
  for (const auto& [name, d] : r.devices) {
    out += fmt::format("\n{}\n", name);
    if (!d.not_modeled.empty()) {
      out += "  not modeled:";
      for (const auto& p : d.not_modeled) out += " " + p;
      out += "\n";
    }
    if (!d.not_modeled_statements.empty()) {
      out += "  statements not modeled (not applied by the simulator):\n";
      for (const auto& s : d.not_modeled_statements)
        out += fmt::format("    {}:{}: {}\n", s.file, s.line, s.statement);
    }
    for (const auto& t : d.tunnels_down) out += "  tunnel down: " + t + "\n";
    out += fmt::format("  {:<20}{:>14}{:>14}{:>12}{:>12}\n", "interface", "in packets", "out packets", "in pps",
                       "out pps");
    for (const auto& [ifl, c] : d.interfaces)
      out += fmt::format("  {:<20}{:>14}{:>14}{:>12.0f}{:>12.0f}\n", ifl, c.input_packets, c.output_packets,
                         c.input_pps, c.output_pps);
    out += fmt::format("  ipsec: encrypted {} packets, decrypted {} packets, errors: auth {}, replay {}, "
                       "decrypt {}, bad headers {}, bad trailers {}\n",
                       d.ipsec.encrypted_packets, d.ipsec.decrypted_packets, d.ipsec.esp_authentication_failures,
                       d.ipsec.replay_errors, d.ipsec.esp_decryption_failures, d.ipsec.bad_headers,
                       d.ipsec.bad_trailers);
    if (!d.chassis_fabric.empty()) {
      out += "  chassis fabric:";
      for (const auto& [to, n] : d.chassis_fabric) out += fmt::format(" to {} {}", to, n);
      out += " packets\n";
    }
    for (const auto& [cause, n] : d.drops) out += fmt::format("  drop {:<30}{:>12}\n", cause, n);
    out += load_text(d);
  }
  out += fmt::format("\n{:<24}{:>12}{:>12}{:>8}{:>12}{:>12}{:>12}\n", "stream", "tx", "rx", "lost", "p50 ns",
                     "p99 ns", "max ns");
  for (const auto& [name, s] : r.streams)
    out += fmt::format("{:<24}{:>12}{:>12}{:>8}{:>12.0f}{:>12.0f}{:>12.0f}\n", name, s.tx_packets, s.rx_packets,
                       s.lost(), s.latency_ns.p50, s.latency_ns.p99, s.latency_ns.max);
  const auto& c = r.conservation;
  out += fmt::format("\nconservation: offered {} = delivered {} + dropped {}{}{}\n", c.offered, c.delivered, c.dropped,
                     c.in_flight_on_links == 0 ? "" : fmt::format(" + in flight on links {}", c.in_flight_on_links),
                     c.unaccounted() == 0 ? " (exact)" : fmt::format(", UNACCOUNTED {}", c.unaccounted()));
  return out;
}

}  // namespace trio6sim::report
