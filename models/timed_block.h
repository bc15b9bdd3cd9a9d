// The base of every calendar-driven block: one SC_METHOD, one sc_event and a
// calendar queue of pending jobs. accept() files a job for a (present or
// future) time and re-arms the event only when the new job is the earliest;
// when the event fires the block handles every job that is due, in time
// order, then arms the event for the next one. A block with nothing pending
// is never activated, so simulation cost grows with packets, not cycles.
//
// Lookahead (as in conservative parallel discrete-event simulation): when
// every block that feeds this one stamps its jobs at least L ps after the
// simulation's time, no job earlier than now + L can still arrive, so the
// block, woken for its earliest job, handles every job up to now + L in one
// activation. handle() always gets the job's own time. A block whose inputs
// give no such bound keeps L = 0 (one activation per distinct job time).
#pragma once

#include <cstdint>
#include <limits>
#include <systemc>

#include "calendar_queue.h"
#include "job.h"

namespace trio6sim::models {

// What sc_time_stamp() returns, read through the inline accessors: the
// library function is a call per use, several per packet.
inline uint64_t now_ps() { return sc_core::sc_get_curr_simcontext()->time_stamp().value(); }

// The order of jobs due at the same picosecond: by traffic stream, then by
// packet id (both set by the generator, so the order is the model's and not
// the order in which SystemC happened to run the producers). Ids are below
// 2^40 (a trillion packets per stream).
inline uint64_t tie_key(const Job& job) {
  if (!job.packet) return 0;
  const PacketMeta& m = job.packet->meta;
  return (uint64_t{m.stream_id} << 40) | (m.id & ((uint64_t{1} << 40) - 1));
}

class TimedBlock : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(TimedBlock);
  explicit TimedBlock(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    SC_METHOD(wake);
    sensitive << event_;
    dont_initialize();
  }

  // Files `job` to be handled at `at_ps` (never earlier than now).
  void accept(Job&& job, uint64_t at_ps) {
    const uint64_t now = now_ps();
    if (at_ps < now) at_ps = now;
    pending_.push(at_ps, tie_key(job), std::move(job));
    const uint64_t wake = at_ps > now + lead_ps_ ? at_ps - lead_ps_ : now;
    if (wake < armed_ps_) {
      armed_ps_ = wake;
      event_.notify(sc_core::sc_time::from_value(wake - now));
    }
  }
  std::size_t pending() const { return pending_.size(); }
  // lookahead: the guaranteed minimum delay of every producer feeding this
  // block. lead (<= lookahead): how long before its earliest job the block
  // wakes; every job it hands on is then stamped at least `lead` after the
  // simulation's time, which is the lookahead it gives its consumers.
  void set_lookahead_ps(uint64_t lookahead, uint64_t lead = 0) {
    lookahead_ps_ = lookahead;
    lead_ps_ = lead < lookahead ? lead : lookahead;
  }
  uint64_t lookahead_ps() const { return lookahead_ps_; }

 protected:
  // Called once per job, in time order, with the job's time (at most the
  // lookahead ahead of the simulation's time).
  virtual void handle(Job&& job, uint64_t now) = 0;

 private:
  void wake() {
    const uint64_t now = now_ps();
    armed_ps_ = std::numeric_limits<uint64_t>::max();
    const uint64_t horizon = now + lookahead_ps_;
    uint64_t t;
    while (pending_.pop_due(horizon, t, due_)) {
      if (due_.packet) due_.packet->settle();  // bytes a worker still writes (packet/pending_write.h)
      handle(std::move(due_), t);
      due_.packet.reset();  // a packet the handler kept goes back to the pool now, as a temporary's would
    }
    // Wake `lead` before the earliest item left (past the horizon), and
    // handle from then on everything up to a lookahead later.
    if (!pending_.empty()) {
      const uint64_t t = pending_.next_time();
      const uint64_t wake = t > now + lead_ps_ ? t - lead_ps_ : now;
      if (wake < armed_ps_) {
        armed_ps_ = wake;
        event_.notify(sc_core::sc_time::from_value(wake - now));
      }
    }
  }

  CalendarQueue<Job> pending_;
  Job due_;  // the job being handled, moved out of the queue
  sc_core::sc_event event_;
  uint64_t armed_ps_ = std::numeric_limits<uint64_t>::max();
  uint64_t lookahead_ps_ = 0;
  uint64_t lead_ps_ = 0;
};

}  // namespace trio6sim::models
