// Reads a scenario file (YAML, docs/scenarios.md) into a ScenarioSpec.
// Every error names the file, the line and what was expected; unknown keys
// are errors, so nothing in a scenario is silently ignored.
#pragma once

#include <algorithm>
#include <string>

#include "packet/expected.h"
#include "scenario_spec.h"

namespace trio6sim::scenario {

Expected<ScenarioSpec, std::string> load_scenario(const std::string& path);
Expected<ScenarioSpec, std::string> parse_scenario(const std::string& text, const std::string& source_name,
                                                   const std::string& base_dir);

// The n-th address of a range (first + n * step, as big-endian numbers).
IpAddress address_at(const AddressRange& range, uint32_t n);
// Whether first + n * step passes the end of the address space
// (255.255.255.255 or ffff:...:ffff) for some n < count: such a range is an
// error, never wrapped around to 0.0.0.0.
bool range_wraps(const AddressRange& range);
// The prefixes of a learned route block as an address range: its count
// consecutive prefixes of its length (/24s step by 0.0.1.0).
AddressRange prefix_range(const LearnedRouteSpec& block);

// Stream rates a generator can follow: it advances in picoseconds, so a rate
// must give a packet interval of at least a few picoseconds and at most the
// longest run (kMaxDurationPs). Far beyond any port: the line-rate check of
// the run then names the port a stream is too fast for.
inline constexpr double kMinStreamPps = 1;
inline constexpr double kMaxStreamPps = 1e11;     // 100 gpps
inline constexpr double kMinStreamBps = 1e3;      // 1 kbps
inline constexpr double kMaxStreamBps = 1e14;     // 100 tbps
// The smallest frame (FCS included) that holds a UDP packet: 14 B Ethernet
// + 20 B IPv4 or 40 B IPv6 + 8 B UDP + 4 B FCS; and Ethernet's 64 B minimum.
inline constexpr uint32_t kMinFrameBytesV4 = 64;
inline constexpr uint32_t kMinFrameBytesV6 = 66;
// A stream's smallest frame: the above, plus 4 B for an 802.1Q tag.
inline uint32_t min_frame_bytes(const StreamSpec& s) {
  const uint32_t tag = s.ethernet && s.ethernet->vlan ? 4 : 0;
  const uint32_t headers = (s.family == IpAddress::Family::kV6 ? 66 : 46) + tag;
  return std::max(kMinFrameBytesV4, headers);
}

// The IMIX that `frame_size: imix` means: 78, 570 and 1450 B frames in the
// proportion 7:4:1 (FCS included), as Juniper published it for a Trio 6
// single tunnel (SRX4700 techpost [S]) and as `trio6sim probe` uses it.
const std::vector<ImixEntry>& simple_imix();

}  // namespace trio6sim::scenario
