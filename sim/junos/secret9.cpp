#include "junos/secret9.h"

#include <fmt/core.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

namespace trio6sim::junos {

namespace {

// The four letter families; a salt letter from family f is followed by 3 - f
// random letters. Their concatenation is the 65-letter alphabet.
constexpr std::array<std::string_view, 4> kFamilies = {"QzF3n6/9CAtpu0O", "B1IREhcSyrleKvMW8LXx",
                                                       "7N-dVbwsY2g4oaJZGUDj", "iHkq.mPf5T"};
constexpr std::string_view kAlphabet = "QzF3n6/9CAtpu0OB1IREhcSyrleKvMW8LXx7N-dVbwsY2g4oaJZGUDjiHkq.mPf5T";
constexpr int kAlphabetSize = static_cast<int>(kAlphabet.size());
static_assert(kAlphabetSize == 65);

// Weights of the gaps that encode one byte; row k encodes the k-th byte
// (mod 7). The byte is the weighted sum of gaps, mod 256.
const std::array<std::vector<int>, 7> kEncoding = {{
    {1, 4, 32},
    {1, 16, 32},
    {1, 8, 32},
    {1, 64},
    {1, 32},
    {1, 4, 16, 128},
    {1, 32, 64},
}};

constexpr std::string_view kMagic = "$9$";

int index_of(char c) {
  const auto p = kAlphabet.find(c);
  return p == std::string_view::npos ? -1 : static_cast<int>(p);
}

int extra_letters(char salt) {
  for (int f = 0; f < 4; ++f)
    if (kFamilies[f].find(salt) != std::string_view::npos) return 3 - f;
  return -1;
}

}  // namespace

bool is_secret9(std::string_view text) { return text.starts_with(kMagic); }

Expected<std::string, std::string> decode_secret9(std::string_view encoded) {
  if (!is_secret9(encoded)) return unexpected(std::string("a $9$ secret must start with \"$9$\""));
  std::string_view rest = encoded.substr(kMagic.size());
  for (char c : rest)
    if (index_of(c) < 0) return unexpected(fmt::format("'{}' is not a letter of the $9$ alphabet", c));
  if (rest.empty()) return unexpected(std::string("a $9$ secret needs a salt letter after \"$9$\""));
  const char salt = rest.front();
  const int extra = extra_letters(salt);
  if (rest.size() < 1 + static_cast<std::size_t>(extra))
    return unexpected(fmt::format("salt '{}' must be followed by {} padding letters", salt, extra));
  char prev = salt;
  rest.remove_prefix(1 + extra);
  std::string plain;
  while (!rest.empty()) {
    const auto& weights = kEncoding[plain.size() % kEncoding.size()];
    if (rest.size() < weights.size())
      return unexpected(fmt::format("truncated $9$ secret: byte {} needs {} letters, {} left", plain.size() + 1,
                                    weights.size(), rest.size()));
    int value = 0;
    for (std::size_t k = 0; k < weights.size(); ++k) {
      const char c = rest[k];
      const int gap = ((index_of(c) - index_of(prev)) % kAlphabetSize + kAlphabetSize) % kAlphabetSize - 1;
      value += gap * weights[k];
      prev = c;
    }
    plain += static_cast<char>(value % 256);
    rest.remove_prefix(weights.size());
  }
  return plain;
}

Expected<std::string, std::string> encode_secret9(std::string_view plain, char salt, std::string_view padding) {
  const int extra = extra_letters(salt);
  if (extra < 0) return unexpected(fmt::format("salt '{}' is not a letter of the $9$ alphabet", salt));
  if (padding.size() < static_cast<std::size_t>(extra))
    return unexpected(fmt::format("salt '{}' needs {} padding letters, {} given", salt, extra, padding.size()));
  for (char c : padding.substr(0, extra))
    if (index_of(c) < 0) return unexpected(fmt::format("padding '{}' is not a letter of the $9$ alphabet", c));
  std::string out(kMagic);
  out += salt;
  out += padding.substr(0, extra);
  char prev = salt;
  for (std::size_t pos = 0; pos < plain.size(); ++pos) {
    const auto& weights = kEncoding[pos % kEncoding.size()];
    int value = static_cast<unsigned char>(plain[pos]);
    // Largest weight first: each gap is how many times the weight fits.
    std::vector<int> gaps(weights.size());
    for (std::size_t k = weights.size(); k-- > 0;) {
      gaps[k] = value / weights[k];
      value %= weights[k];
    }
    for (int gap : gaps) {
      const char c = kAlphabet[(index_of(prev) + gap + 1) % kAlphabetSize];
      out += c;
      prev = c;
    }
  }
  return out;
}

std::string encode_secret9_seeded(std::string_view plain, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto letter = [&] { return kAlphabet[rng() % kAlphabetSize]; };
  const char salt = letter();
  std::string padding;
  for (int k = 0; k < extra_letters(salt); ++k) padding += letter();
  return *encode_secret9(plain, salt, padding);
}

}  // namespace trio6sim::junos
