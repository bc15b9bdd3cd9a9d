#include "run_report.h"

#include <fmt/core.h>

#include "config/json_writer.h"

namespace trio6sim::report {

std::string to_json(const RunReport& r) {
  config::JsonWriter w;
  w.begin_object();
  w.key("scenario").value(r.scenario);
  w.key("seed").value(r.seed);
  w.key("sim_seconds").value(r.sim_seconds);
  w.key("wall_seconds").value(r.wall_seconds);
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
    w.key("drops").begin_object();
    for (const auto& [cause, n] : d.drops) w.key(cause).value(n);
    w.end_object();
    w.key("chassis_fabric").begin_object();
    for (const auto& [to, n] : d.chassis_fabric) w.key(to).value(n);
    w.end_object();
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
