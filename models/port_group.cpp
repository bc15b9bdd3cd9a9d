#include "port_group.h"

#include <algorithm>

#include "trio6.h"
#include "units.h"

namespace trio6sim::models {

PortGroup::PortGroup(const sc_core::sc_module_name& name, Trio6& chip, int slice, int pg)
    : TimedBlock(name),
      chip_(chip),
      params_(chip.params().port_group),
      slice_(slice),
      pg_(pg),
      first_port_(models::first_port(slice, pg)) {}

uint32_t PortGroup::l1_bytes(std::size_t l3_bytes, uint32_t l2_bytes) const {
  // Frames shorter than 64 B are padded on the wire (IEEE 802.3).
  const std::size_t frame = std::max<std::size_t>(64, l3_bytes + l2_bytes + kEthernetFcsBytes);
  return static_cast<uint32_t>(frame + params_.preamble_bytes + params_.ifg_bytes);
}

void PortGroup::ingress(Job&& job, int port, uint64_t first_bit_ps) {
  const int i = port - first_port_;
  const uint32_t l1 = l1_bytes(job.packet->size(), kEthernetHeaderBytes);
  job.offered_frame_bytes = l1 - params_.preamble_bytes - params_.ifg_bytes;
  job.ingress_slice = static_cast<uint8_t>(slice_);
  chip_.offered(job, l1);
  // The port is a single serializer at line rate: the frame is in the chip
  // when its last bit has arrived. A source running ahead of the line builds
  // a backlog; past its bound the excess is dropped, so no queue before the
  // port grows without limit.
  if (ingress_busy_ps_[i] > first_bit_ps &&
      bytes_in_ps(static_cast<double>(ingress_busy_ps_[i] - first_bit_ps), params_.port_gbps[port]) + l1 >
          static_cast<double>(params_.ingress_backlog_bytes)) {
    chip_.drop(job, DropCause::kPortGroupOverrun);
    return;
  }
  const uint64_t start = std::max(first_bit_ps, ingress_busy_ps_[i]);
  const uint64_t end = start + ps_for_bytes(l1, params_.port_gbps[port], ingress_time_[i]);
  ingress_busy_ps_[i] = end;
  // The interface counts its input when the lookup takes the frame (its
  // last bit has arrived), not here: a generator injects ahead of time.
  chip_.slice(slice_).lookup().accept(std::move(job), end);
}

double PortGroup::loopback_backlog_bytes(uint64_t t) const {
  return loopback_busy_ps_ > t ? bytes_in_ps(static_cast<double>(loopback_busy_ps_ - t), params_.ipsec_loopback_gbps)
                               : 0;
}

void PortGroup::ipsec_loopback(Job&& job, uint64_t at_ps) {
  // The loopback carries the packet as it leaves the engine (ESP after
  // encryption, the inner packet after decryption), as L1 bytes.
  const uint32_t l1 = l1_bytes(job.packet->size(), kEthernetHeaderBytes);
  if (loopback_backlog_bytes(at_ps) + l1 > static_cast<double>(params_.ipsec_loopback_depth_bytes)) {
    chip_.drop(job, DropCause::kIpsecLoopbackOverrun);
    return;
  }
  const uint64_t start = std::max(at_ps, loopback_busy_ps_);
  const uint64_t end = start + ps_for_bytes(l1, params_.ipsec_loopback_gbps, loopback_time_);
  loopback_busy_ps_ = end;
  loopback_meter_.add(start, end, chip_.window());
  ++loopback_packets_;
  chip_.slice(slice_).lookup().accept(std::move(job), end);
}

double PortGroup::egress_backlog_bytes(uint64_t t) const {
  double sum = 0;
  if (latest_egress_busy_ps_ <= t) return sum;  // every port idle (asked per packet, for the shared buffer)
  for (int i = 0; i < kPortsPerPortGroup; ++i) {
    if (egress_busy_ps_[i] > t && params_.port_gbps[first_port_ + i] > 0)
      sum += bytes_in_ps(static_cast<double>(egress_busy_ps_[i] - t), params_.port_gbps[first_port_ + i]);
  }
  return sum;
}

void PortGroup::handle(Job&& job, uint64_t now) {
  const int port = job.egress_port;
  const int i = port - first_port_;
  const double gbps = params_.port_gbps[port];
  const uint32_t l1 = l1_bytes(job.packet->size(), job.l2_bytes);
  const uint32_t frame = l1 - params_.preamble_bytes - params_.ifg_bytes;
  if (gbps <= 0) {
    chip_.drop(job, DropCause::kInterfaceDown);  // a port without speed has no link
    return;
  }
  // Tail drop against the slice's shared packet buffer [W].
  if (chip_.slice(slice_).buffer_occupancy_bytes(now) + frame > static_cast<double>(chip_.params().slice.buffer_bytes)) {
    chip_.drop(job, DropCause::kBufferFull);
    return;
  }
  const uint64_t start = std::max(now, egress_busy_ps_[i]);
  const uint64_t end = start + ps_for_bytes(l1, gbps, egress_time_[i]);
  egress_busy_ps_[i] = end;
  latest_egress_busy_ps_ = std::max(latest_egress_busy_ps_, end);
  egress_meter_[i].add(start, end, chip_.window());
  chip_.count_output_at_departure(port, job.out_ifl, frame, end);
  chip_.delivered(job, end, l1);
}

}  // namespace trio6sim::models
