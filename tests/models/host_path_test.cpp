// The host path (Trio6::send_from_host, host_in, host_out and the host
// observer): a packet the routing engine sends is looked up like a WAN packet
// and leaves by its route with the TTL and bytes the host gave it; a packet
// to a local address reaches the host with its bytes, its arrival interface
// and its time; conservation holds with both.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "harness.h"
#include "models/mx304.h"
#include "models/units.h"

namespace trio6sim::models {
namespace {

using test::Harness;
using test::ip;

std::vector<uint8_t> bytes_of(const Packet& p) { return {p.bytes().begin(), p.bytes().end()}; }

struct Arrival {
  std::vector<uint8_t> bytes;
  IfIndex arrival_ifl;
  uint64_t at_ps;
};

// What a module bound to the chip's host_out socket receives.
struct HostSink : sc_core::sc_module {
  JobTargetSocket<HostSink> in{"in"};
  std::vector<Arrival> got;
  explicit HostSink(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    in.register_take<&HostSink::take>(this);
  }
  void take(Job&& job, uint64_t at_ps) {
    got.push_back({bytes_of(*job.packet), 0, at_ps});
    job.packet.reset();
  }
};

void expect_conserved(const Trio6& chip) {
  const TrafficStatistics& t = chip.traffic();
  EXPECT_EQ(chip.packets_in_flight(), 0u);
  EXPECT_EQ(t.offered_packets + t.from_host_packets,
            t.delivered_packets + t.delivered_to_host_packets + t.drops.total());
}

TEST(HostPath, PacketFromTheHostLeavesByItsRouteWithItsOwnTtl) {
  Harness h;
  const IfIndex in = h.chip->add_physical_interface("et-0/0/12", 12);
  h.chip->add_physical_interface("et-0/0/13", 13);
  const IfIndex out = h.chip->add_physical_interface("et-0/0/0", 0);  // on the other PFE
  h.chip->add_route(ip("10.2.0.0"), 16, NextHop::interface(out));
  h.chip->add_route(ip("2001:db8:2::"), 48, NextHop::interface(out));
  PacketPtr v4 = h.ipv4("192.0.2.1", "10.2.0.9", 120, 64);
  PacketPtr v6 = h.ipv6("2001:db8::1", "2001:db8:2::9", 140);
  const std::vector<uint8_t> v4_bytes = bytes_of(*v4), v6_bytes = bytes_of(*v6);
  h.chip->send_from_host(std::move(v4), 0);
  h.chip->send_from_host(std::move(v6), 1000);
  h.chip->inject(h.ipv4("1.1.1.1", "10.2.0.10", 120, 64), 12, 2000);  // forwarded: TTL 63
  h.run();
  ASSERT_EQ(h.sent.size(), 3u);
  for (const auto& e : h.sent) EXPECT_EQ(e.port, 0);
  EXPECT_EQ(h.sent[0].bytes, v4_bytes);  // TTL and checksum as the host set them
  EXPECT_EQ(h.sent[1].bytes, v6_bytes);  // hop limit too
  EXPECT_EQ(h.sent[2].bytes[8], 63);
  EXPECT_EQ(h.chip->traffic().from_host_packets, 2u);
  EXPECT_EQ(h.chip->traffic().offered_packets, 1u);
  EXPECT_EQ(h.chip->counters(in).input_packets, 1u);  // only the WAN packet counts as input
  EXPECT_EQ(h.chip->counters(out).output_packets, 3u);
  expect_conserved(*h.chip);
}

TEST(HostPath, TtlOneFromTheHostIsSentNotExpired) {
  Harness h;
  const IfIndex out = h.chip->add_physical_interface("et-0/0/12", 12);
  h.chip->add_route(ip("10.2.0.0"), 16, NextHop::interface(out));
  h.chip->send_from_host(h.ipv4("192.0.2.1", "10.2.0.9", 100, 1), 0);
  h.run();
  ASSERT_EQ(h.sent.size(), 1u);
  EXPECT_EQ(h.sent[0].bytes[8], 1);
  EXPECT_EQ(h.drops(DropCause::kTtlExpired), 0u);
}

TEST(HostPath, LocalAddressArrivesAtTheHostWithItsBytesInterfaceAndTime) {
  Harness h;
  const IfIndex in = h.chip->add_physical_interface("et-0/0/12", 12);
  h.chip->add_route(ip("192.0.2.1"), 32, NextHop::local());
  std::vector<Arrival> seen;
  h.chip->set_host_observer([&](const Packet& p, IfIndex arrival, uint64_t at_ps) {
    seen.push_back({bytes_of(p), arrival, at_ps});
  });
  HostSink sink("host");
  h.chip->host_out.bind(sink.in);
  PacketPtr p = h.ipv4("198.51.100.7", "192.0.2.1", 200);
  const std::vector<uint8_t> sent = bytes_of(*p);
  h.chip->inject(std::move(p), 12, 5000);
  // The host sends to its own address: it comes back to the host, from no interface.
  h.chip->send_from_host(h.ipv4("192.0.2.1", "192.0.2.1", 80), 7000);
  h.run();
  // The host's own packet arrives first: it has no frame to receive from a port.
  ASSERT_EQ(seen.size(), 2u);
  const Arrival& wan = seen[1];
  const Arrival& own = seen[0];
  EXPECT_EQ(wan.bytes, sent);
  EXPECT_EQ(wan.arrival_ifl, in);
  // After the frame's arrival and the lookup's IPv4 program.
  const auto& lu = h.chip->params().lookup;
  EXPECT_GT(wan.at_ps, 5000 + ps_from_cycles(lu.ipv4_forward_cycles, lu.clock_ghz));
  EXPECT_EQ(own.arrival_ifl, 0u);
  EXPECT_GT(own.at_ps, 7000 + ps_from_cycles(lu.from_host_cycles, lu.clock_ghz));
  // The socket gets the same packets at the same times, after the observer.
  ASSERT_EQ(sink.got.size(), 2u);
  EXPECT_EQ(sink.got[1].bytes, sent);
  EXPECT_EQ(sink.got[0].at_ps, own.at_ps);
  EXPECT_EQ(sink.got[1].at_ps, wan.at_ps);
  EXPECT_EQ(h.chip->traffic().delivered_to_host_packets, 2u);
  EXPECT_TRUE(h.sent.empty());
  expect_conserved(*h.chip);
}

TEST(HostPath, ConservationWithPacketsBothWaysAndDrops) {
  Harness h;
  h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex out = h.chip->add_physical_interface("et-0/0/13", 13);
  h.chip->add_route(ip("10.2.0.0"), 16, NextHop::interface(out));
  h.chip->add_route(ip("192.0.2.1"), 32, NextHop::local());
  h.chip->add_route(ip("10.9.0.0"), 16, NextHop::discard());
  uint64_t received = 0;
  h.chip->set_host_observer([&](const Packet&, IfIndex, uint64_t) { ++received; });
  for (int i = 0; i < 20; ++i) {
    const uint64_t t = 1000 * static_cast<uint64_t>(i);
    h.chip->send_from_host(h.ipv4("192.0.2.1", i % 2 ? "10.2.0.1" : "192.0.2.1"), t);
    h.chip->inject(h.ipv4("1.1.1.1", i % 2 ? "10.2.0.1" : "192.0.2.1"), 12, t);
  }
  h.chip->send_from_host(h.ipv4("192.0.2.1", "10.9.0.1"), 30'000);   // discard route
  h.chip->send_from_host(h.ipv4("192.0.2.1", "172.16.0.1"), 31'000); // no route
  h.run();
  const TrafficStatistics& t = h.chip->traffic();
  EXPECT_EQ(t.from_host_packets, 22u);
  EXPECT_EQ(t.offered_packets, 20u);
  EXPECT_EQ(t.delivered_packets, 20u);
  EXPECT_EQ(t.delivered_to_host_packets, 20u);
  EXPECT_EQ(received, 20u);
  EXPECT_EQ(t.drops.total(), 2u);
  expect_conserved(*h.chip);
}

// lookup.from_host_cycles is the host packet's program: its departure moves
// by exactly the added cycles (the parameter family's test, with api_test's).
TEST(ParameterFamilies, FromHostCyclesSetTheHostProgram) {
  auto depart = [](uint32_t cycles) {
    Trio6Params params;
    params.lookup.from_host_cycles = cycles;
    Harness h(params);
    const IfIndex out = h.chip->add_physical_interface("et-0/0/12", 12);
    h.chip->add_route(ip("10.2.0.0"), 16, NextHop::interface(out));
    h.chip->send_from_host(h.ipv4("192.0.2.1", "10.2.0.9"), 0);
    h.run();
    EXPECT_EQ(h.sent.size(), 1u);
    return h.sent.empty() ? 0 : h.sent[0].last_bit_ps;
  };
  const double ghz = Trio6Params{}.lookup.clock_ghz;
  const double added_ps = static_cast<double>(ps_from_cycles(15'000, ghz) - ps_from_cycles(3'000, ghz));
  EXPECT_NEAR(static_cast<double>(depart(15'000) - depart(3'000)), added_ps, 2.0);
}

// A router: the host sends on one chip, the route leaves by the other (the
// chassis fabric), and the receiver hears every chip.
TEST(HostPath, RouterSendsAcrossTheChassisAndHearsEveryChip) {
  fresh_simulation_context();
  Mx304 mx("mx304", {0, 1});
  std::vector<std::vector<uint8_t>> left;
  mx.chip(1).set_egress_observer([&](const Packet& p, int port, uint64_t) {
    EXPECT_EQ(port, 4);
    left.push_back(bytes_of(p));
  });
  const IfIndex port1 = mx.chip(1).add_physical_interface("et-0/0/4", 4);
  const IfIndex in0 = mx.chip(0).add_physical_interface("et-0/0/12", 12);
  const IfIndex remote = mx.chip(0).add_remote_interface("et-0/0/4", 1, port1);
  mx.chip(0).add_route(ip("10.2.0.0"), 16, NextHop::interface(remote));
  mx.chip(1).add_route(ip("10.2.0.0"), 16, NextHop::interface(port1));
  for (int c = 0; c < 2; ++c) mx.chip(c).add_route(ip("192.0.2.1"), 32, NextHop::local());
  std::vector<std::pair<int, IfIndex>> heard;
  mx.set_host_receiver([&](int chip, const Packet&, IfIndex arrival, uint64_t) { heard.emplace_back(chip, arrival); });
  PacketPtr p = test::make_ipv4(mx.chip(0).pool(), "192.0.2.1", "10.2.0.1", 300);
  const std::vector<uint8_t> sent = bytes_of(*p);
  mx.send_from_host(0, std::move(p), 0);
  mx.chip(0).inject(test::make_ipv4(mx.chip(0).pool(), "1.1.1.1", "192.0.2.1"), 12, 0);
  const IfIndex in1 = mx.chip(1).add_physical_interface("et-0/0/5", 5);
  mx.chip(1).inject(test::make_ipv4(mx.chip(1).pool(), "1.1.1.1", "192.0.2.1"), 5, 0);
  run_until_drained(mx);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0], sent);
  ASSERT_EQ(heard.size(), 2u);
  std::sort(heard.begin(), heard.end());
  EXPECT_EQ(heard[0], (std::pair<int, IfIndex>{0, in0}));
  EXPECT_EQ(heard[1], (std::pair<int, IfIndex>{1, in1}));
  EXPECT_EQ(mx.from_host_packets(), 1u);
  EXPECT_EQ(mx.in_flight(), 0u);
  EXPECT_EQ(mx.offered_packets() + mx.from_host_packets(),
            mx.delivered_packets() + mx.delivered_to_host_packets() + mx.drops().total());
}

}  // namespace
}  // namespace trio6sim::models
