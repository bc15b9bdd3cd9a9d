// Time is arithmetic: cycles x period, bytes x 8 / rate. All simulated times
// are integer picoseconds (SystemC's default resolution).
#pragma once

#include <cmath>
#include <cstdint>

namespace trio6sim::models {

inline constexpr uint64_t kPsPerNs = 1000;
inline constexpr uint64_t kPsPerUs = 1000 * kPsPerNs;

// Times are non-negative, so rounding is + 0.5 and truncation (llround is a
// libm call on the hot path).
inline uint64_t round_ps(double ps) { return static_cast<uint64_t>(ps + 0.5); }
inline uint64_t ps_from_cycles(double cycles, double clock_ghz) { return round_ps(cycles * 1000.0 / clock_ghz); }
inline double cycles_from_ps(double ps, double clock_ghz) { return ps * clock_ghz / 1000.0; }
// Time to serialize `bytes` at `gbps`.
inline uint64_t ps_for_bytes(double bytes, double gbps) {
  return round_ps(bytes * 8.0 * 1000.0 / gbps);
}
// Bytes a server of `gbps` drains in `ps`.
inline double bytes_in_ps(double ps, double gbps) { return ps * gbps / 8000.0; }

// The last result of ps_for_bytes or ps_from_cycles at one call site, with
// its arguments. Traffic asks the same time for the same size or program
// over and over, and the division behind it sits on the hot path's latency;
// a hit returns the function's own earlier result, so times are unchanged.
struct LastTime {
  double x = std::nan("");  // NaN: the first call always computes
  double y = 0;
  uint64_t ps = 0;
};
inline uint64_t ps_for_bytes(double bytes, double gbps, LastTime& last) {
  if (bytes != last.x || gbps != last.y) last = {bytes, gbps, ps_for_bytes(bytes, gbps)};
  return last.ps;
}
inline uint64_t ps_from_cycles(double cycles, double clock_ghz, LastTime& last) {
  if (cycles != last.x || clock_ghz != last.y) last = {cycles, clock_ghz, ps_from_cycles(cycles, clock_ghz)};
  return last.ps;
}

}  // namespace trio6sim::models
