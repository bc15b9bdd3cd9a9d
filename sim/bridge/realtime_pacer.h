// Paces a run to the wall clock while a host bridge is attached, as ns-3's
// RealtimeSimulatorImpl does for its emulation devices: simulated time
// never runs ahead of the wall clock (the pacer sleeps until the wall clock
// reaches the next simulated event), a datagram from the host enters the
// simulation at the simulated time that corresponds to its arrival on the
// wall clock (never in the simulated past), and when the model is slower
// than real time the run goes on as fast as it can ("best effort", ns-3's
// default SynchronizationMode) and the lag is measured.
//
// The lag is wall-clock elapsed minus simulated elapsed, sampled each time
// the pacer has let the simulation finish everything due at one simulated
// time (so the model's own compute time counts): its maximum and mean go in
// the run's report. A peer's retransmission timers (strongSwan: 4 s, then x
// 1.8) are met as long as the lag stays well below them.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <systemc>

#include "bridge/host_bridge.h"

namespace trio6sim::bridge {

struct PacerParams {
  // The smallest simulated step between two looks at the wall clock and the
  // sockets: events closer together than this run back to back, late by at
  // most this much. An assumption: the routing engine's message-handling
  // time (run::ControlPlaneParams, 100 us), far below IKE's timers.
  uint64_t min_step_ps = 100'000'000;
};

// How far simulated time lagged the wall clock, over the paced run.
struct LagStatistics {
  uint64_t samples = 0;
  uint64_t max_ps = 0;
  double sum_ps = 0;
  double mean_ps() const { return samples ? sum_ps / static_cast<double>(samples) : 0; }
};

class RealtimePacer : public sc_core::sc_module {
 public:
  using Deliver = std::function<void(UdpDatagram)>;
  SC_HAS_PROCESS(RealtimePacer);
  // `deliver` takes each datagram from the host at the simulated time it
  // arrived; `end_ps`: the run's end (the pacer never sleeps past it).
  RealtimePacer(const sc_core::sc_module_name& name, HostBridge& bridge, Deliver deliver, uint64_t end_ps,
                const PacerParams& params = {});

  const LagStatistics& lag() const { return lag_; }

 private:
  void main();
  uint64_t wall_elapsed_ps() const;

  HostBridge& bridge_;
  Deliver deliver_;
  uint64_t end_ps_;
  PacerParams params_;
  std::chrono::steady_clock::time_point wall_origin_;
  uint64_t sim_origin_ps_ = 0;
  LagStatistics lag_;
};

}  // namespace trio6sim::bridge
