// Layer 3 VPNs between the scenario's routers over MPLS over GRE, decided at
// plan time (BGP is not run): each VRF (routing-instances NAME instance-type
// vrf) gets a table label (vrf-table-label), its own table (its interfaces'
// Direct and Local routes, its static routes), and the routes the other PEs'
// VRFs with the same vrf-target advertise over their `family inet-vpn`
// peering, each with the advertising PE's label and resolved through the
// dynamic GRE tunnel (routing-options dynamic-tunnels) whose
// destination-networks hold that PE's address. docs/router.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "control/rib.h"
#include "junos/device_config.h"
#include "packet/expected.h"
#include "packet/ip_address.h"

namespace trio6sim::control {

// A route another PE advertised into this VRF.
struct PlannedVpnRoute {
  junos::IpPrefix prefix;
  IpAddress remote_pe;   // the BGP protocol next hop: the peer's local-address
  uint32_t label = 0;    // the peer VRF's table label
  IpAddress gre_source;  // this router's end of the dynamic GRE tunnel to remote_pe
  std::string from_device;
};

struct PlannedVrf {
  std::string name;
  uint32_t label = 0;  // vrf-table-label: pops into this VRF's table (0: none)
  std::vector<std::string> interfaces;  // logical units, "et-0/2/10.0"
  Rib rib;                              // its own routes, resolved
  std::vector<PlannedVpnRoute> remote;
};

struct VpnDevice {
  std::string name;
  const junos::DeviceConfig* config = nullptr;
  const Rib* global = nullptr;            // inet.0, resolved: the tunnels' ends must be reachable
  std::vector<uint32_t> labels_in_use;    // labels the router already allocated (6PE's)
};

// Junos hands out the lowest free label from 16 (the blog's PE allocated 17
// for labeled unicast); the model does the same, per router, past
// `labels_in_use`.
uint32_t allocate_label(const std::vector<uint32_t>& labels_in_use, std::vector<uint32_t>& allocated);

// Per device (as `devices`), its VRFs. Errors name FILE:LINE and what was
// expected.
Expected<std::vector<std::vector<PlannedVrf>>, std::string> plan_vpns(const std::vector<VpnDevice>& devices);

}  // namespace trio6sim::control
