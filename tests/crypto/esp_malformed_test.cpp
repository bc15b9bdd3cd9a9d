// The inbound path fed truncated and corrupted packets: every outcome is an
// error value that is counted, never a crash or an out-of-bounds read (this
// suite also runs under AddressSanitizer and UBSan in CI).
#include <gtest/gtest.h>

#include <random>

#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "crypto/esp_transform.h"
#include "packet/bytes.h"
#include "esp_test_util.h"

namespace trio6sim::crypto {
namespace {

using test::inner_v4;
using test::make_sa;
using test::same_bytes;

uint64_t errors_counted(const IpsecStatistics& s) {
  return s.replay_errors + s.esp_authentication_failures + s.esp_decryption_failures + s.bad_headers +
         s.bad_trailers + s.udp_encap_mismatches + s.no_sa;
}

class Malformed : public ::testing::TestWithParam<std::tuple<bool, bool>> {};

TEST_P(Malformed, EveryTruncationIsACountedError) {
  auto [v6, udp] = GetParam();
  auto sa = make_sa(v6);
  if (udp) sa.udp_encap = UdpEncapsulation{4500, 4500};
  sa.replay_window = 0;  // so that only the truncation decides
  OutboundSa tx(sa);
  InboundSa rx(sa);
  Packet sealed = inner_v4(97);
  ASSERT_TRUE(tx.seal(sealed).has_value());
  uint64_t failures = 0;
  for (std::size_t n = 0; n < sealed.size(); ++n) {
    Packet p;
    ASSERT_TRUE(p.assign(sealed.bytes().first(n)));
    auto r = rx.open(p);
    EXPECT_FALSE(r.has_value()) << "length " << n;
    failures += !r.has_value();
  }
  EXPECT_EQ(errors_counted(rx.statistics()), failures);
  EXPECT_EQ(rx.statistics().decrypted_packets, 0u);
}

TEST_P(Malformed, RandomCorruptionIsCaughtOrHarmless) {
  auto [v6, udp] = GetParam();
  auto sa = make_sa(v6);
  if (udp) sa.udp_encap = UdpEncapsulation{4500, 4500};
  sa.replay_window = 0;
  OutboundSa tx(sa);
  InboundSa rx(sa);
  std::mt19937_64 rng(20261122);  // fixed seed: reproducible
  // Everything from the SPI to the ICV is authenticated (SPI and sequence in
  // the AAD, IV in the nonce, ciphertext and ICV by GCM). Only the outer IP
  // and UDP headers are not, and of those IPv6 has no header checksum.
  const std::size_t esp_offset = (v6 ? 40 : 20) + (udp ? 8 : 0);
  uint64_t failures = 0, passed = 0;
  for (int i = 0; i < 2000; ++i) {
    Packet original = inner_v4(20 + rng() % 200);
    Packet p = original.clone();
    ASSERT_TRUE(tx.seal(p).has_value());
    const int flips = 1 + static_cast<int>(rng() % 3);
    bool esp_touched = false;
    for (int f = 0; f < flips; ++f) {
      const std::size_t at = rng() % p.size();
      p.data()[at] ^= static_cast<uint8_t>(1 + rng() % 255);
      esp_touched |= at >= esp_offset;
    }
    auto r = rx.open(p);
    if (r.has_value()) {
      ++passed;
      EXPECT_FALSE(esp_touched) << "a change to authenticated bytes went through, packet " << i;
      EXPECT_TRUE(same_bytes(p, original));
    } else {
      ++failures;
    }
  }
  EXPECT_EQ(failures + passed, 2000u);
  EXPECT_EQ(errors_counted(rx.statistics()), failures);
  EXPECT_EQ(rx.statistics().decrypted_packets, passed);
}

INSTANTIATE_TEST_SUITE_P(OuterFamilies, Malformed,
                         ::testing::Combine(::testing::Bool(), ::testing::Bool()));

TEST(MalformedOuter, FragmentsAndOtherProtocolsAreBadHeaders) {
  auto sa = make_sa();
  OutboundSa tx(sa);
  InboundSa rx(sa);
  Packet p = inner_v4(100);
  ASSERT_TRUE(tx.seal(p).has_value());
  Packet frag = p.clone();
  Ipv4View(frag.data()).set_mf(true);
  Ipv4View(frag.data()).update_checksum();
  EXPECT_EQ(rx.open(frag).error(), DropCause::kEspBadHeader) << "no reassembly before decryption [T]";
  Packet gre = p.clone();
  Ipv4View(gre.data()).set_protocol(47);
  Ipv4View(gre.data()).update_checksum();
  EXPECT_EQ(rx.open(gre).error(), DropCause::kEspBadHeader);
  Packet bad_sum = p.clone();
  bad_sum.data()[8] ^= 1;  // TTL changed, checksum not updated
  EXPECT_EQ(rx.open(bad_sum).error(), DropCause::kEspBadHeader);
  EXPECT_EQ(rx.statistics().bad_headers, 3u);
  ASSERT_TRUE(rx.open(p).has_value());
}

TEST(MalformedOuter, BadPaddingOrNextHeaderIsABadTrailer) {
  // Build by hand, with the SA's own key, packets whose ICV verifies but whose
  // trailer is wrong: padding not 1, 2, 3 (RFC 4303 2.4), or a next header
  // that is not IPv4, IPv6 or MPLS.
  auto sa = make_sa();
  InboundSa rx(sa);
  AesGcm gcm(sa.key);
  auto build = [&](uint8_t pad_byte, uint8_t next_header, uint64_t seq) {
    Packet inner = inner_v4(41);  // 41 + 1 pad + 2 = 44
    Packet p;
    const std::size_t sealed = 44;
    uint8_t* d = p.push_back(20 + 16 + sealed + 16);
    std::copy(inner.bytes().begin(), inner.bytes().end(), d + 36);
    d[36 + 41] = pad_byte;
    d[36 + 42] = 1;
    d[36 + 43] = next_header;
    store_be64(d + 28, seq);  // IV
    EXPECT_TRUE(esp_encrypt(gcm, {sa.spi, seq, sa.esn, sa.salt}, d + 20, sealed));
    Ipv4Fields f;
    f.total_length = static_cast<uint16_t>(p.size());
    f.protocol = 50;
    std::copy(sa.source.data(), sa.source.data() + 4, f.src.begin());
    std::copy(sa.destination.data(), sa.destination.data() + 4, f.dst.begin());
    write_ipv4_header(d, f);
    return p;
  };
  Packet good = build(1, 4, 1);
  ASSERT_TRUE(rx.open(good).has_value()) << "the hand-built packet itself is valid";
  Packet bad_pad = build(7, 4, 2);
  EXPECT_EQ(rx.open(bad_pad).error(), DropCause::kEspBadTrailer);
  Packet bad_next = build(1, 99, 3);
  EXPECT_EQ(rx.open(bad_next).error(), DropCause::kEspBadTrailer);
  Packet wrong_family = build(1, 41, 4);  // says IPv6, carries IPv4
  EXPECT_EQ(rx.open(wrong_family).error(), DropCause::kEspBadTrailer);
  EXPECT_EQ(rx.statistics().bad_trailers, 3u);
}

TEST(MalformedInner, OutboundRefusesWhatIsNotAnIpPacket) {
  auto sa = make_sa();
  OutboundSa tx(sa);
  Packet empty;
  EXPECT_EQ(tx.seal(empty).error(), DropCause::kMalformed);
  Packet junk = inner_v4(60);
  junk.data()[0] = 0x75;  // version 7
  EXPECT_EQ(tx.seal(junk).error(), DropCause::kMalformed);
  Packet short_v4 = inner_v4(60);
  ASSERT_TRUE(short_v4.trim_back(30));  // total length says 60
  EXPECT_EQ(tx.seal(short_v4).error(), DropCause::kMalformed);
  EXPECT_EQ(tx.statistics().encrypted_packets, 0u);
}

}  // namespace
}  // namespace trio6sim::crypto
