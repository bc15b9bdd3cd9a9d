// A calendar queue of pending items ordered by simulated time (ps), the one
// structure every block uses instead of an event or process per packet: the
// block keeps ONE sc_event, notified for the earliest pending time, and pops
// every item that is due when it wakes. Items are moved in once and out once
// (they sit in a slab; the order is kept on small trivially copyable keys).
// Most blocks receive jobs almost in time order, so keys that come in order
// go to a FIFO run (O(1)) and only the others to a heap. Ties keep insertion
// order (FIFO), so simultaneous packets are deterministic.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace trio6sim::models {

template <class T>
class CalendarQueue {
 public:
  void push(uint64_t time_ps, const T& item) { push(time_ps, T(item)); }
  void push(uint64_t time_ps, T&& item) {
    uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<uint32_t>(slab_.size());
      slab_.push_back(std::move(item));
    } else {
      slot = free_.back();
      free_.pop_back();
      slab_[slot] = std::move(item);
    }
    const Key k{time_ps, seq_++, slot};
    if (run_head_ == run_.size() || run_.back().time_ps <= time_ps) {
      if (run_head_ == run_.size()) {
        run_.clear();
        run_head_ = 0;
      }
      run_.push_back(k);
    } else {
      heap_.push_back(k);
      std::push_heap(heap_.begin(), heap_.end(), Later{});
    }
  }
  bool empty() const { return heap_.empty() && run_head_ == run_.size(); }
  std::size_t size() const { return heap_.size() + run_.size() - run_head_; }
  // Time of the earliest item; only when !empty().
  uint64_t next_time() const { return from_run() ? run_[run_head_].time_ps : heap_.front().time_ps; }
  // Removes and returns the earliest item; only when !empty().
  T pop() {
    uint32_t slot;
    if (from_run()) {
      slot = run_[run_head_++].slot;
      // Drop the consumed prefix now and then, so that a run that never
      // empties (steady traffic) does not grow without bound.
      if (run_head_ >= 4096 && run_head_ * 2 >= run_.size()) {
        run_.erase(run_.begin(), run_.begin() + static_cast<std::ptrdiff_t>(run_head_));
        run_head_ = 0;
      }
    } else {
      std::pop_heap(heap_.begin(), heap_.end(), Later{});
      slot = heap_.back().slot;
      heap_.pop_back();
    }
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
  // Whether the earliest item is the head of the in-order run.
  bool from_run() const {
    if (run_head_ == run_.size()) return false;
    if (heap_.empty()) return true;
    return !Later{}(run_[run_head_], heap_.front());
  }
  std::vector<Key> heap_;
  std::vector<Key> run_;  // keys pushed in time order, consumed from run_head_
  std::size_t run_head_ = 0;
  std::vector<T> slab_;
  std::vector<uint32_t> free_;
  uint64_t seq_ = 0;
};

}  // namespace trio6sim::models
