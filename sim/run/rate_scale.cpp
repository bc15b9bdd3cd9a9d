#include "rate_scale.h"

#include <algorithm>
#include <charconv>

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

scenario::ScenarioSpec scale_rates(scenario::ScenarioSpec spec, double x) {
  if (x == 1) return spec;
  for (auto& g : spec.generators)
    for (auto& s : g.streams) {
      s.rate.packets_per_second *= x;
      s.rate.bits_per_second *= x;
    }
  for (auto& e : spec.expectations) {
    if (!e.value || !e.scales.value_or(scales_by_default(e.counter))) continue;
    *e.value *= x;
    e.scaled_by = x;
  }
  return spec;
}

}  // namespace trio6sim::run
