// A conformance suite for an IPsec engine that replaces the library's
// (replaceable_blocks.h): a googletest fixture a user runs against their own
// block, checking the duties docs/library.md lists ("A replacement block")
// on a chip with the block in it. Header-only; the user links GTest.
//
//   #include <gtest/gtest.h>
//   #include "models/block_conformance.h"
//   namespace conformance = trio6sim::models::conformance;
//   INSTANTIATE_TEST_SUITE_P(MyEngine, conformance::IpsecEngineConformance,
//                            testing::Values(conformance::EngineUnderTest{"mine", make_my_engine}));
//
// Each check runs probes (probe.h) of 1,500 B frames into PFE 0's engine,
// whose block sits inside an observer that counts what it takes and what it
// hands on. Each is also a function returning testing::AssertionResult, so a
// test can show that a broken block fails it.
// The fabric's and the lookup engine's suites: block_conformance_fabric_lookup.h.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

#include "block_conformance_support.h"
#include "chip_services.h"
#include "ipsec_engine.h"
#include "probe.h"
#include "replaceable_blocks.h"
#include "units.h"

namespace trio6sim::models::conformance {

using EngineUnderTest = BlockUnderTest<BlockFactory::IpsecEngineMaker>;

// What one probe saw of the engine on PFE 0.
struct EngineRun {
  ProbeResult result;
  uint64_t taken = 0;                // jobs the engine took from the SI anchors
  uint64_t handed_on_encrypted = 0;  // jobs it handed to the loopback, sealed
  uint64_t handed_on_decrypted = 0;  // ... opened
  uint64_t early = 0;                // handed on before now + ipsec.pipeline_latency_cycles
  DropCounters engine_drops;         // counted at DropPlace::ipsec_engine(0)
  uint64_t unplaced_drops = 0;       // counted at DropPlace::unnamed()
  uint64_t outside_si_input = 0;     // input packets of si-F/P/0.1, the outside unit
  uint64_t st0_input = 0;            // input packets of every st0 unit
};

// The block under test inside a shell with the same sockets, which counts
// the jobs crossing them and checks the lookahead rule of what leaves.
class ObservedEngine : public sc_core::sc_module, public IpsecEngineBlock {
 public:
  ObservedEngine(const sc_core::sc_module_name& name, const BlockFactory::IpsecEngineMaker& make, ChipServices& chip,
                 int slice, EngineRun& run)
      : sc_core::sc_module(name),
        in_("in", kSiPerSlice),
        to_block_("to_block", kSiPerSlice),
        from_block_("from_block"),
        out_("out"),
        block_(make ? make("block", chip, slice) : std::make_unique<IpsecEngine>("block", chip, slice)),
        run_(run),
        min_delay_ps_(ps_from_cycles(chip.params().ipsec.pipeline_latency_cycles, chip.params().ipsec.clock_ghz)) {
    for (int i = 0; i < kSiPerSlice; ++i) {
      in_[i].register_take<&ObservedEngine::take>(this, i);
      to_block_[i].bind(block_->si_input(i));
    }
    from_block_.register_take<&ObservedEngine::hand_on>(this);
    block_->loopback_output().bind(from_block_);
  }

  JobTargetPort& si_input(int i) override { return in_[i]; }
  JobInitiatorPort& loopback_output() override { return out_; }
  void add_sa(uint32_t id, const crypto::SaConfig& c, SaDirection d) override { block_->add_sa(id, c, d); }
  bool remove_sa(uint32_t id) override { return block_->remove_sa(id); }
  std::size_t sa_count(SaDirection d) const override { return block_->sa_count(d); }
  void set_sa_tunnel(uint32_t id, IfIndex st0) override { block_->set_sa_tunnel(id, st0); }
  crypto::IpsecStatistics sa_statistics(uint32_t id) const override { return block_->sa_statistics(id); }
  crypto::IpsecStatistics statistics() const override { return block_->statistics(); }
  double utilization(const Window& w) const override { return block_->utilization(w); }
  double backlog_bytes(uint64_t t) const override { return block_->backlog_bytes(t); }
  bool busy(uint64_t t) const override { return block_->busy(t); }
  void set_lookahead_ps(uint64_t lookahead, uint64_t lead = 0) override { block_->set_lookahead_ps(lookahead, lead); }

 private:
  void take(int i, Job&& job, uint64_t at_ps) {
    ++run_.taken;
    send(to_block_[i], std::move(job), at_ps);
  }
  void hand_on(Job&& job, uint64_t at_ps) {
    if (at_ps < now_ps() + min_delay_ps_) ++run_.early;
    ++(job.chip.pass == Pass::kPostEncrypt ? run_.handed_on_encrypted : run_.handed_on_decrypted);
    send(out_, std::move(job), at_ps);
  }

  sc_core::sc_vector<JobTargetSocket<ObservedEngine>> in_;
  sc_core::sc_vector<JobInitiatorSocket<ObservedEngine>> to_block_;
  JobTargetSocket<ObservedEngine> from_block_;
  JobInitiatorSocket<ObservedEngine> out_;
  std::unique_ptr<IpsecEngineBlock> block_;
  EngineRun& run_;
  uint64_t min_delay_ps_;
};

// One probe into PFE 0's engine (the only one used): 1,500 B frames,
// timing only, `tunnels` tunnels, `gbps` offered (400: a third above the
// library engine's 300 Gbps).
inline EngineRun run_engine(const EngineUnderTest& engine, ProbeDirection direction, double gbps, uint32_t tunnels = 4,
                            uint64_t duration_us = 60) {
  EngineRun run;
  ProbeConfig c;
  c.frame_bytes = {1500};
  c.offered_gbps = gbps;
  c.direction = direction;
  c.tunnels = tunnels;
  c.timing_only = true;
  c.duration_ps = duration_us * kPsPerUs;
  c.blocks.ipsec_engine = [&](const char* name, ChipServices& chip, int slice) -> std::unique_ptr<IpsecEngineBlock> {
    if (slice == 0) return std::make_unique<ObservedEngine>(name, engine.make, chip, slice, run);
    // PFE 1's engine carries nothing in these probes.
    return engine.make ? engine.make(name, chip, slice) : std::make_unique<IpsecEngine>(name, chip, slice);
  };
  c.inspect = [&](const Trio6& chip) {
    run.engine_drops = drops_at(chip, DropPlace::ipsec_engine(0));
    run.unplaced_drops = drops_at(chip, DropPlace::unnamed()).total();
    if (const auto outside = chip.find_interface("si-F/P/0.1")) run.outside_si_input = chip.counters(*outside).input_packets;
    for (uint32_t t = 1; t <= tunnels; ++t)
      if (const auto st0 = chip.find_interface("st0." + std::to_string(t))) run.st0_input += chip.counters(*st0).input_packets;
  };
  run.result = run_probe(c);
  return run;
}

// Overloaded, the engine bounds its input: the backlog stops growing (the
// probe's steady state) and the excess is dropped at the engine as "crypto
// queue full". An engine faster than 400 Gbps of 1,500 B need not drop. A
// deep queue may still be filling at the end of a short window, so a window
// that ends growing is tried again four times as long, up to about 1 ms (a
// queue of about 12 MB at 100 Gbps of excess): an unbounded queue grows in
// every window.
inline testing::AssertionResult bounded_input(const EngineUnderTest& engine) {
  const EngineRun run = run_until_steady(
      {60, 240, 960}, [&](uint64_t us) { return run_engine(engine, ProbeDirection::kEncrypt, 400, 1, us); });
  const ProbeResult& r = run.result;
  if (!r.steady) return unbounded(r, 960, "the input");
  if (r.dropped_packets > 0 && run.engine_drops[DropCause::kCryptoQueueFull] == 0)
    return testing::AssertionFailure() << r.dropped_packets << " packets dropped under overload, none at the engine "
                                       << "as crypto queue full (the limiting place: " << r.drop_place << ")";
  return testing::AssertionSuccess();
}

// Every job the engine takes it hands on or drops at its own place (block
// conservation), and the chip's offered = delivered + drops holds, with
// nothing left in flight; no drop goes unplaced.
inline testing::AssertionResult conserves(const EngineUnderTest& engine) {
  const EngineRun run = run_engine(engine, ProbeDirection::kBoth, 400);
  const uint64_t accounted = run.handed_on_encrypted + run.handed_on_decrypted + run.engine_drops.total();
  if (run.taken != accounted)
    return testing::AssertionFailure() << "the engine took " << run.taken << " jobs but handed on "
                                       << run.handed_on_encrypted + run.handed_on_decrypted << " and dropped "
                                       << run.engine_drops.total() << " at its place";
  return chip_conserved(run.result, run.unplaced_drops);
}

// The counters around the engine match what it did: each sealed packet
// re-enters on the outside si unit, each opened one arrives on its tunnel's
// st0 unit (the block sets job.chip.tunnel from the SA), and the block's own
// statistics (`show security ipsec statistics`) count the same packets.
inline testing::AssertionResult keeps_counters(const EngineUnderTest& engine) {
  const EngineRun enc = run_engine(engine, ProbeDirection::kEncrypt, 200);
  if (enc.handed_on_encrypted == 0) return testing::AssertionFailure() << "nothing was encrypted";
  if (enc.outside_si_input != enc.handed_on_encrypted)
    return testing::AssertionFailure() << "the outside si unit counted " << enc.outside_si_input << " input packets, the "
                                       << "engine sealed " << enc.handed_on_encrypted;
  if (enc.result.ipsec.encrypted_packets != enc.handed_on_encrypted)
    return testing::AssertionFailure() << "the engine's statistics count " << enc.result.ipsec.encrypted_packets
                                       << " encrypted packets, it handed on " << enc.handed_on_encrypted;
  const EngineRun dec = run_engine(engine, ProbeDirection::kDecrypt, 200);
  if (dec.handed_on_decrypted == 0) return testing::AssertionFailure() << "nothing was decrypted";
  if (dec.st0_input != dec.handed_on_decrypted)
    return testing::AssertionFailure() << "the st0 units counted " << dec.st0_input << " input packets, the engine "
                                       << "opened " << dec.handed_on_decrypted << " (is job.chip.tunnel set?)";
  if (dec.result.ipsec.decrypted_packets != dec.handed_on_decrypted)
    return testing::AssertionFailure() << "the engine's statistics count " << dec.result.ipsec.decrypted_packets
                                       << " decrypted packets, it handed on " << dec.handed_on_decrypted;
  return testing::AssertionSuccess();
}

// The lookahead rule: no job reaches the loopback earlier than the
// simulation's time plus ipsec.pipeline_latency_cycles, which the lookup
// engine's lookahead counts on (timed_block.h).
inline testing::AssertionResult keeps_lookahead(const EngineUnderTest& engine) {
  const EngineRun run = run_engine(engine, ProbeDirection::kBoth, 400);
  if (run.early != 0)
    return testing::AssertionFailure() << run.early << " jobs handed on earlier than the pipeline latency";
  return testing::AssertionSuccess();
}

class IpsecEngineConformance : public testing::TestWithParam<EngineUnderTest> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(IpsecEngineConformance);

TEST_P(IpsecEngineConformance, BoundsItsInputAndDropsTheExcessAtItsPlace) { EXPECT_TRUE(bounded_input(GetParam())); }
TEST_P(IpsecEngineConformance, HandsOnOrDropsEveryJob) { EXPECT_TRUE(conserves(GetParam())); }
TEST_P(IpsecEngineConformance, CountersAroundItMatchWhatItDid) { EXPECT_TRUE(keeps_counters(GetParam())); }
TEST_P(IpsecEngineConformance, StampsNoJobInsideTheLookahead) { EXPECT_TRUE(keeps_lookahead(GetParam())); }

}  // namespace trio6sim::models::conformance
