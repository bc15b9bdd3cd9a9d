#include "parameters.h"

#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>

#include "config/json_writer.h"
#include "packet/hex.h"

#include "config_error.h"

namespace trio6sim::models {

namespace {

// Every parameter, once, by its path: the one table that to_json() and set()
// read, so a field added to a struct and not here is neither dumped nor
// settable (and the API test's dump check catches it).
template <class P, class F>
void for_each_parameter(P& p, F&& f) {
  f("port_group.wan_gbps", p.port_group.wan_gbps);
  f("port_group.preamble_bytes", p.port_group.preamble_bytes);
  f("port_group.ifg_bytes", p.port_group.ifg_bytes);
  f("port_group.ipsec_loopback_gbps", p.port_group.ipsec_loopback_gbps);
  f("port_group.ipsec_loopback_depth_bytes", p.port_group.ipsec_loopback_depth_bytes);
  f("port_group.ingress_backlog_bytes", p.port_group.ingress_backlog_bytes);
  f("port_group.port_gbps", p.port_group.port_gbps);
  f("lookup.clock_ghz", p.lookup.clock_ghz);
  f("lookup.ppes", p.lookup.ppes);
  f("lookup.threads_per_ppe", p.lookup.threads_per_ppe);
  f("lookup.whole_packet_max_bytes", p.lookup.whole_packet_max_bytes);
  f("lookup.head_bytes", p.lookup.head_bytes);
  f("lookup.dispatch_bytes_per_cycle", p.lookup.dispatch_bytes_per_cycle);
  f("lookup.dispatch_queue_depth_packets", p.lookup.dispatch_queue_depth_packets);
  f("lookup.ipv4_forward_cycles", p.lookup.ipv4_forward_cycles);
  f("lookup.ipv6_forward_cycles", p.lookup.ipv6_forward_cycles);
  f("lookup.mpls_push_cycles", p.lookup.mpls_push_cycles);
  f("lookup.steer_to_st0_cycles", p.lookup.steer_to_st0_cycles);
  f("lookup.post_encrypt_cycles", p.lookup.post_encrypt_cycles);
  f("lookup.esp_to_outside_si_cycles", p.lookup.esp_to_outside_si_cycles);
  f("lookup.post_decrypt_cycles", p.lookup.post_decrypt_cycles);
  f("lookup.reorder_latency_cycles", p.lookup.reorder_latency_cycles);
  f("ipsec.clock_ghz", p.ipsec.clock_ghz);
  f("ipsec.bytes_per_cycle", p.ipsec.bytes_per_cycle);
  f("ipsec.per_packet_overhead_cycles", p.ipsec.per_packet_overhead_cycles);
  f("ipsec.pipeline_latency_cycles", p.ipsec.pipeline_latency_cycles);
  f("ipsec.max_sas", p.ipsec.max_sas);
  f("ipsec.input_depth_bytes", p.ipsec.input_depth_bytes);
  f("ipsec.timing_only", p.ipsec.timing_only);
  f("si.default_bandwidth_gbps", p.si.default_bandwidth_gbps);
  f("si.depth_bytes", p.si.depth_bytes);
  f("fabric.cell_bytes", p.fabric.cell_bytes);
  f("fabric.cell_header_bytes", p.fabric.cell_header_bytes);
  f("fabric.gbps_per_destination", p.fabric.gbps_per_destination);
  f("fabric.latency_ns", p.fabric.latency_ns);
  f("fabric.queue_depth_bytes", p.fabric.queue_depth_bytes);
  f("slice.buffer_bytes", p.slice.buffer_bytes);
  f("max_sas_per_chip", p.max_sas_per_chip);
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

bool parse_value(std::string_view text, double& out) {
  const std::string t = trimmed(text);
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  return !t.empty() && ec == std::errc() && ptr == t.data() + t.size() && std::isfinite(out);
}

bool parse_value(std::string_view text, bool& out) {
  const std::string t = trimmed(text);
  if (t != "true" && t != "false") return false;
  out = t == "true";
  return true;
}

template <class U>
  requires std::is_unsigned_v<U>
bool parse_value(std::string_view text, U& out) {
  auto v = parse_uint(trimmed(text));
  if (!v || *v > std::numeric_limits<U>::max()) return false;
  out = static_cast<U>(*v);
  return true;
}

template <std::size_t N>
bool parse_value(std::string_view text, std::array<double, N>& out) {
  std::string t = trimmed(text);
  if (t.size() < 2 || t.front() != '[' || t.back() != ']') return false;
  std::string_view items(t.data() + 1, t.size() - 2);
  std::array<double, N> parsed{};
  for (std::size_t i = 0; i < N; ++i) {
    const auto comma = items.find(',');
    if ((comma == std::string_view::npos) != (i + 1 == N)) return false;
    if (!parse_value(items.substr(0, comma), parsed[i])) return false;
    items = comma == std::string_view::npos ? std::string_view{} : items.substr(comma + 1);
  }
  out = parsed;
  return true;
}

template <class T>
const char* expected_kind(const T&) {
  if constexpr (std::is_same_v<T, bool>) return "true or false";
  else if constexpr (std::is_unsigned_v<T>) return "an unsigned integer";
  else if constexpr (std::is_floating_point_v<T>) return "a number";
  else return "a list of 16 numbers, e.g. [100, 100, ...]";
}

void write_value(config::JsonWriter& w, double v) { w.value(v); }
void write_value(config::JsonWriter& w, bool v) { w.value(v); }
void write_value(config::JsonWriter& w, uint32_t v) { w.value(uint64_t{v}); }
void write_value(config::JsonWriter& w, uint64_t v) { w.value(v); }
template <std::size_t N>
void write_value(config::JsonWriter& w, const std::array<double, N>& v) {
  w.begin_array();
  for (double d : v) w.value(d);
  w.end_array();
}

}  // namespace

namespace {
void require(bool ok, const std::string& what) {
  if (!ok) throw ConfigError("parameter " + what);
}
}  // namespace

void Trio6Params::validate() const {
  require(port_group.wan_gbps > 0, "port_group.wan_gbps must be > 0");
  require(port_group.ipsec_loopback_gbps > 0, "port_group.ipsec_loopback_gbps must be > 0");
  for (int slice = 0; slice < kSlices; ++slice) {
    for (int pg = 0; pg < 2; ++pg) {
      double sum = 0;
      for (int i = 0; i < kPortsPerPortGroup; ++i) {
        const double g = port_group.port_gbps[first_port(slice, pg) + i];
        require(g >= 0, "port_group.port_gbps must be >= 0");
        sum += g;
      }
      require(sum <= port_group.wan_gbps + 1e-9,
              fmt::format("port_group.port_gbps: ports {}-{} (slice {} PG{}) sum to {} Gbps, over the PG's {} Gbps",
                          first_port(slice, pg), first_port(slice, pg) + 3, slice, pg, sum, port_group.wan_gbps));
    }
  }
  require(lookup.clock_ghz > 0 && lookup.ppes > 0 && lookup.threads_per_ppe > 0, "lookup: clock, ppes, threads > 0");
  require(lookup.head_bytes > 0 && lookup.head_bytes <= lookup.whole_packet_max_bytes,
          "lookup.head_bytes must be in 1..whole_packet_max_bytes");
  require(lookup.dispatch_bytes_per_cycle > 0, "lookup.dispatch_bytes_per_cycle must be > 0");
  require(ipsec.clock_ghz > 0 && ipsec.bytes_per_cycle > 0, "ipsec: clock and bytes_per_cycle > 0");
  require(ipsec.per_packet_overhead_cycles >= 0, "ipsec.per_packet_overhead_cycles must be >= 0");
  require(si.default_bandwidth_gbps > 0, "si.default_bandwidth_gbps must be > 0");
  require(fabric.cell_bytes > fabric.cell_header_bytes, "fabric.cell_bytes must exceed cell_header_bytes");
  require(fabric.gbps_per_destination > 0, "fabric.gbps_per_destination must be > 0");
  require(max_sas_per_chip > 0 && ipsec.max_sas > 0, "SA limits must be > 0");
}

std::string Trio6Params::to_json() const {
  // Paths "group.name" become nested objects; the table lists each group's
  // parameters together.
  config::JsonWriter w(0);
  w.begin_object();
  std::string open_group;
  for_each_parameter(*this, [&](std::string_view path, const auto& value) {
    const auto dot = path.find('.');
    const std::string group = dot == std::string_view::npos ? "" : std::string(path.substr(0, dot));
    if (group != open_group) {
      if (!open_group.empty()) w.end_object();
      if (!group.empty()) w.key(group).begin_object();
      open_group = group;
    }
    w.key(dot == std::string_view::npos ? path : path.substr(dot + 1));
    write_value(w, value);
  });
  if (!open_group.empty()) w.end_object();
  w.end_object();
  return w.str();
}

void Trio6Params::set(const std::string& key, const std::string& value) {
  Trio6Params updated = *this;
  bool found = false;
  for_each_parameter(updated, [&](std::string_view path, auto& slot) {
    if (path != key) return;
    found = true;
    if (!parse_value(value, slot))
      throw ConfigError("parameter '" + key + "': expected " + expected_kind(slot) + ", got '" + value + "'");
  });
  if (!found) throw ConfigError("unknown parameter '" + key + "'");
  updated.validate();
  *this = updated;
}

}  // namespace trio6sim::models
