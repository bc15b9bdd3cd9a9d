// PortGroup: four WAN ports of the MX304 mapping [M] (8 SerDes, 400 Gbps
// [W,M,T]). Ingress and egress serialize each frame at its port's line rate
// with preamble and inter-frame gap counted; egress ports are the slice's
// egress queues, tail-dropped against the slice's packet buffer. (PG0's
// IPsec loopback is a block of its own: ipsec_loopback.h.)
#pragma once

#include <array>
#include <cstdint>

#include "job.h"
#include "job_socket.h"
#include "parameters.h"
#include "statistics.h"
#include "timed_block.h"
#include "units.h"

namespace trio6sim::models {

class ChipServices;

// L1 bytes of a frame carrying `l3_bytes` behind `l2_bytes` of header:
// padded to 64 B, FCS, preamble and inter-frame gap.
uint32_t l1_frame_bytes(const PortGroupParams& params, std::size_t l3_bytes, uint32_t l2_bytes);

class PortGroup : public TimedBlock {
 public:
  // The four WAN ports: frames in (the annotated delay is the arrival of
  // the first bit; frames on one port in time order) and frames out (the
  // annotated delay is the departure of the last bit; the receiver owns the
  // packet). Either may stay unbound.
  sc_core::sc_vector<OptionalJobTargetSocket<PortGroup>> rx;
  sc_core::sc_vector<OptionalJobInitiatorSocket<PortGroup>> tx;
  JobInitiatorSocket<PortGroup> to_lookup;  // frames that have fully arrived
  JobTargetSocket<PortGroup> egress_in;     // jobs for this PG's egress queues

  PortGroup(const sc_core::sc_module_name& name, ChipServices& chip, int slice, int pg);
  // The other port group of the slice, whose egress queues hold the same
  // packet buffer (set by the slice).
  void share_buffer_with(const PortGroup& other) { buffer_sharer_ = &other; }

  // Bytes waiting in this PG's egress queues at `t`.
  double egress_backlog_bytes(uint64_t t) const;
  double port_gbps(int port) const { return params_.port_gbps[port]; }
  // L1 bytes of a frame carrying `l3_bytes` behind `l2_bytes` of header.
  uint32_t l1_bytes(std::size_t l3_bytes, uint32_t l2_bytes) const;

  const BusyMeter& egress_meter(int port_in_group) const { return egress_meter_[port_in_group]; }
  // One port's egress queue at `t`: bytes waiting (the frame on the wire
  // included), and whether it is sending.
  double egress_port_backlog_bytes(int port_in_group, uint64_t t) const {
    const double gbps = params_.port_gbps[first_port_ + port_in_group];
    const uint64_t busy = egress_busy_ps_[port_in_group];
    return busy > t && gbps > 0 ? bytes_in_ps(static_cast<double>(busy - t), gbps) : 0;
  }
  bool egress_busy(int port_in_group, uint64_t t) const { return egress_busy_ps_[port_in_group] > t; }
  int first_port() const { return first_port_; }

 protected:
  void handle(Job&& job, uint64_t now) override;  // egress queue arrival

 private:
  // A frame on rx[port_in_group] whose first bit arrives at now + delay.
  void frame_in(int port_in_group, Job&& job, uint64_t first_bit_ps);
  void end_of_elaboration() override;

  ChipServices& chip_;
  const PortGroupParams& params_;
  const Window& window_;
  const double buffer_bytes_;  // the slice's packet buffer
  const PortGroup* buffer_sharer_ = nullptr;
  int slice_;
  int pg_;
  int first_port_;
  std::array<uint64_t, kPortsPerPortGroup> ingress_busy_ps_{};
  std::array<LastTime, kPortsPerPortGroup> ingress_time_{}, egress_time_{};
  std::array<uint64_t, kPortsPerPortGroup> egress_busy_ps_{};
  std::array<bool, kPortsPerPortGroup> tx_bound_{};  // known after elaboration
  uint64_t latest_egress_busy_ps_ = 0;  // the latest of egress_busy_ps_
  std::array<BusyMeter, kPortsPerPortGroup> egress_meter_{};
};

}  // namespace trio6sim::models
