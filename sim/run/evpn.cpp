#include "evpn.h"

#include <fmt/core.h>

#include "models/timed_block.h"
#include "packet/bytes.h"

namespace trio6sim::run {

namespace {

std::string ifd_of(const std::string& unit) { return unit.substr(0, unit.rfind('.')); }

uint32_t host_order(const IpAddress& a) { return load_be32(a.data()); }

}  // namespace

bool Evpn::needed(const Network& network) {
  for (const auto& d : network.devices)
    if (!d->model.bridge_domains.empty()) return true;
  return false;
}

Evpn::Evpn(const sc_core::sc_module_name& name, Network& network, const EvpnParams& params)
    : sc_core::sc_module(name),
      network_(network),
      params_(params),
      databases_(network.devices.size()),
      advertised_(network.devices.size()),
      received_(network.devices.size()),
      routes_from_(network.devices.size()) {
  for (std::size_t dev = 0; dev < network.devices.size(); ++dev) {
    auto& router = *network.devices[dev]->model.router;
    if (network.devices[dev]->model.bridge_domains.empty()) continue;
    for (std::size_t c = 0; c < router.chip_count(); ++c)
      router.chip(static_cast<int>(c)).set_mac_learned_observer(
          [this, dev, c](const models::LearnedMac& m, uint64_t at_ps) {
            learned(static_cast<int>(dev), static_cast<int>(c), m, at_ps);
          });
  }
  install_flood_lists();
  advertise_irbs();
  SC_METHOD(deliver);
  sensitive << wake_;
  dont_initialize();
}

void Evpn::install_flood_lists() {
  for (std::size_t dev = 0; dev < network_.devices.size(); ++dev) {
    const auto& device = network_.devices[dev];
    DeviceModel& model = device->model;
    if (!model.vtep_source) continue;
    for (const auto& bd : model.bridge_domains) {
      if (bd.vni == 0) continue;
      for (const auto& peer : network_.devices) {
        if (peer == device || !peer->model.vtep_source) continue;
        bool shares = false;
        for (const auto& pd : peer->model.bridge_domains) shares = shares || pd.vni == bd.vni;
        if (!shares) continue;
        ++routes_from_[dev][host_order(*peer->model.vtep_source)];  // the peer's type 3 route
        for (std::size_t c = 0; c < model.router->chip_count(); ++c)
          model.router->chip(static_cast<int>(c)).add_flood_vtep(bd.index, *peer->model.vtep_source);
      }
    }
  }
}

void Evpn::advertise_irbs() {
  for (std::size_t dev = 0; dev < network_.devices.size(); ++dev) {
    DeviceModel& model = network_.devices[dev]->model;
    auto& db = databases_[dev];
    for (std::size_t domain = 0; domain < model.bridge_domains.size(); ++domain) {
      const BridgeDomainPlace& bd = model.bridge_domains[domain];
      for (const auto& a : bd.irb_addresses) {
        db[{domain, model.chassis_mac}] = {domain, model.chassis_mac, bd.irb, false, 0, host_order(a), EvpnMac::Kind::kIrb};
        advertise(static_cast<int>(dev), domain, model.chassis_mac, host_order(a), params_.route_delay_ps, true);
      }
      for (const auto& g : bd.virtual_gateways)
        db[{domain, kVirtualGatewayMac}] = {domain, kVirtualGatewayMac, "esi", false, 0, host_order(g),
                                            EvpnMac::Kind::kVirtualGateway};
    }
  }
}

void Evpn::start_of_simulation() {
  if (!pending_.empty()) wake_.notify(sc_core::sc_time::from_value(pending_.begin()->first));
}

void Evpn::advertise(int device, std::size_t domain, models::MacKey mac, uint32_t ipv4, uint64_t install_at,
                     bool irb) {
  const DeviceModel& model = network_.devices[static_cast<std::size_t>(device)]->model;
  const BridgeDomainPlace& bd = model.bridge_domains[domain];
  if (bd.vni == 0 || !model.vtep_source) return;
  for (std::size_t peer = 0; peer < network_.devices.size(); ++peer) {
    if (static_cast<int>(peer) == device) continue;
    const auto& domains = network_.devices[peer]->model.bridge_domains;
    for (std::size_t pd = 0; pd < domains.size(); ++pd)
      if (domains[pd].vni == bd.vni) {
        pending_.emplace(install_at, Pending{static_cast<int>(peer), pd, mac, host_order(*model.vtep_source), ipv4, irb});
        ++advertised_[static_cast<std::size_t>(device)];
      }
  }
}

void Evpn::learned(int device, int chip, const models::LearnedMac& m, uint64_t at_ps) {
  DeviceModel& model = network_.devices[device]->model;
  const auto& names = model.names_by_chip.at(static_cast<std::size_t>(chip));
  // The port's name on the learning chip, then the domain's unit on it.
  std::string port;
  for (const auto& [name, ifl] : names)
    if (ifl == m.ifl) port = name;
  std::size_t domain = 0;
  while (domain < model.bridge_domains.size() && model.bridge_domains[domain].index != m.domain) ++domain;
  if (domain == model.bridge_domains.size() || port.empty()) return;
  const BridgeDomainPlace& bd = model.bridge_domains[domain];
  std::string unit = port;
  for (const auto& u : bd.interfaces)
    if (ifd_of(u) == port) unit = u;
  auto& router = *model.router;
  EvpnMac& row = databases_[static_cast<std::size_t>(device)][{domain, m.mac}];
  if (m.ipv4 != 0) {
    // A MAC-IP binding (from ARP; its MAC was learned from the same frame):
    // the IP on the MAC's row, the binding on the router's other chips.
    if (row.source.empty()) row = {domain, m.mac, unit, false, at_ps};
    row.ipv4 = m.ipv4;
    for (std::size_t c = 0; c < router.chip_count(); ++c)
      if (static_cast<int>(c) != chip)
        router.chip(static_cast<int>(c)).add_mac_ip(m.domain, IpAddress::v4(m.ipv4), m.mac);
  } else {
    row = {domain, m.mac, unit, false, at_ps};
    // The router's other chips: the same port, as each of them knows it.
    for (std::size_t c = 0; c < router.chip_count(); ++c) {
      if (static_cast<int>(c) == chip) continue;
      const auto it = model.names_by_chip[c].find(port);
      if (it != model.names_by_chip[c].end())
        router.chip(static_cast<int>(c)).add_mac(m.domain, m.mac, {.ifl = it->second});
    }
  }
  // The MAC/IP route to every peer with the same VNI.
  if (bd.vni == 0 || !model.vtep_source) return;
  advertise(device, domain, m.mac, m.ipv4, at_ps + params_.route_delay_ps);
  if (pending_.empty()) return;
  const uint64_t now = models::now_ps();
  wake_.notify(sc_core::sc_time::from_value(pending_.begin()->first > now ? pending_.begin()->first - now : 0));
}

void Evpn::deliver() {
  const uint64_t now = models::now_ps();
  while (!pending_.empty() && pending_.begin()->first <= now) {
    const Pending p = pending_.begin()->second;
    pending_.erase(pending_.begin());
    DeviceModel& model = network_.devices[p.device]->model;
    const BridgeDomainPlace& bd = model.bridge_domains[p.domain];
    auto& db = databases_[static_cast<std::size_t>(p.device)];
    ++received_[static_cast<std::size_t>(p.device)];
    ++routes_from_[static_cast<std::size_t>(p.device)][p.vtep];
    // A MAC the router learned itself stays local (no mobility is modeled).
    if (auto it = db.find({p.domain, p.mac}); it != db.end() && !it->second.remote) continue;
    EvpnMac& row = db[{p.domain, p.mac}];
    const uint32_t ipv4 = p.ipv4 != 0 ? p.ipv4 : row.ipv4;  // a MAC route after its MAC/IP one keeps the IP
    row = {p.domain, p.mac, IpAddress::v4(p.vtep).to_string(), true, now, ipv4,
           p.irb ? EvpnMac::Kind::kIrb : EvpnMac::Kind::kLearned};
    auto& router = *model.router;
    for (std::size_t c = 0; c < router.chip_count(); ++c) {
      router.chip(static_cast<int>(c)).add_mac(bd.index, p.mac, {.remote_vtep = p.vtep});
      if (p.ipv4 != 0) router.chip(static_cast<int>(c)).add_mac_ip(bd.index, IpAddress::v4(p.ipv4), p.mac);
    }
  }
  if (!pending_.empty()) wake_.notify(sc_core::sc_time::from_value(pending_.begin()->first - now));
}

}  // namespace trio6sim::run
