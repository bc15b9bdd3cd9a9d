#include "mqss.h"

#include <string>

#include "chip_services.h"

namespace trio6sim::models {

Mqss::Mqss(const sc_core::sc_module_name& name, ChipServices& chip, int slice)
    : sc_core::sc_module(name),
      from_lookup("from_lookup"),
      from_fabric("from_fabric"),
      to_egress("to_egress", 2),
      to_si("to_si", kSiPerSlice),
      to_fabric("to_fabric"),
      to_chassis("to_chassis"),
      from_chassis("from_chassis"),
      chip_(chip),
      fib_(chip.forwarding()),
      slice_(slice) {
  from_lookup.register_take<&Mqss::lookup_result>(this);
  from_fabric.register_take<&Mqss::from_other_slice>(this);
  from_chassis.register_take<&Mqss::from_other_chip>(this);
}

void Mqss::lookup_result(Job&& job, uint64_t at_ps) {
  switch (job.chip.destination) {
    case Destination::kHost: chip_.deliver_to_host(job, at_ps); return;
    case Destination::kChassis:
      if (!chassis_bound_) {
        // A remote interface on a chip outside any chassis.
        chip_.drop(job, DropCause::kInterfaceDown, DropPlace::mqss(slice_));
        return;
      }
      chip_.left_for_chassis();
      send(to_chassis, std::move(job), at_ps);
      return;
    default: break;
  }
  if (target_slice(job) != slice_) {
    send(to_fabric, std::move(job), at_ps);
    return;
  }
  to_block(std::move(job), at_ps);
}

void Mqss::from_other_slice(Job&& job, uint64_t at_ps) { to_block(std::move(job), at_ps); }

void Mqss::from_other_chip(Job&& job, uint64_t at_ps) {
  chip_.arrived_from_chassis();
  const Interface* i = fib_.find(job.chip.out_ifl);
  if (!i) {
    chip_.drop(job, DropCause::kInterfaceDown, DropPlace::mqss(slice_));
    return;
  }
  switch (i->kind) {
    case InterfaceKind::kPhysical:
      job.chip.destination = Destination::kEgress;
      job.chip.egress_port = static_cast<uint16_t>(i->port);
      if (i->parent != 0) job.chip.out_ifl = i->parent;  // counted on the aggregate too, as a local member would be
      break;
    case InterfaceKind::kSt0: {
      const Tunnel* t = fib_.tunnel(job.chip.out_ifl);
      if (!t || !t->outbound_sa) {
        chip_.tunnel_miss(job.chip.out_ifl);
        chip_.drop(job, DropCause::kTunnelDown, DropPlace::mqss(slice_));
        return;
      }
      if (!steer_into_tunnel(job, job.chip.out_ifl, *t, fib_, chip_)) {
        chip_.drop(job, DropCause::kOutsideTrafficSelectors, DropPlace::mqss(slice_));
        return;
      }
      break;
    }
    case InterfaceKind::kSi:
      if (!i->si_outside) {
        chip_.drop(job, DropCause::kNoRoute, DropPlace::mqss(slice_));
        return;
      }
      job.chip.destination = Destination::kSiOutside;
      job.chip.si_number = static_cast<uint8_t>(i->si_number);
      job.chip.si_unit_ifl = job.chip.out_ifl;
      break;
    default:
      chip_.drop(job, DropCause::kNoRoute, DropPlace::mqss(slice_));
      return;
  }
  // The chassis fabric brought the job to the PFE that handles its
  // interface (Trio6::slice_of_interface), so its block is here.
  if (target_slice(job) != slice_) {
    send(to_fabric, std::move(job), at_ps);
    return;
  }
  to_block(std::move(job), at_ps);
}

void Mqss::to_block(Job&& job, uint64_t at_ps) {
  if (job.chip.destination == Destination::kEgress) send(to_egress[port_group_of_port(job.chip.egress_port)], std::move(job), at_ps);
  else send(to_si[job.chip.si_number % kSiPerSlice], std::move(job), at_ps);
}

}  // namespace trio6sim::models
