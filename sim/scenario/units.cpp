#include "units.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace trio6sim::scenario {

namespace {

// 128 bits hold 30 decimal digits and any of them times 10 before the
// maximum is checked (a GCC/Clang extension, hence __extension__ for -Wpedantic).
__extension__ typedef unsigned __int128 Wide;

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
  const std::string_view typed = text;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  // Read exactly, in integers: the decimal digits as one integer and a power
  // of ten ("145.563s" is 145563 x 10^9 ps). A double would round times past
  // 2^53 ps (about 2.5 hours) and accept fractions of a picosecond there.
  Wide digits = 0;
  int exponent = 0;  // power of ten applied to `digits`
  std::size_t i = 0, significant = 0;
  bool any_digit = false, seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any_digit = true;
    if (digits == 0 && c == '0') {
      if (seen_point) --exponent;
      continue;
    }
    if (significant < 30) {  // 30 digits fit in 128 bits; more only scale
      digits = digits * 10 + static_cast<unsigned>(c - '0');
      ++significant;
      if (seen_point) --exponent;
    } else if (!seen_point) {
      ++exponent;
    } else if (c != '0') {
      return unexpected("'" + std::string(typed) + "' is not a whole number of picoseconds (the time resolution)");
    }
  }
  if (!any_digit) return unexpected("expected a duration such as 200us, got '" + std::string(typed) + "'");
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    const bool negative = j < text.size() && text[j] == '-';
    if (j < text.size() && (text[j] == '-' || text[j] == '+')) ++j;
    int e = 0;
    std::size_t first = j;
    for (; j < text.size() && text[j] >= '0' && text[j] <= '9'; ++j) e = std::min(e * 10 + (text[j] - '0'), 10000);
    if (j == first) return unexpected("expected a duration such as 200us, got '" + std::string(typed) + "'");
    exponent += negative ? -e : e;
    i = j;
  }
  std::string_view suffix = text.substr(i);
  while (!suffix.empty() && suffix.front() == ' ') suffix.remove_prefix(1);
  static constexpr std::array<std::pair<std::string_view, int>, 5> kUnits = {
      {{"ps", 0}, {"ns", 3}, {"us", 6}, {"ms", 9}, {"s", 12}}};
  const std::string s = lower(suffix);
  for (auto [name, unit_exponent] : kUnits) {
    if (s != name) continue;
    int e = exponent + unit_exponent;
    Wide ps = digits;
    const auto too_long = [&] {
      return unexpected("'" + std::string(typed) + "' is longer than the maximum of " + format_duration(kMaxDurationPs));
    };
    for (; e < 0 && ps != 0; ++e) {
      if (ps % 10 != 0)
        return unexpected("'" + std::string(typed) + "' is not a whole number of picoseconds (the time resolution)");
      ps /= 10;
    }
    for (; e > 0 && ps != 0; --e) {
      ps *= 10;
      if (ps > kMaxDurationPs) return too_long();
    }
    if (ps > kMaxDurationPs) return too_long();
    return static_cast<uint64_t>(ps);
  }
  return unexpected("expected a duration unit (ps, ns, us, ms, s) in '" + std::string(typed) + "'");
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
