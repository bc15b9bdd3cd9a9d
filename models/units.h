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

}  // namespace trio6sim::models
