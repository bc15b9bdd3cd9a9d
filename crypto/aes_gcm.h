// AES-GCM (NIST SP 800-38D) through OpenSSL 3's EVP interface, keyed once:
// the key schedule is computed when the object is made and every packet only
// sets a new 12-byte nonce, so the per-packet path neither re-keys nor
// allocates. In-place encryption and decryption are supported.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

namespace trio6sim::crypto {

inline constexpr std::size_t kGcmNonceBytes = 12;
inline constexpr std::size_t kGcmTagBytes = 16;

// What an AesGcm object is for. An ESP SA only ever seals (outbound) or
// opens (inbound); keying only that direction halves its OpenSSL state, which
// keeps a thousand SAs' hot state closer together in the caches.
enum class GcmUse : uint8_t { kSealAndOpen, kSeal, kOpen };

class AesGcm {
 public:
  // key: 16, 24 or 32 bytes (AES-128/192/256; ESP uses 128 and 256 only).
  // Throws std::invalid_argument on another length and std::runtime_error if OpenSSL refuses the cipher.
  explicit AesGcm(std::span<const uint8_t> key, GcmUse use = GcmUse::kSealAndOpen);
  ~AesGcm();
  AesGcm(const AesGcm&) = delete;
  AesGcm& operator=(const AesGcm&) = delete;
  AesGcm(AesGcm&&) noexcept;
  AesGcm& operator=(AesGcm&&) noexcept;

  std::size_t key_bytes() const { return key_bytes_; }

  // Encrypts `in` into `out` (same size; may be the same memory) and writes the
  // 16-byte tag. Returns false if OpenSSL reports an error or the object was made to open only.
  // `lane`: which of the sealing contexts (ensure_lanes) to use; threads that
  // seal at the same time each use their own.
  bool seal(std::span<const uint8_t, kGcmNonceBytes> nonce, std::span<const uint8_t> aad,
            std::span<const uint8_t> in, uint8_t* out, std::span<uint8_t, kGcmTagBytes> tag, std::size_t lane = 0);
  // At least `lanes` sealing contexts (an EVP_CIPHER_CTX is not thread-safe):
  // lane 0 is the object's own, the others copies of it made here (the key
  // schedule copied, not recomputed). Call before any thread uses a lane.
  void ensure_lanes(std::size_t lanes);
  // Decrypts and verifies; returns false when the tag does not verify (the
  // output bytes are then meaningless and must be discarded), or when the
  // object was made to seal only.
  bool open(std::span<const uint8_t, kGcmNonceBytes> nonce, std::span<const uint8_t> aad,
            std::span<const uint8_t> in, uint8_t* out, std::span<const uint8_t, kGcmTagBytes> tag);

 private:
  struct Contexts;
  std::unique_ptr<Contexts> ctx_;
  std::size_t key_bytes_;
};

}  // namespace trio6sim::crypto
