// IKEv2 as the scenario layer models it: not run on the wire, but decided
// from both gateways' configurations. Two VPNs form a tunnel when each one's
// IKE gateway points at the other's local address; the tunnel comes up when
// the versions, IPsec proposals and pre-shared keys agree, and otherwise stays
// down with the reason. In traffic-selector mode each side's selectors must
// be the other's mirrored (local = peer's remote), one IPsec SA pair per
// selector on the VPN's st0 unit; otherwise the tunnel stays down with the
// reason (TS_UNACCEPTABLE, RFC 7296 2.9; narrowing is not modeled). SPIs, keys, salts and IKE cookies come from the run's
// seeded generator, so a seed always gives the same SAs.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "crypto/security_association.h"
#include "junos/device_config.h"

namespace trio6sim::control {

struct VpnEndpoint {
  std::string device;
  const junos::DeviceConfig* config = nullptr;
  const junos::IpsecVpn* vpn = nullptr;
  const junos::IkeGateway* gateway = nullptr;
};

// ESP in UDP as `e`'s gateway configures it (`packet-encapsulation`, [T]):
// to the configured destination port, the source port left 0 so that the
// engine derives it from the inner flow's hash in 49152-65535 [T]. nullopt:
// ESP in IP. It is not negotiated: each side seals and checks by its own
// configuration, so a peer without it sees the TechLibrary's inbound drops.
std::optional<crypto::UdpEncapsulation> udp_encapsulation(const VpnEndpoint& e);

// One traffic selector both peers agreed on, with its own SA pair.
struct NegotiatedSelector {
  std::string name_a, name_b;            // the selector's name on each side
  junos::IpPrefix a_local, a_remote;     // as a configures it; b has them mirrored
  crypto::SaConfig a_to_b, b_to_a;
};

struct Tunnel {
  VpnEndpoint a, b;  // a is the VPN found first (device order, then VPN order)
  bool up = false;
  std::string down_reason;  // why the tunnel stays down
  // Installed when up: a_to_b is a's outbound and b's inbound SA. In
  // traffic-selector mode the first selector's pair (selectors[0]).
  crypto::SaConfig a_to_b, b_to_a;
  // Traffic-selector mode, when up: every selector of a, in a's order, with
  // its SA pair. Empty in P2P next-hop mode.
  std::vector<NegotiatedSelector> selectors;
  uint32_t ike_sa_index_a = 0, ike_sa_index_b = 0;
  uint64_t initiator_cookie = 0, responder_cookie = 0;
  uint64_t lifetime_s = 3600;  // Junos' default IPsec SA lifetime (assumption for inline IPsec)
};

// A VPN whose gateway points at no device of the scenario.
struct UnmatchedVpn {
  VpnEndpoint endpoint;
  std::string reason;
};

struct NegotiationResult {
  std::vector<Tunnel> tunnels;
  std::vector<UnmatchedVpn> unmatched;
};

struct DeviceRef {
  std::string name;
  const junos::DeviceConfig* config;
};

// Pairs every device's VPNs and negotiates them, drawing SAs from `rng`.
NegotiationResult negotiate(const std::vector<DeviceRef>& devices, std::mt19937_64& rng);

}  // namespace trio6sim::control
