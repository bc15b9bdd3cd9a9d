// Slice (PFE): two port groups, the lookup engine, the IPsec engine, the two
// SI anchors and the packet buffer behind the egress queues [W].
#pragma once

#include <array>
#include <memory>

#include "ipsec_engine.h"
#include "lookup_engine.h"
#include "port_group.h"
#include "si_anchor.h"

namespace trio6sim::models {

class Trio6;

class Slice : public sc_core::sc_module {
 public:
  Slice(const sc_core::sc_module_name& name, Trio6& chip, int index);

  int index() const { return index_; }
  PortGroup& port_group(int pg) { return *port_groups_[pg]; }
  const PortGroup& port_group(int pg) const { return *port_groups_[pg]; }
  LookupEngine& lookup() { return lookup_; }
  const LookupEngine& lookup() const { return lookup_; }
  IpsecEngine& ipsec() { return ipsec_; }
  const IpsecEngine& ipsec() const { return ipsec_; }
  // si_number is chip-wide (0..3); it must be on this slice.
  SiAnchor& si(int si_number) { return *si_[si_number % kSiPerSlice]; }
  const SiAnchor& si(int si_number) const { return *si_[si_number % kSiPerSlice]; }

  // Bytes held in the packet buffer by the egress queues at `t`.
  double buffer_occupancy_bytes(uint64_t t) const;

 private:
  int index_;
  std::array<std::unique_ptr<PortGroup>, 2> port_groups_;
  LookupEngine lookup_;
  IpsecEngine ipsec_;
  std::array<std::unique_ptr<SiAnchor>, kSiPerSlice> si_;
};

}  // namespace trio6sim::models
