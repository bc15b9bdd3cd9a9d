#include "slice.h"

#include <string>

#include "trio6.h"

namespace trio6sim::models {

Slice::Slice(const sc_core::sc_module_name& name, Trio6& chip, int index)
    : sc_core::sc_module(name), index_(index), lookup_("lookup", chip, index), ipsec_("ipsec", chip, index) {
  for (int pg = 0; pg < 2; ++pg)
    port_groups_[pg] = std::make_unique<PortGroup>(("pg" + std::to_string(pg)).c_str(), chip, index, pg);
  for (int i = 0; i < kSiPerSlice; ++i) {
    const int si_number = index * kSiPerSlice + i;
    si_[i] = std::make_unique<SiAnchor>(("si" + std::to_string(si_number)).c_str(), chip, si_number);
  }
}

double Slice::buffer_occupancy_bytes(uint64_t t) const {
  return port_groups_[0]->egress_backlog_bytes(t) + port_groups_[1]->egress_backlog_bytes(t);
}

}  // namespace trio6sim::models
