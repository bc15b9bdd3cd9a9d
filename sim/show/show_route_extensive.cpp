#include "show_route_extensive.h"

#include <fmt/core.h>

namespace trio6sim::show {

namespace {

// Junos separates some fields with a tab; the blog's copy has it expanded to
// 8-column stops ("*BGP    Preference", "Age: 2:29:24    Metric2").
std::string tab(std::string line) {
  do line += ' ';
  while (line.size() % 8 != 0);
  return line;
}

const std::string kIndent(16, ' ');   // an entry's lines
const std::string kIndirect(24, ' ');  // "Indirect next hops:" block
const std::string kPath(32, ' ');      // its forwarding next hops
const std::string kNode(34, ' ');      // the resolving route's node
const std::string kNodeNh(40, ' ');    // and its next hops

// The three lines Junos prints under a next hop that pushes a label; we know
// Junos' defaults: TTL propagated (no `no-propagate-ttl` is configured) and
// no load-balance label.
void label_lines(std::string& out, const std::string& indent, uint32_t label) {
  out += fmt::format("{}Label operation: Push {}\n", indent, label);
  out += fmt::format("{}Label TTL action: prop-ttl\n", indent);
  out += fmt::format("{}Load balance label: Label {}: None; \n", indent, label);
}

std::string next_hop_type(const ExtensiveNextHop& nh) {
  return "Next hop type: " + nh.type + (nh.index ? fmt::format(", Next hop index: {}", *nh.index) : "");
}

// Static routes belong to rpd's "RT" task, interface routes to "IF".
std::string task(const RouteExtensiveEntry& e) {
  if (e.protocol == "BGP") return e.peer_as ? fmt::format("BGP_{}.{}", *e.peer_as, e.source) : "";
  if (e.protocol == "Static") return "RT";
  if (e.protocol == "Direct" || e.protocol == "Local") return "IF";
  return e.protocol;
}

void entry(std::string& out, const RouteExtensiveEntry& e) {
  const bool bgp = e.protocol == "BGP";
  // BGP's second preference is -(local preference + 1): the higher localpref wins the tie.
  std::string pref = fmt::format("{}Preference: {}", tab(fmt::format("        {}{}", e.active ? '*' : ' ', e.protocol)),
                                 e.preference);
  if (bgp && e.localpref) pref += fmt::format("/{}", -static_cast<int64_t>(*e.localpref) - 1);
  out += pref + "\n";
  const auto& pnh = e.protocol_next_hop;
  // Junos gives the route's indirect next hop index 0 (both blog routes); the
  // kernel's index of it is in the "Indirect next hop" line we leave out.
  // A route with its own next hops prints their type once, as the route's.
  if (pnh) out += kIndent + "Next hop type: Indirect, Next hop index: 0\n";
  else if (!e.next_hops.empty()) out += kIndent + next_hop_type(e.next_hops.front()) + "\n";
  // The model has only the default routing instance, whose kernel table is 0.
  out += kIndent + "Kernel Table Id: 0\n";
  if (bgp) out += kIndent + "Source: " + e.source + "\n";
  bool selected = true;
  for (const auto& nh : e.next_hops) {
    if (pnh) out += kIndent + next_hop_type(nh) + "\n";
    if (!nh.via.empty()) out += kIndent + "Next hop: " + nh.via + (selected ? ", selected" : "") + "\n";
    if (nh.push_label) label_lines(out, kIndent, *nh.push_label);
    selected = false;
  }
  if (pnh) {
    out += kIndent + "Protocol next hop: " + pnh->address + "\n";
    if (pnh->push_label) label_lines(out, kIndent, *pnh->push_label);
  }
  // Junos marks BGP routes "Ext" (exterior), and those from an internal
  // peer, like every non-BGP route, also "Int".
  std::string state = e.active ? "Active" : "";
  if (!bgp || e.internal) state += state.empty() ? "Int" : " Int";
  if (bgp) state += state.empty() ? "Ext" : " Ext";
  out += kIndent + "State: <" + state + ">\n";
  if (!e.active && !e.next_hops.empty()) out += kIndent + "Inactive reason: Route Preference\n";
  if (e.local_as) {
    std::string as = fmt::format("Local AS: {}", *e.local_as);
    if (bgp && e.peer_as) as += fmt::format(" Peer AS: {}", *e.peer_as);
    out += kIndent + as + "\n";
  }
  std::string age = kIndent + "Age: " + route_age_extensive(e.age_s);
  if (pnh) age = tab(age) + fmt::format("Metric2: {} ", pnh->metric2);
  else if (e.metric) age = tab(age) + fmt::format("Metric: {} ", *e.metric);
  out += age + "\n";
  // The model runs no origin validation, as `show route` says too.
  out += kIndent + "Validation State: unverified \n";
  if (const std::string t = task(e); !t.empty()) out += kIndent + "Task: " + t + "\n";
  out += kIndent + "AS path: " + (e.as_path.empty() ? "I" : e.as_path) + " \n";
  if (bgp) {
    out += kIndent + "Accepted\n";  // in the table, so import accepted it
    if (pnh && pnh->push_label) out += fmt::format("{}Route Label: {}\n", kIndent, *pnh->push_label);
    if (e.localpref) out += fmt::format("{}Localpref: {}\n", kIndent, *e.localpref);
    if (!e.router_id.empty()) out += kIndent + "Router ID: " + e.router_id + "\n";
  }
  // rpd's main thread, where routes live since Junos 22 (not model state).
  out += kIndent + "Thread: junos-main \n";
  if (!pnh) return;
  out += kIndent + "Indirect next hops: 1\n";
  std::string resolv = kIndirect + "Protocol next hop: " + pnh->address + " ResolvState: " +
                       (pnh->forwarding.empty() ? "Unresolved" : "Resolved");
  if (pnh->tsp_index) resolv += fmt::format(" TSP index: {}", *pnh->tsp_index);
  out += resolv + "\n";
  if (pnh->push_label) label_lines(out, kIndirect, *pnh->push_label);
  if (pnh->forwarding.empty()) return;
  out += fmt::format("{}Indirect path forwarding next hops: {}\n", kIndirect, pnh->forwarding.size());
  for (const auto& via : pnh->forwarding) out += kPath + "Next hop type: Router\n" + kPath + "Next hop: " + via + "\n";
  out += kPath + pnh->resolving_prefix + " Originating RIB: " + pnh->resolving_table + "\n";
  out += fmt::format("{}Forwarding nexthops: {}\n", kNode, pnh->forwarding.size());
  for (const auto& via : pnh->forwarding) out += kNodeNh + "Next hop type: Router\n" + kNodeNh + "Next hop: " + via + "\n";
}

}  // namespace

std::string route_age_extensive(uint64_t s) {
  const uint64_t days = s / 86400, h = s / 3600 % 24, m = s / 60 % 60, sec = s % 60;
  if (days > 0) return fmt::format("{}d {}:{:02}:{:02}", days, h, m, sec);
  if (h > 0) return fmt::format("{}:{:02}:{:02}", h, m, sec);
  if (m > 0) return fmt::format("{}:{:02}", m, sec);
  return std::to_string(sec);
}

std::string route_extensive(const TableSummary& table, const RouteExtensiveView& route) {
  std::string out = fmt::format("{}: {} destinations, {} routes ({} active, 0 holddown, 0 hidden)\n", table.name,
                                table.destinations, table.routes, table.active);
  if (route.entries.empty()) return out;
  // Only the active route is announced (to the kernel and to BGP peers).
  std::size_t announced = 0;
  for (const auto& e : route.entries) announced += e.active;
  out += fmt::format("{} ({} {}, {} announced)\n", route.prefix, route.entries.size(),
                     route.entries.size() == 1 ? "entry" : "entries", announced);
  for (const auto& e : route.entries) entry(out, e);
  return out;
}

}  // namespace trio6sim::show
