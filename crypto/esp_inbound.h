// The decrypting half of an SA: checks and opens an RFC 4106 ESP tunnel-mode
// packet in place, leaving the inner packet at p.data(). The order follows
// RFC 4303 section 3.4: header checks, replay pre-check, ICV verification,
// and only then the window update, so a forged packet never moves the window.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "aes_gcm.h"
#include "ipsec_statistics.h"
#include "packet/expected.h"
#include "packet/packet.h"
#include "replay_window.h"
#include "security_association.h"

namespace trio6sim::crypto {

// Where the ESP header of an outer packet is, for SA lookup before opening.
struct EspLocation {
  uint32_t spi;
  std::size_t esp_offset;  // from p.data()
  std::size_t esp_bytes;   // SPI through ICV
  bool in_udp = false;     // behind a UDP header (RFC 3948)
};

// Finds the ESP header behind the outer IPv4/IPv6 header (and the UDP header
// when `udp_destination_port` is non-zero, RFC 3948). Errors: kEspBadHeader
// for malformed or fragmented outer headers (and for anything but ESP when
// the port is 0, ESP in UDP included); for a UDP SA, kEspUdpHeaderMissing
// when the packet has no UDP header and kEspUdpEncapMismatch when its UDP
// goes to another destination port (the TechLibrary's two inbound drops).
Expected<EspLocation, DropCause> locate_esp(std::span<const uint8_t> outer, uint16_t udp_destination_port);

// The same before the SA is known (to find it by SPI): ESP in IP, or ESP in
// UDP to any port whose first payload word is non-zero (zero is the non-ESP
// marker of IKE, RFC 3948 2.2). The SA's own check (InboundSa::open) then
// refuses a port or an encapsulation that is not its own.
Expected<EspLocation, DropCause> locate_esp_any(std::span<const uint8_t> outer);

class InboundSa {
 public:
  // Throws std::invalid_argument when validate(config) fails. In
  // kFramingOnly the ICV is not verified and the payload not decrypted:
  // packets from an OutboundSa in the same mode open as real ones do.
  explicit InboundSa(const SaConfig& config, CipherMode mode = CipherMode::kAesGcm);

  // Opens p (the outer packet at p.data(), from its IP header on). On success
  // p holds the inner packet. On error the cause is counted and returned; the
  // packet's bytes are then unspecified.
  Expected<void, DropCause> open(Packet& p);

  const SaConfig& config() const { return config_; }
  const ReplayWindow& replay_window() const { return window_; }
  const IpsecStatistics& statistics() const { return stats_; }
  // The ESP next header of the last packet opened: 4, 41 or 137 (MPLS, whose
  // label stack the inner bytes do not announce by themselves).
  uint8_t last_next_header() const { return last_next_header_; }

 private:
  Expected<void, DropCause> fail(DropCause cause);
  // Replay pre-check and ICV verification (decrypting in place) over the
  // sequence numbers the window proposes: the first one that is new and
  // verifies, else a replay error (none new) or an authentication failure.
  Expected<uint64_t, DropCause> authenticated_sequence(uint8_t* esp, std::size_t sealed);
  void apply_outer_to_inner(Packet& p, uint8_t outer_dscp, uint8_t outer_ecn);

  SaConfig config_;
  std::optional<AesGcm> gcm_;  // none in kFramingOnly
  ReplayWindow window_;
  IpsecStatistics stats_;
  uint8_t last_next_header_ = 0;
  std::vector<uint8_t> scratch_;  // ESN with anti-replay off: the plaintext of a guess, reused
};

}  // namespace trio6sim::crypto
