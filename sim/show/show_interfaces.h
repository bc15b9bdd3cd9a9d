// Junos `show interfaces` output the seeds print: `extensive | match pps`
// (the packets and pps lines) and `terse`, line for line as in [I].
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trio6sim::show {

struct PacketRates {
  uint64_t input_packets = 0, output_packets = 0;
  uint64_t input_pps = 0, output_pps = 0;
};

// `show interfaces extensive <unit> | match pps` for a logical interface:
// traffic statistics, then transit statistics, then (si and st0 units, which
// Junos prints with one more block) a block of the same shape that inline
// IPsec leaves at zero [I].
std::string extensive_pps_logical(const PacketRates& traffic, const PacketRates& transit, bool service_unit);

// `show interfaces extensive <physical or ae> | match pps`: traffic
// statistics, the (zero) label-switched input line, and the header of the
// per-member statistics table [I].
std::string extensive_pps_physical(const PacketRates& traffic);

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
