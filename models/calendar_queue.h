// A calendar queue of pending items ordered by simulated time (ps), the one
// structure every block uses instead of an event or process per packet: the
// block keeps ONE sc_event, notified for the earliest pending time, and pops
// every item that is due when it wakes. Items are moved, never copied. Ties
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
    heap_.push_back(Entry{time_ps, seq_++, std::move(item)});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // Time of the earliest item; only when !empty().
  uint64_t next_time() const { return heap_.front().time_ps; }
  // Removes and returns the earliest item; only when !empty().
  T pop() {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    T item = std::move(heap_.back().item);
    heap_.pop_back();
    return item;
  }

 private:
  struct Entry {
    uint64_t time_ps;
    uint64_t seq;
    T item;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.time_ps != b.time_ps ? a.time_ps > b.time_ps : a.seq > b.seq;
    }
  };
  std::vector<Entry> heap_;
  uint64_t seq_ = 0;
};

}  // namespace trio6sim::models
