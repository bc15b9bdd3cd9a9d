#include "bridge/realtime_pacer.h"

#include <algorithm>
#include <limits>

namespace trio6sim::bridge {

namespace {
uint64_t now_ps() { return sc_core::sc_time_stamp().value(); }
}  // namespace

RealtimePacer::RealtimePacer(const sc_core::sc_module_name& name, HostBridge& bridge, Deliver deliver, uint64_t end_ps,
                             const PacerParams& params)
    : sc_core::sc_module(name), bridge_(bridge), deliver_(std::move(deliver)), end_ps_(end_ps), params_(params) {
  SC_THREAD(main);
}

uint64_t RealtimePacer::wall_elapsed_ps() const {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - wall_origin_);
  return static_cast<uint64_t>(std::max<int64_t>(ns.count(), 0)) * 1000;
}

void RealtimePacer::main() {
  wall_origin_ = std::chrono::steady_clock::now();
  sim_origin_ps_ = now_ps();
  for (;;) {
    // Everything due now runs first (other processes, their delta cycles).
    while (sc_core::sc_pending_activity_at_current_time()) wait(sc_core::SC_ZERO_TIME);
    const uint64_t now = now_ps();
    const uint64_t sim_elapsed = now - sim_origin_ps_, wall_elapsed = wall_elapsed_ps();
    const uint64_t lag = wall_elapsed > sim_elapsed ? wall_elapsed - sim_elapsed : 0;
    ++lag_.samples;
    lag_.max_ps = std::max(lag_.max_ps, lag);
    lag_.sum_ps += static_cast<double>(lag);
    // The next simulated time anything happens, at least one step on; never
    // past the run's end while it lasts.
    const uint64_t to_next = sc_core::sc_pending_activity_at_future_time() ? sc_core::sc_time_to_pending_activity().value()
                                                                            : std::numeric_limits<uint64_t>::max() / 4;
    uint64_t target = now + std::max(to_next, params_.min_step_ps);
    if (now < end_ps_) target = std::min(target, end_ps_);
    const auto deadline = wall_origin_ + std::chrono::nanoseconds((target - sim_origin_ps_) / 1000);
    auto datagrams = bridge_.wait(deadline);
    if (datagrams.empty()) {
      wait(sc_core::sc_time::from_value(target - now));
      continue;
    }
    // They arrived now on the wall clock: that simulated time, or now if the
    // simulation lags (what it has not done yet happens first).
    const uint64_t arrived = std::max(now, sim_origin_ps_ + wall_elapsed_ps());
    if (arrived > now) wait(sc_core::sc_time::from_value(arrived - now));
    for (auto& d : datagrams) deliver_(std::move(d));
  }
}

}  // namespace trio6sim::bridge
