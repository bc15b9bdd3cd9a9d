// SystemC keeps one global simulation context per process; a context that
// has run cannot elaborate new modules. Tests, benchmarks and the probe build
// a fresh chip per run, so they start each run with a fresh context. Call it
// before constructing any module of the run, after destroying the previous
// run's modules (the old context is leaked on purpose: deleting it would
// touch modules its caller may still own).
#pragma once

namespace trio6sim::models {

void fresh_simulation_context();

}  // namespace trio6sim::models
