// Anti-replay per RFC 4303 section 3.4.3 and Appendix A, for the window sizes
// inline IPsec accepts (up to 4,096 [T]).
#include <gtest/gtest.h>

#include "crypto/replay_window.h"

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
  EXPECT_EQ(win.infer_esn(3).value(), (uint64_t{8} << 32) | 3);
  // Low bits inside the window belong to epoch 7.
  EXPECT_EQ(win.infer_esn(0xffffffffu - 10).value(), (uint64_t{7} << 32) | (0xffffffffu - 10));
  // After the wrap, a late packet from the end of epoch 7 is still placed in epoch 7 (Case B).
  win.update((uint64_t{8} << 32) | 3);
  EXPECT_EQ(win.infer_esn(0xfffffffeu).value(), (uint64_t{7} << 32) | 0xfffffffeu);
  EXPECT_TRUE(win.check((uint64_t{7} << 32) | 0xfffffffeu));
  EXPECT_EQ(win.infer_esn(4).value(), (uint64_t{8} << 32) | 4);
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

TEST(ReplayWindow, EsnBeforeTheFirstEpochIsRefused) {
  ReplayWindow win(64, 10);
  EXPECT_FALSE(win.infer_esn(0xfffffff0u).has_value());
}

TEST(ReplayWindow, RejectsWindowAbove4096) { EXPECT_THROW(ReplayWindow(4097), std::invalid_argument); }

}  // namespace
}  // namespace trio6sim::crypto
