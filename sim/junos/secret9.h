// Juniper's reversible "$9$" obfuscation of secrets in the configuration
// (pre-shared keys, RADIUS secrets). It is a keyless substitution: anyone can
// decode it, so two peers' keys can be compared even though the text differs
// (each encoding starts with a random salt). Algorithm as publicly described
// by the Crypt::Juniper Perl module (K. Brintnall, 2008): a 65-letter alphabet
// in four families, a salt letter whose family says how many random letters
// follow it, then each plaintext byte as 1 to 4 "gaps" between consecutive
// letters, weighted by a table of 7 rows used in turn. Our own implementation.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "packet/expected.h"

namespace trio6sim::junos {

// True when `text` starts with "$9$".
bool is_secret9(std::string_view text);

// Decodes "$9$..." to the plaintext. Errors name what is wrong (missing
// prefix, a letter outside the alphabet, a truncated group).
Expected<std::string, std::string> decode_secret9(std::string_view encoded);

// Encodes `plain` with the given salt letter and the given letters for the
// random padding after it (as many as the salt's family asks for: 0 to 3;
// extra letters are ignored, missing ones are an error). Deterministic, so
// tests can round-trip; use encode_secret9_seeded for a seed.
Expected<std::string, std::string> encode_secret9(std::string_view plain, char salt, std::string_view padding);

// Encodes with salt and padding drawn from `seed` (a fixed PRNG, never the clock).
std::string encode_secret9_seeded(std::string_view plain, uint64_t seed);

}  // namespace trio6sim::junos
