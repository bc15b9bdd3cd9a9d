// A tunnel's event history as `show security ipsec security-associations
// detail` prints it under "Tunnel events" [I]: newest first; a sequence of
// events repeated back to back is folded into one group whose lines carry
// the latest repetition's time and "(N times)", the group's oldest line
// tagged "<- [repeated sequence START]" and its newest "<- [repeated
// sequence END]"; an event that is not repeated reads "(1 times)".
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace trio6sim::control {

// The event texts, with Junos' own capitalisation [I], [T-MX].
namespace tunnel_event {
inline constexpr const char* kNegotiationSucceeds = "IPsec SA negotiation succeeds";
inline constexpr const char* kRekeyInitiated = "IPSEC SA rekey initiated because soft life timer expired";
inline constexpr const char* kRekeySucceeds = "IPsec SA rekey succeeds";
inline constexpr const char* kDeletedHardLifetime =
    "IPSec SA is deleted because IPSec SA hard life-time expired, sent DEL notification";
inline constexpr const char* kDeletedByPeer = "IPSec SA is deleted because received DEL notification from peer";
// Not in the seeds: worded after the seeds' pattern (an assumption).
inline constexpr const char* kDeletedPeerDead = "IPSec SA is deleted because peer is dead (DPD), no DEL notification";
inline constexpr const char* kDeletedByClear = "IPSec SA is deleted because of clear command, sent DEL notification";
inline constexpr const char* kNegotiationFailed = "IPsec SA negotiation failed";
// IKE SA reauthentication (`reauth-frequency`, RFC 7296 2.8.3): not in the
// seeds either; worded after the rekey's and the deletions' lines (an
// assumption). The initiator's line, once per reauthentication; each new
// Child SA's; each old Child SA's as the old IKE SA's DELETE takes it.
inline constexpr const char* kReauthInitiated = "IKE SA reauthentication initiated because reauth lifetime expired";
inline constexpr const char* kReauthSucceeds = "IPsec SA negotiation succeeds during IKE SA reauthentication";
inline constexpr const char* kReauthFailed = "IPsec SA negotiation failed during IKE SA reauthentication";
inline constexpr const char* kDeletedReauthenticated =
    "IPSec SA is deleted because IKE SA is reauthenticated, sent DEL notification";
inline constexpr const char* kDeletedReauthenticatedByPeer =
    "IPSec SA is deleted because IKE SA is reauthenticated, received DEL notification from peer";
}  // namespace tunnel_event

struct TunnelEvent {
  uint64_t at_ps = 0;
  const char* text = "";  // one of tunnel_event's constants: no copy per event
};

class TunnelEvents {
 public:
  // The newest kKept events stay (memory stays flat over a soak of days;
  // a day of 180 s lifetimes adds about 1,440). Junos' own bound is not
  // published; this one is the model's.
  static constexpr std::size_t kKept = 4096;
  void add(uint64_t at_ps, const char* text) {
    events_.push_back({at_ps, text});
    if (events_.size() > kKept) events_.pop_front();
  }
  const std::deque<TunnelEvent>& all() const { return events_; }  // oldest first
  std::size_t count(const std::string& text) const;
  // The "Tunnel events" lines, newest first, folded; `timestamp` turns a
  // simulated time into Junos' date ("Mon Nov 17 2025 21:54:47").
  std::vector<std::string> lines(std::string (*timestamp)(uint64_t)) const;

 private:
  std::deque<TunnelEvent> events_;
};

}  // namespace trio6sim::control
