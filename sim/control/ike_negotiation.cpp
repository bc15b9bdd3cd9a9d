#include "ike_negotiation.h"

#include <fmt/core.h>

#include <algorithm>
#include <unordered_map>

#include "control/rib.h"
#include "crypto/sa_policy.h"

namespace trio6sim::control {

namespace {

// Raw generator output only: std::mt19937_64's sequence is fixed by the
// standard, distributions are not, and results must not depend on the library.
uint32_t random_u32(std::mt19937_64& rng) { return static_cast<uint32_t>(rng() >> 32); }

uint32_t random_spi(std::mt19937_64& rng) {
  for (;;) {
    const uint32_t spi = random_u32(rng);
    if (spi >= 256) return spi;  // 1..255 are reserved (RFC 4303 2.1)
  }
}

std::vector<VpnEndpoint> endpoints_of(const DeviceRef& d) {
  std::vector<VpnEndpoint> out;
  for (const auto& vpn : d.config->ipsec_vpns) out.push_back({d.name, d.config, &vpn, d.config->ike_gateway(vpn.ike_gateway)});
  return out;
}

bool points_at(const VpnEndpoint& from, const VpnEndpoint& to) {
  if (!from.gateway || !to.gateway) return false;
  for (const auto& address : from.gateway->addresses)
    if (address == to.gateway->local_address) return true;
  return false;
}

const junos::IpsecProposal* first_proposal(const VpnEndpoint& e) {
  const auto* policy = e.config->ipsec_policy(e.vpn->ipsec_policy);
  if (!policy || policy->proposals.empty()) return nullptr;
  return e.config->ipsec_proposal(policy->proposals.front());
}

// A selector as text, "local>remote" with host bits clear, or mirrored
// ("remote>local"): the peer's mirror of a selector has the same mirrored key.
std::string selector_key(const junos::TrafficSelector& ts, bool mirrored) {
  if (!ts.local_ip || !ts.remote_ip) return "?" + ts.name;  // refused by the commit check; never matches
  const std::string local = network_of(*ts.local_ip).to_string(), remote = network_of(*ts.remote_ip).to_string();
  return mirrored ? remote + ">" + local : local + ">" + remote;
}

// A VPN's selectors as one key (sorted, so the order of configuration does not
// matter); "" in P2P next-hop mode.
std::string selectors_key(const junos::IpsecVpn& vpn, bool mirrored) {
  std::vector<std::string> keys;
  for (const auto& ts : vpn.traffic_selectors) keys.push_back(selector_key(ts, mirrored));
  std::sort(keys.begin(), keys.end());
  std::string out;
  for (const auto& k : keys) out += k + ";";
  return out;
}

std::string describe(const junos::TrafficSelector& ts) {
  return fmt::format("traffic-selector {} (local-ip {}, remote-ip {})", ts.name,
                     ts.local_ip ? ts.local_ip->to_string() : "none", ts.remote_ip ? ts.remote_ip->to_string() : "none");
}

// Why the two VPNs' traffic selectors do not agree, or "". Each selector of
// one side needs its mirror on the other: the responder answers a proposal
// it has no selector for with TS_UNACCEPTABLE (RFC 7296 2.9). A responder may
// narrow a proposal to a subset; Junos' configured selectors are exact
// pairs, and the model accepts exact mirrors only.
std::string selector_mismatch(const VpnEndpoint& a, const VpnEndpoint& b) {
  const auto& ta = a.vpn->traffic_selectors;
  const auto& tb = b.vpn->traffic_selectors;
  if (ta.empty() && tb.empty()) return "";
  if (ta.empty() || tb.empty()) {
    const VpnEndpoint& with = ta.empty() ? b : a;
    const VpnEndpoint& without = ta.empty() ? a : b;
    return fmt::format("traffic selectors do not match: {} vpn {} has {}, {} vpn {} has none and proposes 0.0.0.0/0 "
                       "(TS_UNACCEPTABLE)",
                       with.device, with.vpn->name, describe(with.vpn->traffic_selectors.front()), without.device,
                       without.vpn->name);
  }
  for (const auto& [self, peer] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
    std::unordered_map<std::string, int> peer_mirrors;
    for (const auto& ts : peer->vpn->traffic_selectors) ++peer_mirrors[selector_key(ts, /*mirrored=*/true)];
    for (const auto& ts : self->vpn->traffic_selectors)
      if (!peer_mirrors.count(selector_key(ts, false)))
        return fmt::format("traffic selectors do not match: {} vpn {} {} has no mirror on {} vpn {} (TS_UNACCEPTABLE)",
                           self->device, self->vpn->name, describe(ts), peer->device, peer->vpn->name);
  }
  return "";
}

// The reason two matched VPNs cannot bring their tunnel up, or "". Also what
// make_sa needs and the commit checks normally guarantee (a configuration
// that skipped them must give a tunnel down with a reason, not a crash).
std::string mismatch(const VpnEndpoint& a, const VpnEndpoint& b) {
  for (const VpnEndpoint* e : {&a, &b})
    if (!IpAddress::parse(e->gateway->local_address))
      return fmt::format("{}: IKE gateway {} local-address '{}' is not an IP address", e->device, e->vpn->ike_gateway,
                         e->gateway->local_address);
  auto version = [](const VpnEndpoint& e) { return e.gateway->version.value_or("v1-only"); };
  if (version(a) != "v2-only" || version(b) != "v2-only")
    return fmt::format("IKE version: {} has {}, {} has {}; inline IPsec needs v2-only", a.device, version(a), b.device,
                       version(b));
  const auto* pa = a.config->ike_policy(a.gateway->ike_policy);
  const auto* pb = b.config->ike_policy(b.gateway->ike_policy);
  if (!pa || !pb || !pa->pre_shared_key || !pb->pre_shared_key) return "IKE policy without a pre-shared key";
  auto ka = pa->pre_shared_key->secret();
  auto kb = pb->pre_shared_key->secret();
  if (!ka) return fmt::format("{}: pre-shared key: {}", a.device, ka.error());
  if (!kb) return fmt::format("{}: pre-shared key: {}", b.device, kb.error());
  if (*ka != *kb) return "pre-shared keys differ (IKE AUTH fails)";
  const auto* qa = first_proposal(a);
  const auto* qb = first_proposal(b);
  if (!qa || !qb) return "IPsec policy without a proposal";
  for (const auto& [device, q] : {std::pair{&a.device, qa}, std::pair{&b.device, qb}})
    if (auto cipher = crypto::parse_esp_cipher(q->encryption_algorithm); !cipher)
      return fmt::format("{}: ipsec proposal {}: {}", *device, q->name, cipher.error());
  if (qa->encryption_algorithm != qb->encryption_algorithm)
    return fmt::format("IPsec proposals differ: {} has {}, {} has {} (no proposal chosen)", a.device,
                       qa->encryption_algorithm, b.device, qb->encryption_algorithm);
  if (qa->extended_sequence_number != qb->extended_sequence_number)
    return "extended-sequence-number configured on one peer only (no proposal chosen)";
  return selector_mismatch(a, b);
}

}  // namespace

std::optional<crypto::UdpEncapsulation> udp_encapsulation(const VpnEndpoint& e) {
  const auto port = e.config->packet_encapsulation_port(*e.gateway);
  if (!port) return std::nullopt;
  return crypto::UdpEncapsulation{0, *port};
}

namespace {

crypto::SaConfig make_sa(const VpnEndpoint& sender, const VpnEndpoint& receiver, std::mt19937_64& rng) {
  const auto* proposal = first_proposal(sender);
  crypto::SaConfig sa;
  sa.spi = random_spi(rng);
  sa.cipher = crypto::parse_esp_cipher(proposal->encryption_algorithm).value();
  sa.key.resize(crypto::key_bytes(sa.cipher));
  for (auto& byte : sa.key) byte = static_cast<uint8_t>(rng() >> 56);
  sa.salt = random_u32(rng);
  sa.esn = proposal->extended_sequence_number;
  // The receiver's window and DSCP policy apply to what it decrypts; Junos'
  // default window is 64.
  sa.replay_window = receiver.vpn->anti_replay_window_size.value_or(64);
  sa.copy_outer_dscp = receiver.vpn->copy_outer_dscp;
  // The sender's DF policy and tunnel MTU apply to what it encrypts (the
  // schema admits only clear, set and copy; absent is Junos' default, clear).
  sa.df = crypto::parse_df_policy(sender.vpn->df_bit).value_or(crypto::DfPolicy::kClear);
  sa.tunnel_mtu = sender.vpn->tunnel_mtu;
  sa.source = *IpAddress::parse(sender.gateway->local_address);
  sa.destination = *IpAddress::parse(receiver.gateway->local_address);
  // The packets on the wire are the sender's: the receiver's SA checks them
  // by its own configuration (router_plan.cpp).
  sa.udp_encap = udp_encapsulation(sender);
  return sa;
}


// Where to look for a VPN's peer: VPNs by their gateway's local address, and
// by local address and selectors, each list in endpoint order. A cursor per
// list skips the paired VPNs at its front, so pairing thousands of VPNs that
// share a gateway stays linear, not quadratic.
class PeerIndex {
 public:
  explicit PeerIndex(const std::vector<VpnEndpoint>& all) : all_(all), paired_(all.size(), false) {
    for (std::size_t j = 0; j < all.size(); ++j) {
      if (!all[j].gateway) continue;
      by_local_[all[j].gateway->local_address].indexes.push_back(j);
      by_selectors_[all[j].gateway->local_address + "|" + selectors_key(*all[j].vpn, false)].indexes.push_back(j);
    }
  }

  // The first unpaired VPN after `i` on another device whose gateway and
  // `i`'s point at each other: one whose selectors mirror `i`'s first (a P2P
  // VPN's are none, so P2P and TS VPNs sharing a gateway pair by mode), then
  // any (which negotiates to a mismatch with the reason).
  std::optional<std::size_t> peer_of(std::size_t i) {
    const std::string mirror = selectors_key(*all_[i].vpn, true);
    if (auto j = first(i, [&](const std::string& address) { return find(by_selectors_, address + "|" + mirror); }))
      return j;
    return first(i, [&](const std::string& address) { return find(by_local_, address); });
  }
  void pair(std::size_t i, std::size_t j) { paired_[i] = paired_[j] = true; }
  bool paired(std::size_t i) const { return paired_[i]; }

 private:
  struct List {
    std::vector<std::size_t> indexes;
    std::size_t cursor = 0;  // indexes before it are paired
  };
  using Map = std::unordered_map<std::string, List>;
  static List* find(Map& m, const std::string& key) {
    auto it = m.find(key);
    return it == m.end() ? nullptr : &it->second;
  }
  // The lowest candidate over every address `i`'s gateway points at.
  template <class ListOf>
  std::optional<std::size_t> first(std::size_t i, ListOf list_of) {
    const VpnEndpoint& a = all_[i];
    std::optional<std::size_t> best;
    for (const auto& address : a.gateway->addresses) {
      List* l = list_of(address);
      if (!l) continue;
      while (l->cursor < l->indexes.size() && paired_[l->indexes[l->cursor]]) ++l->cursor;
      for (std::size_t k = l->cursor; k < l->indexes.size(); ++k) {
        const std::size_t j = l->indexes[k];
        if (best && j >= *best) break;
        if (j <= i || paired_[j] || all_[j].device == a.device || !points_at(a, all_[j]) || !points_at(all_[j], a))
          continue;
        best = j;
        break;
      }
    }
    return best;
  }

  const std::vector<VpnEndpoint>& all_;
  std::vector<bool> paired_;
  Map by_local_, by_selectors_;
};

// a's selectors in a's order, each with b's mirror and a fresh SA pair.
std::vector<NegotiatedSelector> negotiate_selectors(const VpnEndpoint& a, const VpnEndpoint& b, std::mt19937_64& rng) {
  std::unordered_map<std::string, const junos::TrafficSelector*> b_by_mirror;
  for (const auto& ts : b.vpn->traffic_selectors) b_by_mirror.try_emplace(selector_key(ts, true), &ts);
  std::vector<NegotiatedSelector> out;
  for (const auto& ts : a.vpn->traffic_selectors) {
    NegotiatedSelector n;
    n.name_a = ts.name;
    n.name_b = b_by_mirror.at(selector_key(ts, false))->name;
    n.a_local = network_of(*ts.local_ip);
    n.a_remote = network_of(*ts.remote_ip);
    n.a_to_b = make_sa(a, b, rng);
    n.b_to_a = make_sa(b, a, rng);
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

NegotiationResult negotiate(const std::vector<DeviceRef>& devices, std::mt19937_64& rng) {
  NegotiationResult result;
  std::vector<VpnEndpoint> all;
  for (const auto& d : devices)
    for (auto& e : endpoints_of(d)) all.push_back(e);
  PeerIndex index(all);
  uint32_t ike_index = 1;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (index.paired(i)) continue;
    const VpnEndpoint& a = all[i];
    if (!a.gateway) {
      result.unmatched.push_back({a, fmt::format("IKE gateway '{}' is not configured", a.vpn->ike_gateway)});
      continue;
    }
    const std::optional<std::size_t> peer = index.peer_of(i);
    if (!peer) {
      result.unmatched.push_back(
          {a, fmt::format("no device of the scenario has local-address {} with a gateway back to {}",
                          a.gateway->addresses.empty() ? "?" : a.gateway->addresses.front(), a.gateway->local_address)});
      continue;
    }
    index.pair(i, *peer);
    Tunnel t;
    t.a = a;
    t.b = all[*peer];
    t.down_reason = mismatch(t.a, t.b);
    t.up = t.down_reason.empty();
    t.initiator_cookie = rng();
    t.responder_cookie = rng();
    t.ike_sa_index_a = ike_index;
    t.ike_sa_index_b = ike_index;
    ++ike_index;
    if (t.up && t.a.vpn->traffic_selectors.empty()) {
      t.a_to_b = make_sa(t.a, t.b, rng);
      t.b_to_a = make_sa(t.b, t.a, rng);
    } else if (t.up) {
      t.selectors = negotiate_selectors(t.a, t.b, rng);
      t.a_to_b = t.selectors.front().a_to_b;
      t.b_to_a = t.selectors.front().b_to_a;
    }
    result.tunnels.push_back(std::move(t));
  }
  return result;
}

}  // namespace trio6sim::control
