#include "shard.h"

#include "packet/hex.h"

namespace trio6sim::sweep {

Expected<Shard, std::string> parse_shard(const std::string& text) {
  const std::string expected = "--shard: expected I/N with 0 <= I < N (I from 0), got '" + text + "'";
  const auto slash = text.find('/');
  if (slash == std::string::npos) return unexpected(expected);
  const auto i = parse_uint(std::string_view(text).substr(0, slash));
  const auto n = parse_uint(std::string_view(text).substr(slash + 1));
  if (!i || !n || *n == 0 || *n > 100'000 || *i >= *n) return unexpected(expected);
  return Shard{static_cast<std::size_t>(*i), static_cast<std::size_t>(*n)};
}

std::vector<std::size_t> points_of(const Shard& shard, std::size_t total) {
  std::vector<std::size_t> out;
  for (std::size_t p = shard.index; p < total; p += shard.count) out.push_back(p);
  return out;
}

}  // namespace trio6sim::sweep
