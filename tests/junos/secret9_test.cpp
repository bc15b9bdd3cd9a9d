// The $9$ codec: published samples with their plaintexts, encoding that
// reproduces them byte for byte from the same salt and padding, round trips,
// and the blog's two peers' keys.
#include "junos/secret9.h"

#include <gtest/gtest.h>

#include "junos_test_util.h"

namespace trio6sim::junos {
namespace {

struct Sample {
  const char* encoded;
  const char* plain;
  const char* source;
};

// Samples printed with their plaintexts by public $9$ implementations, and
// the TechLibrary example's key.
constexpr Sample kSamples[] = {
    {"$9$LbHX-wg4Z", "lc", "Crypt::Juniper synopsis"},
    {"$9$FNkC3/t1IcevLuOWx", "hello", "juniper9-crypt README"},
    {"$9$o1aGiPfz/Cuk.tO", "hello", "juniper9-crypt README"},
    // The TechLibrary's "Results" section prints this for the key its quick
    // configuration sets as "test123"; it decodes to "test", so the page's two
    // parts were not taken from the same configuration.
    {"$9$OY8RBcl8LNbYo7-", "test", "TechLibrary inline IPsec example"},
};

TEST(Secret9, DecodesPublishedSamples) {
  for (const auto& s : kSamples) {
    auto plain = decode_secret9(s.encoded);
    ASSERT_TRUE(plain) << s.source << ": " << plain.error();
    EXPECT_EQ(*plain, s.plain) << s.source;
  }
}

TEST(Secret9, EncodingWithTheSameSaltAndPaddingReproducesSamples) {
  // The salt is the letter after "$9$"; its family gives the padding length.
  for (const auto& s : kSamples) {
    const std::string enc = s.encoded;
    const char salt = enc[3];
    auto out = encode_secret9(s.plain, salt, enc.substr(4, 3));
    ASSERT_TRUE(out) << out.error();
    EXPECT_EQ(*out, enc) << s.source;
  }
}

TEST(Secret9, RoundTripsEveryByteWithASaltFromEachFamily) {
  std::string every_byte;
  for (int b = 1; b < 256; ++b) every_byte += static_cast<char>(b);
  // Q: 3 padding letters, B: 2, 7: 1, i: none.
  for (char salt : {'Q', 'B', '7', 'i'}) {
    for (const std::string& plain : {std::string(), std::string("a"), std::string("Juniper_HPE"), every_byte}) {
      auto enc = encode_secret9(plain, salt, "zzz");
      ASSERT_TRUE(enc) << enc.error();
      auto dec = decode_secret9(*enc);
      ASSERT_TRUE(dec) << dec.error();
      EXPECT_EQ(*dec, plain) << "salt " << salt;
    }
  }
}

TEST(Secret9, SeededEncodingIsReproducibleAndRoundTrips) {
  const std::string a = encode_secret9_seeded("pre-shared key", 42);
  EXPECT_EQ(a, encode_secret9_seeded("pre-shared key", 42));
  EXPECT_NE(a, encode_secret9_seeded("pre-shared key", 43));
  for (uint64_t seed = 0; seed < 200; ++seed) {
    auto dec = decode_secret9(encode_secret9_seeded("pre-shared key", seed));
    ASSERT_TRUE(dec) << dec.error();
    EXPECT_EQ(*dec, "pre-shared key");
  }
}

TEST(Secret9, ReportsMalformedInput) {
  EXPECT_EQ(decode_secret9("abc").error(), "a $9$ secret must start with \"$9$\"");
  EXPECT_EQ(decode_secret9("$9$").error(), "a $9$ secret needs a salt letter after \"$9$\"");
  EXPECT_EQ(decode_secret9("$9$LbHX-w!").error(), "'!' is not a letter of the $9$ alphabet");
  EXPECT_EQ(decode_secret9("$9$LbHX-").error(), "truncated $9$ secret: byte 1 needs 3 letters, 2 left");
  EXPECT_EQ(decode_secret9("$9$Qz").error(), "salt 'Q' must be followed by 3 padding letters");
  EXPECT_EQ(encode_secret9("x", '!', "").error(), "salt '!' is not a letter of the $9$ alphabet");
  EXPECT_EQ(encode_secret9("x", 'Q', "z").error(), "salt 'Q' needs 3 padding letters, 1 given");
}

// The blog's PE1 and PE2 print different $9$ strings for their IKE
// pre-shared keys; both decode to the same secret, so the peers agree.
TEST(Secret9, BlogPeersKeysDifferAsTextButDecodeToTheSameSecret) {
  auto pe1 = test::load_model_file(test::scenario_path("blog-global-v4v6/PE1.conf"));
  auto pe2 = test::load_model_file(test::scenario_path("blog-global-v4v6/PE2.conf"));
  const IkePolicy* p1 = pe1.ike_policy("ike_policy");
  const IkePolicy* p2 = pe2.ike_policy("ike_policy");
  ASSERT_TRUE(p1 && p1->pre_shared_key && p2 && p2->pre_shared_key);
  EXPECT_EQ(p1->pre_shared_key->text, "$9$.fQ3ApBSrv69rvWLVb.P5Ft0SyeKWXVw");
  EXPECT_EQ(p2->pre_shared_key->text, "$9$fQ3/uORlK8CtK8X7sYfTz601leMWXNs2");
  auto s1 = p1->pre_shared_key->secret();
  auto s2 = p2->pre_shared_key->secret();
  ASSERT_TRUE(s1 && s2);
  EXPECT_EQ(*s1, "Juniper_HPE");
  EXPECT_EQ(*s1, *s2);
}

}  // namespace
}  // namespace trio6sim::junos
