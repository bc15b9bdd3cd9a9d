// Helpers shared by the ESP SA tests: an SA template and inner packets.
#pragma once

#include "crypto/security_association.h"
#include "packet/ip_protocol.h"
#include "packet/ipv4.h"
#include "packet/ipv6.h"
#include "packet/packet.h"

namespace trio6sim::crypto::test {

inline SaConfig make_sa(bool outer_v6 = false) {
  SaConfig sa;
  sa.spi = 0x6d0c6331;
  sa.cipher = EspCipher::kAes256Gcm;
  sa.key.resize(32);
  for (std::size_t i = 0; i < sa.key.size(); ++i) sa.key[i] = static_cast<uint8_t>(i * 7 + 1);
  sa.salt = 0x01020304;
  sa.esn = true;
  sa.replay_window = 64;
  sa.source = *IpAddress::parse(outer_v6 ? "2001:db8:13:10::1" : "13.10.1.1");
  sa.destination = *IpAddress::parse(outer_v6 ? "2001:db8:13:10::2" : "13.10.2.2");
  return sa;
}

// An IPv4 packet of `total` bytes (>= 20) with the given TOS and DF.
inline Packet inner_v4(std::size_t total, uint8_t tos = 0, bool df = false) {
  Packet p;
  uint8_t* d = p.push_back(total);
  for (std::size_t i = 0; i < total; ++i) d[i] = static_cast<uint8_t>(0x5a ^ i);
  Ipv4Fields f;
  f.tos = tos;
  f.df = df;
  f.total_length = static_cast<uint16_t>(total);
  f.protocol = ipproto::kUdp;
  f.src = {50, 1, 1, 10};
  f.dst = {60, 1, 1, 10};
  write_ipv4_header(d, f);
  return p;
}

// An IPv6 packet of `total` bytes (>= 40) with the given traffic class.
inline Packet inner_v6(std::size_t total, uint8_t traffic_class = 0) {
  Packet p;
  uint8_t* d = p.push_back(total);
  for (std::size_t i = 0; i < total; ++i) d[i] = static_cast<uint8_t>(0xa5 ^ i);
  Ipv6Fields f;
  f.traffic_class = traffic_class;
  f.payload_length = static_cast<uint16_t>(total - kIpv6HeaderBytes);
  f.next_header = ipproto::kUdp;
  f.src[0] = 0x30;
  f.dst[0] = 0x30;
  f.dst[15] = 1;
  write_ipv6_header(d, f);
  return p;
}

inline bool same_bytes(const Packet& a, const Packet& b) {
  return a.size() == b.size() && std::equal(a.bytes().begin(), a.bytes().end(), b.bytes().begin());
}

}  // namespace trio6sim::crypto::test
