#include "control/vpn_plan.h"

#include <algorithm>
#include <fmt/core.h>

namespace trio6sim::control {

namespace {

std::string where(const junos::Origin& o) { return fmt::format("{}:{}", o.where.file, o.where.line); }

// This router's inet-vpn session address (the first peering's local-address).
std::optional<IpAddress> vpn_address(const junos::DeviceConfig& c) {
  for (const auto& p : c.inet_vpn_peerings)
    if (p.local_address) return p.local_address;
  return std::nullopt;
}

bool peers_with(const junos::DeviceConfig& c, const IpAddress& neighbor) {
  for (const auto& p : c.inet_vpn_peerings)
    if (std::find(p.neighbors.begin(), p.neighbors.end(), neighbor) != p.neighbors.end()) return true;
  return false;
}

}  // namespace

uint32_t allocate_label(const std::vector<uint32_t>& labels_in_use, std::vector<uint32_t>& allocated) {
  uint32_t label = 16;
  while (std::find(labels_in_use.begin(), labels_in_use.end(), label) != labels_in_use.end() ||
         std::find(allocated.begin(), allocated.end(), label) != allocated.end())
    ++label;
  allocated.push_back(label);
  return label;
}

Expected<std::vector<std::vector<PlannedVrf>>, std::string> plan_vpns(const std::vector<VpnDevice>& devices) {
  std::vector<std::vector<PlannedVrf>> out(devices.size());
  // Each VRF: its table, its interfaces (configured units), its label.
  for (std::size_t d = 0; d < devices.size(); ++d) {
    const junos::DeviceConfig& c = *devices[d].config;
    std::vector<uint32_t> allocated;
    for (const auto& ri : c.routing_instances) {
      PlannedVrf vrf;
      vrf.name = ri.name;
      for (std::size_t i = 0; i < ri.interfaces.size(); ++i) {
        const std::string& ifl = ri.interfaces[i];
        if (ifl.starts_with("irb")) continue;  // bound through its bridge domain (device_builder.cpp)
        if (!c.unit(ifl))
          return unexpected(fmt::format("{}: routing instance {}: interface {} is not configured (expected a unit "
                                        "under interfaces, e.g. et-0/2/10 unit 0)",
                                        where(ri.interface_origins[i]), ri.name, ifl));
        for (const auto& other : c.routing_instances)
          if (&other != &ri && std::find(other.interfaces.begin(), other.interfaces.end(), ifl) != other.interfaces.end())
            return unexpected(fmt::format("{}: routing instance {}: interface {} already belongs to routing instance {}",
                                          where(ri.interface_origins[i]), ri.name, ifl, other.name));
        vrf.interfaces.push_back(ifl);
      }
      if (ri.vrf_table_label) vrf.label = allocate_label(devices[d].labels_in_use, allocated);
      add_instance_routes(vrf.rib, c, ri);
      vrf.rib.resolve();
      out[d].push_back(std::move(vrf));
    }
  }
  // The exchange: B's VRF routes into A's VRF of the same target, when A and
  // B peer over inet-vpn (each names the other's local-address).
  for (std::size_t a = 0; a < devices.size(); ++a) {
    const junos::DeviceConfig& ca = *devices[a].config;
    const auto a_address = vpn_address(ca);
    if (!a_address) continue;
    for (std::size_t b = 0; b < devices.size(); ++b) {
      if (a == b) continue;
      const junos::DeviceConfig& cb = *devices[b].config;
      const auto b_address = vpn_address(cb);
      if (!b_address || !peers_with(ca, *b_address) || !peers_with(cb, *a_address)) continue;
      for (std::size_t va = 0; va < ca.routing_instances.size(); ++va) {
        const junos::RoutingInstance& ria = ca.routing_instances[va];
        for (std::size_t vb = 0; vb < cb.routing_instances.size(); ++vb) {
          const junos::RoutingInstance& rb = cb.routing_instances[vb];
          if (ria.vrf_target.empty() || ria.vrf_target != rb.vrf_target) continue;
          if (!rb.vrf_table_label)
            return unexpected(fmt::format(
                "{}: routing instance {} of {} advertises VPN routes to {} without vrf-table-label: Junos then "
                "allocates a label per next hop, which the model does not (expected vrf-table-label)",
                where(rb.origin), rb.name, devices[b].name, devices[a].name));
          // A's end of the GRE tunnel to B's address.
          const junos::DynamicTunnel* tunnel = nullptr;
          for (const auto& t : ca.dynamic_tunnels)
            if (t.gre && std::any_of(t.destination_networks.begin(), t.destination_networks.end(),
                                     [&](const junos::IpPrefix& p) { return prefix_contains(p, *b_address); }))
              tunnel = &t;
          if (!tunnel)
            return unexpected(fmt::format(
                "{}: routing instance {} of {}: VPN routes from {} have protocol next hop {}, which no dynamic GRE "
                "tunnel reaches (expected routing-options dynamic-tunnels NAME {{ source-address ...; gre; "
                "destination-networks {{ {}/32; }} }}: LDP, RSVP and other inet.3 routes are not modeled)",
                where(ria.origin), ria.name, devices[a].name, devices[b].name, b_address->to_string(),
                b_address->to_string()));
          if (!ca.gre_next_hop_based_tunnels)
            return unexpected(fmt::format(
                "{}: dynamic GRE tunnel {} of {}: interface-based dynamic GRE tunnels (gr- interfaces, tunnel "
                "services) are not modeled (expected routing-options dynamic-tunnels gre next-hop-based-tunnel)",
                where(tunnel->origin), tunnel->name, devices[a].name));
          if (!tunnel->source_address)
            return unexpected(fmt::format("{}: dynamic GRE tunnel {} of {} has no source-address (expected one)",
                                          where(tunnel->origin), tunnel->name, devices[a].name));
          if (!devices[a].global->lookup(*b_address))
            return unexpected(fmt::format("{}: dynamic GRE tunnel {} of {}: its far end {} has no route in inet.0 "
                                          "(expected a route, e.g. the static route into st0.1)",
                                          where(tunnel->origin), tunnel->name, devices[a].name,
                                          b_address->to_string()));
          const PlannedVrf& from = out[b][vb];
          for (const auto& r : from.rib.routes()) {
            if (!r.active || (r.protocol != Protocol::kDirect && r.protocol != Protocol::kStatic)) continue;
            out[a][va].remote.push_back({r.prefix, *b_address, from.label, *tunnel->source_address, devices[b].name});
          }
        }
      }
    }
  }
  return out;
}

}  // namespace trio6sim::control
