// Loss-free throughput as RFC 2544 (section 26.1) defines it: the highest
// offered rate at which a trial of a given length loses no packet, found by
// a binary search over the offered rate to a given resolution. Each trial is
// a probe (run_probe); a trial counts as loss-free only when nothing was
// dropped AND its queues no longer grow at the end of the window (the
// steady-state check), so a short trial whose buffers still absorb an
// overload is not mistaken for capacity. docs/probe.md explains the trial
// length.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "probe.h"

namespace trio6sim::models {

struct ThroughputSearchParams {
  double resolution_gbps = 1;  // the search stops when loss-free and lossy rates are this close (offered wire L1)
  uint64_t trial_ps = 0;       // 0: from the buffers, trial_from_buffers()
};

struct ThroughputTrial {
  double offered_gbps = 0;  // as configured (wire L1, total)
  bool loss_free = false;
  bool steady = false;
  uint64_t dropped_packets = 0;
};

struct ThroughputResult {
  bool found = false;            // some trial was loss-free
  double throughput_gbps = 0;    // the highest loss-free offered rate, wire L1 (0 when none)
  double resolution_gbps = 0;
  uint64_t trial_ps = 0;
  std::string trial_basis;       // why the trial is this long
  ProbeResult at_throughput;     // the trial at throughput_gbps (or the last one when none was loss-free)
  std::vector<ThroughputTrial> trials;  // in the order run
};

// The trial long enough that, one resolution step above the throughput,
// the queue in front of the limiting block (from the bounds) overflows
// within the first half of the measurement window, and that the backlog's
// growth over the second half is above the steady check's noise floor.
// `basis` says which of the two decided, with the numbers.
uint64_t trial_from_buffers(const ProbeConfig& config, double resolution_gbps, std::string& basis);

// Runs the search from `config` (its offered rate is ignored; its duration
// and warm-up are replaced by the trial's, the warm-up a fifth of it).
ThroughputResult find_throughput(const ProbeConfig& config, const ThroughputSearchParams& search);

std::string to_json(const ThroughputResult& r, std::string_view provenance_json = {});
std::string to_table(const ThroughputResult& r);

}  // namespace trio6sim::models
