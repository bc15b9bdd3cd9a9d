// IKEv2 NAT traversal (RFC 7296 2.23, RFC 3948) between two daemons: with no
// NAT nothing floats (the wire stays on UDP 500, byte for byte as before);
// with a port-translating NAT in front of PE1 both sides detect it from the
// NAT_DETECTION notifies, the initiator floats to UDP 4500 after
// IKE_SA_INIT, the responder follows to the port the NAT chose, rekeys stay
// there, and the Child SAs are ESP in UDP on those ports.
#include <gtest/gtest.h>

#include "control/ike_daemon.h"
#include "crypto/ikev2/ike_message.h"
#include "ike_pair.h"

namespace trio6sim::control {
namespace {

using namespace ike_pair;
namespace ik = crypto::ikev2;

// PE1's NAT: its ports 500 and 4500 leave as 40500 and 44500.
constexpr uint16_t kNatIke = 40500, kNatNatT = 44500;
void napt(int side, IkeDatagram& d) {
  if (side == 0) {
    d.source_port = d.source_port == 500 ? kNatIke : d.source_port == 4500 ? kNatNatT : d.source_port;
  } else {
    d.destination_port = d.destination_port == kNatIke ? 500 : d.destination_port == kNatNatT ? 4500 : d.destination_port;
  }
}

TEST(IkeNatTraversal, WithoutANatNothingFloats) {
  Pair p;
  p.start();
  p.run_until(1 * kS);
  ASSERT_TRUE(p.status(0).up && p.status(1).up);
  for (int s = 0; s < 2; ++s) {
    EXPECT_FALSE(p.status(s).ike->nat_detected);
    EXPECT_EQ(p.status(s).ike->local_port, 500);
    EXPECT_EQ(p.status(s).ike->remote_port, 500);
  }
  for (const auto& sent : p.log) {
    EXPECT_EQ(sent.datagram.source_port, 500);
    EXPECT_EQ(sent.datagram.destination_port, 500);
  }
  for (const auto& e : p.programming) EXPECT_FALSE(e.p.sa.udp_encap.has_value());
}

TEST(IkeNatTraversal, BehindANatBothSidesFloatToUdp4500) {
  VpnSettings a = vpn("13.10.1.1", "13.10.2.2"), b = vpn("13.10.2.2", "13.10.1.1");
  a.ipsec_lifetime_s = b.ipsec_lifetime_s = 180;  // Junos' shortest: a Child rekey within the run
  a.ike_lifetime_s = b.ike_lifetime_s = 180;
  Pair p(a, b);
  p.translate = napt;
  p.start();
  p.run_until(200 * kS);
  ASSERT_TRUE(p.status(0).up) << p.status(0).down_reason;
  ASSERT_TRUE(p.status(1).up) << p.status(1).down_reason;
  const IkeSaView& pe1 = *p.status(0).ike;
  const IkeSaView& pe2 = *p.status(1).ike;
  EXPECT_TRUE(pe1.nat_detected);
  EXPECT_TRUE(pe2.nat_detected);
  EXPECT_EQ(pe1.local_port, 4500);
  EXPECT_EQ(pe1.remote_port, 4500);
  EXPECT_EQ(pe2.local_port, 4500);
  EXPECT_EQ(pe2.remote_port, kNatNatT);  // where the NAT put PE1's 4500
  EXPECT_GE(p.status(0).child_rekeys + p.status(1).child_rekeys, 1u);
  EXPECT_GE(p.status(0).ike_rekeys + p.status(1).ike_rekeys, 1u);
  // IKE_SA_INIT on 500 (PE1's request, PE2's answer), everything after it on 4500.
  ASSERT_GE(p.log.size(), 4u);
  for (std::size_t i = 0; i < p.log.size(); ++i) {
    const IkeDatagram& d = p.log[i].datagram;
    const auto header = ik::peek_header(d.payload);
    ASSERT_TRUE(header);
    const bool init = header->exchange == ik::ExchangeType::kIkeSaInit;
    EXPECT_EQ(d.source_port, init ? 500 : 4500) << "message " << i;
    if (p.log[i].side == 0) EXPECT_EQ(d.destination_port, init ? 500 : 4500) << "message " << i;
    else EXPECT_EQ(d.destination_port, init ? kNatIke : kNatNatT) << "message " << i;
  }
  // ESP in UDP on the IKE SA's ports, both ways and through the rekeys.
  std::size_t programmed = 0;
  for (const auto& e : p.programming) {
    if (e.p.kind != SaProgramming::Kind::kInstallInbound && e.p.kind != SaProgramming::Kind::kInstallOutbound) continue;
    ++programmed;
    ASSERT_TRUE(e.p.sa.udp_encap.has_value());
    const bool out = e.p.kind == SaProgramming::Kind::kInstallOutbound;
    const uint16_t peer_port = e.side == 0 ? 4500 : kNatNatT;
    EXPECT_EQ(e.p.sa.udp_encap->source_port, out ? 4500 : peer_port);
    EXPECT_EQ(e.p.sa.udp_encap->destination_port, out ? peer_port : 4500);
  }
  EXPECT_GE(programmed, 8u);  // two pairs per side at least (IKE_AUTH's and a rekey's)
}

// packet-encapsulation (TechLibrary [T]) with no NAT: IKE stays on 500 and
// every Child SA is ESP in UDP to the configured port, its source port left
// to the inner flow's hash (0).
TEST(IkeNatTraversal, PacketEncapsulationWithoutANatIsEspInUdpToItsPort) {
  VpnSettings a = vpn("13.10.1.1", "13.10.2.2"), b = vpn("13.10.2.2", "13.10.1.1");
  a.udp_encap_port = b.udp_encap_port = 4600;
  Pair p(a, b);
  p.start();
  p.run_until(1 * kS);
  ASSERT_TRUE(p.status(0).up && p.status(1).up);
  for (const auto& sent : p.log) EXPECT_EQ(sent.datagram.destination_port, 500);
  std::size_t programmed = 0;
  for (const auto& e : p.programming) {
    if (e.p.kind != SaProgramming::Kind::kInstallInbound && e.p.kind != SaProgramming::Kind::kInstallOutbound) continue;
    ++programmed;
    ASSERT_TRUE(e.p.sa.udp_encap.has_value());
    EXPECT_EQ(e.p.sa.udp_encap->source_port, 0);
    EXPECT_EQ(e.p.sa.udp_encap->destination_port, 4600);
  }
  EXPECT_EQ(programmed, 4u);
}

// "Detection of a NAT device between IPsec peers takes precedence over UDP
// encapsulation configuration" [T]: behind a NAT the Child SAs take NAT-T's
// ports, not the configured one.
TEST(IkeNatTraversal, ANatTakesPrecedenceOverPacketEncapsulation) {
  VpnSettings a = vpn("13.10.1.1", "13.10.2.2"), b = vpn("13.10.2.2", "13.10.1.1");
  a.udp_encap_port = b.udp_encap_port = 4600;
  Pair p(a, b);
  p.translate = napt;
  p.start();
  p.run_until(1 * kS);
  ASSERT_TRUE(p.status(0).up && p.status(1).up);
  for (const auto& e : p.programming) {
    if (e.p.kind != SaProgramming::Kind::kInstallInbound && e.p.kind != SaProgramming::Kind::kInstallOutbound) continue;
    ASSERT_TRUE(e.p.sa.udp_encap.has_value());
    EXPECT_NE(e.p.sa.udp_encap->destination_port, 4600);
  }
}

}  // namespace
}  // namespace trio6sim::control
