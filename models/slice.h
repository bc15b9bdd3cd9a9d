// Slice (PFE): two port groups, the lookup engine, the memory and queuing
// subsystem, the IPsec engine with its loopback, the two SI anchors and the
// packet buffer behind the egress queues [W]. Its structure is the binding
// in its constructor: a netlist of job sockets (job_socket.h).
#pragma once

#include <array>
#include <memory>

#include "ipsec_engine.h"
#include "ipsec_loopback.h"
#include "job_socket.h"
#include "lookup_engine.h"
#include "mqss.h"
#include "port_group.h"
#include "replaceable_blocks.h"
#include "si_anchor.h"

namespace trio6sim::models {

class ChipServices;

class Slice : public sc_core::sc_module {
 public:
  JobInitiatorPort to_fabric;  // jobs whose block is on the other slice
  JobTargetPort from_fabric;   // jobs from the other slice whose block is here
  OptionalJobInitiatorPort to_chassis;  // toward another chip of the router
  OptionalJobTargetPort from_chassis;   // from another chip, for a block here
  // The slice's eight WAN ports, PG0's four then PG1's (port_index()).
  sc_core::sc_vector<OptionalJobTargetPort> port_in;
  sc_core::sc_vector<OptionalJobInitiatorPort> port_out;
  // Packets from the routing engine, into this slice's lookup engine.
  OptionalJobTargetPort host_in;

  // `factory` builds the lookup and IPsec engines (empty: the library's own).
  Slice(const sc_core::sc_module_name& name, ChipServices& chip, int index, const BlockFactory& factory = {});

  // Where chip port `port` sits among its slice's port sockets.
  static int port_index(int port) {
    const int s = slice_of_port(port), pg = port_group_of_port(port);
    return pg * kPortsPerPortGroup + (port - first_port(s, pg));
  }

  int index() const { return index_; }
  PortGroup& port_group(int pg) { return *port_groups_[pg]; }
  const PortGroup& port_group(int pg) const { return *port_groups_[pg]; }
  LookupEngineBlock& lookup() { return *lookup_; }
  const LookupEngineBlock& lookup() const { return *lookup_; }
  Mqss& mqss() { return mqss_; }
  IpsecEngineBlock& ipsec() { return *ipsec_; }
  const IpsecEngineBlock& ipsec() const { return *ipsec_; }
  const IpsecLoopback& ipsec_loopback() const { return loopback_; }
  // si_number is chip-wide (0..3); it must be on this slice.
  SiAnchor& si(int si_number) { return *si_[si_number % kSiPerSlice]; }
  const SiAnchor& si(int si_number) const { return *si_[si_number % kSiPerSlice]; }

  // Bytes held in the packet buffer by the egress queues at `t`.
  double buffer_occupancy_bytes(uint64_t t) const;

 private:
  int index_;
  std::array<std::unique_ptr<PortGroup>, 2> port_groups_;
  std::unique_ptr<LookupEngineBlock> lookup_;
  Mqss mqss_;
  std::unique_ptr<IpsecEngineBlock> ipsec_;
  IpsecLoopback loopback_;
  std::array<std::unique_ptr<SiAnchor>, kSiPerSlice> si_;
};

}  // namespace trio6sim::models
