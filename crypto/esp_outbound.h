// The encrypting half of an SA: turns an inner IPv4, IPv6 or MPLS packet into
// an RFC 4106 ESP tunnel-mode packet in place (headers pushed into the
// packet's headroom, trailer and ICV into its tailroom). No allocation per
// packet; the cipher is keyed once when the SA is made.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "aes_gcm.h"
#include "ipsec_statistics.h"
#include "packet/expected.h"
#include "packet/packet.h"
#include "security_association.h"

namespace trio6sim::crypto {

struct SealOptions {
  std::optional<uint64_t> sequence;        // default: the SA's next sequence number
  std::optional<std::array<uint8_t, 8>> iv;  // default: the 64-bit sequence number (RFC 4106 3.1)
  // ESP next header; default 4 or 41 by the inner version nibble. 137 for
  // MPLS (RFC 4023).
  std::optional<uint8_t> next_header;
};

// The pure transform of one seal, handed to another thread (CipherPool)
// when the caller asks: AES-GCM over `sealed` bytes after the IV at `esp`,
// the ICV behind them, SPI and sequence number written in front. Every
// other byte of the packet, every check and every counter is done by seal()
// itself. `gcm` is null when seal() did the transform itself.
struct DeferredSeal {
  AesGcm* gcm = nullptr;
  uint32_t spi = 0;
  uint64_t sequence = 0;
  bool esn = false;
  uint32_t salt = 0;
  uint8_t* esp = nullptr;
  std::size_t sealed = 0;
};

class OutboundSa {
 public:
  // Throws std::invalid_argument when validate(config) fails.
  explicit OutboundSa(const SaConfig& config, CipherMode mode = CipherMode::kAesGcm);

  // Encrypts p (the inner packet at p.data()) into the outer packet. On error
  // the packet's contents are unspecified and the cause is counted.
  // With `defer`, the AES-GCM transform is left to the caller when it can
  // be (*defer filled, defer->gcm set; the packet's ESP payload and ICV are
  // then written only when the caller runs it): not in framing-only mode, nor
  // for UDP over IPv6, whose UDP checksum covers the ciphertext.
  Expected<void, DropCause> seal(Packet& p, const SealOptions& options = {}, DeferredSeal* defer = nullptr);
  // Sealing contexts for `lanes` threads (AesGcm::ensure_lanes); none in framing-only mode.
  void ensure_lanes(std::size_t lanes) {
    if (gcm_) gcm_->ensure_lanes(lanes);
  }

  // The largest inner packet whose ESP packet fits the tunnel MTU (SIZE_MAX
  // when the SA has none). Callers pre-fragment IPv4 to this size.
  std::size_t max_inner_bytes() const;

  const SaConfig& config() const { return config_; }
  uint64_t next_sequence() const { return next_sequence_; }
  // True once the sequence number space is exhausted: the SA must be rekeyed.
  bool stopped() const { return stopped_; }
  const IpsecStatistics& statistics() const { return stats_; }

 private:
  Expected<void, DropCause> fail(DropCause cause);

  // What every packet updates first (the counters it bumps are the first
  // three), the configuration it reads on a cache line of its own: at a
  // thousand SAs a seal touches two lines of its SA.
  uint64_t next_sequence_;
  bool stopped_ = false;
  std::optional<AesGcm> gcm_;  // none in kFramingOnly
  IpsecStatistics stats_;
  alignas(64) SaConfig config_;
};

}  // namespace trio6sim::crypto
