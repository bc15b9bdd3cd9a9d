#include "esp_outbound.h"

#include <cstring>
#include <limits>
#include <stdexcept>

#include "esp_format.h"
#include "esp_transform.h"
#include "packet/bytes.h"
#include "packet/checksum.h"
#include "packet/ip_protocol.h"

namespace trio6sim::crypto {

namespace {

struct InnerInfo {
  uint8_t next_header;
  uint8_t dscp = 0;
  uint8_t ecn = 0;
  bool df = false;
};

Expected<InnerInfo, DropCause> inspect_inner(const Packet& p, std::optional<uint8_t> next_header) {
  if (p.empty()) return unexpected(DropCause::kMalformed);
  // An explicit next header other than IPv4/IPv6 (MPLS, or a test vector's
  // value) carries no DSCP, ECN or DF to copy.
  if (next_header && *next_header != ipproto::kIpv4 && *next_header != ipproto::kIpv6) return InnerInfo{*next_header};
  const uint8_t version = p.data()[0] >> 4;
  if (version == 4) {
    auto v4 = parse_ipv4(p.bytes(), /*verify_checksum=*/false);
    if (!v4) return unexpected(DropCause::kMalformed);
    return InnerInfo{ipproto::kIpv4, v4->dscp(), v4->ecn(), v4->df()};
  }
  if (version == 6) {
    auto v6 = parse_ipv6(p.bytes());
    if (!v6) return unexpected(DropCause::kMalformed);
    return InnerInfo{ipproto::kIpv6, v6->dscp(), v6->ecn(), false};
  }
  return unexpected(DropCause::kMalformed);
}

}  // namespace

const SaConfig& checked(const SaConfig& config) {
  if (auto error = validate(config)) throw std::invalid_argument(*error);
  return config;
}

OutboundSa::OutboundSa(const SaConfig& config, CipherMode mode)
    : next_sequence_(config.next_sequence), config_(checked(config)) {
  if (mode == CipherMode::kAesGcm) gcm_.emplace(config.key, GcmUse::kSeal);
}

Expected<void, DropCause> OutboundSa::fail(DropCause cause) {
  stats_.count(cause);
  return unexpected(cause);
}

std::size_t OutboundSa::max_inner_bytes() const {
  if (config_.tunnel_mtu == 0) return std::numeric_limits<std::size_t>::max();
  const std::size_t fixed = esp_overhead_bytes(2, config_.destination.is_v6(), config_.udp_encap.has_value());
  if (config_.tunnel_mtu < fixed) return 0;
  // inner + pad + 2 must be a multiple of 4 and fit what the MTU leaves.
  const std::size_t room = config_.tunnel_mtu - (fixed - kEspTrailerBytes);
  return (room & ~std::size_t{3}) - kEspTrailerBytes;
}

Expected<void, DropCause> OutboundSa::seal(Packet& p, const SealOptions& options, DeferredSeal* defer) {
  const uint64_t max_sequence = config_.esn ? std::numeric_limits<uint64_t>::max() : 0xffffffffull;
  const uint64_t seq = options.sequence.value_or(next_sequence_);
  if (stopped_ && !options.sequence) return fail(DropCause::kEspSequenceOverflow);
  if (seq == 0 || seq > max_sequence) return fail(DropCause::kEspSequenceOverflow);

  auto inner = inspect_inner(p, options.next_header);
  if (!inner) return fail(inner.error());
  const std::size_t inner_bytes = p.size();
  if (inner_bytes > max_inner_bytes()) return fail(DropCause::kEspFragmentNeeded);

  const bool v6 = config_.destination.is_v6();
  const bool udp = config_.udp_encap.has_value();
  const std::size_t outer_ip = v6 ? kIpv6HeaderBytes : kIpv4HeaderBytes;
  const std::size_t front = outer_ip + (udp ? kUdpHeaderBytes : 0) + kEspHeaderBytes + kEspIvBytes;
  const std::size_t pad = esp_pad_bytes(inner_bytes);
  const std::size_t sealed = inner_bytes + pad + kEspTrailerBytes;  // the bytes GCM encrypts
  const std::size_t outer_total = front + sealed + kEspIcvBytes;
  if (outer_total > 0xffff || p.headroom() < front || p.tailroom() < pad + kEspTrailerBytes + kEspIcvBytes)
    return fail(DropCause::kMtuExceeded);

  // Trailer: monotonic padding 1, 2, 3, ... (RFC 4303 2.4), pad length, next header.
  uint8_t* trailer = p.push_back(pad + kEspTrailerBytes + kEspIcvBytes);
  for (std::size_t i = 0; i < pad; ++i) trailer[i] = static_cast<uint8_t>(i + 1);
  trailer[pad] = static_cast<uint8_t>(pad);
  trailer[pad + 1] = inner->next_header;

  uint8_t* outer = p.push_front(front);
  uint8_t* esp = outer + front - kEspHeaderBytes - kEspIvBytes;
  uint8_t* iv = esp + kEspHeaderBytes;
  if (options.iv) std::copy(options.iv->begin(), options.iv->end(), iv);
  else store_be64(iv, seq);  // RFC 4106 3.1: a counter is a valid IV
  if (gcm_ && defer && !(udp && v6)) {  // the caller runs the transform (CipherPool)
    *defer = {&*gcm_, config_.spi, seq, config_.esn, config_.salt, esp, sealed};
  } else if (gcm_) {
    if (!esp_encrypt(*gcm_, {config_.spi, seq, config_.esn, config_.salt}, esp, sealed))
      throw std::runtime_error("OpenSSL AES-GCM encryption failed");
  } else {  // framing only: SPI and sequence as the transform writes them, the payload clear, a zero ICV
    store_be32(esp, config_.spi);
    store_be32(esp + 4, static_cast<uint32_t>(seq));
    std::fill(esp + kEspHeaderBytes + kEspIvBytes + sealed, esp + kEspHeaderBytes + kEspIvBytes + sealed + kEspIcvBytes,
              uint8_t{0});
  }

  // Outer header: DSCP copied from the inner packet or fixed; ECN copied
  // (RFC 6040 normal mode); DF per policy.
  const uint8_t dscp = config_.outer_dscp.value_or(inner->dscp);
  const uint8_t tos = static_cast<uint8_t>((dscp << 2) | inner->ecn);
  const uint8_t l4 = udp ? ipproto::kUdp : ipproto::kEsp;
  if (v6) {
    Ipv6Fields f;
    f.traffic_class = tos;
    f.flow_label = p.meta.flow_hash & 0xfffff;  // RFC 6438: the inner flow, for ECMP in the core
    f.payload_length = static_cast<uint16_t>(outer_total - kIpv6HeaderBytes);
    f.next_header = l4;
    f.hop_limit = config_.outer_ttl;
    std::copy(config_.source.data(), config_.source.data() + 16, f.src.begin());
    std::copy(config_.destination.data(), config_.destination.data() + 16, f.dst.begin());
    write_ipv6_header(outer, f);
  } else {
    Ipv4Fields f;
    f.tos = tos;
    f.total_length = static_cast<uint16_t>(outer_total);
    f.identification = static_cast<uint16_t>(seq);  // deterministic: the low bits of the sequence number
    f.df = config_.df == DfPolicy::kSet || (config_.df == DfPolicy::kCopy && inner->df);
    f.ttl = config_.outer_ttl;
    f.protocol = l4;
    std::memcpy(f.src.data(), config_.source.data(), 4);  // one move each (std::copy called libc)
    std::memcpy(f.dst.data(), config_.destination.data(), 4);
    write_ipv4_header(outer, f);
  }
  if (udp) {
    uint8_t* u = outer + outer_ip;
    const uint16_t sport = config_.udp_encap->source_port != 0
                               ? config_.udp_encap->source_port
                               : static_cast<uint16_t>(49152 + (p.meta.flow_hash % 16384));
    const std::size_t udp_len = outer_total - outer_ip;
    store_be16(u, sport);
    store_be16(u + 2, config_.udp_encap->destination_port);
    store_be16(u + 4, static_cast<uint16_t>(udp_len));
    store_be16(u + 6, 0);  // RFC 3948 section 2.1: zero over IPv4
    if (v6) {  // IPv6 requires a UDP checksum (RFC 8200 8.1)
      uint32_t s = pseudo_header_sum_v6(config_.source.data(), config_.destination.data(), ipproto::kUdp,
                                        static_cast<uint32_t>(udp_len));
      uint16_t c = checksum_finish(checksum_add({u, udp_len}, s));
      store_be16(u + 6, c == 0 ? 0xffff : c);
    }
  }

  ++stats_.encrypted_packets;
  stats_.encrypted_bytes += inner_bytes;
  next_sequence_ = seq + 1;
  if (seq == max_sequence) stopped_ = true;  // no wrap: the SA must be rekeyed
  return {};
}

}  // namespace trio6sim::crypto
