#include "security_association.h"

#include "replay_window.h"

namespace trio6sim::crypto {

std::size_t key_bytes(EspCipher c) { return c == EspCipher::kAes128Gcm ? 16 : 32; }

std::optional<DfPolicy> parse_df_policy(std::string_view word) {
  if (word == "clear") return DfPolicy::kClear;
  if (word == "set") return DfPolicy::kSet;
  if (word == "copy") return DfPolicy::kCopy;
  return std::nullopt;
}

std::optional<std::string> validate(const SaConfig& sa) {
  if (sa.spi < 256) return "SPI " + std::to_string(sa.spi) + " is reserved (RFC 4303: 1..255 reserved, 0 local)";
  if (sa.key.size() != key_bytes(sa.cipher))
    return "key is " + std::to_string(sa.key.size()) + " bytes; the cipher needs " +
           std::to_string(key_bytes(sa.cipher));
  if (sa.replay_window > ReplayWindow::kMaxSize)
    return "anti-replay window " + std::to_string(sa.replay_window) + " is larger than 4096";
  if (sa.source.family() != sa.destination.family())
    return "tunnel source and destination are of different address families";
  if (!sa.esn && sa.next_sequence > 0xffffffffull) return "next sequence number exceeds 32 bits without ESN";
  if (!sa.esn && sa.replay_top > 0xffffffffull) return "replay top exceeds 32 bits without ESN";
  if (sa.udp_encap && sa.udp_encap->destination_port == 0) return "UDP encapsulation destination port 0";
  if (sa.outer_dscp && *sa.outer_dscp > 63) return "DSCP " + std::to_string(*sa.outer_dscp) + " is not in 0..63";
  const std::size_t min_mtu = sa.source.is_v4() ? 68 : 1280;  // RFC 791 / RFC 8200 minimum link MTUs
  if (sa.tunnel_mtu != 0 && sa.tunnel_mtu < min_mtu)
    return "tunnel MTU " + std::to_string(sa.tunnel_mtu) + " is below the minimum " + std::to_string(min_mtu);
  return std::nullopt;
}

}  // namespace trio6sim::crypto
