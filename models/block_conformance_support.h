// What the conformance suites share (block_conformance.h: the IPsec engine;
// block_conformance_fabric_lookup.h: the fabric and the lookup engine): what
// a suite is instantiated with, the overload windows tried until one ends
// steady, and the chip's side of conservation. Its own header because each suite's header defines its
// googletest fixtures and so is included by one file of a test program.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>

#include "probe.h"

namespace trio6sim::models::conformance {

// What a suite is instantiated with: a name for the test's and the block's
// maker (a BlockFactory entry; empty: the library's own block).
template <class Maker>
struct BlockUnderTest {
  std::string name;
  Maker make;
};
template <class Maker>
void PrintTo(const BlockUnderTest<Maker>& block, std::ostream* os) {
  *os << block.name;
}

// Drops counted at `place` (read once the probe has drained).
inline const DropCounters& drops_at(const Trio6& chip, DropPlace place) { return chip.drops_by_place()[place.id()]; }

// Runs `run_for(window_us)` for each window in turn until the probe ends
// steady, and returns the last run (any struct with a ProbeResult `result`).
// A deep queue may still be filling at the end of a short window, so a
// window that ends growing is tried again longer: an unbounded queue grows
// in every window.
template <class RunFor>
auto run_until_steady(std::initializer_list<uint64_t> windows_us, RunFor run_for) {
  decltype(run_for(uint64_t{})) run;
  for (uint64_t us : windows_us) {
    run = run_for(us);
    if (run.result.steady) break;
  }
  return run;
}

// The failure of a probe whose backlog still grew in its last window
// (`window_us` long): `queue` names what is not bounded.
inline testing::AssertionResult unbounded(const ProbeResult& r, uint64_t window_us, std::string_view queue) {
  return testing::AssertionFailure() << "the backlog grew from " << r.backlog_mid_packets << " to "
                                     << r.backlog_end_packets << " packets in a " << window_us << " us window (p99 "
                                     << r.latency_p99_ns << " ns): " << queue << " is not bounded";
}

// The chip's side of conservation: offered (and from the host) = delivered
// (and to the host) + drops with nothing left in flight, and no drop
// counted without a place (`unplaced_drops`, at DropPlace::unnamed()).
inline testing::AssertionResult chip_conserved(const ProbeResult& r, uint64_t unplaced_drops) {
  if (!r.conserved)
    return testing::AssertionFailure() << "the chip is not conserved: offered " << r.offered_packets << ", delivered "
                                       << r.delivered_packets << ", dropped " << r.dropped_packets;
  if (unplaced_drops != 0)
    return testing::AssertionFailure() << unplaced_drops << " drops without a place (DropPlace::unnamed())";
  return testing::AssertionSuccess();
}

}  // namespace trio6sim::models::conformance
