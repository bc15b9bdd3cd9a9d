#include "device_setup.h"

#include <algorithm>
#include <fmt/core.h>
#include <map>
#include <random>

#include "control/ari_ts_routes.h"
#include "control/learned_routes.h"
#include "control/vpn_plan.h"
#include "junos/commit_check.h"
#include "models/simulation.h"

namespace trio6sim::run {

namespace {

// Labels the scenario's learned routes push toward a device (labeled BGP:
// the protocol next hop's owner allocated them) are that device's to pop.
std::vector<uint32_t> labels_allocated_by(const junos::DeviceConfig& config,
                                          const std::vector<scenario::LearnedRouteSpec>& learned) {
  std::vector<uint32_t> labels;
  for (const auto& l : learned) {
    if (!l.push_label || !l.protocol_next_hop) continue;
    IpAddress nh = *l.protocol_next_hop;
    if (nh.is_v6()) {  // ::ffff:a.b.c.d, IPv4-mapped (6PE)
      const uint8_t* b = nh.data();
      bool mapped = b[10] == 0xff && b[11] == 0xff;
      for (int i = 0; i < 10; ++i) mapped = mapped && b[i] == 0;
      if (mapped) nh = IpAddress::v4(b + 12);
    }
    bool owns = false;
    for (const auto& ifd : config.interfaces)
      for (const auto& u : ifd.units)
        for (const auto& f : u.families)
          for (const auto& p : f.ip_prefixes()) owns = owns || p.address == nh;
    if (owns && std::find(labels.begin(), labels.end(), *l.push_label) == labels.end()) labels.push_back(*l.push_label);
  }
  return labels;
}

std::string where_of(const junos::Origin& o) { return fmt::format("{}:{}", o.where.file, o.where.line); }

// Two devices with an IKE gateway on the same local address: IKE pairs a
// peer's gateway with whichever it finds first, and the other device's tunnel
// silently stays down (both streams lost, nothing said). An address is one
// device's.
Expected<void, std::string> check_ike_local_addresses(const scenario::ScenarioSpec& spec, const Devices& devices) {
  struct Claim {
    std::size_t device;
    const junos::IkeGateway* gateway;
  };
  std::map<std::string, Claim> owner;  // normalized address -> first claim
  for (std::size_t i = 0; i < devices.size(); ++i) {
    for (const auto& gw : devices[i]->config.ike_gateways) {
      if (gw.local_address.empty()) continue;
      const auto parsed = IpAddress::parse(gw.local_address);
      const std::string key = parsed ? parsed->to_string() : gw.local_address;
      auto [it, fresh] = owner.emplace(key, Claim{i, &gw});
      if (fresh || it->second.device == i) continue;
      const Claim& first = it->second;
      return unexpected(fmt::format(
          "{}: device {}: IKE gateway {} ({}) has local-address {}, which device {} claims too (IKE gateway {} at {}): "
          "an IKE gateway address must belong to one device, or a peer pairs with either",
          spec.devices[i].where.str(), devices[i]->name, gw.name, where_of(gw.origin), gw.local_address,
          devices[first.device]->name, first.gateway->name, where_of(first.gateway->origin)));
    }
  }
  return {};
}

// A learned route whose next hop no interface reaches would be installed
// nowhere (an inactive route, its traffic "no route"): an error in the
// scenario, named at its line.
Expected<void, std::string> check_learned_next_hops(const scenario::ScenarioSpec& spec, const DeviceState& d) {
  for (const auto& lr : spec.learned_routes) {
    if (lr.device != d.name) continue;
    const std::string prefix = fmt::format("{}/{}", lr.first_prefix.to_string(), lr.prefix_length);
    if (lr.next_hop) {
      const bool on_subnet = std::any_of(d.rib.routes().begin(), d.rib.routes().end(), [&](const control::RibRoute& r) {
        return r.protocol == control::Protocol::kDirect && control::prefix_contains(r.prefix, *lr.next_hop);
      });
      if (!on_subnet)
        return unexpected(fmt::format("{}: learned route {}: next_hop {} is on no subnet of {}'s interfaces "
                                      "(expected a directly connected gateway)",
                                      lr.where.str(), prefix, lr.next_hop->to_string(), d.name));
    }
    if (lr.protocol_next_hop && !d.rib.resolving_route(*lr.protocol_next_hop))
      return unexpected(fmt::format("{}: learned route {}: protocol_next_hop {} resolves through no route of {} "
                                    "(expected an address a direct, static or IS-IS route holds)",
                                    lr.where.str(), prefix, lr.protocol_next_hop->to_string(), d.name));
  }
  return {};
}

// The scenario's device as the routing engine's platform description.
control::Platform platform_of(const scenario::DeviceSpec& dev) {
  if (dev.platform == "mx304") return control::Platform::mx304(dev.lmics);
  control::Platform p;
  p.name = dev.platform;
  p.lmics.clear();
  for (const auto& s : dev.slots) p.slots.push_back({s.fpc, s.card, s.pics});
  return p;
}

}  // namespace

namespace {

// The VPNs of the bridged device whose gateway is the outside peer
// (docs/interop.md): the negotiation above plans tunnels between simulated
// routers only, so these get their tunnel here, down until the IKE daemon
// programs its SAs (the st0 unit bound to the VPN's service set, as for a
// tunnel whose IKE runs on the wire), and ESP to the gateway's local address
// goes to that service set's outside si unit, not to the routing engine.
void plan_bridged_vpns(const scenario::BridgeSpec& bridge, DeviceState& d) {
  for (const auto& vpn : d.config.ipsec_vpns) {
    const junos::IkeGateway* gw = d.config.ike_gateway(vpn.ike_gateway);
    if (!gw || std::find(gw->addresses.begin(), gw->addresses.end(), bridge.peer.to_string()) == gw->addresses.end())
      continue;
    if (std::any_of(d.plan.tunnels.begin(), d.plan.tunnels.end(),
                    [&](const control::PlannedTunnel& t) { return t.vpn == vpn.name; }))
      continue;
    const auto ss = std::find_if(d.config.service_sets.begin(), d.config.service_sets.end(), [&](const auto& s) {
      return std::find(s.ipsec_vpns.begin(), s.ipsec_vpns.end(), vpn.name) != s.ipsec_vpns.end();
    });
    if (ss == d.config.service_sets.end()) continue;  // refused by the commit checks
    control::PlannedTunnel t;
    t.vpn = vpn.name;
    t.st0_unit = vpn.bind_interface;
    t.service_set = ss->name;
    t.down_reason = "the peer is outside the simulation (bridge): up when IKE on the wire installs its SAs";
    d.plan.tunnels.push_back(std::move(t));
    if (auto local = IpAddress::parse(gw->local_address))
      d.plan.esp_steering.push_back({*local, ss->outside_service_interface});
  }
}

}  // namespace

Expected<void, std::string> commit_devices(const scenario::ScenarioSpec& spec, Devices& devices) {
  for (const auto& dev : spec.devices) {
    auto config = dev.config_text.empty() ? junos::commit_config_file(dev.config_path)
                                          : junos::commit_config_text(dev.config_text, dev.where.str());
    if (!config)
      return unexpected(fmt::format("{}: device {}: its configuration does not commit:\n{}", dev.where.str(), dev.name,
                                    config.error()));
    auto d = std::make_unique<DeviceState>();
    d->name = dev.name;
    d->config = std::move(*config);
    devices.push_back(std::move(d));
  }
  return {};
}

Expected<control::NegotiationResult, std::string> plan_devices(const scenario::ScenarioSpec& spec, Devices& devices,
                                                               uint64_t seed) {
  if (auto ok = check_ike_local_addresses(spec, devices); !ok) return unexpected(ok.error());
  std::vector<control::DeviceRef> refs;
  for (const auto& d : devices) refs.push_back({d->name, &d->config});
  std::mt19937_64 rng(seed);
  control::NegotiationResult negotiation = control::negotiate(refs, rng);
  for (std::size_t i = 0; i < devices.size(); ++i) {
    DeviceState& d = *devices[i];
    control::add_config_routes(d.rib, d.config);
    control::add_learned_routes(d.rib, d.name, spec.learned_routes);
    control::add_ari_ts_routes(d.rib, d.name, negotiation, spec.ike_negotiation_ps);
    d.rib.resolve();
    if (auto ok = check_learned_next_hops(spec, d); !ok) return unexpected(ok.error());
    auto plan = control::plan_router(d.name, d.config, d.rib, platform_of(spec.devices[i]), negotiation);
    if (!plan) return unexpected(fmt::format("{}: device {}: {}", spec.devices[i].where.str(), d.name, plan.error()));
    d.plan = std::move(*plan);
    if (spec.bridge && spec.bridge->device == d.name) plan_bridged_vpns(*spec.bridge, d);
  }
  // L3VPNs across the routers (each VRF's label and the routes the other PEs advertise).
  std::vector<control::VpnDevice> vpn_devices;
  for (const auto& d : devices)
    vpn_devices.push_back({d->name, &d->config, &d->rib, labels_allocated_by(d->config, spec.learned_routes)});
  auto vrfs = control::plan_vpns(vpn_devices);
  if (!vrfs) return unexpected(vrfs.error());
  for (std::size_t i = 0; i < devices.size(); ++i) devices[i]->plan.vrfs = std::move((*vrfs)[i]);
  return negotiation;
}

Expected<void, std::string> build_models(const scenario::ScenarioSpec& spec, Devices& devices, bool timing_only,
                                         unsigned cipher_threads) {
  models::fresh_simulation_context();
  models::Trio6Params params;
  for (const auto& [key, value] : spec.parameters) {
    try {
      params.set(key, value);
    } catch (const std::exception& e) {
      const auto where = spec.parameter_where.find(key);
      return unexpected(fmt::format("{}: parameters: {}",
                                    where == spec.parameter_where.end() ? spec.file : where->second.str(), e.what()));
    }
  }
  if (timing_only) params.ipsec.timing_only = true;
  params.ipsec.cipher_threads = cipher_threads;
  for (auto& d : devices) {
    std::optional<models::MacKey> chassis_mac;
    for (const auto& s : spec.devices)
      if (s.name == d->name && s.chassis_mac) chassis_mac = models::mac_key(s.chassis_mac->data());
    auto model =
        build_device(d->plan, d->config, labels_allocated_by(d->config, spec.learned_routes), params, chassis_mac);
    if (!model) return unexpected(model.error());
    d->model = std::move(*model);
  }
  return {};
}

}  // namespace trio6sim::run
