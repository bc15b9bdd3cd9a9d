#include "router_plan.h"

#include <algorithm>
#include <unordered_map>
#include <fmt/core.h>

#include "junos/value_checks.h"

namespace trio6sim::control {

// The names are those the configuration check accepts (junos/value_checks.h).
std::optional<PortLocation> mx304_port(std::string_view name) {
  auto fpp = junos::mx304_ethernet_port(name);
  if (!fpp) return std::nullopt;
  PortLocation at;
  at.lmic = fpp->pic;
  at.port = fpp->port;
  at.slice = at.port < 8 ? 1 : 0;
  at.port_group = (at.port < 4 || at.port >= 12) ? 0 : 1;
  return at;
}

std::optional<SiLocation> mx304_si(std::string_view name) {
  auto fpp = junos::mx304_services_port(name);
  if (!fpp) return std::nullopt;
  return SiLocation{fpp->pic, fpp->port / 2, fpp->port};
}

namespace {

std::string ifd_of(const std::string& unit_name) {
  const auto dot = unit_name.rfind('.');
  return dot == std::string::npos ? unit_name : unit_name.substr(0, dot);
}

bool has_lmic(const std::vector<int>& lmics, int lmic) {
  return std::find(lmics.begin(), lmics.end(), lmic) != lmics.end();
}

}  // namespace

Expected<RouterPlan, std::string> plan_router(const std::string& device, const junos::DeviceConfig& config,
                                              const Rib& rib, const std::vector<int>& lmics,
                                              const NegotiationResult& negotiation) {
  RouterPlan plan;
  plan.device = device;
  plan.lmics = lmics;
  for (const auto& ifd : config.interfaces) {
    const std::string where = fmt::format("{}:{}", ifd.origin.where.file, ifd.origin.where.line);
    switch (ifd.kind) {
      case junos::InterfaceKind::kEthernet: {
        auto at = mx304_port(ifd.name);
        if (!at) return unexpected(fmt::format("{}: {}: not a port of an MX304 (et-0/LMIC/0..15)", where, ifd.name));
        if (!has_lmic(lmics, at->lmic))
          return unexpected(fmt::format("{}: {}: LMIC {} is not populated on {}", where, ifd.name, at->lmic, device));
        plan.ports.push_back({ifd.name, *at, ifd.bundle});
        break;
      }
      case junos::InterfaceKind::kAggregatedEthernet: plan.aggregates.push_back({ifd.name, {}}); break;
      case junos::InterfaceKind::kServices: {
        auto at = mx304_si(ifd.name);
        if (!at) return unexpected(fmt::format("{}: {}: not an si interface of an MX304 (si-0/LMIC/0..3)", where, ifd.name));
        if (!has_lmic(lmics, at->lmic))
          return unexpected(fmt::format("{}: {}: LMIC {} is not populated on {}", where, ifd.name, at->lmic, device));
        const auto* services = config.inline_services_on(0, at->lmic);
        if (!services)
          return unexpected(fmt::format("{}: {}: no `chassis fpc 0 pic {} inline-services`", where, ifd.name, at->lmic));
        plan.si.push_back({ifd.name, *at, services->bandwidth_bps});
        break;
      }
      default: break;  // lo0, st0: no port of their own
    }
  }
  for (const auto& port : plan.ports) {
    if (!port.bundle) continue;
    auto ae = std::find_if(plan.aggregates.begin(), plan.aggregates.end(),
                           [&](const PlannedAggregate& a) { return a.name == *port.bundle; });
    if (ae == plan.aggregates.end())
      return unexpected(fmt::format("{}: member of {}, which is not configured", port.name, *port.bundle));
    ae->members.push_back(port.name);
  }
  for (const auto& ss : config.service_sets) {
    auto anchor = mx304_si(ifd_of(ss.inside_service_interface));
    if (!anchor) return unexpected(fmt::format("service set {}: inside interface {} is not an si unit", ss.name,
                                               ss.inside_service_interface));
    plan.service_sets.push_back({ss.name, ss.inside_service_interface, ss.outside_service_interface, *anchor});
  }
  // VPN -> the first service set that names it: one map, not a search per
  // tunnel (thousands of VPNs in traffic-selector mode).
  std::unordered_map<std::string, const junos::ServiceSet*> service_set_by_vpn;
  for (const auto& ss : config.service_sets)
    for (const auto& vpn : ss.ipsec_vpns) service_set_by_vpn.try_emplace(vpn, &ss);
  auto service_set_of = [&](const std::string& vpn) -> const junos::ServiceSet* {
    auto it = service_set_by_vpn.find(vpn);
    return it == service_set_by_vpn.end() ? nullptr : it->second;
  };
  for (const auto& t : negotiation.tunnels) {
    for (const bool we_are_a : {true, false}) {
      const VpnEndpoint& self = we_are_a ? t.a : t.b;
      const VpnEndpoint& peer = we_are_a ? t.b : t.a;
      if (self.device != device) continue;
      const auto* ss = service_set_of(self.vpn->name);
      if (!ss) return unexpected(fmt::format("vpn {}: no service set names it in ipsec-vpn", self.vpn->name));
      PlannedTunnel pt;
      pt.vpn = self.vpn->name;
      pt.st0_unit = self.vpn->bind_interface;
      pt.service_set = ss->name;
      pt.peer_device = peer.device;
      pt.up = t.up;
      pt.down_reason = t.down_reason;
      if (t.up) {
        pt.outbound = we_are_a ? t.a_to_b : t.b_to_a;
        pt.inbound = we_are_a ? t.b_to_a : t.a_to_b;
        plan.esp_steering.push_back({pt.inbound.destination, ss->outside_service_interface});
        for (const auto& sel : t.selectors)
          pt.selectors.push_back({we_are_a ? sel.a_local : sel.a_remote, we_are_a ? sel.a_remote : sel.a_local,
                                  we_are_a ? sel.a_to_b : sel.b_to_a, we_are_a ? sel.b_to_a : sel.a_to_b});
      }
      plan.tunnels.push_back(std::move(pt));
    }
  }
  for (const auto& r : rib.routes())
    if (r.active) plan.routes.push_back({r.prefix, r.protocol, r.forwarding});
  return plan;
}

}  // namespace trio6sim::control
