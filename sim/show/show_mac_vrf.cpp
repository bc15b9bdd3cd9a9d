#include "show_mac_vrf.h"

#include <fmt/core.h>

namespace trio6sim::show {

std::string mac_vrf_routing_database(const std::string& instance, const std::vector<MacVrfDatabaseEntry>& entries) {
  std::string out = fmt::format("Instance: {}\n", instance);
  out += "VLAN  DomainId  MAC address        Active source                  Timestamp        IP address\n";
  for (const auto& e : entries) {
    std::string line = fmt::format("     {:<11}{:<19}{:<31}{}", e.domain_id, e.mac, e.source, e.timestamp);
    if (!e.ip.empty()) line += "  " + e.ip;
    out += line + "\n";
  }
  return out;
}

}  // namespace trio6sim::show
