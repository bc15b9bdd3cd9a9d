// What one ESP security association is made of: the parameters firmware
// programs into the IPsec engine. An SA is one direction: `source` seals, the
// peer at `destination` opens. Inline IPsec on Trio 6 supports ESP tunnel mode
// with AES-GCM only [T]; sa_policy.h refuses everything else by name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "packet/ip_address.h"

namespace trio6sim::crypto {

enum class EspCipher : uint8_t { kAes128Gcm, kAes256Gcm };

// kFramingOnly builds and strips every ESP byte (headers, padding, trailer,
// ICV field) and runs every check but the cipher: the ciphertext stays clear
// and the ICV is zero. Capacity runs use it ("timing-only") to keep every
// size, counter and drop the same without paying for AES.
enum class CipherMode : uint8_t { kAesGcm, kFramingOnly };

// Outer IPv4 DF bit on encryption.
enum class DfPolicy : uint8_t { kClear, kSet, kCopy };

// "clear", "set" or "copy" (the words of Junos' `df-bit` and of esp's SA
// files); nullopt for anything else.
std::optional<DfPolicy> parse_df_policy(std::string_view word);

struct UdpEncapsulation {
  // 0: derive from the inner flow hash into 49152..65535, as inline IPsec does [T].
  uint16_t source_port = 0;
  uint16_t destination_port = 4500;
};

struct SaConfig {
  // What sealing reads for every packet comes first (within 64 bytes), the
  // key and the sequence state set up once after it: at a thousand SAs a
  // packet's SA costs one cache line of configuration.
  uint32_t spi = 0;
  uint32_t salt = 0;         // RFC 4106 section 4: the 4 bytes after the key
  bool esn = false;          // 64-bit extended sequence numbers (RFC 4303 2.2.1)
  DfPolicy df = DfPolicy::kClear;
  uint8_t outer_ttl = 64;   // assumption: Junos' default TTL for self-originated headers
  bool copy_outer_dscp = false;       // on decryption, outer DSCP to the inner header
  uint16_t tunnel_mtu = 0;  // largest outer IP packet; 0 = no limit
  std::optional<uint8_t> outer_dscp;  // nullopt: copy the inner DSCP on encryption
  std::optional<UdpEncapsulation> udp_encap;  // RFC 3948
  IpAddress source;             // outer source ("local")
  IpAddress destination;        // outer destination ("remote")
  EspCipher cipher = EspCipher::kAes256Gcm;
  uint32_t replay_window = 64;  // 0 disables anti-replay; at most 4,096 [T]
  uint64_t replay_top = 0;      // inbound: highest sequence number already received
  uint64_t next_sequence = 1;   // outbound: sequence number of the next packet
  std::vector<uint8_t> key;  // 16 B for AES-128-GCM, 32 B for AES-256-GCM
};

// nullopt when the configuration can run, else what is wrong with it.
std::optional<std::string> validate(const SaConfig& sa);

// Returns config, or throws std::invalid_argument with validate()'s message:
// an SA that cannot run is a configuration error, not a packet error.
const SaConfig& checked(const SaConfig& config);

std::size_t key_bytes(EspCipher c);

}  // namespace trio6sim::crypto
