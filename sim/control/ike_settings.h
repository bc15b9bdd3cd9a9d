// What one VPN asks of the IKEv2 daemon, from its side only (the daemon
// knows nothing of the peer's configuration: what the peer accepts is found
// on the wire), and the daemon's timers, each with its source.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/ikev2/ike_algorithms.h"
#include "crypto/security_association.h"
#include "junos/device_config.h"
#include "packet/expected.h"

namespace trio6sim::control {

enum class Establish : uint8_t { kImmediately, kOnTraffic, kResponderOnly, kResponderOnlyNoRekey };
enum class DpdMode : uint8_t { kOptimized, kProbeIdleTunnel, kAlwaysSend };

struct DpdSettings {
  DpdMode mode = DpdMode::kOptimized;  // Junos' default [security-edit-dead-peer-detection]
  uint32_t interval_s = 10;            // 2-60, default 10 [same]
  uint32_t threshold = 5;              // 1-5, default 5 [same]
};

// One traffic selector pair from this side (P2P mode: one pair, any to any).
struct SelectorSettings {
  std::string name;  // "" in P2P mode
  junos::IpPrefix local, remote;
};

struct VpnSettings {
  std::string name;
  std::string st0_unit;      // "st0.1"
  std::string gateway;       // the IKE gateway's name
  IpAddress local, peer;     // the gateway's local-address and address
  bool ikev2 = true;         // `version v2-only`; a v1 gateway never speaks IKEv2 here
  std::string psk;           // the pre-shared key's secret ($9$ decoded); "" when none
  crypto::ikev2::IkeSuite ike_suite;  // what this side proposes (and accepts)
  crypto::EspCipher esp_cipher = crypto::EspCipher::kAes256Gcm;
  bool esn = false;
  std::optional<uint16_t> pfs_group;  // `perfect-forward-secrecy keys`: a KE in CREATE_CHILD_SA
  uint32_t ike_lifetime_s = 28800;    // Junos' default (DISA STIG SV-214670)
  uint32_t ipsec_lifetime_s = 3600;   // Junos' default (DISA STIG SV-214669)
  uint32_t reauth_frequency = 0;      // 0: reauthentication disabled (Junos' default)
  std::optional<DpdSettings> dpd;     // absent: no DPD (the statement is off by default)
  Establish establish = Establish::kImmediately;
  std::vector<SelectorSettings> selectors;  // one entry in P2P mode (0/0 <-> 0/0)
  bool traffic_selector_mode = false;
  uint32_t replay_window = 64;  // `anti-replay-window-size`, Junos' default 64
  bool copy_outer_dscp = false;
  // `packet-encapsulation` on the gateway: the UDP destination port of the
  // Child SAs' ESP [T]; nullopt: ESP in IP (unless a NAT floats it to 4500).
  std::optional<uint16_t> udp_encap_port;
  crypto::DfPolicy df = crypto::DfPolicy::kClear;  // `df-bit`, Junos' default clear
  uint16_t tunnel_mtu = 0;                          // `tunnel-mtu`; 0: none
};

// The daemon's timers. Where Juniper publishes nothing, the value is an
// assumption with the implementation it is taken from.
struct IkeTimers {
  // Retransmission of an unanswered request: timeout x base^n, `tries`
  // retransmissions, then the exchange fails. Not published for iked:
  // strongSwan's defaults (retransmit_timeout 4 s, retransmit_base 1.8,
  // retransmit_tries 5: 165 s in all) [strongswan.conf].
  uint64_t retransmit_timeout_ps = 4'000'000'000'000;
  double retransmit_base = 1.8;
  uint32_t retransmit_tries = 5;
  // Soft lifetime as a fraction of the hard one, drawn per SA and side
  // uniformly in [low, high]: no published formula; the seeds' outputs fit
  // 80-85% (trio6-facts.md, lifecycle: [I] 715/12 s left, [T-MX] 3405/2798).
  double soft_low = 0.80, soft_high = 0.85;
  // The rekey's initiator deletes the old Child SA this long after the rekey
  // succeeded (make-before-break): [T-MX] shows the peer's DELETE 1 s after
  // "rekey succeeds", [I] 3 s.
  uint64_t rekeyed_delete_delay_ps = 1'000'000'000'000;
  // An inbound SA stays programmed this long after its DELETE exchange, for
  // packets still in flight from the peer (strongSwan's delete_rekeyed_delay
  // is 5 s; a fraction of a second covers any path the model has).
  uint64_t inbound_linger_ps = 100'000'000'000;
  // After a failed or dead tunnel, establish-tunnels immediately tries again
  // this long later. Not published: an assumption.
  uint64_t reconnect_delay_ps = 10'000'000'000'000;
  // Both peers configured to initiate: the one with the higher address waits
  // this long before it does (and not at all if the other's initiation
  // brought the tunnel up meanwhile), so that setups rarely collide. A rule
  // of the model's (RFC 7296 allows both; real daemons then delete one).
  uint64_t second_initiator_wait_ps = 2'000'000'000'000;
};

// The settings of every VPN of a device, from its configuration. Errors
// name the file and line (an IKE proposal's algorithm the daemon cannot run).
Expected<std::vector<VpnSettings>, std::string> vpn_settings(const junos::DeviceConfig& config);

// Junos' algorithms for an IKE proposal with none configured: [T-MX]'s IKE
// SA, from a proposal with only `authentication-method pre-shared-keys`,
// came up 3des-cbc / hmac-sha1-96 / PRF hmac-sha1 / DH group 2.
crypto::ikev2::IkeSuite bare_ike_suite();

}  // namespace trio6sim::control
