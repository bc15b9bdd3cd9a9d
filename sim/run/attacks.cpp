#include "attacks.h"

#include <fmt/core.h>

#include "crypto/esp_outbound.h"
#include "crypto/ikev2/ike_message.h"
#include "packet/bytes.h"
#include "packet/checksum.h"

namespace trio6sim::run {

namespace {

namespace ik = crypto::ikev2;
using Bytes = std::vector<uint8_t>;

// An outer IPv4 header for `payload` of protocol `proto`.
Bytes ipv4(const IpAddress& src, const IpAddress& dst, uint8_t proto, const Bytes& payload) {
  Bytes b(20);
  b[0] = 0x45;
  store_be16(b.data() + 2, static_cast<uint16_t>(20 + payload.size()));
  b[8] = 64;
  b[9] = proto;
  std::copy(src.data(), src.data() + 4, b.begin() + 12);
  std::copy(dst.data(), dst.data() + 4, b.begin() + 16);
  store_be16(b.data() + 10, internet_checksum({b.data(), 20}));
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

Bytes udp(uint16_t sport, uint16_t dport, const Bytes& payload) {
  Bytes u(8);
  store_be16(u.data(), sport);
  store_be16(u.data() + 2, dport);
  store_be16(u.data() + 4, static_cast<uint16_t>(8 + payload.size()));  // checksum 0: allowed over IPv4
  u.insert(u.end(), payload.begin(), payload.end());
  return u;
}

// The receiving router's SA in use that opens packets from the link's far
// end, with the VPN it belongs to.
struct Target {
  const control::VpnSettings* vpn = nullptr;
  const control::VpnStatus* status = nullptr;
  crypto::SaConfig inbound;
};

std::optional<Target> target(const control::IkeDaemon& d) {
  for (std::size_t v = 0; v < d.vpns().size(); ++v) {
    const auto& st = d.status(v);
    for (const auto& ch : st.children) {
      if (!ch.outbound_active) continue;
      if (auto sa = d.installed_inbound_sa(ch.inbound_spi); sa && sa->destination == d.vpns()[v].local)
        return Target{&d.vpns()[v], &st, *sa};
    }
  }
  return std::nullopt;
}

// ESP of `sa` around a small inner packet, sealed at `sequence`.
Expected<Bytes, std::string> esp(const crypto::SaConfig& sa, uint64_t sequence) {
  Packet p;
  const Bytes inner = ipv4(*IpAddress::parse("192.0.2.1"), *IpAddress::parse("192.0.2.2"), 17, udp(9, 9, Bytes(18, 0)));
  std::copy(inner.begin(), inner.end(), p.push_back(inner.size()));
  crypto::SaConfig c = sa;
  c.next_sequence = sequence;
  crypto::OutboundSa out(c);
  if (auto r = out.seal(p); !r) return unexpected(std::string("sealing the crafted packet failed"));
  return Bytes(p.bytes().begin(), p.bytes().end());
}

}  // namespace

Expected<void, std::string> inject_attack(Network& network, const ControlPlane& control, const scenario::EventSpec& e,
                                          uint64_t at_ps) {
  const int dev = network.device_index(e.link.device);
  const control::IkeDaemon& d = *control.daemon(dev);
  auto t = target(d);
  if (!t)
    return unexpected(fmt::format("{}: inject {}: {} has no IPsec SA in use at {} ps to aim it at", e.where.str(),
                                  e.packet, e.link.device, at_ps));
  const IpAddress src = t->vpn->peer, dst = t->vpn->local;
  if (!src.is_v4()) return unexpected(fmt::format("{}: inject {}: IPv6 gateways are not modeled for crafted packets",
                                                  e.where.str(), e.packet));
  Bytes packet;
  auto sealed = [&](uint64_t seq) -> Expected<void, std::string> {
    auto b = esp(t->inbound, seq);
    if (!b) return unexpected(fmt::format("{}: inject {}: {}", e.where.str(), e.packet, b.error()));
    packet = std::move(*b);
    return {};
  };
  if (e.packet == "esp-replay") {
    if (auto r = sealed(1); !r) return r;
  } else if (e.packet == "esp-bad-icv") {
    if (auto r = sealed(uint64_t{1} << 31); !r) return r;
    packet.back() ^= 0x01;  // the last byte of the ICV
  } else if (e.packet == "esp-unknown-spi") {
    if (auto r = sealed(1); !r) return r;
    store_be32(packet.data() + 20, t->inbound.spi ^ 0x5a5a5a5a);
  } else if (e.packet == "esp-truncated") {
    packet = ipv4(src, dst, 50, Bytes{0, 0, 0, 1, 0, 0});  // 6 of ESP's 8 header bytes
  } else if (e.packet == "udp-encap-wrong-port") {
    if (auto r = sealed(uint64_t{1} << 30); !r) return r;
    const Bytes esp_part(packet.begin() + 20, packet.end());
    packet = ipv4(src, dst, 17, udp(4500, 4500, esp_part));
  } else if (e.packet == "ike-bad-icv") {
    if (!t->status->ike)
      return unexpected(fmt::format("{}: inject ike-bad-icv: {} has no IKE SA up", e.where.str(), e.link.device));
    const auto& ike = *t->status->ike;
    ik::Message m;
    m.header = {ike.spi_i, ike.spi_r, ik::ExchangeType::kInformational, !ike.initiator, false, 0x7fffffff, 0,
                ik::PayloadType::kNone};
    m.protected_by_sk = true;
    // The right suite, keys of the right length that are not the SA's.
    ik::SkKeys wrong{ike.suite, Bytes(ike.keys.sk_ei.size(), 0xa5), Bytes(ike.keys.sk_ai.size(), 0x5a)};
    packet = ipv4(src, dst, 17, udp(500, 500, ik::encode(m, &wrong, 1)));
  }
  return network.inject_on_link(e.link, packet, at_ps);
}

}  // namespace trio6sim::run
