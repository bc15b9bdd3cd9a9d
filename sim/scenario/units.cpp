#include "units.h"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace trio6sim::scenario {

namespace {

// Splits "12.5us" into 12.5 and "us"; false when no number leads.
bool split_number(std::string_view text, double& value, std::string_view& suffix) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr == text.data()) return false;
  suffix = text.substr(static_cast<std::size_t>(ptr - text.data()));
  while (!suffix.empty() && suffix.front() == ' ') suffix.remove_prefix(1);
  return std::isfinite(value) && value >= 0;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

}  // namespace

Expected<uint64_t, std::string> parse_duration_ps(std::string_view text) {
  double v;
  std::string_view suffix;
  if (!split_number(text, v, suffix))
    return unexpected("expected a duration such as 200us, got '" + std::string(text) + "'");
  static constexpr std::array<std::pair<std::string_view, double>, 5> kUnits = {
      {{"ps", 1}, {"ns", 1e3}, {"us", 1e6}, {"ms", 1e9}, {"s", 1e12}}};
  const std::string s = lower(suffix);
  for (auto [name, scale] : kUnits) {
    if (s != name) continue;
    const double ps = v * scale;
    if (ps > static_cast<double>(kMaxDurationPs))
      return unexpected("'" + std::string(text) + "' is longer than the maximum of " + format_duration(kMaxDurationPs));
    const double whole = std::round(ps);
    // Decimal fractions are not exact in binary ("0.1us" is 100000.00000000001
    // ps): a few units in the last place are rounding; more is a fraction of
    // a picosecond.
    if (std::fabs(ps - whole) > 1e-6 + ps * 2.5e-16)
      return unexpected("'" + std::string(text) + "' is not a whole number of picoseconds (the time resolution)");
    return static_cast<uint64_t>(whole);
  }
  return unexpected("expected a duration unit (ps, ns, us, ms, s) in '" + std::string(text) + "'");
}

Expected<Rate, std::string> parse_rate(std::string_view text) {
  double v;
  std::string_view suffix;
  if (!split_number(text, v, suffix))
    return unexpected("expected a rate such as 400g or 10000pps, got '" + std::string(text) + "'");
  std::string s = lower(suffix);
  Rate r;
  if (s.ends_with("pps")) {
    s.resize(s.size() - 3);
    double scale = s.empty() ? 1 : s == "k" ? 1e3 : s == "m" ? 1e6 : s == "g" ? 1e9 : 0;
    if (scale == 0) return unexpected("expected pps, kpps, mpps or gpps in '" + std::string(text) + "'");
    r.packets_per_second = v * scale;
    return r;
  }
  if (s.ends_with("bps")) s.resize(s.size() - 3);
  double scale = s.empty() ? 1 : s == "k" ? 1e3 : s == "m" ? 1e6 : s == "g" ? 1e9 : s == "t" ? 1e12 : 0;
  if (scale == 0)
    return unexpected("expected a rate unit (k, m, g, t with optional bps; or pps) in '" + std::string(text) + "'");
  r.bits_per_second = v * scale;
  return r;
}

std::string format_decimal(double v) {
  std::array<char, 512> buf{};
  // The shortest fixed-point text that reads back as `v`.
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed);
  if (ec != std::errc()) return std::to_string(v);
  return std::string(buf.data(), end);
}

std::string format_duration(uint64_t ps) {
  static constexpr std::array<std::pair<const char*, uint64_t>, 4> kUnits = {
      {{"s", 1000000000000ull}, {"ms", 1000000000ull}, {"us", 1000000ull}, {"ns", 1000ull}}};
  for (auto [name, scale] : kUnits)
    if (ps != 0 && ps % scale == 0) return std::to_string(ps / scale) + name;
  return std::to_string(ps) + "ps";
}

}  // namespace trio6sim::scenario
