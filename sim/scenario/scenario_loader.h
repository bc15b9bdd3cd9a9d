// Reads a scenario file (YAML, docs/scenarios.md) into a ScenarioSpec.
// Every error names the file, the line and what was expected; unknown keys
// are errors, so nothing in a scenario is silently ignored.
#pragma once

#include <string>

#include "packet/expected.h"
#include "scenario_spec.h"

namespace trio6sim::scenario {

Expected<ScenarioSpec, std::string> load_scenario(const std::string& path);
Expected<ScenarioSpec, std::string> parse_scenario(const std::string& text, const std::string& source_name,
                                                   const std::string& base_dir);

// The n-th address of a range (first + n * step, as big-endian numbers).
IpAddress address_at(const AddressRange& range, uint32_t n);

// The IMIX that `frame_size: imix` means: 78, 570 and 1450 B frames in the
// proportion 7:4:1 (FCS included), as Juniper published it for a Trio 6
// single tunnel (SRX4700 techpost [S]) and as `trio6sim probe` uses it.
const std::vector<ImixEntry>& simple_imix();

}  // namespace trio6sim::scenario
