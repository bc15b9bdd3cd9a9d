#include "ike_negotiation.h"

#include <fmt/core.h>

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
  return "";
}

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
  sa.source = *IpAddress::parse(sender.gateway->local_address);
  sa.destination = *IpAddress::parse(receiver.gateway->local_address);
  return sa;
}

}  // namespace

NegotiationResult negotiate(const std::vector<DeviceRef>& devices, std::mt19937_64& rng) {
  NegotiationResult result;
  std::vector<VpnEndpoint> all;
  for (const auto& d : devices)
    for (auto& e : endpoints_of(d)) all.push_back(e);
  std::vector<bool> paired(all.size(), false);
  uint32_t ike_index = 1;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (paired[i]) continue;
    const VpnEndpoint& a = all[i];
    if (!a.gateway) {
      result.unmatched.push_back({a, fmt::format("IKE gateway '{}' is not configured", a.vpn->ike_gateway)});
      continue;
    }
    std::optional<std::size_t> peer;
    for (std::size_t j = i + 1; j < all.size() && !peer; ++j)
      if (!paired[j] && all[j].device != a.device && points_at(a, all[j]) && points_at(all[j], a)) peer = j;
    if (!peer) {
      result.unmatched.push_back(
          {a, fmt::format("no device of the scenario has local-address {} with a gateway back to {}",
                          a.gateway->addresses.empty() ? "?" : a.gateway->addresses.front(), a.gateway->local_address)});
      continue;
    }
    paired[i] = paired[*peer] = true;
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
    if (t.up) {
      t.a_to_b = make_sa(t.a, t.b, rng);
      t.b_to_a = make_sa(t.b, t.a, rng);
    }
    result.tunnels.push_back(std::move(t));
  }
  return result;
}

}  // namespace trio6sim::control
