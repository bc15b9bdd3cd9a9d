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
    if (run_size_ == 0 || run_back().time_ps <= time_ps) {
      if (run_size_ == run_.size()) grow_run();
      run_[(run_head_ + run_size_) & (run_.size() - 1)] = k;
      ++run_size_;
    } else {
      heap_.push_back(k);
      std::push_heap(heap_.begin(), heap_.end(), Later{});
    }
  }
  bool empty() const { return heap_.empty() && run_size_ == 0; }
  std::size_t size() const { return heap_.size() + run_size_; }
  // Time of the earliest item; only when !empty().
  uint64_t next_time() const { return from_run() ? run_[run_head_].time_ps : heap_.front().time_ps; }
  // Removes and returns the earliest item; only when !empty().
  T pop() {
    uint32_t slot;
    if (from_run()) {
      slot = run_[run_head_].slot;
      run_head_ = (run_head_ + 1) & (run_.size() - 1);
      --run_size_;
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
    if (run_size_ == 0) return false;
    if (heap_.empty()) return true;
    return !Later{}(run_[run_head_], heap_.front());
  }
  const Key& run_back() const { return run_[(run_head_ + run_size_ - 1) & (run_.size() - 1)]; }
  // Doubles the ring, unrolling it so that the run starts at index 0.
  void grow_run() {
    std::vector<Key> bigger(run_.empty() ? 64 : run_.size() * 2);
    for (std::size_t i = 0; i < run_size_; ++i) bigger[i] = run_[(run_head_ + i) & (run_.size() - 1)];
    run_ = std::move(bigger);
    run_head_ = 0;
  }
  std::vector<Key> heap_;
  // Keys pushed in time order: a ring (size a power of two) of run_size_ keys
  // from run_head_. A ring, not a vector consumed from the front, so steady
  // traffic reuses the same few cache lines instead of streaming through
  // fresh memory until an occasional erase.
  std::vector<Key> run_;
  std::size_t run_head_ = 0;
  std::size_t run_size_ = 0;
  std::vector<T> slab_;
  std::vector<uint32_t> free_;
  uint64_t seq_ = 0;
};

}  // namespace trio6sim::models
