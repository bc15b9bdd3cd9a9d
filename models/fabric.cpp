#include "fabric.h"

#include "trio6.h"

namespace trio6sim::models {

Fabric::Fabric(const sc_core::sc_module_name& name, Trio6& chip)
    : TimedBlock(name),
      from_pfe("from_pfe", kSlices),
      to_pfe("to_pfe", kSlices),
      chip_(chip),
      queues_(kSlices, FabricQueue(chip.params().fabric)) {
  for (auto& in : from_pfe) in.register_take<&Fabric::accept>(this);
}

void Fabric::handle(Job&& job, uint64_t now) {
  const int to = chip_.target_slice(job);
  auto arrival = queues_[to].cross(job.packet->size(), now, chip_.window());
  if (!arrival) {
    chip_.drop(job, DropCause::kFabricQueueFull, DropPlace::fabric(to));
    return;
  }
  send(to_pfe[to], std::move(job), *arrival);
}

}  // namespace trio6sim::models
