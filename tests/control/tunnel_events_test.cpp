// The "Tunnel events" folding against the blog's PE1 output (seed
// inline-ipsec-mx-series-blog.txt, `show security ipsec
// security-associations detail`): its ten lines from the events they stand for.
#include <gtest/gtest.h>

#include "control/tunnel_events.h"

namespace trio6sim::control {
namespace {

std::string hhmmss(uint64_t s) {
  return "Mon Nov 17 2025 " + std::to_string(s / 3600 / 10) + std::to_string(s / 3600 % 10) + ":" +
         std::to_string(s / 60 % 60 / 10) + std::to_string(s / 60 % 10) + ":" + std::to_string(s % 60 / 10) +
         std::to_string(s % 10);
}
uint64_t at(int h, int m, int s) { return uint64_t(h) * 3600 + m * 60 + s; }

TEST(TunnelEvents, FoldsTheBlogsHistory) {
  using namespace tunnel_event;
  TunnelEvents e;
  // Twice as responder (15:26:26 the second time), four times as initiator
  // (the last at 18:40:37), once as responder, three times as initiator.
  for (int i = 0; i < 2; ++i) {
    e.add(at(15, 26, 26) - (1 - i) * 2900, kRekeySucceeds);
    e.add(at(15, 26, 26) - (1 - i) * 2900, kDeletedByPeer);
  }
  for (int i = 0; i < 4; ++i)
    for (const char* t : {kRekeyInitiated, kRekeySucceeds, kDeletedHardLifetime}) e.add(at(18, 40, 37) - (3 - i) * 2900, t);
  e.add(at(19, 28, 56), kRekeySucceeds);
  e.add(at(19, 28, 59), kDeletedByPeer);
  for (int i = 0; i < 3; ++i)
    for (const char* t : {kRekeyInitiated, kRekeySucceeds, kDeletedHardLifetime}) e.add(at(21, 54, 47) - (2 - i) * 2900, t);
  const std::vector<std::string> blog = {
      "Mon Nov 17 2025 21:54:47: IPSec SA is deleted because IPSec SA hard life-time expired, sent DEL notification (3 times) <- [repeated sequence END]",
      "Mon Nov 17 2025 21:54:47: IPsec SA rekey succeeds (3 times)",
      "Mon Nov 17 2025 21:54:47: IPSEC SA rekey initiated because soft life timer expired (3 times) <- [repeated sequence START]",
      "Mon Nov 17 2025 19:28:59: IPSec SA is deleted because received DEL notification from peer (1 times)",
      "Mon Nov 17 2025 19:28:56: IPsec SA rekey succeeds (1 times)",
      "Mon Nov 17 2025 18:40:37: IPSec SA is deleted because IPSec SA hard life-time expired, sent DEL notification (4 times) <- [repeated sequence END]",
      "Mon Nov 17 2025 18:40:37: IPsec SA rekey succeeds (4 times)",
      "Mon Nov 17 2025 18:40:37: IPSEC SA rekey initiated because soft life timer expired (4 times) <- [repeated sequence START]",
      "Mon Nov 17 2025 15:26:26: IPSec SA is deleted because received DEL notification from peer (2 times) <- [repeated sequence END]",
      "Mon Nov 17 2025 15:26:26: IPsec SA rekey succeeds (2 times) <- [repeated sequence START]",
  };
  EXPECT_EQ(e.lines(&hhmmss), blog);
}

TEST(TunnelEvents, SingleEventsReadOneTime) {
  TunnelEvents e;
  e.add(5, tunnel_event::kNegotiationSucceeds);
  ASSERT_EQ(e.lines(&hhmmss).size(), 1u);
  EXPECT_EQ(e.lines(&hhmmss)[0], "Mon Nov 17 2025 00:00:05: IPsec SA negotiation succeeds (1 times)");
}

}  // namespace
}  // namespace trio6sim::control
