// Turns the scenario's devices into programmed router models, in three
// steps that each stop the run with an error naming the scenario line:
// commit every device's Junos configuration, negotiate IKE (modeled) and
// plan every router from its configuration and routes, then build the chips.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "control/ike_negotiation.h"
#include "network.h"
#include "packet/expected.h"
#include "scenario/scenario_spec.h"

namespace trio6sim::run {

using Devices = std::vector<std::unique_ptr<DeviceState>>;

// Appends one DeviceState per scenario device, its configuration committed.
Expected<void, std::string> commit_devices(const scenario::ScenarioSpec& spec, Devices& devices);

// Negotiates IKE across the devices (from the run's seed) and plans each
// router; returns the negotiation, whether its tunnels came up or not.
Expected<control::NegotiationResult, std::string> plan_devices(const scenario::ScenarioSpec& spec, Devices& devices,
                                                               uint64_t seed);

// Builds every router's chips in a fresh SystemC context with the scenario's
// parameters (`timing_only`: ESP framing without the cipher; `cipher_threads`:
// IpsecEngineParams::cipher_threads, 0 the cores available).
Expected<void, std::string> build_models(const scenario::ScenarioSpec& spec, Devices& devices, bool timing_only,
                                         unsigned cipher_threads = 0);

}  // namespace trio6sim::run
