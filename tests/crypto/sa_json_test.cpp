// SA.json, the fixed format outside scripts write: the documented example
// loads; every bad input is an error naming the file, the line and the field.
#include <gtest/gtest.h>

#include "sa_json.h"

namespace trio6sim::cli {
namespace {

const std::string kExample = R"({"spi": "0x6d0c6331", "algorithm": "aes-256-gcm",
 "key": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
 "salt": "cafebabe", "esn": true, "replay_window": 4096, "replay_top": 0,
 "local": "13.10.1.1", "remote": "13.10.2.2", "udp_encap": {"sport": 4500, "dport": 4500},
 "dscp": "copy", "copy_outer_dscp": false, "df": "clear", "tunnel_mtu": 0})";

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

std::string error_of(const std::string& text) {
  auto r = parse_sa_json(text, "SA.json");
  EXPECT_FALSE(r.has_value());
  return r.has_value() ? "" : r.error();
}

TEST(SaJson, DocumentedExampleLoads) {
  auto sa = parse_sa_json(kExample, "SA.json");
  ASSERT_TRUE(sa.has_value()) << sa.error();
  EXPECT_EQ(sa->spi, 0x6d0c6331u);
  EXPECT_EQ(sa->cipher, crypto::EspCipher::kAes256Gcm);
  EXPECT_EQ(sa->key.size(), 32u);
  EXPECT_EQ(sa->salt, 0xcafebabeu);
  EXPECT_TRUE(sa->esn);
  EXPECT_EQ(sa->replay_window, 4096u);
  EXPECT_EQ(sa->source.to_string(), "13.10.1.1");
  EXPECT_EQ(sa->destination.to_string(), "13.10.2.2");
  ASSERT_TRUE(sa->udp_encap.has_value());
  EXPECT_EQ(sa->udp_encap->destination_port, 4500);
  EXPECT_FALSE(sa->outer_dscp.has_value());
  EXPECT_EQ(sa->df, crypto::DfPolicy::kClear);
}

TEST(SaJson, VariantsLoad) {
  auto s = replace(kExample, R"({"sport": 4500, "dport": 4500})", "null");
  s = replace(s, R"("dscp": "copy")", R"("dscp": 46)");
  s = replace(s, R"("df": "clear")", R"("df": "copy")");
  s = replace(s, "13.10.1.1", "2001:db8::1");
  s = replace(s, "13.10.2.2", "2001:db8::2");
  auto sa = parse_sa_json(s, "SA.json");
  ASSERT_TRUE(sa.has_value()) << sa.error();
  EXPECT_FALSE(sa->udp_encap.has_value());
  EXPECT_EQ(sa->outer_dscp.value(), 46);
  EXPECT_EQ(sa->df, crypto::DfPolicy::kCopy);
  EXPECT_TRUE(sa->destination.is_v6());
}

TEST(SaJson, MissingAndUnknownFieldsNameTheField) {
  EXPECT_EQ(error_of(replace(kExample, R"("salt": "cafebabe", )", "")), "SA.json:1: field 'salt': missing");
  const auto e = error_of(replace(kExample, R"("esn": true,)", R"("esn": true, "colour": "blue",)"));
  EXPECT_EQ(e, "SA.json:3: field 'colour': unknown field");
  EXPECT_NE(error_of(replace(kExample, R"("dport": 4500})", R"("dport": 4500, "x": 1})")).find("udp_encap.x"),
            std::string::npos);
}

TEST(SaJson, BadValuesSayWhatWasExpected) {
  EXPECT_NE(error_of(replace(kExample, "cafebabe", "cafe")).find("field 'salt': expected 8 hex digits"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kExample, "1e1f\"", "1e\"")).find("expected 64 hex digits"), std::string::npos);
  EXPECT_NE(error_of(replace(kExample, R"("replay_window": 4096)", R"("replay_window": 4097)")).find("exceeds 4096"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kExample, R"("df": "clear")", R"("df": "maybe")")).find("expected clear, set or copy"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kExample, R"("esn": true)", R"("esn": "yes")")).find("expected true or false"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kExample, "13.10.2.2", "13.10.2")).find("field 'remote'"), std::string::npos);
  EXPECT_NE(error_of(replace(kExample, "13.10.2.2", "2001:db8::2")).find("address family"), std::string::npos);
  EXPECT_NE(error_of(replace(kExample, R"("dscp": "copy")", R"("dscp": 64)")).find("field 'dscp'"), std::string::npos);
  EXPECT_NE(error_of("{\"spi\": ").find("not valid YAML/JSON"), std::string::npos);
  EXPECT_NE(error_of("[1, 2]").find("expected a JSON object"), std::string::npos);
}

// Values the SA cannot run with are refused at their field, with the line,
// not as a line-less "invalid SA".
TEST(SaJson, ReservedSpiShortSaltAndTinyMtuNameTheirField) {
  EXPECT_EQ(error_of(replace(kExample, R"("0x6d0c6331")", "0")),
            "SA.json:1: field 'spi': expected 256 to 4294967295 (0 and 1..255 are reserved, RFC 4303 section 2.1), got 0");
  EXPECT_NE(error_of(replace(kExample, R"("0x6d0c6331")", "255")).find("field 'spi'"), std::string::npos);
  EXPECT_TRUE(parse_sa_json(replace(kExample, R"("0x6d0c6331")", "256"), "SA.json").has_value());
  EXPECT_EQ(error_of(replace(kExample, "cafebabe", "cafeba")), "SA.json:3: field 'salt': expected 8 hex digits, got 6");
  EXPECT_EQ(error_of(replace(kExample, "cafebabe", "cafebabz")),
            "SA.json:3: field 'salt': expected 8 hex digits: invalid hex character 'z' at position 7");
  EXPECT_EQ(error_of(replace(kExample, R"("tunnel_mtu": 0)", R"("tunnel_mtu": 67)")),
            "SA.json:5: field 'tunnel_mtu': expected 0 (none) or 68 to 65535 for an IPv4 tunnel, got 67");
  auto v6 = replace(replace(kExample, "13.10.1.1", "2001:db8::1"), "13.10.2.2", "2001:db8::2");
  EXPECT_NE(error_of(replace(v6, R"("tunnel_mtu": 0)", R"("tunnel_mtu": 1279)")).find("1280 to 65535 for an IPv6 tunnel"),
            std::string::npos);
  EXPECT_TRUE(parse_sa_json(replace(v6, R"("tunnel_mtu": 0)", R"("tunnel_mtu": 1280)"), "SA.json").has_value());
}

TEST(SaJson, UnsupportedFeaturesAreRefusedAsInlineIpsecRefusesThem) {
  EXPECT_NE(error_of(replace(kExample, "aes-256-gcm", "aes-256-cbc")).find("not supported by inline IPsec"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kExample, "aes-256-gcm", "null")).find("NULL encryption (RFC 4543)"), std::string::npos);
  EXPECT_NE(error_of(replace(kExample, "aes-256-gcm", "aes-128-gmac")).find("RFC 4543"), std::string::npos);
  EXPECT_NE(error_of(replace(kExample, R"("esn": true)", R"("protocol": "ah", "esn": true)")).find("AH is not supported"),
            std::string::npos);
  EXPECT_NE(error_of(replace(kExample, R"("esn": true)", R"("mode": "transport", "esn": true)"))
                .find("transport mode is not supported"),
            std::string::npos);
  auto ok = parse_sa_json(replace(kExample, R"("esn": true)", R"("protocol": "esp", "mode": "tunnel", "esn": true)"),
                          "SA.json");
  EXPECT_TRUE(ok.has_value());
}

}  // namespace
}  // namespace trio6sim::cli
