// Quantities as people write them in scenario files and on command lines:
// durations ("200us", "1.5ms", "2s"), rates ("400g", "10gbps", "10000pps",
// "1.2mpps"), sizes ("64", "9k"). Errors say what was expected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "packet/expected.h"

namespace trio6sim::scenario {

// The longest duration or time a scenario or command line may give:
// 1,000,000 s (1e18 ps, about 11.6 days: a soak of several days of rekeys).
// Picoseconds in a uint64_t overflow at about 1.8e7 s; sums such as a
// stream's last packet plus a few links' delays plus the drain stay below it.
// Times are integers everywhere (the streams keep their next packet's time
// as whole picoseconds and a fraction), so they stay exact to the end.
inline constexpr uint64_t kMaxDurationPs = 1'000'000'000'000'000'000ull;

// Picoseconds (the simulator's time unit). Units: ps, ns, us, ms, s. At most
// kMaxDurationPs, and a whole number of picoseconds ("0.5ps" is an error, not
// rounded).
Expected<uint64_t, std::string> parse_duration_ps(std::string_view text);

// A traffic rate: either bits per second (suffix k, m, g, t, optionally
// followed by "bps"; plain "bps") or packets per second ("pps", "kpps",
// "mpps"). Exactly one of the two is non-zero.
struct Rate {
  double bits_per_second = 0;
  double packets_per_second = 0;
};
Expected<Rate, std::string> parse_rate(std::string_view text);

// Formats picoseconds with the largest unit that keeps an integer ("200us").
std::string format_duration(uint64_t ps);

// A plain decimal as a user types it, without an exponent or trailing zeros
// ("2", "0.5", "0.0000001", "1150"): how messages repeat --scale-rates.
std::string format_decimal(double v);

}  // namespace trio6sim::scenario
