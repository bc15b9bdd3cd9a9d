// Junos `show bgp summary` in the layout of the blog's [I] (seed lines
// 1769-1783): the EVPN peers of a mac-vrf router, their path counts from
// the routes the model exchanged. Pure functions over plain data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trio6sim::show {

// A RIB's paths for one peer, "bgp.evpn.0: 13/13/13/0" (active, received,
// accepted, damped).
struct BgpPeerRib {
  std::string table;
  uint64_t active = 0, received = 0, accepted = 0, damped = 0;
};

struct BgpPeer {
  std::string address;  // "12.1.1.2"
  uint32_t as = 0;
  // Counters the model does not simulate (scenario key `show_counters`).
  uint64_t in_packets = 0, out_packets = 0, out_queue = 0, flaps = 0;
  uint64_t last_up_down_seconds = 0;
  std::string state = "Establ";
  std::vector<BgpPeerRib> ribs;
};

struct BgpTable {
  std::string name;  // "bgp.evpn.0"
  uint64_t total_paths = 0, active_paths = 0, suppressed = 0, history = 0, damp_state = 0, pending = 0;
};

struct BgpSummary {
  uint32_t groups = 0;
  std::vector<BgpTable> tables;
  std::vector<BgpPeer> peers;
};

std::string bgp_summary(const BgpSummary& s);

// Junos' Last Up/Dwn: seconds as "S", "M:SS", "H:MM:SS", then "Nd H:MM:SS".
std::string bgp_last_up_down(uint64_t seconds);

}  // namespace trio6sim::show
