// ESP framing without the cipher, for `timing-only` runs: the packet grows
// and shrinks by exactly the bytes OutboundSa::seal / InboundSa::open add and
// remove (outer IP, optional UDP, ESP header, IV, padding, trailer, ICV; see
// crypto/esp_format.h), the outer header is real so the second lookup routes
// it, and the inner bytes stay in clear so the post-decrypt lookup does too.
#pragma once

#include <cstdint>

#include "crypto/esp_inbound.h"
#include "crypto/security_association.h"
#include "packet/expected.h"
#include "packet/packet.h"

namespace trio6sim::models {

// Wraps the inner packet at p.data() as an ESP tunnel packet of `sa` with
// sequence number `seq`. Errors: kMalformed (not IPv4/IPv6), kBufferFull
// when the packet has no head- or tailroom left.
Expected<void, DropCause> seal_without_cipher(Packet& p, const crypto::SaConfig& sa, uint64_t seq);

// Unwraps a packet framed by seal_without_cipher (or by a real seal, in
// which case the inner bytes are ciphertext). Error: kEspBadTrailer.
Expected<void, DropCause> open_without_cipher(Packet& p, const crypto::EspLocation& where);

}  // namespace trio6sim::models
