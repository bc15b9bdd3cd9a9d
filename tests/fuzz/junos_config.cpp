// Fuzz target: a Junos configuration from text (either form: curly braces or
// `set` commands), groups applied, the typed model built and the inline IPsec
// commit checks run: junos::commit_config_text, what `trio6sim check` and a
// scenario's inline config go through. Property: an error is a value naming
// the file (never an exception, crash, hang or unbounded memory).
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "junos/commit_check.h"

using namespace trio6sim;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = junos::commit_config_text(text, "fuzz.conf");
  if (!config) FUZZ_CHECK(config.error().find("fuzz.conf") != std::string::npos);
  return 0;
}
