#include "slice.h"

#include <string>

#include "chip_services.h"
#include "config_error.h"

namespace trio6sim::models {

Slice::Slice(const sc_core::sc_module_name& name, ChipServices& chip, int index, const BlockFactory& factory)
    : sc_core::sc_module(name),
      to_fabric("to_fabric"),
      from_fabric("from_fabric"),
      to_chassis("to_chassis"),
      from_chassis("from_chassis"),
      port_in("port_in", 2 * kPortsPerPortGroup),
      port_out("port_out", 2 * kPortsPerPortGroup),
      host_in("host_in"),
      index_(index),
      lookup_(factory.lookup_engine ? factory.lookup_engine("lookup", chip, index)
                                    : library_lookup_engine("lookup", chip, index)),
      mqss_("mqss", chip, index),
      ipsec_(factory.ipsec_engine ? factory.ipsec_engine("ipsec", chip, index)
                                  : library_ipsec_engine("ipsec", chip, index)),
      loopback_("pg0_ipsec_loopback", chip, index) {
  if (!lookup_ || !ipsec_) throw ConfigError(std::string(basename()) + ": a block factory returned no block");
  for (int pg = 0; pg < 2; ++pg)
    port_groups_[pg] = std::make_unique<PortGroup>(("pg" + std::to_string(pg)).c_str(), chip, index, pg);
  // The egress queues of both port groups share the slice's packet buffer.
  port_groups_[0]->share_buffer_with(*port_groups_[1]);
  port_groups_[1]->share_buffer_with(*port_groups_[0]);
  for (int i = 0; i < kSiPerSlice; ++i) {
    const int si_number = index * kSiPerSlice + i;
    si_[i] = std::make_unique<SiAnchor>(("si" + std::to_string(si_number)).c_str(), chip, si_number);
  }

  // The netlist. Frames that have arrived go to the lookup engine, whose
  // results the MQSS hands to their block: an egress queue, an SI anchor,
  // or the fabric toward the other slice.
  for (int pg = 0; pg < 2; ++pg) {
    for (int i = 0; i < kPortsPerPortGroup; ++i) {
      port_in[pg * kPortsPerPortGroup + i].bind(port_groups_[pg]->rx[i]);
      port_groups_[pg]->tx[i].bind(port_out[pg * kPortsPerPortGroup + i]);
    }
    port_groups_[pg]->to_lookup.bind(lookup_->wan_input(pg));
    mqss_.to_egress[pg].bind(port_groups_[pg]->egress_in);
  }
  host_in.bind(lookup_->host_input());
  lookup_->result_output().bind(mqss_.from_lookup);
  mqss_.to_fabric.bind(to_fabric);
  from_fabric.bind(mqss_.from_fabric);
  mqss_.to_chassis.bind(to_chassis);
  from_chassis.bind(mqss_.from_chassis);
  // Inline IPsec: SI anchor -> IPsec engine -> PG0's IPsec loopback -> the
  // lookup engine again (the second pass).
  for (int i = 0; i < kSiPerSlice; ++i) {
    mqss_.to_si[i].bind(si_[i]->in);
    si_[i]->to_ipsec.bind(ipsec_->si_input(i));
  }
  ipsec_->loopback_output().bind(loopback_.from_engine);
  loopback_.to_lookup.bind(lookup_->recirculation_input());
}

double Slice::buffer_occupancy_bytes(uint64_t t) const {
  return port_groups_[0]->egress_backlog_bytes(t) + port_groups_[1]->egress_backlog_bytes(t);
}

}  // namespace trio6sim::models
