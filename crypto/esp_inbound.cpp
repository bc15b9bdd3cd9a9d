#include "esp_inbound.h"

#include <cstring>

#include "esp_format.h"
#include "esp_transform.h"
#include "packet/bytes.h"
#include "packet/ip_protocol.h"

namespace trio6sim::crypto {

namespace {
constexpr uint8_t kEcnCe = 3;
}

namespace {

// ESP in IP or in UDP to any port, for the SPI lookup (locate_esp_any).
constexpr int kAnyEncapsulation = -1;

// `udp_destination_port`: 0 for ESP in IP, a port for ESP in UDP to it, or
// kAnyEncapsulation.
Expected<EspLocation, DropCause> locate(std::span<const uint8_t> outer, int udp_destination_port) {
  if (outer.empty()) return unexpected(DropCause::kEspBadHeader);
  uint8_t l4;
  std::size_t offset;
  std::size_t end;
  const uint8_t version = outer[0] >> 4;
  if (version == 4) {
    auto v4 = parse_ipv4(outer, /*verify_checksum=*/true);
    // Inline IPsec does not reassemble before decryption [T]: fragments are dropped.
    if (!v4 || v4->is_fragment()) return unexpected(DropCause::kEspBadHeader);
    l4 = v4->protocol();
    offset = v4->header_length();
    end = v4->total_length();
  } else if (version == 6) {
    auto v6 = parse_ipv6(outer);
    if (!v6) return unexpected(DropCause::kEspBadHeader);
    l4 = v6->next_header();
    offset = kIpv6HeaderBytes;
    end = kIpv6HeaderBytes + v6->payload_length();
  } else {
    return unexpected(DropCause::kEspBadHeader);
  }
  const bool in_udp = udp_destination_port > 0 || (udp_destination_port == kAnyEncapsulation && l4 == ipproto::kUdp);
  if (in_udp) {
    // RFC 3948: a UDP SA's packets must come in UDP to the configured port [T].
    if (l4 != ipproto::kUdp) return unexpected(DropCause::kEspUdpHeaderMissing);
    if (end - offset < kUdpHeaderBytes) return unexpected(DropCause::kEspBadHeader);
    const uint8_t* u = outer.data() + offset;
    if (udp_destination_port > 0 && load_be16(u + 2) != udp_destination_port)
      return unexpected(DropCause::kEspUdpEncapMismatch);
    if (load_be16(u + 4) != end - offset) return unexpected(DropCause::kEspBadHeader);
    offset += kUdpHeaderBytes;
    // A zero "SPI" marks a non-ESP (IKE) payload on the same port (RFC 3948 2.2).
    if (end - offset >= 4 && load_be32(outer.data() + offset) == 0) return unexpected(DropCause::kEspBadHeader);
  } else if (l4 != ipproto::kEsp) {
    // Also ESP in UDP for an SA without UDP encapsulation: no ESP header
    // where the SA's encapsulation puts it (the TechLibrary lists the UDP
    // checks for SAs with udp-encapsulation only).
    return unexpected(DropCause::kEspBadHeader);
  }
  if (end - offset < kEspHeaderBytes) return unexpected(DropCause::kEspBadHeader);
  return EspLocation{load_be32(outer.data() + offset), offset, end - offset, in_udp};
}

}  // namespace

Expected<EspLocation, DropCause> locate_esp(std::span<const uint8_t> outer, uint16_t udp_destination_port) {
  return locate(outer, udp_destination_port);
}

Expected<EspLocation, DropCause> locate_esp_any(std::span<const uint8_t> outer) {
  return locate(outer, kAnyEncapsulation);
}

InboundSa::InboundSa(const SaConfig& config, CipherMode mode)
    : config_(checked(config)), window_(config.replay_window, config.replay_top) {
  if (mode == CipherMode::kAesGcm) gcm_.emplace(config.key, GcmUse::kOpen);
}

Expected<void, DropCause> InboundSa::fail(DropCause cause) {
  stats_.count(cause);
  return unexpected(cause);
}

Expected<void, DropCause> InboundSa::open(Packet& p) {
  const uint16_t udp_port = config_.udp_encap ? config_.udp_encap->destination_port : 0;
  auto loc = locate_esp(p.bytes(), udp_port);
  if (!loc) return fail(loc.error());

  // The SA is found by SPI and outer destination (RFC 4303 2.1).
  const uint8_t* outer = p.data();
  const bool v6 = (outer[0] >> 4) == 6;
  const uint8_t* dst = v6 ? Ipv6ConstView(outer).dst() : Ipv4ConstView(outer).dst();
  if (loc->spi != config_.spi || v6 != config_.destination.is_v6() ||
      std::memcmp(dst, config_.destination.data(), config_.destination.size()) != 0)
    return fail(DropCause::kEspNoSa);
  const uint8_t outer_tos = v6 ? Ipv6ConstView(outer).traffic_class() : Ipv4ConstView(outer).tos();

  constexpr std::size_t kMinSealed = 4;  // the two trailer bytes, 4-aligned
  if (loc->esp_bytes < kEspHeaderBytes + kEspIvBytes + kMinSealed + kEspIcvBytes)
    return fail(DropCause::kEspBadHeader);
  const std::size_t sealed = loc->esp_bytes - kEspHeaderBytes - kEspIvBytes - kEspIcvBytes;
  if (sealed % 4 != 0) return fail(DropCause::kEspDecryptionFailure);

  uint8_t* esp = p.data() + loc->esp_offset;
  uint8_t* payload = esp + kEspHeaderBytes + kEspIvBytes;
  auto seq = authenticated_sequence(esp, sealed);
  if (!seq) return fail(seq.error());
  window_.update(*seq);  // only now: the ICV verified

  const uint8_t pad = payload[sealed - 2];
  const uint8_t next_header = payload[sealed - 1];
  if (std::size_t{pad} + kEspTrailerBytes >= sealed) return fail(DropCause::kEspBadTrailer);
  const std::size_t inner_bytes = sealed - kEspTrailerBytes - pad;
  for (std::size_t i = 0; i < pad; ++i)
    if (payload[inner_bytes + i] != i + 1) return fail(DropCause::kEspBadTrailer);
  const uint8_t inner_version = payload[0] >> 4;
  const bool inner_ok = (next_header == ipproto::kIpv4 && inner_version == 4) ||
                        (next_header == ipproto::kIpv6 && inner_version == 6) || next_header == ipproto::kMpls;
  if (!inner_ok) return fail(DropCause::kEspBadTrailer);

  // Strip outer headers, ESP header and IV in front; trailer, ICV and any
  // link-layer padding behind.
  (void)p.pull_front(loc->esp_offset + kEspHeaderBytes + kEspIvBytes);
  (void)p.trim_back(p.size() - inner_bytes);
  apply_outer_to_inner(p, outer_tos >> 2, outer_tos & 3);

  last_next_header_ = next_header;
  ++stats_.decrypted_packets;
  stats_.decrypted_bytes += inner_bytes;
  return {};
}

Expected<uint64_t, DropCause> InboundSa::authenticated_sequence(uint8_t* esp, std::size_t sealed) {
  const auto candidates = window_.candidates(load_be32(esp + 4), config_.esn);
  bool any_new = false;
  for (uint8_t i = 0; i < candidates.count; ++i) {
    const uint64_t seq = candidates.seq[i];
    if (!window_.check(seq)) continue;
    any_new = true;
    if (!gcm_) return seq;  // framing only: no ICV to tell the epochs apart
    const EspTransformInput in{config_.spi, seq, config_.esn, config_.salt};
    if (candidates.count == 1) {
      if (esp_decrypt(*gcm_, in, esp, sealed)) return seq;
      continue;
    }
    // Several epochs to try: decrypt aside so that a wrong guess leaves the
    // packet intact for the next one.
    scratch_.resize(sealed);
    if (esp_decrypt_to(*gcm_, in, esp, sealed, scratch_.data())) {
      std::memcpy(esp + kEspHeaderBytes + kEspIvBytes, scratch_.data(), sealed);
      return seq;
    }
  }
  return unexpected(any_new ? DropCause::kEspAuthenticationFailure : DropCause::kEspReplay);
}

void InboundSa::apply_outer_to_inner(Packet& p, uint8_t outer_dscp, uint8_t outer_ecn) {
  // RFC 6040 section 4.2: congestion marked on the outer header survives
  // decapsulation when the inner packet is ECN-capable. `copy-outer-dscp`
  // carries the outer DSCP to the inner header [T].
  const uint8_t version = p.data()[0] >> 4;
  if (version == 4) {
    auto v4 = parse_ipv4(p.bytes(), /*verify_checksum=*/false);
    if (!v4) return;
    const uint8_t tos_before = v4->tos();
    if (config_.copy_outer_dscp) v4->set_dscp(outer_dscp);
    if (outer_ecn == kEcnCe && v4->ecn() != 0) v4->set_ecn(kEcnCe);
    if (v4->tos() != tos_before) v4->update_checksum();
  } else if (version == 6) {
    auto v6 = parse_ipv6(p.bytes());
    if (!v6) return;
    if (config_.copy_outer_dscp) v6->set_dscp(outer_dscp);
    if (outer_ecn == kEcnCe && v6->ecn() != 0) v6->set_ecn(kEcnCe);
  }
}

}  // namespace trio6sim::crypto
