// The fabric and lookup-engine conformance suites
// (models/block_conformance_fabric_lookup.h) run against the library's
// blocks, and shown to fail for blocks that break the contract: a fabric
// that loses jobs, one whose queue has no bound, one that hands jobs on
// inside the lookahead; a lookup engine that counts no port input, one whose
// dispatch queue has no bound.
#include "models/block_conformance_fabric_lookup.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <iostream>
#include <limits>
#include <string>

#include "models/fabric.h"
#include "models/lookup_engine.h"

namespace trio6sim::models::conformance {
namespace {

INSTANTIATE_TEST_SUITE_P(Library, FabricConformance, testing::Values(FabricUnderTest{"library", {}}),
                         [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(Library, LookupEngineConformance, testing::Values(LookupUnderTest{"library", {}}),
                         [](const auto& info) { return info.param.name; });

// The chip's services as a broken block sees them: parameters of its own,
// and (optionally) port input that is never counted. Everything else goes
// to the chip.
class AlteredChip : public ChipServices {
 public:
  AlteredChip(ChipServices& chip, const std::function<void(Trio6Params&)>& alter, bool count_port_input = true)
      : chip_(chip), params_(chip.params()), count_port_input_(count_port_input) {
    alter(params_);
  }
  const Trio6Params& params() const override { return params_; }
  const ForwardingState& forwarding() const override { return chip_.forwarding(); }
  const Window& window() const override { return chip_.window(); }
  void drop(Job& job, DropCause cause, DropPlace place) override { chip_.drop(job, cause, place); }
  void offered(const Job& job, uint32_t l1_bytes) override { chip_.offered(job, l1_bytes); }
  void from_host(const Job& job) override { chip_.from_host(job); }
  void arrived_from_chassis() override { chip_.arrived_from_chassis(); }
  void left_for_chassis() override { chip_.left_for_chassis(); }
  void delivered(Job& job, uint64_t last_bit_ps, uint32_t l1_bytes) override {
    chip_.delivered(job, last_bit_ps, l1_bytes);
  }
  void deliver_to_host(Job& job, uint64_t at_ps) override { chip_.deliver_to_host(job, at_ps); }
  void count_port_input(const Job& job) override {
    if (count_port_input_) chip_.count_port_input(job);
  }
  void count_input(IfIndex ifl, std::size_t bytes) override { chip_.count_input(ifl, bytes); }
  void count_output(IfIndex ifl, std::size_t bytes) override { chip_.count_output(ifl, bytes); }
  void count_output_at_departure(int port, IfIndex unit_ifl, uint32_t frame_bytes, uint64_t last_bit_ps) override {
    chip_.count_output_at_departure(port, unit_ifl, frame_bytes, last_bit_ps);
  }
  void tunnel_miss(IfIndex st0) override { chip_.tunnel_miss(st0); }
  PacketPtr acquire_packet() override { return chip_.acquire_packet(); }
  void fragmented(const Job& job, uint32_t fragments) override { chip_.fragmented(job, fragments); }
  void flooded(const Job& job, uint32_t copies) override { chip_.flooded(job, copies); }

 private:
  ChipServices& chip_;
  Trio6Params params_;
  bool count_port_input_;
};

// A library block built on an AlteredChip it owns (a base, so that it is
// built before the block that keeps references into it).
struct OwnsAlteredChip {
  AlteredChip altered;
};
template <class Block>
class Altered : private OwnsAlteredChip, public Block {
 public:
  template <class... SliceIndex>
  Altered(const char* name, ChipServices& chip, const std::function<void(Trio6Params&)>& alter, bool count_port_input,
          SliceIndex... slice)
      : OwnsAlteredChip{AlteredChip(chip, alter, count_port_input)}, Block(name, altered, slice...) {}
};

FabricUnderTest altered_fabric(const char* name, std::function<void(Trio6Params&)> alter) {
  return {name, [alter](const char* n, ChipServices& chip) -> std::unique_ptr<FabricBlock> {
            return std::make_unique<Altered<Fabric>>(n, chip, alter, true);
          }};
}
LookupUnderTest altered_lookup(const char* name, std::function<void(Trio6Params&)> alter, bool count_port_input) {
  return {name,
          [alter, count_port_input](const char* n, ChipServices& chip, int slice) -> std::unique_ptr<LookupEngineBlock> {
            return std::make_unique<Altered<LookupEngine>>(n, chip, alter, count_port_input, slice);
          }};
}

// The library's fabric, but every 100th job is freed without a word.
class LossyFabric : public Fabric {
 public:
  using Fabric::Fabric;

 protected:
  void handle(Job&& job, uint64_t now) override {
    if (++jobs_ % 100 == 0) {
      job.packet.reset();
      return;
    }
    Fabric::handle(std::move(job), now);
  }

 private:
  uint64_t jobs_ = 0;
};

// A check failed, saying `why` (the message is printed, for the reader).
void expect_failure(const testing::AssertionResult& result, const std::string& why) {
  EXPECT_FALSE(result);
  EXPECT_NE(std::string(result.message()).find(why), std::string::npos) << result.message();
  std::cout << "  fails as it should: " << result.message() << "\n";
}

// Tests of the tests: each suite catches a block that breaks one duty.
TEST(FabricConformanceSelfTest, AFabricThatLosesOneJobInAHundredFails) {
  const FabricUnderTest lossy{"lossy", [](const char* n, ChipServices& chip) -> std::unique_ptr<FabricBlock> {
                                return std::make_unique<LossyFabric>(n, chip);
                              }};
  const testing::AssertionResult result = fabric_conserves(lossy);
  expect_failure(result, "the fabric took");
}

TEST(FabricConformanceSelfTest, AFabricWithAnUnboundedQueueFails) {
  const FabricUnderTest unbounded = altered_fabric(
      "unbounded", [](Trio6Params& p) { p.fabric.queue_depth_bytes = std::numeric_limits<uint64_t>::max() / 2; });
  const testing::AssertionResult result = fabric_bounded_input(unbounded);
  expect_failure(result, "not bounded");
}

TEST(FabricConformanceSelfTest, AFabricWithoutLatencyFailsTheLookahead) {
  const FabricUnderTest instant = altered_fabric("instant", [](Trio6Params& p) { p.fabric.latency_ns = 0; });
  const testing::AssertionResult result = fabric_keeps_lookahead(instant);
  expect_failure(result, "earlier than fabric.latency_ns");
}

TEST(LookupEngineConformanceSelfTest, ALookupThatCountsNoPortInputFails) {
  const LookupUnderTest uncounting = altered_lookup("uncounting", [](Trio6Params&) {}, false);
  const testing::AssertionResult result = lookup_keeps_counters(uncounting);
  expect_failure(result, "et-0/0/12 counted 0 input packets");
}

TEST(LookupEngineConformanceSelfTest, ALookupWithAnUnboundedQueueFails) {
  const LookupUnderTest unbounded = altered_lookup(
      "unbounded", [](Trio6Params& p) { p.lookup.dispatch_queue_depth_packets = std::numeric_limits<uint32_t>::max(); },
      true);
  const testing::AssertionResult result = lookup_bounded_queue(unbounded);
  expect_failure(result, "not bounded");
}

}  // namespace
}  // namespace trio6sim::models::conformance
