// The load part of a device's run report: every block's and port's busy
// fraction in the measurement window, the drops by where they happened
// (block or interface, and cause) and what saturated. Chip blocks are named
// "lmicL.<Trio6 block>" ("lmic1.pfe0.ipsec_engine"), ports by their Junos
// name ("et-0/2/10 egress", "et-0/2/10 ingress"), the chassis fabric's
// queues "chassis_fabric.lmicL.pfeP". On an MX10000 the chip is named by
// FPC and PIC where an MX304 names its LMIC: "fpc2_pic1.pfe0.ipsec_engine",
// "chassis_fabric.fpc2_pic1.pfe0" (models::MxRouter::chip_label).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "network.h"
#include "report/run_report.h"

namespace trio6sim::run {

// Every block's and port's busy fraction in the measurement window so far
// (the router's window set before the run), by report name.
std::map<std::string, double> utilization_of(const DeviceState& d);

// The busiest interval of each place: the load of a scenario changes over
// its run (streams start and stop), and a port full for a third of the
// window is saturated although its average is not. The run samples every
// place's busy time at a fixed step; a block counts work from when it
// accepts it, so a queue that grows reads as (at least) 100% busy.
class PeakSampler {
 public:
  // The measurement window [start, end).
  PeakSampler(uint64_t start_ps, uint64_t end_ps) : start_ps_(start_ps), end_ps_(end_ps) {}
  void sample(const std::vector<std::unique_ptr<DeviceState>>& devices, uint64_t t);
  // The highest utilization of each of device `dev`'s places over the
  // intervals between samples (clamped to 1); empty before two samples.
  std::map<std::string, double> peak(std::size_t dev) const;

 private:
  uint64_t start_ps_, end_ps_;
  struct Sample {
    uint64_t at_ps;
    std::vector<std::map<std::string, double>> busy_ps;  // per device, per place
  };
  std::vector<Sample> samples_;
};

// A place saturated when it was busy at least this share of the window, or
// when its queue overflowed (models::saturated_block uses the same 97%).
inline constexpr double kSaturatedUtilization = 0.97;

// Fills `out`'s utilization, peak_utilization, drops_by_place and saturated
// from `d`'s router (its measurement window set before the run) and the
// busiest intervals `peak` (PeakSampler).
void add_load(const DeviceState& d, const std::map<std::string, double>& peak, report::DeviceReport& out);

}  // namespace trio6sim::run
