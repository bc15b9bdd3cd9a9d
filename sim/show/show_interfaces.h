// Junos `show interfaces` output: `extensive` (whose rate lines are the
// blog's `| match pps` lines) and `terse`, line for line as in [I].
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trio6sim::show {

// One direction pair of an interface's counters and rates.
struct InterfaceTraffic {
  uint64_t input_packets = 0, output_packets = 0;
  uint64_t input_bytes = 0, output_bytes = 0;
  uint64_t input_pps = 0, output_pps = 0;
  uint64_t input_bps = 0, output_bps = 0;
};

enum class ExtensiveKind : uint8_t {
  kEthernet,      // et-, xe-, ge-: Ethernet ports and their units
  kAggregate,     // ae: the bundle and its units (per-member table)
  kBundleMember,  // an Ethernet port in a bundle: its unit is the bundle's link
  kServices,      // si-: inline services
  kSecureTunnel,  // st0
  kOther,         // lo0, irb, ...
};

struct ExtensiveFamily {
  std::string name;                    // inet, inet6, iso, mpls
  std::vector<std::string> addresses;  // "13.11.1.1/24"
  int mtu = 1500;
};

struct ExtensiveMember {
  std::string name;  // "et-0/2/3.0"
  InterfaceTraffic traffic;
};

// `show interfaces extensive <unit>`: one logical interface.
struct ExtensiveLogical {
  std::string name;  // "et-0/2/10.0"
  ExtensiveKind kind = ExtensiveKind::kEthernet;
  uint32_t index = 0, snmp_index = 0, generation = 0;
  std::string description;
  InterfaceTraffic traffic;
  std::vector<ExtensiveFamily> families;
  std::vector<ExtensiveMember> members;  // kAggregate: the member links
  std::string bundle;                    // kBundleMember: "ae0.0"
};

// `show interfaces extensive <physical or ae>`: the device, then its units.
struct ExtensivePhysical {
  std::string name;  // "et-0/2/10", "ae0", "st0", "si-0/1/0"
  ExtensiveKind kind = ExtensiveKind::kEthernet;
  uint32_t index = 0, snmp_index = 0, generation = 0;
  std::string description;
  std::string speed;  // "100Gbps"; empty for st0 and si
  int mtu = 1514;
  std::string mac;    // "00:00:5e:00:53:0a"
  InterfaceTraffic traffic;
  std::vector<ExtensiveLogical> units;
};

// Junos' extensive layout [I, X] (docs/show-commands.md): the blog's
// `| match pps` lines are the rate lines of these sections.
std::string interfaces_extensive(const ExtensivePhysical& ifd);
std::string interfaces_extensive(const ExtensiveLogical& ifl);

struct TerseFamily {
  std::string name;                    // inet, inet6, iso, mpls
  std::vector<std::string> addresses;  // "13.11.1.1/24"
};

struct TerseLine {
  std::string name;  // "et-0/2/10" or "et-0/2/10.0"
  bool admin_up = true;
  bool link_up = true;
  std::vector<TerseFamily> families;
};

// `show interfaces terse`.
std::string interfaces_terse(const std::vector<TerseLine>& lines);

}  // namespace trio6sim::show
