// A block runs alone, without a chip: PG0's IPsec loopback between a
// source and a sink, its chip a fake ChipServices that records what the
// block reports.
#include "models/chip_services.h"

#include <gtest/gtest.h>

#include <map>

#include "models/ipsec_loopback.h"
#include "models/simulation.h"

namespace trio6sim::models {
namespace {

class FakeChip : public ChipServices {
 public:
  const Trio6Params& params() const override { return params_; }
  const ForwardingState& forwarding() const override { return fib_; }
  const Window& window() const override { return window_; }
  void drop(Job& job, DropCause cause, DropPlace place) override {
    drops[place.id()].count(cause);
    job.packet.reset();
  }
  void offered(const Job&, uint32_t) override {}
  void from_host(const Job&) override {}
  void arrived_from_chassis() override {}
  void left_for_chassis() override {}
  void delivered(Job&, uint64_t, uint32_t) override {}
  void deliver_to_host(Job&, uint64_t) override {}
  void count_port_input(const Job&) override {}
  void count_input(IfIndex ifl, std::size_t) override { ++input_packets[ifl]; }
  void count_output(IfIndex, std::size_t) override {}
  void count_output_at_departure(int, IfIndex, uint32_t, uint64_t) override {}
  void tunnel_miss(IfIndex) override {}
  PacketPtr acquire_packet() override { return pool.acquire(); }
  void fragmented(const Job&, uint32_t fragments) override { fragment_counts.push_back(fragments); }
  void flooded(const Job&, uint32_t) override {}

  PacketPool pool;
  std::vector<uint32_t> fragment_counts;  // one entry per split job
  std::map<std::size_t, DropCounters> drops;  // by place
  std::map<IfIndex, uint64_t> input_packets;

 private:
  Trio6Params params_;
  ForwardingState fib_;
  Window window_;
};

struct Source : sc_core::sc_module {
  JobInitiatorSocket<Source> out{"out"};
  explicit Source(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {}
};

struct Sink : sc_core::sc_module {
  JobTargetSocket<Sink> in{"in"};
  uint64_t jobs = 0;
  explicit Sink(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    in.register_take<&Sink::take>(this);
  }
  void take(Job&&, uint64_t) { ++jobs; }
};

TEST(ChipServices, ABlockRunsAloneWithAFakeChip) {
  fresh_simulation_context();
  PacketPool pool;
  FakeChip chip;
  Source source("source");
  IpsecLoopback loopback("loopback", chip, 0);
  Sink sink("sink");
  source.out.bind(loopback.from_engine);
  loopback.to_lookup.bind(sink.in);
  sc_core::sc_start(sc_core::SC_ZERO_TIME);  // elaboration: the sockets are bound

  // ESP packets leaving the engine, all at once: the loopback counts each on
  // the outside si unit it re-enters on, passes what its depth holds and
  // drops the rest at its own place.
  const IfIndex outside = 7;
  const uint64_t sent = 1000;
  for (uint64_t i = 0; i < sent; ++i) {
    Job job;
    job.packet = pool.acquire();
    ASSERT_NE(job.packet->push_back(1400), nullptr);
    job.chip.pass = Pass::kPostEncrypt;
    job.chip.si_return_ifl = outside;
    source.out.send(std::move(job), 0);
  }
  const DropCounters& dropped = chip.drops[DropPlace::ipsec_loopback(0).id()];
  EXPECT_EQ(chip.input_packets[outside], sent);
  EXPECT_GT(dropped[DropCause::kIpsecLoopbackOverrun], 0u);
  EXPECT_EQ(sink.jobs + dropped.total(), sent);
  EXPECT_EQ(sink.jobs, loopback.packets());
}

}  // namespace
}  // namespace trio6sim::models
