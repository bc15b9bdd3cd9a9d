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
#include <deque>

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
  std::array<std::deque<Frame>, kPortsPerChip> ports_;
  uint64_t earliest_ps_ = UINT64_MAX;
};

}  // namespace trio6sim::models
