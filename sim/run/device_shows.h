// Answers one device's operational command (show_command.h) in Junos'
// format, as the device stands at a time of the run: its negotiated SAs,
// IPsec statistics, interfaces, routes and interface rates, through Junos'
// output pipes (show/pipes.h).
#pragma once

#include <cstdint>
#include <string>

#include "control/ike_daemon.h"
#include "control/ike_negotiation.h"
#include "counter_book.h"
#include "network.h"
#include "show_command.h"

namespace trio6sim::run {

class ControlPlane;
class Evpn;

struct ShowContext {
  const control::NegotiationResult& negotiation;
  bool tunnels_installed = false;  // IKE has completed: the SAs exist
  uint64_t ike_negotiation_ps = 0;
  const CounterBook& counters;
  // IKE on the wire: the device's daemon answers the SA shows, the control
  // plane the per-tunnel statistics.
  const control::IkeDaemon* daemon = nullptr;
  const ControlPlane* control = nullptr;
  int device = 0;
  const Evpn* evpn = nullptr;  // MAC advertisement, when a router bridges
  // The scenario's `show_counters` (show bgp summary's unsimulated counters).
  const std::vector<scenario::ShowCountersSpec>* show_counters = nullptr;
};

// The command's output with its pipes applied.
std::string answer_show(const DeviceState& d, const ShowCommand& c, uint64_t now,
                        const ShowContext& context);

// False when an interface command names an interface the device does not
// have (checked before the run).
bool names_interface(const DeviceState& d, const ShowCommand& c);

}  // namespace trio6sim::run
