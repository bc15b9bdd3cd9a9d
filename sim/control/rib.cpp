#include "rib.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <string>

namespace trio6sim::control {

std::string_view protocol_name(Protocol p) {
  switch (p) {
    case Protocol::kDirect: return "Direct";
    case Protocol::kLocal: return "Local";
    case Protocol::kStatic: return "Static";
    case Protocol::kIsis: return "IS-IS";
    case Protocol::kBgp: return "BGP";
    case Protocol::kAriTs: return "ARI-TS";
  }
  return "?";
}

int default_preference(Protocol p) {
  switch (p) {
    case Protocol::kDirect:
    case Protocol::kLocal: return 0;
    case Protocol::kStatic: return 5;
    case Protocol::kIsis: return 18;
    case Protocol::kBgp: return 170;
    case Protocol::kAriTs: return 5;
  }
  return 255;
}

junos::IpPrefix network_of(const junos::IpPrefix& p) {
  uint8_t bytes[16] = {};
  const std::size_t size = p.address.size();
  std::memcpy(bytes, p.address.data(), size);
  for (std::size_t i = 0; i < size; ++i) {
    const int keep = std::clamp(p.length - static_cast<int>(i) * 8, 0, 8);
    bytes[i] &= static_cast<uint8_t>(0xff00 >> keep);
  }
  return {size == 4 ? IpAddress::v4(bytes) : IpAddress::v6(bytes), p.length};
}

bool prefix_contains(const junos::IpPrefix& p, const IpAddress& a) {
  if (p.address.family() != a.family()) return false;
  return network_of({a, p.length}).address == network_of(p).address;
}

void Rib::add(RibRoute route) {
  route.prefix = network_of(route.prefix);
  routes_.push_back(std::move(route));
}

const RibRoute* Rib::best_match(const IpAddress& address, bool include_bgp) const {
  const RibRoute* best = nullptr;
  for (const auto& r : routes_) {
    if (!r.active || (!include_bgp && r.protocol == Protocol::kBgp) || !prefix_contains(r.prefix, address)) continue;
    if (!best || r.prefix.length > best->prefix.length) best = &r;
  }
  return best;
}

void Rib::set_interface_up(const std::string& ifl, bool up) {
  if (up) down_.erase(ifl);
  else down_.insert(ifl);
}

void Rib::resolve() {
  // Pass 1: routes with their own next hops; a gateway is reached through the
  // direct route that holds it.
  for (auto& r : routes_) {
    r.forwarding.clear();
    r.active = false;
  }
  auto direct_interface = [&](const IpAddress& gateway) -> std::string {
    for (const auto& d : routes_)
      if (d.protocol == Protocol::kDirect && prefix_contains(d.prefix, gateway)) return d.next_hops.front().interface;
    return "";
  };
  for (auto& r : routes_) {
    if (r.protocol_next_hop) continue;
    for (auto nh : r.next_hops) {
      if (nh.gateway && nh.interface.empty()) nh.interface = direct_interface(*nh.gateway);
      if (nh.interface.empty() && !nh.local && !nh.discard) continue;  // gateway not on a subnet
      if (!nh.interface.empty() && down_.contains(nh.interface)) continue;  // its link is down
      r.forwarding.push_back(nh);
    }
  }
  // The active route of each prefix: the lowest preference among the
  // resolved ones, the first added on a tie.
  auto choose_active = [&] {
    std::map<std::string, RibRoute*> best;
    for (auto& r : routes_) {
      r.active = false;
      if (r.forwarding.empty()) continue;
      RibRoute*& current = best[r.prefix.to_string()];
      if (!current || r.preference < current->preference) current = &r;
    }
    for (auto& [prefix, r] : best) r->active = true;
  };
  choose_active();
  // Pass 2: protocol next hops through the active non-BGP routes (Junos
  // resolves BGP next hops over IGP and static routes, not over BGP).
  for (auto& r : routes_) {
    if (!r.protocol_next_hop) continue;
    const RibRoute* via = best_match(*r.protocol_next_hop, /*include_bgp=*/false);
    if (!via) continue;
    for (auto nh : via->forwarding) {
      if (r.push_label) nh.push_label = r.push_label;
      r.forwarding.push_back(nh);
    }
  }
  choose_active();
}

const RibRoute* Rib::lookup(const IpAddress& address) const { return best_match(address, /*include_bgp=*/true); }

const RibRoute* Rib::resolving_route(const IpAddress& protocol_next_hop) const {
  return best_match(protocol_next_hop, /*include_bgp=*/false);
}

std::vector<const RibRoute*> Rib::routes_for(const IpAddress& address) const {
  const RibRoute* best = lookup(address);
  std::vector<const RibRoute*> out;
  if (!best) return out;
  for (const auto& r : routes_)
    if (r.prefix == best->prefix) out.push_back(&r);
  std::stable_sort(out.begin(), out.end(), [](const RibRoute* a, const RibRoute* b) { return a->active > b->active; });
  return out;
}

Rib::TableCounts Rib::counts(IpAddress::Family family) const {
  TableCounts c;
  std::set<std::pair<IpAddress, int>> seen;  // a set: thousands of ARI-TS routes
  for (const auto& r : routes_) {
    if (r.prefix.address.family() != family) continue;
    ++c.routes;
    c.active += r.active;
    seen.emplace(r.prefix.address, r.prefix.length);
  }
  c.destinations = seen.size();
  return c;
}

namespace {

bool in_routing_instance(const junos::DeviceConfig& config, const std::string& ifl) {
  for (const auto& ri : config.routing_instances)
    if (std::find(ri.interfaces.begin(), ri.interfaces.end(), ifl) != ri.interfaces.end()) return true;
  return false;
}

// Direct and Local routes of the units `wanted` accepts.
template <class Wanted>
void add_interface_routes(Rib& rib, const junos::DeviceConfig& config, Wanted&& wanted) {
  for (const auto& ifd : config.interfaces) {
    for (const auto& unit : ifd.units) {
      const std::string ifl = ifd.name + "." + std::to_string(unit.number);
      if (!wanted(ifl)) continue;
      for (const auto& family : unit.families) {
        for (const auto& p : family.ip_prefixes()) {
          const int host = p.address.is_v4() ? 32 : 128;
          if (p.length < host) {
            RibRoute direct;
            direct.prefix = p;
            direct.protocol = Protocol::kDirect;
            direct.preference = default_preference(Protocol::kDirect);
            direct.next_hops.push_back({ifl, std::nullopt, std::nullopt, false, false});
            rib.add(direct);
          }
          RibRoute local;
          local.prefix = {p.address, host};
          local.protocol = Protocol::kLocal;
          local.preference = default_preference(Protocol::kLocal);
          local.next_hops.push_back({ifl, std::nullopt, std::nullopt, true, false});
          rib.add(local);
        }
      }
    }
  }
}

void add_static_routes(Rib& rib, const std::vector<junos::StaticRoute>& routes) {
  for (const auto& s : routes) {
    RibRoute r;
    r.prefix = s.destination;
    r.protocol = Protocol::kStatic;
    r.preference = default_preference(Protocol::kStatic);
    for (const auto& nh : s.next_hops) {
      if (auto a = IpAddress::parse(nh)) r.next_hops.push_back({"", *a, std::nullopt, false, false});
      else r.next_hops.push_back({nh, std::nullopt, std::nullopt, false, false});
    }
    rib.add(r);
  }
}

}  // namespace

void add_config_routes(Rib& rib, const junos::DeviceConfig& config) {
  // A VRF's interfaces put their routes in the VRF's table, not here.
  add_interface_routes(rib, config, [&](const std::string& ifl) { return !in_routing_instance(config, ifl); });
  add_static_routes(rib, config.static_routes);
}

void add_instance_routes(Rib& rib, const junos::DeviceConfig& config, const junos::RoutingInstance& instance) {
  add_interface_routes(rib, config, [&](const std::string& ifl) {
    return std::find(instance.interfaces.begin(), instance.interfaces.end(), ifl) != instance.interfaces.end();
  });
  add_static_routes(rib, instance.static_routes);
}

}  // namespace trio6sim::control
