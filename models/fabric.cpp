#include "fabric.h"

#include "chip_services.h"

namespace trio6sim::models {

Fabric::Fabric(const sc_core::sc_module_name& name, ChipServices& chip)
    : TimedBlock(name),
      from_pfe("from_pfe", kSlices),
      to_pfe("to_pfe", kSlices),
      chip_(chip),
      window_(chip.window()),
      queues_(kSlices, FabricQueue(chip.params().fabric)) {
  for (auto& in : from_pfe) in.register_take<&Fabric::accept>(this);
}

void Fabric::handle(Job&& job, uint64_t now) {
  const int to = target_slice(job);
  auto arrival = queues_[to].cross(job.packet->size(), now, window_);
  if (!arrival) {
    chip_.drop(job, DropCause::kFabricQueueFull, DropPlace::fabric(to));
    return;
  }
  send(to_pfe[to], std::move(job), *arrival);
}

}  // namespace trio6sim::models
