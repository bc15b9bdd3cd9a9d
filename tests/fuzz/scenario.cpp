// Fuzz target: the scenario loader (sim/scenario) on any text, as
// `trio6sim run` reads a scenario file. Config files a scenario names are
// looked up under a folder that does not exist, so that only the text is
// fuzzed. Property: an error is a value naming the file (never an exception,
// crash, hang or unbounded memory).
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "scenario/scenario_loader.h"

using namespace trio6sim;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto spec = scenario::parse_scenario(text, "fuzz.yaml", "/nonexistent-trio6sim-fuzz");
  if (!spec) FUZZ_CHECK(spec.error().find("fuzz.yaml") != std::string::npos);
  return 0;
}
