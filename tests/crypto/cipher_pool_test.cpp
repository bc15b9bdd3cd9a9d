// The cipher pool (crypto/cipher_pool.h): a seal whose transform runs on a
// worker thread, settled, gives the bytes of a synchronous seal, whatever the
// thread count, the SA (several SAs in flight at once) and the packet size;
// an unsettled ticket whose slot was reused, and a drain, are done.
#include <gtest/gtest.h>

#include <vector>

#include "crypto/cipher_pool.h"
#include "crypto/esp_outbound.h"
#include "packet/ipv4.h"

namespace trio6sim::crypto {
namespace {

SaConfig sa_config(uint32_t spi, uint8_t key_byte, bool esn) {
  SaConfig c;
  c.spi = spi;
  c.key = std::vector<uint8_t>(32, key_byte);
  c.salt = 0x01020304u * key_byte;
  c.esn = esn;
  c.source = *IpAddress::parse("192.0.2.1");
  c.destination = *IpAddress::parse("198.51.100.1");
  return c;
}

PacketPtr inner(PacketPool& pool, std::size_t bytes, int n) {
  PacketPtr p = pool.acquire();
  uint8_t* d = p->push_back(bytes);
  for (std::size_t i = 0; i < bytes; ++i) d[i] = static_cast<uint8_t>(i * 13 + n);
  Ipv4Fields f;
  f.total_length = static_cast<uint16_t>(bytes);
  f.protocol = 253;
  f.ttl = 64;
  f.src = {10, 1, 1, 1};
  f.dst = {10, 10, 0, static_cast<uint8_t>(n)};
  write_ipv4_header(d, f);
  return p;
}

std::vector<std::vector<uint8_t>> seal_all(unsigned threads) {
  PacketPool pool;
  std::vector<OutboundSa> sas;
  for (uint32_t i = 0; i < 3; ++i) sas.emplace_back(sa_config(0x100 + i, static_cast<uint8_t>(0x30 + i), i == 2));
  std::unique_ptr<CipherPool> workers;
  if (threads > 1) {
    workers = std::make_unique<CipherPool>(threads);
    for (auto& sa : sas) sa.ensure_lanes(threads);
  }
  std::vector<PacketPtr> packets;
  std::vector<CipherPool::Ticket> tickets;
  // More packets than a worker's ring holds, so that slots are reused.
  for (int n = 0; n < 3000; ++n) {
    PacketPtr p = inner(pool, 40 + static_cast<std::size_t>(n * 37 % 1400), n);
    DeferredSeal deferred;
    EXPECT_TRUE(sas[n % 3].seal(*p, {}, workers ? &deferred : nullptr));
    EXPECT_EQ(deferred.gcm != nullptr, threads > 1);
    if (deferred.gcm) tickets.push_back(workers->submit(deferred));
    packets.push_back(std::move(p));
  }
  // Settled out of submission order (odd ones first), then the rest by a drain.
  for (std::size_t i = 1; i < tickets.size(); i += 2) tickets[i].writer->settle(tickets[i].stamp);
  if (workers) workers->drain();
  std::vector<std::vector<uint8_t>> out;
  for (const auto& p : packets) out.emplace_back(p->bytes().begin(), p->bytes().end());
  return out;
}

TEST(CipherPool, WorkerSealsAreTheSynchronousBytes) {
  const auto synchronous = seal_all(1);
  EXPECT_EQ(seal_all(2), synchronous);
  EXPECT_EQ(seal_all(4), synchronous);
}

TEST(CipherPool, OneThreadIsRefused) { EXPECT_THROW(CipherPool(1), std::invalid_argument); }

TEST(CipherPool, FramingOnlyAndUdpOverIpv6SealInPlace) {
  // No cipher to defer in framing-only mode; UDP over IPv6 checksums the
  // ciphertext, so its seal runs the transform itself.
  PacketPool pool;
  OutboundSa framing(sa_config(0x200, 0x41, false), CipherMode::kFramingOnly);
  SaConfig v6 = sa_config(0x201, 0x42, false);
  v6.source = *IpAddress::parse("2001:db8::1");
  v6.destination = *IpAddress::parse("2001:db8::2");
  v6.udp_encap = UdpEncapsulation{};
  v6.udp_encap->destination_port = 4500;
  OutboundSa udp6(v6);
  for (OutboundSa* sa : {&framing, &udp6}) {
    PacketPtr p = inner(pool, 200, 1);
    DeferredSeal deferred;
    ASSERT_TRUE(sa->seal(*p, {}, &deferred));
    EXPECT_EQ(deferred.gcm, nullptr);
  }
}

}  // namespace
}  // namespace trio6sim::crypto
