// ChassisFabric: the fabric between the chips of one router (an MX304's
// LMICs). Every slice of every chip is a fabric destination [W]; a packet
// whose lookup chose an interface on another chip crosses as 64 B cells to
// the PFE that handles that interface, with the same per-destination
// bandwidth, latency and queue depth as the chip's own fabric (FabricParams:
// assumptions, see docs/architecture.md).
#pragma once

#include <cstdint>
#include <vector>

#include "fabric_queue.h"
#include "job.h"
#include "parameters.h"
#include "statistics.h"
#include "timed_block.h"

namespace trio6sim::models {

class Trio6;

class ChassisFabric : public TimedBlock {
 public:
  ChassisFabric(const sc_core::sc_module_name& name, const FabricParams& params);

  // Joins `chip` as the router's chip number chips().size() (the index
  // Trio6::add_remote_interface names): its remote next hops come here.
  void attach(Trio6& chip);
  const std::vector<Trio6*>& chips() const { return chips_; }

  // Destination (chip, PFE) as a queue index: chip * kSlices + PFE.
  const FabricQueue& queue(int chip, int pfe) const { return queues_[chip * kSlices + pfe]; }
  const DropCounters& drops() const { return drops_; }
  uint64_t in_flight() const { return in_flight_; }
  void set_measurement_window(const Window& w) { window_ = w; }

 protected:
  void handle(Job&& job, uint64_t now) override;

 private:
  FabricParams params_;
  std::vector<Trio6*> chips_;
  std::vector<FabricQueue> queues_;
  DropCounters drops_;
  Window window_;
  uint64_t in_flight_ = 0;  // accepted, not yet handed on (conservation)
};

}  // namespace trio6sim::models
