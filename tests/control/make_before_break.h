// The make-before-break check of the daemon's tests: a replay of the
// programming two back-to-back daemons asked for (tests/control/ike_pair.h).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "ike_pair.h"

namespace trio6sim::control::ike_pair {

// What each side has programmed at a time: installed inbound SPIs and the
// outbound SPI in use.
struct DataPlane {
  std::set<uint32_t> inbound[2];
  std::set<uint32_t> outbound[2];
};

// Replays the programming in order, checking at every step that each side
// only sends on an SPI the other side can open by the time its first packet
// arrives (a wire delay later), and that an inbound SA
// leaves only after its sender stopped using it at least a wire delay
// before (so no packet in flight meets "no SA").
inline void expect_make_before_break(const Pair& p) {
  DataPlane dp;
  std::map<uint32_t, uint64_t> stopped_sending;  // outbound SPI -> when its sender stopped
  std::map<uint32_t, uint64_t> inbound_at;       // inbound SPI -> when it was installed
  for (const auto& e : p.programming)
    if (e.p.kind == SaProgramming::Kind::kInstallInbound) inbound_at.emplace(e.p.sa.spi, e.at);
  for (const auto& e : p.programming) {
    const uint32_t spi = e.p.sa.spi;
    switch (e.p.kind) {
      case SaProgramming::Kind::kInstallInbound: dp.inbound[e.side].insert(spi); break;
      case SaProgramming::Kind::kInstallOutbound:
        EXPECT_TRUE(inbound_at.contains(spi) && inbound_at.at(spi) <= e.at + p.latency)
            << "side " << e.side << " sends on 0x" << std::hex << spi << " before the peer can open it";
        dp.outbound[e.side].insert(spi);
        break;
      case SaProgramming::Kind::kRemoveOutbound:
        dp.outbound[e.side].erase(spi);
        stopped_sending[spi] = e.at;
        break;
      case SaProgramming::Kind::kRemoveInbound: {
        EXPECT_FALSE(dp.outbound[1 - e.side].contains(spi))
            << "side " << e.side << " removes inbound 0x" << std::hex << spi << " while the peer still sends on it";
        auto it = stopped_sending.find(spi);
        if (it != stopped_sending.end()) {
          EXPECT_GE(e.at, it->second + p.latency);
        }
        dp.inbound[e.side].erase(spi);
        break;
      }
    }
  }
}

}  // namespace trio6sim::control::ike_pair
