#include "run_report.h"

#include <map>

#include <fmt/core.h>

#include "config/json.h"

namespace trio6sim::report {

namespace {

using config::Json;
using config::json_number;

// {name: value, ...} from a map of counts or fractions.
Json counts(const std::map<std::string, uint64_t>& m) {
  Json out = Json::object();
  for (const auto& [name, n] : m) out[name] = n;
  return out;
}
Json fractions(const std::map<std::string, double>& m) {
  Json out = Json::object();
  for (const auto& [name, v] : m) out[name] = json_number(v);
  return out;
}

// Utilization, what saturated and the drops by place (added keys).
void add_load(Json& device, const DeviceReport& d) {
  device["utilization"] = fractions(d.utilization);
  device["peak_utilization"] = fractions(d.peak_utilization);
  Json& saturated = device["saturated"] = Json::array();
  for (const auto& s : d.saturated) {
    Json one;
    one["place"] = s.place;
    if (!s.member_of.empty()) one["member_of"] = s.member_of;
    one["utilization"] = json_number(s.utilization);
    one["peak_utilization"] = json_number(s.peak_utilization);
    one["overflow_drops"] = s.overflow_drops;
    saturated.push_back(std::move(one));
  }
  Json& by_place = device["drops_by_place"] = Json::object();
  for (const auto& [place, causes] : d.drops_by_place) by_place[place] = counts(causes);
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
  Json j;
  j["scenario"] = r.scenario;
  j["seed"] = r.seed;
  j["sim_seconds"] = json_number(r.sim_seconds);
  j["wall_seconds"] = json_number(r.wall_seconds);
  if (r.scale_rates != 1) j["scale_rates"] = json_number(r.scale_rates);
  if (const auto& b = r.bridge)
    j["bridge"] = {{"device", b->device},
                   {"peer", b->peer},
                   {"host", b->host},
                   {"peer_host", b->peer_host},
                   {"ike_to_host", b->ike_to_host},
                   {"ike_from_host", b->ike_from_host},
                   {"esp_to_host", b->esp_to_host},
                   {"esp_from_host", b->esp_from_host},
                   {"keepalives_to_host", b->keepalives_to_host},
                   {"keepalives_from_host", b->keepalives_from_host},
                   {"foreign_dropped", b->foreign_dropped},
                   {"not_for_peer_dropped", b->not_for_peer_dropped},
                   {"send_errors", b->send_errors},
                   {"lag_samples", b->lag_samples},
                   {"lag_max_ms", json_number(b->lag_max_ms)},
                   {"lag_mean_ms", json_number(b->lag_mean_ms)}};
  Json& devices = j["devices"] = Json::object();
  for (const auto& [name, d] : r.devices) {
    Json& device = devices[name];
    Json& interfaces = device["interfaces"] = Json::object();
    for (const auto& [ifl, c] : d.interfaces)
      interfaces[ifl] = {{"input_packets", c.input_packets},     {"output_packets", c.output_packets},
                         {"input_bytes", c.input_bytes},         {"output_bytes", c.output_bytes},
                         {"input_pps", json_number(c.input_pps)}, {"output_pps", json_number(c.output_pps)}};
    Json& ipsec = device["ipsec"] = Json::object();
    for (const auto& c : crypto::kIpsecCounters) ipsec[c.name] = d.ipsec.*c.field;
    device["drops"] = counts(d.drops);
    device["chassis_fabric"] = counts(d.chassis_fabric);
    device["not_modeled"] = d.not_modeled;
    Json& statements = device["not_modeled_statements"] = Json::array();
    for (const auto& s : d.not_modeled_statements)
      statements.push_back({{"statement", s.statement}, {"file", s.file}, {"line", s.line}});
    device["tunnels_down"] = d.tunnels_down;
    add_load(device, d);
    device["host"] = {{"sent", d.host_sent}, {"received", d.host_received}};
  }
  Json& streams = j["streams"] = Json::object();
  for (const auto& [name, s] : r.streams)
    streams[name] = {{"tx_packets", s.tx_packets},
                     {"rx_packets", s.rx_packets},
                     {"lost", s.lost()},
                     {"latency_ns",
                      {{"p50", json_number(s.latency_ns.p50)},
                       {"p99", json_number(s.latency_ns.p99)},
                       {"max", json_number(s.latency_ns.max)}}}};
  if (!r.generators_received_other.empty()) {
    Json& generators = j["generators"] = Json::object();
    for (const auto& [name, n] : r.generators_received_other) generators[name] = {{"received_not_of_streams", n}};
  }
  Json& conservation = j["conservation"];
  conservation["offered"] = r.conservation.offered;
  conservation["delivered"] = r.conservation.delivered;
  conservation["dropped"] = r.conservation.dropped;
  if (r.conservation.in_flight_on_links != 0) conservation["in_flight_on_links"] = r.conservation.in_flight_on_links;
  conservation["from_host"] = r.conservation.from_host;
  conservation["injected_on_links"] = r.conservation.injected_on_links;
  if (r.conservation.fragments_added != 0) conservation["fragments_added"] = r.conservation.fragments_added;
  if (r.conservation.flood_copies_added != 0) conservation["flood_copies_added"] = r.conservation.flood_copies_added;
  if (r.bridge) {
    conservation["from_bridge"] = r.conservation.from_bridge;
    conservation["to_bridge"] = r.conservation.to_bridge;
  }
  conservation["unaccounted"] = r.conservation.unaccounted();
  return config::json_text(j) + "\n";
}

namespace {

// The interface table: one row per interface; on a device with more than
// kMaxRows interfaces (a scale test's thousands of st0 and si units) the
// units of each st0 and si interface fold into one row with their sums,
// named "st0.* (2000 units)". The JSON report keeps every unit.
std::string interface_rows(const DeviceReport& d) {
  constexpr std::size_t kMaxRows = 64;
  auto row = [](const std::string& name, const auto& c) {
    return fmt::format("  {:<20}{:>14}{:>14}{:>12.0f}{:>12.0f}\n", name, c.input_packets, c.output_packets,
                       c.input_pps, c.output_pps);
  };
  std::string out;
  if (d.interfaces.size() <= kMaxRows) {
    for (const auto& [ifl, c] : d.interfaces) out += row(ifl, c);
    return out;
  }
  struct Folded {
    uint64_t input_packets = 0, output_packets = 0, units = 0;
    double input_pps = 0, output_pps = 0;
  };
  std::map<std::string, Folded> folded;
  for (const auto& [ifl, c] : d.interfaces) {
    const auto dot = ifl.find('.');
    if (dot == std::string::npos || !(ifl.starts_with("st0.") || ifl.starts_with("si-"))) continue;
    Folded& f = folded[ifl.substr(0, dot)];
    f.input_packets += c.input_packets;
    f.output_packets += c.output_packets;
    f.input_pps += c.input_pps;
    f.output_pps += c.output_pps;
    ++f.units;
  }
  for (const auto& [ifl, c] : d.interfaces) {
    const auto dot = ifl.find('.');
    auto it = dot == std::string::npos ? folded.end() : folded.find(ifl.substr(0, dot));
    if (it == folded.end()) {
      out += row(ifl, c);
    } else if (it->second.units) {  // the group's first unit: the folded row, once
      out += row(fmt::format("{}.* ({} units)", it->first, it->second.units), it->second);
      it->second.units = 0;
    }
  }
  return out;
}

// A Junos keyword is lowercase letters and '-'; names and values (gw-17,
// ipsec_policy, et-2/1/0, 10.0.0.1/24) are anything else.
bool junos_keyword(std::string_view word) {
  return !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") == std::string_view::npos;
}

// One row per statement; past kMaxRows (a generated configuration's
// thousands of `gateway gw-N external-interface ...`) the statements that
// differ only in their names and values fold into one row with a count and
// the first line. The JSON report keeps every statement.
std::string not_modeled_rows(const DeviceReport& d) {
  constexpr std::size_t kMaxRows = 64;
  std::string out;
  if (d.not_modeled_statements.size() <= kMaxRows) {
    for (const auto& s : d.not_modeled_statements) out += fmt::format("    {}:{}: {}\n", s.file, s.line, s.statement);
    return out;
  }
  struct Group {
    std::size_t count = 0;
    std::string first;  // "FILE:LINE: statement" of the first one
  };
  std::vector<std::pair<std::string, Group>> groups;  // in order of first appearance
  std::map<std::string, std::size_t> index;
  for (const auto& s : d.not_modeled_statements) {
    std::string shape;
    std::size_t at = 0;
    while (at < s.statement.size()) {
      const auto end = std::min(s.statement.find(' ', at), s.statement.size());
      const std::string_view word(s.statement.data() + at, end - at);
      shape += shape.empty() ? "" : " ";
      shape += junos_keyword(word) ? std::string(word) : "*";
      at = end + 1;
    }
    auto [it, added] = index.emplace(shape, groups.size());
    if (added) groups.push_back({shape, {0, fmt::format("{}:{}: {}", s.file, s.line, s.statement)}});
    ++groups[it->second].second.count;
  }
  for (const auto& [shape, g] : groups)
    out += g.count == 1 ? fmt::format("    {}\n", g.first)
                        : fmt::format("    {} (and {} more: {})\n", g.first, g.count - 1, shape);
  return out;
}

}  // namespace

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
      out += not_modeled_rows(d);
    }
    for (const auto& t : d.tunnels_down) out += "  tunnel down: " + t + "\n";
    out += fmt::format("  {:<20}{:>14}{:>14}{:>12}{:>12}\n", "interface", "in packets", "out packets", "in pps",
                       "out pps");
    out += interface_rows(d);
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
  for (const auto& [name, n] : r.generators_received_other)
    out += fmt::format("generator {} received {} packets not of a stream\n", name, n);
  if (const auto& b = r.bridge)
    out += fmt::format("\nbridge {} <-> {} (host {} <-> {}): IKE {} to host, {} from host; ESP in UDP {} to host, {} "
                       "from host; NAT keepalives {} to host, {} from host; dropped: foreign {}, not for the peer {}, "
                       "send errors {}; paced to the wall clock, lag max {:.3f} ms, mean {:.3f} ms ({} samples)\n",
                       b->device, b->peer, b->host, b->peer_host, b->ike_to_host, b->ike_from_host, b->esp_to_host,
                       b->esp_from_host, b->keepalives_to_host, b->keepalives_from_host, b->foreign_dropped,
                       b->not_for_peer_dropped, b->send_errors, b->lag_max_ms, b->lag_mean_ms, b->lag_samples);
  const auto& c = r.conservation;
  std::string offered = fmt::format("{}", c.offered);
  if (c.from_host != 0) offered += fmt::format(" + from host {}", c.from_host);
  if (c.injected_on_links != 0) offered += fmt::format(" + injected on links {}", c.injected_on_links);
  if (r.bridge) offered += fmt::format(" + from the bridge {}", c.from_bridge);
  if (c.fragments_added != 0) offered += fmt::format(" + fragments added {}", c.fragments_added);
  if (c.flood_copies_added != 0) offered += fmt::format(" + flood copies added {}", c.flood_copies_added);
  std::string delivered = fmt::format("{}", c.delivered);
  if (r.bridge) delivered += fmt::format(" + to the bridge {}", c.to_bridge);
  out += fmt::format("\nconservation: offered {} = delivered {} + dropped {}{}{}\n", offered, delivered, c.dropped,
                     c.in_flight_on_links == 0 ? "" : fmt::format(" + in flight on links {}", c.in_flight_on_links),
                     c.unaccounted() == 0 ? " (exact)" : fmt::format(", UNACCOUNTED {}", c.unaccounted()));
  return out;
}

}  // namespace trio6sim::report
