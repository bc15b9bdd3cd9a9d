#include "chassis_fabric.h"

#include "trio6.h"

namespace trio6sim::models {

ChassisFabric::ChassisFabric(const sc_core::sc_module_name& name, const FabricParams& params)
    : TimedBlock(name), params_(params) {}

void ChassisFabric::attach(Trio6& chip) {
  chips_.push_back(&chip);
  for (int pfe = 0; pfe < kSlices; ++pfe) queues_.emplace_back(params_);
  chip.set_chassis_sender([this](Job&& job, uint64_t at_ps) {
    ++in_flight_;
    accept(std::move(job), at_ps);
  });
}

void ChassisFabric::handle(Job&& job, uint64_t now) {
  --in_flight_;
  if (job.chassis_chip >= chips_.size()) {  // a remote interface naming a chip the router does not have
    drops_.count(DropCause::kInterfaceDown);
    return;
  }
  Trio6& to = *chips_[job.chassis_chip];
  const int pfe = to.slice_of_interface(job.out_ifl);
  auto arrival = queues_[job.chassis_chip * kSlices + pfe].cross(job.packet->size(), now, window_);
  if (!arrival) {
    drops_.count(DropCause::kFabricQueueFull);
    return;
  }
  to.accept_from_chassis(std::move(job), *arrival);
}

}  // namespace trio6sim::models
