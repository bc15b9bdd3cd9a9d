// Checks a scenario's expectations against counters read from the run. The
// counters come through a callback, so this knows nothing of the routers.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario_spec.h"

namespace trio6sim::report {

// Reads DEVICE's COUNTER at time `at_ps` (nullopt: the end of the run);
// nullopt when there is no such counter.
using CounterReader =
    std::function<std::optional<double>(const std::string& device, const std::string& counter, std::optional<uint64_t> at_ps)>;

struct ExpectationResult {
  const scenario::ExpectationSpec* spec = nullptr;
  bool passed = false;
  double actual = 0;
  double expected = 0;
  std::string message;  // "scenarios/x.yaml:93: PE1 interfaces.st0.1.output_pps = 9876, expected == 10000 (+-1%)"
};

std::vector<ExpectationResult> check_expectations(const std::vector<scenario::ExpectationSpec>& expectations,
                                                  const CounterReader& read);

}  // namespace trio6sim::report
