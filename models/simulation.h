// SystemC keeps one global simulation context per process; a context that
// has run cannot elaborate new modules. Tests, benchmarks and the probe build
// a fresh chip per run, so they start each run with a fresh context. Call it
// before constructing any module of the run, after destroying the previous
// run's modules (the old context is leaked on purpose: deleting it would
// touch modules its caller may still own).
#pragma once

#include <cstdint>

namespace trio6sim::models {

void fresh_simulation_context();

// Runs the simulation on to simulated time `t_ps` (nothing when it is past),
// so a caller can read counters part-way; a later run_until_drained goes on
// from there with the same events in the same order.
void run_until_ps(uint64_t t_ps);

// Runs until no event is pending (sc_start()), then on to `last_departure_ps`
// (a model's last_departure_ps()): departures are arithmetic, so the last
// frame's last bit can leave after the last event, and output counters count
// a frame only when it has left. Reading counters after this sees every frame.
void run_until_drained(uint64_t (*last_departure_ps)(const void*), const void* model);
template <class Model>
void run_until_drained(const Model& model) {
  run_until_drained([](const void* m) { return static_cast<const Model*>(m)->last_departure_ps(); }, &model);
}

}  // namespace trio6sim::models
