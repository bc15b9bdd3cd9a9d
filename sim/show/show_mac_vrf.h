// Junos operational output for EVPN-VXLAN's mac-vrf, line for line in the
// layout of the blog's `show mac-vrf routing database` and `show mac-vrf
// forwarding mac-ip-table` [I] (seed lines 1786-1830). Pure functions over
// plain data.
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

// One row of `show mac-vrf forwarding mac-ip-table` [I] (seed lines
// 1796-1830): a MAC-IP binding of a bridge domain.
struct MacIpTableEntry {
  std::string ip;                 // "13.11.1.254"
  std::string mac;                // "00:00:5e:00:01:01"
  std::string flags;              // "S,K", "SR,K,RT", "DL,K,AD"
  std::string logical_interface;  // "irb.10", "vtep.32769", "et-0/2/10.10"
  std::string active_source;      // the remote VTEP ("12.1.1.2"); "" when local
};

struct MacIpTableDomain {
  std::string instance;  // "evpn_vxlan_1"
  std::string domain;    // "V_10"
  std::vector<MacIpTableEntry> entries;
};

// `show mac-vrf forwarding mac-ip-table`: per bridge domain, the flags'
// legend, the instance and domain, then its bindings in the order given.
std::string mac_vrf_mac_ip_table(const std::vector<MacIpTableDomain>& domains);

}  // namespace trio6sim::show
