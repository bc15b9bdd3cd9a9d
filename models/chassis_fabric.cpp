#include "chassis_fabric.h"

#include "trio6.h"

namespace trio6sim::models {

ChassisFabric::ChassisFabric(const sc_core::sc_module_name& name, const FabricParams& params, std::size_t chips,
                             PfeOfInterface pfe_of_interface)
    : TimedBlock(name),
      from_pfe("from_pfe", chips * kSlices),
      to_pfe("to_pfe", chips * kSlices),
      params_(params),
      chips_(chips),
      pfe_of_interface_(std::move(pfe_of_interface)),
      queues_(chips * kSlices, FabricQueue(params_)),  // the member: a queue keeps a reference
      queue_full_drops_(chips * kSlices, 0) {
  for (auto& in : from_pfe) in.register_take<&ChassisFabric::job_in>(this);
}

void ChassisFabric::job_in(Job&& job, uint64_t at_ps) {
  ++in_flight_;
  accept(std::move(job), at_ps);
}

void ChassisFabric::handle(Job&& job, uint64_t now) {
  --in_flight_;
  if (job.chip.chassis_chip >= chips_) {  // a remote interface naming a chip the router does not have
    drops_.count(DropCause::kInterfaceDown);
    return;
  }
  const std::size_t to = job.chip.chassis_chip * kSlices + pfe_of_interface_(job.chip.chassis_chip, job.chip.out_ifl);
  auto arrival = queues_[to].cross(job.packet->size(), now, window_);
  if (!arrival) {
    drops_.count(DropCause::kFabricQueueFull);
    ++queue_full_drops_[to];
    return;
  }
  send(to_pfe[to], std::move(job), *arrival);
}

}  // namespace trio6sim::models
