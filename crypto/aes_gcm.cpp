#include "aes_gcm.h"

#include <openssl/evp.h>

#include <stdexcept>
#include <vector>

namespace trio6sim::crypto {

struct AesGcm::Contexts {
  EVP_CIPHER* cipher = nullptr;
  EVP_CIPHER_CTX* enc = nullptr;
  EVP_CIPHER_CTX* dec = nullptr;
  std::vector<EVP_CIPHER_CTX*> lanes;  // sealing contexts of lanes 1.. (ensure_lanes)
  ~Contexts() {
    for (EVP_CIPHER_CTX* c : lanes) EVP_CIPHER_CTX_free(c);
    EVP_CIPHER_CTX_free(enc);
    EVP_CIPHER_CTX_free(dec);
    EVP_CIPHER_free(cipher);
  }
};

AesGcm::AesGcm(std::span<const uint8_t> key, GcmUse use) : ctx_(std::make_unique<Contexts>()), key_bytes_(key.size()) {
  const char* name = nullptr;
  if (key.size() == 16) name = "AES-128-GCM";
  else if (key.size() == 24) name = "AES-192-GCM";  // for known-answer tests; ESP refuses it
  else if (key.size() == 32) name = "AES-256-GCM";
  else throw std::invalid_argument("AES-GCM key must be 16, 24 or 32 bytes");
  // An explicit fetch avoids OpenSSL 3's implicit provider lookup on each init.
  ctx_->cipher = EVP_CIPHER_fetch(nullptr, name, nullptr);
  if (!ctx_->cipher) throw std::runtime_error(std::string("OpenSSL refused ") + name);
  if (use != GcmUse::kOpen) {
    ctx_->enc = EVP_CIPHER_CTX_new();
    if (!ctx_->enc || EVP_EncryptInit_ex2(ctx_->enc, ctx_->cipher, key.data(), nullptr, nullptr) != 1)
      throw std::runtime_error(std::string("OpenSSL refused ") + name);
  }
  if (use != GcmUse::kSeal) {
    ctx_->dec = EVP_CIPHER_CTX_new();
    if (!ctx_->dec || EVP_DecryptInit_ex2(ctx_->dec, ctx_->cipher, key.data(), nullptr, nullptr) != 1)
      throw std::runtime_error(std::string("OpenSSL refused ") + name);
  }
}

AesGcm::~AesGcm() = default;
AesGcm::AesGcm(AesGcm&&) noexcept = default;
AesGcm& AesGcm::operator=(AesGcm&&) noexcept = default;

void AesGcm::ensure_lanes(std::size_t lanes) {
  if (!ctx_->enc) return;  // made to open only: seal() refuses every lane
  while (ctx_->lanes.size() + 1 < lanes) {
    EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
    if (!c || EVP_CIPHER_CTX_copy(c, ctx_->enc) != 1) {
      EVP_CIPHER_CTX_free(c);
      throw std::runtime_error("OpenSSL refused to copy an AES-GCM context");
    }
    ctx_->lanes.push_back(c);
  }
}

bool AesGcm::seal(std::span<const uint8_t, kGcmNonceBytes> nonce, std::span<const uint8_t> aad,
                  std::span<const uint8_t> in, uint8_t* out, std::span<uint8_t, kGcmTagBytes> tag, std::size_t lane) {
  EVP_CIPHER_CTX* c = lane == 0 ? ctx_->enc : ctx_->lanes[lane - 1];
  if (!c) return false;  // made to open only
  int len = 0;
  // Only the nonce changes: the key schedule from construction is kept.
  if (EVP_EncryptInit_ex2(c, nullptr, nullptr, nonce.data(), nullptr) != 1) return false;
  if (!aad.empty() && EVP_EncryptUpdate(c, nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
    return false;
  if (!in.empty() && EVP_EncryptUpdate(c, out, &len, in.data(), static_cast<int>(in.size())) != 1) return false;
  if (EVP_EncryptFinal_ex(c, out + in.size(), &len) != 1) return false;
  return EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, kGcmTagBytes, tag.data()) == 1;
}

bool AesGcm::open(std::span<const uint8_t, kGcmNonceBytes> nonce, std::span<const uint8_t> aad,
                  std::span<const uint8_t> in, uint8_t* out, std::span<const uint8_t, kGcmTagBytes> tag) {
  EVP_CIPHER_CTX* c = ctx_->dec;
  if (!c) return false;  // made to seal only
  int len = 0;
  if (EVP_DecryptInit_ex2(c, nullptr, nullptr, nonce.data(), nullptr) != 1) return false;
  if (!aad.empty() && EVP_DecryptUpdate(c, nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
    return false;
  if (!in.empty() && EVP_DecryptUpdate(c, out, &len, in.data(), static_cast<int>(in.size())) != 1) return false;
  // OpenSSL's ctrl takes a non-const pointer but only reads the expected tag.
  if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, kGcmTagBytes, const_cast<uint8_t*>(tag.data())) != 1)
    return false;
  return EVP_DecryptFinal_ex(c, out + in.size(), &len) == 1;
}

}  // namespace trio6sim::crypto
