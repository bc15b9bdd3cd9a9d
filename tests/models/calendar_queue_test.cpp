#include "models/calendar_queue.h"

#include <gtest/gtest.h>

#include <memory>

namespace trio6sim::models {
namespace {

TEST(CalendarQueue, PopsInTimeOrderAndKeepsFifoForTies) {
  CalendarQueue<std::unique_ptr<int>> q;  // move-only items
  q.push(30, std::make_unique<int>(3));
  q.push(10, std::make_unique<int>(1));
  q.push(20, std::make_unique<int>(20));
  q.push(20, std::make_unique<int>(21));
  q.push(20, std::make_unique<int>(22));
  ASSERT_EQ(q.size(), 5u);
  EXPECT_EQ(q.next_time(), 10u);
  EXPECT_EQ(*q.pop(), 1);
  EXPECT_EQ(*q.pop(), 20);
  EXPECT_EQ(*q.pop(), 21);
  EXPECT_EQ(*q.pop(), 22);
  EXPECT_EQ(q.next_time(), 30u);
  EXPECT_EQ(*q.pop(), 3);
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace trio6sim::models

#include <map>
#include <random>

namespace trio6sim::models {
namespace {

// Mostly in-order pushes (the in-order run) mixed with late ones (the heap),
// interleaved with pops: the order is always (time, insertion).
TEST(CalendarQueue, MixedOrderMatchesAReferenceOrder) {
  CalendarQueue<int> q;
  std::multimap<std::pair<uint64_t, int>, int> reference;  // (time, seq) -> value
  std::mt19937_64 rng(7);
  uint64_t t = 0;
  int seq = 0;
  for (int step = 0; step < 20000; ++step) {
    if (rng() % 3 != 0) {
      const uint64_t at = rng() % 5 == 0 ? t - std::min<uint64_t>(t, rng() % 50) : (t += rng() % 10);
      q.push(at, seq);
      reference.emplace(std::make_pair(at, seq), seq);
      ++seq;
    } else if (!q.empty()) {
      ASSERT_EQ(q.next_time(), reference.begin()->first.first);
      ASSERT_EQ(q.pop(), reference.begin()->second);
      reference.erase(reference.begin());
    }
  }
  while (!q.empty()) {
    ASSERT_EQ(q.pop(), reference.begin()->second);
    reference.erase(reference.begin());
  }
  EXPECT_TRUE(reference.empty());
}

}  // namespace
}  // namespace trio6sim::models

namespace trio6sim::models {
namespace {

// Items due at the same time leave by their tie key whatever the order they
// came in (the model's rule for simultaneous jobs), then by insertion.
TEST(CalendarQueue, SimultaneousItemsLeaveByTieKeyNotInsertion) {
  for (int order = 0; order < 2; ++order) {
    CalendarQueue<int> q;
    const int ties[] = {5, 1, 3};
    for (int k = 0; k < 3; ++k) {
      const int t = ties[order == 0 ? k : 2 - k];
      q.push(100, static_cast<uint64_t>(t), int{t});
    }
    q.push(100, 3, 33);  // same time and tie: after the first 3
    q.push(50, 9, 9);    // earlier time first, whatever its tie
    EXPECT_EQ(q.pop(), 9);
    EXPECT_EQ(q.pop(), 1);
    EXPECT_EQ(q.pop(), 3);
    EXPECT_EQ(q.pop(), 33);
    EXPECT_EQ(q.pop(), 5);
    EXPECT_TRUE(q.empty());
  }
}

}  // namespace
}  // namespace trio6sim::models
