// The chip under more load than it can carry: interface output counts what
// has left a port (never more than its line rate), a source faster than its
// port cannot queue without bound before the port, and every packet is
// accounted for.
#include <gtest/gtest.h>

#include "harness.h"
#include "models/units.h"

namespace trio6sim::models {
namespace {

using test::Harness;
using test::ip;

constexpr std::size_t kL3 = 1482;             // 1,500 B frames (FCS included)
constexpr double kL1 = 1500 + 8 + 12;         // with preamble and inter-frame gap
constexpr uint64_t kFramePs = 121'600;        // 1,520 B at 100 Gbps

// Two 100G ports at line rate into one 100G port: twice what it can send.
// Read while the egress queue is full, the output counter has counted only
// what has left, at the port's rate; the rest is queue occupancy, and after
// the drain output equals what was delivered.
TEST(Overload, OutputCountsFramesThatLeftNotFramesQueued) {
  Harness h;
  h.chip->add_physical_interface("et-0/0/12", 12);
  h.chip->add_physical_interface("et-0/0/14", 14);
  const IfIndex out = h.chip->add_physical_interface("et-0/0/13", 13);
  h.chip->add_route(ip("10.0.0.0"), 8, NextHop::interface(out));
  constexpr int kFrames = 200;  // per input port: 24.3 us at line rate
  for (int i = 0; i < kFrames; ++i) {
    h.chip->inject(h.ipv4("1.1.1.1", "10.0.0.1", kL3, 64, 1), 12, i * kFramePs);
    h.chip->inject(h.ipv4("1.1.1.2", "10.0.0.2", kL3, 64, 2), 14, i * kFramePs);
  }
  const IflCounters zero = h.chip->counters(out);
  const uint64_t t_ps = 20 * kPsPerUs;
  sc_core::sc_start(sc_core::sc_time::from_value(t_ps));
  const IflCounters at_t = h.chip->counters(out);
  const IflRates r = rates_between(zero, at_t, static_cast<double>(t_ps) * 1e-12);
  // L1 output rate within the line rate (the first frame needs the lookup's
  // latency to arrive, so strictly below).
  EXPECT_LE(r.output_pps * kL1 * 8, 100e9);
  EXPECT_GT(r.output_pps * kL1 * 8, 90e9);
  EXPECT_GT(h.chip->frames_awaiting_departure(), 50u) << "the egress queue holds the excess";
  h.run();
  const IflCounters end = h.chip->counters(out);
  EXPECT_EQ(end.output_packets, h.chip->traffic().delivered_packets);
  EXPECT_EQ(h.chip->frames_awaiting_departure(), 0u);
  EXPECT_EQ(h.chip->traffic().offered_packets,
            h.chip->traffic().delivered_packets + h.chip->traffic().drops.total());
}

// A source offering twice a port's line rate: the port takes frames at line
// rate; what runs more than the ingress backlog ahead of the line is dropped
// as "port group overrun", so the work queued behind the port stays bounded.
TEST(Overload, SourceFasterThanItsPortIsBoundedAndDropped) {
  Harness h;
  h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex out = h.chip->add_physical_interface("et-0/0/13", 13);
  h.chip->add_route(ip("10.0.0.0"), 8, NextHop::interface(out));
  constexpr int kFrames = 10'000;
  for (int i = 0; i < kFrames; ++i)
    h.chip->inject(h.ipv4("1.1.1.1", "10.0.0.1", kL3, 64, 1), 12, i * kFramePs / 2);
  const uint64_t backlog_frames =
      static_cast<uint64_t>(h.chip->params().port_group.ingress_backlog_bytes / kL1) + 1;
  // Everything injected is filed at once (the generator runs ahead): what the
  // lookup holds is what the port accepted, about half plus the backlog.
  EXPECT_LE(h.chip->slice(1).lookup().pending(), kFrames / 2 + backlog_frames + 1);
  h.run();
  const TrafficStatistics& t = h.chip->traffic();
  EXPECT_NEAR(static_cast<double>(t.drops[DropCause::kPortGroupOverrun]), kFrames / 2.0, backlog_frames + 2.0);
  EXPECT_EQ(t.offered_packets, t.delivered_packets + t.drops.total());
  EXPECT_EQ(h.chip->counters(out).output_packets, t.delivered_packets);
}

}  // namespace
}  // namespace trio6sim::models
