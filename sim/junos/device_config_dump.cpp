// The effective model as text: one line per fact, no line numbers, so two
// configurations that mean the same compare equal.
#include <fmt/core.h>
#include <fmt/ranges.h>

#include "junos/device_config.h"

namespace trio6sim::junos {

namespace {

std::string opt(const std::optional<int>& v) { return v ? std::to_string(*v) : "-"; }
std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }
std::string opt(const std::optional<uint32_t>& v) { return v ? std::to_string(*v) : "-"; }

}  // namespace

std::string dump(const DeviceConfig& c) {
  std::string out;
  auto line = [&out](const std::string& s) { out += s + "\n"; };
  for (const auto& s : c.inline_services)
    line(fmt::format("chassis fpc {} pic {} inline-services bandwidth {}", s.fpc, s.pic, s.bandwidth.value_or("-")));
  for (const auto& i : c.interfaces) {
    line(fmt::format("interface {} kind {} mtu {} bundle {} lacp {} active {} periodic {} description \"{}\"", i.name,
                     to_string(i.kind), opt(i.mtu), i.bundle.value_or("-"), i.lacp, i.lacp_active,
                     i.lacp_periodic.empty() ? "-" : i.lacp_periodic, i.description));
    for (const auto& u : i.units) {
      const char* domain = !u.service_domain ? "-" : *u.service_domain == ServiceDomain::kInside ? "inside" : "outside";
      line(fmt::format("  unit {}.{} service-domain {}", i.name, u.number, domain));
      for (const auto& f : u.families)
        line(fmt::format("    family {} mtu {} addresses [{}]", f.name, opt(f.mtu), fmt::join(f.addresses, " ")));
    }
  }
  for (const auto& s : c.service_sets)
    line(fmt::format("service-set {} inside {} outside {} ipsec-vpn [{}]", s.name, s.inside_service_interface,
                     s.outside_service_interface, fmt::join(s.ipsec_vpns, " ")));
  for (const auto& p : c.ike_proposals)
    line(fmt::format("ike proposal {} authentication-method {} dh-group {} encryption {} authentication {} "
                     "lifetime-seconds {}",
                     p.name, or_dash(p.authentication_method), or_dash(p.dh_group), or_dash(p.encryption_algorithm),
                     or_dash(p.authentication_algorithm), opt(p.lifetime_seconds)));
  for (const auto& p : c.ike_policies) {
    std::string secret = "-";
    if (p.pre_shared_key) {
      auto s = p.pre_shared_key->secret();
      secret = s ? fmt::format("{} \"{}\"", p.pre_shared_key->format, *s) : "undecodable";
    }
    line(fmt::format("ike policy {} mode {} proposals [{}] pre-shared-key {} reauth-frequency {}", p.name, p.mode,
                     fmt::join(p.proposals, " "), secret, opt(p.reauth_frequency)));
  }
  for (const auto& g : c.ike_gateways) {
    line(fmt::format("ike gateway {} ike-policy {} address [{}] local-address {} external-interface {} version {}",
                     g.name, g.ike_policy, fmt::join(g.addresses, " "), g.local_address, g.external_interface,
                     g.version.value_or("-")));
    if (const auto& d = g.dead_peer_detection)
      line(fmt::format("  dead-peer-detection {} interval {} threshold {}", d->mode, d->interval_s, d->threshold));
  }
  for (const auto& p : c.ipsec_proposals)
    line(fmt::format("ipsec proposal {} protocol {} encryption {} authentication {} esn {} lifetime-seconds {}",
                     p.name, or_dash(p.protocol), or_dash(p.encryption_algorithm), or_dash(p.authentication_algorithm),
                     p.extended_sequence_number, opt(p.lifetime_seconds)));
  for (const auto& p : c.ipsec_policies)
    line(fmt::format("ipsec policy {} proposals [{}] pfs {}", p.name, fmt::join(p.proposals, " "),
                     or_dash(p.pfs_group)));
  for (const auto& v : c.ipsec_vpns) {
    line(
        fmt::format("ipsec vpn {} bind-interface {} copy-outer-dscp {} gateway {} ipsec-policy {} anti-replay {} "
                    "establish-tunnels {}",
                    v.name, v.bind_interface, v.copy_outer_dscp, v.ike_gateway, v.ipsec_policy,
                    v.anti_replay_window_size ? std::to_string(*v.anti_replay_window_size) : "-",
                    or_dash(v.establish_tunnels)));
    for (const auto& t : v.traffic_selectors)
      line(fmt::format("  traffic-selector {} local-ip {} remote-ip {}", t.name,
                       t.local_ip ? t.local_ip->to_string() : "-", t.remote_ip ? t.remote_ip->to_string() : "-"));
  }
  for (const auto& s : c.manual_security_associations)
    line(fmt::format("ipsec security-association {} mode {}", s.name, s.mode));
  for (const auto& r : c.static_routes)
    line(fmt::format("route {} {} next-hop [{}]", r.rib, r.destination.to_string(), fmt::join(r.next_hops, " ")));
  line(fmt::format("forwarding-table export [{}] per-flow {}", fmt::join(c.forwarding_table.export_policies, " "),
                   c.forwarding_table.per_flow_load_balancing));
  line(fmt::format("router-id {} autonomous-system {}", c.router_id ? c.router_id->to_string() : "-",
                   c.autonomous_system ? std::to_string(*c.autonomous_system) : "-"));
  line(fmt::format("not modeled protocols: [{}]", fmt::join(c.not_modeled_protocols(), " ")));
  for (const auto& n : c.not_modeled()) line("not modeled: " + n);
  return out;
}

}  // namespace trio6sim::junos
