// A router of several chips (models/mx304.h): packets that cross the chassis
// fabric, aggregates with members on two LMICs, st0 tunnels and outside si
// units anchored on another chip, labeled (6PE) packets through ESP, and the
// router's configuration errors.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "harness.h"
#include "models/chassis_fabric.h"
#include "models/mx304.h"
#include "models/units.h"
#include "packet/ip_protocol.h"

namespace trio6sim::models {
namespace {

using test::Egress;
using test::Harness;
using test::ip;
using test::make_ipv4;
using test::make_ipv6;

std::vector<uint8_t> bytes_of(const Packet& p) { return {p.bytes().begin(), p.bytes().end()}; }

// An MX304 with LMICs 0 and 1 (chip indexes 0 and 1) and what left each
// chip's ports.
struct Router {
  explicit Router(const Trio6Params& params = {}, std::vector<int> lmics = {0, 1}) {
    fresh_simulation_context();
    mx = std::make_unique<Mx304>("mx304", lmics, params);
    sent.resize(mx->chip_count());
    for (std::size_t c = 0; c < mx->chip_count(); ++c)
      mx->chip(static_cast<int>(c)).set_egress_observer([this, c](const Packet& p, int port, uint64_t t) {
        sent[c].push_back({bytes_of(p), port, t});
      });
  }
  ~Router() { mx.reset(); }
  Trio6& chip(int i) { return mx->chip(i); }
  void run() { run_until_drained(*mx); }

  // Whole-router and per-chip conservation once everything has settled.
  void expect_conserved() {
    EXPECT_EQ(mx->in_flight(), 0u);
    EXPECT_EQ(mx->offered_packets() + mx->from_host_packets(),
              mx->delivered_packets() + mx->delivered_to_host_packets() + mx->drops().total() + mx->in_flight());
    for (std::size_t c = 0; c < mx->chip_count(); ++c) {
      const TrafficStatistics& t = mx->chip(static_cast<int>(c)).traffic();
      EXPECT_EQ(t.offered_packets + t.from_host_packets + t.from_chassis_packets,
                t.delivered_packets + t.delivered_to_host_packets + t.to_chassis_packets + t.drops.total())
          << "chip " << c;
    }
  }

  std::unique_ptr<Mx304> mx;
  std::vector<std::vector<Egress>> sent;  // per chip
};

uint64_t chassis_packets(const Mx304& mx) {
  uint64_t n = 0;
  for (std::size_t c = 0; c < mx.chip_count(); ++c)
    for (int pfe = 0; pfe < kSlices; ++pfe) n += mx.chassis_fabric().queue(static_cast<int>(c), pfe).counters().packets;
  return n;
}

// ---------------------------------------------------------------- 1. a port on another LMIC

TEST(Mx304, PacketCrossesTheChassisToAPortOfAnotherLmic) {
  Trio6Params params;
  Router r(params);
  constexpr int kIn = 12, kOut = 13;
  const int c0 = r.mx->chip_index(0), c1 = r.mx->chip_index(1);
  Trio6& a = r.chip(c0);
  Trio6& b = r.chip(c1);
  a.add_physical_interface("et-0/0/12", kIn);
  const IfIndex local_out = a.add_physical_interface("et-0/0/13", kOut);
  const IfIndex far_out = b.add_physical_interface("et-1/0/13", kOut);
  const IfIndex remote = a.add_remote_interface("et-1/0/13", c1, far_out);
  a.add_route(ip("10.1.0.0"), 16, NextHop::interface(local_out));  // the single-chip case
  a.add_route(ip("10.2.0.0"), 16, NextHop::interface(remote));
  EXPECT_EQ(a.interface(remote).kind, InterfaceKind::kRemote);

  constexpr std::size_t kBytes = 400;
  constexpr uint64_t kLocalAt = 0, kRemoteAt = 1'000'000;  // 1 us apart: the paths are idle for each
  a.inject(make_ipv4(a.pool(), "1.1.1.1", "10.1.0.1", kBytes), kIn, kLocalAt);
  a.inject(make_ipv4(a.pool(), "1.1.1.1", "10.2.0.1", kBytes), kIn, kRemoteAt);
  r.run();

  ASSERT_EQ(r.sent[c0].size(), 1u);
  ASSERT_EQ(r.sent[c1].size(), 1u);
  EXPECT_EQ(r.sent[c1][0].port, kOut);
  EXPECT_EQ(Ipv4ConstView(r.sent[c1][0].bytes.data()).ttl(), 63);
  EXPECT_TRUE(Ipv4ConstView(r.sent[c1][0].bytes.data()).checksum_ok());
  EXPECT_EQ(b.counters(far_out).output_packets, 1u);
  EXPECT_EQ(a.counters(local_out).output_packets, 1u);

  // The chassis queue of (chip 1, the PFE of its port) moved, and no other.
  const int pfe = b.slice_of_interface(far_out);
  EXPECT_EQ(pfe, slice_of_port(kOut));
  const FabricQueue& q = r.mx->chassis_fabric().queue(c1, pfe);
  EXPECT_EQ(q.counters().packets, 1u);
  EXPECT_EQ(q.counters().cells, q.cells_for(kBytes + kEthernetHeaderBytes));
  EXPECT_EQ(chassis_packets(*r.mx), 1u);

  // The ingress chip's slice-to-slice fabric was not used: both egress ports
  // are on the ingress port's PFE.
  const uint64_t local_latency = r.sent[c0][0].last_bit_ps - kLocalAt;
  const uint64_t remote_latency = r.sent[c1][0].last_bit_ps - kRemoteAt;
  EXPECT_GE(remote_latency, local_latency + uint64_t{params.fabric.latency_ns} * kPsPerNs);

  EXPECT_EQ(a.traffic().to_chassis_packets, 1u);
  EXPECT_EQ(b.traffic().from_chassis_packets, 1u);
  EXPECT_EQ(r.mx->offered_packets(), 2u);
  EXPECT_EQ(r.mx->delivered_packets(), 2u);
  r.expect_conserved();
}

TEST(Mx304, RemoteInterfaceNamingAMissingChipIsDroppedAndConserved) {
  Router r;
  Trio6& a = r.chip(0);
  a.add_physical_interface("et-0/0/12", 12);
  const IfIndex nowhere = a.add_remote_interface("et-2/0/0", 2, 1);  // LMIC 2 is not populated
  a.add_route(ip("10.0.0.0"), 8, NextHop::interface(nowhere));
  a.inject(make_ipv4(a.pool(), "1.1.1.1", "10.0.0.1"), 12, 0);
  r.run();
  EXPECT_EQ(r.mx->drops()[DropCause::kInterfaceDown], 1u);
  r.expect_conserved();
}

// ---------------------------------------------------------------- 2. an aggregate over two LMICs

TEST(Mx304, AggregateWithALocalAndARemoteMemberSpreadsFlowsOverBoth) {
  Router r;
  Trio6& a = r.chip(0);
  Trio6& b = r.chip(1);
  // Every chip holds the whole forwarding state: the bundle on both.
  a.add_physical_interface("et-0/0/12", 12);
  const IfIndex a_local = a.add_physical_interface("et-0/0/13", 13);
  const IfIndex a_other = a.add_physical_interface("et-0/0/14", 14);
  const IfIndex b_local = b.add_physical_interface("et-1/0/13", 13);
  const IfIndex b_other = b.add_physical_interface("et-1/0/14", 14);
  const IfIndex a_remote = a.add_remote_interface("et-1/0/13", 1, b_local);
  const IfIndex b_remote = b.add_remote_interface("et-0/0/13", 0, a_local);
  const IfIndex a_ae = a.add_aggregate_interface("ae0", {a_local, a_remote});
  const IfIndex b_ae = b.add_aggregate_interface("ae0", {b_remote, b_local});
  EXPECT_EQ(a.interface(a_local).parent, a_ae);
  EXPECT_EQ(a.interface(a_remote).parent, a_ae);
  EXPECT_EQ(b.interface(b_local).parent, b_ae);
  a.add_route(ip("10.0.0.0"), 8, NextHop::interface(a_ae));
  a.add_route(ip("192.168.0.0"), 16, NextHop::interface(a_other));
  b.add_route(ip("192.168.0.0"), 16, NextHop::interface(b_other));

  constexpr uint32_t kFlows = 64;
  for (uint32_t i = 0; i < kFlows; ++i)
    a.inject(make_ipv4(a.pool(), "1.1.1.1", "10.0.0.1", 100, 64, /*flow=*/i), 12, i * 10000);
  // Into a member port of each chip: the bundle counts its input.
  constexpr uint32_t kIntoMember = 5;
  for (uint32_t i = 0; i < kIntoMember; ++i) {
    a.inject(make_ipv4(a.pool(), "2.2.2.2", "192.168.0.1"), 13, 2'000'000 + i * 10000);
    b.inject(make_ipv4(b.pool(), "2.2.2.2", "192.168.0.1"), 13, 2'000'000 + i * 10000);
  }
  r.run();

  // Both members carried flows; every packet left once.
  uint64_t on_a = 0, on_b = 0;
  for (const auto& e : r.sent[0]) on_a += e.port == 13;
  for (const auto& e : r.sent[1]) on_b += e.port == 13;
  EXPECT_GT(on_a, 0u);
  EXPECT_GT(on_b, 0u);
  EXPECT_EQ(on_a + on_b, kFlows);
  EXPECT_EQ(a.counters(a_local).output_packets + b.counters(b_local).output_packets, kFlows);
  // The aggregate's output counters, over both chips, are what was sent to it.
  EXPECT_EQ(a.counters(a_ae).output_packets + b.counters(b_ae).output_packets, kFlows);
  EXPECT_EQ(a.counters(a_ae).output_packets, on_a);
  EXPECT_EQ(b.counters(b_ae).output_packets, on_b);
  EXPECT_EQ(r.mx->chassis_fabric().queue(1, b.slice_of_interface(b_local)).counters().packets, on_b);

  // Input on a member port counts on the member and on its bundle.
  EXPECT_EQ(a.counters(a_local).input_packets, kIntoMember);
  EXPECT_EQ(a.counters(a_ae).input_packets, kIntoMember);
  EXPECT_EQ(b.counters(b_local).input_packets, kIntoMember);
  EXPECT_EQ(b.counters(b_ae).input_packets, kIntoMember);
  EXPECT_EQ(a.counters(a_ae).input_bytes, a.counters(a_local).input_bytes);
  EXPECT_EQ(a.counters(a_other).output_packets + b.counters(b_other).output_packets, 2 * kIntoMember);
  r.expect_conserved();
}

TEST(Mx304, AFlowKeepsItsMemberAcrossChips) {
  Router r;
  Trio6& a = r.chip(0);
  Trio6& b = r.chip(1);
  a.add_physical_interface("et-0/0/12", 12);
  const IfIndex a_local = a.add_physical_interface("et-0/0/13", 13);
  const IfIndex b_local = b.add_physical_interface("et-1/0/13", 13);
  const IfIndex a_remote = a.add_remote_interface("et-1/0/13", 1, b_local);
  const IfIndex a_ae = a.add_aggregate_interface("ae0", {a_local, a_remote});
  a.add_route(ip("10.0.0.0"), 8, NextHop::interface(a_ae));
  constexpr uint32_t kFlows = 8, kRounds = 6;
  std::vector<int> chip_of_flow(kFlows, -1);
  for (uint32_t i = 0; i < kFlows * kRounds; ++i) {
    PacketPtr p = make_ipv4(a.pool(), "1.1.1.1", "10.0.0.1", 100, 64, i % kFlows);
    p->meta.id = i;
    a.inject(std::move(p), 12, i * 10000);
  }
  bool stable = true;
  for (int c = 0; c < 2; ++c)
    r.chip(c).set_egress_observer([&, c](const Packet& p, int, uint64_t) {
      int& seen = chip_of_flow[p.meta.id % kFlows];
      if (seen != -1 && seen != c) stable = false;
      seen = c;
    });
  r.run();
  EXPECT_TRUE(stable);
  EXPECT_EQ(a.counters(a_local).output_packets + b.counters(b_local).output_packets, kFlows * kRounds);
  r.expect_conserved();
}

// ---------------------------------------------------------------- 3. IPsec anchored on another LMIC

crypto::SaConfig sa_config(uint32_t spi, uint8_t key_byte, const char* local, const char* remote) {
  crypto::SaConfig c;
  c.spi = spi;
  c.key = std::vector<uint8_t>(32, key_byte);
  c.salt = 0x01020304u + key_byte;
  c.source = ip(local);
  c.destination = ip(remote);
  return c;
}

// The tunnel of chip 1, on si-F/P/2 (PFE 1): st0.1 with an SA pair, gateway
// 192.0.2.1, peer 198.51.100.1.
struct RemoteTunnel {
  crypto::SaConfig out = sa_config(0x1101, 0x11, "192.0.2.1", "198.51.100.1");
  crypto::SaConfig in = sa_config(0x2202, 0x22, "198.51.100.1", "192.0.2.1");
  static constexpr int kSi = 2;
  IfIndex st0 = 0, inside = 0, outside = 0;
};

RemoteTunnel anchor_tunnel(Trio6& chip) {
  RemoteTunnel t;
  const int pfe = slice_of_si(RemoteTunnel::kSi);
  t.inside = chip.add_si_unit(pfe, RemoteTunnel::kSi, 0);
  t.outside = chip.add_si_unit(pfe, RemoteTunnel::kSi, 1);
  const uint32_t ss = chip.add_service_set("ss-lmic1", t.inside, t.outside);
  t.st0 = chip.add_st0_unit(1);
  const uint32_t o = chip.add_sa(t.out, SaDirection::kOutbound, pfe);
  const uint32_t i = chip.add_sa(t.in, SaDirection::kInbound, pfe);
  chip.bind_tunnel(t.st0, ss, o, i);
  return t;
}

TEST(Mx304, EncryptsThroughAnSt0UnitAnchoredOnAnotherLmic) {
  Router r;
  Trio6& a = r.chip(0);
  Trio6& b = r.chip(1);
  const RemoteTunnel t = anchor_tunnel(b);
  a.add_physical_interface("et-0/0/12", 12);
  const IfIndex a_wan = a.add_physical_interface("et-0/0/13", 13);
  const IfIndex st0_remote = a.add_remote_interface("st0.1", 1, t.st0);
  a.add_route(ip("10.10.0.0"), 16, NextHop::st0(st0_remote));
  // After encryption chip 1 routes the ESP to the peer through a port of chip 0.
  const IfIndex b_to_a_wan = b.add_remote_interface("et-0/0/13", 0, a_wan);
  b.add_route(ip("198.51.100.1"), 32, NextHop::interface(b_to_a_wan));

  constexpr std::size_t kBytes = 300;
  a.inject(make_ipv4(a.pool(), "10.1.1.1", "10.10.0.5", kBytes, 64), 12, 0);
  r.run();

  ASSERT_EQ(r.sent[0].size(), 1u);
  EXPECT_TRUE(r.sent[1].empty());
  EXPECT_EQ(r.sent[0][0].port, 13);
  Packet esp;
  ASSERT_TRUE(esp.assign(r.sent[0][0].bytes));
  crypto::InboundSa peer(t.out);
  ASSERT_TRUE(peer.open(esp));
  EXPECT_EQ(peer.last_next_header(), ipproto::kIpv4);
  PacketPool pool;
  PacketPtr expected = make_ipv4(pool, "10.1.1.1", "10.10.0.5", kBytes, 63);
  EXPECT_EQ(bytes_of(esp), bytes_of(*expected));

  EXPECT_EQ(b.counters(t.st0).output_packets, 1u);
  EXPECT_EQ(b.ipsec_statistics(slice_of_si(RemoteTunnel::kSi)).encrypted_packets, 1u);
  EXPECT_EQ(r.mx->ipsec_statistics().encrypted_packets, 1u);
  // Out to chip 1's anchor PFE, and back to chip 0's port.
  EXPECT_EQ(r.mx->chassis_fabric().queue(1, slice_of_si(RemoteTunnel::kSi)).counters().packets, 1u);
  EXPECT_EQ(r.mx->chassis_fabric().queue(0, slice_of_port(13)).counters().packets, 1u);
  r.expect_conserved();
}

TEST(Mx304, DecryptsOnAnOutsideSiUnitOfAnotherLmic) {
  Router r;
  Trio6& a = r.chip(0);
  Trio6& b = r.chip(1);
  const RemoteTunnel t = anchor_tunnel(b);
  a.add_physical_interface("et-0/0/12", 12);
  const IfIndex si_remote = a.add_remote_interface("si-1/0/2.1", 1, t.outside);
  a.add_route(ip("192.0.2.1"), 32, NextHop::si_outside(si_remote));
  const IfIndex b_out = b.add_physical_interface("et-1/0/13", 13);
  b.add_route(ip("172.16.0.0"), 12, NextHop::interface(b_out));

  constexpr std::size_t kBytes = 200;
  crypto::OutboundSa peer(t.in);
  PacketPtr p = make_ipv4(a.pool(), "10.99.0.1", "172.16.0.9", kBytes, 64);
  ASSERT_TRUE(peer.seal(*p));
  a.inject(std::move(p), 12, 0);
  r.run();

  ASSERT_EQ(r.sent[1].size(), 1u);
  EXPECT_TRUE(r.sent[0].empty());
  EXPECT_EQ(r.sent[1][0].port, 13);
  PacketPool pool;
  PacketPtr expected = make_ipv4(pool, "10.99.0.1", "172.16.0.9", kBytes, 63);
  EXPECT_EQ(r.sent[1][0].bytes, bytes_of(*expected));
  EXPECT_EQ(b.ipsec_statistics(slice_of_si(RemoteTunnel::kSi)).decrypted_packets, 1u);
  EXPECT_EQ(b.counters(t.st0).input_packets, 1u);
  EXPECT_EQ(r.mx->chassis_fabric().queue(1, b.slice_of_interface(t.outside)).counters().packets, 1u);
  r.expect_conserved();
}

// ---------------------------------------------------------------- 4. labeled packets through ESP

constexpr uint32_t kLabel = 17;

// A chip's tunnel on si-F/P/0 whose outbound SA is `out` and inbound SA `in`.
IfIndex local_tunnel(Trio6& chip, const crypto::SaConfig& out, const crypto::SaConfig& in, IfIndex* outside = nullptr) {
  const IfIndex inside = chip.add_si_unit(0, 0, 0);
  const IfIndex o = chip.add_si_unit(0, 0, 1);
  if (outside) *outside = o;
  const uint32_t ss = chip.add_service_set("ss0", inside, o);
  const IfIndex st0 = chip.add_st0_unit(1);
  chip.bind_tunnel(st0, ss, chip.add_sa(out, SaDirection::kOutbound, 0), chip.add_sa(in, SaDirection::kInbound, 0));
  return st0;
}

// Opens `esp` with `sa` and checks it is the labeled packet: one label,
// bottom of stack, then `inner`.
void expect_labeled(const std::vector<uint8_t>& esp, const crypto::SaConfig& sa, const std::vector<uint8_t>& inner) {
  Packet q;
  ASSERT_TRUE(q.assign(esp));
  crypto::InboundSa peer(sa);
  ASSERT_TRUE(peer.open(q));
  EXPECT_EQ(peer.last_next_header(), ipproto::kMpls);
  ASSERT_EQ(q.size(), inner.size() + 4);
  const uint32_t entry = load_be32(q.data());
  EXPECT_EQ(entry >> 12, kLabel);
  EXPECT_EQ(entry & 0x100u, 0x100u);  // bottom of stack
  EXPECT_EQ(std::vector<uint8_t>(q.bytes().begin() + 4, q.bytes().end()), inner);
}

TEST(Mx304Mpls, St0NextHopWithALabelSealsMplsInEspAndTheLabelPopsAfterDecryption) {
  const crypto::SaConfig a_out = sa_config(0x3301, 0x33, "192.0.2.1", "198.51.100.1");
  const crypto::SaConfig a_in = sa_config(0x4402, 0x44, "198.51.100.1", "192.0.2.1");
  constexpr std::size_t kBytes = 160;
  std::vector<uint8_t> esp;
  std::vector<uint8_t> after_a;  // the IPv6 packet as chip A sealed it (hop limit - 1)
  {
    Harness h;
    const IfIndex st0 = local_tunnel(*h.chip, a_out, a_in);
    h.chip->add_physical_interface("et-0/0/12", 12);
    const IfIndex wan = h.chip->add_physical_interface("et-0/0/13", 13);
    h.chip->add_route(ip("2001:db8:100::"), 48, NextHop::st0(st0, kLabel));
    h.chip->add_route(ip("198.51.100.1"), 32, NextHop::interface(wan));
    h.chip->inject(make_ipv6(h.chip->pool(), "2001:db8:1::1", "2001:db8:100::5", kBytes, 64), 12, 0);
    h.run();
    ASSERT_EQ(h.sent.size(), 1u);
    EXPECT_EQ(h.sent[0].port, 13);
    esp = h.sent[0].bytes;
    after_a = bytes_of(*make_ipv6(h.chip->pool(), "2001:db8:1::1", "2001:db8:100::5", kBytes, 63));
    EXPECT_EQ(h.chip->counters(st0).output_packets, 1u);
  }
  expect_labeled(esp, a_out, after_a);

  // The peer: its inbound SA is A's outbound, the label is its own.
  Harness h;
  IfIndex outside = 0;
  local_tunnel(*h.chip, a_in, a_out, &outside);
  h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex lan = h.chip->add_physical_interface("et-0/0/14", 14);
  h.chip->add_route(ip("198.51.100.1"), 32, NextHop::si_outside(outside));
  h.chip->add_route(ip("2001:db8:100::"), 48, NextHop::interface(lan));
  h.chip->add_mpls_label(kLabel);
  PacketPtr p = h.chip->pool().acquire();
  ASSERT_TRUE(p->assign(esp));
  h.chip->inject(std::move(p), 12, 0);
  // A label the peer did not allocate, sealed with the next sequence number.
  crypto::SaConfig later = a_out;
  later.next_sequence = 2;
  crypto::OutboundSa sealer(later);
  PacketPtr unknown = make_ipv6(h.chip->pool(), "2001:db8:1::1", "2001:db8:100::5", kBytes, 63);
  store_be32(unknown->push_front(4), ((kLabel + 1) << 12) | 0x100u | 63);
  crypto::SealOptions mpls;
  mpls.next_header = ipproto::kMpls;
  ASSERT_TRUE(sealer.seal(*unknown, mpls));
  h.chip->inject(std::move(unknown), 12, 1'000'000);
  h.run();

  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].port, 14);
  const std::vector<uint8_t> after_b =
      bytes_of(*make_ipv6(h.chip->pool(), "2001:db8:1::1", "2001:db8:100::5", kBytes, 62));
  EXPECT_EQ(h.sent[0].bytes, after_b);
  EXPECT_EQ(h.drops(DropCause::kNoRoute), 1u);
  EXPECT_EQ(h.chip->ipsec_statistics(0).decrypted_packets, 2u);
  const auto& tr = h.chip->traffic();
  EXPECT_EQ(tr.offered_packets, tr.delivered_packets + tr.delivered_to_host_packets + tr.drops.total());
}

TEST(Mx304Mpls, LabeledNextHopToAnSt0UnitOnAnotherLmicSealsMplsInEsp) {
  Router r;
  Trio6& a = r.chip(0);
  Trio6& b = r.chip(1);
  const RemoteTunnel t = anchor_tunnel(b);
  a.add_physical_interface("et-0/0/12", 12);
  const IfIndex st0_remote = a.add_remote_interface("st0.1", 1, t.st0);
  a.add_route(ip("2001:db8:100::"), 48, NextHop::st0(st0_remote, kLabel));
  const IfIndex b_wan = b.add_physical_interface("et-1/0/13", 13);
  b.add_route(ip("198.51.100.1"), 32, NextHop::interface(b_wan));
  constexpr std::size_t kBytes = 160;
  a.inject(make_ipv6(a.pool(), "2001:db8:1::1", "2001:db8:100::5", kBytes, 64), 12, 0);
  r.run();
  ASSERT_EQ(r.sent[1].size(), 1u);
  PacketPool pool;
  expect_labeled(r.sent[1][0].bytes, t.out,
                 bytes_of(*make_ipv6(pool, "2001:db8:1::1", "2001:db8:100::5", kBytes, 63)));
  r.expect_conserved();
}

// ---------------------------------------------------------------- 5. configuration errors

TEST(Mx304Config, LmicsMustExistOnceAndBePopulatedToBeNamed) {
  for (const std::vector<int>& bad : {std::vector<int>{0, 3}, std::vector<int>{-1}, std::vector<int>{1, 1},
                                      std::vector<int>{0, 2, 0}, std::vector<int>{}}) {
    fresh_simulation_context();
    EXPECT_THROW(Mx304("mx304", bad), ConfigError) << bad.size();
  }
  fresh_simulation_context();
  Mx304 mx("mx304", {2, 0});
  EXPECT_EQ(mx.chip_count(), 2u);
  EXPECT_EQ(mx.chip_index(2), 0);
  EXPECT_EQ(mx.chip_index(0), 1);
  EXPECT_THROW(mx.chip_index(1), ConfigError);
  EXPECT_THROW(mx.chip_index(3), ConfigError);
  EXPECT_EQ(mx.chassis_fabric().from_pfe.size(), mx.chip_count() * kSlices);  // a socket per PFE of each chip
}

TEST(Mx304Config, MplsLabelsOutsideTheUnreservedRangeAreRefused) {
  Harness h;
  EXPECT_THROW(h.chip->add_mpls_label(5), ConfigError);
  EXPECT_THROW(h.chip->add_mpls_label(15), ConfigError);
  EXPECT_THROW(h.chip->add_mpls_label(1u << 20), ConfigError);
  EXPECT_NO_THROW(h.chip->add_mpls_label(16));
  EXPECT_NO_THROW(h.chip->add_mpls_label((1u << 20) - 1));
}

TEST(Mx304Config, AnInterfaceBelongsToOneAggregate) {
  Harness h;
  const IfIndex m = h.chip->add_physical_interface("et-0/0/1", 1);
  const IfIndex remote = h.chip->add_remote_interface("et-1/0/1", 1, 5);
  h.chip->add_aggregate_interface("ae0", {m, remote});
  EXPECT_THROW(h.chip->add_aggregate_interface("ae1", {remote}), ConfigError);
  EXPECT_THROW(h.chip->add_remote_interface("et-9/0/0", 256, 1), ConfigError);
}

}  // namespace
}  // namespace trio6sim::models

namespace trio6sim::models {
namespace {

// A router's chips take the user's replaceable blocks (BlockFactory), as a
// hand-built chip does: every PFE of every populated LMIC gets one.
TEST(Mx304, EveryChipTakesTheUsersBlocks) {
  fresh_simulation_context();
  std::vector<int> slices;
  BlockFactory factory;
  factory.ipsec_engine = [&](const char* name, ChipServices& chip, int slice) -> std::unique_ptr<IpsecEngineBlock> {
    slices.push_back(slice);
    return std::make_unique<IpsecEngine>(name, chip, slice);
  };
  Mx304 mx("mx", {0, 2}, {}, factory);
  EXPECT_EQ(slices, (std::vector<int>{0, 1, 0, 1}));  // two chips, two PFEs each
}

}  // namespace
}  // namespace trio6sim::models
