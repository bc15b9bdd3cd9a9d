#include "control_plane.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <fmt/core.h>

#include "models/timed_block.h"
#include "packet/bytes.h"
#include "packet/checksum.h"
#include "packet/hex.h"
#include "packet/parser.h"

namespace trio6sim::run {

namespace {

constexpr uint8_t kUdp = 17;
constexpr uint8_t kIkeTtl = 64;  // assumption: Junos' TTL for self-originated packets (as crypto's outer_ttl)

// The datagram as the routing engine sends it: IPv4 or IPv6, UDP with its
// checksum; on UDP 4500 the IKE message follows the non-ESP marker (RFC 3948 2.2).
void build_udp(Packet& p, const control::IkeDatagram& d) {
  const bool v4 = d.source.is_v4();
  const std::size_t marker = d.source_port == 4500 || d.destination_port == 4500 ? 4 : 0;
  const std::size_t ip_len = v4 ? 20 : 40, udp_len = 8 + marker + d.payload.size();
  uint8_t* b = p.push_back(ip_len + udp_len);
  std::fill(b, b + ip_len + udp_len, 0);
  if (v4) {
    b[0] = 0x45;
    store_be16(b + 2, static_cast<uint16_t>(ip_len + udp_len));
    b[6] = 0x40;  // DF: IKE messages are small (no IKE fragmentation needed)
    b[8] = kIkeTtl;
    b[9] = kUdp;
    std::copy(d.source.data(), d.source.data() + 4, b + 12);
    std::copy(d.destination.data(), d.destination.data() + 4, b + 16);
    store_be16(b + 10, internet_checksum({b, 20}));
  } else {
    b[0] = 0x60;
    store_be16(b + 4, static_cast<uint16_t>(udp_len));
    b[6] = kUdp;
    b[7] = kIkeTtl;
    std::copy(d.source.data(), d.source.data() + 16, b + 8);
    std::copy(d.destination.data(), d.destination.data() + 16, b + 24);
  }
  uint8_t* u = b + ip_len;
  store_be16(u, d.source_port);
  store_be16(u + 2, d.destination_port);
  store_be16(u + 4, static_cast<uint16_t>(udp_len));
  std::copy(d.payload.begin(), d.payload.end(), u + 8 + marker);  // the marker's bytes are the zeros above
  const uint32_t pseudo = v4 ? pseudo_header_sum_v4(b + 12, b + 16, kUdp, static_cast<uint32_t>(udp_len))
                             : pseudo_header_sum_v6(b + 8, b + 24, kUdp, static_cast<uint32_t>(udp_len));
  uint16_t sum = checksum_finish(checksum_add({u, udp_len}, pseudo));
  store_be16(u + 6, sum == 0 ? 0xffff : sum);
}

// An IKE datagram out of a packet the data plane delivered to the host:
// UDP 500, or UDP 4500 with the non-ESP marker (RFC 3948 2.2) stripped.
std::optional<control::IkeDatagram> ike_datagram(const Packet& p) {
  const auto bytes = p.bytes();
  if (bytes.empty()) return std::nullopt;
  const bool v4 = bytes[0] >> 4 == 4;
  std::size_t ip_len = 0;
  control::IkeDatagram d;
  if (v4) {
    if (bytes.size() < 20 || bytes[9] != kUdp) return std::nullopt;
    ip_len = static_cast<std::size_t>(bytes[0] & 0x0f) * 4;
    d.source = IpAddress::v4(bytes.data() + 12);
    d.destination = IpAddress::v4(bytes.data() + 16);
  } else {
    if (bytes.size() < 40 || bytes[6] != kUdp) return std::nullopt;
    ip_len = 40;
    d.source = IpAddress::v6(bytes.data() + 8);
    d.destination = IpAddress::v6(bytes.data() + 24);
  }
  if (bytes.size() < ip_len + 8) return std::nullopt;
  const uint8_t* u = bytes.data() + ip_len;
  d.source_port = load_be16(u);
  d.destination_port = load_be16(u + 2);
  std::size_t start = ip_len + 8;
  if (d.destination_port == 4500) {
    if (bytes.size() < start + 4 || load_be32(bytes.data() + start) != 0) return std::nullopt;  // ESP, not IKE
    start += 4;
  } else if (d.destination_port != 500) {
    return std::nullopt;
  }
  d.payload.assign(bytes.begin() + static_cast<std::ptrdiff_t>(start), bytes.end());
  return d;
}

const char* op_name(control::SaProgramming::Kind k) {
  switch (k) {
    case control::SaProgramming::Kind::kInstallInbound: return "install_inbound_sa";
    case control::SaProgramming::Kind::kInstallOutbound: return "install_outbound_sa";
    case control::SaProgramming::Kind::kRemoveInbound: return "remove_inbound_sa";
    case control::SaProgramming::Kind::kRemoveOutbound: return "remove_outbound_sa";
  }
  return "?";
}

}  // namespace

// An st0 unit without SAs is down for routing (its routes inactive, a
// backup route takes over), except when its VPN is established on traffic:
// then it stays ready, its routes active, so that traffic reaches it and
// triggers the negotiation (ScreenOS' "READY" tunnel interface, Juniper
// KB6221; Junos' own st0 state in this mode is not published: an assumption).
static bool routes_through_st0(const control::VpnSettings& v, bool up) {
  return up || v.establish == control::Establish::kOnTraffic;
}

ControlPlane::ControlPlane(const sc_core::sc_module_name& name, Network& network, const ControlPlaneParams& params,
                           uint64_t seed, uint64_t start_ps)
    : sc_core::sc_module(name), network_(network), params_(params), seed_(seed), start_ps_(start_ps) {
  SC_THREAD(main);
}

uint64_t ControlPlane::now() const { return models::now_ps(); }

Expected<void, std::string> ControlPlane::configure() {
  const std::size_t n = network_.devices.size();
  daemons_.resize(n);
  places_.resize(n);
  for (std::size_t dev = 0; dev < n; ++dev) {
    DeviceState& d = *network_.devices[dev];
    auto settings = control::vpn_settings(d.config);
    if (!settings) return unexpected(settings.error());
    for (const auto& v : *settings) {
      VpnPlace place;
      for (auto& t : d.model.tunnels)
        if (t.plan.vpn == v.name) place.tunnel = &t;
      place.bound.assign(v.selectors.size(), {0, 0});
      place.draining_inbound.assign(v.selectors.size(), 0);
      place.retired.assign(v.selectors.size(), {});
      places_[dev].push_back(std::move(place));
    }
    control::IkeDaemon::Hooks hooks;
    const int device = static_cast<int>(dev);
    hooks.send = [this, device](control::IkeDatagram dg) { send(device, std::move(dg)); };
    hooks.program = [this, device](const control::SaProgramming& p) { program(device, p); };
    hooks.tunnel_state = [this, device](std::size_t vpn, bool up, const std::string&) { set_st0(device, vpn, up); };
    hooks.traffic = [this, device](std::size_t vpn) -> std::pair<uint64_t, uint64_t> {
      const VpnPlace& place = places_[device][vpn];
      if (!place.tunnel) return {0, 0};
      const auto& chip = network_.devices[device]->model.router->chip(place.tunnel->chip);
      // Totals that only grow (DPD compares them): the removed SAs' and those in the engine.
      uint64_t in = 0, out = 0;
      for (const auto& r : place.retired) {
        in += r.decrypted_packets;
        out += r.encrypted_packets;
      }
      for (const auto& [key, installed] : place.ids) {
        const auto s = chip.sa_statistics(installed.sa_id);
        (key.first ? in : out) += key.first ? s.decrypted_packets : s.encrypted_packets;
      }
      return {in, out};
    };
    // A seed per device, from the run's: the same seed, the same keys.
    daemons_[dev] = std::make_unique<control::IkeDaemon>(d.name, std::move(*settings), params_.timers,
                                                         seed_ * 1000003 + dev, std::move(hooks));
    daemons_[dev]->keep_history(params_.keep_sa_history);
    for (std::size_t v = 0; v < places_[dev].size(); ++v) places_[dev][v].settings = &daemons_[dev]->vpns()[v];
  }
  network_.set_host_receiver([this](int device, const Packet& p, uint64_t at_ps) { on_host_packet(device, p, at_ps); });
  watch_tunnel_misses();
  // Before IKE, no st0 unit has an SA: each is down, and so are the routes
  // through it (Junos: Link-Layer-Down, Dest-route-down), unless on traffic.
  for (std::size_t dev = 0; dev < n; ++dev) {
    for (const auto& v : daemons_[dev]->vpns())
      network_.devices[dev]->rib.set_interface_up(v.st0_unit, routes_through_st0(v, false));
    reroute(static_cast<int>(dev));
  }
  return {};
}

void ControlPlane::set_st0(int device, std::size_t vpn, bool up) {
  const auto& v = daemons_[device]->vpns()[vpn];
  network_.devices[device]->rib.set_interface_up(v.st0_unit, routes_through_st0(v, up));
  const VpnPlace& place = places_[device][vpn];
  trace(device, place, up ? "st0_up" : "st0_down", 0, 0);
  reroute(device);
}

void ControlPlane::reroute(int device) {
  DeviceState& d = *network_.devices[device];
  d.rib.resolve();
  std::vector<control::PlannedRoute> routes;
  for (const auto& r : d.rib.routes())
    if (r.active) routes.push_back({r.prefix, r.protocol, r.forwarding});
  for (const std::string& prefix : reprogram_routes(d.model, routes)) {
    ProgrammingStep s;
    s.at_ps = now();
    s.device = d.name;
    s.op = "route_change";
    s.prefix = prefix;
    if (params_.keep_programming_steps) steps_.push_back(std::move(s));
  }
}

void ControlPlane::on_host_packet(int device, const Packet& p, uint64_t at_ps) {
  auto dg = ike_datagram(p);
  if (!dg || !daemons_[device]->listens_on(dg->destination)) return;
  inbox_.emplace(std::max(at_ps, now()) + params_.message_processing_ps, Inbound{device, std::move(*dg)});
  wake_.notify(sc_core::SC_ZERO_TIME);
}

void ControlPlane::watch_tunnel_misses() {
  for (std::size_t dev = 0; dev < places_.size(); ++dev) {
    auto& router = *network_.devices[dev]->model.router;
    for (std::size_t c = 0; c < router.chip_count(); ++c) {
      // The st0 units anchored on this chip, by interface: one lookup per
      // dropped packet, and only while a tunnel is down.
      std::map<models::IfIndex, std::size_t> vpn_of;
      for (std::size_t v = 0; v < places_[dev].size(); ++v) {
        const TunnelInstall* t = places_[dev][v].tunnel;
        if (t && t->chip == static_cast<int>(c)) vpn_of[t->st0_ifl] = v;
      }
      if (vpn_of.empty()) continue;
      const int device = static_cast<int>(dev);
      router.chip(static_cast<int>(c)).set_tunnel_miss_observer(
          [this, device, vpn_of = std::move(vpn_of)](models::IfIndex st0, uint64_t at_ps) {
            const auto it = vpn_of.find(st0);
            if (it == vpn_of.end() || !missed_.insert({device, it->second}).second) return;
            // The key manager hears of it one message-handling time later.
            tunnel_misses_.emplace(at_ps + params_.message_processing_ps, std::pair{device, it->second});
            wake_.notify(sc_core::SC_ZERO_TIME);
          });
    }
  }
}

void ControlPlane::send(int device, control::IkeDatagram dg) {
  auto& chip = network_.devices[device]->model.router->chip(0);
  PacketPtr p = chip.pool().acquire();
  build_udp(*p, dg);
  ParseOptions po;
  if (auto parsed = parse_l3(p->bytes(), L3Family::kUnknown, po)) p->meta.flow_hash = parsed->flow_hash;
  network_.send_from_host(device, std::move(p), now());
}

void ControlPlane::trace(int device, const VpnPlace& place, const char* op, uint32_t spi, uint32_t sa_id) {
  ProgrammingStep s;
  s.at_ps = now();
  s.device = network_.devices[device]->name;
  s.op = op;
  s.spi = spi;
  s.sa_id = sa_id;
  if (place.tunnel) {
    s.chip = network_.devices[device]->model.router->chip_label(place.tunnel->chip);
    s.pfe = place.tunnel->pfe;
    s.vpn = place.tunnel->plan.vpn;
    s.st0 = place.tunnel->plan.st0_unit;
  }
  if (params_.keep_programming_steps) steps_.push_back(std::move(s));
}

void ControlPlane::program(int device, const control::SaProgramming& p) {
  VpnPlace& place = places_[device][p.vpn];
  if (!place.tunnel) return;  // a VPN the plan has no st0 binding for (refused by the commit checks)
  TunnelInstall& t = *place.tunnel;
  auto& router = *network_.devices[device]->model.router;
  models::Trio6& chip = router.chip(t.chip);
  const bool inbound = p.kind == control::SaProgramming::Kind::kInstallInbound ||
                       p.kind == control::SaProgramming::Kind::kRemoveInbound;
  const std::pair<bool, uint32_t> key{inbound, p.sa.spi};
  auto& bound = place.bound[p.selector];
  switch (p.kind) {
    case control::SaProgramming::Kind::kInstallInbound: {
      const uint32_t id = chip.add_sa(p.sa, models::SaDirection::kInbound, t.pfe);
      place.ids[key] = {id, p.selector};
      trace(device, place, op_name(p.kind), p.sa.spi, id);
      // ESP under this SPI goes to the service set's outside unit on every chip.
      for (std::size_t c = 0; c < t.outside_unit_by_chip.size(); ++c)
        if (const models::IfIndex unit = t.outside_unit_by_chip[c]) router.chip(static_cast<int>(c)).steer_esp(p.sa.spi, unit);
      trace(device, place, "steer_esp", p.sa.spi, id);
      if (bound.second) place.draining_inbound[p.selector] = bound.second;  // a rekey: the old one still opens
      bound.second = id;
      break;
    }
    case control::SaProgramming::Kind::kInstallOutbound: {
      const uint32_t id = chip.add_sa(p.sa, models::SaDirection::kOutbound, t.pfe);
      place.ids[key] = {id, p.selector};
      trace(device, place, op_name(p.kind), p.sa.spi, id);
      bound.first = id;
      break;
    }
    case control::SaProgramming::Kind::kRemoveOutbound:
    case control::SaProgramming::Kind::kRemoveInbound: {
      auto it = place.ids.find(key);
      if (it == place.ids.end()) return;
      const uint32_t id = it->second.sa_id;
      if (!inbound) {
        // Off the st0 unit now; out of the engine once what was steered to it has left.
        if (bound.first == id) bound.first = 0;
        retiring_.emplace(now() + params_.outbound_drain_ps, Retiring{device, t.chip, &place, p.sa.spi});
        trace(device, place, "unbind_outbound_sa", p.sa.spi, id);
        wake_.notify(sc_core::SC_ZERO_TIME);
        break;
      }
      place.ids.erase(it);
      place.retired[p.selector] += chip.sa_statistics(id);
      for (std::size_t c = 0; c < router.chip_count(); ++c) router.chip(static_cast<int>(c)).unsteer_esp(p.sa.spi);
      trace(device, place, "unsteer_esp", p.sa.spi, id);
      if (place.draining_inbound[p.selector] == id) place.draining_inbound[p.selector] = 0;
      if (bound.second == id) bound.second = 0;
      chip.remove_sa(id);
      trace(device, place, op_name(p.kind), p.sa.spi, id);
      break;
    }
  }
  rebind(device, place);
}

// The st0 unit's tunnel with the SAs bound now: P2P, the one pair; traffic
// selectors, every selector with both SAs (a selector without is left out,
// and its traffic drops as outside traffic selectors).
void ControlPlane::rebind(int device, VpnPlace& place) {
  TunnelInstall& t = *place.tunnel;
  models::Trio6& chip = network_.devices[device]->model.router->chip(t.chip);
  auto opt = [](uint32_t id) { return id ? std::optional<uint32_t>(id) : std::nullopt; };
  if (!place.settings->traffic_selector_mode) {
    chip.bind_tunnel(t.st0_ifl, t.service_set, opt(place.bound[0].first), opt(place.bound[0].second));
    t.outbound_sa = opt(place.bound[0].first);
    t.inbound_sa = opt(place.bound[0].second);
    return;
  }
  std::vector<models::TrafficSelector> selectors;
  for (std::size_t i = 0; i < place.bound.size(); ++i) {
    const auto [out, in] = place.bound[i];
    if (!out || !in) continue;
    const auto& sel = place.settings->selectors[i];
    models::TrafficSelector ts;
    ts.local = control::network_of(sel.local).address;
    ts.remote = control::network_of(sel.remote).address;
    ts.local_length = sel.local.length;
    ts.remote_length = sel.remote.length;
    ts.outbound_sa = out;
    ts.inbound_sa = in;
    ts.draining_inbound_sa = place.draining_inbound[i];
    selectors.push_back(ts);
  }
  if (selectors.empty()) {
    chip.bind_tunnel(t.st0_ifl, t.service_set, std::nullopt, opt(place.bound[0].second));
    t.outbound_sa.reset();
    return;
  }
  chip.bind_tunnel(t.st0_ifl, t.service_set, selectors.front().outbound_sa, selectors.front().inbound_sa);
  t.outbound_sa = selectors.front().outbound_sa;
  t.inbound_sa = selectors.front().inbound_sa;
  chip.set_tunnel_selectors(t.st0_ifl, std::move(selectors));
}

void ControlPlane::retire_due(uint64_t t) {
  while (!retiring_.empty() && retiring_.begin()->first <= t) {
    const Retiring r = retiring_.begin()->second;
    retiring_.erase(retiring_.begin());
    auto it = r.place->ids.find({false, r.spi});
    if (it == r.place->ids.end()) continue;
    const auto [sa_id, selector] = it->second;
    r.place->ids.erase(it);
    models::Trio6& chip = network_.devices[r.device]->model.router->chip(r.chip);
    r.place->retired[selector] += chip.sa_statistics(sa_id);
    chip.remove_sa(sa_id);
    trace(r.device, *r.place, "remove_outbound_sa", r.spi, sa_id);
  }
}

void ControlPlane::main() {
  if (start_ps_ > 0) wait(sc_core::sc_time::from_value(start_ps_));
  for (auto& d : daemons_) {
    d->start(now());
  }
  for (;;) {
    const uint64_t t = now();
    // Traffic that met a tunnel without SAs, handled by now
    // (establish-tunnels on-traffic; the daemon ignores it otherwise).
    while (!tunnel_misses_.empty() && tunnel_misses_.begin()->first <= t) {
      const auto [device, vpn] = tunnel_misses_.begin()->second;
      tunnel_misses_.erase(tunnel_misses_.begin());
      missed_.erase({device, vpn});
      daemons_[device]->traffic_without_sa(vpn, t);
    }
    // Messages whose handling is done by now, in arrival order.
    while (!inbox_.empty() && inbox_.begin()->first <= t) {
      Inbound in = std::move(inbox_.begin()->second);
      inbox_.erase(inbox_.begin());
      daemons_[in.device]->receive(in.datagram, t);
    }
    for (auto& d : daemons_) d->advance(t);
    retire_due(t);
    std::optional<uint64_t> next;
    auto take = [&](uint64_t x) {
      if (!next || x < *next) next = x;
    };
    if (!inbox_.empty()) take(inbox_.begin()->first);
    if (!tunnel_misses_.empty()) take(tunnel_misses_.begin()->first);
    if (!retiring_.empty()) take(retiring_.begin()->first);
    for (const auto& d : daemons_)
      if (auto x = d->next_deadline()) take(std::max(*x, t + 1));
    if (next) {
      wait(sc_core::sc_time::from_value(*next - t), wake_);
    } else {
      wait(wake_);
    }
  }
}

Expected<void, std::string> ControlPlane::apply(const scenario::EventSpec& e, uint64_t now_ps) {
  const int dev = network_.device_index(e.device);
  if (dev < 0) return unexpected(fmt::format("{}: no device {}", e.where.str(), e.device));
  control::IkeDaemon& d = *daemons_[dev];
  using K = scenario::EventSpec::Kind;
  switch (e.kind) {
    case K::kIkeStop: d.stop(now_ps); break;
    case K::kIkeStart: d.restart(now_ps); break;
    case K::kClearIke: d.clear_ike_security_associations(now_ps); break;
    case K::kClearIpsec: d.clear_ipsec_security_associations(e.index, now_ps); break;
    case K::kRekey: {
      std::optional<std::size_t> v;
      for (std::size_t i = 0; i < d.vpns().size(); ++i)
        if (d.vpns()[i].name == e.vpn) v = i;
      if (!v) return unexpected(fmt::format("{}: rekey: {} has no VPN {}", e.where.str(), e.device, e.vpn));
      if (e.rekey_ike) d.force_ike_rekey(*v, now_ps);
      else d.force_rekey(*v, now_ps);
      break;
    }
    default: break;
  }
  wake_.notify(sc_core::SC_ZERO_TIME);
  return {};
}


std::vector<crypto::SaConfig> ControlPlane::child_sas() const {
  std::vector<crypto::SaConfig> out;
  std::set<std::tuple<IpAddress, IpAddress, uint32_t>> seen;
  for (const auto& d : daemons_)
    for (const auto& sa : d->child_sa_history())
      if (seen.insert({sa.source, sa.destination, sa.spi}).second) out.push_back(sa);
  return out;
}

std::vector<report::Ikev2TableEntry> ControlPlane::ike_sas() const {
  std::vector<report::Ikev2TableEntry> out;
  std::set<std::pair<uint64_t, uint64_t>> seen;
  for (const auto& d : daemons_)
    for (const auto& sa : d->ike_sa_history())
      if (seen.insert({sa.spi_i, sa.spi_r}).second) out.push_back({sa.spi_i, sa.spi_r, sa.suite, sa.keys});
  return out;
}

std::string ControlPlane::key_log() const {
  std::string out;
  for (const auto& d : daemons_)
    for (const auto& s : d->dh_secrets())
      out += fmt::format(R"({{"device": "{}", "group": {}, "public": "{}", "private": "{}"}})"
                         "\n",
                         d->device(), s.group, to_hex(s.public_value), to_hex(s.private_value));
  return out;
}

std::string ControlPlane::programming_trace() const {
  std::string out;
  for (const auto& s : steps_)
    out += fmt::format(
        R"({{"t_ps": {}, "device": "{}", "chip": "{}", "pfe": {}, "op": "{}", "vpn": "{}", "st0": "{}", "spi": "0x{:08x}", "sa_id": {}, "prefix": "{}"}})"
        "\n",
        s.at_ps, s.device, s.chip, s.pfe, s.op, s.vpn, s.st0, s.spi, s.sa_id, s.prefix);
  return out;
}

std::optional<crypto::IpsecStatistics> ControlPlane::tunnel_statistics(int device, uint32_t tunnel_id) const {
  const auto at = daemons_.at(device)->tunnel(tunnel_id);
  if (!at) return std::nullopt;
  const auto [v, sel] = *at;
  const VpnPlace& place = places_[device][v];
  if (!place.tunnel) return std::nullopt;
  const auto& chip = network_.devices[device]->model.router->chip(place.tunnel->chip);
  crypto::IpsecStatistics s = place.retired[sel];
  for (const auto& [key, installed] : place.ids)
    if (installed.selector == sel) s += chip.sa_statistics(installed.sa_id);
  return s;
}

const std::vector<std::string>& ControlPlane::counter_names() {
  static const std::vector<std::string> names = {
      "child_rekeys",  "ike_rekeys",        "reauths",       "reauth_failures", "dpd_dead",  "tunnels_up",
      "outages",       "outage_ms_max",     "messages_sent", "messages_received", "retransmitted", "bad_icv",
      "malformed",     "unknown_spi"};
  return names;
}

std::map<std::string, uint64_t> ControlPlane::counters(int device) const {
  std::map<std::string, uint64_t> c;
  for (const auto& n : counter_names()) c[n] = 0;
  if (device < 0 || device >= static_cast<int>(daemons_.size()) || !daemons_[device]) return c;
  const control::IkeDaemon& d = *daemons_[device];
  for (std::size_t v = 0; v < d.vpns().size(); ++v) {
    const auto& s = d.status(v);
    c["child_rekeys"] += s.child_rekeys;
    c["ike_rekeys"] += s.ike_rekeys;
    c["dpd_dead"] += s.dpd_dead;
    c["tunnels_up"] += s.up ? 1 : 0;
    c["outages"] += s.outages_ps.size();
    for (uint64_t o : s.outages_ps) c["outage_ms_max"] = std::max<uint64_t>(c["outage_ms_max"], o / 1'000'000'000);
  }
  c["messages_sent"] = d.counters().sent;
  c["messages_received"] = d.counters().received;
  c["retransmitted"] = d.counters().retransmitted;
  c["reauths"] = d.counters().reauths;
  c["reauth_failures"] = d.counters().reauth_failures;
  c["bad_icv"] = d.counters().bad_icv;
  c["malformed"] = d.counters().malformed;
  c["unknown_spi"] = d.counters().unknown_spi;
  return c;
}

}  // namespace trio6sim::run
