#include "control/ike_daemon.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <fmt/core.h>
#include <stdexcept>

#include "control/rib.h"
#include "packet/bytes.h"

namespace trio6sim::control {

namespace ik = crypto::ikev2;
using Bytes = std::vector<uint8_t>;

namespace {

// RFC 7296 sec. 3.10.1 notify message types.
constexpr uint16_t kNoProposalChosen = 14;
constexpr uint16_t kInvalidKePayload = 17;
constexpr uint16_t kAuthenticationFailed = 24;
constexpr uint16_t kTsUnacceptable = 38;
constexpr uint16_t kTemporaryFailure = 43;
constexpr uint16_t kChildSaNotFound = 44;
constexpr uint16_t kInitialContact = 16384;
constexpr uint16_t kNatDetectionSourceIp = 16388;
constexpr uint16_t kNatDetectionDestinationIp = 16389;
constexpr uint16_t kRekeySa = 16393;
constexpr std::size_t kNonceBytes = 32;
constexpr uint64_t kPsPerSecond = 1'000'000'000'000;

uint16_t esp_key_bits(crypto::EspCipher c) { return c == crypto::EspCipher::kAes128Gcm ? 128 : 256; }

ik::Payload payload(ik::PayloadType type, auto body) { return ik::Payload{type, false, std::move(body)}; }

ik::SaPayload ike_proposal(const ik::IkeSuite& s, const Bytes& spi) {
  ik::Proposal p{1, ik::ProtocolId::kIke, spi, {}};
  std::optional<uint16_t> bits;
  if (s.encr != ik::EncrId::k3desCbc) bits = s.encr_key_bits;
  p.transforms.push_back({ik::TransformType::kEncr, static_cast<uint16_t>(s.encr), bits});
  p.transforms.push_back({ik::TransformType::kPrf, static_cast<uint16_t>(s.prf), std::nullopt});
  if (s.integ != ik::IntegId::kNone)
    p.transforms.push_back({ik::TransformType::kInteg, static_cast<uint16_t>(s.integ), std::nullopt});
  p.transforms.push_back({ik::TransformType::kDh, s.dh_group, std::nullopt});
  return ik::SaPayload{{p}};
}

ik::SaPayload esp_proposal(const VpnSettings& v, uint32_t spi, std::optional<uint16_t> pfs) {
  Bytes s(4);
  store_be32(s.data(), spi);
  ik::Proposal p{1, ik::ProtocolId::kEsp, s, {}};
  p.transforms.push_back({ik::TransformType::kEncr, static_cast<uint16_t>(ik::EncrId::kAesGcm16), esp_key_bits(v.esp_cipher)});
  if (pfs) p.transforms.push_back({ik::TransformType::kDh, *pfs, std::nullopt});
  p.transforms.push_back({ik::TransformType::kEsn, static_cast<uint16_t>(v.esn ? 1 : 0), std::nullopt});
  return ik::SaPayload{{p}};
}

// Whether a proposal offers exactly what `ours` is (the model's peers each
// propose one suite; a responder accepts the one it would have proposed).
bool same_transforms(const ik::Proposal& theirs, const ik::Proposal& ours) {
  if (theirs.transforms.size() != ours.transforms.size()) return false;
  for (const auto& t : ours.transforms)
    if (std::find(theirs.transforms.begin(), theirs.transforms.end(), t) == theirs.transforms.end()) return false;
  return true;
}

ik::TrafficSelectorEntry ts_entry(const junos::IpPrefix& p) {
  ik::TrafficSelectorEntry e;
  const IpAddress lo = network_of(p).address;
  e.ts_type = lo.is_v4() ? 7 : 8;
  e.start = lo;
  // The last address of the prefix: host bits set.
  std::array<uint8_t, 16> b{};
  std::copy(lo.data(), lo.data() + lo.size(), b.begin());
  const int bits = static_cast<int>(lo.size()) * 8;
  for (int i = p.length; i < bits; ++i) b[i / 8] |= static_cast<uint8_t>(0x80 >> (i % 8));
  e.end = lo.is_v4() ? IpAddress::v4(b.data()) : IpAddress::v6(b.data());
  return e;
}

Bytes sha1(std::initializer_list<std::span<const uint8_t>> parts) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr);
  for (auto p : parts) EVP_DigestUpdate(ctx, p.data(), p.size());
  Bytes out(20);
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx, out.data(), &len);
  EVP_MD_CTX_free(ctx);
  return out;
}

// NAT_DETECTION_*_IP data (RFC 7296 2.23): SHA-1(SPIi | SPIr | IP | port).
Bytes nat_hash(uint64_t spi_i, uint64_t spi_r, const IpAddress& ip, uint16_t port) {
  uint8_t spis[16], p[2];
  store_be64(spis, spi_i);
  store_be64(spis + 8, spi_r);
  store_be16(p, port);
  return sha1({std::span<const uint8_t>(spis, 16), std::span<const uint8_t>(ip.data(), ip.size()),
               std::span<const uint8_t>(p, 2)});
}

ik::IdPayload id_of(const IpAddress& a) { return ik::IdPayload{static_cast<uint8_t>(a.is_v4() ? 1 : 5), Bytes(a.data(), a.data() + a.size())}; }

const ik::NotifyPayload* find_notify(const ik::Message& m, uint16_t type) {
  for (const auto& p : m.payloads)
    if (const auto* n = std::get_if<ik::NotifyPayload>(&p.body); n && p.type == ik::PayloadType::kNotify && n->type == type)
      return n;
  return nullptr;
}

// The first notify of an error type (1..16383), if any.
const ik::NotifyPayload* find_error(const ik::Message& m) {
  for (const auto& p : m.payloads)
    if (const auto* n = std::get_if<ik::NotifyPayload>(&p.body); n && n->type > 0 && n->type < 16384) return n;
  return nullptr;
}

std::string notify_name(uint16_t t) {
  switch (t) {
    case kNoProposalChosen: return "NO_PROPOSAL_CHOSEN";
    case kInvalidKePayload: return "INVALID_KE_PAYLOAD";
    case kAuthenticationFailed: return "AUTHENTICATION_FAILED";
    case kTsUnacceptable: return "TS_UNACCEPTABLE";
    case kTemporaryFailure: return "TEMPORARY_FAILURE";
    case kChildSaNotFound: return "CHILD_SA_NOT_FOUND";
    default: return fmt::format("notify {}", t);
  }
}

uint32_t spi32(const Bytes& b) { return b.size() == 4 ? load_be32(b.data()) : 0; }

}  // namespace

// ---------------------------------------------------------------------------

struct IkeDaemon::Impl {
  struct ChildSa {
    std::size_t selector = 0;
    crypto::SaConfig in, out;
    uint64_t created = 0, soft = 0, hard = 0;
    bool outbound_installed = false;  // the data plane sends on it
    bool outbound_active = true;      // not yet replaced by a rekey
    bool rekeying = false;            // our rekey of it is under way
    bool deleted = false;             // DELETE done: only the inbound lingers
    uint64_t remove_inbound_at = 0;   // linger end (0: not scheduled)
    uint64_t delete_at = 0;           // rekeyed: when we send its DELETE (0: not ours to send)
    uint64_t install_out_at = 0;      // a responder's new Child SA: when it starts sending on it (0: done or not planned)
    uint32_t tunnel_index = 0;
    // The authentication (IKE_AUTH) of the IKE SA line it was negotiated on:
    // a reauthentication's DELETE of the old line takes its Child SAs.
    uint32_t auth_id = 0;
  };

  // A request this side will send (window size 1, RFC 7296 2.3: one at a time).
  struct Request {
    enum class Kind : uint8_t { kAuth, kCreateChild, kRekeyChild, kRekeyIke, kDeleteChild, kDeleteIke, kDpd } kind;
    std::size_t selector = 0;
    uint32_t child_spi = 0;  // rekey/delete: the child's inbound SPI
    // Filled when sent:
    uint32_t new_spi = 0;
    uint64_t new_ike_spi = 0;
    Bytes nonce;
    std::optional<ik::DhKeyPair> dh;
  };

  struct IkeSa {
    IkeSaView view;
    std::size_t vpn = 0;  // whose settings it runs on (a responder's half-open SA: the address pair's first VPN)
    enum class State : uint8_t { kInitSent, kInitAnswered, kAuthSent, kEstablished } state = State::kInitSent;
    Bytes ni, nr;
    std::optional<ik::DhKeyPair> dh;
    Bytes init_request, init_response;  // IKE_SA_INIT as sent (signed by AUTH)
    uint32_t auth_child_spi = 0;        // our inbound SPI offered in IKE_AUTH
    uint32_t next_id = 0;               // our next request's message ID
    uint32_t peer_next_id = 0;          // the peer's next request's ID
    Bytes last_response;                // to answer a retransmitted request
    bool has_last_response = false;
    // The request in flight.
    std::optional<Request> pending;
    Bytes pending_bytes;
    uint32_t pending_id = 0, tries = 0;
    uint64_t retransmit_at = 0;
    std::deque<Request> queue;
    uint64_t iv = 0;
    bool deleting = false;
    // Responder: when its IKE_SA_INIT answer left, and the round trip to the
    // initiator's IKE_AUTH (its processing included) measured from it.
    uint64_t answered_at = 0, round_trip_ps = 0;  // replaced by a rekey: only its DELETE is left
    // Reauthentication (RFC 7296 2.8.3). auth_id names the IKE_AUTH of this
    // SA's line (rekeys keep it; 0 until established). `reauth`: set up to
    // replace the VPN's established IKE SA, so its IKE_AUTH carries no
    // INITIAL_CONTACT (the peer would drop the SAs still in use). `retiring`:
    // replaced by a reauthentication; its DELETE (sent once the new line has
    // a Child SA per selector: `retire_sent`) takes its Child SAs.
    uint32_t auth_id = 0;
    bool reauth = false, retiring = false, retire_sent = false;
  };

  struct Vpn {
    std::unique_ptr<IkeSa> ike;       // the current IKE SA (or the one being set up)
    std::unique_ptr<IkeSa> old_ike;   // rekeyed or reauthenticated, until its DELETE completes
    std::unique_ptr<IkeSa> reauth;    // our reauthentication's new IKE SA, until its IKE_AUTH completes
    std::vector<ChildSa> children;
    VpnStatus status;
    uint64_t reconnect_at = 0;        // 0: none planned
    uint64_t next_dpd_at = 0;
    uint64_t dpd_in = 0, dpd_out = 0;
    bool heard_since_tick = false;
    uint64_t ike_soft = 0, ike_hard = 0;
  };

  IkeDaemon& d;
  IkeTimers timers;
  // IKE SAs a peer started with us, until their IKE_AUTH says which VPN they
  // are for (the traffic selectors): keyed by the peer's address and SPIi.
  // An established IKE SA of that VPN stays in use until then.
  std::map<std::pair<IpAddress, uint64_t>, std::unique_ptr<IkeSa>> half_open;
  Hooks hooks;
  std::mt19937_64 rng;
  std::vector<Vpn> vpns;
  uint32_t next_ike_index = 1;
  uint32_t next_auth_id = 1;
  uint32_t tunnel_id(std::size_t v, std::size_t selector) const { return d.tunnel_id(v, selector); }

  Impl(IkeDaemon& daemon, const IkeTimers& t, uint64_t seed, Hooks h)
      : d(daemon), timers(t), hooks(std::move(h)), rng(seed), vpns(daemon.vpns_.size()) {}

  // --- Randomness (raw generator output only: the same on every library).
  uint64_t random64() { return rng(); }
  uint32_t random_spi() {
    for (;;)
      if (uint32_t s = static_cast<uint32_t>(rng() >> 32); s >= 256) return s;  // 1..255 reserved (RFC 4303 2.1)
  }
  Bytes random_bytes(std::size_t n) {
    Bytes b(n);
    for (std::size_t i = 0; i < n; i += 8) {
      uint64_t r = rng();
      for (std::size_t k = 0; k < 8 && i + k < n; ++k) b[i + k] = static_cast<uint8_t>(r >> (8 * k));
    }
    return b;
  }
  double unit() { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }
  uint64_t soft_time(uint64_t now, uint32_t lifetime_s) {
    const double f = timers.soft_low + (timers.soft_high - timers.soft_low) * unit();
    return now + static_cast<uint64_t>(std::llround(f * lifetime_s * 1000.0)) * (kPsPerSecond / 1000);  // ms grain
  }
  ik::DhKeyPair dh_pair(uint16_t group) {
    auto k = ik::DhKeyPair::generate(group, random_bytes(64));
    if (!k) throw std::runtime_error(fmt::format("{}: DH group {}: {}", d.device_, group, k.error()));
    if (d.keep_history_) d.dh_secrets_.push_back({group, k->public_value(), k->private_value()});
    return std::move(*k);
  }

  const VpnSettings& cfg(std::size_t v) const { return d.vpns_[v]; }

  // --- The system log (`show log messages`). Junos' wording where public
  // syslog parsers match it: "IKE negotiation successfully completed",
  // "IKE negotiation failed with error: <error>. IKE Version: 2, VPN: <vpn>
  // Gateway: <gw>, ...", KMD_PM_SA_ESTABLISHED "Local gateway: ..., Remote
  // gateway: ...", KMD_VPN_UP_ALARM_USER / KMD_VPN_DOWN_ALARM_USER "VPN <vpn>
  // from <peer> is up|down.", and the tags KMD_DPD_PEER_DOWN and
  // KMD_VPN_TS_MISMATCH; the rest of those two lines and the deletion lines
  // are worded after them and after the tunnel events (an assumption).
  void log(uint64_t now, std::string text) {
    d.log_.push_back({now, std::move(text)});
    if (d.log_.size() > IkeDaemon::kLogKept) d.log_.pop_front();
  }
  std::string ike_context(std::size_t v, uint16_t local_port, uint16_t remote_port, bool initiator,
                          bool peer_identified) const {
    const VpnSettings& c = cfg(v);
    return fmt::format(
        "IKE Version: 2, VPN: {} Gateway: {}, Local: {}/{}, Remote: {}/{}, Local IKE-ID: {}, Remote IKE-ID: {}, "
        "VR-ID: 0, Role: {}",
        c.name, c.gateway, c.local.to_string(), local_port, c.peer.to_string(), remote_port, c.local.to_string(),
        peer_identified ? c.peer.to_string() : "Not-Available", initiator ? "Initiator" : "Responder");
  }
  std::string ike_context(std::size_t v, const IkeSa& sa, bool peer_identified = true) const {
    return ike_context(v, sa.view.local_port, sa.view.remote_port, sa.view.initiator, peer_identified);
  }
  void log_ike_failed(std::size_t v, const IkeSa& sa, const char* error, bool peer_identified, uint64_t now) {
    log(now, fmt::format("IKE negotiation failed with error: {}. {}", error, ike_context(v, sa, peer_identified)));
  }
  // An IKE SA whose IKE_AUTH failed still carried that exchange, encrypted:
  // its keys go to the history too (Wireshark's ikev2_decryption_table then
  // shows the AUTHENTICATION_FAILED notify).
  void keep_keys_of_failed(const IkeSa& sa) {
    if (d.keep_history_) d.ike_history_.push_back(sa.view);
  }
  // Junos' text for an error notify the peer sent or we answered.
  static const char* notify_error_text(uint16_t type) {
    switch (type) {
      case kAuthenticationFailed: return "Authentication failed";
      case kNoProposalChosen: return "No proposal chosen";
      case kTsUnacceptable: return "TS unacceptable";
      case kInvalidKePayload: return "Invalid KE payload";
      default: return "Negotiation failed";
    }
  }
  static std::string ts_id(const junos::IpPrefix& p) {
    return fmt::format("ipv{}_subnet(any:0,[0..7]={})", p.address.is_v4() ? 4 : 6, network_of(p).to_string());
  }
  void log_vpn_alarm(std::size_t v, bool up, uint64_t now) {
    const VpnSettings& c = cfg(v);
    const SelectorSettings& s = c.selectors.front();
    log(now, fmt::format("KMD_VPN_{}_ALARM_USER: VPN {} from {} is {}. Local-ip: {}, gateway name: {}, vpn name: {}, "
                         "tunnel-id: {}, local tunnel-if: {}, remote tunnel-ip: Not-Available, Local IKE-ID: {}, "
                         "Remote IKE-ID: {}, AAA username: Not-Applicable, VR id: 0, Traffic-selector: {}, "
                         "Traffic-selector local ID: {}, Traffic-selector remote ID: {}, SA Type: Static",
                         up ? "UP" : "DOWN", c.name, c.peer.to_string(), up ? "up" : "down", c.local.to_string(),
                         c.gateway, c.name, tunnel_id(v, 0), c.st0_unit, c.local.to_string(), c.peer.to_string(),
                         s.name.empty() ? "Not-Available" : s.name, ts_id(s.local), ts_id(s.remote)));
  }
  void log_child_deleted(std::size_t v, const ChildSa& ch, const char* why, uint64_t now) {
    log(now, fmt::format("{}. VPN: {}, Gateway: {}, tunnel-id: {}, inbound SPI: 0x{:08x}, outbound SPI: 0x{:08x}", why,
                         cfg(v).name, cfg(v).gateway, ch.tunnel_index, ch.in.spi, ch.out.spi));
  }

  // --- Sending.
  void send_bytes(std::size_t v, Bytes bytes, uint16_t local_port = ik::kIkeUdpPort,
                  uint16_t peer_port = ik::kIkeUdpPort) {
    if (!d.running_) return;
    ++d.counters_.sent;
    hooks.send({cfg(v).local, cfg(v).peer, local_port, peer_port, std::move(bytes)});
  }
  ik::SkKeys out_keys(const IkeSa& sa) const {
    const auto& k = sa.view.keys;
    return sa.view.initiator ? ik::SkKeys{sa.view.suite, k.sk_ei, k.sk_ai} : ik::SkKeys{sa.view.suite, k.sk_er, k.sk_ar};
  }
  ik::SkKeys in_keys(const IkeSa& sa) const {
    const auto& k = sa.view.keys;
    return sa.view.initiator ? ik::SkKeys{sa.view.suite, k.sk_er, k.sk_ar} : ik::SkKeys{sa.view.suite, k.sk_ei, k.sk_ai};
  }
  Bytes encode_protected(IkeSa& sa, ik::ExchangeType ex, bool response, uint32_t id, std::vector<ik::Payload> payloads) {
    ik::Message m;
    m.header = {sa.view.spi_i, sa.view.spi_r, ex, sa.view.initiator, response, id, 0, ik::PayloadType::kNone};
    m.payloads = std::move(payloads);
    m.protected_by_sk = true;
    const ik::SkKeys k = out_keys(sa);
    return ik::encode(m, &k, ++sa.iv);
  }
  void respond(std::size_t v, IkeSa& sa, ik::ExchangeType ex, uint32_t id, std::vector<ik::Payload> payloads) {
    sa.last_response = encode_protected(sa, ex, true, id, std::move(payloads));
    sa.has_last_response = true;
    sa.peer_next_id = id + 1;
    send_on(v, sa, sa.last_response);
  }
  // A message of IKE SA `sa`, counted in its traffic statistics.
  void send_on(std::size_t v, IkeSa& sa, const Bytes& bytes) {
    ++sa.view.packets_out;
    sa.view.bytes_out += bytes.size();
    send_bytes(v, bytes, sa.view.local_port, sa.view.remote_port);
  }

  // Requests go one at a time per IKE SA; the next one when the last is answered.
  void request(std::size_t v, IkeSa& sa, Request r, uint64_t now) {
    sa.queue.push_back(std::move(r));
    pump(v, sa, now);
  }
  void pump(std::size_t v, IkeSa& sa, uint64_t now) {
    if (sa.pending || sa.queue.empty() || sa.state != IkeSa::State::kEstablished) return;
    Request r = std::move(sa.queue.front());
    sa.queue.pop_front();
    std::vector<ik::Payload> p;
    ik::ExchangeType ex = ik::ExchangeType::kInformational;
    const VpnSettings& c = cfg(v);
    switch (r.kind) {
      case Request::Kind::kCreateChild:
      case Request::Kind::kRekeyChild: {
        ex = ik::ExchangeType::kCreateChildSa;
        if (r.kind == Request::Kind::kRekeyChild) {
          Bytes s(4);
          store_be32(s.data(), r.child_spi);
          p.push_back(payload(ik::PayloadType::kNotify, ik::NotifyPayload{ik::ProtocolId::kEsp, s, kRekeySa, {}}));
        }
        r.new_spi = random_spi();
        r.nonce = random_bytes(kNonceBytes);
        p.push_back(payload(ik::PayloadType::kSa, esp_proposal(c, r.new_spi, c.pfs_group)));
        p.push_back(payload(ik::PayloadType::kNonce, ik::NoncePayload{r.nonce}));
        if (c.pfs_group) {
          r.dh = dh_pair(*c.pfs_group);
          p.push_back(payload(ik::PayloadType::kKe, ik::KePayload{*c.pfs_group, r.dh->public_value()}));
        }
        add_selectors(p, c.selectors[r.selector]);
        break;
      }
      case Request::Kind::kRekeyIke: {
        ex = ik::ExchangeType::kCreateChildSa;
        r.new_ike_spi = random64();
        Bytes s(8);
        store_be64(s.data(), r.new_ike_spi);
        r.nonce = random_bytes(kNonceBytes);
        r.dh = dh_pair(c.ike_suite.dh_group);
        p.push_back(payload(ik::PayloadType::kSa, ike_proposal(c.ike_suite, s)));
        p.push_back(payload(ik::PayloadType::kNonce, ik::NoncePayload{r.nonce}));
        p.push_back(payload(ik::PayloadType::kKe, ik::KePayload{c.ike_suite.dh_group, r.dh->public_value()}));
        break;
      }
      case Request::Kind::kDeleteChild: {
        Bytes s(4);
        store_be32(s.data(), r.child_spi);
        p.push_back(payload(ik::PayloadType::kDelete, ik::DeletePayload{ik::ProtocolId::kEsp, {s}}));
        break;
      }
      case Request::Kind::kDeleteIke:
        p.push_back(payload(ik::PayloadType::kDelete, ik::DeletePayload{ik::ProtocolId::kIke, {}}));
        break;
      case Request::Kind::kDpd:
      case Request::Kind::kAuth:
        break;  // an empty INFORMATIONAL: liveness (RFC 7296 1.4)
    }
    sa.pending_id = sa.next_id++;
    sa.pending_bytes = encode_protected(sa, ex, false, sa.pending_id, std::move(p));
    sa.pending = std::move(r);
    sa.tries = 0;
    sa.retransmit_at = now + first_timeout(*sa.pending, v);
    if (sa.pending->kind == Request::Kind::kRekeyChild) ++vpns[v].status.rekeys.request_out;
    send_on(v, sa, sa.pending_bytes);
  }
  uint64_t first_timeout(const Request& r, std::size_t v) const {
    if (r.kind == Request::Kind::kDpd && cfg(v).dpd) return cfg(v).dpd->interval_s * kPsPerSecond;
    return timers.retransmit_timeout_ps;
  }
  void add_selectors(std::vector<ik::Payload>& p, const SelectorSettings& s) {
    p.push_back(payload(ik::PayloadType::kTsi, ik::TsPayload{{ts_entry(s.local)}}));
    p.push_back(payload(ik::PayloadType::kTsr, ik::TsPayload{{ts_entry(s.remote)}}));
  }

  // An IKE SA of VPN `v` with these SPIs, its index the next one, not yet keyed.
  std::unique_ptr<IkeSa> new_ike_sa(std::size_t v, uint64_t spi_i, uint64_t spi_r, bool initiator) {
    const VpnSettings& c = cfg(v);
    auto sa = std::make_unique<IkeSa>();
    sa->vpn = v;
    sa->view.index = next_ike_index++;
    sa->view.spi_i = spi_i;
    sa->view.spi_r = spi_r;
    sa->view.initiator = initiator;
    sa->view.suite = c.ike_suite;
    sa->view.local = c.local;
    sa->view.remote = c.peer;
    return sa;
  }

  // --- Establishment.
  void initiate(std::size_t v, uint64_t now) {
    Vpn& vp = vpns[v];
    if (!cfg(v).ikev2) return;
    vp.reconnect_at = 0;
    vp.ike = send_sa_init(v, now);
  }
  // A new IKE SA of ours, its IKE_SA_INIT request sent.
  std::unique_ptr<IkeSa> send_sa_init(std::size_t v, uint64_t now) {
    const VpnSettings& c = cfg(v);
    auto sa = new_ike_sa(v, random64(), 0, true);
    sa->ni = random_bytes(kNonceBytes);
    sa->dh = dh_pair(c.ike_suite.dh_group);
    ik::Message m;
    m.header = {sa->view.spi_i, 0, ik::ExchangeType::kIkeSaInit, true, false, 0, 0, ik::PayloadType::kNone};
    m.payloads.push_back(payload(ik::PayloadType::kSa, ike_proposal(c.ike_suite, {})));
    m.payloads.push_back(payload(ik::PayloadType::kKe, ik::KePayload{c.ike_suite.dh_group, sa->dh->public_value()}));
    m.payloads.push_back(payload(ik::PayloadType::kNonce, ik::NoncePayload{sa->ni}));
    add_nat_detection(m.payloads, sa->view.spi_i, 0, c.local, ik::kIkeUdpPort, c.peer, ik::kIkeUdpPort);
    sa->init_request = ik::encode(m);
    sa->pending_bytes = sa->init_request;
    sa->pending_id = 0;
    sa->next_id = 1;
    sa->tries = 0;
    sa->retransmit_at = now + timers.retransmit_timeout_ps;
    sa->pending = Request{Request::Kind::kAuth};  // stands for "IKE_SA_INIT/IKE_AUTH in flight"
    sa->state = IkeSa::State::kInitSent;
    send_on(v, *sa, sa->init_request);
    return sa;
  }

  // --- Reauthentication (RFC 7296 2.8.3): a new IKE SA from scratch
  // (IKE_SA_INIT, IKE_AUTH with the first selector's Child SA, CREATE_CHILD_SA
  // for the others), then the old IKE SA's DELETE, which takes its Child SAs.
  // Make-before-break as the Child rekey: each side programs a new inbound
  // SA before the other can send on it, the initiator switches its outbound
  // as each new Child SA is answered, the responder on the DELETE.

  // Junos: "re-authenticate after N IKE hard lifetimes" (CLI help). Read
  // here as: the N-th IKE SA of a line (the IKE_AUTH's, then N - 1 rekeyed
  // ones) is reauthenticated at its soft lifetime instead of rekeyed, so an
  // authentication lasts N IKE lifetimes as the rekeys cut them. N = 1:
  // every soft lifetime reauthenticates, none rekeys.
  bool reauth_due(std::size_t v, const IkeSa& sa) const {
    const uint32_t n = cfg(v).reauth_frequency;
    return n > 0 && sa.view.rekeys_since_auth + 1 >= n;
  }
  void start_reauth(std::size_t v, uint64_t now) {
    Vpn& vp = vpns[v];
    if (vp.reauth) return;  // one under way
    vp.status.events.add(now, tunnel_event::kReauthInitiated);
    vp.reauth = send_sa_init(v, now);
    vp.reauth->reauth = true;
  }
  // Our reauthentication failed (no answer, refused): the old IKE SA and its
  // Child SAs stay in use (they still expire at their hard lifetimes), and
  // the reauthentication is tried again after the reconnect delay (a rule of
  // the model's: iked's is not published).
  void fail_reauth(std::size_t v, uint64_t now) {
    Vpn& vp = vpns[v];
    vp.reauth.reset();
    ++d.counters_.reauth_failures;
    vp.status.events.add(now, tunnel_event::kReauthFailed);
    if (vp.ike && vp.ike->state == IkeSa::State::kEstablished) vp.ike->view.soft_ps = now + timers.reconnect_delay_ps;
  }
  // A failed negotiation of `sa`: a first setup leaves the VPN down, a
  // reauthentication leaves the old SAs.
  void fail_negotiation(std::size_t v, const IkeSa& sa, const std::string& reason, uint64_t now) {
    if (sa.reauth) return fail_reauth(v, now);
    fail_setup(v, reason, now);
  }
  // The established IKE SA gives way to a reauthenticated one: it keeps its
  // pending exchange, drops the requests it had queued (they were for its
  // own Child SAs, which go with it), and waits for its DELETE.
  void retire_current(std::size_t v, uint64_t now) {
    Vpn& vp = vpns[v];
    if (reauthenticating(v)) remove_retired(v, tunnel_event::kDeletedReauthenticated, now);  // the one before's DELETE is late
    vp.ike->retiring = true;
    vp.ike->deleting = true;
    vp.ike->queue.clear();
    vp.old_ike = std::move(vp.ike);  // an IKE rekey's old SA still waiting for its DELETE answer is forgotten
    ++d.counters_.reauths;
  }
  // The initiator's new IKE SA authenticated: it becomes the VPN's.
  void adopt_reauth(std::size_t v, uint64_t now) {
    Vpn& vp = vpns[v];
    retire_current(v, now);
    vp.ike = std::move(vp.reauth);
  }
  bool reauthenticating(std::size_t v) const {
    const Vpn& vp = vpns[v];
    return vp.old_ike && vp.old_ike->retiring;
  }
  // Whether a Child SA sends, or is about to send, for `selector` (during a
  // reauthentication: the old line's, until the DELETE switches it).
  bool selector_has_sender(std::size_t v, std::size_t selector) const {
    for (const auto& ch : vpns[v].children)
      if (ch.selector == selector && !ch.deleted && ch.outbound_active && (ch.outbound_installed || ch.install_out_at))
        return true;
    return false;
  }
  // The initiator's new Child SA for `selector` is answered (the responder
  // programmed its inbound first): the old line's SA stops sending; its
  // inbound stays until the old IKE SA's DELETE.
  void stop_old_senders(std::size_t v, std::size_t selector) {
    const uint32_t current = vpns[v].ike->auth_id;
    for (auto& ch : vpns[v].children) {
      if (ch.selector != selector || ch.auth_id == current || ch.deleted) continue;
      if (ch.outbound_installed) {
        program(v, SaProgramming::Kind::kRemoveOutbound, ch.selector, ch.out);
        ch.outbound_installed = false;
      }
      ch.outbound_active = false;
    }
  }
  // The initiator sends the old IKE SA's DELETE once the new one has its
  // Child SAs (none still being created), so every selector has a new pair
  // before the old pairs go.
  void maybe_retire(std::size_t v, uint64_t now) {
    Vpn& vp = vpns[v];
    if (!reauthenticating(v) || vp.old_ike->retire_sent || !vp.ike || !vp.ike->view.initiator) return;
    auto creating = [](const Request& r) { return r.kind == Request::Kind::kCreateChild; };
    const IkeSa& sa = *vp.ike;
    if ((sa.pending && creating(*sa.pending)) || std::any_of(sa.queue.begin(), sa.queue.end(), creating)) return;
    IkeSa& old = *vp.old_ike;
    old.retire_sent = true;
    old.queue.push_front(Request{Request::Kind::kDeleteIke});
    pump(v, old, now);
  }
  // The old IKE SA is deleted (its DELETE answered, or received): its Child
  // SAs go with it (RFC 7296 1.4.1), each responder's outbound to the new
  // SA of its selector first, each inbound after the same linger as a
  // rekeyed Child SA's.
  void remove_retired(std::size_t v, const char* event, uint64_t now) {
    Vpn& vp = vpns[v];
    const uint32_t old = vp.old_ike->auth_id;
    vp.old_ike.reset();
    for (auto& ch : vp.children) {
      if (ch.auth_id != old || ch.deleted) continue;
      switch_to_successor(v, ch);
      vp.status.events.add(now, event);
      remove_child(v, ch, now, true);
    }
    if (!has_usable_child(v)) set_down(v, "no IPsec SA after IKE SA reauthentication", now);
  }
  // NAT_DETECTION_SOURCE_IP hashes the sender's address and port,
  // NAT_DETECTION_DESTINATION_IP the receiver's as the sender addresses it.
  void add_nat_detection(std::vector<ik::Payload>& p, uint64_t spi_i, uint64_t spi_r, const IpAddress& src,
                         uint16_t src_port, const IpAddress& dst, uint16_t dst_port) {
    p.push_back(payload(ik::PayloadType::kNotify, ik::NotifyPayload{ik::ProtocolId{0}, {}, kNatDetectionSourceIp,
                                                                    nat_hash(spi_i, spi_r, src, src_port)}));
    p.push_back(payload(ik::PayloadType::kNotify, ik::NotifyPayload{ik::ProtocolId{0}, {}, kNatDetectionDestinationIp,
                                                                    nat_hash(spi_i, spi_r, dst, dst_port)}));
  }
  // Whether IKE_SA_INIT message `m`, arrived as `dg`, says a NAT lies between
  // the peers (RFC 7296 2.23): none of its source hashes is that of the
  // address and port it came from, or its destination hash is not that of
  // where it arrived. A peer that sends no NAT detection says nothing.
  static bool nat_between(const ik::Message& m, uint64_t spi_i, uint64_t spi_r, const IkeDatagram& dg) {
    bool any_source = false, source_matches = false, destination_differs = false;
    for (const auto& p : m.payloads) {
      const auto* n = std::get_if<ik::NotifyPayload>(&p.body);
      if (!n || p.type != ik::PayloadType::kNotify) continue;
      if (n->type == kNatDetectionSourceIp) {
        any_source = true;
        source_matches |= n->data == nat_hash(spi_i, spi_r, dg.source, dg.source_port);
      } else if (n->type == kNatDetectionDestinationIp) {
        destination_differs |= n->data != nat_hash(spi_i, spi_r, dg.destination, dg.destination_port);
      }
    }
    return (any_source && !source_matches) || destination_differs;
  }

  void derive_keys(IkeSa& sa, std::span<const uint8_t> peer_public) {
    auto g = sa.dh->shared_secret(peer_public);
    if (!g) throw std::runtime_error(g.error());
    sa.view.keys = ik::derive_ike_sa_keys(sa.view.suite, sa.ni, sa.nr, *g, sa.view.spi_i, sa.view.spi_r);
    sa.dh.reset();
  }

  // Whose exchange goes on when both peers start the same one at once: the
  // side with the lower local address (a deterministic rule of the model's;
  // RFC 7296 2.8.1 resolves simultaneous rekeys by nonces to the same effect).
  bool we_win_collision(std::size_t v) const { return cfg(v).local < cfg(v).peer; }

  void on_sa_init_request(std::size_t v, const ik::Message& m, const IkeDatagram& dg, uint64_t now) {
    const std::span<const uint8_t> bytes = dg.payload;
    const VpnSettings& c = cfg(v);
    if (!c.ikev2) return;  // a v1-only gateway does not speak IKEv2
    if (auto it = half_open.find({c.peer, m.header.spi_i}); it != half_open.end()) {
      send_bytes(v, it->second->init_response, dg.destination_port, dg.source_port);  // a retransmission
      ++d.counters_.duplicate_requests;
      return;
    }
    const auto* sap = ik::find_payload<ik::SaPayload>(m, ik::PayloadType::kSa);
    const auto* ke = ik::find_payload<ik::KePayload>(m, ik::PayloadType::kKe);
    const auto* nonce = ik::find_payload<ik::NoncePayload>(m, ik::PayloadType::kNonce);
    auto refuse = [&](uint16_t type, Bytes data, const std::string& why) {
      log(now, fmt::format("IKE negotiation failed with error: {}. {}", notify_error_text(type),
                           ike_context(v, dg.destination_port, dg.source_port, false, false)));
      ik::Message r;
      r.header = {m.header.spi_i, 0, ik::ExchangeType::kIkeSaInit, false, true, 0, 0, ik::PayloadType::kNone};
      r.payloads.push_back(payload(ik::PayloadType::kNotify, ik::NotifyPayload{ik::ProtocolId{0}, {}, type, std::move(data)}));
      send_bytes(v, ik::encode(r), dg.destination_port, dg.source_port);
      set_down(v, why, now);
    };
    if (!sap || !ke || !nonce) return refuse(kInvalidKePayload, {}, "IKE_SA_INIT without SA, KE or nonce");
    const ik::Proposal ours = ike_proposal(c.ike_suite, {}).proposals.front();
    const ik::Proposal* chosen = nullptr;
    for (const auto& p : sap->proposals)
      if (p.protocol == ik::ProtocolId::kIke && same_transforms(p, ours)) chosen = &p;
    if (!chosen) return refuse(kNoProposalChosen, {}, "IKE proposals differ (NO_PROPOSAL_CHOSEN)");
    if (ke->group != c.ike_suite.dh_group) {
      Bytes g(2);
      store_be16(g.data(), c.ike_suite.dh_group);
      return refuse(kInvalidKePayload, g, "DH groups differ (INVALID_KE_PAYLOAD)");
    }
    auto sa = new_ike_sa(v, m.header.spi_i, random64(), false);
    // Answered where the request came from (RFC 7296 2.11, 2.23).
    sa->view.local_port = dg.destination_port;
    sa->view.remote_port = dg.source_port;
    sa->view.nat_detected = nat_between(m, m.header.spi_i, 0, dg);
    sa->ni = nonce->data;
    sa->nr = random_bytes(kNonceBytes);
    sa->dh = dh_pair(c.ike_suite.dh_group);
    const Bytes our_public = sa->dh->public_value();
    derive_keys(*sa, ke->data);
    ik::Message r;
    r.header = {sa->view.spi_i, sa->view.spi_r, ik::ExchangeType::kIkeSaInit, false, true, 0, 0, ik::PayloadType::kNone};
    r.payloads.push_back(payload(ik::PayloadType::kSa, ik::SaPayload{{ours}}));
    r.payloads.push_back(payload(ik::PayloadType::kKe, ik::KePayload{c.ike_suite.dh_group, our_public}));
    r.payloads.push_back(payload(ik::PayloadType::kNonce, ik::NoncePayload{sa->nr}));
    add_nat_detection(r.payloads, sa->view.spi_i, sa->view.spi_r, c.local, dg.destination_port, c.peer, dg.source_port);
    sa->init_request.assign(bytes.begin(), bytes.end());
    sa->init_response = ik::encode(r);
    sa->state = IkeSa::State::kInitAnswered;
    sa->peer_next_id = 1;
    sa->answered_at = now;
    IkeSa& ref = *sa;
    half_open[{c.peer, m.header.spi_i}] = std::move(sa);
    send_on(v, ref, ref.init_response);
  }

  void on_sa_init_response(std::size_t v, IkeSa& sa, const ik::Message& m, const IkeDatagram& dg, uint64_t now) {
    const std::span<const uint8_t> bytes = dg.payload;
    if (sa.state != IkeSa::State::kInitSent) return;
    if (const auto* err = find_error(m)) {
      log_ike_failed(v, sa, notify_error_text(err->type), false, now);
      return fail_negotiation(v, sa, fmt::format("peer refused IKE_SA_INIT: {}", notify_name(err->type)), now);
    }
    const auto* ke = ik::find_payload<ik::KePayload>(m, ik::PayloadType::kKe);
    const auto* nonce = ik::find_payload<ik::NoncePayload>(m, ik::PayloadType::kNonce);
    if (!ke || !nonce) return;
    const VpnSettings& c = cfg(v);
    sa.view.spi_r = m.header.spi_r;
    sa.nr = nonce->data;
    derive_keys(sa, ke->data);
    sa.init_response.assign(bytes.begin(), bytes.end());
    // A NAT between the peers: IKE_AUTH and everything after it on UDP 4500
    // (RFC 7296 2.23), and the Child SAs in UDP encapsulation (RFC 3948).
    sa.view.nat_detected = nat_between(m, sa.view.spi_i, sa.view.spi_r, dg);
    if (sa.view.nat_detected) {
      sa.view.local_port = ik::kIkeNatTPort;
      sa.view.remote_port = ik::kIkeNatTPort;
    }
    // IKE_AUTH: IDi, AUTH, the first selector's Child SA, INITIAL_CONTACT
    // (not on a reauthentication: the peer keeps the old SAs until their DELETE).
    const ik::IdPayload idi = id_of(c.local);
    sa.auth_child_spi = random_spi();
    std::vector<ik::Payload> p;
    p.push_back(payload(ik::PayloadType::kIdi, idi));
    p.push_back(payload(ik::PayloadType::kAuth, ik::AuthPayload{2, auth_value(sa, true, idi)}));
    if (!sa.reauth)
      p.push_back(payload(ik::PayloadType::kNotify, ik::NotifyPayload{ik::ProtocolId{0}, {}, kInitialContact, {}}));
    p.push_back(payload(ik::PayloadType::kSa, esp_proposal(c, sa.auth_child_spi, std::nullopt)));
    add_selectors(p, c.selectors[0]);
    sa.state = IkeSa::State::kAuthSent;
    sa.pending_id = 1;
    sa.next_id = 2;
    sa.pending_bytes = encode_protected(sa, ik::ExchangeType::kIkeAuth, false, 1, std::move(p));
    sa.tries = 0;
    sa.retransmit_at = now + timers.retransmit_timeout_ps;
    send_on(v, sa, sa.pending_bytes);
  }

  // The AUTH value a side sends (or expects from the other).
  Bytes auth_value(const IkeSa& sa, bool by_initiator, const ik::IdPayload& id) const {
    const VpnSettings& c = cfg_of(sa);
    const Bytes psk(c.psk.begin(), c.psk.end());
    return by_initiator ? ik::psk_auth(sa.view.suite.prf, psk, sa.init_request, sa.nr, sa.view.keys.sk_pi, id.body())
                        : ik::psk_auth(sa.view.suite.prf, psk, sa.init_response, sa.ni, sa.view.keys.sk_pr, id.body());
  }
  const VpnSettings& cfg_of(const IkeSa& sa) const { return cfg(sa.vpn); }

  // Which of our selectors the peer's TSi/TSr (its local, its remote) name:
  // exact mirrors only (narrowing is not modeled).
  std::optional<std::size_t> match_selector(std::size_t v, const ik::Message& m) const {
    const auto* tsi = ik::find_payload<ik::TsPayload>(m, ik::PayloadType::kTsi);
    const auto* tsr = ik::find_payload<ik::TsPayload>(m, ik::PayloadType::kTsr);
    if (!tsi || !tsr || tsi->selectors.size() != 1 || tsr->selectors.size() != 1) return std::nullopt;
    const auto& sel = cfg(v).selectors;
    for (std::size_t i = 0; i < sel.size(); ++i)
      if (ts_entry(sel[i].remote) == tsi->selectors[0] && ts_entry(sel[i].local) == tsr->selectors[0]) return i;
    return std::nullopt;
  }
  // The peer's ESP proposal, if it is what we would propose; its SPI.
  std::optional<uint32_t> accept_esp(std::size_t v, const ik::Message& m, std::optional<uint16_t> pfs) const {
    const auto* sap = ik::find_payload<ik::SaPayload>(m, ik::PayloadType::kSa);
    if (!sap) return std::nullopt;
    const ik::Proposal ours = esp_proposal(cfg(v), 0, pfs).proposals.front();
    for (const auto& p : sap->proposals)
      if (p.protocol == ik::ProtocolId::kEsp && p.spi.size() == 4 && same_transforms(p, ours)) return spi32(p.spi);
    return std::nullopt;
  }

  // The VPNs between this pair of addresses, in configuration order (one
  // gateway may carry several: traffic selectors tell them apart).
  std::vector<std::size_t> vpns_between(const IpAddress& local, const IpAddress& peer) const {
    std::vector<std::size_t> out;
    for (std::size_t v = 0; v < vpns.size(); ++v)
      if (cfg(v).local == local && cfg(v).peer == peer) out.push_back(v);
    return out;
  }

  // IKE_AUTH of a half-open SA the peer started (`key` in half_open): which
  // of the pair's VPNs it is for is decided here, by its traffic selectors.
  void on_auth_request(std::pair<IpAddress, uint64_t> key, const ik::Message& m, uint64_t now) {
    IkeSa& sa = *half_open.at(key);
    const std::size_t first = sa.vpn;
    const VpnSettings& c = cfg(first);
    const auto* idi = ik::find_payload<ik::IdPayload>(m, ik::PayloadType::kIdi);
    const auto* auth = ik::find_payload<ik::AuthPayload>(m, ik::PayloadType::kAuth);
    if (!idi || !auth || c.psk.empty() || auth->data != auth_value(sa, true, *idi)) {
      log_ike_failed(first, sa, "Authentication failed", true, now);
      keep_keys_of_failed(sa);
      respond(first, sa, ik::ExchangeType::kIkeAuth, m.header.message_id,
              {payload(ik::PayloadType::kNotify, ik::NotifyPayload{ik::ProtocolId{0}, {}, kAuthenticationFailed, {}})});
      half_open.erase(key);
      for (std::size_t v : vpns_between(c.local, c.peer)) {
        set_down(v, "pre-shared keys differ (IKE AUTH fails)", now);
        schedule_reconnect(v, now);
      }
      return;
    }
    // The VPN whose selectors mirror the request's (P2P: the pair's VPN).
    std::size_t v = first;
    std::optional<std::size_t> selector;
    for (std::size_t cand : vpns_between(c.local, c.peer))
      if (auto s = match_selector(cand, m)) {
        v = cand;
        selector = s;
        break;
      }
    Vpn& vp = vpns[v];
    // Both peers initiated this VPN (or its reauthentication) at once: the
    // lower address's goes on.
    IkeSa* ours = vp.ike && vp.ike->view.initiator && vp.ike->state != IkeSa::State::kEstablished ? vp.ike.get()
                                                                                                  : vp.reauth.get();
    if (ours) {
      if (we_win_collision(v)) {
        respond(first, sa, ik::ExchangeType::kIkeAuth, m.header.message_id, notify_only(kTemporaryFailure));
        half_open.erase(key);
        return;
      }
      (ours == vp.ike.get() ? vp.ike : vp.reauth).reset();
    }
    // The half-open SA becomes the VPN's IKE SA; with INITIAL_CONTACT the
    // peer says it has nothing of before (restarted): ours goes too. Without
    // it, an established IKE SA of the VPN is being reauthenticated: it stays,
    // with its Child SAs, until the peer's DELETE.
    if (find_notify(m, kInitialContact)) drop_other_state(v, now);
    else if (vp.ike && vp.ike->state == IkeSa::State::kEstablished) retire_current(v, now);
    sa.vpn = v;
    sa.round_trip_ps = now - sa.answered_at;
    vp.ike = std::move(half_open.at(key));
    half_open.erase(key);
    const VpnSettings& cv = cfg(v);
    const ik::IdPayload idr = id_of(cv.local);
    std::vector<ik::Payload> p;
    p.push_back(payload(ik::PayloadType::kIdr, idr));
    p.push_back(payload(ik::PayloadType::kAuth, ik::AuthPayload{2, auth_value(sa, false, idr)}));
    establish(v, sa, now);
    log(now, "IKE negotiation successfully completed. " + ike_context(v, sa));
    const auto peer_spi = accept_esp(v, m, std::nullopt);
    if (!peer_spi) {
      p.push_back(payload(ik::PayloadType::kNotify, ik::NotifyPayload{ik::ProtocolId{0}, {}, kNoProposalChosen, {}}));
      log_ike_failed(v, sa, "No proposal chosen", true, now);
      set_down(v, "IPsec proposals differ (NO_PROPOSAL_CHOSEN)", now);
    } else if (!selector) {
      p.push_back(payload(ik::PayloadType::kNotify, ik::NotifyPayload{ik::ProtocolId{0}, {}, kTsUnacceptable, {}}));
      log_ts_mismatch(v, m, now);
      log_ike_failed(v, sa, "TS unacceptable", true, now);
      set_down(v, "traffic selectors do not match (TS_UNACCEPTABLE)", now);
    } else {
      const uint32_t our_spi = random_spi();
      p.push_back(payload(ik::PayloadType::kSa, esp_proposal(cv, our_spi, std::nullopt)));
      add_selectors_mirrored(p, m);
      // Reauthentication: the old pair sends until the DELETE switches it.
      new_child(v, sa, *selector, our_spi, *peer_spi, sa.ni, sa.nr, {}, false, now, !selector_has_sender(v, *selector),
                sa.round_trip_ps);
    }
    respond(v, sa, ik::ExchangeType::kIkeAuth, m.header.message_id, std::move(p));
  }
  // The peer proposed traffic selectors that mirror none of ours.
  void log_ts_mismatch(std::size_t v, const ik::Message& m, uint64_t now) {
    auto proposed = [&](ik::PayloadType type) {
      const auto* ts = ik::find_payload<ik::TsPayload>(m, type);
      std::string out;
      for (const auto& e : ts ? ts->selectors : std::vector<ik::TrafficSelectorEntry>{})
        out += fmt::format("{}ipv{}({}-{})", out.empty() ? "" : " ", e.ts_type == 7 ? 4 : 6, e.start.to_string(),
                           e.end.to_string());
      return out.empty() ? std::string("none") : out;
    };
    // The peer's TSi is its local side, our remote.
    log(now, fmt::format("KMD_VPN_TS_MISMATCH: Traffic-selector mismatch, vpn name: {}, Peer Proposed traffic-selector "
                         "local-ip: {}, Peer Proposed traffic-selector remote-ip: {}",
                         cfg(v).name, proposed(ik::PayloadType::kTsi), proposed(ik::PayloadType::kTsr)));
  }
  void add_selectors_mirrored(std::vector<ik::Payload>& p, const ik::Message& m) {
    p.push_back(payload(ik::PayloadType::kTsi, *ik::find_payload<ik::TsPayload>(m, ik::PayloadType::kTsi)));
    p.push_back(payload(ik::PayloadType::kTsr, *ik::find_payload<ik::TsPayload>(m, ik::PayloadType::kTsr)));
  }

  void on_auth_response(std::size_t v, IkeSa& sa, const ik::Message& m, uint64_t now) {
    if (sa.state != IkeSa::State::kAuthSent) return;
    sa.pending.reset();
    if (find_notify(m, kTemporaryFailure)) {
      // The peer's own initiation (or reauthentication) of this VPN goes on (a collision it won).
      (sa.reauth ? vpns[v].reauth : vpns[v].ike).reset();
      return;
    }
    const auto* idr = ik::find_payload<ik::IdPayload>(m, ik::PayloadType::kIdr);
    const auto* auth = ik::find_payload<ik::AuthPayload>(m, ik::PayloadType::kAuth);
    if (!idr || !auth || auth->data != auth_value(sa, false, *idr)) {
      // The peer refused our AUTH (AUTHENTICATION_FAILED), or its own does
      // not verify with our key.
      const auto* err = find_error(m);
      log_ike_failed(v, sa, err ? notify_error_text(err->type) : "Authentication failed", idr != nullptr, now);
      keep_keys_of_failed(sa);
      if (sa.reauth) return fail_reauth(v, now);
      vpns[v].ike.reset();
      set_down(v, "pre-shared keys differ (IKE AUTH fails)", now);
      schedule_reconnect(v, now);
      return;
    }
    const bool reauth = sa.reauth;
    if (reauth) adopt_reauth(v, now);
    establish(v, sa, now);
    log(now, "IKE negotiation successfully completed. " + ike_context(v, sa));
    complete_auth(v, sa, m, now);
    if (reauth) maybe_retire(v, now);
  }
  // The initiator's IKE_AUTH answered and verified: its first Child SA, and
  // CREATE_CHILD_SA for the other selectors.
  void complete_auth(std::size_t v, IkeSa& sa, const ik::Message& m, uint64_t now) {
    if (const auto* err = find_error(m)) {
      log_ike_failed(v, sa, notify_error_text(err->type), true, now);
      set_down(v, err->type == kTsUnacceptable ? "traffic selectors do not match (TS_UNACCEPTABLE)"
                  : err->type == kNoProposalChosen ? "IPsec proposals differ (NO_PROPOSAL_CHOSEN)"
                                                   : "peer refused the Child SA: " + notify_name(err->type),
               now);
      return;
    }
    const auto peer_spi = accept_esp(v, m, std::nullopt);
    if (!peer_spi) return set_down(v, "peer answered IKE_AUTH without an acceptable Child SA", now);
    new_child(v, sa, 0, sa.auth_child_spi, *peer_spi, sa.ni, sa.nr, {}, true, now, true);
    stop_old_senders(v, 0);
    for (std::size_t s = 1; s < cfg(v).selectors.size(); ++s)
      request(v, sa, Request{Request::Kind::kCreateChild, s}, now);
  }

  void establish(std::size_t v, IkeSa& sa, uint64_t now) {
    const VpnSettings& c = cfg(v);
    sa.state = IkeSa::State::kEstablished;
    sa.view.established = true;
    sa.view.created_ps = now;
    sa.view.hard_ps = now + uint64_t{c.ike_lifetime_s} * kPsPerSecond;
    sa.view.soft_ps = soft_time(now, c.ike_lifetime_s);
    if (!sa.auth_id) {  // authenticated here (IKE_AUTH), not rekeyed from an older SA of the line
      sa.auth_id = next_auth_id++;
      sa.view.authenticated_ps = now;
    }
    sa.view.reauth_ps =
        c.reauth_frequency ? sa.view.authenticated_ps + uint64_t{c.reauth_frequency} * c.ike_lifetime_s * kPsPerSecond : 0;
    if (d.keep_history_) d.ike_history_.push_back(sa.view);
    Vpn& vp = vpns[v];
    if (cfg(v).dpd) vp.next_dpd_at = now + cfg(v).dpd->interval_s * kPsPerSecond;
    vp.heard_since_tick = true;
  }

  // The peer started afresh (INITIAL_CONTACT): whatever we still had with it goes.
  void drop_other_state(std::size_t v, uint64_t now) {
    Vpn& vp = vpns[v];
    for (auto& ch : vp.children) remove_child(v, ch, now, /*linger=*/false);
    vp.children.clear();
    vp.ike.reset();
    vp.old_ike.reset();
    vp.reauth.reset();
  }

  // A new Child SA pair for `selector`: KEYMAT from this exchange's nonces
  // (and a PFS secret), i->r first (RFC 7296 2.17).
  void new_child(std::size_t v, IkeSa& sa, std::size_t selector, uint32_t our_spi, uint32_t peer_spi, const Bytes& ni,
                 const Bytes& nr, const Bytes& g_ir, bool we_initiated, uint64_t now, bool install_outbound,
                 uint64_t outbound_delay_ps = 0) {
    const VpnSettings& c = cfg(v);
    const std::size_t key = crypto::key_bytes(c.esp_cipher);
    const auto km = ik::derive_child_sa_keys(sa.view.suite.prf, sa.view.keys.sk_d, g_ir, ni, nr, key + 4);
    const Bytes& out_km = we_initiated ? km.initiator_to_responder : km.responder_to_initiator;
    const Bytes& in_km = we_initiated ? km.responder_to_initiator : km.initiator_to_responder;
    ChildSa ch;
    ch.selector = selector;
    auto make = [&](const Bytes& material, uint32_t spi, bool inbound) {
      crypto::SaConfig s;
      s.spi = spi;
      s.key.assign(material.begin(), material.begin() + static_cast<std::ptrdiff_t>(key));
      s.salt = load_be32(material.data() + key);
      s.esn = c.esn;
      s.cipher = c.esp_cipher;
      s.source = inbound ? c.peer : c.local;
      s.destination = inbound ? c.local : c.peer;
      s.replay_window = c.replay_window;
      s.copy_outer_dscp = c.copy_outer_dscp;
      s.df = c.df;  // used by the outbound SA only, as is the tunnel MTU
      s.tunnel_mtu = c.tunnel_mtu;
      // Floated to UDP 4500 (a NAT between the peers): ESP in UDP, on the
      // IKE SA's ports (RFC 3948 2.1, RFC 7296 2.23).
      // NAT detection takes precedence over packet-encapsulation [T]; that
      // sends ESP in UDP to the configured port, its source port from the
      // inner flow's hash (0 here).
      if (sa.view.local_port == ik::kIkeNatTPort)
        s.udp_encap = crypto::UdpEncapsulation{inbound ? sa.view.remote_port : sa.view.local_port,
                                               inbound ? sa.view.local_port : sa.view.remote_port};
      else if (c.udp_encap_port)
        s.udp_encap = crypto::UdpEncapsulation{0, *c.udp_encap_port};
      return s;
    };
    ch.in = make(in_km, our_spi, true);
    ch.out = make(out_km, peer_spi, false);
    ch.created = now;
    ch.hard = now + uint64_t{c.ipsec_lifetime_s} * kPsPerSecond;
    ch.soft = c.establish == Establish::kResponderOnlyNoRekey ? 0 : soft_time(now, c.ipsec_lifetime_s);
    ch.tunnel_index = tunnel_id(v, selector);
    ch.auth_id = sa.auth_id;
    if (reauthenticating(v) && &sa == vpns[v].ike.get()) vpns[v].status.events.add(now, tunnel_event::kReauthSucceeds);
    if (d.keep_history_) {
      d.child_history_.push_back(ch.in);
      d.child_history_.push_back(ch.out);
    }
    ++sa.view.children_created;
    for (const crypto::SaConfig* one : {&ch.in, &ch.out})
      log(now, fmt::format("KMD_PM_SA_ESTABLISHED: Local gateway: {}, Remote gateway: {}, Local ID: {}, Remote ID: {}, "
                           "Direction: {}, SPI: 0x{:08x}, AUX-SPI: 0, Mode: Tunnel, Type: dynamic, Traffic-selector: {}",
                           c.local.to_string(), c.peer.to_string(), ts_id(c.selectors[selector].local),
                           ts_id(c.selectors[selector].remote), one == &ch.in ? "inbound" : "outbound", one->spi,
                           c.selectors[selector].name.empty() ? "Not-Available" : c.selectors[selector].name));
    program(v, SaProgramming::Kind::kInstallInbound, selector, ch.in);
    // A responder sends on a new Child SA one measured round trip after its
    // answer, by when the initiator has programmed the inbound SA for it (a
    // rule of the model's: without it the first packets could beat the
    // answer's processing and meet "no SA").
    const bool now_out = install_outbound && outbound_delay_ps == 0;
    if (now_out) install_out(v, ch);
    else if (install_outbound) ch.install_out_at = now + outbound_delay_ps;
    Vpn& vp = vpns[v];
    vp.children.push_back(std::move(ch));
    if (now_out) set_up(v, now);
  }
  void install_out(std::size_t v, ChildSa& ch) {
    program(v, SaProgramming::Kind::kInstallOutbound, ch.selector, ch.out);
    ch.outbound_installed = true;
  }
  void program(std::size_t v, SaProgramming::Kind k, std::size_t selector, const crypto::SaConfig& sa) {
    if (hooks.program) hooks.program({k, v, selector, sa});
  }
  void remove_child(std::size_t v, ChildSa& ch, uint64_t now, bool linger) {
    if (ch.outbound_installed) {
      program(v, SaProgramming::Kind::kRemoveOutbound, ch.selector, ch.out);
      ch.outbound_installed = false;
    }
    ch.outbound_active = false;
    ch.deleted = true;
    if (linger) {
      ch.remove_inbound_at = now + timers.inbound_linger_ps;
    } else if (ch.remove_inbound_at != 1) {
      program(v, SaProgramming::Kind::kRemoveInbound, ch.selector, ch.in);
      ch.remove_inbound_at = 1;  // removed
    }
  }
  void sweep_children(std::size_t v) {
    auto& ch = vpns[v].children;
    ch.erase(std::remove_if(ch.begin(), ch.end(), [](const ChildSa& c) { return c.deleted && c.remove_inbound_at == 1; }),
             ch.end());
  }

  // --- State the operator sees.
  void set_up(std::size_t v, uint64_t now) {
    VpnStatus& s = vpns[v].status;
    if (s.up) return;
    s.up = true;
    s.down_reason.clear();
    if (s.down_since_ps) s.outages_ps.push_back(now - s.down_since_ps);
    s.down_since_ps = 0;
    s.events.add(now, tunnel_event::kNegotiationSucceeds);
    log_vpn_alarm(v, true, now);
    if (hooks.tunnel_state) hooks.tunnel_state(v, true, "");
  }
  void set_down(std::size_t v, const std::string& reason, uint64_t now) {
    VpnStatus& s = vpns[v].status;
    s.down_reason = reason;
    if (!s.up) return;
    s.up = false;
    s.down_since_ps = now;
    log_vpn_alarm(v, false, now);
    if (hooks.tunnel_state) hooks.tunnel_state(v, false, reason);
  }
  void fail_setup(std::size_t v, const std::string& reason, uint64_t now) {
    vpns[v].ike.reset();
    set_down(v, reason, now);
    vpns[v].status.events.add(now, tunnel_event::kNegotiationFailed);
    schedule_reconnect(v, now);
  }
  void schedule_reconnect(std::size_t v, uint64_t now) {
    if (cfg(v).establish == Establish::kImmediately) vpns[v].reconnect_at = now + timers.reconnect_delay_ps + second_wait(v);
  }
  // When both peers would initiate, the higher address waits this long
  // first, so that the usual case has one initiator (a rule of the model's).
  uint64_t second_wait(std::size_t v) const { return we_win_collision(v) ? 0 : timers.second_initiator_wait_ps; }
  // establish-tunnels immediately: the lower address initiates at once, the
  // higher one if nothing came up by second_wait.
  void start_vpn(std::size_t v, uint64_t now) {
    if (second_wait(v) == 0) initiate(v, now);
    else vpns[v].reconnect_at = now + second_wait(v);
  }

  // Everything with the peer is gone (dead peer, exchange failed): SAs out
  // of the data plane at once, no DELETE (nobody answers).
  void tear_down(std::size_t v, const std::string& reason, const char* event, uint64_t now) {
    Vpn& vp = vpns[v];
    for (auto& ch : vp.children) {
      if (!ch.deleted) {
        vp.status.events.add(now, event);
        log_child_deleted(v, ch, event, now);
      }
      remove_child(v, ch, now, false);
    }
    sweep_children(v);
    vp.ike.reset();
    vp.old_ike.reset();
    vp.reauth.reset();
    vp.next_dpd_at = 0;
    set_down(v, reason, now);
    schedule_reconnect(v, now);
  }
  void update_views() {
    for (auto& vp : vpns) {
      VpnStatus& s = vp.status;
      s.ike.reset();
      if (vp.ike && vp.ike->state == IkeSa::State::kEstablished) s.ike = vp.ike->view;
      s.children.clear();
      for (const auto& ch : vp.children)
        if (!ch.deleted || ch.remove_inbound_at > 1)
          s.children.push_back({ch.selector, ch.in.spi, ch.out.spi, ch.created, ch.soft, ch.hard,
                                ch.outbound_active && !ch.deleted, ch.tunnel_index});
    }
  }

  // --- Established-SA requests and their answers.
  void on_request(std::size_t v, IkeSa& sa, const ik::Message& m, uint64_t now) {
    switch (m.header.exchange) {
      case ik::ExchangeType::kIkeAuth: return;  // only on a half-open SA (receive())
      case ik::ExchangeType::kCreateChildSa: return on_create_child_request(v, sa, m, now);
      case ik::ExchangeType::kInformational: return on_informational_request(v, sa, m, now);
      default: return;
    }
  }

  ChildSa* child_by_out_spi(std::size_t v, uint32_t spi) {
    for (auto& ch : vpns[v].children)
      if (ch.out.spi == spi) return &ch;
    return nullptr;
  }
  ChildSa* child_by_in_spi(std::size_t v, uint32_t spi) {
    for (auto& ch : vpns[v].children)
      if (ch.in.spi == spi) return &ch;
    return nullptr;
  }
  std::vector<ik::Payload> notify_only(uint16_t type) {
    return {payload(ik::PayloadType::kNotify, ik::NotifyPayload{ik::ProtocolId{0}, {}, type, {}})};
  }

  void on_create_child_request(std::size_t v, IkeSa& sa, const ik::Message& m, uint64_t now) {
    const VpnSettings& c = cfg(v);
    Vpn& vp = vpns[v];
    const auto* nonce = ik::find_payload<ik::NoncePayload>(m, ik::PayloadType::kNonce);
    const auto* sap = ik::find_payload<ik::SaPayload>(m, ik::PayloadType::kSa);
    const uint32_t id = m.header.message_id;
    if (!nonce || !sap || sap->proposals.empty()) return respond(v, sa, m.header.exchange, id, notify_only(kNoProposalChosen));
    if (sap->proposals.front().protocol == ik::ProtocolId::kIke) return on_rekey_ike_request(v, sa, m, *nonce, now);
    RekeyStatistics& st = vp.status.rekeys;
    ++st.request_in;
    ++st.response_out;
    const auto* rekey = find_notify(m, kRekeySa);
    ChildSa* old = nullptr;
    if (rekey) {
      old = child_by_out_spi(v, spi32(rekey->spi));
      if (!old || !old->outbound_active) return respond(v, sa, m.header.exchange, id, notify_only(kChildSaNotFound));
      if (old->rekeying && we_win_collision(v)) {
        ++vp.status.rekeys.collisions;
        return respond(v, sa, m.header.exchange, id, notify_only(kTemporaryFailure));
      }
    }
    const auto peer_spi = accept_esp(v, m, c.pfs_group);
    const auto selector = match_selector(v, m);
    if (!peer_spi) {
      ++st.no_proposal_out;
      return respond(v, sa, m.header.exchange, id, notify_only(kNoProposalChosen));
    }
    if (!selector) {
      ++st.ts_unacceptable_out;
      return respond(v, sa, m.header.exchange, id, notify_only(kTsUnacceptable));
    }
    Bytes g_ir;
    std::vector<ik::Payload> p;
    const uint32_t our_spi = random_spi();
    const Bytes nr = random_bytes(kNonceBytes);
    p.push_back(payload(ik::PayloadType::kSa, esp_proposal(c, our_spi, c.pfs_group)));
    p.push_back(payload(ik::PayloadType::kNonce, ik::NoncePayload{nr}));
    if (c.pfs_group) {
      const auto* ke = ik::find_payload<ik::KePayload>(m, ik::PayloadType::kKe);
      if (!ke || ke->group != *c.pfs_group) {
        ++st.invalid_ke_out;
        return respond(v, sa, m.header.exchange, id, notify_only(kInvalidKePayload));
      }
      auto dh = dh_pair(*c.pfs_group);
      auto g = dh.shared_secret(ke->data);
      if (!g) {
        ++st.dh_fail_responder;
        return respond(v, sa, m.header.exchange, id, notify_only(kInvalidKePayload));
      }
      g_ir = *g;
      p.push_back(payload(ik::PayloadType::kKe, ik::KePayload{*c.pfs_group, dh.public_value()}));
    }
    add_selectors_mirrored(p, m);
    // Make-before-break: the new inbound SA is programmed before the answer
    // leaves; we keep sending on the old one until the initiator's DELETE.
    const uint32_t old_out_spi = old ? old->out.spi : 0;
    new_child(v, sa, *selector, our_spi, *peer_spi, nonce->data, nr, g_ir, false, now,
              !rekey && !selector_has_sender(v, *selector), sa.round_trip_ps);  // may move children
    old = rekey ? child_by_out_spi(v, old_out_spi) : nullptr;
    if (old) {
      vp.status.events.add(now, tunnel_event::kRekeySucceeds);
      ++vp.status.child_rekeys;
      old->rekeying = false;
      old->soft = 0;  // replaced: the peer deletes it
    }
    respond(v, sa, m.header.exchange, id, std::move(p));
  }

  void on_rekey_ike_request(std::size_t v, IkeSa& sa, const ik::Message& m, const ik::NoncePayload& nonce, uint64_t now) {
    const VpnSettings& c = cfg(v);
    const uint32_t id = m.header.message_id;
    if (sa.pending && sa.pending->kind == Request::Kind::kRekeyIke && we_win_collision(v))
      return respond(v, sa, m.header.exchange, id, notify_only(kTemporaryFailure));
    const auto* sap = ik::find_payload<ik::SaPayload>(m, ik::PayloadType::kSa);
    const auto* ke = ik::find_payload<ik::KePayload>(m, ik::PayloadType::kKe);
    const ik::Proposal ours = ike_proposal(c.ike_suite, {}).proposals.front();
    const ik::Proposal& theirs = sap->proposals.front();
    if (!same_transforms(theirs, ours) || theirs.spi.size() != 8) return respond(v, sa, m.header.exchange, id, notify_only(kNoProposalChosen));
    if (!ke || ke->group != c.ike_suite.dh_group) return respond(v, sa, m.header.exchange, id, notify_only(kInvalidKePayload));
    // The rekey's initiator is the new SA's initiator (RFC 7296 2.18).
    auto fresh = new_ike_sa(v, load_be64(theirs.spi.data()), random64(), false);
    fresh->ni = nonce.data;
    fresh->nr = random_bytes(kNonceBytes);
    auto dh = dh_pair(c.ike_suite.dh_group);
    auto g = dh.shared_secret(ke->data);
    if (!g) return respond(v, sa, m.header.exchange, id, notify_only(kInvalidKePayload));
    fresh->view.keys = ik::derive_rekeyed_ike_sa_keys(c.ike_suite, sa.view.suite.prf, sa.view.keys.sk_d, *g, fresh->ni,
                                                       fresh->nr, fresh->view.spi_i, fresh->view.spi_r);
    Bytes s(8);
    store_be64(s.data(), fresh->view.spi_r);
    std::vector<ik::Payload> p;
    p.push_back(payload(ik::PayloadType::kSa, ike_proposal(c.ike_suite, s)));
    p.push_back(payload(ik::PayloadType::kNonce, ik::NoncePayload{fresh->nr}));
    p.push_back(payload(ik::PayloadType::kKe, ik::KePayload{c.ike_suite.dh_group, dh.public_value()}));
    respond(v, sa, m.header.exchange, id, std::move(p));
    replace_ike(v, std::move(fresh), now);
  }

  // The rekeyed IKE SA takes over; the old one waits for its DELETE.
  void replace_ike(std::size_t v, std::unique_ptr<IkeSa> fresh, uint64_t now) {
    Vpn& vp = vpns[v];
    fresh->view.children_created = vp.ike->view.children_created;
    fresh->view.children_deleted = vp.ike->view.children_deleted;
    // The same line: authenticated when the old SA was, one rekey more.
    fresh->auth_id = vp.ike->auth_id;
    fresh->view.authenticated_ps = vp.ike->view.authenticated_ps;
    fresh->view.rekeys_since_auth = vp.ike->view.rekeys_since_auth + 1;
    // The same peers on the same ports: a floated SA's successor stays on 4500.
    fresh->view.local_port = vp.ike->view.local_port;
    fresh->view.remote_port = vp.ike->view.remote_port;
    fresh->view.nat_detected = vp.ike->view.nat_detected;
    vp.ike->deleting = true;
    vp.old_ike = std::move(vp.ike);
    vp.ike = std::move(fresh);
    establish(v, *vp.ike, now);
    ++vp.status.ike_rekeys;
    // Requests queued on the old SA move to the new one.
    for (auto& r : vp.old_ike->queue) vp.ike->queue.push_back(std::move(r));
    vp.old_ike->queue.clear();
  }

  void on_informational_request(std::size_t v, IkeSa& sa, const ik::Message& m, uint64_t now) {
    Vpn& vp = vpns[v];
    std::vector<ik::Payload> p;
    for (const auto& pl : m.payloads) {
      const auto* del = std::get_if<ik::DeletePayload>(&pl.body);
      if (!del || pl.type != ik::PayloadType::kDelete) continue;
      if (del->protocol == ik::ProtocolId::kIke) {
        respond(v, sa, m.header.exchange, m.header.message_id, {});
        if (vp.old_ike.get() == &sa && sa.retiring) {
          remove_retired(v, tunnel_event::kDeletedReauthenticatedByPeer, now);
        } else if (vp.old_ike.get() == &sa) {
          vp.old_ike.reset();
        } else {
          log(now, "IKE SA is deleted because received DEL notification from peer. " + ike_context(v, sa));
          tear_down(v, "peer deleted the IKE SA", tunnel_event::kDeletedByPeer, now);
        }
        return;
      }
      ik::DeletePayload answer{ik::ProtocolId::kEsp, {}};
      for (const auto& s : del->spis) {
        ChildSa* ch = child_by_out_spi(v, spi32(s));
        if (!ch || ch->deleted) continue;
        Bytes ours(4);
        store_be32(ours.data(), ch->in.spi);
        answer.spis.push_back(ours);
        // The rekey's responder switches its outbound now, to the new SA of
        // the same selector, then lets the old one go.
        switch_to_successor(v, *ch);
        vp.status.events.add(now, tunnel_event::kDeletedByPeer);
        log_child_deleted(v, *ch, tunnel_event::kDeletedByPeer, now);
        ++sa.view.children_deleted;
        remove_child(v, *ch, now, true);
      }
      if (!answer.spis.empty()) p.push_back(payload(ik::PayloadType::kDelete, answer));
    }
    respond(v, sa, m.header.exchange, m.header.message_id, std::move(p));
    if (!has_usable_child(v)) set_down(v, "peer deleted the IPsec SA", now);
  }
  // A rekey's responder sends on the new SA of the same selector once the
  // old one goes.
  void switch_to_successor(std::size_t v, const ChildSa& old) {
    for (auto& n : vpns[v].children)
      if (&n != &old && n.selector == old.selector && !n.deleted && n.outbound_active && !n.outbound_installed)
        install_out(v, n);
  }
  bool has_usable_child(std::size_t v) const {
    for (const auto& ch : vpns[v].children)
      if (!ch.deleted && ch.outbound_installed) return true;
    return false;
  }

  void on_response(std::size_t v, IkeSa& sa, const ik::Message& m, uint64_t now) {
    if (!sa.pending || m.header.message_id != sa.pending_id) return;
    if (sa.state == IkeSa::State::kAuthSent) return on_auth_response(v, sa, m, now);
    Request r = std::move(*sa.pending);
    sa.pending.reset();
    Vpn& vp = vpns[v];
    const VpnSettings& c = cfg(v);
    switch (r.kind) {
      case Request::Kind::kCreateChild:
      case Request::Kind::kRekeyChild: {
        ChildSa* old = r.kind == Request::Kind::kRekeyChild ? child_by_in_spi(v, r.child_spi) : nullptr;
        if (old) old->rekeying = false;
        const auto* err = find_error(m);
        RekeyStatistics& st = vp.status.rekeys;
        if (r.kind == Request::Kind::kRekeyChild) {
          ++st.response_in;
          if (err && err->type == kNoProposalChosen) ++st.no_proposal_in;
          if (err && err->type == kInvalidKePayload) ++st.invalid_ke_in;
          if (err && err->type == kTsUnacceptable) ++st.ts_unacceptable_in;
        }
        const auto peer_spi = err ? std::nullopt : accept_esp(v, m, c.pfs_group);
        const auto* nonce = ik::find_payload<ik::NoncePayload>(m, ik::PayloadType::kNonce);
        if (err && err->type == kTemporaryFailure) {
          // The peer's own rekey of this child won (a collision); it goes on.
          ++vp.status.rekeys.collisions;
          break;
        }
        if (!peer_spi || !nonce) {
          if (!err && r.kind == Request::Kind::kRekeyChild) ++st.verify_sa_fail;
          if (r.kind == Request::Kind::kCreateChild)
            set_down(v, err ? "peer refused the Child SA: " + notify_name(err->type) : "bad CREATE_CHILD_SA answer", now);
          break;
        }
        Bytes g_ir;
        if (c.pfs_group && r.dh) {
          const auto* ke = ik::find_payload<ik::KePayload>(m, ik::PayloadType::kKe);
          auto g = ke ? r.dh->shared_secret(ke->data) : Expected<Bytes, std::string>(unexpected(std::string("no KE")));
          if (!g) {
            ++st.dh_fail_initiator;
            break;
          }
          g_ir = *g;
        }
        new_child(v, sa, r.selector, r.new_spi, *peer_spi, r.nonce, nonce->data, g_ir, true, now, true);
        if (r.kind == Request::Kind::kCreateChild && &sa == vp.ike.get()) stop_old_senders(v, r.selector);
        old = r.kind == Request::Kind::kRekeyChild ? child_by_in_spi(v, r.child_spi) : nullptr;  // children may have moved
        if (old && old->outbound_active && !old->deleted) {
          // Our outbound moves to the new SA now (the peer programmed its new
          // inbound before answering); the old pair stays for packets in
          // flight until its DELETE.
          if (old->outbound_installed) {
            program(v, SaProgramming::Kind::kRemoveOutbound, old->selector, old->out);
            old->outbound_installed = false;
          }
          old->outbound_active = false;
          old->delete_at = now + timers.rekeyed_delete_delay_ps;
          vp.status.events.add(now, tunnel_event::kRekeySucceeds);
          ++vp.status.rekeys.succeeded;
          ++vp.status.child_rekeys;
        }
        break;
      }
      case Request::Kind::kRekeyIke: {
        const auto* err = find_error(m);
        if (err && err->type == kTemporaryFailure) {
          ++vp.status.rekeys.collisions;
          break;
        }
        const auto* sap = ik::find_payload<ik::SaPayload>(m, ik::PayloadType::kSa);
        const auto* ke = ik::find_payload<ik::KePayload>(m, ik::PayloadType::kKe);
        const auto* nonce = ik::find_payload<ik::NoncePayload>(m, ik::PayloadType::kNonce);
        if (err || !sap || sap->proposals.empty() || sap->proposals[0].spi.size() != 8 || !ke || !nonce) break;
        auto g = r.dh->shared_secret(ke->data);
        if (!g) break;
        auto fresh = new_ike_sa(v, r.new_ike_spi, load_be64(sap->proposals[0].spi.data()), true);
        fresh->ni = r.nonce;
        fresh->nr = nonce->data;
        fresh->view.keys = ik::derive_rekeyed_ike_sa_keys(c.ike_suite, sa.view.suite.prf, sa.view.keys.sk_d, *g,
                                                           fresh->ni, fresh->nr, fresh->view.spi_i, fresh->view.spi_r);
        replace_ike(v, std::move(fresh), now);
        // The old IKE SA's last exchange: its DELETE.
        IkeSa& old = *vp.old_ike;
        old.queue.push_front(Request{Request::Kind::kDeleteIke});
        pump(v, old, now);
        return;
      }
      case Request::Kind::kDeleteChild: {
        if (ChildSa* ch = child_by_in_spi(v, r.child_spi)) {
          ++sa.view.children_deleted;
          remove_child(v, *ch, now, true);
        }
        break;
      }
      case Request::Kind::kDeleteIke:
        if (vp.old_ike.get() == &sa) {
          if (sa.retiring) remove_retired(v, tunnel_event::kDeletedReauthenticated, now);
          else vp.old_ike.reset();
          return;
        }
        break;
      case Request::Kind::kDpd:
      case Request::Kind::kAuth:
        break;
    }
    pump(v, sa, now);
    maybe_retire(v, now);  // a reauthentication's last Child SA may just have come
  }

  // --- Timers.
  void run_timers(std::size_t v, uint64_t now) {
    Vpn& vp = vpns[v];
    const VpnSettings& c = cfg(v);
    if (vp.reconnect_at && vp.reconnect_at <= now) {
      vp.reconnect_at = 0;
      if (!vp.ike) initiate(v, now);  // unless the peer's initiation brought it up meanwhile
    }
    for (IkeSa* sa : {vp.ike.get(), vp.old_ike.get(), vp.reauth.get()}) {
      if (!sa || !sa->pending || sa->retransmit_at > now) continue;
      const bool dpd = sa->pending->kind == Request::Kind::kDpd;
      const uint32_t tries = dpd ? c.dpd->threshold - 1 : timers.retransmit_tries;
      if (sa->tries >= tries) {
        const bool setup = sa->state != IkeSa::State::kEstablished;
        if (dpd) {
          ++vp.status.dpd_dead;
          log(now, fmt::format("KMD_DPD_PEER_DOWN: DPD detected peer {} as dead: {} DPD requests {} seconds apart "
                               "unanswered. {}. Its IKE and IPsec SAs are cleared",
                               c.peer.to_string(), c.dpd->threshold, c.dpd->interval_s, ike_context(v, *sa)));
          return tear_down(v, "peer is dead (DPD)", tunnel_event::kDeletedPeerDead, now);
        }
        if (setup) {
          ++d.counters_.retransmitted;
          const bool reauth = sa->reauth;
          fail_negotiation(v, *sa,
                           fmt::format("peer did not answer {} ({} retransmissions)",
                                       sa->state == IkeSa::State::kInitSent ? "IKE_SA_INIT" : "IKE_AUTH", tries),
                           now);
          if (reauth) continue;  // the old SAs go on
          return;
        }
        if (sa == vp.old_ike.get()) {
          // Its DELETE unanswered: gone all the same (a retired line's Child SAs with it).
          if (sa->retiring) remove_retired(v, tunnel_event::kDeletedReauthenticated, now);
          else vp.old_ike.reset();
          continue;
        }
        return tear_down(v, "peer did not answer (IKE SA deleted after retransmissions)", tunnel_event::kDeletedPeerDead, now);
      }
      ++sa->tries;
      ++d.counters_.retransmitted;
      ++sa->view.packets_out;
      sa->view.bytes_out += sa->pending_bytes.size();
      sa->retransmit_at = now + (dpd ? c.dpd->interval_s * kPsPerSecond
                                     : static_cast<uint64_t>(static_cast<double>(timers.retransmit_timeout_ps) *
                                                             std::pow(timers.retransmit_base, sa->tries)));
      send_bytes(v, sa->pending_bytes, sa->view.local_port, sa->view.remote_port);
    }
    if (!vp.ike || vp.ike->state != IkeSa::State::kEstablished) return;
    IkeSa& sa = *vp.ike;
    // Child SA lifetimes.
    for (std::size_t i = 0; i < vp.children.size(); ++i) {
      ChildSa& ch = vp.children[i];
      if (ch.deleted) {
        if (ch.remove_inbound_at > 1 && ch.remove_inbound_at <= now) {
          program(v, SaProgramming::Kind::kRemoveInbound, ch.selector, ch.in);
          ch.remove_inbound_at = 1;
        }
        continue;
      }
      if (ch.auth_id != sa.auth_id) continue;  // a reauthenticated line's: it goes with the old IKE SA's DELETE
      if (ch.install_out_at && ch.install_out_at <= now) {
        ch.install_out_at = 0;
        if (ch.outbound_active && !ch.outbound_installed) {
          install_out(v, ch);
          set_up(v, now);
        }
        continue;
      }
      if (ch.delete_at && ch.delete_at <= now) {
        ch.delete_at = 0;
        vp.status.events.add(now, tunnel_event::kDeletedHardLifetime);
        request(v, sa, Request{Request::Kind::kDeleteChild, ch.selector, ch.in.spi}, now);
        continue;
      }
      if (ch.outbound_active && ch.soft && ch.soft <= now && !ch.rekeying) {
        ch.soft = 0;
        ch.rekeying = true;
        vp.status.events.add(now, tunnel_event::kRekeyInitiated);
        request(v, sa, Request{Request::Kind::kRekeyChild, ch.selector, ch.in.spi}, now);
        continue;
      }
      if (ch.hard <= now) {
        vp.status.events.add(now, tunnel_event::kDeletedHardLifetime);
        ch.hard = UINT64_MAX;
        if (ch.outbound_installed) {
          program(v, SaProgramming::Kind::kRemoveOutbound, ch.selector, ch.out);
          ch.outbound_installed = false;
        }
        ch.outbound_active = false;
        switch_to_successor(v, ch);
        request(v, sa, Request{Request::Kind::kDeleteChild, ch.selector, ch.in.spi}, now);
      }
    }
    sweep_children(v);
    if (!has_usable_child(v) && vp.status.up) set_down(v, "no IPsec SA (expired)", now);
    // The IKE SA's own lifetime.
    if (sa.view.soft_ps && sa.view.soft_ps <= now && c.establish != Establish::kResponderOnlyNoRekey) {
      sa.view.soft_ps = 0;
      if (reauth_due(v, sa)) start_reauth(v, now);
      else request(v, sa, Request{Request::Kind::kRekeyIke}, now);
    }
    // Dead peer detection (RFC 3706 as Junos applies it).
    if (c.dpd && vp.next_dpd_at && vp.next_dpd_at <= now) {
      vp.next_dpd_at = now + c.dpd->interval_s * kPsPerSecond;
      const auto [in, out] = hooks.traffic ? hooks.traffic(v) : std::pair<uint64_t, uint64_t>{0, 0};
      const bool heard = vp.heard_since_tick || in != vp.dpd_in;
      const bool sent = out != vp.dpd_out;
      vp.dpd_in = in;
      vp.dpd_out = out;
      vp.heard_since_tick = false;
      bool probe = false;
      switch (c.dpd->mode) {
        case DpdMode::kAlwaysSend: probe = true; break;
        case DpdMode::kProbeIdleTunnel: probe = !heard; break;
        case DpdMode::kOptimized: probe = sent && !heard; break;
      }
      if (probe && !sa.pending) request(v, sa, Request{Request::Kind::kDpd}, now);
    }
  }

  std::optional<uint64_t> deadline() const {
    std::optional<uint64_t> t;
    auto take = [&](uint64_t x) {
      if (x > 1 && x != UINT64_MAX && (!t || x < *t)) t = x;
    };
    for (std::size_t v = 0; v < vpns.size(); ++v) {
      const Vpn& vp = vpns[v];
      take(vp.reconnect_at);
      for (const IkeSa* sa : {vp.ike.get(), vp.old_ike.get(), vp.reauth.get()})
        if (sa && sa->pending) take(sa->retransmit_at);
      if (!vp.ike || vp.ike->state != IkeSa::State::kEstablished) continue;
      take(vp.ike->view.soft_ps);
      take(vp.next_dpd_at);
      for (const auto& ch : vp.children) {
        take(ch.remove_inbound_at);
        take(ch.delete_at);
        take(ch.install_out_at);
        if (ch.deleted) continue;
        if (ch.outbound_active && !ch.rekeying) take(ch.soft);
        take(ch.hard);
      }
    }
    return t;
  }

  // --- Receiving.
  // An authenticated message on UDP 4500: the peer floated (after detecting
  // a NAT, or always, as strongSwan's kernel-libipsec does); from now on
  // this SA's messages go to the port it came from, from 4500 (RFC 7296 2.23).
  static void follow_float(IkeSa& sa, const IkeDatagram& dg) {
    if (dg.destination_port != ik::kIkeNatTPort) return;
    sa.view.local_port = ik::kIkeNatTPort;
    sa.view.remote_port = dg.source_port;
  }
  void receive(const IkeDatagram& dg, uint64_t now) {
    const std::vector<std::size_t> pair = vpns_between(dg.destination, dg.source);
    auto header = ik::peek_header(dg.payload);
    if (!header) {
      ++d.counters_.malformed;
      return;
    }
    if (pair.empty()) {
      ++d.counters_.unknown_spi;
      return;
    }
    if (header->exchange == ik::ExchangeType::kIkeSaInit) {
      auto m = ik::decode(dg.payload);
      if (!m) {
        ++d.counters_.malformed;
        return;
      }
      ++d.counters_.received;
      if (!header->response) return on_sa_init_request(pair.front(), *m, dg, now);
      for (std::size_t v : pair)
        for (IkeSa* sa : {vpns[v].ike.get(), vpns[v].reauth.get()})
          if (sa && sa->view.initiator && sa->view.spi_i == header->spi_i) {
            ++sa->view.packets_in;
            sa->view.bytes_in += dg.payload.size();
            return on_sa_init_response(v, *sa, *m, dg, now);
          }
      return;
    }
    // A half-open SA the peer started: only its IKE_AUTH request goes on.
    const std::pair<IpAddress, uint64_t> key{dg.source, header->spi_i};
    if (auto it = half_open.find(key); it != half_open.end() && it->second->view.spi_r == header->spi_r) {
      IkeSa& ho = *it->second;
      ++ho.view.packets_in;
      ho.view.bytes_in += dg.payload.size();
      const ik::SkKeys keys = in_keys(ho);
      auto m = ik::decode(dg.payload, &keys);
      if (!m) {
        ++(m.error().kind == ik::DecodeErrorKind::kIntegrity ? d.counters_.bad_icv : d.counters_.malformed);
        return;
      }
      ++d.counters_.received;
      follow_float(ho, dg);
      if (header->response || header->exchange != ik::ExchangeType::kIkeAuth || header->message_id != 1) return;
      return on_auth_request(key, *m, now);
    }
    IkeSa* sa = nullptr;
    std::size_t v = pair.front();
    for (std::size_t cand : pair)
      for (IkeSa* s : {vpns[cand].ike.get(), vpns[cand].old_ike.get(), vpns[cand].reauth.get()})
        if (s && s->view.spi_i == header->spi_i && s->view.spi_r == header->spi_r && s->state != IkeSa::State::kInitSent) {
          sa = s;
          v = cand;
        }
    if (!sa) {
      ++d.counters_.unknown_spi;
      return;
    }
    Vpn& vp = vpns[v];
    ++sa->view.packets_in;
    sa->view.bytes_in += dg.payload.size();
    const ik::SkKeys keys = in_keys(*sa);
    auto m = ik::decode(dg.payload, &keys);
    if (!m) {
      ++(m.error().kind == ik::DecodeErrorKind::kIntegrity ? d.counters_.bad_icv : d.counters_.malformed);
      return;
    }
    ++d.counters_.received;
    follow_float(*sa, dg);
    vp.heard_since_tick = true;
    if (header->response) return on_response(v, *sa, *m, now);
    if (header->message_id + 1 == sa->peer_next_id && sa->has_last_response) {
      ++d.counters_.duplicate_requests;
      send_bytes(v, sa->last_response, sa->view.local_port, sa->view.remote_port);
      return;
    }
    if (header->message_id != sa->peer_next_id) return;
    on_request(v, *sa, *m, now);
  }
};

// ---------------------------------------------------------------------------

IkeDaemon::IkeDaemon(std::string device, std::vector<VpnSettings> vpns, const IkeTimers& timers, uint64_t seed,
                     Hooks hooks)
    : device_(std::move(device)), vpns_(std::move(vpns)),
      impl_(std::make_unique<Impl>(*this, timers, seed, std::move(hooks))) {}

IkeDaemon::~IkeDaemon() = default;

bool IkeDaemon::listens_on(const IpAddress& address) const {
  return std::any_of(vpns_.begin(), vpns_.end(), [&](const VpnSettings& v) { return v.local == address; });
}

void IkeDaemon::start(uint64_t now_ps) {
  running_ = true;
  for (std::size_t v = 0; v < vpns_.size(); ++v)
    if (vpns_[v].establish == Establish::kImmediately) impl_->start_vpn(v, now_ps);
  impl_->update_views();
}

void IkeDaemon::receive(const IkeDatagram& datagram, uint64_t now_ps) {
  if (!running_) return;
  impl_->receive(datagram, now_ps);
  impl_->update_views();
}

void IkeDaemon::advance(uint64_t now_ps) {
  if (!running_) return;
  for (std::size_t v = 0; v < vpns_.size(); ++v) impl_->run_timers(v, now_ps);
  impl_->update_views();
}

std::optional<uint64_t> IkeDaemon::next_deadline() const {
  if (!running_) return std::nullopt;
  return impl_->deadline();
}

void IkeDaemon::clear_ike_security_associations(uint64_t now_ps) {
  for (std::size_t v = 0; v < vpns_.size(); ++v) {
    auto& vp = impl_->vpns[v];
    if (vp.ike && vp.ike->state == Impl::IkeSa::State::kEstablished) {
      // The DELETE goes out on the old SA; nobody waits for its answer.
      vp.ike->queue.clear();
      vp.ike->pending.reset();
      vp.ike->queue.push_back(Impl::Request{Impl::Request::Kind::kDeleteIke});
      impl_->pump(v, *vp.ike, now_ps);
    }
    impl_->tear_down(v, "cleared by the operator (clear security ike security-associations)",
                     tunnel_event::kDeletedByClear, now_ps);
    if (vpns_[v].establish == Establish::kImmediately) impl_->vpns[v].reconnect_at = now_ps + 1;
  }
  impl_->update_views();
}

void IkeDaemon::clear_ipsec_security_associations(std::optional<uint32_t> tunnel_index, uint64_t now_ps) {
  for (std::size_t v = 0; v < vpns_.size(); ++v) {
    auto& vp = impl_->vpns[v];
    if (!vp.ike || vp.ike->state != Impl::IkeSa::State::kEstablished) continue;
    bool any = false;
    for (auto& ch : vp.children) {
      if (ch.deleted || (tunnel_index && ch.tunnel_index != *tunnel_index)) continue;
      any = true;
      vp.status.events.add(now_ps, tunnel_event::kDeletedByClear);
      const std::size_t selector = ch.selector;
      impl_->request(v, *vp.ike, Impl::Request{Impl::Request::Kind::kDeleteChild, selector, ch.in.spi}, now_ps);
      if (ch.outbound_installed) {
        impl_->program(v, SaProgramming::Kind::kRemoveOutbound, ch.selector, ch.out);
        ch.outbound_installed = false;
      }
      ch.outbound_active = false;
      // Junos negotiates the cleared tunnel again at once (establish immediately).
      impl_->request(v, *vp.ike, Impl::Request{Impl::Request::Kind::kCreateChild, selector}, now_ps);
    }
    if (any && !impl_->has_usable_child(v)) impl_->set_down(v, "cleared by the operator", now_ps);
  }
  impl_->update_views();
}

void IkeDaemon::force_rekey(std::size_t vpn, uint64_t now_ps) {
  auto& vp = impl_->vpns.at(vpn);
  for (auto& ch : vp.children)
    if (!ch.deleted && ch.outbound_active && !ch.rekeying) ch.soft = now_ps;
  advance(now_ps);
}

void IkeDaemon::force_ike_rekey(std::size_t vpn, uint64_t now_ps) {
  auto& vp = impl_->vpns.at(vpn);
  if (vp.ike && vp.ike->state == Impl::IkeSa::State::kEstablished) vp.ike->view.soft_ps = now_ps;
  advance(now_ps);
}

void IkeDaemon::stop(uint64_t) { running_ = false; }

void IkeDaemon::restart(uint64_t now_ps) {
  // A restarted iked has lost every SA: the data plane's are removed.
  impl_->half_open.clear();
  for (std::size_t v = 0; v < vpns_.size(); ++v) {
    auto& vp = impl_->vpns[v];
    for (auto& ch : vp.children) impl_->remove_child(v, ch, now_ps, false);
    impl_->sweep_children(v);
    vp.ike.reset();
    vp.old_ike.reset();
    vp.reauth.reset();
    vp.reconnect_at = 0;
    vp.next_dpd_at = 0;
    impl_->set_down(v, "IKE daemon restarted", now_ps);
  }
  start(now_ps);
}

void IkeDaemon::traffic_without_sa(std::size_t vpn, uint64_t now_ps) {
  auto& vp = impl_->vpns.at(vpn);
  if (!running_ || vp.ike || vpns_[vpn].establish != Establish::kOnTraffic) return;
  impl_->initiate(vpn, now_ps);
  impl_->update_views();
}

std::optional<crypto::SaConfig> IkeDaemon::installed_inbound_sa(uint32_t spi) const {
  for (const auto& vp : impl_->vpns)
    for (const auto& ch : vp.children)
      if (ch.in.spi == spi) return ch.in;
  return std::nullopt;
}

const VpnStatus& IkeDaemon::status(std::size_t vpn) const { return impl_->vpns.at(vpn).status; }

uint32_t IkeDaemon::tunnel_id(std::size_t vpn, std::size_t selector) const {
  uint32_t id = 500001;
  for (std::size_t i = 0; i < vpn; ++i) id += static_cast<uint32_t>(vpns_[i].selectors.size());
  return id + static_cast<uint32_t>(selector);
}

std::optional<std::pair<std::size_t, std::size_t>> IkeDaemon::tunnel(uint32_t tunnel_id) const {
  for (std::size_t v = 0; v < vpns_.size(); ++v)
    for (std::size_t sel = 0; sel < vpns_[v].selectors.size(); ++sel)
      if (this->tunnel_id(v, sel) == tunnel_id) return std::pair{v, sel};
  return std::nullopt;
}

}  // namespace trio6sim::control
