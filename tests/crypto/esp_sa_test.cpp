// Behavior of one outbound/inbound SA pair: layout, padding, DSCP/ECN/DF
// policies, UDP encapsulation, tunnel MTU, sequence overflow, replay, counters.
#include <gtest/gtest.h>

#include "crypto/esp_format.h"
#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "esp_test_util.h"
#include "packet/bytes.h"

namespace trio6sim::crypto {
namespace {

using test::inner_v4;
using test::inner_v6;
using test::make_sa;
using test::same_bytes;

TEST(EspSa, LayoutPaddingAndRoundTripForEveryPadLength) {
  for (bool v6 : {false, true}) {
    const auto sa = make_sa(v6);
    OutboundSa tx(sa);
    InboundSa rx(sa);
    for (std::size_t size = 40; size < 48; ++size) {  // covers pad lengths 0..3 twice
      SCOPED_TRACE(size);
      Packet p = inner_v4(size);
      const Packet original = p.clone();
      ASSERT_TRUE(tx.seal(p).has_value());
      const std::size_t pad = esp_pad_bytes(size);
      EXPECT_EQ((size + pad + 2) % 4, 0u);
      EXPECT_EQ(p.size(), size + esp_overhead_bytes(size, v6, false));
      const std::size_t esp = v6 ? 40 : 20;
      EXPECT_EQ(load_be32(p.data() + esp), sa.spi);
      EXPECT_EQ(load_be32(p.data() + esp + 4), tx.next_sequence() - 1);
      EXPECT_EQ(load_be64(p.data() + esp + 8), tx.next_sequence() - 1) << "default IV is the sequence number";
      ASSERT_TRUE(rx.open(p).has_value());
      EXPECT_TRUE(same_bytes(p, original));
    }
  }
}

TEST(EspSa, NextHeaderByInnerFamilyAndMpls) {
  auto sa = make_sa();
  OutboundSa tx(sa);
  InboundSa rx(sa);
  Packet v6 = inner_v6(100);
  const Packet v6_original = v6.clone();
  ASSERT_TRUE(tx.seal(v6).has_value());
  ASSERT_TRUE(rx.open(v6).has_value());
  EXPECT_TRUE(same_bytes(v6, v6_original));

  // MPLS inner (RFC 4023 next header 137): a label stack then IPv4.
  Packet mpls = inner_v4(80);
  uint8_t* label = mpls.push_front(4);
  store_be32(label, (17u << 12) | (1u << 8) | 64);  // label 17, bottom of stack, TTL 64
  const Packet mpls_original = mpls.clone();
  ASSERT_TRUE(tx.seal(mpls, {.next_header = 137}).has_value());
  ASSERT_TRUE(rx.open(mpls).has_value());
  EXPECT_TRUE(same_bytes(mpls, mpls_original));
}

TEST(EspSa, DscpCopiedOrFixedAndEcnCopied) {
  auto sa = make_sa();
  {
    OutboundSa tx(sa);  // dscp "copy"
    Packet p = inner_v4(60, (46 << 2) | 2);  // EF, ECT(0)
    ASSERT_TRUE(tx.seal(p).has_value());
    EXPECT_EQ(Ipv4ConstView(p.data()).dscp(), 46);
    EXPECT_EQ(Ipv4ConstView(p.data()).ecn(), 2);
  }
  {
    sa.outer_dscp = 10;
    OutboundSa tx(sa);
    Packet p = inner_v6(80, (46 << 2));
    ASSERT_TRUE(tx.seal(p).has_value());
    EXPECT_EQ(Ipv4ConstView(p.data()).dscp(), 10);
  }
  {
    auto sa6 = make_sa(true);
    OutboundSa tx(sa6);
    Packet p = inner_v4(60, (34 << 2));
    ASSERT_TRUE(tx.seal(p).has_value());
    EXPECT_EQ(Ipv6ConstView(p.data()).dscp(), 34);
  }
}

TEST(EspSa, CopyOuterDscpAndCongestionMarkOnDecrypt) {
  auto sa = make_sa();
  sa.outer_dscp = 26;
  OutboundSa tx(sa);
  for (bool copy : {false, true}) {
    sa.copy_outer_dscp = copy;
    InboundSa rx(sa);
    Packet p = inner_v4(60, (8 << 2) | 1);  // CS1, ECT(1)
    ASSERT_TRUE(tx.seal(p).has_value());
    Ipv4View outer(p.data());
    outer.set_ecn(3);  // a congested core router marked CE
    outer.update_checksum();
    ASSERT_TRUE(rx.open(p).has_value());
    auto inner = parse_ipv4(p.bytes());
    ASSERT_TRUE(inner.has_value()) << "inner checksum must be updated";
    EXPECT_EQ(inner->dscp(), copy ? 26 : 8);
    EXPECT_EQ(inner->ecn(), 3) << "RFC 6040: CE survives decapsulation";
  }
}

TEST(EspSa, DfPolicy) {
  auto sa = make_sa();
  for (auto [policy, inner_df, expect] : {std::tuple{DfPolicy::kClear, true, false}, {DfPolicy::kSet, false, true},
                                          {DfPolicy::kCopy, true, true}, {DfPolicy::kCopy, false, false}}) {
    sa.df = policy;
    OutboundSa tx(sa);
    Packet p = inner_v4(100, 0, inner_df);
    ASSERT_TRUE(tx.seal(p).has_value());
    EXPECT_EQ(Ipv4ConstView(p.data()).df(), expect);
  }
}

TEST(EspSa, UdpEncapsulationPortsAndChecks) {
  for (bool v6 : {false, true}) {
    auto sa = make_sa(v6);
    sa.udp_encap = UdpEncapsulation{0, 4501};
    OutboundSa tx(sa);
    InboundSa rx(sa);
    const std::size_t ip = v6 ? 40 : 20;
    for (uint32_t hash : {0u, 12345u, 0xffffffffu}) {
      Packet p = inner_v4(64);
      p.meta.flow_hash = hash;
      ASSERT_TRUE(tx.seal(p).has_value());
      const uint16_t sport = load_be16(p.data() + ip);
      EXPECT_GE(sport, 49152);  // [T]: source port from the flow, 49152..65535
      EXPECT_EQ(sport, 49152 + hash % 16384);
      EXPECT_EQ(load_be16(p.data() + ip + 2), 4501);
      EXPECT_EQ(load_be16(p.data() + ip + 4), p.size() - ip);
      if (v6) EXPECT_NE(load_be16(p.data() + ip + 6), 0) << "IPv6 UDP needs a checksum";
      else EXPECT_EQ(load_be16(p.data() + ip + 6), 0) << "RFC 3948: zero over IPv4";
      ASSERT_TRUE(rx.open(p).has_value());
    }
    // Wrong destination port, and plain ESP where UDP is configured: both refused [T].
    Packet wrong = inner_v4(64);
    ASSERT_TRUE(tx.seal(wrong).has_value());
    store_be16(wrong.data() + ip + 2, 4500);
    EXPECT_EQ(rx.open(wrong).error(), DropCause::kEspUdpEncapMismatch);
    auto plain_sa = make_sa(v6);
    OutboundSa plain_tx(plain_sa);
    Packet plain = inner_v4(64);
    ASSERT_TRUE(plain_tx.seal(plain).has_value());
    EXPECT_EQ(rx.open(plain).error(), DropCause::kEspUdpHeaderMissing);
    EXPECT_EQ(rx.statistics().udp_encap_mismatches, 2u);  // both, in one counter
  }
}

TEST(EspSa, TunnelMtuLimitsTheOuterPacket) {
  auto sa = make_sa();
  sa.tunnel_mtu = 1400;
  OutboundSa tx(sa);
  const std::size_t max_inner = tx.max_inner_bytes();
  Packet fits = inner_v4(max_inner);
  ASSERT_TRUE(tx.seal(fits).has_value());
  EXPECT_LE(fits.size(), 1400u);
  EXPECT_GT(fits.size(), 1400u - 4) << "max_inner_bytes is the largest that fits";
  Packet too_big = inner_v4(max_inner + 1, 0, true);
  EXPECT_EQ(tx.seal(too_big).error(), DropCause::kEspFragmentNeeded);
  EXPECT_EQ(tx.statistics().fragment_needed, 1u);
}

TEST(EspSa, SequenceOverflowStopsTheSaWithoutWrapping) {
  auto sa = make_sa();
  sa.esn = false;
  sa.next_sequence = 0xfffffffeull;
  OutboundSa tx(sa);
  Packet a = inner_v4(40), b = inner_v4(40), c = inner_v4(40);
  ASSERT_TRUE(tx.seal(a).has_value());
  ASSERT_TRUE(tx.seal(b).has_value());
  EXPECT_TRUE(tx.stopped());
  EXPECT_EQ(tx.seal(c).error(), DropCause::kEspSequenceOverflow);
  EXPECT_EQ(tx.statistics().sequence_overflows, 1u);
  EXPECT_EQ(tx.statistics().encrypted_packets, 2u);

  auto esn_sa = make_sa();
  esn_sa.next_sequence = UINT64_MAX;
  OutboundSa esn_tx(esn_sa);
  Packet d = inner_v4(40), e = inner_v4(40);
  ASSERT_TRUE(esn_tx.seal(d).has_value());
  EXPECT_EQ(esn_tx.seal(e).error(), DropCause::kEspSequenceOverflow);
  // An explicit 64-bit sequence number on a 32-bit SA is refused too.
  OutboundSa tx32(sa);
  Packet f = inner_v4(40);
  EXPECT_EQ(tx32.seal(f, {.sequence = 0x100000000ull}).error(), DropCause::kEspSequenceOverflow);
}

TEST(EspSa, ForgedPacketsNeverMoveTheWindow) {
  const auto sa = make_sa();
  OutboundSa tx(sa);
  InboundSa rx(sa);
  Packet genuine = inner_v4(100);
  ASSERT_TRUE(tx.seal(genuine, {.sequence = 10}).has_value());
  // A forger sends sequence 1,000 with a bad ICV: refused, and the window stays at 0.
  Packet forged = inner_v4(100);
  ASSERT_TRUE(tx.seal(forged, {.sequence = 1000}).has_value());
  forged.data()[forged.size() - 1] ^= 0xff;
  EXPECT_EQ(rx.open(forged).error(), DropCause::kEspAuthenticationFailure);
  EXPECT_EQ(rx.replay_window().top(), 0u);
  ASSERT_TRUE(rx.open(genuine).has_value());
  EXPECT_EQ(rx.replay_window().top(), 10u);
  // Replaying the genuine packet is a replay error, counted under its Junos name.
  Packet again = inner_v4(100);
  ASSERT_TRUE(tx.seal(again, {.sequence = 10}).has_value());
  EXPECT_EQ(rx.open(again).error(), DropCause::kEspReplay);
  EXPECT_EQ(to_string(DropCause::kEspReplay), "Replay errors");
  const auto& s = rx.statistics();
  EXPECT_EQ(s.esp_authentication_failures, 1u);
  EXPECT_EQ(s.replay_errors, 1u);
  EXPECT_EQ(s.decrypted_packets, 1u);
  EXPECT_EQ(s.decrypted_bytes, 100u);
}

TEST(EspSa, EsnHighBitsAuthenticatedAcrossTheWrap) {
  auto sa = make_sa();
  sa.replay_top = 0xfffffff0ull;
  sa.next_sequence = 0xfffffff1ull;
  OutboundSa tx(sa);
  InboundSa rx(sa);
  for (int i = 0; i < 40; ++i) {  // crosses 2^32: the packet carries only the low bits
    Packet p = inner_v4(60);
    ASSERT_TRUE(tx.seal(p).has_value());
    ASSERT_TRUE(rx.open(p).has_value()) << i;
  }
  EXPECT_EQ(rx.replay_window().top(), 0xfffffff0ull + 40);
}

TEST(EspSa, WrongSpiOrDestinationIsNoSa) {
  auto sa = make_sa();
  OutboundSa tx(sa);
  auto other = sa;
  other.spi = 0x1234;
  InboundSa rx_other_spi(other);
  Packet p = inner_v4(60);
  ASSERT_TRUE(tx.seal(p).has_value());
  EXPECT_EQ(rx_other_spi.open(p).error(), DropCause::kEspNoSa);
  other = sa;
  other.destination = *IpAddress::parse("13.10.2.3");
  InboundSa rx_other_dst(other);
  EXPECT_EQ(rx_other_dst.open(p).error(), DropCause::kEspNoSa);
}

TEST(EspSa, InvalidConfigurationsAreRefused) {
  auto sa = make_sa();
  sa.key.resize(16);  // AES-256 with a 128-bit key
  EXPECT_THROW(OutboundSa{sa}, std::invalid_argument);
  sa = make_sa();
  sa.replay_window = 8192;
  EXPECT_THROW(InboundSa{sa}, std::invalid_argument);
  sa = make_sa();
  sa.destination = *IpAddress::parse("2001:db8::2");
  EXPECT_TRUE(validate(sa).has_value());
  sa = make_sa();
  sa.spi = 7;
  EXPECT_TRUE(validate(sa).has_value());
}

}  // namespace
}  // namespace trio6sim::crypto

namespace trio6sim::crypto {
namespace {

TEST(EspSaFramingOnly, SameBytesButTheCipherSameChecks) {
  auto sa = test::make_sa();
  OutboundSa real(sa);
  OutboundSa framed(sa, CipherMode::kFramingOnly);
  InboundSa rx(sa, CipherMode::kFramingOnly);
  for (std::size_t size : {40u, 41u, 1400u}) {
    Packet a = test::inner_v4(size), b = test::inner_v4(size);
    const Packet original = test::inner_v4(size);
    ASSERT_TRUE(real.seal(a).has_value());
    ASSERT_TRUE(framed.seal(b).has_value());
    ASSERT_EQ(a.size(), b.size());
    // Headers up to the IV are identical; the payload stays clear; the ICV is zero.
    EXPECT_TRUE(std::equal(a.data(), a.data() + 36, b.data()));
    EXPECT_TRUE(std::equal(original.bytes().begin(), original.bytes().end(), b.data() + 36));
    EXPECT_TRUE(std::all_of(b.data() + b.size() - 16, b.data() + b.size(), [](uint8_t x) { return x == 0; }));
    Packet replay = b.clone();
    ASSERT_TRUE(rx.open(b).has_value());
    EXPECT_TRUE(test::same_bytes(b, original));
    EXPECT_EQ(rx.open(replay).error(), DropCause::kEspReplay) << "the replay window still runs";
  }
  EXPECT_EQ(framed.statistics().encrypted_packets, 3u);
  EXPECT_EQ(rx.statistics().decrypted_packets, 3u);
  // A bad trailer is still caught (the trailer is in clear).
  Packet bad = test::inner_v4(60);
  ASSERT_TRUE(framed.seal(bad, {.next_header = 99}).has_value());
  EXPECT_EQ(rx.open(bad).error(), DropCause::kEspBadTrailer);
}

}  // namespace
}  // namespace trio6sim::crypto
