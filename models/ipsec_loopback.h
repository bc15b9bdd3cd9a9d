// IpsecLoopback: the path in port group 0 by which packets leaving the IPsec
// engine re-enter the lookup engine [W,T]: 300 Gbps of L1 bits, half-duplex
// (the packets leaving the engine in both directions share it), which is
// where the 300 Gbps IPsec WAN limit applies. A FIFO of a bounded depth;
// past it, "ipsec loopback overrun". A packet re-enters the chip here, so
// here its unit counts the input, whatever engine sealed or opened it: the
// outside si unit an ESP packet re-enters on, the st0 unit a decrypted one
// arrives on.
#pragma once

#include <cstdint>

#include "job_socket.h"
#include "parameters.h"
#include "statistics.h"
#include "units.h"

namespace trio6sim::models {

class ChipServices;

class IpsecLoopback : public sc_core::sc_module {
 public:
  JobTargetSocket<IpsecLoopback> from_engine;   // packets as they leave the engine (ESP, or the inner packet)
  JobInitiatorSocket<IpsecLoopback> to_lookup;  // the lookup's recirculation input

  IpsecLoopback(const sc_core::sc_module_name& name, ChipServices& chip, int slice = 0);

  // Bytes waiting for the loopback at `t`.
  double backlog_bytes(uint64_t t) const;
  const BusyMeter& meter() const { return meter_; }
  bool busy(uint64_t t) const { return busy_ps_ > t; }
  uint64_t packets() const { return packets_; }

 private:
  // Callers hand packets in time order (the engine's).
  void take(Job&& job, uint64_t at_ps);

  ChipServices& chip_;
  int slice_;  // where its drops are counted (DropPlace)
  const PortGroupParams& params_;
  const Window& window_;
  uint64_t busy_ps_ = 0;
  uint64_t packets_ = 0;
  LastTime time_;
  BusyMeter meter_;
};

}  // namespace trio6sim::models
