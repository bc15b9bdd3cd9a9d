// UDP encapsulation of ESP on the chip's path (`security ike ...
// packet-encapsulation`, TechLibrary "Inline IPsec Multipath Forwarding with
// UDP Encapsulation" [T]): the engine adds the UDP header on encryption with
// a source port from the inner flow's hash in 49152-65535 and the configured
// destination port (default 500), the lookup steers ESP in UDP to 500 apart
// from IKE by its SPI, the engine strips the header on decryption, the two
// inbound drops are counted by cause, and a core aggregate hashes the outer
// ports so one tunnel spreads over its members.
#include <gtest/gtest.h>

#include <set>

#include "crypto/esp_format.h"
#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "harness.h"
#include "one_tunnel.h"
#include "packet/bytes.h"
#include "packet/ip_protocol.h"
#include "packet/parser.h"
#include "packet/udp.h"

namespace trio6sim::models {
namespace {

using test::Harness;
using test::ip;

constexpr uint16_t kDefaultPort = 500;  // the TechLibrary's default destination port [T]

using Tunnel = test::OneTunnel;

// The test tunnel whose SAs carry ESP in UDP to `port` (the source port left
// to the flow hash, as packet-encapsulation programs it); its inbound SPI
// steered to si-0/0/0.1 as the control plane programs every inbound SPI.
Tunnel build(Harness& h, uint16_t port) {
  Tunnel t = test::build_one_tunnel(h, [port](Tunnel& t) {
    t.out.udp_encap = t.in.udp_encap = crypto::UdpEncapsulation{0, port};
  });
  h.chip->steer_esp(t.in.spi, t.si_outside);
  return t;
}

// Encryption: ESP in UDP to the configured port, the source port
// 49152 + (inner flow hash mod 16384) [T]: one flow keeps one port, flows
// spread over the range; the peer opens every packet.
TEST(UdpEncap, EncryptAddsUdpWithTheSourcePortFromTheInnerFlowHash) {
  Harness h;
  Tunnel t = build(h, kDefaultPort);
  constexpr uint32_t kFlows = 64;
  for (uint32_t i = 0; i < 2 * kFlows; ++i)
    h.chip->inject(h.ipv4("10.1.1.1", "10.10.0.5", 300, 64, 0x9e3779b9u * (i % kFlows)), 12, i * 20'000);
  h.run();
  ASSERT_EQ(h.sent.size(), 2 * kFlows);
  std::set<uint16_t> ports;
  crypto::InboundSa peer(t.out);
  for (uint32_t i = 0; i < h.sent.size(); ++i) {
    const auto& b = h.sent[i].bytes;
    ASSERT_EQ(b.size(), 300 + crypto::esp_overhead_bytes(300, false, true));
    ASSERT_EQ(b[9], ipproto::kUdp);
    const uint16_t sport = load_be16(b.data() + 20), dport = load_be16(b.data() + 22);
    EXPECT_EQ(dport, kDefaultPort);
    EXPECT_GE(sport, 49152);
    EXPECT_EQ(sport, 49152 + (0x9e3779b9u * (i % kFlows)) % 16384);
    EXPECT_EQ(load_be16(b.data() + 24), b.size() - 20);  // UDP length
    ports.insert(sport);
    Packet q;
    ASSERT_TRUE(q.assign(b));
    ASSERT_TRUE(peer.open(q)) << i;
    EXPECT_EQ(q.size(), 300u);
  }
  EXPECT_GT(ports.size(), kFlows / 2);
  EXPECT_EQ(h.chip->ipsec_statistics(0).encrypted_packets, 2 * kFlows);
}

// Decryption on the default port, 500, which IKE shares: ESP in UDP whose
// first word is an inbound SA's SPI is steered to the engine, stripped and
// opened; IKE to 500 (any other first word) goes to the routing engine. The
// TechLibrary's inbound drops, by cause: plain ESP for a UDP SA (no UDP
// header), ESP in UDP to another port. Every packet is accounted for.
TEST(UdpEncap, DecryptStripsUdpOnTheDefaultPortAndDropsByCause) {
  Harness h;
  Tunnel t = build(h, kDefaultPort);
  auto sealed = [&](std::optional<crypto::UdpEncapsulation> udp, uint32_t flow) {
    crypto::SaConfig c = t.in;
    c.udp_encap = udp;
    c.next_sequence = flow;  // a fresh sequence number per packet: none is a replay
    crypto::OutboundSa peer(c);
    PacketPtr p = h.ipv4("10.99.0.1", "172.16.0.9", 200, 64, flow);
    EXPECT_TRUE(peer.seal(*p));
    return p;
  };
  h.chip->inject(sealed(crypto::UdpEncapsulation{0, kDefaultPort}, 1), 12, 0);
  h.chip->inject(sealed(crypto::UdpEncapsulation{0, kDefaultPort}, 2), 12, 100'000);
  h.chip->inject(sealed(std::nullopt, 3), 12, 200'000);                       // no UDP header
  h.chip->inject(sealed(crypto::UdpEncapsulation{0, 4600}, 4), 12, 300'000);  // another port
  // IKE_SA_INIT to 500: an initiator SPI in the first word, not an ESP SPI.
  PacketPtr ike = sealed(crypto::UdpEncapsulation{500, kDefaultPort}, 5);
  store_be32(ike->data() + 28, 0x1234abcd);
  h.chip->inject(std::move(ike), 12, 400'000);
  h.run();
  ASSERT_EQ(h.sent.size(), 2u);
  for (const auto& e : h.sent) {
    EXPECT_EQ(e.port, 13);
    EXPECT_EQ(e.bytes.size(), 200u);  // the inner packet, UDP and ESP stripped
  }
  const auto s = h.chip->ipsec_statistics(0);
  EXPECT_EQ(s.decrypted_packets, 2u);
  EXPECT_EQ(s.udp_encap_mismatches, 2u);
  EXPECT_EQ(h.drops(DropCause::kEspUdpHeaderMissing), 1u);
  EXPECT_EQ(h.drops(DropCause::kEspUdpEncapMismatch), 1u);
  EXPECT_EQ(h.chip->counters(t.st0).input_packets, 2u);
  const auto& tr = h.chip->traffic();
  EXPECT_EQ(tr.delivered_to_host_packets, 1u);  // the IKE packet
  EXPECT_EQ(tr.offered_packets, tr.delivered_packets + tr.delivered_to_host_packets + tr.drops.total());
}

// A transit router's aggregate (P1's ae1 in blog-udp-encap.yaml): the hash
// of the outer header takes ESP in UDP's ports, so one tunnel's flows spread
// over both members; plain ESP, one SPI between two fixed addresses, stays
// on one member whatever the inner flow.
TEST(UdpEncap, TransitAggregateSpreadsEspInUdpAndKeepsPlainEspOnOneMember) {
  auto members_used = [](bool udp) {
    Harness h;
    h.chip->add_physical_interface("et-0/0/12", 12);
    const IfIndex m0 = h.chip->add_physical_interface("et-0/0/13", 13);
    const IfIndex m1 = h.chip->add_physical_interface("et-0/0/14", 14);
    const IfIndex ae = h.chip->add_aggregate_interface("ae1", {m0, m1});
    h.chip->add_route(ip("198.51.100.0"), 24, NextHop::interface(ae));
    crypto::SaConfig c;
    c.spi = 0x303;
    c.key = std::vector<uint8_t>(32, 0x33);
    c.source = ip("192.0.2.1");
    c.destination = ip("198.51.100.1");
    if (udp) c.udp_encap = crypto::UdpEncapsulation{0, 4600};
    crypto::OutboundSa tunnel(c);
    ParseOptions po;
    po.verify_ipv4_checksum = false;
    for (uint32_t i = 0; i < 64; ++i) {
      PacketPtr p = h.ipv4("10.1.1.1", "10.10.0.5", 300, 64, 0x9e3779b9u * i);
      EXPECT_TRUE(tunnel.seal(*p));
      // As a link hands a frame to the next router: that router's own hash.
      p->meta.flow_hash = parse_l3(p->bytes(), L3Family::kUnknown, po)->flow_hash;
      h.chip->inject(std::move(p), 12, i * 20'000);
    }
    h.run();
    EXPECT_EQ(h.chip->counters(ae).output_packets, 64u);
    return std::pair{h.chip->counters(m0).output_packets, h.chip->counters(m1).output_packets};
  };
  const auto [udp0, udp1] = members_used(true);
  EXPECT_GT(udp0, 16u);
  EXPECT_GT(udp1, 16u);
  const auto [esp0, esp1] = members_used(false);
  EXPECT_TRUE(esp0 == 0 || esp1 == 0) << esp0 << " " << esp1;
}

}  // namespace
}  // namespace trio6sim::models
