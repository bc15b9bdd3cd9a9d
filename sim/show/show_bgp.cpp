#include "show_bgp.h"

#include <fmt/core.h>

namespace trio6sim::show {

std::string bgp_last_up_down(uint64_t seconds) {
  const uint64_t days = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;
  if (days > 0) return fmt::format("{}d {}:{:02}:{:02}", days, h, m, s);
  if (h > 0) return fmt::format("{}:{:02}:{:02}", h, m, s);
  if (m > 0) return fmt::format("{}:{:02}", m, s);
  return fmt::format("{}", s);
}

std::string bgp_summary(const BgpSummary& s) {
  uint64_t down = 0;
  for (const auto& p : s.peers) down += p.state != "Establ";
  std::string out = "Threading mode: BGP I/O\n";
  out += "Default eBGP mode: advertise - accept, receive - accept\n";
  out += fmt::format("Groups: {} Peers: {} Down peers: {}\n", s.groups, s.peers.size(), down);
  out += "Table          Tot Paths  Act Paths Suppressed    History Damp State    Pending\n";
  for (const auto& t : s.tables) {
    out += t.name + "\n";
    out += fmt::format("{:>24}{:>11}{:>11}{:>11}{:>11}{:>11}\n", t.total_paths, t.active_paths, t.suppressed,
                       t.history, t.damp_state, t.pending);
  }
  out += "Peer                     AS      InPkt     OutPkt    OutQ   Flaps Last Up/Dwn State|#Active/Received/"
         "Accepted/Damped...\n";
  for (const auto& p : s.peers) {
    out += fmt::format("{:<16}{:>11}{:>11}{:>11}{:>8}{:>8}{:>12} {}\n", p.address, p.as, p.in_packets, p.out_packets,
                       p.out_queue, p.flaps, bgp_last_up_down(p.last_up_down_seconds), p.state);
    for (const auto& r : p.ribs)
      out += fmt::format("  {}: {}/{}/{}/{}\n", r.table, r.active, r.received, r.accepted, r.damped);
  }
  return out;
}

}  // namespace trio6sim::show
