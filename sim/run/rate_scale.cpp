#include "rate_scale.h"

#include <algorithm>
#include <charconv>
#include <fmt/core.h>

#include "scenario/scenario_loader.h"

namespace trio6sim::run {

std::optional<double> parse_scale(const std::string& text) {
  // Plain decimals only: "1e3", "inf", "0x10", "+2" and "-1" are refused, so
  // what was typed is what the report says.
  const bool digits_and_point =
      std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
  const auto points = std::count(text.begin(), text.end(), '.');
  if (text.empty() || text.size() > 30 || !digits_and_point || points > 1 || text == ".") return std::nullopt;
  double x = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || ptr != text.data() + text.size() || !(x > 0)) return std::nullopt;
  return x;
}

bool scales_by_default(const std::string& counter) {
  if (counter.starts_with("interfaces.")) return true;
  if (counter.starts_with("chassis_fabric.")) return true;
  for (const char* carried : {"ipsec.encrypted_packets", "ipsec.encrypted_bytes", "ipsec.decrypted_packets",
                              "ipsec.decrypted_bytes"})
    if (counter == carried) return true;
  return false;  // drops.*, ipsec error counters
}

Expected<scenario::ScenarioSpec, std::string> scale_rates(scenario::ScenarioSpec spec, double x) {
  if (x == 1) return spec;
  std::string errors;
  for (auto& g : spec.generators)
    for (auto& s : g.streams) {
      s.rate.packets_per_second *= x;
      s.rate.bits_per_second *= x;
      // A rate the generator cannot follow (a stream at 1e-20 pps would wait
      // past every time the simulator can hold): refused, as in the file.
      const bool pps = s.rate.packets_per_second > 0;
      const double v = pps ? s.rate.packets_per_second : s.rate.bits_per_second;
      const double lo = pps ? scenario::kMinStreamPps : scenario::kMinStreamBps;
      const double hi = pps ? scenario::kMaxStreamPps : scenario::kMaxStreamBps;
      if (v < lo || v > hi)
        errors += fmt::format("--scale-rates {}: stream {} ({}) would send {:g} {}, outside the rates a generator "
                              "can send, {}\n",
                              scenario::format_decimal(x), s.name, s.where.str(), v, pps ? "pps" : "bps",
                              pps ? "1 pps to 100 gpps" : "1 kbps to 100 tbps");
    }
  if (!errors.empty()) return unexpected(errors);
  for (auto& e : spec.expectations) {
    if (!e.value || !e.scales.value_or(scales_by_default(e.counter))) continue;
    e.value_as_written = *e.value;
    *e.value *= x;
    e.scaled_by = x;
  }
  return spec;
}

}  // namespace trio6sim::run
