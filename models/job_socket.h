// The protocol between the chip's blocks: TLM-2.0 sockets from tlm_utils
// whose payload is the Job (the packet, pooled and moved, plus what the chip
// keeps beside it), in the manner of SCC's tlm_network_payload and VCML's
// eth protocol: TLM's sockets and binding, a payload of our own.
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
#pragma once

#include <systemc>
#include <tlm>
#include <tlm_utils/passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include "job.h"
#include "timed_block.h"

namespace trio6sim::models {

struct JobProtocol {
  using tlm_payload_type = Job;
  using tlm_phase_type = tlm::tlm_phase;
};

// What a block sends from and receives on. Any module with sockets of these
// types (tlm_utils' simple or passthrough sockets over JobProtocol, or TLM's
// own tlm_initiator_socket / tlm_target_socket) can be bound in their place.
template <class Module>
using JobInitiatorSocket = tlm_utils::simple_initiator_socket<Module, 0, JobProtocol>;
template <class Module>
using JobTargetSocket = tlm_utils::passthrough_target_socket<Module, 0, JobProtocol>;
template <class Module>
using JobTargetSocketTagged = tlm_utils::passthrough_target_socket_tagged<Module, 0, JobProtocol>;
// Sockets that may stay unbound: a WAN port nobody sends into or listens
// to, a chip outside any chassis.
template <class Module>
using OptionalJobInitiatorSocket = tlm_utils::simple_initiator_socket_optional<Module, 0, JobProtocol>;
template <class Module>
using OptionalJobTargetSocket = tlm_utils::passthrough_target_socket_optional<Module, 0, JobProtocol>;
template <class Module>
using OptionalJobTargetSocketTagged = tlm_utils::passthrough_target_socket_tagged_optional<Module, 0, JobProtocol>;
// The sockets a level of the hierarchy passes through to its children.
using JobInitiatorPort = tlm::tlm_initiator_socket<0, JobProtocol>;
using JobTargetPort = tlm::tlm_target_socket<0, JobProtocol>;
using OptionalJobInitiatorPort = tlm::tlm_initiator_socket<0, JobProtocol, 1, sc_core::SC_ZERO_OR_MORE_BOUND>;
using OptionalJobTargetPort = tlm::tlm_target_socket<0, JobProtocol, 1, sc_core::SC_ZERO_OR_MORE_BOUND>;

// Hands `job` to the target bound to `socket`, arriving at `at_ps`
// (absolute, never earlier than the simulation's time).
template <class Socket>
inline void send(Socket& socket, Job&& job, uint64_t at_ps) {
  const uint64_t now = now_ps();
  sc_core::sc_time delay = sc_core::sc_time::from_value(at_ps > now ? at_ps - now : 0);
  socket->b_transport(job, delay);
}

// The target's side: the absolute arrival time of a job sent with `delay`.
inline uint64_t arrival_ps(const sc_core::sc_time& delay) { return now_ps() + delay.value(); }

}  // namespace trio6sim::models
