// The replacement-block conformance suite (models/block_conformance.h) run
// against the library's IPsec engine and a replacement that overrides only
// the documented hook, and shown to fail for a block that breaks the
// contract.
#include "models/block_conformance.h"

#include <gtest/gtest.h>

#include <array>

namespace trio6sim::models::conformance {
namespace {

// A design study's engine from the hook alone: two lanes at half the width
// each. It keeps no busy time, backlog or meter of its own: the base class
// keeps the input bounded from the completions the hook returns.
class HookOnlyEngine : public IpsecEngine {
 public:
  using IpsecEngine::IpsecEngine;

 protected:
  uint64_t cipher_done_ps(const Job&, std::size_t inner_bytes, uint64_t now) override {
    uint64_t& lane = lanes_[0] <= lanes_[1] ? lanes_[0] : lanes_[1];
    const double cycles =
        static_cast<double>(inner_bytes) / (params_.bytes_per_cycle / 2) + params_.per_packet_overhead_cycles;
    lane = std::max(now, lane) + ps_from_cycles(cycles, params_.clock_ghz);
    return lane;
  }

 private:
  std::array<uint64_t, 2> lanes_{};
};

// A broken engine written from the interface: it takes every job and
// frees its packet without a word (no drop counted, nothing handed on).
class DiscardingEngine : public sc_core::sc_module, public IpsecEngineBlock {
 public:
  DiscardingEngine(const sc_core::sc_module_name& name, ChipServices&, int)
      : sc_core::sc_module(name), in_("in", kSiPerSlice), out_("out") {
    for (auto& in : in_) in.register_take<&DiscardingEngine::take>(this);
  }
  JobTargetPort& si_input(int i) override { return in_[i]; }
  JobInitiatorPort& loopback_output() override { return out_; }
  void add_sa(uint32_t, const crypto::SaConfig&, SaDirection d) override { ++sas_[static_cast<int>(d)]; }
  bool remove_sa(uint32_t) override { return true; }
  std::size_t sa_count(SaDirection d) const override { return sas_[static_cast<int>(d)]; }
  void set_sa_tunnel(uint32_t, IfIndex) override {}
  crypto::IpsecStatistics sa_statistics(uint32_t) const override { return {}; }
  crypto::IpsecStatistics statistics() const override { return {}; }
  double utilization(const Window&) const override { return 0; }
  double backlog_bytes(uint64_t) const override { return 0; }
  bool busy(uint64_t) const override { return false; }
  void set_lookahead_ps(uint64_t, uint64_t) override {}

 private:
  void take(Job&& job, uint64_t) { job.packet.reset(); }
  sc_core::sc_vector<JobTargetSocket<DiscardingEngine>> in_;
  JobInitiatorSocket<DiscardingEngine> out_;
  std::array<std::size_t, 2> sas_{};
};

template <class Engine>
EngineUnderTest engine(const char* name) {
  return {name, [](const char* n, ChipServices& chip, int slice) -> std::unique_ptr<IpsecEngineBlock> {
            return std::make_unique<Engine>(n, chip, slice);
          }};
}

INSTANTIATE_TEST_SUITE_P(Library, IpsecEngineConformance, testing::Values(EngineUnderTest{"library", {}}),
                         [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(HookOnly, IpsecEngineConformance, testing::Values(engine<HookOnlyEngine>("hook_only")),
                         [](const auto& info) { return info.param.name; });

// A test of the tests: the suite catches a block that loses jobs.
TEST(IpsecEngineConformanceSelfTest, ABlockThatDiscardsSilentlyFails) {
  const EngineUnderTest broken = engine<DiscardingEngine>("discarding");
  EXPECT_FALSE(conserves(broken));
  EXPECT_FALSE(keeps_counters(broken));
}

}  // namespace
}  // namespace trio6sim::models::conformance
