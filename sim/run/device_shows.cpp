#include "device_shows.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string_view>
#include <unordered_map>

#include "control/operational.h"
#include "control_plane.h"
#include "evpn.h"
#include "packet/ethernet.h"
#include "packet/bytes.h"
#include "show/show_bgp.h"
#include "show/show_interfaces.h"
#include "show/show_ipsec.h"
#include "show/show_mac_vrf.h"

namespace trio6sim::run {

using models::IflCounters;

namespace {

// `show interfaces extensive NAME` from the configuration (what the
// interface is) and the model (what it counted).
class ExtensiveBuilder {
 public:
  ExtensiveBuilder(const DeviceState& d, uint64_t now, const ShowContext& context)
      : d_(d), now_(now), context_(context) {
    // One index per command: an st0 with 2,000 units would otherwise search
    // the device's interface list once per unit.
    for (const auto& [name, places] : d.model.interfaces) places_.emplace(name, &places);
  }

  // nullopt: the device has no interface NAME.
  std::optional<std::string> build(const std::string& name) const {
    uint32_t units_before = 0;
    for (std::size_t i = 0; i < d_.config.interfaces.size(); ++i) {
      const junos::Interface& ifd = d_.config.interfaces[i];
      if (ifd.name == name) return show::interfaces_extensive(physical(ifd, static_cast<uint32_t>(i), units_before));
      for (const auto& unit : ifd.units) {
        if (ifd.name + "." + std::to_string(unit.number) == name)
          return show::interfaces_extensive(logical(ifd, unit, units_before));
        ++units_before;
      }
    }
    // A counted interface the configuration does not hold: its counters alone.
    if (!places_.contains(name)) return std::nullopt;
    if (name.find('.') == std::string::npos) {
      show::ExtensivePhysical p;
      p.name = name;
      p.traffic = traffic(name);
      return show::interfaces_extensive(p);
    }
    show::ExtensiveLogical l;
    l.name = name;
    l.traffic = traffic(name);
    return show::interfaces_extensive(l);
  }

 private:
  // Counters now (an end-of-run show runs after the drain); rates over the
  // window ending at `now`, read as the report and the expectations read
  // them. Bits per second: the packet rate times the mean packet size so far
  // (the model keeps no byte-rate window).
  show::InterfaceTraffic traffic(const std::string& name) const {
    show::InterfaceTraffic t;
    const auto it = places_.find(name);
    if (it == places_.end()) return t;
    const IflCounters n = d_.model.counters(*it->second);
    auto rate = [&](const char* field) {
      const auto v = context_.counters.read(d_.name, "interfaces." + name + "." + field, now_);
      return static_cast<uint64_t>(v.value_or(0) + 0.5);
    };
    t.input_packets = n.input_packets;
    t.output_packets = n.output_packets;
    t.input_bytes = n.input_bytes;
    t.output_bytes = n.output_bytes;
    t.input_pps = rate("input_pps");
    t.output_pps = rate("output_pps");
    if (n.input_packets) t.input_bps = t.input_pps * 8 * n.input_bytes / n.input_packets;
    if (n.output_packets) t.output_bps = t.output_pps * 8 * n.output_bytes / n.output_packets;
    return t;
  }

  static void add(show::InterfaceTraffic& sum, const show::InterfaceTraffic& t) {
    sum.input_packets += t.input_packets;
    sum.output_packets += t.output_packets;
    sum.input_bytes += t.input_bytes;
    sum.output_bytes += t.output_bytes;
    sum.input_pps += t.input_pps;
    sum.output_pps += t.output_pps;
    sum.input_bps += t.input_bps;
    sum.output_bps += t.output_bps;
  }

  static show::ExtensiveKind kind_of(const junos::Interface& ifd) {
    switch (ifd.kind) {
      case junos::InterfaceKind::kEthernet:
        return ifd.bundle ? show::ExtensiveKind::kBundleMember : show::ExtensiveKind::kEthernet;
      case junos::InterfaceKind::kAggregatedEthernet: return show::ExtensiveKind::kAggregate;
      case junos::InterfaceKind::kServices: return show::ExtensiveKind::kServices;
      case junos::InterfaceKind::kSecureTunnel: return show::ExtensiveKind::kSecureTunnel;
      default: return show::ExtensiveKind::kOther;
    }
  }

  double port_gbps(const std::string& port) const {
    auto it = d_.model.ports.find(port);
    if (it == d_.model.ports.end()) return 0;
    return d_.model.router->chip(it->second.chip).params().port_group.port_gbps[it->second.port];
  }

  std::vector<const junos::Interface*> members_of(const std::string& bundle) const {
    std::vector<const junos::Interface*> out;
    for (const auto& ifd : d_.config.interfaces)
      if (ifd.bundle == bundle) out.push_back(&ifd);
    return out;
  }

  // Indexes are the model's own: numbered in configuration order, physical
  // interfaces from 150 (SNMP 500), units from 330 (SNMP 600).
  show::ExtensiveLogical logical(const junos::Interface& ifd, const junos::LogicalUnit& unit,
                                 uint32_t number) const {
    show::ExtensiveLogical l;
    l.name = ifd.name + "." + std::to_string(unit.number);
    l.kind = kind_of(ifd);
    l.index = 330 + number;
    l.snmp_index = 600 + number;
    l.generation = 140 + number;
    l.description = unit.description;
    l.traffic = traffic(l.name);
    const int mtu = l.kind == show::ExtensiveKind::kSecureTunnel || l.kind == show::ExtensiveKind::kServices ? 9192
                                                                                                              : 1500;
    for (const auto& f : unit.families) l.families.push_back({f.name, f.addresses, f.mtu.value_or(mtu)});
    if (l.kind == show::ExtensiveKind::kAggregate)
      for (const junos::Interface* m : members_of(ifd.name)) l.members.push_back({m->name + ".0", traffic(m->name)});
    return l;
  }

  show::ExtensivePhysical physical(const junos::Interface& ifd, uint32_t position, uint32_t units_before) const {
    show::ExtensivePhysical p;
    p.name = ifd.name;
    p.kind = kind_of(ifd);
    p.index = 150 + position;
    p.snmp_index = 500 + position;
    p.generation = 153 + position;
    p.description = ifd.description;
    p.mtu = ifd.mtu.value_or(1514);
    // A documentation MAC address (RFC 7042), one per interface.
    p.mac = fmt::format("00:00:5e:00:{:02x}:{:02x}", (position >> 8) & 0xff, position & 0xff);
    double gbps = port_gbps(ifd.name);
    if (p.kind == show::ExtensiveKind::kAggregate)
      for (const junos::Interface* m : members_of(ifd.name)) gbps += port_gbps(m->name);
    if (gbps > 0) p.speed = fmt::format("{}Gbps", static_cast<uint64_t>(gbps + 0.5));
    uint32_t number = units_before;
    for (const auto& unit : ifd.units) p.units.push_back(logical(ifd, unit, number++));
    if (p.kind == show::ExtensiveKind::kBundleMember && p.units.empty()) {
      // A member's one unit is its link in the bundle.
      show::ExtensiveLogical l;
      l.name = ifd.name + ".0";
      l.kind = p.kind;
      l.index = 330 + number;
      l.snmp_index = 600 + number;
      l.generation = 140 + number;
      l.traffic = traffic(ifd.name);
      l.bundle = *ifd.bundle + ".0";
      p.units.push_back(std::move(l));
    }
    // The port's own counters; st0 and si have none of their own: their units' sum.
    if (places_.contains(ifd.name)) p.traffic = traffic(ifd.name);
    else
      for (const auto& u : p.units) add(p.traffic, u.traffic);
    return p;
  }

  const DeviceState& d_;
  uint64_t now_;
  const ShowContext& context_;
  std::unordered_map<std::string_view, const std::vector<IflPlace>*> places_;
};

// The virtual gateway's source in the database: the blog's
// 05:00:00:fc:00:00:00:27:1a:00 is a type 5 ESI (RFC 7432 section 5: the
// AS, 4 octets, then a 4-octet discriminator, here the domain's VNI, and
// a zero octet): AS 64512 (0xfc00), VNI 10010 (0x271a).
std::string virtual_gateway_esi(uint32_t as, uint32_t vni) {
  return fmt::format("05:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:00", as >> 24, (as >> 16) & 0xff,
                     (as >> 8) & 0xff, as & 0xff, vni >> 24, (vni >> 16) & 0xff, (vni >> 8) & 0xff, vni & 0xff);
}

std::string mac_text(models::MacKey key) {
  MacAddress mac{};
  for (int i = 0; i < 6; ++i) mac[i] = static_cast<uint8_t>(key >> (40 - 8 * i));
  return format_mac(mac);
}

// `show mac-vrf routing database`: per mac-vrf instance, the MACs its
// domains learned (on a local unit), installed from the peers' MAC/IP
// routes (behind the remote VTEP), its irb's (at the chassis MAC) and
// virtual gateway's (by its ESI), by domain then MAC, with the IP of each
// MAC-IP binding (docs/bridging.md).
std::string mac_vrf_database(const DeviceState& d, const ShowContext& context) {
  std::string out;
  std::vector<std::string> instances;
  for (const auto& bd : d.model.bridge_domains)
    if (std::find(instances.begin(), instances.end(), bd.instance) == instances.end()) instances.push_back(bd.instance);
  for (const auto& instance : instances) {
    std::vector<show::MacVrfDatabaseEntry> entries;
    if (context.evpn)
      for (const auto& [key, m] : context.evpn->database(context.device)) {
        const BridgeDomainPlace& bd = d.model.bridge_domains[m.domain];
        if (bd.instance != instance) continue;
        const std::string source = m.kind == EvpnMac::Kind::kVirtualGateway
                                       ? virtual_gateway_esi(d.config.autonomous_system.value_or(0), bd.vni)
                                       : m.source;
        entries.push_back({bd.vni, mac_text(m.mac), source, control::junos_short_timestamp(m.at_ps),
                           m.ipv4 != 0 ? IpAddress::v4(m.ipv4).to_string() : ""});
      }
    out += show::mac_vrf_routing_database(instance, entries);
  }
  return out;
}

// `show mac-vrf forwarding mac-ip-table`: per bridge domain, its MAC-IP
// bindings by MAC: the irb's address and virtual gateway (S,K, on the
// irb), a peer's irb address (SR,K,RT on the peer's VTEP interface, as the
// blog shows), a host bound from ARP here (DL,K,AD on its unit) or at a
// peer (DR,K on the VTEP interface). The flags of the hosts' bindings are
// assumptions (Junos' usual ones; the blog has no host binding). A remote
// VTEP's interface is vtep.32769 and up, by VTEP address (assumption: the
// blog's one peer is vtep.32769).
std::string mac_vrf_mac_ip_table(const DeviceState& d, const ShowContext& context) {
  if (!context.evpn) return "";
  const auto& db = context.evpn->database(context.device);
  // Each remote VTEP's unit, numbered in the order of the VTEPs' addresses.
  std::map<uint32_t, std::string> by_address;
  for (const auto& [key, m] : db)
    if (m.remote)
      if (const auto a = IpAddress::parse(m.source); a && a->is_v4()) by_address.emplace(load_be32(a->data()), m.source);
  std::map<std::string, int> vteps;  // remote VTEP -> its vtep unit
  int unit = 32769;
  for (const auto& [address, text] : by_address) vteps.emplace(text, unit++);
  std::vector<show::MacIpTableDomain> domains;
  for (std::size_t i = 0; i < d.model.bridge_domains.size(); ++i) {
    const BridgeDomainPlace& bd = d.model.bridge_domains[i];
    show::MacIpTableDomain out{bd.instance, bd.name, {}};
    for (auto it = db.lower_bound({i, 0}); it != db.end() && it->first.first == i; ++it) {
      const EvpnMac& m = it->second;
      if (m.ipv4 == 0) continue;
      show::MacIpTableEntry e{IpAddress::v4(m.ipv4).to_string(), mac_text(m.mac), "", "", ""};
      if (m.remote) {
        e.flags = m.kind == EvpnMac::Kind::kIrb ? "SR,K,RT" : "DR,K";
        e.logical_interface = fmt::format("vtep.{}", vteps.at(m.source));
        e.active_source = m.source;
      } else if (m.kind == EvpnMac::Kind::kLearned) {
        e.flags = "DL,K,AD";
        e.logical_interface = m.source;
      } else {
        e.flags = "S,K";
        e.logical_interface = bd.irb;
      }
      out.entries.push_back(std::move(e));
    }
    domains.push_back(std::move(out));
  }
  return show::mac_vrf_mac_ip_table(domains);
}

// `show bgp summary`: the configuration's EVPN groups and peers (sessions
// not run: each is Established from the start), the paths each peer's
// routes gave (Evpn::routes_from, matched by the peer's address to its
// VTEP), in bgp.evpn.0 and each mac-vrf's table; the counters the model
// does not simulate from the scenario's `show_counters`, else 0.
std::string bgp_summary_of(const DeviceState& d, const ShowContext& context) {
  show::BgpSummary s;
  std::vector<std::string> instances;
  for (const auto& bd : d.model.bridge_domains)
    if (std::find(instances.begin(), instances.end(), bd.instance) == instances.end()) instances.push_back(bd.instance);
  uint64_t total = 0;
  for (const auto& g : d.config.evpn_peerings) {
    ++s.groups;
    for (const auto& n : g.neighbors) {
      show::BgpPeer p;
      p.address = n.to_string();
      p.as = g.peer_as.value_or(g.internal ? d.config.autonomous_system.value_or(0) : 0);
      const uint64_t paths = context.evpn && n.is_v4() ? context.evpn->routes_from(context.device, load_be32(n.data())) : 0;
      total += paths;
      p.ribs.push_back({"bgp.evpn.0", paths, paths, paths, 0});
      for (const auto& instance : instances) p.ribs.push_back({instance + ".evpn.0", paths, paths, paths, 0});
      p.ribs.push_back({"__default_evpn__.evpn.0", 0, 0, 0, 0});
      if (context.show_counters)
        for (const auto& c : *context.show_counters)
          if (c.device == d.name && c.peer == n) {
            p.in_packets = c.in_packets;
            p.out_packets = c.out_packets;
            p.flaps = c.flaps;
            p.last_up_down_seconds = c.last_up_down_seconds;
          }
      s.peers.push_back(std::move(p));
    }
  }
  s.tables.push_back({"bgp.evpn.0", total, total, 0, 0, 0, 0});
  return show::bgp_summary(s);
}

std::string answer(const DeviceState& d, const ShowCommand& c, uint64_t now, const ShowContext& context) {
  const bool up = context.tunnels_installed;
  const control::NegotiationResult none;
  const control::NegotiationResult& neg = up ? context.negotiation : none;
  if (context.daemon) {
    if (c.kind == ShowKind::kIkeSas) {
      std::optional<uint32_t> index;
      if (!c.argument.empty()) index = static_cast<uint32_t>(std::strtoul(c.argument.c_str(), nullptr, 10));
      return control::show_ike_security_associations(*context.daemon, d.config, index, c.detail, now);
    }
    if (c.kind == ShowKind::kIpsecSas)
      return control::show_ipsec_security_associations(*context.daemon, d.config, c.detail, now);
    if (c.kind == ShowKind::kIpsecStatistics && !c.argument.empty()) {
      const auto id = static_cast<uint32_t>(std::strtoul(c.argument.c_str(), nullptr, 10));
      if (auto s = context.control->tunnel_statistics(context.device, id)) return show::ipsec_statistics(*s);
      return fmt::format("error: no tunnel with index {}\n", c.argument);
    }
  }
  switch (c.kind) {
    case ShowKind::kIkeSas: return control::show_ike_security_associations(d.name, neg);
    case ShowKind::kIpsecSas:
      return control::show_ipsec_security_associations(d.name, neg, c.detail, context.ike_negotiation_ps, now);
    case ShowKind::kIpsecStatistics: {
      if (c.argument.empty()) return show::ipsec_statistics(d.model.router->ipsec_statistics());
      // Tunnel IDs count from 500001 over the device's SA pairs that are
      // up (one per tunnel, one per selector in TS mode), in the order `show
      // security ipsec security-associations` lists them.
      uint32_t id = 500001;
      for (const auto& t : neg.tunnels) {
        if (!t.up || (t.a.device != d.name && t.b.device != d.name)) continue;
        const std::string& vpn = (t.a.device == d.name ? t.a : t.b).vpn->name;
        const std::size_t pairs = std::max<std::size_t>(1, t.selectors.size());
        for (std::size_t j = 0; j < pairs; ++j) {
          if (std::to_string(id++) != c.argument) continue;
          crypto::IpsecStatistics s;
          for (const auto& ti : d.model.tunnels) {
            if (ti.plan.vpn != vpn) continue;
            if (j < ti.selector_sas.size()) {
              for (uint32_t sa : {ti.selector_sas[j].first, ti.selector_sas[j].second})
                s += d.model.router->chip(ti.chip).sa_statistics(sa);
            } else {
              for (auto sa : {ti.outbound_sa, ti.inbound_sa})
                if (sa) s += d.model.router->chip(ti.chip).sa_statistics(*sa);
            }
          }
          return show::ipsec_statistics(s);
        }
      }
      return fmt::format("error: no tunnel with index {}\n", c.argument);
    }
    case ShowKind::kInterfacesTerse: {
      auto out = control::show_interfaces_terse(d.config, c.argument);
      return out ? *out : fmt::format("error: device {} not found\n", c.argument);
    }
    case ShowKind::kRoute: {
      auto r = control::show_route(d.rib, d.config, c.argument, now);
      return r ? *r : "error: " + r.error() + "\n";
    }
    case ShowKind::kLogMessages: return control::show_log_messages(context.daemon, d.name, now);
    case ShowKind::kMacVrfDatabase: return mac_vrf_database(d, context);
    case ShowKind::kMacVrfMacIpTable: return mac_vrf_mac_ip_table(d, context);
    case ShowKind::kBgpSummary: return bgp_summary_of(d, context);
    case ShowKind::kInterfaceExtensive: {
      auto out = ExtensiveBuilder(d, now, context).build(c.argument);
      return out ? *out : fmt::format("error: device {} not found\n", c.argument);
    }
  }
  return {};
}

}  // namespace

std::string answer_show(const DeviceState& d, const ShowCommand& c, uint64_t now, const ShowContext& context) {
  return show::apply_pipes(answer(d, c, now, context), c.pipes);
}

bool names_interface(const DeviceState& d, const ShowCommand& c) {
  if (c.kind == ShowKind::kInterfacesTerse)
    return c.argument.empty() || control::show_interfaces_terse(d.config, c.argument).has_value();
  if (c.kind != ShowKind::kInterfaceExtensive) return true;
  if (d.model.places(c.argument)) return true;
  for (const auto& ifd : d.config.interfaces) {
    if (ifd.name == c.argument) return true;
    for (const auto& unit : ifd.units)
      if (ifd.name + "." + std::to_string(unit.number) == c.argument) return true;
  }
  return false;
}

}  // namespace trio6sim::run
