// One destination's queue of a cell fabric (the chip's slice-to-slice
// fabric and the router's chassis fabric are the same kind of fabric [W]):
// a packet crosses as 64 B cells carrying its L2 frame, serialized at the
// destination's bandwidth behind what is already queued, then flies for the
// fabric's latency; a queue past its depth tail-drops.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>

#include "parameters.h"
#include "statistics.h"
#include "units.h"

namespace trio6sim::models {

struct FabricCounters {
  uint64_t packets = 0;
  uint64_t cells = 0;
};

class FabricQueue {
 public:
  explicit FabricQueue(const FabricParams& params) : params_(&params) {}

  uint64_t cells_for(std::size_t bytes) const {
    const std::size_t payload = params_->cell_bytes - params_->cell_header_bytes;
    return (bytes + payload - 1) / payload;
  }

  // Queues an L3 packet of `l3_bytes` at `now`; returns when it arrives at
  // the destination, or nullopt when the queue is full (the caller drops it
  // as kFabricQueueFull).
  std::optional<uint64_t> cross(std::size_t l3_bytes, uint64_t now, const Window& window) {
    const uint64_t cells = cells_for(l3_bytes + kEthernetHeaderBytes);
    const double bytes = static_cast<double>(cells * params_->cell_bytes);
    const double backlog =
        busy_ps_ > now ? bytes_in_ps(static_cast<double>(busy_ps_ - now), params_->gbps_per_destination) : 0;
    if (backlog + bytes > static_cast<double>(params_->queue_depth_bytes)) return std::nullopt;
    const uint64_t start = std::max(now, busy_ps_);
    const uint64_t end = start + ps_for_bytes(bytes, params_->gbps_per_destination);
    busy_ps_ = end;
    meter_.add(start, end, window);
    ++counters_.packets;
    counters_.cells += cells;
    return end + uint64_t{params_->latency_ns} * kPsPerNs;
  }

  const FabricCounters& counters() const { return counters_; }
  // Bytes waiting to cross at `t`, and whether a cell is crossing then.
  double backlog_bytes(uint64_t t) const {
    return busy_ps_ > t ? bytes_in_ps(static_cast<double>(busy_ps_ - t), params_->gbps_per_destination) : 0;
  }
  bool busy(uint64_t t) const { return busy_ps_ > t; }
  const BusyMeter& meter() const { return meter_; }

 private:
  const FabricParams* params_;
  uint64_t busy_ps_ = 0;
  FabricCounters counters_;
  BusyMeter meter_;
};

}  // namespace trio6sim::models
