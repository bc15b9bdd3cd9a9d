// OutputLedger: an interface counts a frame as output when the frame's last
// bit has left the port, not when it enters the egress queue: a congested
// 100G port must never report more than 100 Gbps of output. The egress queue
// knows each frame's departure time when it accepts the frame (departures are
// arithmetic), so the ledger keeps the frames still waiting or serializing,
// per port in departure order, and applies them to the counters when a
// reader or the port looks at a later time (a value computed when read, as a
// VCML timer is, instead of an event per frame). What is still in the ledger
// is queue occupancy, not output.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "forwarding_table.h"
#include "parameters.h"

namespace trio6sim::models {

class OutputLedger {
 public:
  struct Frame {
    uint64_t last_bit_ps;
    IfIndex port_ifl;  // the port's interface
    IfIndex unit_ifl;  // the logical unit the lookup chose (== port_ifl when none)
    uint32_t frame_bytes;
  };
  // Frames of one port are added in departure order (the port serializes).
  void add(int port, const Frame& f) {
    ports_[static_cast<std::size_t>(port)].push_back(f);
    if (f.last_bit_ps < earliest_ps_) earliest_ps_ = f.last_bit_ps;
  }
  // Calls `apply(frame)` for every frame whose last bit has left by `t`.
  template <class Apply>
  void settle(uint64_t t, Apply&& apply) {
    if (t < earliest_ps_) return;  // nothing has left yet: the common case of a read
    earliest_ps_ = UINT64_MAX;
    for (auto& q : ports_) {
      while (!q.empty() && q.front().last_bit_ps <= t) {
        apply(q.front());
        q.pop_front();
      }
      if (!q.empty() && q.front().last_bit_ps < earliest_ps_) earliest_ps_ = q.front().last_bit_ps;
    }
  }
  // Whether one port's ring is full: the port then settles before it adds,
  // so the ring grows only to the longest its egress queue has been.
  bool full(int port) const { return ports_[static_cast<std::size_t>(port)].full(); }
  // The same for one port only (what the port itself does when it accepts
  // a frame, so the ledger stays as short as the queue).
  template <class Apply>
  void settle_port(int port, uint64_t t, Apply&& apply) {
    auto& q = ports_[static_cast<std::size_t>(port)];
    while (!q.empty() && q.front().last_bit_ps <= t) {
      apply(q.front());
      q.pop_front();
    }
  }
  // Frames accepted by the egress queues that have not left yet.
  std::size_t pending() const {
    std::size_t n = 0;
    for (const auto& q : ports_) n += q.size();
    return n;
  }

 private:
  // One port's frames in departure order: a ring (its size a power of two)
  // that steady traffic keeps reusing; a deque cost 3x more per frame.
  class Fifo {
   public:
    bool empty() const { return size_ == 0; }
    bool full() const { return size_ == ring_.size(); }
    std::size_t size() const { return size_; }
    const Frame& front() const { return ring_[head_]; }
    void pop_front() {
      head_ = (head_ + 1) & (ring_.size() - 1);
      --size_;
    }
    void push_back(const Frame& f) {
      if (size_ == ring_.size()) grow();
      ring_[(head_ + size_) & (ring_.size() - 1)] = f;
      ++size_;
    }

   private:
    void grow() {  // doubles, unrolled so that the FIFO starts at 0
      std::vector<Frame> bigger(ring_.empty() ? 64 : ring_.size() * 2);
      for (std::size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
      ring_ = std::move(bigger);
      head_ = 0;
    }
    std::vector<Frame> ring_;
    std::size_t head_ = 0;
    std::size_t size_ = 0;
  };
  std::array<Fifo, kPortsPerChip> ports_;
  uint64_t earliest_ps_ = UINT64_MAX;
};

}  // namespace trio6sim::models
