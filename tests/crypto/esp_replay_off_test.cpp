// `replay_window: 0`: anti-replay off. RFC 4303 section 3.4.3: a receiver
// that has not enabled anti-replay does not check sequence numbers; with ESN
// it still needs the high bits for the ICV (section 2.2.1). Off must accept
// every packet that authenticates, at least every packet a window accepts.
#include <gtest/gtest.h>

#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "esp_test_util.h"

namespace trio6sim::crypto {
namespace {

using test::inner_v4;
using test::make_sa;

SaConfig sa_with(uint32_t window, uint64_t top) {
  auto sa = make_sa();  // ESN on
  sa.replay_window = window;
  sa.replay_top = top;
  return sa;
}

Packet sealed_at(uint64_t seq) {
  OutboundSa tx(make_sa());
  Packet p = inner_v4(100);
  EXPECT_TRUE(tx.seal(p, {.sequence = seq}).has_value());
  return p;
}

// On main, a top of 100 and a packet at 3,000,000,000 (in epoch 0, far
// ahead) opened with a window of 64 and failed as "Replay errors" with the
// window off: the off-inference took 2^31 as the window and placed the
// packet before epoch 0.
TEST(EspReplayOff, AcceptsWhatAWindowOf64Accepts) {
  for (uint64_t seq : {uint64_t{101}, uint64_t{3'000'000'000}, uint64_t{0xffffffff}, uint64_t{2'200'000'000}}) {
    for (uint32_t window : {64u, 0u}) {
      InboundSa rx(sa_with(window, 100));
      Packet p = sealed_at(seq);
      auto opened = rx.open(p);
      ASSERT_TRUE(opened.has_value()) << "window " << window << " seq " << seq << ": " << to_string(opened.error());
      EXPECT_TRUE(test::same_bytes(p, inner_v4(100)));
    }
  }
}

TEST(EspReplayOff, AcceptsDuplicatesAndPacketsFarBehind) {
  InboundSa rx(sa_with(0, 0));
  for (uint64_t seq : {uint64_t{5000}, uint64_t{5000}, uint64_t{1}, uint64_t{4999}, uint64_t{5000}}) {
    Packet p = sealed_at(seq);
    ASSERT_TRUE(rx.open(p).has_value()) << seq;
  }
  EXPECT_EQ(rx.statistics().replay_errors, 0u);
  EXPECT_EQ(rx.statistics().decrypted_packets, 5u);
  EXPECT_EQ(rx.replay_window().top(), 5000u) << "top still tracked, for the ESN high bits";
}

// Epoch 1 at its start, and packets whose epoch only the ICV can tell: the
// next epoch far ahead (what a window of 64 infers) and the previous epoch
// far behind (what the nearest-epoch guess infers).
TEST(EspReplayOff, TriesTheEpochsAroundTopUntilTheIcvVerifies) {
  const uint64_t top = (uint64_t{1} << 32) + 100;
  const uint64_t ahead = (uint64_t{1} << 32) + 3'000'000'000;  // same epoch as top, 3e9 ahead
  const uint64_t behind = 3'000'000'000;                         // epoch 0
  {
    InboundSa window64(sa_with(64, top));
    Packet p = sealed_at(ahead);
    ASSERT_TRUE(window64.open(p).has_value()) << "a window of 64 accepts it";
  }
  for (uint64_t seq : {ahead, behind, top + 1, (uint64_t{2} << 32) + 5}) {
    InboundSa off(sa_with(0, top));
    Packet p = sealed_at(seq);
    auto opened = off.open(p);
    ASSERT_TRUE(opened.has_value()) << seq << ": " << to_string(opened.error());
    EXPECT_TRUE(test::same_bytes(p, inner_v4(100)));
    EXPECT_EQ(off.replay_window().top(), std::max(top, seq));
  }
}

TEST(EspReplayOff, ForgedPacketsStillFailAuthenticationAndNeverMoveTop) {
  InboundSa rx(sa_with(0, 100));
  Packet forged = sealed_at(3'000'000'000);
  forged.data()[forged.size() - 1] ^= 1;
  EXPECT_EQ(rx.open(forged).error(), DropCause::kEspAuthenticationFailure);
  EXPECT_EQ(rx.replay_window().top(), 100u);
  EXPECT_EQ(rx.statistics().esp_authentication_failures, 1u);
  EXPECT_EQ(rx.statistics().replay_errors, 0u);
}

TEST(EspReplayOff, WithoutEsnEveryAuthenticPacketOpens) {
  auto sa = make_sa();
  sa.esn = false;
  sa.replay_window = 0;
  sa.replay_top = 4'000'000'000;
  OutboundSa tx(sa);
  InboundSa rx(sa);
  for (uint64_t seq : {uint64_t{1}, uint64_t{4'000'000'000}, uint64_t{7}, uint64_t{7}}) {
    Packet p = inner_v4(64);
    ASSERT_TRUE(tx.seal(p, {.sequence = seq}).has_value());
    ASSERT_TRUE(rx.open(p).has_value()) << seq;
  }
}

// A fresh SA (top 0) with a window opens a packet sealed near the end of
// epoch 0 (the seal-then-open fuzz target's first finding).
TEST(EspReplayWindow, FreshSaOpensTheEndOfTheFirstEpoch) {
  for (uint32_t window : {64u, 4096u, 0u}) {
    InboundSa rx(sa_with(window, 0));
    Packet p = sealed_at(0xfffffff0);
    ASSERT_TRUE(rx.open(p).has_value()) << window;
  }
}

}  // namespace
}  // namespace trio6sim::crypto
