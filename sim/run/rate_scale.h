// `trio6sim run --scale-rates X`: the scenario under X times its load. Every
// stream's rate (pps or bps, IMIX included) is multiplied by X, and so is the
// number an expectation compares with when that number follows the load:
//   - rates and amounts of traffic carried scale: interfaces.*.input_pps,
//     output_pps, input_packets, output_packets, input_bytes, output_bytes;
//     ipsec.encrypted_packets/bytes, ipsec.decrypted_packets/bytes;
//     chassis_fabric.* (packets = rate x time, so counts follow the rate);
//   - faults stay fixed: drops.* and the other ipsec.* counters (replay,
//     authentication, bad headers ...). Such an expectation is nearly always
//     "== 0", a claim that nothing goes wrong, which more load must not
//     turn into "== 0 x X"; and drops do not grow in proportion to the load
//     (none below saturation, then all of the excess).
// An expectation's `scales: true|false` overrides its counter's kind. A
// comparison with another counter (DEVICE:COUNTER) never scales: both sides
// follow the load.
#pragma once

#include <optional>
#include <string>

#include "packet/expected.h"
#include "scenario/scenario_spec.h"

namespace trio6sim::run {

// "2", "0.5", "10000": digits with at most one '.', above 0. nullopt otherwise.
std::optional<double> parse_scale(const std::string& text);

// Whether an expectation on `counter` follows --scale-rates without `scales:`.
bool scales_by_default(const std::string& counter);

// The scenario with every stream's rate and every scaling expectation's
// value multiplied by `x` (ExpectationSpec::scaled_by records it). An error
// names each stream whose scaled rate leaves the rates a generator can send
// (the loader's bounds: 1 pps to 100 gpps, 1 kbps to 100 tbps).
Expected<scenario::ScenarioSpec, std::string> scale_rates(scenario::ScenarioSpec spec, double x);

}  // namespace trio6sim::run
