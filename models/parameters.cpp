#include "parameters.h"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "config_error.h"

namespace trio6sim::models {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(PortGroupParams, wan_gbps, preamble_bytes, ifg_bytes, ipsec_loopback_gbps,
                                   ipsec_loopback_depth_bytes, port_gbps)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(LookupEngineParams, clock_ghz, ppes, threads_per_ppe, whole_packet_max_bytes,
                                   head_bytes, dispatch_bytes_per_cycle, dispatch_queue_depth_packets,
                                   ipv4_forward_cycles, ipv6_forward_cycles, mpls_push_cycles, steer_to_st0_cycles,
                                   post_encrypt_cycles, esp_to_outside_si_cycles, post_decrypt_cycles,
                                   reorder_latency_cycles)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(IpsecEngineParams, clock_ghz, bytes_per_cycle, per_packet_overhead_cycles,
                                   pipeline_latency_cycles, max_sas, input_depth_bytes, timing_only)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SiAnchorParams, default_bandwidth_gbps, depth_bytes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(FabricParams, cell_bytes, cell_header_bytes, gbps_per_destination, latency_ns,
                                   queue_depth_bytes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(SliceParams, buffer_bytes)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Trio6Params, port_group, lookup, ipsec, si, fabric, slice, max_sas_per_chip)

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
  nlohmann::json j = *this;
  return j.dump();
}

void Trio6Params::set(const std::string& key, const std::string& value) {
  nlohmann::json j = *this;
  nlohmann::json::json_pointer ptr("/" + [&] {
    std::string s = key;
    for (auto& c : s)
      if (c == '.') c = '/';
    return s;
  }());
  if (!j.contains(ptr)) throw ConfigError("unknown parameter '" + key + "'");
  nlohmann::json& slot = j[ptr];
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(value);
  } catch (const nlohmann::json::exception&) {
    throw ConfigError("parameter '" + key + "': cannot parse '" + value + "'");
  }
  const bool same_kind = (slot.is_number() && parsed.is_number()) || (slot.is_boolean() && parsed.is_boolean()) ||
                         (slot.is_array() && parsed.is_array() && parsed.size() == slot.size());
  if (!same_kind) throw ConfigError("parameter '" + key + "': expected a value like " + slot.dump());
  if (slot.is_number_unsigned() && !(parsed.is_number_unsigned() || parsed.is_number_integer()))
    throw ConfigError("parameter '" + key + "': expected an unsigned integer");
  if (slot.is_number_unsigned() && parsed.is_number_integer() && parsed.get<int64_t>() < 0)
    throw ConfigError("parameter '" + key + "': expected an unsigned integer");
  slot = parsed;
  Trio6Params updated = j.get<Trio6Params>();
  updated.validate();
  *this = updated;
}

}  // namespace trio6sim::models
