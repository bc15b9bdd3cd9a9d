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

// Why (FPC, PIC) holds no simulated chip on a platform, or nullopt when it does.
std::optional<std::string> chip_problem(const Platform& pf, const std::string& device, std::string_view name, int fpc,
                                        int pic) {
  if (fpc >= pf.fpc_slots())
    return fmt::format("{}: FPC {} does not exist on an {} (FPC 0..{})", name, fpc, pf.display_name(),
                       pf.fpc_slots() - 1);
  const auto* slot = pf.slot(fpc);
  if (!slot) return fmt::format("{}: FPC {} of {} holds no line card (see the device's `slots`)", name, fpc, device);
  if (pic >= card_pics(slot->card))
    return fmt::format("{}: an {} has PICs 0..{}, not {}", name, slot->card, card_pics(slot->card) - 1, pic);
  if (!pf.has_chip(fpc, pic))
    return fmt::format("{}: FPC {} PIC {} of {} is not simulated (the slot's `pics` do not list {})", name, fpc, pic,
                       device, pic);
  return std::nullopt;
}

}  // namespace

Expected<PortLocation, std::string> locate_port(const Platform& pf, const std::string& device, std::string_view name) {
  if (pf.is_mx304()) {
    auto at = mx304_port(name);
    if (!at) return unexpected(fmt::format("{}: not a port of an MX304 (et-0/LMIC/0..15)", name));
    if (!pf.has_chip(0, at->lmic))
      return unexpected(fmt::format("{}: LMIC {} is not populated on {}", name, at->lmic, device));
    return *at;
  }
  auto fpp = junos::ethernet_port(name);
  if (!fpp) return unexpected(fmt::format("{}: not a port of an {} (et-FPC/PIC/PORT)", name, pf.display_name()));
  if (auto problem = chip_problem(pf, device, name, fpp->fpc, fpp->pic)) return unexpected(*problem);
  // LC9600 (the only card modeled): 4 QSFP56-DD ports per PIC [L].
  if (fpp->port > 3) return unexpected(fmt::format("{}: an LC9600 PIC has ports 0..3, not {}", name, fpp->port));
  // Assumption A7: even ports on slice 0, odd on slice 1 (as LC4800/LC4802
  // [L48, L4802]); ports 0 and 1 on PG0, 2 and 3 on PG1. The chip slot is the
  // first of that PG in MX304 numbering (slice 0 PG0 = 12, PG1 = 8; slice 1
  // PG0 = 0, PG1 = 4).
  static constexpr int kChipSlot[4] = {12, 0, 8, 4};
  PortLocation at;
  at.fpc = fpp->fpc;
  at.lmic = fpp->pic;
  at.port = kChipSlot[fpp->port];
  at.slice = fpp->port % 2;
  at.port_group = fpp->port / 2;
  return at;
}

Expected<SiLocation, std::string> locate_si(const Platform& pf, const std::string& device, std::string_view name) {
  if (pf.is_mx304()) {
    auto at = mx304_si(name);
    if (!at) return unexpected(fmt::format("{}: not an si interface of an MX304 (si-0/LMIC/0..3)", name));
    if (!pf.has_chip(0, at->lmic))
      return unexpected(fmt::format("{}: LMIC {} is not populated on {}", name, at->lmic, device));
    return *at;
  }
  auto fpp = junos::services_port(name);
  if (!fpp)
    return unexpected(fmt::format("{}: not an si interface of an {} (si-FPC/PIC/0..3)", name, pf.display_name()));
  if (auto problem = chip_problem(pf, device, name, fpp->fpc, fpp->pic)) return unexpected(*problem);
  // si-F/P/0,1 on the first PFE (slice 0), 2,3 on the second [I, T].
  return SiLocation{fpp->pic, fpp->port / 2, fpp->port, fpp->fpc};
}

namespace {

std::string ifd_of(const std::string& unit_name) {
  const auto dot = unit_name.rfind('.');
  return dot == std::string::npos ? unit_name : unit_name.substr(0, dot);
}

// `chassis fpc F pic P` for a place the platform cannot have (Junos accepts
// configuration for an empty slot, not for one the chassis lacks).
std::optional<std::string> inline_services_problem(const Platform& pf, const junos::InlineServices& s) {
  const int pics = pf.is_mx304() ? 3 : 6;  // LMIC 0..2 [M]; LC9600 PIC 0..5 [L]
  if (s.fpc < pf.fpc_slots() && s.pic < pics) return std::nullopt;
  return fmt::format("{}:{}: chassis fpc {} pic {}: an {} has FPC 0..{} and PIC 0..{}", s.origin.where.file,
                     s.origin.where.line, s.fpc, s.pic, pf.display_name(), pf.fpc_slots() - 1, pics - 1);
}

}  // namespace

Expected<RouterPlan, std::string> plan_router(const std::string& device, const junos::DeviceConfig& config,
                                              const Rib& rib, const std::vector<int>& lmics,
                                              const NegotiationResult& negotiation) {
  return plan_router(device, config, rib, Platform::mx304(lmics), negotiation);
}

Expected<RouterPlan, std::string> plan_router(const std::string& device, const junos::DeviceConfig& config,
                                              const Rib& rib, const Platform& platform,
                                              const NegotiationResult& negotiation) {
  RouterPlan plan;
  plan.device = device;
  plan.platform = platform;
  if (platform.is_mx304()) plan.lmics = platform.lmics;
  for (const auto& s : config.inline_services)
    if (auto problem = inline_services_problem(platform, s)) return unexpected(*problem);
  for (const auto& ifd : config.interfaces) {
    const std::string where = fmt::format("{}:{}", ifd.origin.where.file, ifd.origin.where.line);
    switch (ifd.kind) {
      case junos::InterfaceKind::kEthernet: {
        auto at = locate_port(platform, device, ifd.name);
        if (!at) return unexpected(fmt::format("{}: {}", where, at.error()));
        plan.ports.push_back({ifd.name, *at, ifd.bundle});
        break;
      }
      case junos::InterfaceKind::kAggregatedEthernet: plan.aggregates.push_back({ifd.name, {}}); break;
      case junos::InterfaceKind::kServices: {
        auto at = locate_si(platform, device, ifd.name);
        if (!at) return unexpected(fmt::format("{}: {}", where, at.error()));
        const auto* services = config.inline_services_on(at->fpc, at->lmic);
        if (!services)
          return unexpected(fmt::format("{}: {}: no `chassis fpc {} pic {} inline-services`", where, ifd.name, at->fpc,
                                        at->lmic));
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
    auto anchor = locate_si(platform, device, ifd_of(ss.inside_service_interface));
    if (!anchor) return unexpected(fmt::format("service set {}: inside interface {} is not an si unit ({})", ss.name,
                                               ss.inside_service_interface, anchor.error()));
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
        // Packet encapsulation is not negotiated: this side checks what
        // arrives by its own gateway's configuration [T].
        const auto udp = udp_encapsulation(self);
        pt.inbound.udp_encap = udp;
        plan.esp_steering.push_back({pt.inbound.destination, ss->outside_service_interface});
        for (const auto& sel : t.selectors) {
          pt.selectors.push_back({we_are_a ? sel.a_local : sel.a_remote, we_are_a ? sel.a_remote : sel.a_local,
                                  we_are_a ? sel.a_to_b : sel.b_to_a, we_are_a ? sel.b_to_a : sel.a_to_b});
          pt.selectors.back().inbound.udp_encap = udp;
        }
      }
      plan.tunnels.push_back(std::move(pt));
    }
  }
  for (const auto& r : rib.routes())
    if (r.active) plan.routes.push_back({r.prefix, r.protocol, r.forwarding});
  return plan;
}

}  // namespace trio6sim::control
