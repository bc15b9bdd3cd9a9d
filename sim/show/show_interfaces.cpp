#include "show_interfaces.h"

#include <fmt/core.h>

namespace trio6sim::show {

namespace {

// Junos right-aligns the count in 21 columns after the label (20 on the
// more-indented blocks) and the rate in 21 more [I].
std::string pair(const std::string& indent, std::size_t count_width, const PacketRates& r) {
  return fmt::format("{}Input  packets:{:>{}}{:>21} pps\n", indent, r.input_packets, count_width, r.input_pps) +
         fmt::format("{}Output packets:{:>{}}{:>21} pps\n", indent, r.output_packets, count_width, r.output_pps);
}

}  // namespace

std::string extensive_pps_logical(const PacketRates& traffic, const PacketRates& transit, bool service_unit) {
  std::string out = pair("    ", 21, traffic);
  out += pair("     ", 20, transit);
  if (service_unit) out += pair("     ", 20, PacketRates{});
  return out;
}

std::string extensive_pps_physical(const PacketRates& traffic) {
  std::string out = pair("   ", 21, traffic);
  out += fmt::format("   Input  packets:{:>21}{:>21} pps\n", 0, 0);
  out += "    Statistics        Packets        pps         Bytes          bps\n";
  return out;
}

std::string interfaces_terse(const std::vector<TerseLine>& lines) {
  std::string out = "Interface               Admin Link Proto    Local                 Remote\n";
  for (const auto& l : lines) {
    std::string head = fmt::format("{:<24}{:<6}{:<5}", l.name, l.admin_up ? "up" : "down", l.link_up ? "up" : "down");
    if (l.families.empty()) {
      while (!head.empty() && head.back() == ' ') head.pop_back();
      out += head + "\n";
      continue;
    }
    bool first = true;
    for (const auto& f : l.families) {
      const std::string lead = first ? head : std::string(35, ' ');
      first = false;
      if (f.addresses.empty()) {
        out += fmt::format("{}{:<9}\n", lead, f.name);
        continue;
      }
      bool first_address = true;
      for (const auto& a : f.addresses) {
        out += fmt::format("{}{:<9}{}\n", first_address ? lead : std::string(35, ' '), first_address ? f.name : "", a);
        first_address = false;
      }
    }
  }
  return out;
}

}  // namespace trio6sim::show
