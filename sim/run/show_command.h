// The operational commands a scenario may ask for, parsed once before the
// run so that a typo is an error at the start, not after a long run.
#pragma once

#include <string>

#include "packet/expected.h"

namespace trio6sim::run {

enum class ShowKind : uint8_t {
  kIkeSas,           // show security ike security-associations
  kIpsecSas,         // show security ipsec security-associations [detail]
  kIpsecStatistics,  // show security ipsec statistics [index N]
  kInterfacePps,     // show interfaces extensive IFL | match pps
  kInterfacesTerse,  // show interfaces terse
  kRoute,            // show route ADDRESS [extensive]
};

struct ShowCommand {
  ShowKind kind = ShowKind::kIkeSas;
  bool detail = false;
  std::string argument;  // the interface, the route's "ADDRESS [extensive]", or the tunnel index
};

// Errors list the commands the model answers.
Expected<ShowCommand, std::string> parse_show_command(const std::string& command);

}  // namespace trio6sim::run
