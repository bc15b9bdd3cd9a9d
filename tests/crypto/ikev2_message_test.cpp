// IKEv2 message encoding (RFC 7296 sec. 3, RFC 5282): round trips of every
// payload in clear and inside SK (AES-GCM and CBC + HMAC), lengths and
// next-payload chains, and decoding of truncated, garbled and tampered input.
#include <gtest/gtest.h>

#include <random>

#include "crypto/ikev2/ike_message.h"
#include "crypto/ikev2/key_derivation.h"

namespace trio6sim::crypto::ikev2 {
namespace {

std::vector<uint8_t> bytes(std::size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(seed + i * 7);
  return v;
}

// One of every payload this library models.
std::vector<Payload> every_payload() {
  SaPayload sa;
  sa.proposals.push_back({1, ProtocolId::kIke, {}, {{TransformType::kEncr, 20, 256}, {TransformType::kPrf, 5, {}},
                                                    {TransformType::kDh, 19, {}}}});
  sa.proposals.push_back({2, ProtocolId::kEsp, bytes(4, 9), {{TransformType::kEncr, 20, 128}, {TransformType::kEsn, 0, {}}}});
  TsPayload ts;
  ts.selectors.push_back({7, 0, 0, 65535, IpAddress::v4(0x0a000000), IpAddress::v4(0x0a0000ff)});
  ts.selectors.push_back({8, 17, 500, 500, *IpAddress::parse("2001:db8::1"), *IpAddress::parse("2001:db8::ffff")});
  std::vector<Payload> p;
  p.push_back({PayloadType::kSa, false, sa});
  p.push_back({PayloadType::kKe, false, KePayload{19, bytes(64, 1)}});
  p.push_back({PayloadType::kNonce, false, NoncePayload{bytes(32, 2)}});
  p.push_back({PayloadType::kIdi, false, IdPayload{1, {192, 0, 2, 1}}});
  p.push_back({PayloadType::kIdr, false, IdPayload{2, {'p', 'e', '2'}}});
  p.push_back({PayloadType::kAuth, false, AuthPayload{2, bytes(32, 3)}});
  p.push_back({PayloadType::kNotify, false, NotifyPayload{ProtocolId(0), {}, 16388, bytes(20, 4)}});
  p.push_back({PayloadType::kNotify, false, NotifyPayload{ProtocolId::kEsp, bytes(4, 5), 16393, {}}});
  p.push_back({PayloadType::kDelete, false, DeletePayload{ProtocolId::kEsp, {bytes(4, 6), bytes(4, 7)}}});
  p.push_back({PayloadType::kDelete, false, DeletePayload{ProtocolId::kIke, {}}});
  p.push_back({PayloadType::kTsi, false, ts});
  p.push_back({PayloadType::kTsr, false, ts});
  p.push_back({PayloadType::kVendorId, false, VendorIdPayload{bytes(16, 8)}});
  return p;
}

Message message(bool protect) {
  Message m;
  m.header = {0x1122334455667788ull, 0x99aabbccddeeff00ull, ExchangeType::kIkeAuth, true, false, 1, 0, PayloadType::kNone};
  m.payloads = every_payload();
  m.protected_by_sk = protect;
  return m;
}

SkKeys gcm_keys() { return {IkeSuite{}, bytes(36, 0x40), {}}; }
SkKeys cbc_keys(EncrId e, uint16_t bits, IntegId integ) {
  IkeSuite s{e, bits, PrfId::kHmacSha256, integ, 19};
  return {s, bytes(encr_key_bytes(e, bits), 0x50), bytes(integ_key_bytes(integ), 0x60)};
}

void expect_same(const Message& a, const Message& b) {
  EXPECT_EQ(a.header.spi_i, b.header.spi_i);
  EXPECT_EQ(a.header.spi_r, b.header.spi_r);
  EXPECT_EQ(a.header.exchange, b.header.exchange);
  EXPECT_EQ(a.header.initiator, b.header.initiator);
  EXPECT_EQ(a.header.response, b.header.response);
  EXPECT_EQ(a.header.message_id, b.header.message_id);
  EXPECT_EQ(a.protected_by_sk, b.protected_by_sk);
  ASSERT_EQ(a.payloads.size(), b.payloads.size());
  for (std::size_t i = 0; i < a.payloads.size(); ++i) EXPECT_EQ(a.payloads[i], b.payloads[i]) << "payload " << i;
}

TEST(Ikev2Message, ClearRoundTripOfEveryPayload) {
  const Message m = message(false);
  const auto wire = encode(m);
  auto h = peek_header(wire);
  ASSERT_TRUE(h) << h.error();
  EXPECT_EQ(h->length, wire.size());
  EXPECT_EQ(h->first_payload, PayloadType::kSa);
  EXPECT_EQ(wire[17], 0x20);  // version 2.0
  EXPECT_EQ(wire[19], 0x08);  // initiator flag
  auto d = decode(wire);
  ASSERT_TRUE(d) << d.error().what;
  expect_same(m, *d);
  EXPECT_EQ(encode(*d), wire);
}

TEST(Ikev2Message, SkRoundTripEveryCipher) {
  const Message m = message(true);
  const SkKeys suites[] = {gcm_keys(), SkKeys{IkeSuite{EncrId::kAesGcm16, 128}, bytes(20, 1), {}},
                           cbc_keys(EncrId::kAesCbc, 128, IntegId::kHmacSha1_96),
                           cbc_keys(EncrId::kAesCbc, 256, IntegId::kHmacSha256_128),
                           cbc_keys(EncrId::kAesCbc, 192, IntegId::kHmacSha384_192),
                           cbc_keys(EncrId::k3desCbc, 192, IntegId::kHmacSha512_256)};
  for (const SkKeys& k : suites) {
    SCOPED_TRACE(static_cast<int>(k.suite.encr) * 1000 + k.suite.encr_key_bits);
    const auto wire = encode(m, &k, 42);
    EXPECT_EQ(wire[16], static_cast<uint8_t>(PayloadType::kSk));
    EXPECT_EQ(wire[kIkeHeaderBytes], static_cast<uint8_t>(PayloadType::kSa));  // SK's next payload: the first inside
    auto d = decode(wire, &k);
    ASSERT_TRUE(d) << d.error().what;
    expect_same(m, *d);
    EXPECT_EQ(encode(m, &k, 42), wire);  // deterministic
    EXPECT_NE(encode(m, &k, 43), wire);
    // Any flipped bit in the protected region is an integrity failure.
    for (std::size_t at : {std::size_t{0}, std::size_t{20}, kIkeHeaderBytes + 2, wire.size() / 2, wire.size() - 1}) {
      if (at == 2 + kIkeHeaderBytes) continue;  // the SK length would make it malformed first
      auto bad = wire;
      bad[at] ^= 0x01;
      auto r = decode(bad, &k);
      ASSERT_FALSE(r);
      if (at >= kIkeHeaderBytes + 4 || at < 16) {
        EXPECT_EQ(r.error().kind, DecodeErrorKind::kIntegrity) << at;
      }
    }
    auto no_keys = decode(wire);
    ASSERT_FALSE(no_keys);
    EXPECT_EQ(no_keys.error().kind, DecodeErrorKind::kIntegrity);
  }
}

TEST(Ikev2Message, GcmSizesFollowRfc5282) {
  // An empty INFORMATIONAL: header 28 + SK header 4 + IV 8 + pad length 1 + ICV 16 = 57 bytes.
  Message m;
  m.header.exchange = ExchangeType::kInformational;
  m.protected_by_sk = true;
  const SkKeys k = gcm_keys();
  const auto wire = encode(m, &k, 1);
  EXPECT_EQ(wire.size(), 57u);
  auto d = decode(wire, &k);
  ASSERT_TRUE(d) << d.error().what;
  EXPECT_TRUE(d->payloads.empty());
  // The explicit IV is the counter, big-endian.
  EXPECT_EQ(std::vector<uint8_t>(wire.begin() + 32, wire.begin() + 40), (std::vector<uint8_t>{0, 0, 0, 0, 0, 0, 0, 1}));
}

TEST(Ikev2Message, WrongKeyIsIntegrityError) {
  const SkKeys k = gcm_keys();
  const auto wire = encode(message(true), &k, 7);
  SkKeys other = k;
  other.sk_e[0] ^= 1;
  auto r = decode(wire, &other);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, DecodeErrorKind::kIntegrity);
  other = k;
  other.sk_e.back() ^= 1;  // the salt
  EXPECT_EQ(decode(wire, &other).error().kind, DecodeErrorKind::kIntegrity);
}

TEST(Ikev2Message, EncodeNeedsFittingKeys) {
  const Message m = message(true);
  EXPECT_THROW(encode(m), std::invalid_argument);
  SkKeys short_key = gcm_keys();
  short_key.sk_e.resize(32);  // no salt
  EXPECT_THROW(encode(m, &short_key), std::invalid_argument);
}

TEST(Ikev2Message, UnknownPayloads) {
  // A VID rewritten to an unknown type (e.g. 53, SKF): skipped when not critical, kUnsupported when critical.
  Message m;
  m.payloads.push_back({PayloadType::kNonce, false, NoncePayload{bytes(16, 1)}});
  m.payloads.push_back({PayloadType::kVendorId, false, VendorIdPayload{bytes(5, 2)}});
  auto wire = encode(m);
  wire[kIkeHeaderBytes] = 200;  // the Nonce's next payload: the VID becomes type 200
  auto d = decode(wire);
  ASSERT_TRUE(d) << d.error().what;
  ASSERT_EQ(d->payloads.size(), 1u);
  EXPECT_EQ(d->payloads[0].type, PayloadType::kNonce);
  wire[kIkeHeaderBytes + 4 + 16 + 1] = 0x80;  // the unknown payload's critical bit
  auto c = decode(wire);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind, DecodeErrorKind::kUnsupported);
}

TEST(Ikev2Message, PeekHeaderChecks) {
  const auto wire = encode(message(false));
  EXPECT_FALSE(peek_header(std::span(wire).first(27)));
  auto v1 = wire;
  v1[17] = 0x10;
  EXPECT_FALSE(peek_header(v1));
  auto longer = wire;
  longer[27] += 1;  // length beyond the datagram
  EXPECT_FALSE(peek_header(longer));
  auto h = peek_header(wire);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->spi_i, 0x1122334455667788ull);
  EXPECT_EQ(h->spi_r, 0x99aabbccddeeff00ull);
}

TEST(Ikev2Message, EveryPrefixIsAnError) {
  const SkKeys k = gcm_keys();
  const SkKeys cbc = cbc_keys(EncrId::kAesCbc, 256, IntegId::kHmacSha256_128);
  for (const auto& wire : {encode(message(false)), encode(message(true), &k, 3), encode(message(true), &cbc, 3)}) {
    for (std::size_t n = 0; n < wire.size(); ++n) {
      EXPECT_FALSE(decode(std::span(wire).first(n), &k)) << n;
      EXPECT_FALSE(decode(std::span(wire).first(n), &cbc)) << n;
      // A prefix with its length field patched to fit: the payload chain is cut instead.
      if (n >= kIkeHeaderBytes) {
        std::vector<uint8_t> cut(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(n));
        cut[24] = static_cast<uint8_t>(n >> 24);
        cut[25] = static_cast<uint8_t>(n >> 16);
        cut[26] = static_cast<uint8_t>(n >> 8);
        cut[27] = static_cast<uint8_t>(n);
        EXPECT_FALSE(decode(cut, &k)) << n;
        EXPECT_FALSE(decode(cut, &cbc)) << n;
      }
    }
  }
}

TEST(Ikev2Message, RandomFlipsNeverCrash) {
  std::mt19937 rng(5282);
  const SkKeys k = gcm_keys();
  const auto clear = encode(message(false));
  const auto sealed = encode(message(true), &k, 9);
  int decoded = 0;
  for (int round = 0; round < 20000; ++round) {
    auto wire = round % 2 ? clear : sealed;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) wire[rng() % wire.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
    auto r = decode(wire, &k);  // must not crash or read out of bounds (ASan in CI)
    decoded += r ? 1 : 0;
    if (round % 2 == 0 && r) ADD_FAILURE() << "a flipped sealed message decoded";
  }
  // Random garbage of every length.
  for (std::size_t n = 0; n < 400; ++n) {
    std::vector<uint8_t> junk(n);
    for (auto& b : junk) b = static_cast<uint8_t>(rng());
    if (n >= 28) junk[17] = 0x20;
    (void)decode(junk, &k);
  }
  SUCCEED() << decoded << " flipped clear messages still decoded";
}

}  // namespace
}  // namespace trio6sim::crypto::ikev2
