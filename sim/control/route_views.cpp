#include "route_views.h"

#include <fmt/core.h>

#include <charconv>
#include <string>

namespace trio6sim::control {

namespace {

uint64_t age_s(const RibRoute& r, uint64_t now_ps) {
  return (now_ps - std::min(now_ps, r.installed_ps)) / 1000000000000ull;
}

std::string via_text(const RibNextHop& nh) {
  return nh.gateway ? fmt::format("to {} via {}", nh.gateway->to_string(), nh.interface) : "via " + nh.interface;
}

std::string next_hop_text(const RibNextHop& nh) {
  if (nh.local) return "Local via " + nh.interface;
  if (nh.discard) return "Discard";
  std::string s = via_text(nh);
  if (nh.push_label) s += fmt::format(", Push {}", *nh.push_label);
  return s;
}

show::ExtensiveNextHop extensive_next_hop(const RibNextHop& nh) {
  if (nh.discard) return {"Discard", "", std::nullopt, std::nullopt};
  return {nh.local ? "Local" : "Router", via_text(nh), nh.push_label, std::nullopt};
}

// An EBGP peer's AS is the first of the path it sent ("20001 I" -> 20001).
std::optional<uint32_t> first_as(const std::string& as_path) {
  uint32_t as = 0;
  const auto [end, ec] = std::from_chars(as_path.data(), as_path.data() + as_path.size(), as);
  if (ec != std::errc() || end == as_path.data()) return std::nullopt;
  return as;
}

const char* table_name(const IpAddress& a) { return a.is_v4() ? "inet.0" : "inet6.0"; }

show::ProtocolNextHopView protocol_next_hop_view(const Rib& rib, const RibRoute& r) {
  show::ProtocolNextHopView v;
  v.address = r.protocol_next_hop->to_string();
  v.push_label = r.push_label;
  if (const RibRoute* via = rib.resolving_route(*r.protocol_next_hop)) {
    v.resolving_prefix = via->prefix.to_string();
    v.resolving_table = table_name(via->prefix.address);
    v.metric2 = via->metric;
    for (const auto& nh : via->forwarding) v.forwarding.push_back(via_text(nh));
  }
  return v;
}

}  // namespace

IpAddress bgp_peer(const IpAddress& pnh) {
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (pnh.is_v6() && std::equal(kMapped, kMapped + 12, pnh.data())) return IpAddress::v4(pnh.data() + 12);
  return pnh;
}

show::RouteView route_view(const std::vector<const RibRoute*>& routes, uint64_t now_ps) {
  show::RouteView view{routes.empty() ? "" : routes.front()->prefix.to_string(), {}};
  for (const RibRoute* r : routes) {
    show::RouteEntryView e;
    e.protocol = std::string(protocol_name(r->protocol));
    e.preference = r->preference;
    e.active = r->active;
    e.age_s = age_s(*r, now_ps);
    if (r->protocol == Protocol::kIsis) e.metric = r->metric;
    if (r->protocol == Protocol::kBgp) {
      e.localpref = 100;  // Junos' default local preference
      if (r->protocol_next_hop) e.from = bgp_peer(*r->protocol_next_hop).to_string();
      e.as_path = r->as_path;
    }
    for (const auto& nh : r->forwarding) e.next_hops.push_back(next_hop_text(nh));
    view.entries.push_back(std::move(e));
  }
  return view;
}

show::RouteExtensiveView route_extensive_view(const Rib& rib, const std::vector<const RibRoute*>& routes,
                                              std::optional<uint32_t> local_as, uint64_t now_ps) {
  show::RouteExtensiveView view{routes.empty() ? "" : routes.front()->prefix.to_string(), {}};
  for (const RibRoute* r : routes) {
    show::RouteExtensiveEntry e;
    e.protocol = std::string(protocol_name(r->protocol));
    e.preference = r->preference;
    e.active = r->active;
    e.age_s = age_s(*r, now_ps);
    if (r->protocol == Protocol::kIsis) e.metric = r->metric;
    for (const auto& nh : r->forwarding) e.next_hops.push_back(extensive_next_hop(nh));
    e.local_as = local_as;
    if (r->protocol == Protocol::kBgp) {
      e.localpref = 100;  // Junos' default local preference
      e.as_path = r->as_path;
      if (r->protocol_next_hop) {  // from the IBGP peer: same AS
        e.internal = true;
        e.source = bgp_peer(*r->protocol_next_hop).to_string();
        e.peer_as = local_as;
        e.protocol_next_hop = protocol_next_hop_view(rib, *r);
      } else {  // from an EBGP neighbour on a shared subnet
        if (!r->next_hops.empty() && r->next_hops.front().gateway) e.source = r->next_hops.front().gateway->to_string();
        e.peer_as = first_as(r->as_path);
      }
    }
    view.entries.push_back(std::move(e));
  }
  return view;
}

}  // namespace trio6sim::control
