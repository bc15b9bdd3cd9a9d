#include "operational.h"

#include <fmt/core.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <sstream>

#include "show/show_interfaces.h"
#include "show/show_ipsec.h"
#include "control/route_views.h"
#include "control/router_plan.h"
#include "junos/value_checks.h"
#include "show/show_route.h"
#include "show/show_route_extensive.h"

namespace trio6sim::control {

Expected<RouteArgument, std::string> parse_route_argument(const std::string& argument) {
  std::istringstream in(argument);
  std::string target, option, extra;
  in >> target >> option >> extra;
  const auto slash = target.find('/');
  const std::string address_text = target.substr(0, slash);
  // inet_pton's forms only: "10.0.0.1x", "10.0.0.256" and "10.1" are not addresses.
  auto address = IpAddress::parse(address_text);
  if (!address)
    return unexpected(fmt::format("show route: '{}' is not an address: expected an IPv4 address (four octets 0-255, "
                                  "e.g. 10.0.0.1) or an IPv6 address (e.g. 2001:db8::1), optionally with /LENGTH",
                                  address_text));
  RouteArgument r{*address, std::nullopt, option == "extensive"};
  if (slash != std::string::npos) {
    const std::string length = target.substr(slash + 1);
    const int max = address->is_v4() ? 32 : 128;
    const bool digits = !length.empty() && length.size() <= 3 && length.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoi(length) > max)
      return unexpected(fmt::format("show route: '{}' is not a prefix length of {}: expected 0 to {} ({})", length,
                                    address_text, max, address->is_v4() ? "IPv4" : "IPv6"));
    r.length = std::stoi(length);
  }
  if (!extra.empty() || (!option.empty() && option != "extensive"))
    return unexpected("show route: only 'extensive' may follow the address, got '" + argument + "'");
  return r;
}

namespace {

Expected<std::string, std::string> show_route_with(const Rib& rib, std::optional<uint32_t> local_as,
                                                   const std::string& argument, uint64_t now_ps) {
  auto parsed = parse_route_argument(argument);
  if (!parsed) return unexpected(parsed.error());
  const IpAddress& address = parsed->address;
  const auto counts = rib.counts(address.family());
  const show::TableSummary table{address.is_v4() ? "inet.0" : "inet6.0", counts.destinations, counts.routes,
                                 counts.active};
  auto routes = rib.routes_for(address);
  // ARI-TS routes exist from the moment IKE brings their tunnel up.
  std::erase_if(routes, [&](const RibRoute* r) { return r->installed_ps > now_ps; });
  if (parsed->extensive) return show::route_extensive(table, route_extensive_view(rib, routes, local_as, now_ps));
  if (routes.empty()) return show::route(table, {});
  return show::route(table, {route_view(routes, now_ps)});
}

}  // namespace

Expected<std::string, std::string> show_route(const Rib& rib, const std::string& argument, uint64_t now_ps) {
  return show_route_with(rib, std::nullopt, argument, now_ps);
}

Expected<std::string, std::string> show_route(const Rib& rib, const junos::DeviceConfig& config,
                                              const std::string& argument, uint64_t now_ps) {
  return show_route_with(rib, config.autonomous_system, argument, now_ps);
}

namespace {

// The interfaces Junos lists: the configured ones in configuration order,
// and the si interfaces that `chassis fpc F pic P inline-services` creates
// (si-F/P/0..3 [I]) without a configuration of their own, each placed after
// its lower-numbered siblings.
std::vector<const junos::Interface*> listed_interfaces(const junos::DeviceConfig& config,
                                                       std::vector<junos::Interface>& created) {
  std::vector<const junos::Interface*> out;
  for (const auto& ifd : config.interfaces) out.push_back(&ifd);
  std::set<std::string> configured;
  for (const auto& ifd : config.interfaces) configured.insert(ifd.name);
  created.reserve(config.inline_services.size() * 4);  // pointers into `created` stay valid
  for (const auto& is : config.inline_services)
    for (int port = 0; port < 4; ++port) {
      const std::string name = fmt::format("si-{}/{}/{}", is.fpc, is.pic, port);
      if (configured.contains(name)) continue;
      junos::Interface ifd;
      ifd.name = name;
      ifd.kind = junos::InterfaceKind::kServices;
      created.push_back(std::move(ifd));
      // After the last listed si-F/P/n with n < port, else before the first sibling, else at the end.
      const std::string prefix = fmt::format("si-{}/{}/", is.fpc, is.pic);
      auto at = out.end();
      for (auto it = out.begin(); it != out.end(); ++it)
        if ((*it)->name.starts_with(prefix)) {
          if ((*it)->name < name) at = it + 1;
          else if (at == out.end()) {
            at = it;
            break;
          }
        }
      out.insert(at, &created.back());
      configured.insert(name);
    }
  return out;
}

void add_terse(std::vector<show::TerseLine>& lines, const junos::Interface& ifd, const junos::LogicalUnit& unit) {
  show::TerseLine line{ifd.name + "." + std::to_string(unit.number), true, true, {}};
  for (const auto& f : unit.families) line.families.push_back({f.name, f.addresses});
  lines.push_back(std::move(line));
}

}  // namespace

std::string show_interfaces_terse(const junos::DeviceConfig& config) {
  return *show_interfaces_terse(config, "");
}

std::optional<std::string> show_interfaces_terse(const junos::DeviceConfig& config, const std::string& name) {
  std::vector<junos::Interface> created;
  std::vector<show::TerseLine> lines;
  for (const junos::Interface* ifd : listed_interfaces(config, created)) {
    if (name.empty() || name == ifd->name) {
      lines.push_back({ifd->name, true, true, {}});
      for (const auto& unit : ifd->units) add_terse(lines, *ifd, unit);
      continue;
    }
    // One unit: "st0.1".
    if (!name.starts_with(ifd->name + ".")) continue;
    for (const auto& unit : ifd->units)
      if (name == ifd->name + "." + std::to_string(unit.number)) add_terse(lines, *ifd, unit);
  }
  if (lines.empty() && !name.empty()) return std::nullopt;
  return show::interfaces_terse(lines);
}

namespace {

// The calendar time of a simulated time: simulated time 0 is 2026-01-01
// 00:00:00 UTC (a convention of the simulator), in `format` (strftime's).
std::string simulated_date(uint64_t sim_ps, const char* format) {
  const std::time_t t = static_cast<std::time_t>(1767225600 + sim_ps / 1000000000000ull);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

}  // namespace

std::string junos_timestamp(uint64_t sim_ps) { return simulated_date(sim_ps, "%a %b %d %Y %H:%M:%S"); }

std::string junos_short_timestamp(uint64_t sim_ps) { return simulated_date(sim_ps, "%b %d %H:%M:%S"); }

std::string show_log_messages(const IkeDaemon* daemon, const std::string& host, uint64_t now_ps) {
  std::string out;
  if (!daemon) return out;
  // iked's process ID is not the simulator's to know: a fixed one (an assumption).
  constexpr int kIkedPid = 4242;
  for (const auto& line : daemon->log()) {
    if (line.at_ps > now_ps) break;
    // Junos' log files: "Jan  1 00:00:03  HOST process[pid]: message".
    out += fmt::format("{}  {} iked[{}]: {}\n", simulated_date(line.at_ps, "%b %e %H:%M:%S"), host, kIkedPid,
                       line.text);
  }
  return out;
}

namespace {

// The tunnels of `device` that are up, with the side that is ours.
template <class F>
void for_each_own_tunnel(const std::string& device, const NegotiationResult& negotiation, F f) {
  for (const auto& t : negotiation.tunnels) {
    if (!t.up) continue;
    if (t.a.device == device) f(t, t.a, t.b, t.a_to_b, t.b_to_a);
    else if (t.b.device == device) f(t, t.b, t.a, t.b_to_a, t.a_to_b);
  }
}

}  // namespace

std::string show_ike_security_associations(const std::string& device, const NegotiationResult& negotiation) {
  std::vector<show::IkeSaView> sas;
  for_each_own_tunnel(device, negotiation, [&](const Tunnel& t, const VpnEndpoint& self, const VpnEndpoint&,
                                              const crypto::SaConfig&, const crypto::SaConfig&) {
    sas.push_back({t.ike_sa_index_a, true, t.initiator_cookie, t.responder_cookie,
                   self.gateway->addresses.empty() ? "" : self.gateway->addresses.front()});
  });
  return show::ike_security_associations(sas);
}

namespace {

// Each VPN's anchor si interface ("si-0/1/0"), from the service sets.
std::map<std::string, std::string> anchors_of(const junos::DeviceConfig& config) {
  std::map<std::string, std::string> anchors;
  for (const auto& ss : config.service_sets)
    for (const auto& name : ss.ipsec_vpns)
      anchors[name] = ss.inside_service_interface.substr(0, ss.inside_service_interface.rfind('.'));
  return anchors;
}

// The detail show's Location and Distribution-Profile of VPN `vpn`.
void set_anchor(show::IpsecTunnelView& v, const std::map<std::string, std::string>& anchors, const std::string& vpn) {
  auto it = anchors.find(vpn);
  if (it == anchors.end()) return;
  v.distribution_profile = it->second;
  if (auto at = junos::services_port(it->second)) {
    v.fpc = at->fpc;
    v.pic = at->pic;
  }
}

}  // namespace

std::string show_ipsec_security_associations(const std::string& device, const NegotiationResult& negotiation,
                                             bool detail, uint64_t up_ps, uint64_t now_ps) {
  const uint64_t elapsed_s = (now_ps - std::min(now_ps, up_ps)) / 1000000000000ull;
  std::vector<show::IpsecTunnelView> views;
  std::map<const junos::DeviceConfig*, std::map<std::string, std::string>> anchor_by_vpn;
  uint32_t number = 0;
  auto add = [&](const Tunnel& t, const VpnEndpoint& self, const VpnEndpoint& peer, const crypto::SaConfig& outbound,
                 const crypto::SaConfig& inbound) {
    show::IpsecTunnelView v;
    // Junos numbers tunnels from 500001 in the order it creates them.
    v.id = 500001 + number++;
    v.vpn_name = self.vpn->name;
    v.local_gateway = self.gateway->local_address;
    v.remote_gateway = peer.gateway->local_address;
    v.ipv6_identities = outbound.source.is_v6();
    v.key_bits = static_cast<int>(crypto::key_bytes(outbound.cipher) * 8);
    v.copy_outer_dscp = self.vpn->copy_outer_dscp;
    if (outbound.udp_encap) {  // packet-encapsulation (modeled IKE has no NAT-T)
      v.udp_encapsulation = true;
      v.udp_port = outbound.udp_encap->destination_port;
    }
    if (!self.vpn->df_bit.empty()) v.df_bit = self.vpn->df_bit;
    v.bind_interface = self.vpn->bind_interface;
    v.policy_name = self.vpn->ipsec_policy;
    // The anchor of the VPN's service set, from an index built once per
    // device (a scan per tunnel would be quadratic at 2,000 tunnels).
    auto& anchors = anchor_by_vpn[self.config];
    if (anchors.empty()) anchors = anchors_of(*self.config);
    set_anchor(v, anchors, self.vpn->name);
    v.replay_window = inbound.replay_window;
    v.anti_replay = inbound.replay_window > 0;
    v.esn = inbound.esn;
    if (self.vpn->establish_tunnels == "immediately") v.establishment = "establish-tunnels-immediately";
    else if (!self.vpn->establish_tunnels.empty()) v.establishment = "establish-tunnels-" + self.vpn->establish_tunnels;
    v.ike_sa_index = t.ike_sa_index_a;
    const uint64_t hard = t.lifetime_s > elapsed_s ? t.lifetime_s - elapsed_s : 0;
    // Junos starts rekeying at a soft lifetime before the hard one; the
    // fraction is an assumption (the blog shows soft 12 s before hard 715 s).
    const uint64_t soft = hard * 9 / 10;
    v.inbound = {inbound.spi, hard, soft};
    v.outbound = {outbound.spi, hard, soft};
    v.events.push_back(junos_timestamp(up_ps) + ": IPsec SA negotiation succeeds (1 times)");
    views.push_back(std::move(v));
  };
  // One entry per SA pair: in traffic-selector mode each selector negotiates
  // its own pair, with its own tunnel ID (`index N` counts them alike).
  for_each_own_tunnel(device, negotiation, [&](const Tunnel& t, const VpnEndpoint& self, const VpnEndpoint& peer,
                                              const crypto::SaConfig& outbound, const crypto::SaConfig& inbound) {
    if (t.selectors.empty()) return add(t, self, peer, outbound, inbound);
    const bool a_side = &self == &t.a;
    for (const auto& s : t.selectors) add(t, self, peer, a_side ? s.a_to_b : s.b_to_a, a_side ? s.b_to_a : s.a_to_b);
  });
  return detail ? show::ipsec_security_associations_detail(views) : show::ipsec_security_associations(views);
}

namespace {

// Junos' names of an IKE suite's algorithms ([T-MX]: hmac-sha1-96, 3des-cbc, hmac-sha1).
std::string encryption_name(const crypto::ikev2::IkeSuite& s) {
  using crypto::ikev2::EncrId;
  if (s.encr == EncrId::k3desCbc) return "3des-cbc";
  if (s.encr == EncrId::kAesCbc) return fmt::format("aes-{}-cbc", s.encr_key_bits);
  return fmt::format("aes-{}-gcm", s.encr_key_bits);
}
std::string integrity_name(const crypto::ikev2::IkeSuite& s) {
  using crypto::ikev2::IntegId;
  switch (s.integ) {
    case IntegId::kHmacSha1_96: return "hmac-sha1-96";
    case IntegId::kHmacSha256_128: return "hmac-sha256-128";
    case IntegId::kHmacSha384_192: return "hmac-sha384-192";
    case IntegId::kHmacSha512_256: return "hmac-sha512-256";
    case IntegId::kNone: break;
  }
  return fmt::format("aes{}-gcm", s.encr_key_bits);  // AES-GCM authenticates itself
}
std::string prf_name(const crypto::ikev2::IkeSuite& s) {
  using crypto::ikev2::PrfId;
  switch (s.prf) {
    case PrfId::kHmacSha1: return "hmac-sha1";
    case PrfId::kHmacSha256: return "hmac-sha256";
    case PrfId::kHmacSha384: return "hmac-sha384";
    case PrfId::kHmacSha512: return "hmac-sha512";
  }
  return "?";
}

}  // namespace

std::string show_ike_security_associations(const IkeDaemon& daemon, const junos::DeviceConfig& config,
                                           std::optional<uint32_t> index, bool detail, uint64_t now_ps) {
  std::vector<show::IkeSaView> sas;
  std::vector<show::IkeSaDetailView> details;
  for (std::size_t v = 0; v < daemon.vpns().size(); ++v) {
    const auto& ike = daemon.status(v).ike;
    if (!ike || (index && ike->index != *index)) continue;
    const show::IkeSaView row{ike->index, true, ike->spi_i, ike->spi_r, ike->remote.to_string()};
    sas.push_back(row);
    if (!detail) continue;
    const VpnSettings& vpn = daemon.vpns()[v];
    const VpnStatus& st = daemon.status(v);
    show::IkeSaDetailView d;
    d.sa = row;
    d.gateway_name = vpn.gateway;
    d.responder = !ike->initiator;
    if (const junos::IkeGateway* gw = config.ike_gateway(vpn.gateway))
      d.local_interface = gw->external_interface.find('.') == std::string::npos ? gw->external_interface + ".0"
                                                                                 : gw->external_interface;
    d.local_address = ike->local.to_string();
    d.remote_address = ike->remote.to_string();
    d.local_port = ike->local_port;
    d.remote_port = ike->remote_port;
    d.lifetime_s = ike->hard_ps > now_ps ? (ike->hard_ps - now_ps) / 1000000000000ull : 0;
    if (ike->reauth_ps) d.reauth_lifetime_s = ike->reauth_ps > now_ps ? (ike->reauth_ps - now_ps) / 1000000000000ull : 0;
    d.authentication = integrity_name(ike->suite);
    d.encryption = encryption_name(ike->suite);
    d.prf = prf_name(ike->suite);
    d.dh_group = ike->suite.dh_group;
    d.bytes_in = ike->bytes_in;
    d.bytes_out = ike->bytes_out;
    d.packets_in = ike->packets_in;
    d.packets_out = ike->packets_out;
    d.children_created = ike->children_created;
    d.children_deleted = ike->children_deleted;
    for (const auto& ch : st.children)
      if (ch.outbound_active && std::find(d.tunnel_ids.begin(), d.tunnel_ids.end(), ch.tunnel_index) == d.tunnel_ids.end())
        d.tunnel_ids.push_back(ch.tunnel_index);
    const RekeyStatistics& r = st.rekeys;
    d.request_out = r.request_out;
    d.response_in = r.response_in;
    d.no_proposal_in = r.no_proposal_in;
    d.invalid_ke_in = r.invalid_ke_in;
    d.ts_unacceptable_in = r.ts_unacceptable_in;
    d.dh_fail_initiator = r.dh_fail_initiator;
    d.verify_sa_fail = r.verify_sa_fail;
    d.verify_dh_fail = r.verify_dh_fail;
    d.verify_ts_fail = r.verify_ts_fail;
    d.request_in = r.request_in;
    d.response_out = r.response_out;
    d.no_proposal_out = r.no_proposal_out;
    d.invalid_ke_out = r.invalid_ke_out;
    d.ts_unacceptable_out = r.ts_unacceptable_out;
    d.dh_fail_responder = r.dh_fail_responder;
    details.push_back(std::move(d));
  }
  return detail ? show::ike_security_associations_detail(details) : show::ike_security_associations(sas);
}

std::string show_ipsec_security_associations(const IkeDaemon& daemon, const junos::DeviceConfig& config, bool detail,
                                             uint64_t now_ps) {
  auto left_s = [&](uint64_t at) { return at > now_ps ? (at - now_ps) / 1000000000000ull : 0; };
  const auto anchors = anchors_of(config);
  std::vector<show::IpsecTunnelView> views;
  for (std::size_t v = 0; v < daemon.vpns().size(); ++v) {
    const VpnSettings& vpn = daemon.vpns()[v];
    const VpnStatus& st = daemon.status(v);
    const junos::IpsecVpn* cfg = config.ipsec_vpn(vpn.name);
    for (const auto& ch : st.children) {
      if (!ch.outbound_active) continue;  // rekeyed: kept only for packets in flight
      show::IpsecTunnelView t;
      t.id = ch.tunnel_index;
      t.vpn_name = vpn.name;
      t.local_gateway = vpn.local.to_string();
      t.remote_gateway = vpn.peer.to_string();
      t.ipv6_identities = vpn.local.is_v6();
      t.key_bits = static_cast<int>(crypto::key_bytes(vpn.esp_cipher) * 8);
      t.copy_outer_dscp = vpn.copy_outer_dscp;
      if (cfg && !cfg->df_bit.empty()) t.df_bit = cfg->df_bit;
      t.bind_interface = vpn.st0_unit;
      t.policy_name = cfg ? cfg->ipsec_policy : "";
      set_anchor(t, anchors, vpn.name);
      t.replay_window = vpn.replay_window;
      t.anti_replay = vpn.replay_window > 0;
      t.esn = vpn.esn;
      t.establishment = cfg && !cfg->establish_tunnels.empty() ? "establish-tunnels-" + cfg->establish_tunnels
                                                                : "establish-tunnels-on-traffic";
      t.ike_sa_index = st.ike ? st.ike->index : 0;
      // Floated for NAT-T: ESP in UDP to the peer's port (the IKE SA's).
      if (st.ike && st.ike->local_port == crypto::ikev2::kIkeNatTPort) {
        t.udp_encapsulation = true;
        t.udp_port = st.ike->remote_port;
        t.ike_port = st.ike->remote_port;
      } else if (vpn.udp_encap_port) {  // packet-encapsulation: IKE stays on 500
        t.udp_encapsulation = true;
        t.udp_port = *vpn.udp_encap_port;
      }
      const uint64_t soft = ch.soft_ps ? left_s(ch.soft_ps) : 0;
      t.inbound = {ch.inbound_spi, left_s(ch.hard_ps), soft};
      t.outbound = {ch.outbound_spi, left_s(ch.hard_ps), soft};
      t.events = st.events.lines(&junos_timestamp);
      views.push_back(std::move(t));
    }
  }
  std::sort(views.begin(), views.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return detail ? show::ipsec_security_associations_detail(views) : show::ipsec_security_associations(views);
}

}  // namespace trio6sim::control
