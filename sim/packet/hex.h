// Hex text <-> bytes, for command lines, test vectors and reports.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "expected.h"

namespace trio6sim {

// Accepts upper or lower case, an optional leading "0x", and ignores spaces,
// tabs, newlines and colons between bytes. The error names the first bad
// character and its position, or an odd digit count.
Expected<std::vector<uint8_t>, std::string> parse_hex(std::string_view text);
// An unsigned integer in decimal, or in hex with a 0x prefix; nullopt for
// anything else (empty, a sign, trailing characters, overflow).
std::optional<uint64_t> parse_uint(std::string_view text);

// Lowercase, no separators.
std::string to_hex(std::span<const uint8_t> bytes);

}  // namespace trio6sim
