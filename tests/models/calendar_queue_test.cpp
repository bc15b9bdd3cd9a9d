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
