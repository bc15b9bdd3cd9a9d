#include "device_builder.h"

#include <algorithm>
#include <fmt/core.h>

#include "models/config_error.h"
#include "models/mx10k.h"
#include "models/mx304.h"

namespace trio6sim::run {

namespace {

using models::IfIndex;
using models::NextHop;

std::string ifd_of(const std::string& unit_name) {
  const auto dot = unit_name.rfind('.');
  return dot == std::string::npos ? unit_name : unit_name.substr(0, dot);
}

// One chip's view of the router's interfaces by Junos name: its own
// interfaces and the remote ones it can send to.
using ChipNames = std::map<std::string, IfIndex>;

// The chip's next hop for the RIB's forwarding next hop.
std::optional<NextHop> chip_next_hop(const ChipNames& names, const control::RibNextHop& nh) {
  if (nh.local) return NextHop::local();
  if (nh.discard) return NextHop::discard();
  const std::string ifd = nh.interface.starts_with("st0.") || nh.interface.starts_with("si-") ? nh.interface
                                                                                                : ifd_of(nh.interface);
  if (ifd.starts_with("lo")) return NextHop::local();
  auto it = names.find(ifd);
  if (it == names.end()) return std::nullopt;  // an interface without a port on this router
  const uint32_t label = nh.push_label.value_or(0);
  if (nh.interface.starts_with("st0.")) return NextHop::st0(it->second, label);
  if (label != 0) return NextHop::mpls_push(label, it->second);
  return NextHop::interface(it->second);
}

class Builder {
 public:
  Builder(DeviceModel& d, const control::RouterPlan& plan, const junos::DeviceConfig& config)
      : d_(d), plan_(plan), config_(config), names_(d.router->chip_count()) {}

  void build(const std::vector<uint32_t>& local_labels) {
    ports();
    aggregates();
    mtus();
    si_units();
    st0_units();
    routes();
    vrfs();
    bridging();
    for (uint32_t label : local_labels)
      for (std::size_t c = 0; c < chips(); ++c) chip(c).add_mpls_label(label);
    d_.names_by_chip = names_;
    d_.routes = plan_.routes;
  }

 private:
  std::size_t chips() const { return names_.size(); }
  models::Trio6& chip(std::size_t c) { return d_.router->chip(static_cast<int>(c)); }

  // A local interface on chip `home`, remote everywhere else.
  void place(const std::string& name, std::size_t home, IfIndex ifl) {
    names_[home][name] = ifl;
    for (std::size_t c = 0; c < chips(); ++c)
      if (c != home) names_[c][name] = chip(c).add_remote_interface(name, static_cast<int>(home), ifl);
  }
  void count(const std::string& name, std::vector<IflPlace> places) {
    d_.interfaces.emplace_back(name, std::move(places));
  }

  void ports() {
    for (const auto& p : plan_.ports) {
      const int c = d_.router->chip_index(p.at.fpc, p.at.lmic);
      const IfIndex ifl = chip(c).add_physical_interface(p.name, p.at.port);
      place(p.name, c, ifl);
      d_.ports[p.name] = PortPlace{c, p.at.port, p.at.lmic, p.at.fpc};
      count(p.name, {{c, ifl}});
      if (p.bundle) continue;  // its traffic is the aggregate's units'
      if (const auto* ifd = config_.interface(p.name))
        for (const auto& u : ifd->units) count(fmt::format("{}.{}", p.name, u.number), {{c, ifl}});
    }
  }

  void aggregates() {
    for (const auto& ae : plan_.aggregates) {
      if (ae.members.empty()) continue;  // no link: routes to it find no interface
      std::vector<IflPlace> places;
      for (std::size_t c = 0; c < chips(); ++c) {
        std::vector<IfIndex> members;
        for (const auto& m : ae.members) members.push_back(names_[c].at(m));
        const IfIndex ifl = chip(c).add_aggregate_interface(ae.name, members);
        names_[c][ae.name] = ifl;
        places.push_back({static_cast<int>(c), ifl});
      }
      count(ae.name, places);
      if (const auto* ifd = config_.interface(ae.name))
        for (const auto& u : ifd->units) count(fmt::format("{}.{}", ae.name, u.number), places);
    }
  }

  // `interfaces X mtu` on every chip's view of each port and aggregate (an
  // aggregate's members send under the aggregate's MTU), Junos' default for
  // Ethernet (1514: 1500 B of IP behind an untagged header) when absent.
  void mtus() {
    constexpr int kJunosEthernetMtu = 1514;
    auto apply = [&](const std::string& name) {
      const auto* ifd = config_.interface(name);
      const int mtu = ifd && ifd->mtu ? *ifd->mtu : kJunosEthernetMtu;
      for (std::size_t c = 0; c < chips(); ++c)
        if (auto it = names_[c].find(name); it != names_[c].end())
          chip(c).set_interface_mtu(it->second, static_cast<uint32_t>(mtu));
    };
    for (const auto& p : plan_.ports) apply(p.name);
    for (const auto& ae : plan_.aggregates) apply(ae.name);
  }

  // An st0 unit's `family inet mtu` and `family inet6 mtu` on every chip's
  // view of it: a packet is checked on the chip that routes it into the
  // tunnel (docs/esp.md).
  void tunnel_ip_mtu(const junos::LogicalUnit& u, const std::string& name) {
    uint32_t inet = 0, inet6 = 0;
    for (const auto& f : u.families) {
      if (f.mtu && f.name == "inet") inet = static_cast<uint32_t>(*f.mtu);
      if (f.mtu && f.name == "inet6") inet6 = static_cast<uint32_t>(*f.mtu);
    }
    if (inet == 0 && inet6 == 0) return;
    for (std::size_t c = 0; c < chips(); ++c) chip(c).set_tunnel_ip_mtu(names_[c].at(name), inet, inet6);
  }

  void si_units() {
    for (const auto& si : plan_.si) {
      const int c = d_.router->chip_index(si.at.fpc, si.at.lmic);
      if (si.bandwidth_bps) chip(c).set_inline_services_bandwidth(si.at.si_number, static_cast<double>(*si.bandwidth_bps) / 1e9);
      const auto* ifd = config_.interface(si.name);
      if (!ifd) continue;
      // Every configured unit: a service set takes one inside and one
      // outside unit, and one si interface carries up to a thousand service
      // sets (the blog's scale test: 2,000 units on si-2/1/0). A unit
      // without `service-domain` is inside, or outside when it is unit 1.
      for (const auto& unit : ifd->units) {
        const bool outside = unit.service_domain ? *unit.service_domain == junos::ServiceDomain::kOutside
                                                 : unit.number == 1;
        const std::string name = fmt::format("{}.{}", si.name, unit.number);
        const IfIndex ifl = chip(c).add_si_unit(si.at.pfe, si.at.si_number, unit.number, outside);
        place(name, c, ifl);
        count(name, {{c, ifl}});
      }
    }
    for (const auto& ss : plan_.service_sets) {
      const int c = d_.router->chip_index(ss.anchor.fpc, ss.anchor.lmic);
      auto in = names_[c].find(ss.inside_unit), out = names_[c].find(ss.outside_unit);
      if (in == names_[c].end() || out == names_[c].end())
        throw models::ConfigError(fmt::format("service set {}: {} or {} is not configured", ss.name, ss.inside_unit,
                                              ss.outside_unit));
      service_sets_[ss.name] = {c, chip(c).add_service_set(ss.name, in->second, out->second)};
      service_set_pfe_[ss.name] = ss.anchor.pfe;
      // The outside unit as every chip knows it (local here, remote on the
      // others), for steering the ESP of the set's tunnels by SPI.
      std::vector<IfIndex>& outside = service_set_outside_[ss.name];
      outside.assign(chips(), 0);
      for (std::size_t k = 0; k < chips(); ++k)
        if (auto it = names_[k].find(ss.outside_unit); it != names_[k].end()) outside[k] = it->second;
    }
  }

  void st0_units() {
    const auto* st0 = config_.interface("st0");
    if (!st0) return;
    std::map<std::string, std::vector<control::PlannedTunnel>::const_iterator> by_unit;  // the first per unit
    for (auto p = plan_.tunnels.begin(); p != plan_.tunnels.end(); ++p) by_unit.try_emplace(p->st0_unit, p);
    for (const auto& u : st0->units) {
      const std::string name = fmt::format("st0.{}", u.number);
      auto found = by_unit.find(name);
      auto t = found == by_unit.end() ? plan_.tunnels.end() : found->second;
      std::size_t home = 0;
      std::optional<std::pair<int, uint32_t>> ss;
      if (t != plan_.tunnels.end()) {
        auto it = service_sets_.find(t->service_set);
        if (it != service_sets_.end()) {
          ss = it->second;
          home = static_cast<std::size_t>(ss->first);
        }
      }
      const IfIndex ifl = chip(home).add_st0_unit(static_cast<uint32_t>(u.number));
      place(name, home, ifl);
      count(name, {{static_cast<int>(home), ifl}});
      tunnel_ip_mtu(u, name);
      if (ss) {
        // Bound without SAs until IKE completes: traffic meets "tunnel down".
        chip(home).bind_tunnel(ifl, ss->second, std::nullopt, std::nullopt);
        d_.tunnels.push_back({*t, static_cast<int>(home), service_set_pfe_.at(t->service_set), ifl, ss->second});
        d_.tunnels.back().outside_unit_by_chip = service_set_outside_.at(t->service_set);
      }
    }
  }

  std::optional<NextHop> next_hop(std::size_t c, const control::RibNextHop& nh) { return chip_next_hop(names_[c], nh); }

  void routes() {
    for (const auto& r : plan_.routes) {
      if (r.forwarding.empty()) continue;
      for (std::size_t c = 0; c < chips(); ++c) {
        // One next hop per prefix in the chip's table: the first of the
        // RIB's forwarding set (ECMP over several is not modeled).
        auto nh = next_hop(c, r.forwarding.front());
        if (!nh) continue;
        chip(c).add_route(r.prefix.address, r.prefix.length, *nh);
      }
    }
    // ESP to a local gateway goes to the outside si unit, not to the host.
    for (const auto& s : plan_.esp_steering) {
      for (std::size_t c = 0; c < chips(); ++c) {
        auto it = names_[c].find(s.outside_unit);
        if (it == names_[c].end())
          throw models::ConfigError(fmt::format("ESP for {}: outside unit {} is not configured",
                                                s.local_gateway.to_string(), s.outside_unit));
        chip(c).add_route(s.local_gateway, s.local_gateway.is_v4() ? 32 : 128, NextHop::si_outside(it->second));
      }
    }
  }

  // Routing instances (VRFs) on every chip: their tables, their customer
  // ports, their table labels, the VPN routes into GRE tunnels, and the
  // local ends that terminate GRE.
  void vrfs() {
    std::map<std::pair<std::string, std::string>, std::vector<uint32_t>> gre;  // (source, far end) -> index per chip
    for (const auto& vrf : plan_.vrfs) {
      std::vector<uint16_t>& ids = vrf_ids_[vrf.name];
      ids.resize(chips());
      for (std::size_t c = 0; c < chips(); ++c) ids[c] = chip(c).add_routing_instance(vrf.name);
      for (const auto& ifl : vrf.interfaces) {
        const std::string ifd = ifd_of(ifl);
        const auto port = d_.ports.find(ifd);
        if (port == d_.ports.end())
          throw models::ConfigError(fmt::format("routing instance {}: interface {} is not a port of this router "
                                                "(a VRF's aggregate or tunnel interface is not modeled)",
                                                vrf.name, ifl));
        // The chip binds a port, not a unit: a port whose units would sit in
        // different tables (VLAN units) is refused rather than bound whole.
        if (const auto* i = config_.interface(ifd); i && i->units.size() > 1)
          throw models::ConfigError(fmt::format("routing instance {}: interface {} is a unit of a port with {} "
                                                "units; a VRF binds a port with one unit (VLAN units are not "
                                                "modeled)",
                                                vrf.name, ifl, i->units.size()));
        const auto c = static_cast<std::size_t>(port->second.chip);
        chip(c).bind_interface_to_instance(names_[c].at(ifd), ids[c]);
      }
      for (std::size_t c = 0; c < chips(); ++c) {
        if (vrf.label != 0) chip(c).add_mpls_label(vrf.label, models::MplsEntry{.pop_and_lookup = true, .instance = ids[c]});
        for (const auto& r : vrf.rib.routes()) {
          if (!r.active || r.forwarding.empty()) continue;
          if (auto nh = next_hop(c, r.forwarding.front()))
            chip(c).add_instance_route(ids[c], r.prefix.address, r.prefix.length, *nh);
        }
        for (const auto& r : vrf.remote) {
          auto& index = gre[{r.gre_source.to_string(), r.remote_pe.to_string()}];
          if (index.empty())
            for (std::size_t k = 0; k < chips(); ++k) index.push_back(chip(k).add_gre_tunnel(r.gre_source, r.remote_pe));
          chip(c).add_instance_route(ids[c], r.prefix.address, r.prefix.length, NextHop::mpls_gre(index[c], r.label));
        }
      }
    }
    if (!config_.gre_next_hop_based_tunnels) return;
    for (const auto& t : config_.dynamic_tunnels)
      if (t.gre && t.source_address)
        for (std::size_t c = 0; c < chips(); ++c) chip(c).add_gre_endpoint(*t.source_address);
  }

  // The mac-vrf instances (docs/bridging.md): each bridge domain on every
  // chip, its vlan-bridge units' (port, VLAN) on the chip of the port, the
  // VTEP's source address (the vtep-source-interface's IPv4 address).
  void bridging() {
    for (const auto& vrf : config_.mac_vrfs) {
      if (!vrf.vtep_source_interface.empty()) {
        const auto* unit = config_.unit(vrf.vtep_source_interface);
        const auto* inet = unit ? unit->family("inet") : nullptr;
        const auto prefixes = inet ? inet->ip_prefixes() : std::vector<junos::IpPrefix>{};
        if (prefixes.empty())
          throw models::ConfigError(fmt::format("routing instance {}: vtep-source-interface {} has no IPv4 address",
                                                vrf.name, vrf.vtep_source_interface));
        d_.vtep_source = prefixes.front().address;
        for (std::size_t c = 0; c < chips(); ++c) chip(c).set_vtep_source(*d_.vtep_source);
      }
      for (const auto& bd : vrf.bridge_domains) {
        BridgeDomainPlace place{vrf.name, bd.name, static_cast<uint16_t>(bd.vlan_id), bd.vni.value_or(0), 0,
                                bd.interfaces};
        for (std::size_t c = 0; c < chips(); ++c)
          place.index = chip(c).add_bridge_domain({.name = bd.name, .vlan = place.vlan, .vni = place.vni});
        for (const auto& name : bd.interfaces) {
          const auto* unit = config_.unit(name);
          const auto port = d_.ports.find(ifd_of(name));
          if (!unit || unit->encapsulation != "vlan-bridge" || !unit->vlan_id || port == d_.ports.end())
            throw models::ConfigError(fmt::format("bridge domain {}: {} is not a vlan-bridge unit with a vlan-id of a "
                                                  "port of this router", bd.name, name));
          const auto home = static_cast<std::size_t>(port->second.chip);
          chip(home).add_bridge_port(port->second.port, static_cast<uint16_t>(*unit->vlan_id), place.index);
          // The router's other chips flood to the port through the fabric.
          for (std::size_t c = 0; c < chips(); ++c)
            if (c != home) chip(c).add_bridge_flood_interface(place.index, names_[c].at(ifd_of(name)));
        }
        if (!bd.routing_interface.empty()) irb_gateways(bd, place);
        d_.bridge_domains.push_back(std::move(place));
      }
    }
  }

  // A bridge domain's irb (docs/bridging.md): its IPv4 addresses at the
  // chassis MAC, in the routing instance that lists the unit (the global
  // tables when none does): their subnets routed into the domain, the
  // addresses local; its `virtual-gateway-address`es at the virtual
  // gateway MAC, local too, their ARP answered (the configuration's reader
  // refused one outside its address's subnet).
  void irb_gateways(const junos::BridgeDomain& bd, BridgeDomainPlace& place) {
    const uint32_t index = place.index;
    place.irb = bd.routing_interface;
    const auto* unit = config_.unit(bd.routing_interface);
    std::vector<uint16_t> instance(chips(), 0);
    for (const auto& ri : config_.routing_instances) {
      if (std::find(ri.interfaces.begin(), ri.interfaces.end(), bd.routing_interface) == ri.interfaces.end()) continue;
      const auto ids = vrf_ids_.find(ri.name);
      if (ids == vrf_ids_.end())
        throw models::ConfigError(fmt::format("bridge domain {}: routing interface {} belongs to routing instance {}, "
                                              "which is not a modeled VRF",
                                              bd.name, bd.routing_interface, ri.name));
      instance = ids->second;
    }
    if (const auto* inet6 = unit ? unit->family("inet6") : nullptr; inet6 && !inet6->virtual_gateways.empty()) {
      const auto& g = inet6->virtual_gateways.front();
      throw models::ConfigError(fmt::format("{}:{}: {} virtual-gateway-address {}: an IPv6 virtual gateway is not "
                                            "modeled (no ND); expected IPv4 gateways only",
                                            g.where.file, g.where.line, bd.routing_interface, g.gateway));
    }
    const auto* inet = unit ? unit->family("inet") : nullptr;
    if (!inet) return;
    for (const auto& a : inet->ip_prefixes()) {
      place.irb_addresses.push_back(a.address);
      for (std::size_t c = 0; c < chips(); ++c)
        chip(c).add_bridge_irb(index, instance[c], a.address, a.length, d_.chassis_mac);
    }
    for (const auto& v : inet->virtual_gateways) {
      place.virtual_gateways.push_back(v.gateway_address);
      for (std::size_t c = 0; c < chips(); ++c) {
        chip(c).add_bridge_gateway(index, v.gateway_address, kVirtualGatewayMac);
        chip(c).add_instance_route(instance[c], v.gateway_address, 32, NextHop::local());
      }
    }
  }
  std::map<std::string, std::vector<uint16_t>> vrf_ids_;  // VRF name -> its instance id on each chip

  DeviceModel& d_;
  const control::RouterPlan& plan_;
  const junos::DeviceConfig& config_;
  std::vector<ChipNames> names_;
  std::map<std::string, std::pair<int, uint32_t>> service_sets_;  // name -> (chip, id)
  std::map<std::string, int> service_set_pfe_;                      // name -> anchor PFE
  std::map<std::string, std::vector<IfIndex>> service_set_outside_;  // name -> outside unit per chip
};

// The platform's chassis: an MX304 of its LMICs, or an MX10004/MX10008 of
// its line cards (the LC9600 is the only card the scenario layer accepts).
std::unique_ptr<models::MxRouter> make_router(const control::RouterPlan& plan, const models::Trio6Params& params) {
  if (plan.platform.is_mx304()) return std::make_unique<models::Mx304>(plan.device.c_str(), plan.lmics, params);
  models::Mx10kParams chassis;
  chassis.fpc_slots = plan.platform.fpc_slots();
  for (const auto& s : plan.platform.slots) chassis.cards.push_back({s.fpc, models::LineCardType::kLc9600, s.pics});
  return std::make_unique<models::Mx10k>(plan.device.c_str(), chassis, params);
}

}  // namespace

const std::vector<IflPlace>* DeviceModel::places(const std::string& ifl) const {
  for (const auto& [name, places] : interfaces)
    if (name == ifl) return &places;
  return nullptr;
}

models::IflCounters DeviceModel::counters(const std::string& ifl) const {
  const auto* p = places(ifl);
  return p ? counters(*p) : models::IflCounters{};
}

models::IflCounters DeviceModel::counters(const std::vector<IflPlace>& at_places) const {
  models::IflCounters sum;
  for (const auto& at : at_places) {
    const auto& c = router->chip(at.chip).counters(at.ifl);
    sum.input_packets += c.input_packets;
    sum.input_bytes += c.input_bytes;
    sum.output_packets += c.output_packets;
    sum.output_bytes += c.output_bytes;
  }
  return sum;
}

std::vector<std::string> reprogram_routes(DeviceModel& device, const std::vector<control::PlannedRoute>& routes) {
  auto key = [](const control::PlannedRoute& r) { return r.prefix.to_string(); };
  auto forwarding_of = [](const control::PlannedRoute& r) -> std::optional<control::RibNextHop> {
    if (r.forwarding.empty()) return std::nullopt;
    return r.forwarding.front();  // one next hop per prefix in the chip's table, as the builder programs it
  };
  auto same = [](const std::optional<control::RibNextHop>& a, const std::optional<control::RibNextHop>& b) {
    if (!a || !b) return a.has_value() == b.has_value();
    return a->interface == b->interface && a->gateway == b->gateway && a->push_label == b->push_label &&
           a->local == b->local && a->discard == b->discard;
  };
  std::map<std::string, const control::PlannedRoute*> before, after;
  for (const auto& r : device.routes) before[key(r)] = &r;
  for (const auto& r : routes) after[key(r)] = &r;
  std::vector<std::string> changed;
  auto& router = *device.router;
  for (const auto& [k, r] : before) {
    auto it = after.find(k);
    if (it != after.end() && same(forwarding_of(*r), forwarding_of(*it->second))) continue;
    for (std::size_t c = 0; c < router.chip_count(); ++c)
      router.chip(static_cast<int>(c)).remove_route(r->prefix.address, r->prefix.length);
    changed.push_back(k);
  }
  for (const auto& [k, r] : after) {
    auto it = before.find(k);
    if (it != before.end() && same(forwarding_of(*r), forwarding_of(*it->second))) continue;
    if (it == before.end()) changed.push_back(k);
    const auto nh = forwarding_of(*r);
    if (!nh) continue;
    for (std::size_t c = 0; c < router.chip_count(); ++c)
      if (auto chip_nh = chip_next_hop(device.names_by_chip[c], *nh))
        router.chip(static_cast<int>(c)).add_route(r->prefix.address, r->prefix.length, *chip_nh);
  }
  device.routes = routes;
  return changed;
}

models::MacKey default_chassis_mac(const std::string& device) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a, 64 bits
  for (const unsigned char c : device) h = (h ^ c) * 0x100000001b3ull;
  return models::MacKey{0x02} << 40 | (h & 0xffffffffffull);
}

Expected<DeviceModel, std::string> build_device(const control::RouterPlan& plan, const junos::DeviceConfig& config,
                                                const std::vector<uint32_t>& local_labels,
                                                const models::Trio6Params& params,
                                                std::optional<models::MacKey> chassis_mac) {
  DeviceModel d;
  d.name = plan.device;
  d.chassis_mac = chassis_mac.value_or(default_chassis_mac(plan.device));
  try {
    d.router = make_router(plan, params);
    Builder(d, plan, config).build(local_labels);
  } catch (const models::ConfigError& e) {
    return unexpected(fmt::format("{}: {}", plan.device, e.what()));
  }
  return d;
}

namespace {

// Traffic-selector mode: an SA pair per selector on the tunnel's st0 unit;
// the first selector's pair is the unit's (as `show` lists it).
void install_selectors(models::Trio6& chip, TunnelInstall& t) {
  std::vector<models::TrafficSelector> selectors;
  for (const auto& s : t.plan.selectors) {
    models::TrafficSelector m;
    m.local = s.local.address;
    m.local_length = s.local.length;
    m.remote = s.remote.address;
    m.remote_length = s.remote.length;
    m.outbound_sa = chip.add_sa(s.outbound, models::SaDirection::kOutbound, t.pfe);
    m.inbound_sa = chip.add_sa(s.inbound, models::SaDirection::kInbound, t.pfe);
    t.selector_sas.emplace_back(m.outbound_sa, m.inbound_sa);
    selectors.push_back(m);
  }
  chip.bind_tunnel(t.st0_ifl, t.service_set, selectors.front().outbound_sa, selectors.front().inbound_sa);
  t.outbound_sa = selectors.front().outbound_sa;
  t.inbound_sa = selectors.front().inbound_sa;
  chip.set_tunnel_selectors(t.st0_ifl, std::move(selectors));
}

}  // namespace

void install_tunnels(DeviceModel& device) {
  for (auto& t : device.tunnels) {
    if (!t.plan.up) continue;
    models::Trio6& chip = device.router->chip(t.chip);
    std::vector<uint32_t> inbound_spis;
    if (!t.plan.selectors.empty()) {
      install_selectors(chip, t);
      for (const auto& s : t.plan.selectors) inbound_spis.push_back(s.inbound.spi);
    } else {
      const uint32_t out = chip.add_sa(t.plan.outbound, models::SaDirection::kOutbound, t.pfe);
      const uint32_t in = chip.add_sa(t.plan.inbound, models::SaDirection::kInbound, t.pfe);
      chip.bind_tunnel(t.st0_ifl, t.service_set, out, in);
      t.outbound_sa = out;
      t.inbound_sa = in;
      inbound_spis.push_back(t.plan.inbound.spi);
    }
    // Every chip steers this tunnel's ESP to its service set's outside unit:
    // tunnels on different PFEs (or service sets) may share a local gateway
    // address, whose route can name only one of them.
    for (std::size_t c = 0; c < t.outside_unit_by_chip.size(); ++c)
      if (const models::IfIndex unit = t.outside_unit_by_chip[c])
        for (uint32_t spi : inbound_spis) device.router->chip(static_cast<int>(c)).steer_esp(spi, unit);
  }
}

}  // namespace trio6sim::run
