// The values of statements, checked as Junos checks them when a file is loaded
// (addresses and prefix lengths, interface names of the platform, unit numbers,
// keys). Each check returns what was expected when the value is wrong, and
// nullopt when it is right.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "junos/device_config.h"

namespace trio6sim::junos {

using ValueProblem = std::optional<std::string>;

enum class AddressFamily { kAny, kV4, kV6 };

ValueProblem check_ip_address(std::string_view text, AddressFamily family = AddressFamily::kAny);
// `min_length`: Junos takes interface prefix lengths "from 1 through 32" (IPv4)
// [Junos OS, "Format for Specifying IP Addresses, Network Masks, and Prefixes",
// juniper.net/documentation/en_US/junos13.1/topics/concept/junos-software-formats-ip-address-network-masks.html];
// routes and selectors may be /0.
ValueProblem check_ip_prefix(std::string_view text, AddressFamily family, int min_length);
// An ISO network entity title: hexadecimal digits in dot-separated groups.
ValueProblem check_iso_address(std::string_view text);
ValueProblem check_unit_number(std::string_view text);
// A physical interface a modeled MX has: et-FPC/PIC/PORT (FPC 0-7, PIC 0-5,
// PORT 0-15), si-FPC/PIC/0..3, aeN, lo0, st0, irb, fxp0, em0, em1. Whether the
// device's platform has that FPC, PIC and port is checked when a scenario
// places it (control/router_plan.h).
ValueProblem check_interface_name(std::string_view name);
// "si-0/1/0.0", "st0.1"; with `unit_optional` also "ae0".
ValueProblem check_interface_unit(std::string_view text, bool unit_optional);
// A static route's next hop: an address of the route's family or an interface unit.
ValueProblem check_next_hop(std::string_view text, AddressFamily family);
// `ascii-text`: a "$9$" string must decode.
ValueProblem check_ascii_secret(std::string_view text);
// `hexadecimal`: an even number of hexadecimal digits (whole bytes), possibly $9$-encoded.
ValueProblem check_hex_secret(std::string_view text);

// MX304 port names [M] (one FPC, 0; PIC = LMIC 0..2): et-0/PIC/0..15 and
// si-0/PIC/0..3, written exactly so (no leading zeros, no channel).
std::optional<FpcPicPort> mx304_ethernet_port(std::string_view name);
std::optional<FpcPicPort> mx304_services_port(std::string_view name);
// The same in the ranges of every modeled platform (check_interface_name).
std::optional<FpcPicPort> ethernet_port(std::string_view name);
std::optional<FpcPicPort> services_port(std::string_view name);

}  // namespace trio6sim::junos
