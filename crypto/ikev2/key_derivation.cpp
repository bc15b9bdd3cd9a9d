#include "crypto/ikev2/key_derivation.h"

#include <openssl/evp.h>

#include <stdexcept>
#include <string_view>

namespace trio6sim::crypto::ikev2 {
namespace {

const char* digest_name(PrfId id) {
  switch (id) {
    case PrfId::kHmacSha1: return "SHA1";
    case PrfId::kHmacSha256: return "SHA256";
    case PrfId::kHmacSha384: return "SHA384";
    case PrfId::kHmacSha512: return "SHA512";
  }
  throw std::invalid_argument("unknown IKEv2 prf " + std::to_string(static_cast<int>(id)));
}

void append(std::vector<uint8_t>& out, std::span<const uint8_t> bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

void append_u64(std::vector<uint8_t>& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

std::vector<uint8_t> take(const std::vector<uint8_t>& stream, std::size_t& at, std::size_t n) {
  std::vector<uint8_t> out(stream.begin() + static_cast<std::ptrdiff_t>(at),
                           stream.begin() + static_cast<std::ptrdiff_t>(at + n));
  at += n;
  return out;
}

IkeSaKeys keys_from_skeyseed(const IkeSuite& suite, std::vector<uint8_t> skeyseed, std::span<const uint8_t> ni,
                             std::span<const uint8_t> nr, uint64_t spi_i, uint64_t spi_r) {
  std::vector<uint8_t> seed;
  seed.reserve(ni.size() + nr.size() + 16);
  append(seed, ni);
  append(seed, nr);
  append_u64(seed, spi_i);
  append_u64(seed, spi_r);
  const std::size_t d = prf_bytes(suite.prf);
  const std::size_t a = integ_key_bytes(suite.integ);
  const std::size_t e = encr_key_bytes(suite.encr, suite.encr_key_bits) + encr_salt_bytes(suite.encr);
  const std::vector<uint8_t> stream = prf_plus(suite.prf, skeyseed, seed, d + 2 * a + 2 * e + 2 * d);
  IkeSaKeys keys;
  std::size_t at = 0;
  keys.sk_d = take(stream, at, d);
  keys.sk_ai = take(stream, at, a);
  keys.sk_ar = take(stream, at, a);
  keys.sk_ei = take(stream, at, e);
  keys.sk_er = take(stream, at, e);
  keys.sk_pi = take(stream, at, d);
  keys.sk_pr = take(stream, at, d);
  keys.skeyseed = std::move(skeyseed);
  return keys;
}

}  // namespace

std::vector<uint8_t> prf(PrfId id, std::span<const uint8_t> key, std::span<const uint8_t> data) {
  // HMAC pads its key with zeros to the block size, so an empty key is the
  // same as one zero byte; OpenSSL's HMAC refuses a null key, so pass that.
  static constexpr uint8_t kZero = 0;
  if (key.empty()) key = std::span<const uint8_t>(&kZero, 1);
  std::vector<uint8_t> out(prf_bytes(id));
  std::size_t len = 0;
  static constexpr uint8_t kNoData = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, digest_name(id), nullptr, key.data(), key.size(),
                 data.empty() ? &kNoData : data.data(), data.size(), out.data(), out.size(), &len) ||
      len != out.size())
    throw std::runtime_error("OpenSSL HMAC failed");
  return out;
}

std::vector<uint8_t> prf_plus(PrfId id, std::span<const uint8_t> key, std::span<const uint8_t> seed,
                              std::size_t length) {
  const std::size_t block = prf_bytes(id);
  if (length > 255 * block) throw std::invalid_argument("prf+ output longer than 255 blocks");
  std::vector<uint8_t> out;
  out.reserve(length + block);
  std::vector<uint8_t> t;  // T(n-1), empty for n = 1
  std::vector<uint8_t> input;
  for (unsigned n = 1; out.size() < length; ++n) {
    input.clear();
    append(input, t);
    append(input, seed);
    input.push_back(static_cast<uint8_t>(n));
    t = prf(id, key, input);
    append(out, t);
  }
  out.resize(length);
  return out;
}

IkeSaKeys derive_ike_sa_keys(const IkeSuite& suite, std::span<const uint8_t> ni, std::span<const uint8_t> nr,
                             std::span<const uint8_t> g_ir, uint64_t spi_i, uint64_t spi_r) {
  std::vector<uint8_t> nonces;
  append(nonces, ni);
  append(nonces, nr);
  return keys_from_skeyseed(suite, prf(suite.prf, nonces, g_ir), ni, nr, spi_i, spi_r);
}

IkeSaKeys derive_rekeyed_ike_sa_keys(const IkeSuite& new_suite, PrfId old_prf, std::span<const uint8_t> old_sk_d,
                                     std::span<const uint8_t> g_ir, std::span<const uint8_t> ni,
                                     std::span<const uint8_t> nr, uint64_t spi_i, uint64_t spi_r) {
  std::vector<uint8_t> data;
  append(data, g_ir);
  append(data, ni);
  append(data, nr);
  return keys_from_skeyseed(new_suite, prf(old_prf, old_sk_d, data), ni, nr, spi_i, spi_r);
}

std::vector<uint8_t> psk_auth(PrfId id, std::span<const uint8_t> psk, std::span<const uint8_t> first_message,
                              std::span<const uint8_t> peer_nonce, std::span<const uint8_t> sk_p,
                              std::span<const uint8_t> id_body) {
  static constexpr std::string_view kKeyPad = "Key Pad for IKEv2";  // sec. 2.15, 17 ASCII bytes, no NUL
  const std::vector<uint8_t> pad(kKeyPad.begin(), kKeyPad.end());
  std::vector<uint8_t> signed_octets;
  append(signed_octets, first_message);
  append(signed_octets, peer_nonce);
  append(signed_octets, prf(id, sk_p, id_body));
  return prf(id, prf(id, psk, pad), signed_octets);
}

ChildSaKeys derive_child_sa_keys(PrfId id, std::span<const uint8_t> sk_d, std::span<const uint8_t> g_ir_or_empty,
                                 std::span<const uint8_t> ni, std::span<const uint8_t> nr, std::size_t key_bytes) {
  std::vector<uint8_t> seed;
  append(seed, g_ir_or_empty);
  append(seed, ni);
  append(seed, nr);
  const std::vector<uint8_t> keymat = prf_plus(id, sk_d, seed, 2 * key_bytes);
  std::size_t at = 0;
  ChildSaKeys keys;
  keys.initiator_to_responder = take(keymat, at, key_bytes);
  keys.responder_to_initiator = take(keymat, at, key_bytes);
  return keys;
}

}  // namespace trio6sim::crypto::ikev2
