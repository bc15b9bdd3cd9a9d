// Junos operational output for EVPN-VXLAN's mac-vrf, line for line in the
// layout of the blog's `show mac-vrf routing database` [I] (seed lines
// 1786-1795). Pure functions over plain data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trio6sim::show {

struct MacVrfDatabaseEntry {
  uint32_t domain_id = 0;  // the VNI
  std::string mac;         // "00:11:01:00:00:01"
  std::string source;      // "et-0/2/10.10", "12.1.1.2", "irb.10"
  std::string timestamp;   // "Nov 27 20:52:40"
  std::string ip;          // "" when the entry has no IP binding
};

// `show mac-vrf routing database`: one instance, its entries in the order given.
std::string mac_vrf_routing_database(const std::string& instance, const std::vector<MacVrfDatabaseEntry>& entries);

}  // namespace trio6sim::show
