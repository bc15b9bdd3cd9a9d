#include "junos/commit_check.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

#include "crypto/sa_policy.h"
#include "junos/config_loader.h"

namespace trio6sim::junos {

namespace {

// `chassis fpc F pic P inline-services bandwidth` values [I].
constexpr auto kInlineServicesBandwidths = std::to_array<std::string_view>(
    {"1g", "10g", "20g", "30g", "40g", "50g", "60g", "70g", "80g", "90g", "100g", "200g", "300g", "400g", "800g"});

class Checker {
 public:
  Checker(const DeviceConfig& c, const CommitCheckParams& p) : c_(c), p_(p) {}

  std::vector<CommitError> run() {
    chassis();
    si_interfaces();
    service_sets();
    ike_gateways();
    ike_lifecycle();
    ipsec_proposals();
    ipsec_policies();
    manual_sas();
    vpns();
    traffic_selectors();
    tunnels_per_pfe();
    return std::move(errors_);
  }

 private:
  void error(const Origin& o, std::string message) { errors_.push_back(CommitError{o, std::move(message)}); }

  void chassis() {
    for (const auto& s : c_.inline_services)
      if (s.bandwidth && std::find(kInlineServicesBandwidths.begin(), kInlineServicesBandwidths.end(), *s.bandwidth) ==
                             kInlineServicesBandwidths.end())
        error(s.origin, fmt::format("inline-services bandwidth {} is not supported: use one of 1g, 10g, 20g ... 90g, "
                                    "100g, 200g, 300g, 400g, 800g",
                                    *s.bandwidth));
  }

  void si_interfaces() {
    for (const auto& ifd : c_.interfaces) {
      if (ifd.kind != InterfaceKind::kServices) continue;
      auto fpp = FpcPicPort::parse(ifd.name);
      if (!fpp) {
        error(ifd.origin, fmt::format("{} is not a services interface name: expected si-FPC/PIC/PORT", ifd.name));
        continue;
      }
      if (fpp->port >= p_.si_ports_per_pic)
        error(ifd.origin, fmt::format("{} does not exist: inline services create si-{}/{}/0 to si-{}/{}/{}", ifd.name,
                                      fpp->fpc, fpp->pic, fpp->fpc, fpp->pic, p_.si_ports_per_pic - 1));
      else if (!c_.inline_services_on(fpp->fpc, fpp->pic))
        error(ifd.origin, fmt::format("{} requires 'chassis fpc {} pic {} inline-services': without it the PFE creates "
                                      "no si interfaces",
                                      ifd.name, fpp->fpc, fpp->pic));
    }
  }

  // One end of a service set's next-hop-service.
  void service_interface(const ServiceSet& ss, const std::string& name, const Origin& o, ServiceDomain domain) {
    const char* which = domain == ServiceDomain::kInside ? "inside" : "outside";
    if (name.empty()) {
      error(ss.origin, fmt::format("service set {} has no {}-service-interface", ss.name, which));
      return;
    }
    auto n = InterfaceUnitName::parse(name);
    if (!n || !n->interface.starts_with("si-")) {
      error(o, fmt::format("{} is not a services interface unit: expected si-FPC/PIC/PORT.UNIT", name));
      return;
    }
    const Interface* ifd = c_.interface(n->interface);
    if (!ifd) {
      error(o, fmt::format("interface {} is not configured", n->interface));
      return;
    }
    const LogicalUnit* unit = ifd->unit(n->unit);
    if (!unit) {
      error(o, fmt::format("unit {} of {} is not configured", n->unit, n->interface));
      return;
    }
    if (unit->service_domain != domain)
      error(o, fmt::format("{} must be 'service-domain {}' to be the {}-service-interface", name, which, which));
  }

  void service_sets() {
    for (const auto& ss : c_.service_sets) {
      service_interface(ss, ss.inside_service_interface, ss.inside_origin, ServiceDomain::kInside);
      service_interface(ss, ss.outside_service_interface, ss.outside_origin, ServiceDomain::kOutside);
      for (std::size_t k = 0; k < ss.ipsec_vpns.size(); ++k)
        if (!c_.ipsec_vpn(ss.ipsec_vpns[k]))
          error(ss.ipsec_vpn_origins[k], fmt::format("ipsec vpn {} is not configured", ss.ipsec_vpns[k]));
    }
  }

  void ike_gateways() {
    for (const auto& gw : c_.ike_gateways) {
      if (!gw.version)
        error(gw.origin,
              "IKEv1 is not supported by inline IPsec: the gateway has no 'version' statement and the "
              "default is v1-only; add 'version v2-only'");
      else if (*gw.version != "v2-only")
        error(gw.version_origin,
              fmt::format("IKEv1 is not supported by inline IPsec: use version v2-only, not {}", *gw.version));
      if (!gw.ike_policy.empty() && !c_.ike_policy(gw.ike_policy))
        error(gw.origin, fmt::format("ike policy {} is not configured", gw.ike_policy));
    }
  }

  // The IKE proposal and gateway statements the IKEv2 daemon reads.
  void ike_lifecycle() {
    // AES-GCM is a combined-mode cipher: RFC 5282 section 8 (and RFC 7296
    // section 3.3) has an IKE proposal with it offer no integrity transform,
    // so a separate authentication-algorithm has nothing to negotiate.
    for (const auto& p : c_.ike_proposals)
      if (!p.authentication_algorithm.empty() && p.encryption_algorithm.ends_with("-gcm"))
        error(p.authentication_algorithm_origin,
              fmt::format("authentication-algorithm {} cannot be used with encryption-algorithm {}: GCM is "
                          "combined-mode and authenticates by itself (RFC 5282, no integrity transform); remove "
                          "authentication-algorithm",
                          p.authentication_algorithm, p.encryption_algorithm));
    // optimized, probe-idle-tunnel and always-send are one choice (Juniper
    // statement page security-edit-dead-peer-detection): the second is named.
    for (const auto& gw : c_.ike_gateways)
      if (gw.dead_peer_detection && gw.dead_peer_detection->mode_origins.size() > 1) {
        const auto& modes = gw.dead_peer_detection->mode_origins;
        error(modes[1], fmt::format("dead-peer-detection takes one mode, and {} is already configured at {}:{}: use "
                                    "one of optimized, probe-idle-tunnel or always-send",
                                    modes[0].statement, modes[0].where.file, modes[0].where.line));
      }
  }

  void ipsec_proposals() {
    for (const auto& p : c_.ipsec_proposals) {
      if (!p.protocol.empty())
        if (auto r = crypto::check_protocol(p.protocol); !r) error(p.protocol_origin, r.error());
      if (p.encryption_algorithm.empty())
        error(p.origin, fmt::format("ipsec proposal {} has no encryption-algorithm: inline IPsec needs aes-128-gcm "
                                    "or aes-256-gcm",
                                    p.name));
      else if (auto r = crypto::parse_esp_cipher(p.encryption_algorithm); !r)
        error(p.encryption_origin, r.error());
    }
  }

  void ipsec_policies() {
    for (const auto& p : c_.ipsec_policies)
      for (const auto& name : p.proposals)
        if (!c_.ipsec_proposal(name)) error(p.origin, fmt::format("ipsec proposal {} is not configured", name));
  }

  void manual_sas() {
    for (const auto& sa : c_.manual_security_associations)
      if (!sa.mode.empty())
        if (auto r = crypto::check_mode(sa.mode); !r) error(sa.mode_origin, r.error());
  }

  void vpns() {
    for (const auto& v : c_.ipsec_vpns) {
      if (v.anti_replay_window_size && *v.anti_replay_window_size > p_.max_anti_replay_window)
        error(v.anti_replay_origin, fmt::format("anti-replay-window-size {} is above the inline IPsec maximum of {}",
                                                *v.anti_replay_window_size, p_.max_anti_replay_window));
      if (v.bind_interface.empty()) {
        error(v.origin, fmt::format("vpn {} has no bind-interface: inline IPsec needs an st0 unit per tunnel", v.name));
      } else {
        auto n = InterfaceUnitName::parse(v.bind_interface);
        if (!n || n->interface != "st0")
          error(v.bind_origin, fmt::format("{} is not an st0 unit: bind-interface takes st0.N", v.bind_interface));
        else if (!c_.unit(v.bind_interface))
          error(v.bind_origin,
                fmt::format("{} is not configured: [edit interfaces st0] has no unit {}", v.bind_interface, n->unit));
      }
      if (v.ike_gateway.empty())
        error(v.origin, fmt::format("vpn {} has no 'ike gateway': inline IPsec tunnels are keyed by IKE (manual "
                                    "keys are not modeled)",
                                    v.name));
      else if (!c_.ike_gateway(v.ike_gateway))
        error(v.ike_gateway_origin, fmt::format("ike gateway {} is not configured", v.ike_gateway));
      if (!v.ipsec_policy.empty() && !c_.ipsec_policy(v.ipsec_policy))
        error(v.origin, fmt::format("ipsec policy {} is not configured", v.ipsec_policy));
    }
  }

  // Traffic selectors [TS] (Juniper, "Traffic Selectors in Route-Based VPNs"):
  // "defined with the mandatory local-ip ... and remote-ip ... statements";
  // not supported: "different address families configured for local and
  // remote IP addresses", "remote address 0.0.0.0/0 (IPv4) or 0::0 (IPv6) for
  // site-to-site VPNs"; "a maximum of 200 traffic selectors per VPN";
  // "cannot be configured on different VPNs that are bound to the same ...
  // st0 interface". The model adds one refusal of its own: a remote-ip
  // already routed by another VPN's selector (two ARI-TS routes for one
  // prefix through different tunnels; the model keeps one next hop per prefix).
  void traffic_selectors() {
    std::unordered_map<std::string, const IpsecVpn*> ts_bind;                       // st0 unit -> TS VPN
    std::unordered_map<std::string, std::pair<const IpsecVpn*, const TrafficSelector*>> remote_owner;  // prefix -> first
    std::unordered_map<std::string, std::size_t> bind_count;
    for (const auto& v : c_.ipsec_vpns) ++bind_count[v.bind_interface];
    for (const auto& v : c_.ipsec_vpns) {
      if (v.traffic_selectors.empty()) continue;
      if (v.traffic_selectors.size() > kMaxTrafficSelectorsPerVpn)
        error(v.traffic_selectors[kMaxTrafficSelectorsPerVpn].origin,
              fmt::format("vpn {} has {} traffic selectors: at most {} per VPN", v.name, v.traffic_selectors.size(),
                          kMaxTrafficSelectorsPerVpn));
      if (!v.bind_interface.empty() && bind_count[v.bind_interface] > 1 && !ts_bind.count(v.bind_interface)) {
        ts_bind[v.bind_interface] = &v;
        error(v.bind_origin, fmt::format("{} is bound by {} VPNs: a VPN with traffic selectors needs an st0 unit of "
                                         "its own",
                                         v.bind_interface, bind_count[v.bind_interface]));
      }
      std::set<std::string> names;
      for (const auto& ts : v.traffic_selectors) {
        if (!names.insert(ts.name).second) continue;  // the tree merges a name given twice
        if (!ts.local_ip || !ts.remote_ip) {
          error(ts.origin, fmt::format("traffic-selector {}: {} is mandatory", ts.name,
                                       ts.local_ip ? "remote-ip" : "local-ip"));
          continue;
        }
        if (ts.local_ip->address.family() != ts.remote_ip->address.family()) {
          error(ts.remote_origin, fmt::format("traffic-selector {}: local-ip {} and remote-ip {} are of different "
                                              "address families",
                                              ts.name, ts.local_ip->to_string(), ts.remote_ip->to_string()));
          continue;
        }
        if (ts.remote_ip->length == 0) {
          error(ts.remote_origin, fmt::format("traffic-selector {}: remote-ip {} is not supported for a site-to-site "
                                              "VPN (a default route into the tunnel)",
                                              ts.name, ts.remote_ip->to_string()));
          continue;
        }
        const std::string key = network_key(*ts.remote_ip);
        auto [it, fresh] = remote_owner.try_emplace(key, &v, &ts);
        if (!fresh && it->second.first != &v)
          error(ts.remote_origin, fmt::format("traffic-selector {}: remote-ip {} is also vpn {} traffic-selector {}'s: "
                                              "two ARI-TS routes for one prefix (not modeled)",
                                              ts.name, ts.remote_ip->to_string(), it->second.first->name,
                                              it->second.second->name));
      }
    }
  }

  // The network of a prefix as a key ("60.1.0.0/16" for 60.1.2.3/16).
  static std::string network_key(const IpPrefix& p) {
    uint8_t bytes[16] = {};
    const std::size_t size = p.address.size();
    std::memcpy(bytes, p.address.data(), size);
    for (std::size_t i = 0; i < size; ++i) {
      const int keep = std::clamp(p.length - static_cast<int>(i) * 8, 0, 8);
      bytes[i] &= static_cast<uint8_t>(0xff00u >> keep);
    }
    return fmt::format("{}/{}", (size == 4 ? IpAddress::v4(bytes) : IpAddress::v6(bytes)).to_string(), p.length);
  }

  static constexpr std::size_t kMaxTrafficSelectorsPerVpn = 200;

  // Tunnels, counted as VPNs bound to configured st0 units (one VPN is one
  // tunnel: an inbound and an outbound SA), per PFE and per chip (FPC, PIC)
  // their service set anchors on, and on the whole chassis. The PFE's IPsec
  // engine holds SA pairs, not VPNs: a VPN with traffic selectors has one
  // pair per selector, so a PFE within its VPN count may still be past its
  // SA pairs (sa_pairs_over).
  void tunnels_per_pfe() {
    struct Pfe {
      std::set<std::string> vpns;
      const IpsecVpn* first_over = nullptr;
      std::string anchor;
      std::size_t sa_pairs = 0;
      const Origin* first_pair_over = nullptr;  // the VPN or selector of SA pair tunnels_per_pfe + 1
      const IpsecVpn* first_pair_over_vpn = nullptr;
    };
    std::map<std::array<int, 3>, Pfe> pfes;
    std::map<std::array<int, 2>, Pfe> chips;
    Pfe chassis;
    for (const auto& ss : c_.service_sets) {
      auto n = InterfaceUnitName::parse(ss.inside_service_interface);
      auto fpp = n ? FpcPicPort::parse(n->interface) : std::nullopt;
      if (!fpp) continue;
      Pfe& pfe = pfes[{fpp->fpc, fpp->pic, si_pfe(fpp->port)}];
      if (pfe.anchor.empty()) pfe.anchor = n->interface;
      for (const auto& name : ss.ipsec_vpns) {
        const IpsecVpn* v = c_.ipsec_vpn(name);
        if (!v || !c_.unit(v->bind_interface) || !v->bind_interface.starts_with("st0.")) continue;
        if (pfe.vpns.insert(name).second) {
          if (static_cast<int>(pfe.vpns.size()) == p_.tunnels_per_pfe + 1) pfe.first_over = v;
          add_sa_pairs(pfe, *v);
        }
        Pfe& chip = chips[{fpp->fpc, fpp->pic}];
        if (chip.vpns.insert(name).second && static_cast<int>(chip.vpns.size()) == p_.tunnels_per_chip + 1)
          chip.first_over = v;
        if (chassis.vpns.insert(name).second && static_cast<int>(chassis.vpns.size()) == p_.tunnels_per_chassis + 1)
          chassis.first_over = v;
      }
    }
    for (const auto& [key, chip] : chips)
      if (chip.first_over)
        error(chip.first_over->bind_origin,
              fmt::format("more than {} inline IPsec tunnels on the Trio 6 of FPC {} PIC {}: {} configured",
                          p_.tunnels_per_chip, key[0], key[1], chip.vpns.size()));
    if (chassis.first_over)
      error(chassis.first_over->bind_origin,
            fmt::format("more than {} inline IPsec tunnels on the chassis (all chips together): {} configured",
                        p_.tunnels_per_chassis, chassis.vpns.size()));
    for (const auto& [key, pfe] : pfes) {
      if (pfe.first_over)
        error(pfe.first_over->bind_origin,
              fmt::format("more than {} inline IPsec tunnels on PFE {} of FPC {} PIC {} (service sets anchored on {}): "
                          "{} configured",
                          p_.tunnels_per_pfe, key[2], key[0], key[1], pfe.anchor, pfe.vpns.size()));
      else if (pfe.first_pair_over)  // the message above already refuses a PFE past its VPNs
        error(*pfe.first_pair_over,
              fmt::format("vpn {} takes PFE {} of FPC {} PIC {} (service sets anchored on {}) past {} IPsec SA pairs: "
                          "{} configured in {} VPNs (one pair per traffic selector, one per VPN without)",
                          pfe.first_pair_over_vpn->name, key[2], key[0], key[1], pfe.anchor, p_.tunnels_per_pfe,
                          pfe.sa_pairs, pfe.vpns.size()));
    }
  }

  // A VPN's SA pairs on its PFE: one per traffic selector (a name given
  // twice is one selector), or one. The first past the limit is remembered
  // with the statement that brings it: the selector, or the VPN's
  // bind-interface.
  template <typename Pfe>
  void add_sa_pairs(Pfe& pfe, const IpsecVpn& v) {
    const auto limit = static_cast<std::size_t>(p_.tunnels_per_pfe);
    auto add = [&](const Origin& origin) {
      if (++pfe.sa_pairs == limit + 1) {
        pfe.first_pair_over = &origin;
        pfe.first_pair_over_vpn = &v;
      }
    };
    if (v.traffic_selectors.empty()) {
      add(v.bind_origin);
      return;
    }
    std::set<std::string_view> names;
    for (const auto& ts : v.traffic_selectors)
      if (names.insert(ts.name).second) add(ts.origin);
  }

  const DeviceConfig& c_;
  const CommitCheckParams& p_;
  std::vector<CommitError> errors_;
};

}  // namespace

int si_pfe(int port) { return port / 2; }

std::vector<CommitError> commit_check(const DeviceConfig& config, const CommitCheckParams& params) {
  return Checker(config, params).run();
}

std::string format_commit_error(const CommitError& e) {
  const std::string edit = e.origin.edit_path.empty() ? "[edit]" : "[edit " + e.origin.edit_path + "]";
  return fmt::format("{}\n  '{}'\n    error: {}\n{}:{}\n", edit, e.origin.statement, e.message, e.origin.where.file,
                     e.origin.where.line);
}

namespace {

Expected<DeviceConfig, std::string> commit_tree(Expected<ConfigTree, ParseError> tree, const CommitCheckParams& params) {
  static constexpr const char* kCheckOutFailed = "error: configuration check-out failed\n";
  if (!tree) return unexpected(tree.error().to_string() + "\n" + kCheckOutFailed);
  const StatementCheck statements = check_statements(*tree);
  if (!statements.errors.empty()) {
    std::string report;
    for (const auto& e : statements.errors) report += format_statement_error(e);
    return unexpected(report + kCheckOutFailed);
  }
  auto config = build_device_config(*tree);
  if (!config)
    return unexpected(format_commit_error({config.error().origin, config.error().message}) + kCheckOutFailed);
  const auto errors = commit_check(*config, params);
  if (errors.empty()) return std::move(*config);
  std::string report;
  for (const auto& e : errors) report += format_commit_error(e);
  return unexpected(report + kCheckOutFailed);
}

}  // namespace

Expected<DeviceConfig, std::string> commit_config_file(const std::string& path, const CommitCheckParams& params) {
  return commit_tree(load_config_file(path), params);
}

Expected<DeviceConfig, std::string> commit_config_text(std::string_view text, const std::string& file,
                                                       const CommitCheckParams& params) {
  return commit_tree(load_config_text(text, file), params);
}

}  // namespace trio6sim::junos
