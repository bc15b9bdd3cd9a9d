// Fuzz target: seal then open. Every inner packet OutboundSa::seal accepts
// must open on a fresh InboundSa of the same SA, giving back the inner bytes
// unchanged (the SA copies no outer DSCP; ECN is copied outward, so the
// RFC 6040 rule changes nothing on the way back).
// Input: byte 0 picks the SA (esp_fuzz_sa.h, framing-only bit included);
// bytes 1..4 the sequence number (0: the SA's next, 1), byte 5 the ESP next
// header (odd: 137, MPLS; even: from the version nibble) and the low bits of
// the flow hash; the rest is the inner packet.
// The sequence number stays below 2^32: a fresh receiver (top 0) can only
// place a packet in the first epoch (RFC 4303 Appendix A2.2).
#include <cstdint>
#include <span>

#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "esp_fuzz_sa.h"
#include "fuzz_check.h"
#include "packet/bytes.h"

using namespace trio6sim;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 6) return 0;
  const fuzz::SaChoice choice = fuzz::sa_from_byte(data[0]);
  const uint32_t seq = load_be32(data + 1);
  const std::span<const uint8_t> inner(data + 6, size - 6);

  Packet p;
  if (!p.assign(inner)) return 0;
  p.meta.flow_hash = data[5] * 0x9e3779b1u;
  crypto::SealOptions options;
  if (seq != 0) options.sequence = seq;
  if (data[5] & 1) options.next_header = 137;

  crypto::OutboundSa out(choice.sa, choice.mode);
  if (!out.seal(p, options)) return 0;

  crypto::InboundSa in(choice.sa, choice.mode);
  auto opened = in.open(p);
  if (!opened) std::fprintf(stderr, "open refused a sealed packet: %s\n", std::string(to_string(opened.error())).c_str());
  FUZZ_CHECK(opened.has_value());
  FUZZ_CHECK(p.size() == inner.size());
  FUZZ_CHECK(std::equal(inner.begin(), inner.end(), p.bytes().begin()));
  return 0;
}
