// The protocol between the chip's blocks: TLM-2.0 sockets whose payload is
// the Job (the packet, pooled and moved, plus what the chip keeps beside it),
// in the manner of SCC's tlm_network_payload and VCML's eth protocol: TLM's
// sockets and binding, a payload of our own.
//
//   forward call   b_transport(Job& job, sc_time& delay): the only call. The
//                  target takes the job (moves it out: the caller's Job is
//                  empty afterwards) and owns the packet from then on.
//   delay          the annotated delay is the job's arrival time at the
//                  target, relative to the simulation's time (TLM's temporal
//                  decoupling): a block hands jobs on ahead of time, and the
//                  lookahead batching of timed_block.h stays intact.
//   refusal        a target that cannot take a job drops it itself, with a
//                  drop cause (Trio6::drop), counted where it happens: tail
//                  drop is the back-pressure of a packet engine; there is no
//                  retry and no backward call.
//   backward path  unused (no nb_transport, no DMI, no debug transport).
//   direct path    the analogue of TLM's DMI for this protocol: when the
//                  target bound at the far end of an initiator socket is one
//                  of these JobTargetSockets, the initiator finds it once and
//                  hands it jobs with their absolute arrival time, skipping
//                  the sc_time round trip; anything else bound (a tlm_utils
//                  socket of the user's) gets b_transport. Same semantics,
//                  a fifth less simulation work per packet.
//
// JobInitiatorSocket and JobTargetSocket derive from TLM's own
// tlm_initiator_socket / tlm_target_socket over JobProtocol, so they bind to
// tlm_utils' simple and passthrough sockets over JobProtocol, and to the
// hierarchical JobInitiatorPort / JobTargetPort a level passes through.
#pragma once

#include <cstdint>
#include <type_traits>
#include <systemc>
#include <tlm>

#include "job.h"
#include "timed_block.h"

namespace trio6sim::models {

struct JobProtocol {
  using tlm_payload_type = Job;
  using tlm_phase_type = tlm::tlm_phase;
};

using JobForwardIf = tlm::tlm_fw_transport_if<JobProtocol>;
using JobBackwardIf = tlm::tlm_bw_transport_if<JobProtocol>;

// The direct path: a function and its object that take a job arriving at
// `at_ps` (absolute). A target socket offers one beside its forward
// interface; the initiator finds it once and calls it with no virtual call
// and no sc_time in between.
class DirectJobTarget {
 public:
  using Fn = void (*)(void* object, Job&& job, uint64_t at_ps);
  Fn direct_fn = nullptr;
  void* direct_object = nullptr;

 protected:
  virtual ~DirectJobTarget() = default;  // polymorphic, so an initiator can find it by dynamic_cast
};

// A block's input. The module registers the member that takes its jobs, as
// a template argument (so the direct path calls it directly):
//   in.register_take<&Block::accept>(this)        void accept(Job&&, uint64_t at_ps)
//   rx[i].register_take<&Block::frame_in>(this, i) void frame_in(int tag, Job&&, uint64_t at_ps)
template <class Module, sc_core::sc_port_policy POL = sc_core::SC_ONE_OR_MORE_BOUND>
class JobTargetSocket : public tlm::tlm_target_socket<0, JobProtocol, 1, POL> {
 public:
  explicit JobTargetSocket(const char* name = sc_core::sc_gen_unique_name("job_target"))
      : tlm::tlm_target_socket<0, JobProtocol, 1, POL>(name) {
    this->get_base_export().bind(process_);
  }
  template <auto Take>  // void (Module::*)(Job&&, uint64_t), or a base's
  void register_take(Module* module) {
    module_ = module;
    process_.direct_object = module;
    process_.direct_fn = [](void* m, Job&& job, uint64_t at_ps) { (static_cast<Module*>(m)->*Take)(std::move(job), at_ps); };
  }
  template <auto Take>  // void (Module::*)(int, Job&&, uint64_t)
  void register_take(Module* module, int tag) {
    module_ = module;
    tag_ = tag;
    process_.direct_object = this;
    process_.direct_fn = [](void* self, Job&& job, uint64_t at_ps) {
      auto* socket = static_cast<JobTargetSocket*>(self);
      (socket->module_->*Take)(socket->tag_, std::move(job), at_ps);
    };
  }

 private:
  // What the export offers: the forward interface and the direct path (a
  // member, as tlm_utils' sockets have, so that the socket itself stays
  // only a socket for the binding rules).
  class Process final : public DirectJobTarget, public JobForwardIf {
   public:
    void b_transport(Job& job, sc_core::sc_time& delay) override {
      direct_fn(direct_object, std::move(job), now_ps() + delay.value());
    }
    tlm::tlm_sync_enum nb_transport_fw(Job&, tlm::tlm_phase&, sc_core::sc_time&) override {
      SC_REPORT_ERROR("trio6sim/job_socket", "the job protocol has no nb_transport: use b_transport");
      return tlm::TLM_COMPLETED;
    }
    bool get_direct_mem_ptr(Job&, tlm::tlm_dmi&) override { return false; }
    unsigned int transport_dbg(Job&) override { return 0; }
  };

  Process process_;
  Module* module_ = nullptr;
  int tag_ = 0;
};

// A block's output. send() hands a job to whatever is bound, by the direct
// path when the far end is a JobTargetSocket, else by b_transport.
template <sc_core::sc_port_policy POL = sc_core::SC_ONE_OR_MORE_BOUND>
class BasicJobInitiatorSocket : public tlm::tlm_initiator_socket<0, JobProtocol, 1, POL> {
 public:
  explicit BasicJobInitiatorSocket(const char* name = sc_core::sc_gen_unique_name("job_initiator"))
      : tlm::tlm_initiator_socket<0, JobProtocol, 1, POL>(name) {
    this->get_base_export().bind(backward_);
  }

  // Hands `job` on, arriving at `at_ps` (absolute, never earlier than now).
  void send(Job&& job, uint64_t at_ps) {
    if (direct_fn_) [[likely]] {
      direct_fn_(direct_object_, std::move(job), at_ps);
      return;
    }
    if (!resolved_) {
      resolve();
      if (direct_fn_) {
        direct_fn_(direct_object_, std::move(job), at_ps);
        return;
      }
    }
    if (job.packet) job.packet->settle();  // a user's block may read the bytes at once (packet/pending_write.h)
    const uint64_t now = now_ps();
    sc_core::sc_time delay = sc_core::sc_time::from_value(at_ps > now ? at_ps - now : 0);
    (*this)->b_transport(job, delay);
  }
  // Something is bound (known once elaboration has ended).
  bool bound() const { return this->get_base_port().size() > 0; }

 private:
  class Backward final : public JobBackwardIf {
    tlm::tlm_sync_enum nb_transport_bw(Job&, tlm::tlm_phase&, sc_core::sc_time&) override {
      SC_REPORT_ERROR("trio6sim/job_socket", "the job protocol has no backward path");
      return tlm::TLM_COMPLETED;
    }
    void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}
  };
  void resolve() {
    resolved_ = true;
    if (this->get_base_port().size() == 0) return;  // an optional socket left unbound: send() must not be called
    if (auto* direct = dynamic_cast<DirectJobTarget*>(this->get_base_port()[0])) {
      direct_fn_ = direct->direct_fn;
      direct_object_ = direct->direct_object;
    }
  }

  Backward backward_;
  DirectJobTarget::Fn direct_fn_ = nullptr;
  void* direct_object_ = nullptr;
  bool resolved_ = false;
};

template <class Module>
using JobInitiatorSocket = BasicJobInitiatorSocket<>;
template <class Module>
using OptionalJobInitiatorSocket = BasicJobInitiatorSocket<sc_core::SC_ZERO_OR_MORE_BOUND>;
template <class Module>
using OptionalJobTargetSocket = JobTargetSocket<Module, sc_core::SC_ZERO_OR_MORE_BOUND>;

// Binding a socket of another width or protocol to the chip's sockets is a
// compile-time error that says what to write, instead of TLM's "no matching
// function for call to bind" naming neither.
template <unsigned Width, class Fw>
constexpr void check_user_socket() {
  static_assert(Width == 0,
                "trio6sim: the chip's sockets carry the job protocol at bus width 0 (a job is a packet, not a bus "
                "word): declare yours as e.g. tlm_utils::simple_initiator_socket<YourModule, 0, "
                "trio6sim::models::JobProtocol>; TLM's default width (32) does not bind");
  static_assert(std::is_same_v<Fw, JobForwardIf>,
                "trio6sim: the chip's sockets carry trio6sim::models::JobProtocol (payload Job), not TLM's generic "
                "payload: declare yours as e.g. tlm_utils::simple_target_socket<YourModule, 0, "
                "trio6sim::models::JobProtocol>");
}

// The sockets a user binds to (the chip's port_in and port_out): a level of
// the hierarchy passing through to its children. A user's initiator socket
// binds to a target port; a target port converts to any other width or
// protocol only to stop with check_user_socket's message.
template <sc_core::sc_port_policy POL>
class BasicJobTargetPort : public tlm::tlm_target_socket<0, JobProtocol, 1, POL> {
 public:
  using tlm::tlm_target_socket<0, JobProtocol, 1, POL>::tlm_target_socket;
  template <unsigned Width, class Fw, class Bw>
  operator tlm::tlm_base_target_socket_b<Width, Fw, Bw>&() {
    check_user_socket<Width, Fw>();
    throw;  // unreachable: the check above does not compile
  }
};

template <sc_core::sc_port_policy POL>
class BasicJobInitiatorPort : public tlm::tlm_initiator_socket<0, JobProtocol, 1, POL> {
  using Base = tlm::tlm_initiator_socket<0, JobProtocol, 1, POL>;

 public:
  using Base::Base;
  using Base::bind;
  using Base::operator();
  template <unsigned Width, class Fw, class Bw>
  void bind(tlm::tlm_base_target_socket_b<Width, Fw, Bw>&) {
    check_user_socket<Width, Fw>();
  }
  template <unsigned Width, class Fw, class Bw>
  void operator()(tlm::tlm_base_target_socket_b<Width, Fw, Bw>& s) {
    bind(s);
  }
};

// The sockets a level of the hierarchy passes through to its children.
using JobInitiatorPort = tlm::tlm_initiator_socket<0, JobProtocol>;
using JobTargetPort = tlm::tlm_target_socket<0, JobProtocol>;
using OptionalJobInitiatorPort = tlm::tlm_initiator_socket<0, JobProtocol, 1, sc_core::SC_ZERO_OR_MORE_BOUND>;
using OptionalJobTargetPort = tlm::tlm_target_socket<0, JobProtocol, 1, sc_core::SC_ZERO_OR_MORE_BOUND>;
// The ports a user binds (a chip's and a router's WAN ports): the same
// sockets, with check_user_socket's message for a wrong binding.
using UserJobInitiatorPort = BasicJobInitiatorPort<sc_core::SC_ZERO_OR_MORE_BOUND>;
using UserJobTargetPort = BasicJobTargetPort<sc_core::SC_ZERO_OR_MORE_BOUND>;

template <class Socket>
inline void send(Socket& socket, Job&& job, uint64_t at_ps) {
  socket.send(std::move(job), at_ps);
}

}  // namespace trio6sim::models
