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

std::string mac_vrf_mac_ip_table(const std::vector<MacIpTableDomain>& domains) {
  std::string out;
  for (const auto& d : domains) {
    out +=
        "MAC IP flags  (S - Static, D - Dynamic, L - Local , R - Remote, Lp - Local Proxy,\n"
        "               Rp - Remote Proxy,  K - Kernel, RT - Dest Route, (N)AD - (Not) Advt to remote,\n"
        "               RE - Re-ARP/ND, RO - Router, OV - Override, Ur - Unresolved, B - Blocked,\n"
        "               RTS - Dest Route Skipped, RGw - Remote Gateway, RTF - Dest Route Forced,\n"
        "               SC - Static Config, P - Probe, NLC - No Local Config, LD - Local Down)\n";
    out += fmt::format(" Routing instance : {}\n Bridging domain : {}\n", d.instance, d.domain);
    out += "   IP                           MAC                  Flags              GBP    Logical            Active\n";
    out += "   address                      address                                 Tag    Interface          source\n";
    for (const auto& e : d.entries) {
      // Columns as the blog's: IP at 3, MAC at 32, flags at 53, the (empty)
      // GBP tag at 72, the interface at 79, the source at 98.
      std::string line = fmt::format("   {:<29}{:<21}{:<26}{:<19}{}", e.ip, e.mac, e.flags, e.logical_interface,
                                     e.active_source);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
  }
  return out;
}

}  // namespace trio6sim::show
