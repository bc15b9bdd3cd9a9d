#include "fabric.h"

#include <algorithm>

#include "trio6.h"
#include "units.h"

namespace trio6sim::models {

Fabric::Fabric(const sc_core::sc_module_name& name, Trio6& chip)
    : TimedBlock(name), chip_(chip), params_(chip.params().fabric) {}

uint64_t Fabric::cells_for(std::size_t bytes) const {
  const std::size_t payload = params_.cell_bytes - params_.cell_header_bytes;
  return (bytes + payload - 1) / payload;
}

void Fabric::handle(Job&& job, uint64_t now) {
  const int to = chip_.target_slice(job);
  // The packet crosses as cells carrying its L2 frame (L3 + Ethernet header).
  const uint64_t cells = cells_for(job.packet->size() + kEthernetHeaderBytes);
  const double bytes = static_cast<double>(cells * params_.cell_bytes);
  const double backlog = busy_ps_[to] > now ? bytes_in_ps(static_cast<double>(busy_ps_[to] - now), params_.gbps_per_destination) : 0;
  if (backlog + bytes > static_cast<double>(params_.queue_depth_bytes)) {
    chip_.drop(job, DropCause::kFabricQueueFull);
    return;
  }
  const uint64_t start = std::max(now, busy_ps_[to]);
  const uint64_t end = start + ps_for_bytes(bytes, params_.gbps_per_destination);
  busy_ps_[to] = end;
  meters_[to].add(start, end, chip_.window());
  ++counters_[to].packets;
  counters_[to].cells += cells;
  chip_.after_lookup(std::move(job), to, end + params_.latency_ns * kPsPerNs);
}

}  // namespace trio6sim::models
