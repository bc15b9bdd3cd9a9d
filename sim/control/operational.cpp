#include "operational.h"

#include <fmt/core.h>

#include "show/show_interfaces.h"
#include "show/show_route.h"

namespace trio6sim::control {

namespace {

std::string next_hop_text(const RibNextHop& nh) {
  if (nh.local) return "Local via " + nh.interface;
  if (nh.discard) return "Discard";
  std::string s = nh.gateway ? fmt::format("to {} via {}", nh.gateway->to_string(), nh.interface) : "via " + nh.interface;
  if (nh.push_label) s += fmt::format(", Push {}", *nh.push_label);
  return s;
}

}  // namespace

Expected<std::string, std::string> show_route(const Rib& rib, const std::string& argument, uint64_t now_ps) {
  const std::string address_text = argument.substr(0, argument.find('/'));
  auto address = IpAddress::parse(address_text);
  if (!address) return unexpected("show route: expected an address or prefix, got '" + argument + "'");
  const auto family = address->family();
  const auto counts = rib.counts(family);
  show::TableSummary table{address->is_v4() ? "inet.0" : "inet6.0", counts.destinations, counts.routes, counts.active};
  const auto routes = rib.routes_for(*address);
  std::vector<show::RouteView> views;
  if (!routes.empty()) {
    show::RouteView view{routes.front()->prefix.to_string(), {}};
    for (const RibRoute* r : routes) {
      show::RouteEntryView e;
      e.protocol = std::string(protocol_name(r->protocol));
      e.preference = r->preference;
      e.active = r->active;
      e.age_s = (now_ps - std::min(now_ps, r->installed_ps)) / 1000000000000ull;
      if (r->protocol == Protocol::kIsis) e.metric = r->metric;
      if (r->protocol == Protocol::kBgp) {
        e.localpref = 100;  // Junos' default local preference
        if (r->protocol_next_hop) e.from = r->protocol_next_hop->to_string();
        e.as_path = r->as_path;
      }
      for (const auto& nh : r->forwarding) e.next_hops.push_back(next_hop_text(nh));
      view.entries.push_back(std::move(e));
    }
    views.push_back(std::move(view));
  }
  return show::route(table, views);
}

std::string show_interfaces_terse(const junos::DeviceConfig& config) {
  std::vector<show::TerseLine> lines;
  for (const auto& ifd : config.interfaces) {
    lines.push_back({ifd.name, true, true, {}});
    for (const auto& unit : ifd.units) {
      show::TerseLine line{ifd.name + "." + std::to_string(unit.number), true, true, {}};
      for (const auto& f : unit.families) line.families.push_back({f.name, f.addresses});
      lines.push_back(std::move(line));
    }
  }
  return show::interfaces_terse(lines);
}

}  // namespace trio6sim::control
