// A scenario sweep's points (docs/sweep.md, "Scenario sweeps"): the sweep
// file's scenario with one point's knobs applied (its load scale, a stream's
// rate or frame size, a device's configuration file, chip parameters), run
// as `trio6sim run` would, and written as one row: delivered, lost, drops by
// device, place and cause, each device's limiting block, each stream's
// latency.
#pragma once

#include <optional>
#include <string>

#include "sweep/results.h"
#include "sweep/sweep_file.h"

namespace trio6sim::cli {

// What can be told of a point without building it (the scenario loads, the
// streams and devices its knobs name exist, frame sizes and scaled rates
// are in range, configuration files exist): nullopt, or why not. Called for
// every point as the sweep file is read, in the sweep's own process
// (no SystemC).
std::optional<std::string> check_scenario_point(const sweep::SweepSpec& spec, const sweep::Point& point);

// Builds the point's network (configurations committed, routers and links
// wired) without running traffic: what only the build can refuse (a
// stream above its port's line rate, a commit check). Throws
// std::runtime_error naming the sweep file's line. In a worker process.
void build_scenario_point(const sweep::SweepSpec& spec, const sweep::Point& point);

// Runs the point and returns its row; throws std::runtime_error when it
// cannot run. In a worker process.
sweep::Row run_scenario_point(const sweep::SweepSpec& spec, const sweep::Point& point);

// The seed, duration and warm-up a scenario sweep's points run with (the
// sweep file's, else the scenario's), for the provenance; nullopt when the
// scenario does not load.
struct ScenarioWindow {
  uint64_t seed = 0, duration_ps = 0, warmup_ps = 0;
  std::string scenario_sha256;
};
std::optional<ScenarioWindow> scenario_window(const sweep::SweepSpec& spec);

}  // namespace trio6sim::cli
