// A calendar queue of pending items ordered by simulated time (ps), the one
// structure every block uses instead of an event or process per packet: the
// block keeps ONE sc_event, notified for the earliest pending time, and pops
// every item that is due when it wakes. Items are moved in once and out once.
// Most blocks receive jobs from one or two producers, each almost in time
// order, so an item that comes in order for one of two FIFO runs is kept in
// that run's ring (O(1), no indirection) and only the others go to a heap
// (the items in a slab, the heap on small trivially copyable keys).
//
// Items due at the same picosecond are ordered by a tie key the caller gives
// (the model's rule: a block orders simultaneous jobs by stream and packet
// id), then by insertion. Insertion order alone would follow SystemC's
// process order, which any extra process (a VCD sampler, a progress tick)
// can change; the tie key makes the order a property of the model.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace trio6sim::models {

template <class T>
class CalendarQueue {
 public:
  void push(uint64_t time_ps, const T& item) { push(time_ps, 0, T(item)); }
  void push(uint64_t time_ps, T&& item) { push(time_ps, 0, std::move(item)); }
  // The in-order case inline at the caller (a compare and a store); the
  // heap out of line. Order: (time_ps, tie, insertion).
  [[gnu::always_inline]] void push(uint64_t time_ps, uint64_t tie, T&& item) {
    const uint64_t seq = seq_++;
    for (Run& r : runs_) {
      if (r.size == 0 || r.back().time_ps < time_ps || (r.back().time_ps == time_ps && r.back().tie <= tie)) {
        r.push_back(time_ps, tie, seq, std::move(item));
        return;
      }
    }
    push_heap(time_ps, tie, seq, std::move(item));
  }
  bool empty() const { return heap_.empty() && runs_[0].size == 0 && runs_[1].size == 0; }
  std::size_t size() const { return heap_.size() + runs_[0].size + runs_[1].size; }
  // Time of the earliest item; only when !empty().
  uint64_t next_time() const {
    const int s = source();
    return s == kHeap ? heap_.front().time_ps : runs_[s].front().time_ps;
  }
  // When the earliest item is due by `horizon`: moves it to `item`, its time
  // to `time`, and returns true (one search for both, as a block's loop
  // needs them).
  bool pop_due(uint64_t horizon, uint64_t& time, T& item) {
    const int s = source();
    if (s != kHeap) {
      if (runs_[s].front().time_ps > horizon) return false;
      time = runs_[s].front().time_ps;
      runs_[s].pop_front(item);  // moved straight into `item`, not through a temporary
      return true;
    }
    if (heap_.empty() || heap_.front().time_ps > horizon) return false;
    time = heap_.front().time_ps;
    item = pop();
    return true;
  }
  // Removes and returns the earliest item; only when !empty().
  T pop() {
    const int s = source();
    if (s != kHeap) return runs_[s].pop_front();
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const uint32_t slot = heap_.back().slot;
    heap_.pop_back();
    free_.push_back(slot);
    return std::move(slab_[slot]);
  }

 private:
  struct Key {
    uint64_t time_ps;
    uint64_t tie;
    uint64_t seq;
    uint32_t slot;
  };
  struct Later {
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      if (a.time_ps != b.time_ps) return a.time_ps > b.time_ps;
      return a.tie != b.tie ? a.tie > b.tie : a.seq > b.seq;
    }
  };
  struct Entry {
    uint64_t time_ps = 0;
    uint64_t tie = 0;
    uint64_t seq = 0;
    T item{};
  };
  // Items pushed in time order, kept in place: a ring (size a power of two)
  // of `size` entries from `head`. A ring, not a vector consumed from the
  // front, so steady traffic reuses the same few cache lines.
  struct Run {
    std::vector<Entry> ring;
    std::size_t head = 0;
    std::size_t size = 0;
    const Entry& front() const { return ring[head]; }
    const Entry& back() const { return ring[(head + size - 1) & (ring.size() - 1)]; }
    [[gnu::always_inline]] void push_back(uint64_t time_ps, uint64_t tie, uint64_t seq, T&& item) {
      if (size == ring.size()) [[unlikely]]
        grow();
      Entry& e = ring[(head + size) & (ring.size() - 1)];
      e.time_ps = time_ps;
      e.tie = tie;
      e.seq = seq;
      e.item = std::move(item);
      ++size;
    }
    T pop_front() {
      T item;
      pop_front(item);
      return item;
    }
    void pop_front(T& item) {
      Entry& e = ring[head];
      head = (head + 1) & (ring.size() - 1);
      --size;
      item = std::move(e.item);
    }
    // Doubles the ring, unrolling it so that the run starts at index 0.
    [[gnu::noinline]] void grow() {
      std::vector<Entry> bigger(ring.empty() ? 64 : ring.size() * 2);
      for (std::size_t i = 0; i < size; ++i) bigger[i] = std::move(ring[(head + i) & (ring.size() - 1)]);
      ring = std::move(bigger);
      head = 0;
    }
  };
  [[gnu::noinline]] void push_heap(uint64_t time_ps, uint64_t tie, uint64_t seq, T&& item) {
    uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<uint32_t>(slab_.size());
      slab_.push_back(std::move(item));
    } else {
      slot = free_.back();
      free_.pop_back();
      slab_[slot] = std::move(item);
    }
    heap_.push_back(Key{time_ps, tie, seq, slot});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  static constexpr int kHeap = 2;
  // Where the earliest item is: run 0, run 1 or the heap (the order is the
  // one a single queue sorted by (time, tie, insertion) gives).
  int source() const {
    if (runs_[1].size == 0 && heap_.empty()) return runs_[0].size != 0 ? 0 : kHeap;  // the common case
    int s = kHeap;
    const Entry* best = nullptr;
    for (int i = 0; i < 2; ++i) {
      if (runs_[i].size == 0) continue;
      const Entry& e = runs_[i].front();
      if (!best || Later{}(*best, e)) {
        best = &e;
        s = i;
      }
    }
    if (best && !heap_.empty() && Later{}(*best, heap_.front())) s = kHeap;
    return s;
  }
  // Most blocks are fed by one or two producers, each in time order (a
  // block's own input, and a loopback or a second block): each such stream
  // goes to a run of its own in O(1); only the rest go to the heap, whose
  // items sit in a slab (the heap orders small trivially copyable keys).
  Run runs_[2];
  std::vector<Key> heap_;
  std::vector<T> slab_;
  std::vector<uint32_t> free_;
  uint64_t seq_ = 0;
};

}  // namespace trio6sim::models
