// An MX10004 with an LC9600 (models/mx10k.h): the card's chips keyed by
// (FPC, PIC), the 400GE ports on the first slot of each port group, traffic
// between two ports of one chip (through the chip's own fabric) and between
// chips (through the chassis fabric), and the chassis' configuration errors.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "harness.h"
#include "models/chassis_fabric.h"
#include "models/mx10k.h"
#include "models/units.h"

namespace trio6sim::models {
namespace {

using test::Egress;
using test::ip;
using test::make_ipv4;

// LC9600 port -> chip slot (the scenario layer's table, assumption A7):
// et-F/P/0 slice 0 PG0, et-F/P/1 slice 1 PG0, et-F/P/2 slice 0 PG1,
// et-F/P/3 slice 1 PG1, each on its PG's first slot (MX304 numbering [M]).
constexpr int kPort0 = 12, kPort1 = 0, kPort2 = 8, kPort3 = 4;

Mx10kParams one_lc9600(int fpc, std::vector<int> pics = {0, 1, 2, 3, 4, 5}) {
  Mx10kParams p;
  p.fpc_slots = 4;  // MX10004 [HW2101]
  p.cards.push_back({fpc, LineCardType::kLc9600, std::move(pics)});
  return p;
}

struct Router {
  explicit Router(const Mx10kParams& chassis) {
    fresh_simulation_context();
    mx = std::make_unique<Mx10k>("mx10004", chassis);
    sent.resize(mx->chip_count());
    for (std::size_t c = 0; c < mx->chip_count(); ++c)
      mx->chip(static_cast<int>(c)).set_egress_observer([this, c](const Packet& p, int port, uint64_t t) {
        sent[c].push_back({{p.bytes().begin(), p.bytes().end()}, port, t});
      });
  }
  ~Router() { mx.reset(); }
  void run() { run_until_drained(*mx); }
  void expect_conserved() {
    EXPECT_EQ(mx->in_flight(), 0u);
    EXPECT_EQ(mx->offered_packets(), mx->delivered_packets() + mx->delivered_to_host_packets() + mx->drops().total());
  }
  uint64_t chassis_packets() const {
    uint64_t n = 0;
    for (std::size_t c = 0; c < mx->chip_count(); ++c)
      for (int pfe = 0; pfe < kSlices; ++pfe) n += mx->chassis_fabric().queue(static_cast<int>(c), pfe).counters().packets;
    return n;
  }

  std::unique_ptr<Mx10k> mx;
  std::vector<std::vector<Egress>> sent;
};

TEST(Mx10k, AnLc9600HasSixChipsKeyedByFpcAndPicWith400gPortsOnePerPortGroup) {
  Router r(one_lc9600(2));
  ASSERT_EQ(r.mx->chip_count(), 6u);  // six Trio 6 per LC9600 [L, HW9600]
  for (int pic = 0; pic < 6; ++pic) {
    const int c = r.mx->chip_index(2, pic);
    EXPECT_EQ(r.mx->chip_label(static_cast<std::size_t>(c)), "fpc2_pic" + std::to_string(pic));
    const auto& gbps = r.mx->chip(c).params().port_group.port_gbps;
    for (int slot = 0; slot < kPortsPerChip; ++slot)
      EXPECT_EQ(gbps[slot], slot % kPortsPerPortGroup == 0 ? kLc9600PortGbps : 0.0) << "slot " << slot;
  }
  EXPECT_EQ(slice_of_port(kPort0), 0);
  EXPECT_EQ(slice_of_port(kPort2), 0);
  EXPECT_EQ(slice_of_port(kPort1), 1);
  EXPECT_EQ(slice_of_port(kPort3), 1);
  EXPECT_THROW(r.mx->chip_index(1, 0), ConfigError);  // slot 1 is empty
}

TEST(Mx10k, TrafficFromEt2_1_0ToEt2_1_3StaysOnTheChipAndCrossesItsSlices) {
  Router r(one_lc9600(2, {1}));
  Trio6& chip = r.mx->chip(r.mx->chip_index(2, 1));
  chip.add_physical_interface("et-2/1/0", kPort0);
  const IfIndex out = chip.add_physical_interface("et-2/1/3", kPort3);
  chip.add_route(ip("10.3.0.0"), 16, NextHop::interface(out));
  constexpr int kPackets = 10;
  for (int i = 0; i < kPackets; ++i)
    chip.inject(make_ipv4(chip.pool(), "1.1.1.1", "10.3.0.1", 1000), kPort0, static_cast<uint64_t>(i) * 100'000);
  r.run();
  ASSERT_EQ(r.sent[0].size(), static_cast<std::size_t>(kPackets));
  EXPECT_EQ(r.sent[0][0].port, kPort3);
  EXPECT_EQ(slice_of_port(kPort0), 0);  // in on slice 0 (PFE 0), out on slice 1 (PFE 1)
  EXPECT_EQ(chip.slice_of_interface(out), 1);
  EXPECT_EQ(chip.counters(out).output_packets, static_cast<uint64_t>(kPackets));
  EXPECT_EQ(r.chassis_packets(), 0u);  // one chip: the chassis fabric is not on the path
  r.expect_conserved();
}

// A port of one chip and a port of another, joined by a route across the
// chassis fabric; `packets` sent from the first to the second.
struct Crossing {
  int from_chip, from_slot;
  std::string from_name;
  int to_chip, to_slot;
  std::string to_name;
};

void send_across(Router& r, const Crossing& x, int packets) {
  Trio6& a = r.mx->chip(x.from_chip);
  Trio6& b = r.mx->chip(x.to_chip);
  a.add_physical_interface(x.from_name, x.from_slot);
  const IfIndex far = b.add_physical_interface(x.to_name, x.to_slot);
  a.add_route(ip("10.9.0.0"), 16, NextHop::interface(a.add_remote_interface(x.to_name, x.to_chip, far)));
  for (int i = 0; i < packets; ++i)
    a.inject(make_ipv4(a.pool(), "1.1.1.1", "10.9.0.1", 600), x.from_slot, static_cast<uint64_t>(i) * 100'000);
  r.run();
}

TEST(Mx10k, TrafficBetweenChipsOfTheCardCrossesTheChassisFabric) {
  Router r(one_lc9600(2));
  const int c1 = r.mx->chip_index(2, 1), c4 = r.mx->chip_index(2, 4);
  constexpr int kPackets = 5;
  send_across(r, {c1, kPort0, "et-2/1/0", c4, kPort1, "et-2/4/1"}, kPackets);
  ASSERT_EQ(r.sent[static_cast<std::size_t>(c4)].size(), static_cast<std::size_t>(kPackets));
  EXPECT_EQ(r.sent[static_cast<std::size_t>(c4)][0].port, kPort1);
  // The queue toward (PIC 4, slice 1: et-2/4/1's PFE) carried them all, and no other.
  EXPECT_EQ(r.mx->chassis_fabric().queue(c4, 1).counters().packets, static_cast<uint64_t>(kPackets));
  EXPECT_EQ(r.chassis_packets(), static_cast<uint64_t>(kPackets));
  r.expect_conserved();
}

TEST(Mx10k, TwoCardsInAnMx10008ShareOneChassisFabric) {
  Mx10kParams p;
  p.fpc_slots = 8;  // MX10008 [HW2101]
  p.cards = {{2, LineCardType::kLc9600, {1}}, {7, LineCardType::kLc9600, {0}}};
  Router r(p);
  const int c2 = r.mx->chip_index(2, 1), c7 = r.mx->chip_index(7, 0);
  send_across(r, {c2, kPort2, "et-2/1/2", c7, kPort0, "et-7/0/0"}, 1);
  ASSERT_EQ(r.sent[static_cast<std::size_t>(c7)].size(), 1u);
  EXPECT_EQ(r.mx->chassis_fabric().queue(c7, 0).counters().packets, 1u);
  r.expect_conserved();
}

TEST(Mx10k, SlotsPicsAndCardsTheChassisCannotHoldAreConfigErrors) {
  fresh_simulation_context();
  auto make = [](const Mx10kParams& p) { Mx10k("mx", p); };
  EXPECT_THROW(make(one_lc9600(4)), ConfigError);         // an MX10004 has FPC 0..3
  EXPECT_THROW(make(one_lc9600(2, {6})), ConfigError);     // an LC9600 has PIC 0..5
  EXPECT_THROW(make(one_lc9600(2, {1, 1})), ConfigError);  // listed twice
  EXPECT_THROW(make(one_lc9600(2, {})), ConfigError);      // no chip at all
  Mx10kParams two = one_lc9600(2, {0});
  two.cards.push_back({2, LineCardType::kLc9600, {1}});
  EXPECT_THROW(make(two), ConfigError);  // two cards in one slot
}

}  // namespace
}  // namespace trio6sim::models
