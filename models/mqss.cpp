#include "mqss.h"

#include <string>

#include "trio6.h"

namespace trio6sim::models {

Mqss::Mqss(const sc_core::sc_module_name& name, Trio6& chip, int slice)
    : sc_core::sc_module(name),
      from_lookup("from_lookup"),
      from_fabric("from_fabric"),
      to_egress("to_egress", 2),
      to_si("to_si", kSiPerSlice),
      to_fabric("to_fabric"),
      chip_(chip),
      slice_(slice) {
  from_lookup.register_b_transport(this, &Mqss::lookup_result);
  from_fabric.register_b_transport(this, &Mqss::from_other_slice);
}

void Mqss::lookup_result(Job& job, sc_core::sc_time& delay) {
  const uint64_t at_ps = arrival_ps(delay);
  switch (job.destination) {
    case Destination::kHost: chip_.deliver_to_host(job); return;
    case Destination::kChassis: chip_.send_to_chassis(job, at_ps); return;
    default: break;
  }
  if (chip_.target_slice(job) != slice_) {
    send(to_fabric, std::move(job), at_ps);
    return;
  }
  to_block(std::move(job), at_ps);
}

void Mqss::from_other_slice(Job& job, sc_core::sc_time& delay) { to_block(std::move(job), arrival_ps(delay)); }

void Mqss::to_block(Job&& job, uint64_t at_ps) {
  if (job.destination == Destination::kEgress) send(to_egress[port_group_of_port(job.egress_port)], std::move(job), at_ps);
  else send(to_si[job.si_number % kSiPerSlice], std::move(job), at_ps);
}

}  // namespace trio6sim::models
