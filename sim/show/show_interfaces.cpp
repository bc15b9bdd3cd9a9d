#include "show_interfaces.h"

#include <fmt/core.h>

namespace trio6sim::show {

namespace {

// The rate lines: Junos right-aligns the count in 21 columns after the label
// (20 on the more-indented blocks) and the rate in 21 more [I].
std::string rate_lines(const std::string& indent, std::size_t width, const InterfaceTraffic& t, bool bytes = true) {
  std::string out;
  if (bytes) {
    out += fmt::format("{}Input  bytes  :{:>{}}{:>21} bps\n", indent, t.input_bytes, width, t.input_bps);
    out += fmt::format("{}Output bytes  :{:>{}}{:>21} bps\n", indent, t.output_bytes, width, t.output_bps);
  }
  out += fmt::format("{}Input  packets:{:>{}}{:>21} pps\n", indent, t.input_packets, width, t.input_pps);
  out += fmt::format("{}Output packets:{:>{}}{:>21} pps\n", indent, t.output_packets, width, t.output_pps);
  return out;
}

// Counters without rates (Junos' "Traffic statistics" of a unit, "Local
// statistics", "IPv6 transit statistics").
std::string count_lines(const std::string& indent, std::size_t width, const InterfaceTraffic& t) {
  return fmt::format("{}Input  bytes  :{:>{}}\n", indent, t.input_bytes, width) +
         fmt::format("{}Output bytes  :{:>{}}\n", indent, t.output_bytes, width) +
         fmt::format("{}Input  packets:{:>{}}\n", indent, t.input_packets, width) +
         fmt::format("{}Output packets:{:>{}}\n", indent, t.output_packets, width);
}

// One row of the aggregate statistics table ("Input :  packets pps bytes bps").
std::string table_row(const char* label, uint64_t packets, uint64_t pps, uint64_t bytes, uint64_t bps) {
  return fmt::format("        {}{:>14}{:>11}{:>14}{:>13}\n", label, packets, pps, bytes, bps);
}

std::string table(const InterfaceTraffic& t) {
  return table_row("Input :", t.input_packets, t.input_pps, t.input_bytes, t.input_bps) +
         table_row("Output:", t.output_packets, t.output_pps, t.output_bytes, t.output_bps);
}

constexpr const char* kTableHead = "    Statistics        Packets        pps         Bytes          bps\n";

const char* encapsulation(ExtensiveKind k) {
  switch (k) {
    case ExtensiveKind::kSecureTunnel: return "Up Point-To-Point SNMP-Traps 0x4000 Encapsulation: Secure-Tunnel";
    case ExtensiveKind::kServices: return "Up SNMP-Traps 0x4000 Encapsulation: Adaptive-Services";
    case ExtensiveKind::kOther: return "Up SNMP-Traps 0x4000 Encapsulation: Unspecified";
    default: return "Up SNMP-Traps 0x4004000 Encapsulation: ENET2";
  }
}

std::string families(const std::vector<ExtensiveFamily>& fs) {
  std::string out;
  for (const auto& f : fs) {
    out += fmt::format("    Protocol {}, MTU: {}\n", f.name, f.mtu);
    if (f.name == "inet") out += "      Flags: Sendbcast-pkt-to-re\n";
    bool primary = true;
    for (const auto& a : f.addresses) {
      out += primary ? "      Addresses, Flags: Is-Preferred Is-Primary\n" : "      Addresses, Flags: Is-Preferred\n";
      primary = false;
      const auto slash = a.find('/');
      out += fmt::format("        Destination: {}, Local: {}\n", a, a.substr(0, slash));
    }
  }
  return out;
}

bool has_ports(ExtensiveKind k) {
  return k == ExtensiveKind::kEthernet || k == ExtensiveKind::kAggregate || k == ExtensiveKind::kBundleMember;
}

}  // namespace

std::string interfaces_extensive(const ExtensiveLogical& u) {
  std::string out = fmt::format("  Logical interface {} (Index {}) (SNMP ifIndex {}) (Generation {})\n", u.name,
                                u.index, u.snmp_index, u.generation);
  if (!u.description.empty()) out += fmt::format("    Description: {}\n", u.description);
  out += fmt::format("    Flags: {}\n", encapsulation(u.kind));
  if (u.kind == ExtensiveKind::kAggregate) {
    // The bundle's table, then each member link's [X].
    out += kTableHead;
    out += "    Bundle:\n" + table(u.traffic);
    out += "    Link:\n";
    for (const auto& m : u.members) out += fmt::format("      {}\n", m.name) + table(m.traffic);
    out += fmt::format("    Aggregate member links: {}\n", u.members.size());
  } else if (u.kind == ExtensiveKind::kBundleMember) {
    // A member's unit carries the bundle's family `aenet`; its counters in the
    // bundle's table form (ASSUMPTION: docs/show-commands.md).
    out += kTableHead;
    out += "    Link:\n" + table(u.traffic);
    out += fmt::format("    Protocol aenet, AE bundle: {}\n", u.bundle);
    return out;
  } else {
    // The unit's rates, then its counters by kind: every packet the model
    // counts on a unit is transit traffic (the routing engine's own traffic
    // is not modeled), so transit = traffic and local = 0 [I].
    out += rate_lines("    ", 21, u.traffic);
    out += "    Traffic statistics:\n" + count_lines("     ", 20, u.traffic);
    out += "    Local statistics:\n" + count_lines("     ", 20, InterfaceTraffic{});
    out += "    Transit statistics:\n" + rate_lines("     ", 20, u.traffic);
    // si and st0 units print one more block of the same shape, at zero with
    // inline IPsec [I]; its heading is not in the blog (ASSUMPTION).
    if (u.kind == ExtensiveKind::kServices || u.kind == ExtensiveKind::kSecureTunnel)
      out += "    Inline services statistics:\n" + rate_lines("     ", 20, InterfaceTraffic{});
  }
  out += families(u.families);
  return out;
}

std::string interfaces_extensive(const ExtensivePhysical& d) {
  std::string out = fmt::format("Physical interface: {}, Enabled, Physical link is Up\n", d.name);
  out += fmt::format("  Interface index: {}, SNMP ifIndex: {}, Generation: {}\n", d.index, d.snmp_index, d.generation);
  if (!d.description.empty()) out += fmt::format("  Description: {}\n", d.description);
  switch (d.kind) {
    case ExtensiveKind::kSecureTunnel:
      out += "  Type: Secure-Tunnel, Link-level type: Secure-Tunnel, MTU: 9192, Speed: Unlimited\n";
      break;
    case ExtensiveKind::kServices:
      out += fmt::format("  Type: Adaptive-Services, Link-level type: Adaptive-Services, MTU: 9192, Speed: {}\n",
                         d.speed.empty() ? "Unlimited" : d.speed);
      break;
    case ExtensiveKind::kAggregate:
      out += fmt::format("  Link-level type: Ethernet, MTU: {}, Speed: {}, BPDU Error: None, MAC-REWRITE Error: None, "
                         "Loopback: Disabled, Source filtering: Disabled, Flow control: Disabled\n",
                         d.mtu, d.speed);
      out += "  Minimum links needed: 1, Minimum bandwidth needed: 1bps\n";
      break;
    case ExtensiveKind::kOther:
      out += fmt::format("  Type: Software-Pseudo, Link-level type: Unspecified, MTU: {}\n", d.mtu);
      break;
    default:
      out += fmt::format("  Link-level type: Ethernet, MTU: {}, LAN-PHY mode, Speed: {}, BPDU Error: None, "
                         "Loop Detect PDU Error: None, MAC-REWRITE Error: None, Loopback: Disabled, "
                         "Source filtering: Disabled, Flow control: Enabled\n",
                         d.mtu, d.speed);
  }
  out += "  Device flags   : Present Running\n";
  out += d.kind == ExtensiveKind::kSecureTunnel ? "  Interface flags: Point-To-Point SNMP-Traps\n"
                                                 : "  Interface flags: SNMP-Traps Internal: 0x4000\n";
  if (has_ports(d.kind) && d.kind != ExtensiveKind::kAggregate) {
    out += "  Link flags     : None\n";
    out += "  CoS queues     : 8 supported, 8 maximum usable queues\n";
  }
  out += "  Hold-times     : Up 0 ms, Down 0 ms\n";
  if (has_ports(d.kind)) out += fmt::format("  Current address: {}, Hardware address: {}\n", d.mac, d.mac);
  out += "  Last flapped   : Never\n";
  out += "  Statistics last cleared: Never\n";
  out += "  Traffic statistics:\n" + rate_lines("   ", 21, d.traffic);
  if (has_ports(d.kind)) {
    // The model does not count IPv6 apart; Junos' label-switched (LSI)
    // block is at zero without MPLS LSIs [I, X].
    out += "   IPv6 transit statistics:\n" + count_lines("    ", 20, InterfaceTraffic{});
    out += "  Label-switched interface (LSI) traffic statistics:\n";
    out += fmt::format("   Input  bytes  :{:>21}{:>21} bps\n", 0, 0);
    out += fmt::format("   Input  packets:{:>21}{:>21} pps\n", 0, 0);
  }
  out += "  Input errors:\n";
  out += "    Errors: 0, Drops: 0, Framing errors: 0, Runts: 0, Policed discards: 0, L3 incompletes: 0, "
         "L2 channel errors: 0, L2 mismatch timeouts: 0, FIFO errors: 0, Resource errors: 0\n";
  out += "  Output errors:\n";
  out += "    Carrier transitions: 1, Errors: 0, Drops: 0, Collisions: 0, Aged packets: 0, FIFO errors: 0, "
         "HS link CRC errors: 0, MTU errors: 0, Resource errors: 0\n";
  if (has_ports(d.kind)) out += "  Active alarms  : None\n  Active defects : None\n";
  out += "  Interface transmit statistics: Disabled\n";
  for (const auto& u : d.units) out += "\n" + interfaces_extensive(u);
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
