// Junos `show route ADDRESS extensive`: every route of one destination with
// its next hops, state and, for BGP, how the protocol next hop resolves (the
// blog's PE1 output for 60.1.2.0 and 3000:60:1:1::1).
//
// Only what a routing-table model can know is printed. Lines that show rpd
// and kernel internals are left out, never invented (blog line numbers for
// the 60.1.2.0 output; the IPv6 one has the same lines):
//   859-869  the TSI block (kernel install id, the BGP advertisement pages
//            with their memory addresses, "Vector len"): the model does not
//            run BGP export or a kernel;
//   872-873  "Address: 0x...", "Next-hop reference count": memory address and
//            kernel reference count;
//   878 ...  "Session Id": kernel next hop session ids;
//   880, 894 "Indirect next hop: 0x... 1048574 INH Session ID ...": kernel
//            indirect next hop address and ids;
//   886      "Announcement bits": rpd's task bit numbers;
//   900-901  "Node path count", "Helper node: 0x...": rpd's resolution tree;
//   949-953  (IPv6) "Label element ptr/references/lsp id": memory addresses
//            and reference counts.
// Fields the model has no value for are optional below: when empty, the
// part of the line that shows them is left out (Junos itself prints
// "Next hop type: Router" without an index in the resolution block).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "show/show_route.h"

namespace trio6sim::show {

struct ExtensiveNextHop {
  std::string type = "Router";         // "Router", "Local", "Discard"
  std::string via;                     // "via st0.1", "to 13.10.1.2 via ae0.0"; empty for Discard
  std::optional<uint32_t> push_label;  // "Label operation: Push 17"
  std::optional<uint32_t> index;       // the kernel's next hop index (blog: 577); the model has none
};

// How a BGP protocol next hop resolves: through the route `resolving_prefix`
// of `resolving_table`, whose forwarding next hops are `forwarding`.
struct ProtocolNextHopView {
  std::string address;                 // "12.1.1.2", "::ffff:12.1.1.2"
  std::optional<uint32_t> push_label;  // the label BGP learned with the route
  std::optional<uint32_t> tsp_index;   // rpd's (blog: 4); the model has none
  std::string resolving_prefix;        // "12.1.1.2/32"
  std::string resolving_table;         // "inet.0"
  int metric2 = 0;                     // the resolving route's metric (IGP cost to the next hop)
  std::vector<std::string> forwarding;  // "via st0.1"
};

struct RouteExtensiveEntry {
  std::string protocol;  // "BGP", "Static", "IS-IS", "Direct", "Local"
  int preference = 0;
  bool active = false;
  uint64_t age_s = 0;
  std::optional<int> metric;              // IS-IS
  std::vector<ExtensiveNextHop> next_hops;  // the first is selected
  std::optional<uint32_t> local_as;
  // BGP only:
  bool internal = false;                  // learned from an IBGP peer ("Int")
  std::string source;                     // the peer, "12.1.1.2"
  std::optional<uint32_t> peer_as;
  std::optional<uint32_t> localpref;
  std::string as_path;                    // "20002 I"
  std::string router_id;                  // the peer's (blog: 100.1.1.1); empty: not known
  std::optional<ProtocolNextHopView> protocol_next_hop;
};

struct RouteExtensiveView {
  std::string prefix;  // "60.1.2.0/24"
  std::vector<RouteExtensiveEntry> entries;  // active first
};

// "2:29:24", "3d 16:31:10": the extensive form's ages (hours not zero-padded,
// unlike the terse form's "02:29:23"); "14:05" and "7" below an hour and a minute.
std::string route_age_extensive(uint64_t seconds);

std::string route_extensive(const TableSummary& table, const RouteExtensiveView& route);

}  // namespace trio6sim::show
