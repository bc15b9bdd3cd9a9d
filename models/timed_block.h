// The base of every calendar-driven block: one SC_METHOD, one sc_event and a
// calendar queue of pending jobs. accept() files a job for a (present or
// future) time and re-arms the event only when the new job is the earliest;
// when the event fires the block handles every job that is due, in time
// order, then arms the event for the next one. A block with nothing pending
// is never activated, so simulation cost grows with packets, not cycles.
#pragma once

#include <cstdint>
#include <limits>
#include <systemc>

#include "calendar_queue.h"
#include "job.h"

namespace trio6sim::models {

inline uint64_t now_ps() { return sc_core::sc_time_stamp().value(); }

class TimedBlock : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(TimedBlock);
  explicit TimedBlock(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_METHOD(wake);
    sensitive << event_;
    dont_initialize();
  }

  // Files `job` to be handled at `at_ps` (never earlier than now).
  void accept(Job job, uint64_t at_ps) {
    const uint64_t now = now_ps();
    if (at_ps < now) at_ps = now;
    pending_.push(at_ps, std::move(job));
    if (at_ps < armed_ps_) {
      armed_ps_ = at_ps;
      event_.notify(sc_core::sc_time::from_value(at_ps - now));
    }
  }
  std::size_t pending() const { return pending_.size(); }

 protected:
  // Called once per job, at the job's time, in time order.
  virtual void handle(Job job, uint64_t now) = 0;

 private:
  void wake() {
    const uint64_t now = now_ps();
    armed_ps_ = std::numeric_limits<uint64_t>::max();
    while (!pending_.empty() && pending_.next_time() <= now) handle(pending_.pop(), now);
    if (!pending_.empty() && pending_.next_time() < armed_ps_) {
      armed_ps_ = pending_.next_time();
      event_.notify(sc_core::sc_time::from_value(armed_ps_ - now));
    }
  }

  CalendarQueue<Job> pending_;
  sc_core::sc_event event_;
  uint64_t armed_ps_ = std::numeric_limits<uint64_t>::max();
};

}  // namespace trio6sim::models
