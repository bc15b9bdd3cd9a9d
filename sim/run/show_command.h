// The operational commands a scenario may ask for, with Junos' output pipes,
// parsed once before the run so that a typo is an error at the start, not
// after a long run.
#pragma once

#include <string>
#include <vector>

#include "packet/expected.h"
#include "show/pipes.h"

namespace trio6sim::run {

enum class ShowKind : uint8_t {
  kIkeSas,              // show security ike security-associations
  kIpsecSas,            // show security ipsec security-associations [detail]
  kIpsecStatistics,     // show security ipsec statistics [index N]
  kInterfaceExtensive,  // show interfaces extensive IFD|IFL (either order)
  kInterfacesTerse,     // show interfaces terse [IFD|IFL] (either order)
  kRoute,               // show route ADDRESS [extensive]
  kLogMessages,         // show log messages (the IKE daemon's lines)
  kMacVrfDatabase,      // show mac-vrf routing database
  kMacVrfMacIpTable,    // show mac-vrf forwarding mac-ip-table
  kBgpSummary,          // show bgp summary (EVPN's peers)
};

struct ShowCommand {
  ShowKind kind = ShowKind::kIkeSas;
  bool detail = false;
  // The interface (empty: every one, for terse), the route's "ADDRESS
  // [extensive]", or the tunnel index.
  std::string argument;
  std::vector<show::Pipe> pipes;  // applied to the whole output, in order
};

// Errors list the commands and the pipes the model answers.
Expected<ShowCommand, std::string> parse_show_command(const std::string& command);

}  // namespace trio6sim::run
