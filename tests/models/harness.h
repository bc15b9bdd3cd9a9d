// A chip built by hand for functional tests: a fresh SystemC context, one
// Trio6 with default parameters (sixteen 100G ports), helpers to make and
// inject packets, and a record of what left each port.
#pragma once

#include <algorithm>
#include <memory>
#include <vector>

#include "models/fabric.h"
#include "models/simulation.h"
#include "models/slice.h"
#include "models/trio6.h"
#include "packet/ipv4.h"
#include "packet/ipv6.h"

namespace trio6sim::models::test {

inline IpAddress ip(const char* text) { return *IpAddress::parse(text); }

// An IPv4 packet of `l3_bytes` from src to dst (protocol 253, payload 0xab).
inline PacketPtr make_ipv4(PacketPool& pool, const char* src, const char* dst, std::size_t l3_bytes = 100,
                           uint8_t ttl = 64, uint32_t flow = 0) {
  PacketPtr p = pool.acquire();
  uint8_t* d = p->push_back(l3_bytes);
  std::fill(d, d + l3_bytes, uint8_t{0xab});
  Ipv4Fields f;
  f.total_length = static_cast<uint16_t>(l3_bytes);
  f.protocol = 253;
  f.ttl = ttl;
  const IpAddress s = ip(src), d4 = ip(dst);
  std::copy(s.data(), s.data() + 4, f.src.begin());
  std::copy(d4.data(), d4.data() + 4, f.dst.begin());
  write_ipv4_header(d, f);
  p->meta.flow_hash = flow;
  return p;
}

// An IPv6 packet of `l3_bytes` from src to dst (no next header, payload 0xcd).
inline PacketPtr make_ipv6(PacketPool& pool, const char* src, const char* dst, std::size_t l3_bytes = 120,
                           uint8_t hop_limit = 64) {
  PacketPtr p = pool.acquire();
  uint8_t* d = p->push_back(l3_bytes);
  std::fill(d, d + l3_bytes, uint8_t{0xcd});
  Ipv6Fields f;
  f.payload_length = static_cast<uint16_t>(l3_bytes - kIpv6HeaderBytes);
  f.next_header = 59;
  f.hop_limit = hop_limit;
  const IpAddress s = ip(src), d6 = ip(dst);
  std::copy(s.data(), s.data() + 16, f.src.begin());
  std::copy(d6.data(), d6.data() + 16, f.dst.begin());
  write_ipv6_header(d, f);
  return p;
}

struct Egress {
  std::vector<uint8_t> bytes;
  int port;
  uint64_t last_bit_ps;
};

class Harness {
 public:
  explicit Harness(const Trio6Params& params = {}) {
    fresh_simulation_context();
    chip = std::make_unique<Trio6>("trio6", params);
    chip->set_egress_observer([this](const Packet& p, int port, uint64_t t) {
      sent.push_back({std::vector<uint8_t>(p.bytes().begin(), p.bytes().end()), port, t});
    });
  }
  ~Harness() { chip.reset(); }

  PacketPtr ipv4(const char* src, const char* dst, std::size_t l3_bytes = 100, uint8_t ttl = 64, uint32_t flow = 0) {
    return make_ipv4(chip->pool(), src, dst, l3_bytes, ttl, flow);
  }
  PacketPtr ipv6(const char* src, const char* dst, std::size_t l3_bytes = 100) {
    return make_ipv6(chip->pool(), src, dst, l3_bytes);
  }
  void run() { run_until_drained(*chip); }
  uint64_t drops(DropCause c) const { return chip->traffic().drops[c]; }

  std::unique_ptr<Trio6> chip;
  std::vector<Egress> sent;
};

}  // namespace trio6sim::models::test
