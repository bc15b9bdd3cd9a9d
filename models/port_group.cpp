#include "port_group.h"

#include <algorithm>

#include "chip_services.h"
#include "units.h"

namespace trio6sim::models {

PortGroup::PortGroup(const sc_core::sc_module_name& name, ChipServices& chip, int slice, int pg)
    : TimedBlock(name),
      rx("rx", kPortsPerPortGroup),
      tx("tx", kPortsPerPortGroup),
      to_lookup("to_lookup"),
      egress_in("egress_in"),
      chip_(chip),
      params_(chip.params().port_group),
      window_(chip.window()),
      buffer_bytes_(static_cast<double>(chip.params().slice.buffer_bytes)),
      slice_(slice),
      pg_(pg),
      first_port_(models::first_port(slice, pg)) {
  egress_in.register_take<&PortGroup::accept>(this);
  for (int i = 0; i < kPortsPerPortGroup; ++i) rx[i].register_take<&PortGroup::frame_in>(this, i);
}

void PortGroup::end_of_elaboration() {
  for (int i = 0; i < kPortsPerPortGroup; ++i) tx_bound_[i] = tx[i].bound();
}

uint32_t l1_frame_bytes(const PortGroupParams& params, std::size_t l3_bytes, uint32_t l2_bytes) {
  // Frames shorter than 64 B are padded on the wire (IEEE 802.3).
  const std::size_t frame = std::max<std::size_t>(64, l3_bytes + l2_bytes + kEthernetFcsBytes);
  return static_cast<uint32_t>(frame + params.preamble_bytes + params.ifg_bytes);
}

uint32_t PortGroup::l1_bytes(std::size_t l3_bytes, uint32_t l2_bytes) const {
  return l1_frame_bytes(params_, l3_bytes, l2_bytes);
}

void PortGroup::frame_in(int i, Job&& job, uint64_t first_bit_ps) {
  const int port = first_port_ + i;
  job.packet->meta.created_ps = first_bit_ps;
  job.packet->meta.ingress_port = static_cast<uint16_t>(port);
  // An Ethernet frame (a bridged port's) carries its header in its bytes;
  // an IP packet's is implied.
  const uint32_t l1 = l1_bytes(job.packet->size(), job.packet->meta.l2_length ? 0 : kEthernetHeaderBytes);
  job.chip.offered_frame_bytes = l1 - params_.preamble_bytes - params_.ifg_bytes;
  job.chip.ingress_slice = static_cast<uint8_t>(slice_);
  chip_.offered(job, l1);
  if (params_.port_gbps[port] <= 0) {  // a port without speed has no link (its PG's bandwidth is another port's)
    chip_.drop(job, DropCause::kInterfaceDown, DropPlace::port_ingress(port));
    return;
  }
  // The port is a single serializer at line rate: the frame is in the chip
  // when its last bit has arrived. A source running ahead of the line builds
  // a backlog; past its bound the excess is dropped, so no queue before the
  // port grows without limit.
  if (ingress_busy_ps_[i] > first_bit_ps &&
      bytes_in_ps(static_cast<double>(ingress_busy_ps_[i] - first_bit_ps), params_.port_gbps[port]) + l1 >
          static_cast<double>(params_.ingress_backlog_bytes)) {
    chip_.drop(job, DropCause::kPortGroupOverrun, DropPlace::port_ingress(port));
    return;
  }
  const uint64_t start = std::max(first_bit_ps, ingress_busy_ps_[i]);
  const uint64_t end = start + ps_for_bytes(l1, params_.port_gbps[port], ingress_time_[i]);
  ingress_busy_ps_[i] = end;
  // The interface counts its input when the lookup takes the frame (its
  // last bit has arrived), not here: a generator injects ahead of time.
  send(to_lookup, std::move(job), end);
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
  const int port = job.chip.egress_port;
  const int i = port - first_port_;
  const double gbps = params_.port_gbps[port];
  const uint32_t l1 = l1_bytes(job.packet->size(), job.chip.l2_bytes);
  const uint32_t frame = l1 - params_.preamble_bytes - params_.ifg_bytes;
  if (gbps <= 0) {
    chip_.drop(job, DropCause::kInterfaceDown, DropPlace::port_egress(port));  // a port without speed has no link
    return;
  }
  // Tail drop against the slice's shared packet buffer [W].
  const double buffered = egress_backlog_bytes(now) + (buffer_sharer_ ? buffer_sharer_->egress_backlog_bytes(now) : 0);
  if (buffered + frame > buffer_bytes_) {
    chip_.drop(job, DropCause::kBufferFull, DropPlace::port_egress(port));
    return;
  }
  const uint64_t start = std::max(now, egress_busy_ps_[i]);
  const uint64_t end = start + ps_for_bytes(l1, gbps, egress_time_[i]);
  egress_busy_ps_[i] = end;
  latest_egress_busy_ps_ = std::max(latest_egress_busy_ps_, end);
  egress_meter_[i].add(start, end, window_);
  chip_.count_output_at_departure(port, job.chip.out_ifl, frame, end);
  chip_.delivered(job, end, l1);
  if (tx_bound_[i]) send(tx[i], std::move(job), end);
  else job.packet.reset();
}

}  // namespace trio6sim::models
