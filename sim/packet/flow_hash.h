// The flow hash that load balancing (LAG members, ECMP paths, lookup threads)
// uses: deterministic across runs, platforms and compilers, so that a seed
// reproduces every choice.
//
// Choice: CRC-32C (Castagnoli polynomial 0x1EDC6F41, reflected 0x82F63B78)
// over a canonical byte image of the key, started from the seed, then the
// MurmurHash3 fmix32 finalizer. Switching ASICs hash with CRCs because they
// are cheap in gates; the CRC alone is linear, so keys differing in a few bits
// give related values and `hash % members` can be uneven. fmix32 is a
// bijection with full avalanche, so every output bit (and any modulo) depends
// on every key bit, while preserving CRC's determinism. Trio's exact hash
// function is not public: this is an assumption with the same properties.
#pragma once

#include <cstdint>
#include <span>

#include "ip_address.h"

namespace trio6sim {

// The 5-tuple plus the ESP SPI. Ports are zero for protocols without them
// (ICMP, GRE, ESP) and for non-first fragments, which carry no L4 header. A
// first fragment does carry ports and is hashed with them, so it may take a
// different path from the rest of its datagram: that is what the brief asks
// and what many ASICs do; reordering of fragments is then possible.
struct FlowKey {
  IpAddress src;
  IpAddress dst;
  uint8_t protocol = 0;
  uint16_t src_port = 0;
  uint16_t dst_port = 0;
  uint32_t spi = 0;  // ESP SPI (also for ESP in UDP), else 0: tunnels between the same gateways spread
  bool operator==(const FlowKey&) const = default;
};

struct FlowHashOptions {
  uint32_t seed = 0;
  // Orders the (address, port) pairs before hashing, so that both directions
  // of a conversation hash alike (what a stateful service card wants).
  bool symmetric = false;
  // For VXLAN and GRE (and IP-in-IP), hash the inner packet's key instead of
  // the outer one, as hardware does for tunnel load balancing: the outer
  // tuple of a tunnel is constant and would put every flow on one path.
  bool inner = false;
};

// CRC-32C with init ~crc and final inversion (RFC 3720 appendix B.4), so that
// crc32c("123456789") == 0xE3069283 and it can be chained.
// SSE4.2's crc32 instruction where the processor has it, else the table of
// crc32c_portable (the reference; tests compare the two).
uint32_t crc32c(std::span<const uint8_t> bytes, uint32_t crc = 0);
uint32_t crc32c_portable(std::span<const uint8_t> bytes, uint32_t crc = 0);
// MurmurHash3's 32-bit finalizer (public domain, Austin Appleby).
uint32_t fmix32(uint32_t h);

uint32_t flow_hash(const FlowKey& key, const FlowHashOptions& options = {});

}  // namespace trio6sim
