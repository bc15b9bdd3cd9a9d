// The flow hash: known CRC-32C answers, determinism, documented symmetry,
// and that it spreads flows evenly enough to balance on.
#include <gtest/gtest.h>

#include <array>
#include <string_view>

#include "packet/flow_hash.h"

namespace trio6sim {
namespace {

FlowKey key(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport, uint8_t proto = 17) {
  FlowKey k;
  k.src = IpAddress::v4(src);
  k.dst = IpAddress::v4(dst);
  k.protocol = proto;
  k.src_port = sport;
  k.dst_port = dport;
  return k;
}

TEST(FlowHash, Crc32cCheckValue) {
  // The CRC catalogue's check value for CRC-32C (also RFC 3720 B.4).
  constexpr std::string_view kCheck = "123456789";
  EXPECT_EQ(crc32c({reinterpret_cast<const uint8_t*>(kCheck.data()), kCheck.size()}), 0xe3069283u);
  // 32 bytes of zeros, RFC 3720 appendix B.4: 0x8a9136aa.
  std::array<uint8_t, 32> zeros{};
  EXPECT_EQ(crc32c(zeros), 0x8a9136aau);
  // Chaining: the CRC of a concatenation equals the CRC continued.
  EXPECT_EQ(crc32c(std::span<const uint8_t>(zeros).subspan(7), crc32c(std::span<const uint8_t>(zeros).first(7))),
            crc32c(zeros));
}

TEST(FlowHash, Crc32cInstructionEqualsTheTable) {
  // crc32c() takes SSE4.2's instruction where there is one: the same values
  // as the table (crc32c_portable) for every length 0..64 (the eight-byte
  // steps and the byte tail), offset and seed.
  constexpr std::string_view kCheck = "123456789";
  EXPECT_EQ(crc32c_portable({reinterpret_cast<const uint8_t*>(kCheck.data()), kCheck.size()}), 0xe3069283u);
  std::array<uint8_t, 80> bytes{};
  uint32_t x = 0x12345678;
  for (auto& b : bytes) b = static_cast<uint8_t>((x = x * 1664525u + 1013904223u) >> 24);
  for (std::size_t offset = 0; offset < 8; ++offset)
    for (std::size_t n = 0; n <= 64; ++n)
      for (uint32_t seed : {0u, 7u, 0xffffffffu}) {
        const auto s = std::span<const uint8_t>(bytes).subspan(offset, n);
        ASSERT_EQ(crc32c(s, seed), crc32c_portable(s, seed)) << "offset " << offset << " length " << n;
      }
}

TEST(FlowHash, KnownAnswerPinsTheFunction) {
  // Computed independently in Python from the documented definition:
  // fmix32(crc32c(bytes([4]) + 192.0.2.1 + 12 zero bytes + 198.51.100.1 +
  // 12 zero bytes + bytes([6]) + be16(1024) + be16(80) + be32(0))). Any change
  // to the key image, the CRC or the finalizer breaks reproducibility here.
  const uint32_t h = flow_hash(key(0xc0000201, 0xc6336401, 1024, 80, 6));
  EXPECT_EQ(h, flow_hash(key(0xc0000201, 0xc6336401, 1024, 80, 6)));
  EXPECT_EQ(h, 1590627335u);
}

TEST(FlowHash, DeterministicAndSeedDependent) {
  const FlowKey k = key(0x0a000001, 0x0a000002, 1000, 2000);
  EXPECT_EQ(flow_hash(k, {.seed = 7}), flow_hash(k, {.seed = 7}));
  EXPECT_NE(flow_hash(k, {.seed = 7}), flow_hash(k, {.seed = 8}));
}

TEST(FlowHash, EveryFieldMatters) {
  const FlowKey base = key(0x0a000001, 0x0a000002, 1000, 2000);
  const uint32_t h = flow_hash(base);
  FlowKey k = base;
  k.src = IpAddress::v4(0x0a000003);
  EXPECT_NE(flow_hash(k), h);
  k = base;
  k.protocol = 6;
  EXPECT_NE(flow_hash(k), h);
  k = base;
  k.src_port = 1001;
  EXPECT_NE(flow_hash(k), h);
  k = base;
  k.spi = 1;
  EXPECT_NE(flow_hash(k), h);
  // IPv4 a.b.c.d and the IPv6 address with the same first bytes differ.
  uint8_t v6[16] = {10, 0, 0, 1};
  k = base;
  k.src = IpAddress::v6(v6);
  EXPECT_NE(flow_hash(k), h);
}

TEST(FlowHash, SymmetricOptionMakesBothDirectionsEqual) {
  const FlowKey ab = key(0x0a000001, 0x0a000002, 1000, 2000);
  const FlowKey ba = key(0x0a000002, 0x0a000001, 2000, 1000);
  EXPECT_NE(flow_hash(ab), flow_hash(ba));
  EXPECT_EQ(flow_hash(ab, {.symmetric = true}), flow_hash(ba, {.symmetric = true}));
}

TEST(FlowHash, SpreadsSequentialFlowsEvenlyOverMembers) {
  // 64k flows differing only in the source port over 16 members: each
  // member's share within 5% of the mean (a CRC alone on such keys is linear;
  // fmix32 is what makes the low bits usable).
  constexpr int kMembers = 16;
  constexpr int kFlows = 65536;
  std::array<int, kMembers> count{};
  for (int p = 0; p < kFlows; ++p) ++count[flow_hash(key(0x0a000001, 0x0a000002, static_cast<uint16_t>(p), 4789)) % kMembers];
  for (int c : count) EXPECT_NEAR(c, kFlows / kMembers, kFlows / kMembers / 20);
}

}  // namespace
}  // namespace trio6sim
