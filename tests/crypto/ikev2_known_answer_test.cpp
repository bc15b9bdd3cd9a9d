// IKEv2 cryptography against published and independently computed answers:
// RFC 4231 / RFC 2202 HMAC, RFC 5903 sec. 8 ECDH, and data/ikev2_vectors.txt
// (python3-cryptography, data/make_ikev2_vectors.py) for MODP/ECP agreement,
// the seed-derived private values, prf+, SKEYSEED and SK_*, rekeyed IKE SA
// keys, PSK AUTH and Child SA KEYMAT.
#include <gtest/gtest.h>

#include <string>

#include "crypto/ikev2/diffie_hellman.h"
#include "crypto/ikev2/key_derivation.h"
#include "packet/hex.h"
#include "vector_file.h"

namespace trio6sim::crypto::ikev2 {
namespace {

std::vector<uint8_t> hex(const std::string& s) { return parse_hex(s).value(); }
std::vector<uint8_t> text(const std::string& s) { return {s.begin(), s.end()}; }
uint64_t u64(const std::string& s) {
  uint64_t v = 0;
  for (uint8_t b : hex(s)) v = v << 8 | b;
  return v;
}
std::vector<test::VectorBlock> of_kind(const std::string& kind) {
  std::vector<test::VectorBlock> out;
  for (auto& b : test::read_vector_file("ikev2_vectors.txt"))
    if (b.at("kind") == kind) out.push_back(b);
  return out;
}

TEST(Ikev2Prf, Rfc4231AndRfc2202Hmac) {
  const std::vector<uint8_t> key1(20, 0x0b);
  EXPECT_EQ(to_hex(prf(PrfId::kHmacSha1, key1, text("Hi There"))), "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(to_hex(prf(PrfId::kHmacSha256, key1, text("Hi There"))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(to_hex(prf(PrfId::kHmacSha384, key1, text("Hi There"))),
            "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6");
  EXPECT_EQ(to_hex(prf(PrfId::kHmacSha512, key1, text("Hi There"))),
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4"
            "be9d914eeb61f1702e696c203a126854");
  EXPECT_EQ(to_hex(prf(PrfId::kHmacSha1, text("Jefe"), text("what do ya want for nothing?"))),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(to_hex(prf(PrfId::kHmacSha256, text("Jefe"), text("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Ikev2Prf, PrfPlusMatchesPython) {
  const auto blocks = of_kind("prf_plus");
  ASSERT_EQ(blocks.size(), 4u);
  for (const auto& b : blocks) {
    SCOPED_TRACE(b.at("prf"));
    const auto id = static_cast<PrfId>(std::stoi(b.at("prf")));
    EXPECT_EQ(to_hex(prf_plus(id, hex(b.at("key")), hex(b.at("seed")), std::stoul(b.at("length")))), b.at("out"));
  }
  EXPECT_THROW(prf_plus(PrfId::kHmacSha1, hex("00"), {}, 255 * 20 + 1), std::invalid_argument);
}

// RFC 5903 sec. 8.1 (group 19) and 8.2 (group 20), as printed in the RFC.
struct Rfc5903 {
  uint16_t group;
  const char *i, *gi, *r, *gr, *girx;
};
const Rfc5903 kRfc5903[] = {
    {19, "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
     "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
     "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
     "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
     "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
     "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
     "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"},
    {20,
     "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab194",
     "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f41aa"
     "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a81c",
     "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942e0308312916b8ed2960e4bd55a7448fc",
     "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3571"
     "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e6386c",
     "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59746"},
};

TEST(Ikev2DiffieHellman, Rfc5903Section8) {
  for (const auto& v : kRfc5903) {
    SCOPED_TRACE(v.group);
    auto i = DhKeyPair::from_private(v.group, hex(v.i));
    auto r = DhKeyPair::from_private(v.group, hex(v.r));
    ASSERT_TRUE(i) << i.error();
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(to_hex(i->public_value()), v.gi);
    EXPECT_EQ(to_hex(r->public_value()), v.gr);
    auto s1 = i->shared_secret(r->public_value());
    auto s2 = r->shared_secret(i->public_value());
    ASSERT_TRUE(s1) << s1.error();
    ASSERT_TRUE(s2) << s2.error();
    EXPECT_EQ(to_hex(*s1), v.girx);
    EXPECT_EQ(*s1, *s2);
  }
}

TEST(Ikev2DiffieHellman, ModpAndEcpMatchPython) {
  const auto blocks = of_kind("dh");
  ASSERT_EQ(blocks.size(), 4u);  // groups 2, 14, 19, 20
  for (const auto& b : blocks) {
    const auto group = static_cast<uint16_t>(std::stoi(b.at("group")));
    SCOPED_TRACE(group);
    auto i = DhKeyPair::from_private(group, hex(b.at("priv_i")));
    auto r = DhKeyPair::from_private(group, hex(b.at("priv_r")));
    ASSERT_TRUE(i) << i.error();
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(to_hex(i->public_value()), b.at("pub_i"));
    EXPECT_EQ(to_hex(r->public_value()), b.at("pub_r"));
    EXPECT_EQ(i->public_value().size(), dh_public_bytes(group));
    auto s1 = i->shared_secret(hex(b.at("pub_r")));
    auto s2 = r->shared_secret(hex(b.at("pub_i")));
    ASSERT_TRUE(s1) << s1.error();
    ASSERT_TRUE(s2) << s2.error();
    EXPECT_EQ(to_hex(*s1), b.at("shared"));
    EXPECT_EQ(to_hex(*s2), b.at("shared"));
  }
}

TEST(Ikev2DiffieHellman, SeedDerivationMatchesPythonAndIsDeterministic) {
  const auto blocks = of_kind("dh_seed");
  ASSERT_EQ(blocks.size(), 5u);  // groups 2, 14, 19, 20, 21
  for (const auto& b : blocks) {
    const auto group = static_cast<uint16_t>(std::stoi(b.at("group")));
    SCOPED_TRACE(group);
    auto pair = DhKeyPair::generate(group, hex(b.at("seed")));
    ASSERT_TRUE(pair) << pair.error();
    EXPECT_EQ(to_hex(pair->private_value()), b.at("priv"));
    EXPECT_EQ(to_hex(pair->public_value()), b.at("pub"));
    auto again = DhKeyPair::generate(group, hex(b.at("seed")));
    ASSERT_TRUE(again);
    EXPECT_EQ(again->public_value(), pair->public_value());
  }
}

TEST(Ikev2DiffieHellman, EveryGroupAgreesWithItself) {
  for (uint16_t group : {2, 5, 14, 15, 16, 19, 20, 21}) {
    SCOPED_TRACE(group);
    ASSERT_TRUE(dh_group_supported(group));
    std::vector<uint8_t> seed_i(64, 1), seed_r(64, 2);
    auto i = DhKeyPair::generate(group, seed_i);
    auto r = DhKeyPair::generate(group, seed_r);
    ASSERT_TRUE(i) << i.error();
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(i->group(), group);
    auto s1 = i->shared_secret(r->public_value());
    auto s2 = r->shared_secret(i->public_value());
    ASSERT_TRUE(s1) << s1.error();
    ASSERT_TRUE(s2) << s2.error();
    EXPECT_EQ(*s1, *s2);
    EXPECT_EQ(s1->size(), group >= 19 ? dh_public_bytes(group) / 2 : dh_public_bytes(group));
    DhKeyPair moved = std::move(*i);
    EXPECT_TRUE(moved.shared_secret(r->public_value()));
  }
}

TEST(Ikev2DiffieHellman, RefusesBadInput) {
  EXPECT_FALSE(DhKeyPair::generate(1, std::vector<uint8_t>(64, 1)));
  EXPECT_FALSE(DhKeyPair::generate(31, std::vector<uint8_t>(64, 1)));
  EXPECT_FALSE(DhKeyPair::generate(19, std::vector<uint8_t>(63, 1)));
  EXPECT_FALSE(DhKeyPair::from_private(19, std::vector<uint8_t>(32, 0)));
  EXPECT_FALSE(DhKeyPair::from_private(19, std::vector<uint8_t>(32, 0xff)));  // >= n
  EXPECT_FALSE(DhKeyPair::from_private(14, hex("01")));

  DhKeyPair modp = std::move(DhKeyPair::generate(14, std::vector<uint8_t>(64, 3)).value());
  std::vector<uint8_t> v(256, 0);
  EXPECT_FALSE(modp.shared_secret(v));  // 0
  v.back() = 1;
  EXPECT_FALSE(modp.shared_secret(v));  // 1
  std::vector<uint8_t> p_minus_1 = modp.public_value();
  std::fill(p_minus_1.begin(), p_minus_1.end(), 0xff);  // > p
  EXPECT_FALSE(modp.shared_secret(p_minus_1));
  EXPECT_FALSE(modp.shared_secret(std::vector<uint8_t>(255, 7)));  // wrong length
  v.back() = 2;
  EXPECT_TRUE(modp.shared_secret(v));

  DhKeyPair ecp = std::move(DhKeyPair::generate(19, std::vector<uint8_t>(64, 4)).value());
  auto off_curve = ecp.public_value();
  off_curve.back() ^= 1;
  EXPECT_FALSE(ecp.shared_secret(off_curve));
  EXPECT_FALSE(ecp.shared_secret(std::vector<uint8_t>(64, 0)));
  EXPECT_FALSE(ecp.shared_secret(std::vector<uint8_t>(65, 0)));
}

IkeSuite suite_of(const test::VectorBlock& b) {
  IkeSuite s;
  s.prf = static_cast<PrfId>(std::stoi(b.at("prf")));
  s.encr = static_cast<EncrId>(std::stoi(b.at("encr")));
  s.encr_key_bits = static_cast<uint16_t>(std::stoi(b.at("bits")));
  s.integ = static_cast<IntegId>(std::stoi(b.at("integ")));
  return s;
}

void expect_keys(const IkeSaKeys& k, const test::VectorBlock& b) {
  EXPECT_EQ(to_hex(k.skeyseed), b.at("skeyseed"));
  EXPECT_EQ(to_hex(k.sk_d), b.at("sk_d"));
  EXPECT_EQ(to_hex(k.sk_ai), b.at("sk_ai"));
  EXPECT_EQ(to_hex(k.sk_ar), b.at("sk_ar"));
  EXPECT_EQ(to_hex(k.sk_ei), b.at("sk_ei"));
  EXPECT_EQ(to_hex(k.sk_er), b.at("sk_er"));
  EXPECT_EQ(to_hex(k.sk_pi), b.at("sk_pi"));
  EXPECT_EQ(to_hex(k.sk_pr), b.at("sk_pr"));
}

TEST(Ikev2Keys, IkeSaKeysMatchPython) {
  const auto blocks = of_kind("ike_sa");
  ASSERT_EQ(blocks.size(), 6u);
  for (const auto& b : blocks) {
    const IkeSuite s = suite_of(b);
    SCOPED_TRACE(b.at("prf") + "/" + b.at("encr") + "/" + b.at("bits") + "/" + b.at("integ"));
    expect_keys(derive_ike_sa_keys(s, hex(b.at("ni")), hex(b.at("nr")), hex(b.at("g_ir")), u64(b.at("spi_i")),
                                   u64(b.at("spi_r"))),
                b);
  }
}

TEST(Ikev2Keys, AesGcm256SkeIsKeyAndSalt) {
  const IkeSuite s;  // AES-GCM-16 256, HMAC-SHA256
  const auto k = derive_ike_sa_keys(s, hex("0102"), hex("0304"), hex("05"), 1, 2);
  EXPECT_EQ(k.sk_ei.size(), 36u);
  EXPECT_EQ(k.sk_er.size(), 36u);
  EXPECT_TRUE(k.sk_ai.empty());
  EXPECT_TRUE(k.sk_ar.empty());
  EXPECT_EQ(k.sk_d.size(), 32u);
}

TEST(Ikev2Keys, RekeyedIkeSaKeysMatchPython) {
  const auto blocks = of_kind("rekey_ike_sa");
  ASSERT_EQ(blocks.size(), 6u);
  for (const auto& b : blocks) {
    SCOPED_TRACE(b.at("prf") + "/" + b.at("encr"));
    expect_keys(derive_rekeyed_ike_sa_keys(suite_of(b), static_cast<PrfId>(std::stoi(b.at("old_prf"))),
                                           hex(b.at("old_sk_d")), hex(b.at("g_ir")), hex(b.at("ni")), hex(b.at("nr")),
                                           u64(b.at("spi_i")), u64(b.at("spi_r"))),
                b);
  }
}

TEST(Ikev2Keys, PskAuthMatchesPython) {
  const auto blocks = of_kind("psk_auth");
  ASSERT_EQ(blocks.size(), 4u);
  for (const auto& b : blocks) {
    SCOPED_TRACE(b.at("prf"));
    EXPECT_EQ(to_hex(psk_auth(static_cast<PrfId>(std::stoi(b.at("prf"))), hex(b.at("psk")), hex(b.at("first")),
                              hex(b.at("nonce")), hex(b.at("sk_p")), hex(b.at("id_body")))),
              b.at("auth"));
  }
}

TEST(Ikev2Keys, ChildSaKeymatMatchesPython) {
  const auto blocks = of_kind("child_sa");
  ASSERT_EQ(blocks.size(), 4u);
  for (const auto& b : blocks) {
    SCOPED_TRACE(b.at("prf") + " g_ir=" + b.at("g_ir"));
    const auto k = derive_child_sa_keys(static_cast<PrfId>(std::stoi(b.at("prf"))), hex(b.at("sk_d")),
                                        hex(b.at("g_ir")), hex(b.at("ni")), hex(b.at("nr")),
                                        std::stoul(b.at("key_bytes")));
    EXPECT_EQ(to_hex(k.initiator_to_responder), b.at("i_to_r"));
    EXPECT_EQ(to_hex(k.responder_to_initiator), b.at("r_to_i"));
  }
}

}  // namespace
}  // namespace trio6sim::crypto::ikev2
