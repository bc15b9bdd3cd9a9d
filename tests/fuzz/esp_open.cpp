// Fuzz target: InboundSa::open (the decrypting half of an SA, crypto/) on
// any bytes. The first byte picks the SA (esp_fuzz_sa.h), the second how
// many packets the rest is split into (so that the replay window and the ESN
// inference see a sequence); each packet is opened by the same SA.
// Properties: no crash or out-of-bounds access, and a packet that opens is
// no larger than what came in and starts with an IP version nibble.
#include <cstdint>
#include <span>

#include "crypto/esp_inbound.h"
#include "esp_fuzz_sa.h"
#include "fuzz_check.h"

using namespace trio6sim;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const fuzz::SaChoice choice = fuzz::sa_from_byte(data[0]);
  const std::size_t packets = 1 + data[1] % 4;
  std::span<const uint8_t> rest(data + 2, size - 2);
  crypto::InboundSa in(choice.sa, choice.mode);
  const std::size_t share = rest.size() / packets;
  for (std::size_t i = 0; i < packets; ++i) {
    const auto bytes = i + 1 == packets ? rest : rest.first(share);
    rest = rest.subspan(bytes.size());
    Packet p;
    if (!p.assign(bytes)) return 0;
    if (!in.open(p)) continue;
    FUZZ_CHECK(p.size() <= bytes.size());
    FUZZ_CHECK(in.last_next_header() == 137 || (p.size() > 0 && (p.data()[0] >> 4 == 4 || p.data()[0] >> 4 == 6)));
  }
  return 0;
}
