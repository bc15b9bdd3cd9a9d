// Anti-replay per RFC 4303 section 3.4.3 and Appendix A, for the window sizes
// inline IPsec accepts (up to 4,096 [T]).
#include <gtest/gtest.h>

#include "crypto/replay_window.h"

#include <algorithm>

namespace trio6sim::crypto {
namespace {

class ReplayWindowSizes : public ::testing::TestWithParam<uint32_t> {};

TEST_P(ReplayWindowSizes, DuplicatesTooOldAndOutOfOrder) {
  const uint32_t w = GetParam();
  ReplayWindow win(w);
  EXPECT_FALSE(win.check(0)) << "sequence 0 is never valid";
  for (uint64_t s = 1; s <= 3 * w; s += 2) {  // odd numbers arrive first
    ASSERT_TRUE(win.check(s));
    win.update(s);
    EXPECT_FALSE(win.check(s)) << "duplicate " << s;
  }
  const uint64_t top = win.top();
  EXPECT_EQ(top, 3 * w - 1);
  // Even numbers inside the window are late but new: accepted once.
  for (uint64_t s = top - w + 1; s <= top; ++s) {
    if (s % 2 == 0) {
      EXPECT_TRUE(win.check(s)) << s;
      win.update(s);
    }
    EXPECT_FALSE(win.check(s)) << s;
  }
  // Just below the window: too old, whether it was seen or not.
  EXPECT_FALSE(win.check(top - w));
  EXPECT_FALSE(win.check(top - w - 1));
  EXPECT_EQ(win.top(), top) << "late packets never move the window";
  // A jump far ahead clears everything the window slid over.
  win.update(top + 10 * w);
  EXPECT_TRUE(win.check(top + 10 * w - 1));
  EXPECT_FALSE(win.check(top + 9 * w));
  EXPECT_FALSE(win.check(top + 10 * w));
}

TEST_P(ReplayWindowSizes, EsnInferenceAcrossTheLow32BitWrap) {
  const uint32_t w = GetParam();
  const uint64_t top = (uint64_t{7} << 32) + 0xffffffffull - 5;  // 6 below the wrap of epoch 7
  ReplayWindow win(w, top);
  // Low bits just past the wrap belong to epoch 8.
  EXPECT_EQ(win.infer_esn(3), (uint64_t{8} << 32) | 3);
  // Low bits inside the window belong to epoch 7.
  EXPECT_EQ(win.infer_esn(0xffffffffu - 10), (uint64_t{7} << 32) | (0xffffffffu - 10));
  // After the wrap, a late packet from the end of epoch 7 is still placed in epoch 7 (Case B).
  win.update((uint64_t{8} << 32) | 3);
  EXPECT_EQ(win.infer_esn(0xfffffffeu), (uint64_t{7} << 32) | 0xfffffffeu);
  EXPECT_TRUE(win.check((uint64_t{7} << 32) | 0xfffffffeu));
  EXPECT_EQ(win.infer_esn(4), (uint64_t{8} << 32) | 4);
}

INSTANTIATE_TEST_SUITE_P(InlineIpsecWindows, ReplayWindowSizes, ::testing::Values(64u, 1024u, 4096u));

TEST(ReplayWindow, RestartFromSavedTopTreatsTheWindowAsSeen) {
  ReplayWindow win(64, 1000);
  EXPECT_FALSE(win.check(1000));
  EXPECT_FALSE(win.check(990));
  EXPECT_TRUE(win.check(1001));
}

TEST(ReplayWindow, DisabledWindowAcceptsEverythingButZero) {
  ReplayWindow win(0);
  win.update(100);
  EXPECT_TRUE(win.check(100));
  EXPECT_TRUE(win.check(1));
  EXPECT_FALSE(win.check(0));
}

// RFC 4303 A2.2 case B would put these low bits in the epoch before the
// first; there is none, so they are ahead of top in epoch 0 (found by the
// seal-then-open fuzz target: a fresh SA refused a packet sealed at 0xfffffff0).
TEST(ReplayWindow, EsnLowBitsBeforeTheFirstEpochAreAheadInIt) {
  ReplayWindow win(64, 10);
  EXPECT_EQ(win.infer_esn(0xfffffff0u), 0xfffffff0u);
  EXPECT_TRUE(win.check(0xfffffff0u));
  ReplayWindow fresh(64);
  EXPECT_EQ(fresh.infer_esn(0xfffffff0u), 0xfffffff0u);
  EXPECT_TRUE(fresh.check(0xfffffff0u));
}

TEST(ReplayWindow, CandidatesWithAWindowAreTheInferenceAlone) {
  const ReplayWindow win(64, (uint64_t{3} << 32) | 100);
  const auto c = win.candidates(50, true);
  ASSERT_EQ(c.count, 1);
  EXPECT_EQ(c.seq[0], (uint64_t{3} << 32) | 50);
  const auto plain = ReplayWindow(64, 100).candidates(7, false);
  ASSERT_EQ(plain.count, 1);
  EXPECT_EQ(plain.seq[0], 7u);
}

TEST(ReplayWindow, CandidatesWithAntiReplayOffAreTheThreeEpochsAroundTop) {
  const ReplayWindow off(0, (uint64_t{3} << 32) | 100);
  const auto c = off.candidates(0xc0000000u, true);
  ASSERT_EQ(c.count, 3);
  EXPECT_EQ(c.seq[0], (uint64_t{2} << 32) | 0xc0000000u) << "nearest first";
  EXPECT_EQ(c.seq[1], (uint64_t{3} << 32) | 0xc0000000u);
  EXPECT_EQ(c.seq[2], (uint64_t{4} << 32) | 0xc0000000u);
  // In epoch 0 there is no earlier one to try.
  const auto first = ReplayWindow(0, 100).candidates(0xc0000000u, true);
  ASSERT_EQ(first.count, 2);
  EXPECT_EQ(first.seq[0], 0xc0000000u);
  EXPECT_EQ(first.seq[1], (uint64_t{1} << 32) | 0xc0000000u);
  // Without ESN the sequence number is the low bits.
  const auto plain = off.candidates(9, false);
  ASSERT_EQ(plain.count, 1);
  EXPECT_EQ(plain.seq[0], 9u);
}

// Whatever epoch a window of any size infers, anti-replay off tries it too,
// and off checks nothing else: so off accepts a superset.
TEST(ReplayWindow, AntiReplayOffTriesEveryEpochAWindowWouldInfer) {
  uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int i = 0; i < 20000; ++i) {
    const uint64_t top = next() % (uint64_t{5} << 32);
    const auto seq_low = static_cast<uint32_t>(next());
    const auto off = ReplayWindow(0, top).candidates(seq_low, true);
    for (uint32_t w : {1u, 64u, 1024u, 4096u}) {
      const uint64_t inferred = ReplayWindow(w, top).infer_esn(seq_low);
      EXPECT_TRUE(std::find(off.seq.begin(), off.seq.begin() + off.count, inferred) != off.seq.begin() + off.count)
          << "top " << top << " low " << seq_low << " window " << w;
    }
  }
}

TEST(ReplayWindow, RejectsWindowAbove4096) { EXPECT_THROW(ReplayWindow(4097), std::invalid_argument); }

}  // namespace
}  // namespace trio6sim::crypto
