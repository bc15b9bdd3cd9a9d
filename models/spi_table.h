// SpiTable: SPI -> SA id for the IPsec engine's inbound lookup, one flat
// open-addressing table (linear probing, at most half full) instead of a
// node-based hash map: at 2,000 tunnels a packet's SPI then costs one cache
// line, not a bucket and a node. Deletion shifts the following entries back
// (no tombstones), so lookups never slow down as SAs come and go (rekeying).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace trio6sim::models {

class SpiTable {
 public:
  std::optional<uint32_t> find(uint32_t spi) const {
    if (slots_.empty()) return std::nullopt;
    for (std::size_t i = home(spi);; i = (i + 1) & mask()) {
      const Slot& s = slots_[i];
      if (!s.used) return std::nullopt;
      if (s.spi == spi) return s.sa_id;
    }
  }
  bool contains(uint32_t spi) const { return find(spi).has_value(); }

  // Inserts or replaces.
  void insert(uint32_t spi, uint32_t sa_id) {
    if (2 * (count_ + 1) > slots_.size()) grow();
    for (std::size_t i = home(spi);; i = (i + 1) & mask()) {
      Slot& s = slots_[i];
      if (!s.used) {
        s = {spi, sa_id, true};
        ++count_;
        return;
      }
      if (s.spi == spi) {
        s.sa_id = sa_id;
        return;
      }
    }
  }

  // Returns whether `spi` was present.
  bool erase(uint32_t spi) {
    if (slots_.empty()) return false;
    std::size_t i = home(spi);
    for (;; i = (i + 1) & mask()) {
      if (!slots_[i].used) return false;
      if (slots_[i].spi == spi) break;
    }
    // Backward-shift deletion: move later entries of the run into the hole
    // when the hole lies between their home and where they sit.
    for (std::size_t j = (i + 1) & mask();; j = (j + 1) & mask()) {
      if (!slots_[j].used) break;
      const std::size_t h = home(slots_[j].spi);
      const bool movable = i <= j ? (h <= i || h > j) : (h <= i && h > j);
      if (movable) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i].used = false;
    --count_;
    return true;
  }

  std::size_t size() const { return count_; }

 private:
  struct Slot {
    uint32_t spi = 0;
    uint32_t sa_id = 0;
    bool used = false;
  };
  std::size_t mask() const { return slots_.size() - 1; }
  // Fibonacci hashing: SPIs are random, but a peer may hand out sequential ones.
  std::size_t home(uint32_t spi) const { return (uint64_t{spi} * 0x9e3779b97f4a7c15ull) >> shift_; }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    const std::size_t capacity = old.empty() ? 16 : old.size() * 2;
    slots_.assign(capacity, Slot{});
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;
    count_ = 0;
    for (const Slot& s : old)
      if (s.used) insert(s.spi, s.sa_id);
  }

  std::vector<Slot> slots_;
  std::size_t count_ = 0;
  int shift_ = 64;
};

}  // namespace trio6sim::models
