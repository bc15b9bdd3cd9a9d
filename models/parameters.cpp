#include "parameters.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <type_traits>

#include "config/json.h"
#include "packet/hex.h"

#include "config_error.h"

namespace trio6sim::models {

namespace {

// A parameter's accepted values, inclusive, and its unit. The ranges are
// wide enough for design studies (a tenth to ten times the Trio 6 figures,
// often more) and narrow enough that every time the model computes stays in
// picoseconds that a 64-bit counter holds and rounding keeps meaningful: a
// clock of 1e-300 GHz or a rate of 1e-12 Gbps is refused, not run into a
// self-contradictory result. Queue depths stop at 4 GiB, the HBM of a slice
// [W], so no queue can hold more than the chip could.
struct Range {
  double min = 0, max = 0;
  const char* unit = "";
};
constexpr Range kFlag{};
constexpr double kGiB = 1024.0 * 1024 * 1024;
constexpr Range kGbps{1, 12800, "Gbps"};
constexpr Range kDepthBytes{1024, 4 * kGiB, "bytes"};
constexpr Range kClockGhz{0.1, 10, "GHz"};
constexpr Range kProgramCycles{1, 1e6, "cycles"};
constexpr uint32_t kMaxTunnelsLimit = 100000;  // far above any Trio (ids stay dense)

// A tunnel limit read and set in one-way SAs (2 per tunnel): what the
// deprecated keys ipsec.max_sas and max_sas_per_chip mean. Not a second
// knob: it reads and writes the tunnel limit it wraps.
template <class U>
struct OneWaySas {
  U& tunnels;
};
template <class U>
OneWaySas(U&) -> OneWaySas<U>;

// Every parameter, once, by its path, with its range and unit: the one table
// that to_json(), set(), validate() and parameter_table() read, so a field
// added to a struct and not here is neither dumped nor settable (and the API
// test's dump check catches it).
template <class P, class F>
void for_each_parameter(P& p, F&& f) {
  f("port_group.wan_gbps", p.port_group.wan_gbps, Range{1, 1600, "Gbps"});
  f("port_group.preamble_bytes", p.port_group.preamble_bytes, Range{0, 64, "bytes"});
  f("port_group.ifg_bytes", p.port_group.ifg_bytes, Range{0, 1024, "bytes"});
  f("port_group.ipsec_loopback_gbps", p.port_group.ipsec_loopback_gbps, Range{1, 1600, "Gbps"});
  f("port_group.ipsec_loopback_depth_bytes", p.port_group.ipsec_loopback_depth_bytes, kDepthBytes);
  f("port_group.ingress_backlog_bytes", p.port_group.ingress_backlog_bytes, kDepthBytes);
  f("port_group.port_gbps", p.port_group.port_gbps, Range{0, 1600, "Gbps each"});
  f("lookup.clock_ghz", p.lookup.clock_ghz, kClockGhz);
  f("lookup.ppes", p.lookup.ppes, Range{1, 1024, "PPEs"});
  f("lookup.threads_per_ppe", p.lookup.threads_per_ppe, Range{1, 256, "threads"});
  f("lookup.whole_packet_max_bytes", p.lookup.whole_packet_max_bytes, Range{64, 9216, "bytes"});
  f("lookup.head_bytes", p.lookup.head_bytes, Range{32, 9216, "bytes"});
  f("lookup.dispatch_bytes_per_cycle", p.lookup.dispatch_bytes_per_cycle, Range{1, 4096, "bytes per cycle"});
  f("lookup.dispatch_queue_depth_packets", p.lookup.dispatch_queue_depth_packets, Range{1, 65536, "packets"});
  f("lookup.ipv4_forward_cycles", p.lookup.ipv4_forward_cycles, kProgramCycles);
  f("lookup.ipv6_forward_cycles", p.lookup.ipv6_forward_cycles, kProgramCycles);
  f("lookup.mpls_push_cycles", p.lookup.mpls_push_cycles, kProgramCycles);
  f("lookup.steer_to_st0_cycles", p.lookup.steer_to_st0_cycles, kProgramCycles);
  f("lookup.post_encrypt_cycles", p.lookup.post_encrypt_cycles, kProgramCycles);
  f("lookup.esp_to_outside_si_cycles", p.lookup.esp_to_outside_si_cycles, kProgramCycles);
  f("lookup.esp_in_udp_extra_cycles", p.lookup.esp_in_udp_extra_cycles, Range{0, 1e6, "cycles"});
  f("lookup.post_decrypt_cycles", p.lookup.post_decrypt_cycles, kProgramCycles);
  f("lookup.from_host_cycles", p.lookup.from_host_cycles, kProgramCycles);
  f("lookup.fragment_cycles_per_fragment", p.lookup.fragment_cycles_per_fragment, Range{0, 1e6, "cycles"});
  f("lookup.mpls_gre_encap_cycles", p.lookup.mpls_gre_encap_cycles, Range{0, 1e6, "cycles"});
  f("lookup.gre_decap_cycles", p.lookup.gre_decap_cycles, Range{0, 1e6, "cycles"});
  f("lookup.reorder_latency_cycles", p.lookup.reorder_latency_cycles, Range{0, 1e6, "cycles"});
  f("lookup.bridge_cycles", p.lookup.bridge_cycles, kProgramCycles);
  f("lookup.mac_learn_cycles", p.lookup.mac_learn_cycles, Range{0, 1e6, "cycles"});
  f("lookup.vxlan_encap_cycles", p.lookup.vxlan_encap_cycles, Range{0, 1e6, "cycles"});
  f("lookup.vxlan_decap_cycles", p.lookup.vxlan_decap_cycles, Range{0, 1e6, "cycles"});
  f("lookup.flood_copy_cycles", p.lookup.flood_copy_cycles, Range{0, 1e6, "cycles"});
  f("lookup.arp_reply_cycles", p.lookup.arp_reply_cycles, Range{0, 1e6, "cycles"});
  f("lookup.irb_route_cycles", p.lookup.irb_route_cycles, Range{0, 1e6, "cycles"});
  f("lookup.mac_table_size", p.lookup.mac_table_size, Range{1, 1e6, "MACs per bridge domain"});
  f("ipsec.clock_ghz", p.ipsec.clock_ghz, kClockGhz);
  f("ipsec.bytes_per_cycle", p.ipsec.bytes_per_cycle, Range{1, 1024, "bytes per cycle"});
  f("ipsec.per_packet_overhead_cycles", p.ipsec.per_packet_overhead_cycles, Range{0, 1e6, "cycles"});
  f("ipsec.prefragment_cycles_per_fragment", p.ipsec.prefragment_cycles_per_fragment, Range{0, 1e6, "cycles"});
  f("ipsec.pipeline_latency_cycles", p.ipsec.pipeline_latency_cycles, Range{0, 1e6, "cycles"});
  f("ipsec.max_tunnels", p.ipsec.max_tunnels, Range{1, kMaxTunnelsLimit, "tunnels"});
  OneWaySas engine_sas{p.ipsec.max_tunnels};
  f("ipsec.max_sas", engine_sas, Range{2, 2.0 * kMaxTunnelsLimit, "one-way SAs"});
  f("ipsec.input_depth_bytes", p.ipsec.input_depth_bytes, kDepthBytes);
  f("ipsec.timing_only", p.ipsec.timing_only, kFlag);
  f("si.default_bandwidth_gbps", p.si.default_bandwidth_gbps, Range{1, 800, "Gbps"});
  f("si.depth_bytes", p.si.depth_bytes, kDepthBytes);
  f("fabric.cell_bytes", p.fabric.cell_bytes, Range{16, 1024, "bytes"});
  f("fabric.cell_header_bytes", p.fabric.cell_header_bytes, Range{0, 1008, "bytes"});
  f("fabric.gbps_per_destination", p.fabric.gbps_per_destination, kGbps);
  f("fabric.latency_ns", p.fabric.latency_ns, Range{0, 1e6, "ns"});
  f("fabric.queue_depth_bytes", p.fabric.queue_depth_bytes, kDepthBytes);
  f("slice.buffer_bytes", p.slice.buffer_bytes, kDepthBytes);
  f("max_tunnels_per_chip", p.max_tunnels_per_chip, Range{1, 2.0 * kMaxTunnelsLimit, "tunnels"});
  OneWaySas chip_sas{p.max_tunnels_per_chip};
  f("max_sas_per_chip", chip_sas, Range{2, 4.0 * kMaxTunnelsLimit, "one-way SAs"});
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
  if (!v) return false;
  // Too large for the field: kept at its largest, which every range refuses
  // with the value as written.
  out = static_cast<U>(std::min<uint64_t>(*v, std::numeric_limits<U>::max()));
  return true;
}

template <class U>
bool parse_value(std::string_view text, OneWaySas<U>& out) {
  auto v = parse_uint(trimmed(text));
  if (!v || *v % 2 != 0) return false;  // an SA pair per tunnel: an odd count cannot be reached
  out.tunnels = static_cast<U>(std::min<uint64_t>(*v / 2, std::numeric_limits<U>::max()));
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
struct IsOneWaySas : std::false_type {};
template <class U>
struct IsOneWaySas<OneWaySas<U>> : std::true_type {};

template <class T>
const char* expected_kind(const T&) {
  if constexpr (std::is_same_v<T, bool>) return "true or false";
  else if constexpr (std::is_unsigned_v<T>) return "an unsigned integer";
  else if constexpr (std::is_floating_point_v<T>) return "a number";
  else if constexpr (IsOneWaySas<T>::value) return "an even unsigned integer (deprecated: one-way SAs, 2 per tunnel)";
  else return "a list of 16 numbers, e.g. [100, 100, ...]";
}

std::string range_text(const Range& r) { return fmt::format("{}..{} {}", r.min, r.max, r.unit); }

bool inside(double v, const Range& r) { return v >= r.min && v <= r.max; }
// The value outside `r`, as text, or nothing when every value is inside.
std::optional<std::string> outside(bool, const Range&) { return std::nullopt; }
template <class T>
  requires std::is_arithmetic_v<T>
std::optional<std::string> outside(T v, const Range& r) {
  if (inside(static_cast<double>(v), r)) return std::nullopt;
  return fmt::format("{}", v);
}
template <class U>
std::optional<std::string> outside(const OneWaySas<U>& sas, const Range& r) {
  return outside(uint64_t{sas.tunnels} * 2, r);
}
template <std::size_t N>
std::optional<std::string> outside(const std::array<double, N>& v, const Range& r) {
  for (std::size_t i = 0; i < N; ++i)
    if (!inside(v[i], r)) return fmt::format("{} (element {})", v[i], i);
  return std::nullopt;
}

config::Json json_value(double v) { return config::json_number(v); }
config::Json json_value(bool v) { return v; }
config::Json json_value(uint32_t v) { return v; }
config::Json json_value(uint64_t v) { return v; }
template <class U>
config::Json json_value(const OneWaySas<U>& sas) {
  return uint64_t{sas.tunnels} * 2;
}
template <std::size_t N>
config::Json json_value(const std::array<double, N>& v) {
  config::Json out = config::Json::array();
  for (double d : v) out.push_back(config::json_number(d));
  return out;
}

}  // namespace

namespace {
void require(bool ok, const std::string& what) {
  if (!ok) throw ConfigError("parameter " + what);
}
}  // namespace

void Trio6Params::validate() const {
  for_each_parameter(*this, [](std::string_view key, const auto& value, const Range& range) {
    if (auto bad = outside(value, range))
      throw ConfigError(fmt::format("parameter '{}' = {} is out of range, expected {}", key, *bad, range_text(range)));
  });
  for (int slice = 0; slice < kSlices; ++slice) {
    for (int pg = 0; pg < 2; ++pg) {
      double sum = 0;
      for (int i = 0; i < kPortsPerPortGroup; ++i) sum += port_group.port_gbps[first_port(slice, pg) + i];
      require(sum <= port_group.wan_gbps + 1e-9,
              fmt::format("port_group.port_gbps: ports {}-{} (slice {} PG{}) sum to {} Gbps, over the PG's {} Gbps",
                          first_port(slice, pg), first_port(slice, pg) + 3, slice, pg, sum, port_group.wan_gbps));
    }
  }
  // Rules between parameters (each one's own range is checked above).
  require(lookup.head_bytes <= lookup.whole_packet_max_bytes,
          fmt::format("lookup.head_bytes = {} must be at most lookup.whole_packet_max_bytes = {}", lookup.head_bytes,
                      lookup.whole_packet_max_bytes));
  require(fabric.cell_bytes > fabric.cell_header_bytes,
          fmt::format("fabric.cell_bytes = {} must exceed fabric.cell_header_bytes = {}", fabric.cell_bytes,
                      fabric.cell_header_bytes));
}

std::vector<ParameterSpec> parameter_table() {
  std::vector<ParameterSpec> table;
  const Trio6Params defaults;
  for_each_parameter(defaults, [&](std::string_view key, const auto&, const Range& range) {
    table.push_back({std::string(key), range.unit, range.min, range.max});
  });
  return table;
}

std::string Trio6Params::to_json() const {
  // Paths "group.name" become nested objects; the table lists each group's
  // parameters together.
  config::Json j = config::Json::object();
  for_each_parameter(*this, [&](std::string_view path, const auto& value, const Range&) {
    const auto dot = path.find('.');
    if (dot == std::string_view::npos) j[std::string(path)] = json_value(value);
    else j[std::string(path.substr(0, dot))][std::string(path.substr(dot + 1))] = json_value(value);
  });
  return config::json_text(j, -1);
}

void Trio6Params::set(const std::string& key, const std::string& value) {
  Trio6Params updated = *this;
  bool found = false;
  for_each_parameter(updated, [&](std::string_view path, auto& slot, const Range& range) {
    if (path != key) return;
    found = true;
    const std::string in_range = range.unit[0] ? " in " + range_text(range) : "";
    if (!parse_value(value, slot))
      throw ConfigError(
          fmt::format("parameter '{}': expected {}{}, got '{}'", key, expected_kind(slot), in_range, value));
    if (outside(slot, range))
      throw ConfigError(fmt::format("parameter '{}' = {} is out of range, expected {}", key, trimmed(value),
                                    range_text(range)));
  });
  if (!found) throw ConfigError("unknown parameter '" + key + "'");
  updated.validate();
  *this = updated;
}

}  // namespace trio6sim::models
