// The public link (models/link.h) between two hand-built chips: A's port 13
// is cabled to B's port 12. A routes 10.2/16 onto the cable and B routes it
// out of port 13; B routes 10.1/16 back onto the cable and A out of port 14.
// Times are checked to the picosecond against the parameters: a 500 B
// packet is a 538 B L1 frame (14 B header, 4 B FCS, 8 B preamble, 12 B
// gap), 43,040 ps at 100G and 430,400 ps at 10G.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "harness.h"
#include "models/config_error.h"
#include "models/link.h"
#include "models/link_pcap_tap.h"
#include "packet/pcap_io.h"

namespace trio6sim::models {
namespace {

using test::ip;
using test::make_ipv4;

constexpr std::size_t kL3 = 500;
constexpr uint64_t kL1 = kL3 + 14 + 4 + 8 + 12;
constexpr uint64_t kAt100g = kL1 * 80;   // ps: 8 bits at 100 Gbps are 80 ps
constexpr uint64_t kAt10g = kL1 * 800;
constexpr uint64_t kDelay = 1'234'567;  // ps

struct Seen {
  int from;
  uint64_t first_bit_ps;
  uint8_t dscp = 0;
  bool checksum_ok = false;
};

struct Recorder final : LinkTap {
  std::vector<Seen> seen;
  void frame_on_link(const Link&, int from, const Packet& p, uint64_t first_bit_ps) override {
    Ipv4ConstView v(p.data());
    seen.push_back({from, first_bit_ps, v.dscp(), v.checksum_ok()});
  }
};

// What left a chip's port: the packet's arrival at that chip (created_ps,
// the first bit at its port) and its last bit out.
struct Out {
  int port;
  uint64_t created_ps, last_bit_ps;
};

class Cabled {
 public:
  explicit Cabled(const LinkParams& params, const Trio6Params& b_params = {}) {
    fresh_simulation_context();
    a = std::make_unique<Trio6>("a");
    b = std::make_unique<Trio6>("b", b_params);
    a->add_physical_interface("et-0/0/12", 12);
    const IfIndex a_cable = a->add_physical_interface("et-0/0/13", 13);
    const IfIndex a_out = a->add_physical_interface("et-0/0/14", 14);
    const IfIndex b_cable = b->add_physical_interface("et-1/0/12", 12);
    const IfIndex b_out = b->add_physical_interface("et-1/0/13", 13);
    a->add_route(ip("10.2.0.0"), 16, NextHop::interface(a_cable));
    a->add_route(ip("10.1.0.0"), 16, NextHop::interface(a_out));
    b->add_route(ip("10.2.0.0"), 16, NextHop::interface(b_out));
    b->add_route(ip("10.1.0.0"), 16, NextHop::interface(b_cable));
    a->set_egress_observer([this](const Packet& p, int port, uint64_t t) { out_a.push_back({port, p.meta.created_ps, t}); });
    b->set_egress_observer([this](const Packet& p, int port, uint64_t t) { out_b.push_back({port, p.meta.created_ps, t}); });
    link = std::make_unique<Link>("link", LinkEnd{a.get(), 13}, LinkEnd{b.get(), 12}, params);
    link->set_tap(&tap);
  }
  ~Cabled() {
    link.reset();
    b.reset();
    a.reset();
  }
  // `n` frames A -> B into A's port 12, `gap_ps` apart from `start_ps`.
  void a_to_b(int n, uint64_t start_ps, uint64_t gap_ps) {
    for (int i = 0; i < n; ++i)
      a->inject(make_ipv4(a->pool(), "10.1.0.1", "10.2.0.1", kL3, 64, static_cast<uint32_t>(i)), 12,
                start_ps + static_cast<uint64_t>(i) * gap_ps);
  }
  void b_to_a(int n, uint64_t start_ps, uint64_t gap_ps) {
    for (int i = 0; i < n; ++i)
      b->inject(make_ipv4(b->pool(), "10.2.0.1", "10.1.0.1", kL3, 64, static_cast<uint32_t>(i)), 13,
                start_ps + static_cast<uint64_t>(i) * gap_ps);
  }
  void run() {
    sc_core::sc_start();
    run_until_ps(std::max(a->last_departure_ps(), b->last_departure_ps()));
  }
  std::vector<Out> left(const std::vector<Out>& out, int port) const {
    std::vector<Out> r;
    for (const Out& o : out)
      if (o.port == port) r.push_back(o);
    return r;
  }

  std::unique_ptr<Trio6> a, b;
  std::unique_ptr<Link> link;
  Recorder tap;
  std::vector<Out> out_a, out_b;
};

TEST(Link, DelayAndSerializationToThePicosecond) {
  Cabled c({.delay_ps = kDelay});
  c.a_to_b(20, 1'000'000, 1'000'000);
  c.run();
  const auto onto = c.left(c.out_a, 13);  // A's port onto the cable
  const auto off = c.left(c.out_b, 13);   // B's port after it
  ASSERT_EQ(onto.size(), 20u);
  ASSERT_EQ(off.size(), 20u);
  ASSERT_EQ(c.tap.seen.size(), 20u);
  for (std::size_t i = 0; i < 20; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(c.tap.seen[i].from, 0);
    // The tap's time is the first bit: one 100G frame time before the last.
    EXPECT_EQ(c.tap.seen[i].first_bit_ps, onto[i].last_bit_ps - kAt100g);
    // B's port has the first bit `delay` later.
    EXPECT_EQ(off[i].created_ps, c.tap.seen[i].first_bit_ps + kDelay);
  }
  EXPECT_EQ(c.link->frames_carried(0), 20u);
  EXPECT_EQ(c.link->frames_carried(1), 0u);
  EXPECT_EQ(c.link->gbps_from(0), 100);
}

TEST(Link, ASlowerCableSerializesAtItsRate) {
  // Back to back at 100G into a 10G cable: the frames leave the cable one
  // 10G frame time apart, and B's 100G port gets each so that its last bit
  // is in when the cable's last bit is.
  Cabled c({.delay_ps = kDelay, .gbps = 10});
  c.a_to_b(10, 1'000'000, kAt100g);
  c.run();
  const auto onto = c.left(c.out_a, 13);
  const auto off = c.left(c.out_b, 13);
  ASSERT_EQ(off.size(), 10u);
  ASSERT_EQ(c.tap.seen.size(), 10u);
  EXPECT_EQ(c.link->gbps_from(0), 10);
  const uint64_t first_onto = onto[0].last_bit_ps - kAt100g;
  for (std::size_t i = 0; i < 10; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(c.tap.seen[i].first_bit_ps, first_onto + i * kAt10g);  // queued for the cable
    EXPECT_EQ(off[i].created_ps, c.tap.seen[i].first_bit_ps + kDelay + kAt10g - kAt100g);
  }
}

TEST(Link, ASlowerCableBuffersBoundedAndCountsTheRest) {
  Cabled c({.gbps = 10, .buffer_bytes = 10 * kL1});
  c.a_to_b(100, 1'000'000, kAt100g);
  c.run();
  // The first frame goes straight onto the cable; while ten are waiting the
  // next is lost. At 10x the cable's rate, nine in ten are lost at length.
  EXPECT_EQ(c.link->frames_carried(0) + c.link->lost_overrun(0), 100u);
  EXPECT_GE(c.link->frames_carried(0), 11u);
  EXPECT_LE(c.link->frames_carried(0), 22u);
  EXPECT_EQ(c.left(c.out_b, 13).size(), c.link->frames_carried(0));
}

TEST(Link, EndsAtTwoRatesNeedTheCablesRate) {
  Trio6Params slow;
  slow.port_group.port_gbps[12] = 10;
  EXPECT_THROW(Cabled({}, slow), ConfigError);
  // With the cable's rate given, each direction runs at the slowest side:
  // B's 10G port, whichever way.
  Cabled c({.gbps = 100}, slow);
  EXPECT_EQ(c.link->gbps_from(0), 10);
  EXPECT_EQ(c.link->gbps_from(1), 10);
  c.a_to_b(10, 1'000'000, kAt100g);
  c.run();
  const auto off = c.left(c.out_b, 13);
  ASSERT_EQ(off.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i)  // B's port takes a frame at 10G: its first bit when it started on the cable
    EXPECT_EQ(off[i].created_ps, c.tap.seen[i].first_bit_ps);
  EXPECT_EQ(c.tap.seen[9].first_bit_ps - c.tap.seen[0].first_bit_ps, 9 * kAt10g);
}

TEST(Link, DownLosesAndCountsWhatLeavesThenUpCarriesAgain) {
  Cabled c({.delay_ps = kDelay});
  c.link->add_state_change(9'500'000, true);  // out of order: the link sorts them
  c.link->add_state_change(5'500'000, false);
  uint64_t counted = 0;
  c.link->set_loss_counter([&](int from) { counted += from == 0 ? 1 : 100; });
  c.a_to_b(12, 1'000'000, 1'000'000);
  c.run();
  // A's port sends all twelve; those whose first bit leaves while the cable
  // is down, [5.5 us, 9.5 us), are lost.
  const auto onto = c.left(c.out_a, 13);
  ASSERT_EQ(onto.size(), 12u);
  uint64_t down = 0;
  for (const Out& o : onto) down += o.last_bit_ps - kAt100g >= 5'500'000 && o.last_bit_ps - kAt100g < 9'500'000;
  EXPECT_EQ(down, 4u);  // a microsecond apart
  EXPECT_EQ(c.link->lost_down(0), down);
  EXPECT_EQ(c.link->lost_down(1), 0u);
  EXPECT_EQ(counted, down);
  EXPECT_EQ(c.link->frames_carried(0), 12 - down);
  EXPECT_EQ(c.left(c.out_b, 13).size(), 12 - down);
  for (const Seen& s : c.tap.seen) EXPECT_TRUE(s.first_bit_ps < 5'500'000 || s.first_bit_ps >= 9'500'000);
  EXPECT_FALSE(c.link->up_at(5'500'000));
  EXPECT_TRUE(c.link->up_at(9'500'000));
}

// A re-marking core (remark_dscp): every packet goes onto the cable with
// the DSCP, both ways, its IPv4 checksum right; without it, unchanged.
TEST(Link, RemarkDscpMarksEveryPacketBothWays) {
  for (const bool remark : {true, false}) {
    LinkParams params{.delay_ps = kDelay};
    if (remark) params.remark_dscp = 10;
    Cabled c(params);
    c.a_to_b(3, 1'000'000, 1'000'000);
    c.b_to_a(2, 1'500'000, 1'000'000);
    c.run();
    ASSERT_EQ(c.tap.seen.size(), 5u);
    for (const Seen& s : c.tap.seen) {
      EXPECT_EQ(s.dscp, remark ? 10 : 0);
      EXPECT_TRUE(s.checksum_ok);
    }
    EXPECT_EQ(c.left(c.out_b, 13).size(), 3u);  // both chips forwarded them
    EXPECT_EQ(c.left(c.out_a, 14).size(), 2u);
  }
}

TEST(Link, TheTapSeesBothDirections) {
  Cabled c({.delay_ps = kDelay});
  c.a_to_b(3, 1'000'000, 1'000'000);
  c.b_to_a(2, 1'500'000, 1'000'000);
  c.run();
  EXPECT_EQ(c.link->frames_carried(0), 3u);
  EXPECT_EQ(c.link->frames_carried(1), 2u);
  EXPECT_EQ(c.left(c.out_b, 13).size(), 3u);  // A -> B, out of B
  EXPECT_EQ(c.left(c.out_a, 14).size(), 2u);  // B -> A, out of A
  ASSERT_EQ(c.tap.seen.size(), 5u);
  const auto a_sent = c.left(c.out_a, 13), b_sent = c.left(c.out_b, 12);
  ASSERT_EQ(b_sent.size(), 2u);
  std::size_t ia = 0, ib = 0;
  for (const Seen& s : c.tap.seen) {
    const Out& sent = s.from == 0 ? a_sent.at(ia++) : b_sent.at(ib++);
    EXPECT_EQ(s.first_bit_ps, sent.last_bit_ps - kAt100g);
  }
  // B -> A arrives at A's port `delay` after it left B's.
  const auto b_to_a = c.left(c.out_a, 14);
  for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(b_to_a[i].created_ps, b_sent[i].last_bit_ps - kAt100g + kDelay);
}

TEST(Link, ThePcapTapWritesBothDirections) {
  const std::string path = ::testing::TempDir() + "link_test.pcap";
  {
    Cabled c({.delay_ps = kDelay});
    LinkPcapTap pcap(path);
    c.link->set_tap(&pcap);
    c.a_to_b(3, 1'000'000, 1'000'000);
    c.b_to_a(2, 1'500'000, 1'000'000);
    c.run();
    EXPECT_EQ(pcap.frames(), 5u);
    pcap.close();
    // In the order the cable carried them, each stamped with its first bit.
    struct Want {
      int from;
      uint64_t first_bit_ps;
    };
    std::vector<Want> want;
    for (const Out& o : c.left(c.out_a, 13)) want.push_back({0, o.last_bit_ps - kAt100g});
    for (const Out& o : c.left(c.out_b, 12)) want.push_back({1, o.last_bit_ps - kAt100g});
    std::sort(want.begin(), want.end(), [](const Want& x, const Want& y) { return x.first_bit_ps < y.first_bit_ps; });
    auto r = PcapReader::open(path);
    ASSERT_TRUE(r.has_value()) << r.error();
    for (const Want& w : want) {
      auto rec = r->next();
      ASSERT_TRUE(rec.has_value() && rec->has_value());
      const PcapRecord& got = **rec;
      EXPECT_EQ(got.timestamp_ns, w.first_bit_ps / 1000);
      ASSERT_EQ(got.bytes.size(), 14 + kL3);
      // 06:00:00:00:E:P <- 02:00:00:00:E:P, E the end it left, P that end's port; IPv4.
      const std::vector<uint8_t> mac(got.bytes.begin(), got.bytes.begin() + 14);
      const uint8_t e = static_cast<uint8_t>(w.from), port = w.from == 0 ? 13 : 12;
      EXPECT_EQ(mac, (std::vector<uint8_t>{6, 0, 0, 0, e, port, 2, 0, 0, 0, e, port, 0x08, 0x00}));
    }
    auto end = r->next();
    ASSERT_TRUE(end.has_value());
    EXPECT_FALSE(end->has_value());
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace trio6sim::models
