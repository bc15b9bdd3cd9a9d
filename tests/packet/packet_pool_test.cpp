// The packet pool's size classes: a buffer fits the frame it is asked for,
// with the headroom and tailroom every encapsulation needs; released
// packets are reused within their class.
#include <gtest/gtest.h>

#include "packet/packet.h"

namespace trio6sim {
namespace {

TEST(PacketPool, BufferFitsTheFrameAskedFor) {
  PacketPool pool;
  auto small = pool.acquire(64);
  auto mid = pool.acquire(1500);
  auto jumbo = pool.acquire(9216);
  auto unknown = pool.acquire();
  EXPECT_EQ(small->capacity(), 512u);
  EXPECT_EQ(mid->capacity(), 2048u);
  EXPECT_EQ(jumbo->capacity(), Packet::kDefaultCapacity);
  EXPECT_EQ(unknown->capacity(), Packet::kDefaultCapacity);
  EXPECT_EQ(pool.allocated(), 4u);
  EXPECT_EQ(pool.allocated_bytes(), 512u + 2048u + 2 * Packet::kDefaultCapacity);
}

TEST(PacketPool, EveryClassHoldsItsBytesWithHeadroomAndTailroom) {
  PacketPool pool;
  for (std::size_t bytes : {std::size_t{0}, std::size_t{1}, std::size_t{128}, std::size_t{129}, std::size_t{1664},
                            std::size_t{1665}, PacketPool::kMaxBytes}) {
    auto p = pool.acquire(bytes);
    EXPECT_EQ(p->headroom(), Packet::kDefaultHeadroom) << bytes;
    ASSERT_NE(p->push_back(bytes), nullptr) << bytes;
    EXPECT_GE(p->tailroom(), PacketPool::kTailroom) << bytes;
    EXPECT_NE(p->push_front(Packet::kDefaultHeadroom), nullptr) << bytes;
  }
  // The class boundaries: 128 B is the most a 512 B buffer holds.
  EXPECT_EQ(pool.acquire(128)->capacity(), 512u);
  EXPECT_EQ(pool.acquire(129)->capacity(), 2048u);
  EXPECT_EQ(pool.acquire(PacketPool::kMaxBytes + 1)->capacity(), Packet::kDefaultCapacity);
}

TEST(PacketPool, ReleasedPacketsAreReusedInTheirClass) {
  PacketPool pool;
  Packet* small;
  Packet* big;
  {
    auto a = pool.acquire(64);
    auto b = pool.acquire(4000);
    small = a.get();
    big = b.get();
    a->push_back(10);
  }
  EXPECT_EQ(pool.available(), 2u);
  auto c = pool.acquire(9000);
  auto d = pool.acquire(100);
  EXPECT_EQ(c.get(), big);
  EXPECT_EQ(d.get(), small);
  EXPECT_TRUE(d->empty());  // reset on reuse
  EXPECT_EQ(pool.allocated(), 2u);
  EXPECT_EQ(pool.available(), 0u);
}

}  // namespace
}  // namespace trio6sim
