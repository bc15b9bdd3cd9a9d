// SpiTable against std::unordered_map under random inserts, replacements and
// erases (the backward-shift deletion is where an open-addressing table goes
// wrong: an entry left unreachable behind a hole).
#include <gtest/gtest.h>

#include <random>
#include <unordered_map>

#include "models/spi_table.h"

namespace trio6sim::models {
namespace {

TEST(SpiTable, AgreesWithAHashMapThroughInsertsAndErases) {
  std::mt19937_64 rng(7);
  SpiTable table;
  std::unordered_map<uint32_t, uint32_t> reference;
  // A small key space, so that runs collide and erases hit them.
  for (int step = 0; step < 200000; ++step) {
    const uint32_t spi = static_cast<uint32_t>(rng() % 3000);
    const uint32_t op = static_cast<uint32_t>(rng() % 3);
    if (op < 2) {
      table.insert(spi, static_cast<uint32_t>(step));
      reference[spi] = static_cast<uint32_t>(step);
    } else {
      EXPECT_EQ(table.erase(spi), reference.erase(spi) == 1);
    }
    if (step % 1000 == 0) {
      ASSERT_EQ(table.size(), reference.size());
      for (uint32_t k = 0; k < 3000; ++k) {
        auto it = reference.find(k);
        const auto found = table.find(k);
        ASSERT_EQ(found.has_value(), it != reference.end()) << "spi " << k << " at step " << step;
        if (found) {
          ASSERT_EQ(*found, it->second);
        }
      }
    }
  }
}

TEST(SpiTable, EmptyAndSequentialSpis) {
  SpiTable table;
  EXPECT_FALSE(table.find(1));
  EXPECT_FALSE(table.erase(1));
  for (uint32_t spi = 256; spi < 256 + 4000; ++spi) table.insert(spi, spi * 2);
  EXPECT_EQ(table.size(), 4000u);
  for (uint32_t spi = 256; spi < 256 + 4000; spi += 2) EXPECT_TRUE(table.erase(spi));
  for (uint32_t spi = 256; spi < 256 + 4000; ++spi) {
    const auto found = table.find(spi);
    EXPECT_EQ(found.has_value(), spi % 2 == 1);
    if (found) {
      EXPECT_EQ(*found, spi * 2);
    }
  }
}

}  // namespace
}  // namespace trio6sim::models
