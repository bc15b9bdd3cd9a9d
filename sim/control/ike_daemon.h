// One router's IKEv2 daemon (Junos' iked as the simulator runs it): real
// IKEv2 messages (RFC 7296) with real key agreement and derivation
// (crypto/ikev2), sent and received as UDP datagrams that the scenario layer
// carries over the simulated data plane. It negotiates each VPN's IKE SA and
// Child SAs, rekeys them make-before-break when their soft lifetimes expire,
// reauthenticates IKE SAs (`reauth-frequency`: a new IKE SA from scratch,
// then the old one deleted), deletes them, probes its peers (dead peer
// detection), retransmits unanswered requests, and tells the data plane
// what to program and when.
//
// No SystemC and no clock of its own: the caller hands it datagrams and the
// time, asks next_deadline(), and calls advance() then. Every random value
// (SPIs, nonces, DH private values, soft lifetimes) comes from the daemon's
// seeded generator, so a seed always gives the same bytes.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "control/ike_settings.h"
#include "control/tunnel_events.h"
#include "crypto/ikev2/diffie_hellman.h"
#include "crypto/ikev2/ike_message.h"
#include "crypto/ikev2/key_derivation.h"
#include "crypto/security_association.h"

namespace trio6sim::control {

// A UDP datagram to or from the routing engine (UDP payload only).
struct IkeDatagram {
  IpAddress source, destination;
  uint16_t source_port = 500, destination_port = 500;
  std::vector<uint8_t> payload;
};

// What the data plane must do, in the order the daemon says it.
struct SaProgramming {
  enum class Kind : uint8_t { kInstallInbound, kInstallOutbound, kRemoveInbound, kRemoveOutbound };
  Kind kind;
  std::size_t vpn = 0;       // index into the daemon's VPNs
  std::size_t selector = 0;  // the traffic selector (0 in P2P mode)
  crypto::SaConfig sa;       // install: the SA; remove: spi (and addresses) identify it
};

// One Child SA pair of this side, as the shows read it.
struct ChildSaView {
  std::size_t selector = 0;
  uint32_t inbound_spi = 0, outbound_spi = 0;
  uint64_t created_ps = 0, soft_ps = 0, hard_ps = 0;  // absolute; soft 0: no rekey planned
  bool outbound_active = true;  // false: rekeyed, kept for packets in flight until deleted
  uint32_t tunnel_index = 0;    // Junos' tunnel ID (500001 on, per VPN selector, kept across rekeys)
};

struct IkeSaView {
  uint32_t index = 0;  // `show security ike security-associations` Index
  uint64_t spi_i = 0, spi_r = 0;
  bool initiator = false;
  bool established = false;
  uint64_t created_ps = 0, soft_ps = 0, hard_ps = 0;
  crypto::ikev2::IkeSuite suite;
  crypto::ikev2::IkeSaKeys keys;
  IpAddress local, remote;
  // The UDP ports this SA's messages use (RFC 7296 2.23): 500 both, or 4500
  // (with the non-ESP marker, RFC 3948 2.2) once a NAT was detected between
  // the peers and the initiator floated; a responder answers the ports the
  // peer's last request came from.
  uint16_t local_port = 500, remote_port = 500;
  // The NAT_DETECTION_*_IP notifies of IKE_SA_INIT disagreed with the
  // addresses and ports the message arrived with: a NAT between the peers
  // (or a peer that fakes one to force UDP encapsulation, as strongSwan's
  // kernel-libipsec backend does).
  bool nat_detected = false;
  uint32_t children_created = 0, children_deleted = 0;
  // IKE messages of this SA (`Traffic statistics` in the detail show [T-MX]).
  uint64_t bytes_in = 0, bytes_out = 0, packets_in = 0, packets_out = 0;
  // Reauthentication (`reauth-frequency N`, RFC 7296 2.8.3). An IKE SA's
  // line runs from an IKE_AUTH through its CREATE_CHILD_SA rekeys:
  // authenticated_ps is that IKE_AUTH's time (kept across rekeys),
  // rekeys_since_auth how many rekeys the line has had, and reauth_ps
  // (0: disabled) authenticated_ps + N x the IKE lifetime, the time by which
  // Junos' "re-authenticate after N IKE hard lifetimes" is due (the show's
  // "Reauth Lifetime: Expires in ... seconds"). The daemon reauthenticates
  // at the soft lifetime of the line's N-th IKE SA, before that time, as a
  // rekey comes before "Lifetime: Expires".
  uint64_t authenticated_ps = 0, reauth_ps = 0;
  uint32_t rekeys_since_auth = 0;
};

// The "IPsec SA Rekey CREATE_CHILD_SA exchange stats" of `show security ike
// security-associations detail` [T-MX], as this side saw its rekeys.
struct RekeyStatistics {
  // Initiator: requests out, answers in, and the answers that refused.
  uint32_t request_out = 0, response_in = 0, no_proposal_in = 0, invalid_ke_in = 0, ts_unacceptable_in = 0;
  uint32_t dh_fail_initiator = 0, verify_sa_fail = 0, verify_dh_fail = 0, verify_ts_fail = 0;
  // Responder: requests in, answers out, and the refusals sent.
  uint32_t request_in = 0, response_out = 0, no_proposal_out = 0, invalid_ke_out = 0, ts_unacceptable_out = 0;
  uint32_t dh_fail_responder = 0;
  uint32_t succeeded = 0;   // rekeys this side initiated that completed
  uint32_t collisions = 0;  // both sides started the same rekey (TEMPORARY_FAILURE)
};

struct VpnStatus {
  bool up = false;
  std::string down_reason;        // why it is down (or "" before the first attempt)
  std::optional<IkeSaView> ike;   // the current IKE SA
  std::vector<ChildSaView> children;  // installed Child SAs, newest first per selector
  TunnelEvents events;
  RekeyStatistics rekeys;
  uint32_t child_rekeys = 0, ike_rekeys = 0, dpd_dead = 0;
  uint64_t down_since_ps = 0;             // when it last went down after being up
  std::vector<uint64_t> outages_ps;       // each completed outage, in order
};

// One line of the daemon's system log, as Junos' iked writes it to
// /var/log/messages (`show log messages`): the KMD_* alarms and the "IKE
// negotiation ..." lines, without the syslog prefix (the show adds it).
struct LogLine {
  uint64_t at_ps = 0;
  std::string text;
};

// Counters the daemon keeps (the Junos IKE statistics it can answer).
struct IkeCounters {
  uint64_t sent = 0, received = 0, retransmitted = 0;
  uint64_t bad_icv = 0;        // SK payload failed its integrity check
  uint64_t malformed = 0;      // not an IKEv2 message, or not parseable
  uint64_t unknown_spi = 0;    // no IKE SA of ours
  uint64_t duplicate_requests = 0;  // a retransmitted request answered from the cache
  // IKE SAs reauthenticated (RFC 7296 2.8.3), by this side or the peer; and
  // reauthentications this side started that failed (the old SAs stay).
  uint64_t reauths = 0, reauth_failures = 0;
};

// One Diffie-Hellman private value the daemon used, for a key log that an
// independent checker reads (as SSLKEYLOGFILE does for TLS): with the
// capture's KE payloads and the PSK it recomputes every key.
struct DhSecret {
  uint16_t group = 0;
  std::vector<uint8_t> public_value, private_value;
};

class IkeDaemon {
 public:
  struct Hooks {
    std::function<void(IkeDatagram)> send;
    std::function<void(const SaProgramming&)> program;
    // The VPN's st0 unit has an SA pair (up) or none (down), with why.
    std::function<void(std::size_t vpn, bool up, const std::string& reason)> tunnel_state;
    // Packets the data plane saw on the VPN's SAs so far (for DPD's
    // optimized and probe-idle-tunnel modes): inbound decrypted, outbound encrypted.
    std::function<std::pair<uint64_t, uint64_t>(std::size_t vpn)> traffic;
  };

  IkeDaemon(std::string device, std::vector<VpnSettings> vpns, const IkeTimers& timers, uint64_t seed, Hooks hooks);
  ~IkeDaemon();
  IkeDaemon(const IkeDaemon&) = delete;
  IkeDaemon& operator=(const IkeDaemon&) = delete;

  const std::string& device() const { return device_; }
  const std::vector<VpnSettings>& vpns() const { return vpns_; }
  // The local addresses it listens on (its VPNs' local gateways).
  bool listens_on(const IpAddress& address) const;

  // Starts the daemon: VPNs with establish-tunnels immediately initiate.
  void start(uint64_t now_ps);
  // A datagram for one of its local addresses, port 500 or 4500.
  void receive(const IkeDatagram& datagram, uint64_t now_ps);
  // Runs every timer due at or before now.
  void advance(uint64_t now_ps);
  // The earliest pending timer, or nullopt.
  std::optional<uint64_t> next_deadline() const;

  // Operator commands and scenario events.
  void clear_ike_security_associations(uint64_t now_ps);  // deletes every IKE SA (DELETE sent) and re-establishes
  // One VPN's Child SAs (nullopt: all), by Junos tunnel index.
  void clear_ipsec_security_associations(std::optional<uint32_t> tunnel_index, uint64_t now_ps);
  void force_rekey(std::size_t vpn, uint64_t now_ps);  // as if the soft lifetime expired now
  void force_ike_rekey(std::size_t vpn, uint64_t now_ps);  // the same for the VPN's IKE SA
  // The daemon stops answering and sending (its SAs stay programmed, as
  // when iked dies), and starts afresh on restart: every SA removed, then
  // the immediately-VPNs initiate again.
  void stop(uint64_t now_ps);
  void restart(uint64_t now_ps);
  bool running() const { return running_; }
  // Traffic reached a VPN's st0 unit with no SA (establish-tunnels on-traffic).
  void traffic_without_sa(std::size_t vpn, uint64_t now_ps);

  const VpnStatus& status(std::size_t vpn) const;
  // Junos' tunnel ID of a VPN's selector: 500001 on, in configuration order,
  // kept across rekeys (the blog's PE1 shows one ID over a day of rekeys);
  // and the (VPN, selector) of an ID, nullopt when there is none.
  uint32_t tunnel_id(std::size_t vpn, std::size_t selector) const;
  std::optional<std::pair<std::size_t, std::size_t>> tunnel(uint32_t tunnel_id) const;
  const IkeCounters& counters() const { return counters_; }
  // The system log, oldest first: the newest kLogKept lines (memory stays
  // flat over a soak; Junos rotates its files, at a size not modeled).
  static constexpr std::size_t kLogKept = 4096;
  const std::deque<LogLine>& log() const { return log_; }
  // Whether it keeps the three histories below (on by default). A run keeps
  // them only for the files that need them (--pcap, --ike-key-log), so that
  // its memory stays flat over days of rekeys.
  void keep_history(bool keep) { keep_history_ = keep; }
  // Every IKE SA this daemon has had, for Wireshark's ikev2_decryption_table
  // (rekeyed ones too), in creation order.
  const std::vector<IkeSaView>& ike_sa_history() const { return ike_history_; }
  // The inbound SA with `spi` among the Child SAs installed now (rekeyed
  // ones still draining included), nullopt when there is none: kept
  // whatever keep_history says (crafted packets are aimed at it).
  std::optional<crypto::SaConfig> installed_inbound_sa(uint32_t spi) const;
  // Every Child SA it has installed (both directions), for Wireshark's esp_sa.
  const std::vector<crypto::SaConfig>& child_sa_history() const { return child_history_; }
  // Every DH private value it generated, in order.
  const std::vector<DhSecret>& dh_secrets() const { return dh_secrets_; }

 private:
  struct Impl;
  std::string device_;
  std::vector<VpnSettings> vpns_;
  bool running_ = false;
  IkeCounters counters_;
  std::deque<LogLine> log_;
  std::vector<IkeSaView> ike_history_;
  std::vector<crypto::SaConfig> child_history_;
  std::vector<DhSecret> dh_secrets_;
  bool keep_history_ = true;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trio6sim::control
