// Fabric: the only path between slices [W]. Packets travel as 64 B cells [W]
// through one queue per destination PFE, at a bandwidth and with a latency
// per destination (parameters: sources disagree on the SerDes count), tail
// dropped as "fabric queue full". Used whenever the ingress, anchor and
// egress slices of a packet differ.
#pragma once

#include <array>
#include <cstdint>

#include <vector>

#include "fabric_queue.h"
#include "job_socket.h"
#include "replaceable_blocks.h"
#include "job.h"
#include "parameters.h"
#include "statistics.h"
#include "timed_block.h"

namespace trio6sim::models {

class ChipServices;

class Fabric : public TimedBlock, public FabricBlock {
 public:
  sc_core::sc_vector<JobTargetSocket<Fabric>> from_pfe;   // jobs leaving PFE 0, 1
  sc_core::sc_vector<JobInitiatorSocket<Fabric>> to_pfe;  // jobs arriving at PFE 0, 1

  Fabric(const sc_core::sc_module_name& name, ChipServices& chip);

  // Cells a packet of `bytes` occupies.
  uint64_t cells_for(std::size_t bytes) const { return queues_[0].cells_for(bytes); }
  const BusyMeter& meter(int destination_pfe) const { return queues_[destination_pfe].meter(); }

  // FabricBlock: the sockets and counters the chip uses.
  JobTargetPort& pfe_input(int pfe) override { return from_pfe[pfe]; }
  JobInitiatorPort& pfe_output(int pfe) override { return to_pfe[pfe]; }
  FabricCounters counters(int destination_pfe) const override { return queues_[destination_pfe].counters(); }
  double utilization(int destination_pfe, const Window& w) const override {
    return queues_[destination_pfe].meter().utilization(w);
  }
  double backlog_bytes(int destination_pfe, uint64_t t) const override { return queues_[destination_pfe].backlog_bytes(t); }
  bool busy(int destination_pfe, uint64_t t) const override { return queues_[destination_pfe].busy(t); }
  void set_lookahead_ps(uint64_t lookahead, uint64_t lead = 0) override { TimedBlock::set_lookahead_ps(lookahead, lead); }

 protected:
  // The job's destination slice is where its next block lives.
  void handle(Job&& job, uint64_t now) override;

 private:
  ChipServices& chip_;
  const Window& window_;
  std::vector<FabricQueue> queues_;  // one per destination PFE
};

}  // namespace trio6sim::models
