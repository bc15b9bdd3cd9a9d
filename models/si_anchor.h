// SiAnchor: the si-F/P/N interface that anchors inline services [I,T], two
// per slice (si-F/P/0 and /1 on PFE 0, /2 and /3 on PFE 1), unit .0 inside
// (cleartext toward the engine to encrypt) and .1 outside (ESP toward the
// engine to decrypt). `inline-services bandwidth` (1g .. 800g) shapes both
// units together, in L1 bits of the packets entering; the excess queues up to
// a depth and is then dropped as "si bandwidth exceeded".
#pragma once

#include <array>
#include <cstdint>

#include "forwarding_table.h"
#include "job.h"
#include "job_socket.h"
#include "parameters.h"
#include "statistics.h"
#include "timed_block.h"
#include "units.h"

namespace trio6sim::models {

class ChipServices;

class SiAnchor : public TimedBlock {
 public:
  JobTargetSocket<SiAnchor> in;              // jobs for unit .0 (to encrypt) or .1 (to decrypt)
  JobInitiatorSocket<SiAnchor> to_ipsec;     // the slice's IPsec engine

  SiAnchor(const sc_core::sc_module_name& name, ChipServices& chip, int si_number);

  // The `inline-services bandwidth` settings Junos accepts [I].
  static bool valid_bandwidth_gbps(double gbps);
  void set_bandwidth_gbps(double gbps);  // throws ConfigError unless valid
  double bandwidth_gbps() const { return bandwidth_gbps_; }
  int si_number() const { return si_number_; }
  const BusyMeter& meter() const { return meter_; }
  // Bytes waiting for the si interface's bandwidth at `t`, and whether it is sending then.
  double backlog_bytes(uint64_t t) const {
    return busy_ps_ > t ? bytes_in_ps(static_cast<double>(busy_ps_ - t), bandwidth_gbps_) : 0;
  }
  bool busy(uint64_t t) const { return busy_ps_ > t; }

 protected:
  void handle(Job&& job, uint64_t now) override;

 private:
  ChipServices& chip_;
  const SiAnchorParams& params_;
  const PortGroupParams& port_params_;  // L1 framing
  const Window& window_;
  int si_number_;
  double bandwidth_gbps_;
  uint64_t busy_ps_ = 0;
  LastTime service_time_;
  BusyMeter meter_;
};

}  // namespace trio6sim::models
