// Must not compile: a user's socket at TLM's default width (32) bound to the
// chip's port. The test (models.socket_width_error) checks that the compiler
// stops with check_user_socket's message, naming the width to write.
#include <tlm_utils/simple_initiator_socket.h>

#include "models/job_socket.h"

using namespace trio6sim::models;

struct WrongWidth : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<WrongWidth, 32, JobProtocol> out{"out"};
  UserJobTargetPort port{"port"};  // as Trio6::port_in
  explicit WrongWidth(const sc_core::sc_module_name& n) : sc_core::sc_module(n) { out.bind(port); }
};
