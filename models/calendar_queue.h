// A calendar queue of pending items ordered by simulated time (ps), the one
// structure every block uses instead of an event or process per packet: the
// block keeps ONE sc_event, notified for the earliest pending time, and pops
// every item that is due when it wakes. Items are moved in once and out once
// (they sit in a slab; the heap orders small trivially copyable keys). Ties
// keep insertion order (FIFO), so simultaneous packets are deterministic.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace trio6sim::models {

template <class T>
class CalendarQueue {
 public:
  void push(uint64_t time_ps, T item) {
    uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<uint32_t>(slab_.size());
      slab_.push_back(std::move(item));
    } else {
      slot = free_.back();
      free_.pop_back();
      slab_[slot] = std::move(item);
    }
    heap_.push_back(Key{time_ps, seq_++, slot});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // Time of the earliest item; only when !empty().
  uint64_t next_time() const { return heap_.front().time_ps; }
  // Removes and returns the earliest item; only when !empty().
  T pop() {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const uint32_t slot = heap_.back().slot;
    heap_.pop_back();
    free_.push_back(slot);
    return std::move(slab_[slot]);
  }

 private:
  struct Key {
    uint64_t time_ps;
    uint64_t seq;
    uint32_t slot;
  };
  struct Later {
    bool operator()(const Key& a, const Key& b) const {
      return a.time_ps != b.time_ps ? a.time_ps > b.time_ps : a.seq > b.seq;
    }
  };
  std::vector<Key> heap_;
  std::vector<T> slab_;
  std::vector<uint32_t> free_;
  uint64_t seq_ = 0;
};

}  // namespace trio6sim::models
