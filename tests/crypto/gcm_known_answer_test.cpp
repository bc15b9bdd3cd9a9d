// Raw AES-GCM against McGrew & Viega, "The Galois/Counter Mode of Operation
// (GCM)", Appendix B (12-byte-IV test cases; sources per block in the file).
#include <gtest/gtest.h>

#include "crypto/aes_gcm.h"
#include "packet/hex.h"
#include "vector_file.h"

namespace trio6sim::crypto {
namespace {

std::vector<uint8_t> hex(const std::string& s) { return parse_hex(s).value(); }

TEST(GcmKnownAnswer, McGrewViegaAppendixB) {
  const auto blocks = test::read_vector_file("gcm_vectors.txt");
  ASSERT_EQ(blocks.size(), 12u);
  for (const auto& b : blocks) {
    SCOPED_TRACE(b.at("name"));
    const auto key = hex(b.at("key"));
    const auto iv = hex(b.at("iv"));
    const auto aad = hex(b.at("aad"));
    const auto plaintext = hex(b.at("plaintext"));
    ASSERT_EQ(iv.size(), kGcmNonceBytes);
    AesGcm gcm(key);
    std::vector<uint8_t> out(plaintext.size());
    std::array<uint8_t, kGcmTagBytes> tag{};
    ASSERT_TRUE(gcm.seal(std::span<const uint8_t, 12>(iv.data(), 12), aad, plaintext, out.data(), tag));
    EXPECT_EQ(to_hex(out), b.at("ciphertext"));
    EXPECT_EQ(to_hex(tag), b.at("tag"));

    std::vector<uint8_t> back(out.size());
    EXPECT_TRUE(gcm.open(std::span<const uint8_t, 12>(iv.data(), 12), aad, out, back.data(), tag));
    EXPECT_EQ(back, plaintext);
    tag[0] ^= 0x80;  // any tag bit wrong must fail
    EXPECT_FALSE(gcm.open(std::span<const uint8_t, 12>(iv.data(), 12), aad, out, back.data(), tag));
  }
}

TEST(GcmKnownAnswer, KeyedOnceReusableAcrossNonces) {
  // The same context must give the same answer whatever was sealed before it:
  // re-setting only the nonce must fully reset the GCM state.
  const auto blocks = test::read_vector_file("gcm_vectors.txt");
  const auto& b = blocks.at(3);  // test case 4: AAD and a partial last block
  const auto key = hex(b.at("key")), iv = hex(b.at("iv")), aad = hex(b.at("aad")), pt = hex(b.at("plaintext"));
  AesGcm gcm(key);
  std::array<uint8_t, kGcmTagBytes> tag{};
  std::vector<uint8_t> out(pt.size());
  std::array<uint8_t, 12> other_iv{1, 2, 3};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(gcm.seal(other_iv, {}, pt, out.data(), tag));
    ASSERT_TRUE(gcm.seal(std::span<const uint8_t, 12>(iv.data(), 12), aad, pt, out.data(), tag));
    EXPECT_EQ(to_hex(out), b.at("ciphertext"));
    EXPECT_EQ(to_hex(tag), b.at("tag"));
  }
}

TEST(GcmKnownAnswer, OneDirectionObjectsGiveTheSameAnswerAndRefuseTheOther) {
  const auto blocks = test::read_vector_file("gcm_vectors.txt");
  const auto& b = blocks.at(3);
  const auto key = hex(b.at("key")), iv = hex(b.at("iv")), aad = hex(b.at("aad")), pt = hex(b.at("plaintext"));
  const std::span<const uint8_t, 12> nonce(iv.data(), 12);
  AesGcm sealer(key, GcmUse::kSeal), opener(key, GcmUse::kOpen);
  std::array<uint8_t, kGcmTagBytes> tag{};
  std::vector<uint8_t> ct(pt.size()), back(pt.size());
  ASSERT_TRUE(sealer.seal(nonce, aad, pt, ct.data(), tag));
  EXPECT_EQ(to_hex(ct), b.at("ciphertext"));
  EXPECT_EQ(to_hex(tag), b.at("tag"));
  ASSERT_TRUE(opener.open(nonce, aad, ct, back.data(), tag));
  EXPECT_EQ(back, pt);
  EXPECT_FALSE(sealer.open(nonce, aad, ct, back.data(), tag));
  EXPECT_FALSE(opener.seal(nonce, aad, pt, ct.data(), tag));
}

TEST(GcmKnownAnswer, RejectsBadKeyLength) {
  std::vector<uint8_t> key(20);
  EXPECT_THROW(AesGcm{key}, std::invalid_argument);
}

}  // namespace
}  // namespace trio6sim::crypto
