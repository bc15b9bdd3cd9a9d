#include "control/ike_settings.h"

#include <fmt/core.h>

namespace trio6sim::control {

namespace ik = crypto::ikev2;

ik::IkeSuite bare_ike_suite() { return ik::IkeSuite{ik::EncrId::k3desCbc, 192, ik::PrfId::kHmacSha1, ik::IntegId::kHmacSha1_96, 2}; }

namespace {

std::string at(const junos::Origin& o) { return fmt::format("{}:{}", o.where.file, o.where.line); }

// An IKE proposal's algorithms; each one absent is the bare proposal's.
Expected<ik::IkeSuite, std::string> ike_suite(const junos::IkeProposal& p) {
  ik::IkeSuite s = bare_ike_suite();
  if (!p.dh_group.empty()) {
    const int g = p.dh_group.starts_with("group") ? std::atoi(p.dh_group.c_str() + 5) : 0;
    if (!ik::dh_group_supported(static_cast<uint16_t>(g)) || g == 1)
      return unexpected(fmt::format("{}: ike proposal {} dh-group {}: the simulator's IKEv2 runs group2, group5, "
                                    "group14, group15, group16, group19, group20 and group21",
                                    at(p.dh_group_origin), p.name, p.dh_group));
    s.dh_group = static_cast<uint16_t>(g);
  }
  const std::string& e = p.encryption_algorithm;
  if (e == "aes-128-gcm" || e == "aes-256-gcm") {
    s.encr = ik::EncrId::kAesGcm16;
    s.encr_key_bits = e == "aes-128-gcm" ? 128 : 256;
    s.integ = ik::IntegId::kNone;
    // Junos does not say which PRF it pairs with AES-GCM when no
    // authentication-algorithm is configured (and none may be): an
    // assumption, HMAC-SHA-256, the PRF of RFC 8221's recommended suites.
    s.prf = ik::PrfId::kHmacSha256;
  } else if (e == "aes-128-cbc" || e == "aes-192-cbc" || e == "aes-256-cbc") {
    s.encr = ik::EncrId::kAesCbc;
    s.encr_key_bits = static_cast<uint16_t>(std::atoi(e.c_str() + 4));
  } else if (e == "3des-cbc" || e.empty()) {
    s.encr = ik::EncrId::k3desCbc;
    s.encr_key_bits = 192;
  } else {
    return unexpected(fmt::format("{}: ike proposal {} encryption-algorithm {}: the simulator's IKEv2 runs 3des-cbc, "
                                  "aes-128/192/256-cbc and aes-128/256-gcm",
                                  at(p.encryption_origin), p.name, e));
  }
  const std::string& a = p.authentication_algorithm;
  if (s.encr != ik::EncrId::kAesGcm16) {
    if (a == "sha1" || a.empty()) {
      s.prf = ik::PrfId::kHmacSha1;
      s.integ = ik::IntegId::kHmacSha1_96;
    } else if (a == "sha-256") {
      s.prf = ik::PrfId::kHmacSha256;
      s.integ = ik::IntegId::kHmacSha256_128;
    } else if (a == "sha-384") {
      s.prf = ik::PrfId::kHmacSha384;
      s.integ = ik::IntegId::kHmacSha384_192;
    } else if (a == "sha-512") {
      s.prf = ik::PrfId::kHmacSha512;
      s.integ = ik::IntegId::kHmacSha512_256;
    } else {
      return unexpected(fmt::format("{}: ike proposal {} authentication-algorithm {}: the simulator's IKEv2 runs sha1, "
                                    "sha-256, sha-384 and sha-512",
                                    at(p.authentication_algorithm_origin), p.name, a));
    }
  }
  return s;
}

Establish establish_of(const std::string& s) {
  if (s == "immediately") return Establish::kImmediately;
  if (s == "responder-only") return Establish::kResponderOnly;
  if (s == "responder-only-no-rekey") return Establish::kResponderOnlyNoRekey;
  // Junos' default: the tunnel comes up when traffic first needs it
  // (Juniper's establish-tunnels statement page).
  return Establish::kOnTraffic;
}

}  // namespace

Expected<std::vector<VpnSettings>, std::string> vpn_settings(const junos::DeviceConfig& config) {
  std::vector<VpnSettings> out;
  for (const auto& vpn : config.ipsec_vpns) {
    VpnSettings v;
    v.name = vpn.name;
    v.st0_unit = vpn.bind_interface;
    v.gateway = vpn.ike_gateway;
    v.copy_outer_dscp = vpn.copy_outer_dscp;
    v.df = crypto::parse_df_policy(vpn.df_bit).value_or(crypto::DfPolicy::kClear);
    v.tunnel_mtu = vpn.tunnel_mtu;
    v.replay_window = vpn.anti_replay_window_size.value_or(64);
    v.establish = establish_of(vpn.establish_tunnels);
    const junos::IkeGateway* gw = config.ike_gateway(vpn.ike_gateway);
    if (!gw || gw->addresses.empty()) continue;  // the commit check names it
    const auto local = IpAddress::parse(gw->local_address);
    const auto peer = IpAddress::parse(gw->addresses.front());
    if (!local || !peer) continue;
    v.local = *local;
    v.peer = *peer;
    v.ikev2 = gw->version == "v2-only";
    v.udp_encap_port = config.packet_encapsulation_port(*gw);
    if (gw->dead_peer_detection) {
      const auto& d = *gw->dead_peer_detection;
      v.dpd = DpdSettings{d.mode == "always-send"         ? DpdMode::kAlwaysSend
                          : d.mode == "probe-idle-tunnel" ? DpdMode::kProbeIdleTunnel
                                                          : DpdMode::kOptimized,
                          d.interval_s, d.threshold};
    }
    if (const junos::IkePolicy* pol = config.ike_policy(gw->ike_policy)) {
      if (pol->pre_shared_key) {
        auto secret = pol->pre_shared_key->secret();
        if (!secret) return unexpected(secret.error());
        v.psk = *secret;
      }
      v.reauth_frequency = pol->reauth_frequency.value_or(0);
      const junos::IkeProposal* prop = nullptr;
      for (const auto& p : config.ike_proposals)
        if (!pol->proposals.empty() && p.name == pol->proposals.front()) prop = &p;
      if (prop) {
        auto suite = ike_suite(*prop);
        if (!suite) return unexpected(suite.error());
        v.ike_suite = *suite;
        v.ike_lifetime_s = prop->lifetime_seconds.value_or(junos::kDefaultIkeLifetimeSeconds);
      } else {
        v.ike_suite = bare_ike_suite();
      }
    }
    if (const junos::IpsecPolicy* pol = config.ipsec_policy(vpn.ipsec_policy)) {
      if (!pol->pfs_group.empty()) v.pfs_group = static_cast<uint16_t>(std::atoi(pol->pfs_group.c_str() + 5));
      if (!pol->proposals.empty())
        if (const junos::IpsecProposal* p = config.ipsec_proposal(pol->proposals.front())) {
          v.esp_cipher = p->encryption_algorithm == "aes-128-gcm" ? crypto::EspCipher::kAes128Gcm
                                                                  : crypto::EspCipher::kAes256Gcm;
          v.esn = p->extended_sequence_number;
          v.ipsec_lifetime_s = p->lifetime_seconds.value_or(junos::kDefaultIpsecLifetimeSeconds);
        }
    }
    if (vpn.traffic_selectors.empty()) {
      // P2P: any to any ("Local Identity: ipv4(0.0.0.0-255.255.255.255)" [I]).
      const auto any = *junos::IpPrefix::parse(v.local.is_v4() ? "0.0.0.0/0" : "::/0");
      v.selectors = {SelectorSettings{"", any, any}};
    } else {
      v.traffic_selector_mode = true;
      for (const auto& ts : vpn.traffic_selectors)
        if (ts.local_ip && ts.remote_ip) v.selectors.push_back({ts.name, *ts.local_ip, *ts.remote_ip});
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace trio6sim::control
