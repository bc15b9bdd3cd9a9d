// Junos operational output for IPsec, line for line as the seeds show it
// ("Inline IPSec on MX Series" [I] and the TechLibrary example [T]). Pure
// functions over plain data: the scenario runner fills the views from the
// chip and the control plane; nothing here knows SystemC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/ipsec_statistics.h"

namespace trio6sim::show {

// `show security ipsec statistics [index N]`.
std::string ipsec_statistics(const crypto::IpsecStatistics& s);

struct IkeSaView {
  uint32_t index = 0;
  bool up = false;
  uint64_t initiator_cookie = 0;
  uint64_t responder_cookie = 0;
  std::string remote_address;
};

// `show security ike security-associations`.
std::string ike_security_associations(const std::vector<IkeSaView>& sas);

// One IKE SA as `show security ike security-associations [index N] detail`
// prints it [T-MX]: what the model has a value for; lines it has none for
// (Remote Access Client Info, AAA assigned IP, PPK-profile, the phase 2
// negotiation in progress) carry Junos' values for a site-to-site PSK tunnel.
struct IkeSaDetailView {
  IkeSaView sa;
  std::string gateway_name;
  bool responder = false;
  std::string local_interface;  // "et-0/2/10.0"
  std::string local_address, remote_address;
  uint16_t local_port = 500, remote_port = 500;  // 4500 (and the peer's) once floated for NAT-T
  uint64_t lifetime_s = 0;
  // Seconds until the IKE SA must be reauthenticated (`reauth-frequency`);
  // nullopt: "Reauth Lifetime: Disabled" [T-MX].
  std::optional<uint64_t> reauth_lifetime_s;
  std::string authentication, encryption, prf;  // "hmac-sha1-96", "3des-cbc", "hmac-sha1"
  uint16_t dh_group = 0;
  uint64_t bytes_in = 0, bytes_out = 0, packets_in = 0, packets_out = 0;
  uint32_t children_created = 0, children_deleted = 0;
  std::vector<uint32_t> tunnel_ids;
  // CREATE_CHILD_SA rekey exchanges, as the daemon counted them.
  uint32_t request_out = 0, response_in = 0, no_proposal_in = 0, invalid_ke_in = 0, ts_unacceptable_in = 0;
  uint32_t dh_fail_initiator = 0, verify_sa_fail = 0, verify_dh_fail = 0, verify_ts_fail = 0;
  uint32_t request_in = 0, response_out = 0, no_proposal_out = 0, invalid_ke_out = 0, ts_unacceptable_out = 0;
  uint32_t dh_fail_responder = 0;
};
std::string ike_security_associations_detail(const std::vector<IkeSaDetailView>& sas);

struct IpsecSaDirectionView {
  uint32_t spi = 0;
  uint64_t hard_lifetime_s = 0;   // seconds left
  uint64_t soft_lifetime_s = 0;
};

struct IpsecTunnelView {
  uint32_t id = 0;                // 500000 + tunnel number, as Junos numbers them
  std::string vpn_name;
  std::string local_gateway, remote_gateway;
  bool ipv6_identities = false;   // ipv6(::-ffff:...) instead of ipv4(0.0.0.0-255.255.255.255)
  int key_bits = 256;             // 128 or 256 (AES-GCM)
  std::string df_bit = "clear";   // clear, set, copy
  bool copy_outer_dscp = false;
  std::string bind_interface;     // st0.N
  std::string policy_name;
  bool udp_encapsulation = false;
  uint16_t udp_port = 0;     // ESP's UDP destination port
  uint16_t ike_port = 500;   // the summary's Port: IKE's (4500 when NAT-T floated it)
  int fpc = 0, pic = 0;
  std::string distribution_profile;  // the anchor si interface
  uint32_t replay_window = 64;
  bool anti_replay = true;
  bool esn = false;
  std::string establishment = "establish-tunnels-immediately";
  uint32_t ike_sa_index = 0;
  std::vector<std::string> events;  // "Mon Nov 17 2025 21:54:47: IPsec SA negotiation succeeds (1 times)", newest first
  IpsecSaDirectionView inbound, outbound;
};

// `show security ipsec security-associations`.
std::string ipsec_security_associations(const std::vector<IpsecTunnelView>& tunnels);
// `show security ipsec security-associations detail` (or `index N`).
std::string ipsec_security_associations_detail(const std::vector<IpsecTunnelView>& tunnels);

}  // namespace trio6sim::show
