// PortGroup: four WAN ports of the MX304 mapping [M] (8 SerDes, 400 Gbps
// [W,M,T]). Ingress and egress serialize each frame at its port's line rate
// with preamble and inter-frame gap counted; egress ports are the slice's
// egress queues, tail-dropped against the slice's packet buffer. PG0 also
// holds the IPsec loopback [W,T]: 300 Gbps of L1 bits, half-duplex (the
// packets leaving the engine in both directions share it), which is where the
// 300 Gbps IPsec WAN limit applies.
#pragma once

#include <array>
#include <cstdint>

#include "job.h"
#include "parameters.h"
#include "statistics.h"
#include "timed_block.h"
#include "units.h"

namespace trio6sim::models {

class Trio6;

class PortGroup : public TimedBlock {
 public:
  PortGroup(const sc_core::sc_module_name& name, Trio6& chip, int slice, int pg);

  // A frame whose first bit reaches `port` at `first_bit_ps`; frames on one
  // port must be injected in time order (a generator's order).
  void ingress(Job&& job, int port, uint64_t first_bit_ps);
  // PG0 only: a packet leaving the IPsec engine at `at_ps` recirculates to
  // the lookup engine. Callers hand packets in time order (the engine's).
  void ipsec_loopback(Job&& job, uint64_t at_ps);

  // Bytes waiting in this PG's egress queues at `t`.
  double egress_backlog_bytes(uint64_t t) const;
  // Bytes waiting for the IPsec loopback at `t`.
  double loopback_backlog_bytes(uint64_t t) const;
  double port_gbps(int port) const { return params_.port_gbps[port]; }
  // L1 bytes of a frame carrying `l3_bytes` behind `l2_bytes` of header.
  uint32_t l1_bytes(std::size_t l3_bytes, uint32_t l2_bytes) const;

  const BusyMeter& egress_meter(int port_in_group) const { return egress_meter_[port_in_group]; }
  const BusyMeter& loopback_meter() const { return loopback_meter_; }
  uint64_t loopback_packets() const { return loopback_packets_; }
  int first_port() const { return first_port_; }

 protected:
  void handle(Job&& job, uint64_t now) override;  // egress queue arrival

 private:
  Trio6& chip_;
  const PortGroupParams& params_;
  int slice_;
  int pg_;
  int first_port_;
  std::array<uint64_t, kPortsPerPortGroup> ingress_busy_ps_{};
  std::array<LastTime, kPortsPerPortGroup> ingress_time_{}, egress_time_{};
  LastTime loopback_time_;
  std::array<uint64_t, kPortsPerPortGroup> egress_busy_ps_{};
  uint64_t latest_egress_busy_ps_ = 0;  // the latest of egress_busy_ps_
  std::array<BusyMeter, kPortsPerPortGroup> egress_meter_{};
  uint64_t loopback_busy_ps_ = 0;
  uint64_t loopback_packets_ = 0;
  BusyMeter loopback_meter_;
};

}  // namespace trio6sim::models
