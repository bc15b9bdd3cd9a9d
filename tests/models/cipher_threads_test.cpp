// The outbound cipher on worker threads (IpsecEngineParams::cipher_threads,
// crypto/cipher_pool.h): a chip carrying many packets both ways through a
// tunnel, some cut to the tunnel MTU, some dropped (DF, queues), forgeries
// among the inbound ones, gives the same frames, times, counters and drops
// with 1 (synchronous), 2 and 4 threads (issue 20).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/esp_outbound.h"
#include "harness.h"
#include "one_tunnel.h"

namespace trio6sim::models {
namespace {

using test::Harness;
using test::ip;

// What a run shows: every frame sent (port, time, bytes), the engine's
// counters and the chip's drops by cause.
struct Outcome {
  std::vector<test::Egress> sent;
  std::vector<uint64_t> counters;
  std::vector<uint64_t> drops;
};

Outcome run(unsigned threads) {
  Trio6Params params;
  params.ipsec.cipher_threads = threads;
  Harness h(params);
  const test::OneTunnel t = test::build_one_tunnel(h, [](test::OneTunnel& t) {
    t.out.tunnel_mtu = 1000;  // larger inner IPv4 packets are cut in two
  });
  const crypto::SaConfig& in = t.in;

  crypto::OutboundSa peer(in);  // the far end, sealing what this chip opens
  for (int n = 0; n < 3000; ++n) {
    const uint64_t t = static_cast<uint64_t>(n) * 30000;  // 30 ns apart: queues fill at times
    const std::size_t bytes = 46 + static_cast<std::size_t>(n * 389 % 1400);
    if (n % 4 == 3) {  // inbound ESP, every third of them forged
      PacketPtr p = h.ipv4("10.99.0.1", "172.16.0.9", bytes, 64, static_cast<uint32_t>(n));
      EXPECT_TRUE(peer.seal(*p));
      if (n % 3 == 0) p->data()[p->size() - 1 - static_cast<std::size_t>(n % 16)] ^= 1;
      h.chip->inject(std::move(p), 13, t);
    } else {  // into the tunnel; every 23rd with DF (dropped when too large)
      PacketPtr p = h.ipv4("10.1.1.1", "10.10.0.5", bytes, 64, static_cast<uint32_t>(n));
      for (std::size_t i = kIpv4HeaderBytes; i < bytes; ++i) p->data()[i] = static_cast<uint8_t>(i * 7 + n);
      Ipv4View v(p->data());
      v.set_df(n % 23 == 0);
      v.update_checksum();
      h.chip->inject(std::move(p), 12, t);
    }
  }
  h.run();
  Outcome o;
  o.sent = std::move(h.sent);
  const auto s = h.chip->ipsec_statistics(0);
  for (const auto& c : crypto::kIpsecCounters) o.counters.push_back(s.*c.field);
  for (std::size_t c = 0; c < static_cast<std::size_t>(DropCause::kCount); ++c)
    o.drops.push_back(h.drops(static_cast<DropCause>(c)));
  return o;
}

TEST(CipherThreads, OutputsAreTheSynchronousRunsWhateverTheCount) {
  const Outcome one = run(1);
  // The run exercises what it claims: sealed packets, fragments, forgeries, DF drops.
  EXPECT_GT(one.counters[0], 2000u);  // encrypted_packets, fragments included
  EXPECT_GT(one.counters[1], 300u);   // decrypted_packets
  EXPECT_GT(one.drops[static_cast<std::size_t>(DropCause::kEspAuthenticationFailure)], 100u);
  EXPECT_GT(one.drops[static_cast<std::size_t>(DropCause::kEspFragmentNeeded)], 10u);
  for (unsigned threads : {2u, 4u}) {
    const Outcome other = run(threads);
    EXPECT_EQ(other.counters, one.counters) << threads << " threads";
    EXPECT_EQ(other.drops, one.drops) << threads << " threads";
    ASSERT_EQ(other.sent.size(), one.sent.size()) << threads << " threads";
    for (std::size_t i = 0; i < one.sent.size(); ++i) {
      ASSERT_EQ(other.sent[i].port, one.sent[i].port) << "frame " << i << ", " << threads << " threads";
      ASSERT_EQ(other.sent[i].last_bit_ps, one.sent[i].last_bit_ps) << "frame " << i << ", " << threads << " threads";
      ASSERT_EQ(other.sent[i].bytes, one.sent[i].bytes) << "frame " << i << ", " << threads << " threads";
    }
  }
}

}  // namespace
}  // namespace trio6sim::models
