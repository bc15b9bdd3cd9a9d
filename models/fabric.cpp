#include "fabric.h"

#include "trio6.h"

namespace trio6sim::models {

Fabric::Fabric(const sc_core::sc_module_name& name, Trio6& chip)
    : TimedBlock(name), chip_(chip), queues_(kSlices, FabricQueue(chip.params().fabric)) {}

void Fabric::handle(Job&& job, uint64_t now) {
  const int to = chip_.target_slice(job);
  auto arrival = queues_[to].cross(job.packet->size(), now, chip_.window());
  if (!arrival) {
    chip_.drop(job, DropCause::kFabricQueueFull);
    return;
  }
  chip_.after_lookup(std::move(job), to, *arrival);
}

}  // namespace trio6sim::models
