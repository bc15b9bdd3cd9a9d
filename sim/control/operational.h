// The routing engine's answers to operational commands, built from its state
// (configuration, routing table) and printed by sim/show in Junos' format.
#pragma once

#include <cstdint>
#include <string>

#include "control/rib.h"
#include "junos/device_config.h"
#include "packet/expected.h"

namespace trio6sim::control {

// `show route ADDRESS` (an address or a prefix): every route of the longest
// prefix that holds it, active first; an error names what could not be read.
Expected<std::string, std::string> show_route(const Rib& rib, const std::string& argument, uint64_t now_ps);

// `show interfaces terse`: every configured interface and unit with its
// families and addresses.
std::string show_interfaces_terse(const junos::DeviceConfig& config);

}  // namespace trio6sim::control
