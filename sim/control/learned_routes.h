// The routes a scenario says protocols outside the model learned (BGP, IS-IS),
// entered into one device's routing table: each block of consecutive
// prefixes becomes routes with the block's gateway or protocol next hop,
// pushed label and AS path.
#pragma once

#include <string>
#include <vector>

#include "control/rib.h"
#include "scenario/scenario_spec.h"

namespace trio6sim::control {

// Adds the blocks whose device is `device`; returns how many routes it added.
std::size_t add_learned_routes(Rib& rib, const std::string& device,
                               const std::vector<scenario::LearnedRouteSpec>& learned);

}  // namespace trio6sim::control
