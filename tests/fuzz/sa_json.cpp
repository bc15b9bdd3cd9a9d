// Fuzz target: the SA.json reader of `trio6sim esp` (tools/trio6sim/sa_json.h)
// on any text. Properties: an error is a value naming the source (never an
// exception, crash or hang), and an SA the reader accepts can be made into
// both halves of an SA (their constructors throw on an SA that cannot run).
#include <cstdint>
#include <string>

#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "fuzz_check.h"
#include "sa_json.h"

using namespace trio6sim;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto sa = cli::parse_sa_json(text, "fuzz.json");
  if (!sa) {
    FUZZ_CHECK(sa.error().starts_with("fuzz.json"));
    return 0;
  }
  crypto::OutboundSa out(*sa);
  crypto::InboundSa in(*sa);
  return 0;
}
