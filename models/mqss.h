// Mqss: the memory and queuing subsystem of a slice [W], as far as the model
// needs it: where a packet goes once the lookup engine has decided. It takes
// the lookup's results and the jobs the fabric brings from the other slice,
// and hands each to its block: the egress queue of its port group, its SI
// anchor, the fabric (when that block is on the other slice), the host, or
// the chassis (another chip of the router). Jobs from the chassis come with
// their interface chosen by the ingress chip's lookup and only find their
// block here, as at the egress PFE of a real chassis. No time passes here:
// the blocks it feeds account for their own.
#pragma once

#include <cstdint>

#include "job_socket.h"
#include "parameters.h"

namespace trio6sim::models {

class ChipServices;
class ForwardingState;

class Mqss : public sc_core::sc_module {
 public:
  JobTargetSocket<Mqss> from_lookup;
  JobTargetSocket<Mqss> from_fabric;                         // jobs whose block is on this slice
  sc_core::sc_vector<JobInitiatorSocket<Mqss>> to_egress;    // port group 0, 1
  sc_core::sc_vector<JobInitiatorSocket<Mqss>> to_si;        // this slice's SI anchors
  JobInitiatorSocket<Mqss> to_fabric;                        // toward the other slice
  OptionalJobInitiatorSocket<Mqss> to_chassis;               // toward another chip of the router
  OptionalJobTargetSocket<Mqss> from_chassis;                // from another chip: lookup done there

  Mqss(const sc_core::sc_module_name& name, ChipServices& chip, int slice);

  // A job whose block is on this slice, at `at_ps`: its egress queue or its
  // SI anchor.
  void to_block(Job&& job, uint64_t at_ps);

 private:
  void lookup_result(Job&& job, uint64_t at_ps);
  void from_other_slice(Job&& job, uint64_t at_ps);
  void from_other_chip(Job&& job, uint64_t at_ps);
  void end_of_elaboration() override { chassis_bound_ = to_chassis.bound(); }

  ChipServices& chip_;
  const ForwardingState& fib_;
  int slice_;
  bool chassis_bound_ = false;
};

}  // namespace trio6sim::models
