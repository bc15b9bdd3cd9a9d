// The lookup's bridge programs (docs/bridging.md) on real frames: a
// vlan-bridge unit's frames bridged between local ports with their source
// MACs learned, VXLAN encapsulation to a remote VTEP (the outer packet
// routed in the same pass), VXLAN decapsulation at the local VTEP with the
// domain's tag pushed, and a drop cause for each frame not bridged.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "harness.h"
#include "models/config_error.h"
#include "packet/checksum.h"
#include "packet/ethernet.h"
#include "packet/frame_builder.h"
#include "packet/ip_protocol.h"
#include "packet/udp.h"
#include "packet/vxlan.h"

namespace trio6sim::models {
namespace {

using test::Harness;
using test::ip;

const MacAddress kHostA{0x00, 0x11, 0x01, 0x00, 0x00, 0x01};
const MacAddress kHostB{0x00, 0x12, 0x01, 0x00, 0x00, 0x01};
const MacAddress kBroadcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

// A tagged 512 B frame (508 B without its FCS) from `src` to `dst`.
PacketPtr frame(Harness& h, const MacAddress& src, const MacAddress& dst, uint16_t vlan = 10, uint32_t flow = 7) {
  PacketPtr p = h.chip->pool().acquire();
  FrameSpec f;
  f.src_mac = src;
  f.dst_mac = dst;
  f.vlans[0].vid = vlan;
  f.vlan_count = 1;
  f.frame_bytes = 512;
  f.src_ip = ip("13.11.1.11");
  f.dst_ip = ip("13.11.1.12");
  EXPECT_TRUE(build_udp_frame(*p, f).has_value());
  p->meta.flow_hash = flow;
  return p;
}

std::vector<uint8_t> bytes_of(const PacketPtr& p) { return {p->bytes().begin(), p->bytes().end()}; }

// Injects `f` on port 12 at 0 and runs; returns when the first frame out
// left (a cost test compares two runs), `frames_out` frames having left.
uint64_t first_exit_ps(Harness& h, PacketPtr f, std::size_t frames_out) {
  h.chip->inject(std::move(f), 12, 0);
  h.run();
  EXPECT_EQ(h.sent.size(), frames_out);
  return h.sent.empty() ? 0 : h.sent[0].last_bit_ps;
}

struct LearnLog {
  std::vector<LearnedMac> learned;
};

TEST(Bridging, FramesAreBridgedBetweenLocalPortsAndSourcesLearned) {
  Harness h;
  const IfIndex a = h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex b = h.chip->add_physical_interface("et-0/0/13", 13);
  const uint32_t d = h.chip->add_bridge_domain({.name = "V_10", .vlan = 10});
  h.chip->add_bridge_port(12, 10, d);
  h.chip->add_bridge_port(13, 10, d);
  LearnLog log;
  h.chip->set_mac_learned_observer([&](const LearnedMac& m, uint64_t) { log.learned.push_back(m); });
  // A's frame to B, whom no one has heard: flooded to the domain's other
  // port (the only copy: nothing added), and A is learned on its port.
  PacketPtr first = frame(h, kHostA, kHostB);
  const auto first_bytes = bytes_of(first);
  h.chip->inject(std::move(first), 12, 0);
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].port, 13);
  EXPECT_EQ(h.sent[0].bytes, first_bytes);
  EXPECT_EQ(h.chip->traffic().frames_flooded, 1u);
  EXPECT_EQ(h.chip->traffic().packets_added_by_flooding(), 0u);
  h.sent.clear();
  ASSERT_EQ(log.learned.size(), 1u);
  EXPECT_EQ(log.learned[0].mac, mac_key(kHostA.data()));
  EXPECT_EQ(log.learned[0].ifl, a);
  // B answers: bridged to A's port as it came, tag and all; B learned too.
  PacketPtr reply = frame(h, kHostB, kHostA);
  const auto reply_bytes = bytes_of(reply);
  h.chip->inject(std::move(reply), 13, 1'000'000);
  h.chip->inject(frame(h, kHostA, kHostB), 12, 2'000'000);
  h.run();
  ASSERT_EQ(h.sent.size(), 2u);
  EXPECT_EQ(h.sent[0].port, 12);
  EXPECT_EQ(h.sent[0].bytes, reply_bytes);
  EXPECT_EQ(h.sent[1].port, 13);
  EXPECT_EQ(log.learned.size(), 2u);
  EXPECT_EQ(h.chip->traffic().frames_flooded, 1u);  // B known now: no more flooding
  EXPECT_EQ(h.chip->counters(b).output_packets, 2u);
  EXPECT_EQ(h.chip->counters(a).output_packets, 1u);
  EXPECT_EQ(h.chip->counters(a).output_bytes, 508u + 4);  // the frame as sent, FCS included
}

TEST(Bridging, FramesNoDomainTakesAreDroppedByCause) {
  Harness h;
  h.chip->add_physical_interface("et-0/0/12", 12);
  const uint32_t d = h.chip->add_bridge_domain({.name = "V_10", .vlan = 10});
  h.chip->add_bridge_port(12, 10, d);
  h.chip->inject(frame(h, kHostA, kHostB, 20), 12, 0);      // VLAN 20: no unit
  h.chip->inject(frame(h, kHostA, kBroadcast), 12, 1'000);  // broadcast: no other port to flood to
  h.chip->inject(frame(h, kBroadcast, kHostB), 12, 2'000);  // a group source is malformed
  h.run();
  EXPECT_EQ(h.drops(DropCause::kNoBridgeDomain), 1u);
  EXPECT_EQ(h.drops(DropCause::kBumNotFlooded), 1u);
  EXPECT_EQ(h.drops(DropCause::kMalformed), 1u);
}

TEST(Bridging, TheMacTableSizeBoundsLearning) {
  Trio6Params params;
  params.lookup.mac_table_size = 1;
  Harness h(params);
  h.chip->add_physical_interface("et-0/0/12", 12);
  const uint32_t d = h.chip->add_bridge_domain({.name = "V_10", .vlan = 10});
  h.chip->add_bridge_port(12, 10, d);
  int learned = 0;
  h.chip->set_mac_learned_observer([&](const LearnedMac&, uint64_t) { ++learned; });
  h.chip->inject(frame(h, kHostA, kBroadcast), 12, 0);
  h.chip->inject(frame(h, kHostB, kBroadcast), 12, 1'000);
  h.run();
  EXPECT_EQ(learned, 1);
}

// One chip as PE1's VTEP 12.1.1.1: B is behind the remote VTEP 12.1.1.2,
// whose /32 routes out of port 0.
struct Vtep {
  Harness h;
  IfIndex core;
  uint32_t domain;
  explicit Vtep(const Trio6Params& params = {}) : h(params) {
    h.chip->add_physical_interface("et-0/0/12", 12);
    core = h.chip->add_physical_interface("et-0/0/0", 0);
    h.chip->add_route(ip("12.1.1.2"), 32, NextHop::interface(core));
    domain = h.chip->add_bridge_domain({.name = "V_10", .vlan = 10, .vni = 10010});
    h.chip->add_bridge_port(12, 10, domain);
    h.chip->set_vtep_source(ip("12.1.1.1"));
    h.chip->add_mac(domain, mac_key(kHostB.data()), {.remote_vtep = 0x0c010102});
  }
};

TEST(Vxlan, FramesToARemoteMacLeaveInVxlanToItsVtep) {
  Vtep v;
  PacketPtr f = frame(v.h, kHostA, kHostB, 10, 0x1234);
  std::vector<uint8_t> untagged = bytes_of(f);
  untagged.erase(untagged.begin() + 12, untagged.begin() + 16);  // VXLAN carries the frame without its tag
  v.h.chip->inject(std::move(f), 12, 0);
  v.h.run();
  ASSERT_EQ(v.h.sent.size(), 1u);
  const auto& out = v.h.sent[0].bytes;
  EXPECT_EQ(v.h.sent[0].port, 0);
  ASSERT_EQ(out.size(), 20u + 8 + 8 + untagged.size());
  Ipv4ConstView outer(out.data());
  EXPECT_TRUE(outer.checksum_ok());
  EXPECT_EQ(outer.ttl(), 64);  // the VTEP's own packet: not decremented
  EXPECT_EQ(outer.protocol(), ipproto::kUdp);
  EXPECT_EQ(IpAddress::v4(outer.src()).to_string(), "12.1.1.1");
  EXPECT_EQ(IpAddress::v4(outer.dst()).to_string(), "12.1.1.2");
  EXPECT_EQ(outer.total_length(), out.size());
  UdpConstView udp(out.data() + 20);
  EXPECT_EQ(udp.dst_port(), kVxlanUdpPort);
  EXPECT_EQ(udp.src_port(), 49152 + (0x1234 & 0x3fff));  // RFC 7348: from the inner flow's hash
  EXPECT_EQ(udp.length(), out.size() - 20);
  VxlanConstView vx(out.data() + 28);
  EXPECT_TRUE(vx.vni_valid());
  EXPECT_EQ(vx.vni(), 10010u);
  EXPECT_EQ(std::vector<uint8_t>(out.begin() + 36, out.end()), untagged);
}

TEST(Vxlan, VxlanToTheLocalVtepIsBridgedWithTheDomainsTag) {
  // PE1's chip makes the packet...
  Vtep pe1;
  PacketPtr f = frame(pe1.h, kHostA, kHostB);
  const std::vector<uint8_t> original = bytes_of(f);
  pe1.h.chip->inject(std::move(f), 12, 0);
  pe1.h.run();
  ASSERT_EQ(pe1.h.sent.size(), 1u);
  const std::vector<uint8_t> vxlan = pe1.h.sent[0].bytes;
  // ...and PE2's chip (VTEP 12.1.1.2, B on port 13 in VLAN 20, VNI 10010) opens it.
  Harness pe2;
  pe2.chip->add_physical_interface("et-0/0/0", 0);
  const IfIndex host = pe2.chip->add_physical_interface("et-0/0/13", 13);
  pe2.chip->add_route(ip("12.1.1.2"), 32, NextHop::local());
  const uint32_t d = pe2.chip->add_bridge_domain({.name = "V_10", .vlan = 20, .vni = 10010});
  pe2.chip->add_bridge_port(13, 20, d);
  pe2.chip->set_vtep_source(ip("12.1.1.2"));
  pe2.chip->add_mac(d, mac_key(kHostB.data()), {.ifl = host});
  auto inject = [&](std::vector<uint8_t> bytes, uint64_t at) {
    PacketPtr p = pe2.chip->pool().acquire();
    ASSERT_TRUE(p->assign(bytes));
    pe2.chip->inject(std::move(p), 0, at);
  };
  inject(vxlan, 0);
  std::vector<uint8_t> other_vni = vxlan;
  other_vni[28 + 6] ^= 1;  // VNI 10011: no domain
  inject(other_vni, 1'000'000);
  pe2.run();
  ASSERT_EQ(pe2.sent.size(), 1u);
  EXPECT_EQ(pe2.sent[0].port, 13);
  std::vector<uint8_t> expected = original;
  expected[15] = 20;  // the tag of PE2's domain, VLAN 20
  EXPECT_EQ(pe2.sent[0].bytes, expected);
  EXPECT_EQ(pe2.drops(DropCause::kNoBridgeDomain), 1u);
  EXPECT_EQ(pe2.chip->traffic().delivered_to_host_packets, 0u);
}

// Each program's cycles are its parameter's: the encapsulation's extra
// cycles delay the frame's exit by exactly that many cycles.
TEST(Vxlan, EncapsulationCostsItsCycles) {
  auto exit_ps = [](uint32_t encap_cycles) {
    Trio6Params params;
    params.lookup.vxlan_encap_cycles = encap_cycles;
    Vtep v(params);
    return first_exit_ps(v.h, frame(v.h, kHostA, kHostB), 1);
  };
  const uint64_t base = exit_ps(600), more = exit_ps(600 + 1200);
  EXPECT_NEAR(static_cast<double>(more - base), static_cast<double>(ps_from_cycles(1200, Trio6Params{}.lookup.clock_ghz)), 1.0);
}

// Flooding by ingress replication: PE1's chip with three ports in VLAN 10
// (VNI 10010) and two remote VTEPs of that VNI, 12.1.1.2 and 12.1.1.3, both
// routed out of port 0.
struct FloodingVtep {
  Harness h;
  uint32_t domain;
  explicit FloodingVtep(const Trio6Params& params = {}, bool with_vteps = true) : h(params) {
    for (int port : {12, 13, 14}) h.chip->add_physical_interface(fmt::format("et-0/0/{}", port), port);
    const IfIndex core = h.chip->add_physical_interface("et-0/0/0", 0);
    h.chip->add_route(ip("12.1.1.0"), 24, NextHop::interface(core));
    domain = h.chip->add_bridge_domain({.name = "V_10", .vlan = 10, .vni = 10010});
    for (int port : {12, 13, 14}) h.chip->add_bridge_port(port, 10, domain);
    h.chip->set_vtep_source(ip("12.1.1.1"));
    if (with_vteps) {
      h.chip->add_flood_vtep(domain, ip("12.1.1.2"));
      h.chip->add_flood_vtep(domain, ip("12.1.1.3"));
    }
  }
  bool conserved() const {
    const TrafficStatistics& t = h.chip->traffic();
    return h.chip->packets_in_flight() == 0 &&
           t.offered_packets + t.packets_added_by_flooding() == t.delivered_packets + t.drops.total();
  }
};

TEST(Flooding, ABroadcastGoesToEveryOtherPortAndOneVxlanCopyPerRemoteVtep) {
  FloodingVtep v;
  PacketPtr f = frame(v.h, kHostA, kBroadcast, 10, 0x1234);
  const std::vector<uint8_t> original = bytes_of(f);
  std::vector<uint8_t> untagged = original;
  untagged.erase(untagged.begin() + 12, untagged.begin() + 16);
  v.h.chip->inject(std::move(f), 12, 0);
  v.h.run();
  // Four copies: ports 13 and 14 as the frame came, two in VXLAN on port 0.
  ASSERT_EQ(v.h.sent.size(), 4u);
  std::vector<int> ports;
  std::vector<std::string> vteps;
  for (const auto& s : v.h.sent) {
    ports.push_back(s.port);
    if (s.port != 0) {
      EXPECT_EQ(s.bytes, original);
      continue;
    }
    Ipv4ConstView outer(s.bytes.data());
    EXPECT_TRUE(outer.checksum_ok());
    EXPECT_EQ(IpAddress::v4(outer.src()).to_string(), "12.1.1.1");
    vteps.push_back(IpAddress::v4(outer.dst()).to_string());
    EXPECT_EQ(VxlanConstView(s.bytes.data() + 28).vni(), 10010u);
    EXPECT_EQ(std::vector<uint8_t>(s.bytes.begin() + 36, s.bytes.end()), untagged);
  }
  std::sort(ports.begin(), ports.end());
  std::sort(vteps.begin(), vteps.end());
  EXPECT_EQ(ports, (std::vector<int>{0, 0, 13, 14}));
  EXPECT_EQ(vteps, (std::vector<std::string>{"12.1.1.2", "12.1.1.3"}));
  // One frame offered, four delivered: three copies added, all accounted for.
  const TrafficStatistics& t = v.h.chip->traffic();
  EXPECT_EQ(t.frames_flooded, 1u);
  EXPECT_EQ(t.flood_copies, 4u);
  EXPECT_EQ(t.packets_added_by_flooding(), 3u);
  EXPECT_EQ(t.delivered_packets, 4u);
  EXPECT_TRUE(v.conserved());
}

TEST(Flooding, AnUnknownUnicastIsFloodedAndAKnownOneIsNot) {
  FloodingVtep v;
  v.h.chip->inject(frame(v.h, kHostA, kHostB), 12, 0);  // B unknown: 2 ports + 2 VTEPs
  v.h.run();
  EXPECT_EQ(v.h.sent.size(), 4u);
  v.h.chip->add_mac(v.domain, mac_key(kHostB.data()), {.remote_vtep = 0x0c010103});
  v.h.chip->inject(frame(v.h, kHostA, kHostB), 12, 1'000'000);  // B behind 12.1.1.3: one VXLAN packet
  v.h.run();
  ASSERT_EQ(v.h.sent.size(), 5u);
  EXPECT_EQ(v.h.sent[4].port, 0);
  EXPECT_EQ(IpAddress::v4(Ipv4ConstView(v.h.sent[4].bytes.data()).dst()).to_string(), "12.1.1.3");
  EXPECT_EQ(v.h.chip->traffic().frames_flooded, 1u);
  EXPECT_TRUE(v.conserved());
}

TEST(Flooding, AVxlanCopyThatCannotBeRoutedIsDroppedAndTheOthersLeave) {
  FloodingVtep v;
  v.h.chip->add_flood_vtep(v.domain, ip("10.9.9.9"));  // no route
  v.h.chip->inject(frame(v.h, kHostA, kBroadcast), 12, 0);
  v.h.run();
  EXPECT_EQ(v.h.sent.size(), 4u);
  EXPECT_EQ(v.h.drops(DropCause::kNoRoute), 1u);
  EXPECT_EQ(v.h.chip->traffic().packets_added_by_flooding(), 4u);
  EXPECT_TRUE(v.conserved());
}

TEST(Flooding, FromAVtepOnlyToLocalPorts) {
  // PE1's flooded broadcast in VXLAN to 12.1.1.2...
  FloodingVtep pe1;
  pe1.h.chip->inject(frame(pe1.h, kHostA, kBroadcast), 12, 0);
  pe1.h.run();
  std::vector<uint8_t> vxlan;
  for (const auto& s : pe1.h.sent)
    if (s.port == 0 && IpAddress::v4(Ipv4ConstView(s.bytes.data()).dst()).to_string() == "12.1.1.2") vxlan = s.bytes;
  ASSERT_FALSE(vxlan.empty());
  // ...reaches PE2 (VTEP 12.1.1.2; ports 13 and 14 in VLAN 20, VNI 10010;
  // another remote VTEP 12.1.1.3): both ports get it tagged 20, and no copy
  // goes back into VXLAN (split horizon).
  Harness pe2;
  const IfIndex core = pe2.chip->add_physical_interface("et-0/0/0", 0);
  pe2.chip->add_physical_interface("et-0/0/13", 13);
  pe2.chip->add_physical_interface("et-0/0/14", 14);
  pe2.chip->add_route(ip("12.1.1.2"), 32, NextHop::local());
  pe2.chip->add_route(ip("12.1.1.3"), 32, NextHop::interface(core));
  const uint32_t d = pe2.chip->add_bridge_domain({.name = "V_10", .vlan = 20, .vni = 10010});
  pe2.chip->add_bridge_port(13, 20, d);
  pe2.chip->add_bridge_port(14, 20, d);
  pe2.chip->set_vtep_source(ip("12.1.1.2"));
  pe2.chip->add_flood_vtep(d, ip("12.1.1.3"));
  PacketPtr p = pe2.chip->pool().acquire();
  ASSERT_TRUE(p->assign(vxlan));
  pe2.chip->inject(std::move(p), 0, 0);
  pe2.run();
  ASSERT_EQ(pe2.sent.size(), 2u);
  std::vector<uint8_t> expected(vxlan.begin() + 36, vxlan.end());
  expected.insert(expected.begin() + 12, {0x81, 0x00, 0x00, 20});
  EXPECT_EQ(pe2.sent[0].bytes, expected);
  EXPECT_EQ(pe2.sent[1].bytes, expected);
  EXPECT_NE(pe2.sent[0].port, pe2.sent[1].port);
  EXPECT_EQ(pe2.chip->traffic().packets_added_by_flooding(), 1u);
  const TrafficStatistics& t = pe2.chip->traffic();
  EXPECT_EQ(t.offered_packets + t.packets_added_by_flooding(), t.delivered_packets + t.drops.total());
}

// Each copy costs lookup.flood_copy_cycles: two copies (ports 13 and 14, no
// VTEP) leave 2 x the added cycles later.
TEST(Flooding, EachCopyCostsItsCycles) {
  auto exit_ps = [](uint32_t copy_cycles) {
    Trio6Params params;
    params.lookup.flood_copy_cycles = copy_cycles;
    FloodingVtep v(params, false);
    return first_exit_ps(v.h, frame(v.h, kHostA, kBroadcast), 2);
  };
  const uint64_t base = exit_ps(300), more = exit_ps(300 + 1000);
  EXPECT_NEAR(static_cast<double>(more - base), static_cast<double>(ps_from_cycles(2000, Trio6Params{}.lookup.clock_ghz)), 1.0);
}

// The irb's virtual gateway (13.11.1.254 at 00:00:5e:00:01:01) in VLAN 10
// on ports 12 and 13.
struct Gateway {
  explicit Gateway(const Trio6Params& params = {}) : h(params) {
    h.chip->add_physical_interface("et-0/0/12", 12);
    h.chip->add_physical_interface("et-0/0/13", 13);
    const uint32_t d = h.chip->add_bridge_domain({.name = "V_10", .vlan = 10});
    h.chip->add_bridge_port(12, 10, d);
    h.chip->add_bridge_port(13, 10, d);
    h.chip->add_bridge_gateway(d, ip("13.11.1.254"), kGatewayMac);
  }
  static constexpr MacKey kGatewayMac = 0x00005e000101;
  Harness h;
};

// Host A's (13.11.1.11) ARP request, RFC 826, VLAN 10, padded to 64 B
// (without FCS): who has `target`?
std::vector<uint8_t> arp_request(const char* target, uint16_t operation = 1) {
  std::vector<uint8_t> f = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x11, 0x01, 0x00, 0x00, 0x01,  // dst, src
                            0x81, 0x00, 0x00, 0x0a, 0x08, 0x06,                                      // VLAN 10, ARP
                            0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, static_cast<uint8_t>(operation),
                            0x00, 0x11, 0x01, 0x00, 0x00, 0x01, 13, 11, 1, 11,  // sender A, 13.11.1.11
                            0, 0, 0, 0, 0, 0};                                   // target MAC unknown
  const IpAddress t = ip(target);
  f.insert(f.end(), t.data(), t.data() + 4);
  f.resize(64, 0);
  return f;
}

PacketPtr raw(Harness& h, const std::vector<uint8_t>& bytes) {
  PacketPtr p = h.chip->pool().acquire();
  EXPECT_TRUE(p->assign(bytes));
  p->meta.l2_length = 18;
  p->meta.flow_hash = 7;
  return p;
}

TEST(Irb, AnArpRequestForTheGatewayIsAnsweredOutOfItsPort) {
  Gateway g;
  g.h.chip->inject(raw(g.h, arp_request("13.11.1.254")), 12, 0);
  g.h.run();
  ASSERT_EQ(g.h.sent.size(), 1u);  // answered, not flooded to port 13
  EXPECT_EQ(g.h.sent[0].port, 12);
  const std::vector<uint8_t> reply = {
      0x00, 0x11, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x5e, 0x00, 0x01, 0x01,  // to A, from the gateway
      0x81, 0x00, 0x00, 0x0a, 0x08, 0x06,                                      // VLAN 10, ARP
      0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02,                          // Ethernet, IPv4, 6, 4, reply
      0x00, 0x00, 0x5e, 0x00, 0x01, 0x01, 13, 11, 1, 254,                       // sender: the gateway
      0x00, 0x11, 0x01, 0x00, 0x00, 0x01, 13, 11, 1, 11};                       // target: A
  std::vector<uint8_t> expected = reply;
  expected.resize(64, 0);  // the request's pad kept
  EXPECT_EQ(g.h.sent[0].bytes, expected);
  EXPECT_EQ(g.h.chip->traffic().frames_flooded, 0u);
  const TrafficStatistics& t = g.h.chip->traffic();
  EXPECT_EQ(t.offered_packets, t.delivered_packets + t.drops.total());
}

// An ARP request for another address, or an ARP reply, is the domain's
// broadcast: flooded to port 13 as it came.
TEST(Irb, OtherArpIsFloodedAsItCame) {
  Gateway g;
  const auto other = arp_request("13.11.1.12"), reply = arp_request("13.11.1.254", 2);
  g.h.chip->inject(raw(g.h, other), 12, 0);
  g.h.chip->inject(raw(g.h, reply), 12, 1'000'000);
  g.h.run();
  ASSERT_EQ(g.h.sent.size(), 2u);
  EXPECT_EQ(g.h.sent[0].port, 13);
  EXPECT_EQ(g.h.sent[0].bytes, other);
  EXPECT_EQ(g.h.sent[1].port, 13);
  EXPECT_EQ(g.h.sent[1].bytes, reply);
}

// A frame to the gateway's MAC is the irb's to route: with no irb subnet
// in the (global) table it finds no route, and is never flooded as an
// unknown MAC.
TEST(Irb, AFrameToTheGatewayMacIsRoutedNotFlooded) {
  Gateway g;
  const MacAddress gateway{0x00, 0x00, 0x5e, 0x00, 0x01, 0x01};
  g.h.chip->inject(frame(g.h, kHostA, gateway), 12, 0);
  g.h.run();
  EXPECT_TRUE(g.h.sent.empty());
  EXPECT_EQ(g.h.drops(DropCause::kNoRoute), 1u);
  EXPECT_EQ(g.h.chip->traffic().frames_flooded, 0u);
}

// Two domains routed through their irb in VRF vrf_1 (asymmetric IRB): V_10
// (13.11.1.1/24, port 12) and V_20 (13.11.2.1/24, port 13), the irb at
// kIrbMac, V_10's virtual gateway 13.11.1.254; host B2 (13.11.2.12) on
// port 13, its MAC and binding installed.
struct Routed {
  explicit Routed(const Trio6Params& params = {}) : h(params) {
    h.chip->add_physical_interface("et-0/0/12", 12);
    port13 = h.chip->add_physical_interface("et-0/0/13", 13);
    v10 = h.chip->add_bridge_domain({.name = "V_10", .vlan = 10});
    v20 = h.chip->add_bridge_domain({.name = "V_20", .vlan = 20});
    h.chip->add_bridge_port(12, 10, v10);
    h.chip->add_bridge_port(13, 20, v20);
    const uint16_t vrf = h.chip->add_routing_instance("vrf_1");
    h.chip->add_bridge_irb(v10, vrf, ip("13.11.1.1"), 24, kIrbMac);
    h.chip->add_bridge_irb(v20, vrf, ip("13.11.2.1"), 24, kIrbMac);
    h.chip->add_bridge_gateway(v10, ip("13.11.1.254"), Gateway::kGatewayMac);
    h.chip->add_instance_route(vrf, ip("13.11.1.254"), 32, NextHop::local());
    h.chip->add_mac(v20, mac_key(kHostB2.data()), {.ifl = port13});
    h.chip->add_mac_ip(v20, ip("13.11.2.12"), mac_key(kHostB2.data()));
  }
  // Host A's 512 B frame in VLAN 10 to `dst_mac`, to `dst_ip`.
  PacketPtr to(const MacAddress& dst_mac, const char* dst_ip, uint8_t ttl = 64) {
    PacketPtr p = h.chip->pool().acquire();
    FrameSpec f;
    f.src_mac = kHostA;
    f.dst_mac = dst_mac;
    f.vlans[0].vid = 10;
    f.vlan_count = 1;
    f.frame_bytes = 512;
    f.ttl = ttl;
    f.src_ip = ip("13.11.1.11");
    f.dst_ip = ip(dst_ip);
    EXPECT_TRUE(build_udp_frame(*p, f).has_value());
    p->meta.flow_hash = 7;
    return p;
  }
  static constexpr MacKey kIrbMac = 0xd4996c9248fc;
  static constexpr MacAddress kIrb{0xd4, 0x99, 0x6c, 0x92, 0x48, 0xfc};
  static constexpr MacAddress kGateway{0x00, 0x00, 0x5e, 0x00, 0x01, 0x01};
  static constexpr MacAddress kHostB2{0x00, 0x12, 0x01, 0x00, 0x00, 0x02};
  Harness h;
  IfIndex port13 = 0;
  uint32_t v10 = 0, v20 = 0;
};

// A frame to the virtual gateway (or the irb's own MAC) for a host of V_20
// leaves port 13 as that host's frame: to its MAC from the irb's, VLAN 20,
// the IPv4 header's TTL one less and its checksum right, the rest as sent.
TEST(Irb, AFrameToARouterMacIsRoutedIntoTheOtherDomain) {
  for (const MacAddress& router : {Routed::kGateway, Routed::kIrb}) {
    Routed r;
    PacketPtr f = r.to(router, "13.11.2.12");
    const auto in = bytes_of(f);
    r.h.chip->inject(std::move(f), 12, 0);
    r.h.run();
    ASSERT_EQ(r.h.sent.size(), 1u);
    EXPECT_EQ(r.h.sent[0].port, 13);
    const std::vector<uint8_t>& out = r.h.sent[0].bytes;
    ASSERT_EQ(out.size(), in.size());
    const std::vector<uint8_t> l2 = {0x00, 0x12, 0x01, 0x00, 0x00, 0x02, 0xd4, 0x99, 0x6c, 0x92, 0x48, 0xfc,
                                     0x81, 0x00, 0x00, 0x14, 0x08, 0x00};
    EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.begin() + 18), l2);
    EXPECT_EQ(out[18 + 8], 63);  // TTL
    EXPECT_EQ(internet_checksum({out.data() + 18, 20}), 0);  // the header checksum updated
    std::vector<uint8_t> expected = in;  // the rest unchanged
    std::copy(out.begin(), out.begin() + 18, expected.begin());
    expected[18 + 8] = 63;
    expected[18 + 10] = out[18 + 10];
    expected[18 + 11] = out[18 + 11];
    EXPECT_EQ(out, expected);
    const TrafficStatistics& t = r.h.chip->traffic();
    EXPECT_EQ(t.offered_packets, t.delivered_packets + t.drops.total());
  }
}

TEST(Irb, NoBindingNonIpv4AndTtlAreDroppedByCause) {
  Routed r;
  r.h.chip->inject(r.to(Routed::kGateway, "13.11.2.13"), 12, 0);  // no MAC-IP binding
  std::vector<uint8_t> arp = arp_request("13.11.2.12");           // not IPv4, to a router MAC
  std::copy(Routed::kIrb.begin(), Routed::kIrb.end(), arp.begin());
  r.h.chip->inject(raw(r.h, arp), 12, 1'000'000);
  r.h.chip->inject(r.to(Routed::kGateway, "13.11.2.12", 1), 12, 2'000'000);  // TTL 1
  r.h.chip->inject(r.to(Routed::kGateway, "13.11.1.254"), 12, 3'000'000);   // to the gateway: the host's
  r.h.run();
  EXPECT_TRUE(r.h.sent.empty());
  EXPECT_EQ(r.h.drops(DropCause::kIrbNoBinding), 1u);
  EXPECT_EQ(r.h.drops(DropCause::kIrbNotIpv4), 1u);
  EXPECT_EQ(r.h.drops(DropCause::kTtlExpired), 1u);
  EXPECT_EQ(r.h.chip->traffic().delivered_to_host_packets, 1u);
  EXPECT_EQ(r.h.chip->traffic().frames_flooded, 0u);
}

// A routed frame to a host whose binding is known but whose MAC is not:
// flooded in the target domain (here its one port).
TEST(Irb, ARoutedFrameToAnUnknownMacIsFloodedInTheTargetDomain) {
  Routed r;
  r.h.chip->add_mac_ip(r.v20, ip("13.11.2.13"), 0x001201000003);
  r.h.chip->inject(r.to(Routed::kGateway, "13.11.2.13"), 12, 0);
  r.h.run();
  ASSERT_EQ(r.h.sent.size(), 1u);
  EXPECT_EQ(r.h.sent[0].port, 13);
  EXPECT_EQ(r.h.chip->traffic().frames_flooded, 1u);
}

// ARP for the irb's own address is answered with the irb's MAC; the
// request's sender, inside the irb's subnet, is learned as a MAC-IP
// binding (reported with its address), a sender outside it is not.
TEST(Irb, ArpForTheIrbIsAnsweredAndItsSenderBound) {
  Routed r;
  std::vector<LearnedMac> learned;
  r.h.chip->set_mac_learned_observer([&](const LearnedMac& m, uint64_t) { learned.push_back(m); });
  r.h.chip->inject(raw(r.h, arp_request("13.11.1.1")), 12, 0);
  std::vector<uint8_t> outside = arp_request("13.11.1.1");
  // The sender's IPv4 at bytes 32-35, its MAC at 26-31 (behind the tag).
  outside[34] = 9;     // sender 13.11.9.11: outside 13.11.1.0/24
  outside[11] = 0x02;  // from another MAC
  outside[31] = 0x02;
  r.h.chip->inject(raw(r.h, outside), 12, 1'000'000);
  r.h.run();
  ASSERT_EQ(r.h.sent.size(), 2u);
  EXPECT_EQ(r.h.sent[0].port, 12);
  const std::vector<uint8_t>& reply = r.h.sent[0].bytes;
  EXPECT_EQ(std::vector<uint8_t>(reply.begin() + 6, reply.begin() + 12),
            std::vector<uint8_t>(Routed::kIrb.begin(), Routed::kIrb.end()));
  EXPECT_EQ(reply[18 + 7], 2);  // a reply
  EXPECT_EQ(std::vector<uint8_t>(reply.begin() + 18 + 8, reply.begin() + 18 + 18),
            (std::vector<uint8_t>{0xd4, 0x99, 0x6c, 0x92, 0x48, 0xfc, 13, 11, 1, 1}));
  const auto& fib = r.h.chip->forwarding();
  const uint32_t a = 13u << 24 | 11u << 16 | 1u << 8 | 11u;
  ASSERT_NE(fib.mac_ip(r.v10, a), nullptr);
  EXPECT_EQ(*fib.mac_ip(r.v10, a), mac_key(kHostA.data()));
  EXPECT_EQ(fib.mac_ip(r.v10, 13u << 24 | 11u << 16 | 9u << 8 | 11u), nullptr);
  // Two MACs learned, one binding (with its address).
  ASSERT_EQ(learned.size(), 3u);
  EXPECT_EQ(learned[1].ipv4, a);
  EXPECT_EQ(learned[1].mac, mac_key(kHostA.data()));
  EXPECT_EQ(learned[0].ipv4, 0u);
}

// The binding table is bounded as the MAC table (lookup.mac_table_size):
// past it a sender is not bound, and counted.
TEST(Irb, AFullBindingTableLearnsNoMoreAndCounts) {
  Trio6Params params;
  params.lookup.mac_table_size = 1;
  Routed r(params);
  r.h.chip->inject(raw(r.h, arp_request("13.11.1.1")), 12, 0);
  std::vector<uint8_t> second = arp_request("13.11.1.1");
  second[35] = 12;  // sender 13.11.1.12 (same MAC)
  r.h.chip->inject(raw(r.h, second), 12, 1'000'000);
  r.h.run();
  EXPECT_EQ(r.h.chip->forwarding().mac_ips.size(), 2u);  // B2's installed one and A's learned one
  EXPECT_EQ(r.h.chip->traffic().mac_ip_bindings_not_learned, 1u);
}

// A routed frame costs lookup.irb_route_cycles on top of the route's.
TEST(Irb, RoutingCostsItsCycles) {
  auto exit_ps = [](uint32_t irb_cycles) {
    Trio6Params params;
    params.lookup.irb_route_cycles = irb_cycles;
    Routed r(params);
    return first_exit_ps(r.h, r.to(Routed::kGateway, "13.11.2.12"), 1);
  };
  const uint64_t base = exit_ps(600), more = exit_ps(1600);
  EXPECT_NEAR(static_cast<double>(more - base), static_cast<double>(ps_from_cycles(1000, Trio6Params{}.lookup.clock_ghz)), 1.0);
}

// An irb route is IPv4 into an existing domain.
TEST(Irb, AnIrbNeedsAnIpv4AddressAndADomain) {
  Routed r;
  EXPECT_THROW(r.h.chip->add_bridge_irb(9, 0, ip("13.11.3.1"), 24, Routed::kIrbMac), ConfigError);
  EXPECT_THROW(r.h.chip->add_bridge_irb(r.v10, 0, ip("2001:db8::1"), 64, Routed::kIrbMac), ConfigError);
  EXPECT_THROW(r.h.chip->add_bridge_irb(r.v10, 0, ip("13.11.1.3"), 24, 0x010000000001), ConfigError);
}

// The reply costs lookup.arp_reply_cycles on top of bridge_cycles.
TEST(Irb, TheArpReplyCostsItsCycles) {
  auto exit_ps = [](uint32_t reply_cycles) {
    Trio6Params params;
    params.lookup.arp_reply_cycles = reply_cycles;
    Gateway g(params);
    return first_exit_ps(g.h, raw(g.h, arp_request("13.11.1.254")), 1);
  };
  const uint64_t base = exit_ps(600), more = exit_ps(1600);
  EXPECT_NEAR(static_cast<double>(more - base), static_cast<double>(ps_from_cycles(1000, Trio6Params{}.lookup.clock_ghz)), 1.0);
}

// Only a unicast MAC is a gateway's.
TEST(Irb, AGatewayNeedsAUnicastMac) {
  Gateway g;
  EXPECT_THROW(g.h.chip->add_bridge_gateway(0, ip("13.11.1.253"), 0x01005e000001), ConfigError);
  EXPECT_THROW(g.h.chip->add_bridge_gateway(0, ip("2001:db8::1"), Gateway::kGatewayMac), ConfigError);
}

}  // namespace
}  // namespace trio6sim::models
