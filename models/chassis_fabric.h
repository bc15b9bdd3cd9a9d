// ChassisFabric: the fabric between the chips of one router (an MX304's
// LMICs). Every slice of every chip is a fabric destination [W]; a packet
// whose lookup chose an interface on another chip crosses as 64 B cells to
// the PFE that handles that interface, with the same per-destination
// bandwidth, latency and queue depth as the chip's own fabric (FabricParams:
// assumptions, see docs/architecture.md).
#pragma once

#include <functional>

#include <cstdint>
#include <vector>

#include "fabric_queue.h"
#include "forwarding_table.h"
#include "job_socket.h"
#include "job.h"
#include "parameters.h"
#include "statistics.h"
#include "timed_block.h"

namespace trio6sim::models {

class Trio6;

class ChassisFabric : public TimedBlock {
 public:
  // Per (chip, PFE), indexed chip * kSlices + PFE: jobs in from that PFE,
  // jobs out to it.
  sc_core::sc_vector<JobTargetSocket<ChassisFabric>> from_pfe;
  sc_core::sc_vector<JobInitiatorSocket<ChassisFabric>> to_pfe;

  // Which PFE of chip `chip` handles its interface `ifl` (the router asks
  // the chip: Trio6::slice_of_interface). A queue per destination PFE.
  using PfeOfInterface = std::function<int(std::size_t chip, IfIndex ifl)>;
  ChassisFabric(const sc_core::sc_module_name& name, const FabricParams& params, std::size_t chips,
                PfeOfInterface pfe_of_interface);

  // Destination (chip, PFE) as a queue index: chip * kSlices + PFE.
  const FabricQueue& queue(int chip, int pfe) const { return queues_[chip * kSlices + pfe]; }
  const DropCounters& drops() const { return drops_; }
  // "fabric queue full" drops at the queue toward (chip, PFE): where they happened.
  uint64_t queue_full_drops(int chip, int pfe) const { return queue_full_drops_[chip * kSlices + pfe]; }
  uint64_t in_flight() const { return in_flight_; }
  void set_measurement_window(const Window& w) { window_ = w; }

 protected:
  void handle(Job&& job, uint64_t now) override;

 private:
  void job_in(Job&& job, uint64_t at_ps);

  FabricParams params_;
  std::size_t chips_;
  PfeOfInterface pfe_of_interface_;
  std::vector<FabricQueue> queues_;
  DropCounters drops_;
  std::vector<uint64_t> queue_full_drops_;  // per destination queue
  Window window_;
  uint64_t in_flight_ = 0;  // accepted, not yet handed on (conservation)
};

}  // namespace trio6sim::models
