// Mx304: one router of the MX304 kind as the data plane sees it: one Trio 6
// per populated LMIC (PIC number = LMIC [M]) and the chassis fabric between
// them. Each chip holds the router's whole forwarding state (every PFE has a
// full FIB); an interface that lives on another chip is a kRemote interface
// there, so a lookup that chooses it sends the packet across the chassis
// fabric. The routing engine (configuration, routes, IKE) is not here: the
// scenario layer programs the chips through their API.
#pragma once

#include <memory>
#include <vector>

#include "chassis_fabric.h"
#include "crypto/ipsec_statistics.h"
#include "trio6.h"

namespace trio6sim::models {

class Mx304 : public sc_core::sc_module {
 public:
  // `lmics`: the populated LMIC slots (0..2), each with a chip of `params`.
  Mx304(const sc_core::sc_module_name& name, const std::vector<int>& lmics, const Trio6Params& params = {});
  ~Mx304() override;

  const std::vector<int>& lmics() const { return lmics_; }
  std::size_t chip_count() const { return chips_.size(); }
  // The chip index (as add_remote_interface names it) of an LMIC; ConfigError when not populated.
  int chip_index(int lmic) const;
  Trio6& chip(int index) { return *chips_.at(index); }
  const Trio6& chip(int index) const { return *chips_.at(index); }
  ChassisFabric& chassis_fabric() { return chassis_; }
  const ChassisFabric& chassis_fabric() const { return chassis_; }

  void set_measurement_window(const Window& w);

  // Sums over the chips (and the chassis fabric, for drops).
  crypto::IpsecStatistics ipsec_statistics() const;
  DropCounters drops() const;
  uint64_t offered_packets() const;      // entered a WAN port
  uint64_t delivered_packets() const;    // left a WAN port
  uint64_t delivered_to_host_packets() const;
  // offered - delivered - to host - dropped: packets still inside the router.
  uint64_t in_flight() const;
  // The latest last-bit time of any frame its chips have sent.
  uint64_t last_departure_ps() const;

 private:
  std::vector<int> lmics_;
  std::vector<std::unique_ptr<Trio6>> chips_;
  ChassisFabric chassis_;
};

}  // namespace trio6sim::models
