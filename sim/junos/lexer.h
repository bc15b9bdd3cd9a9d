// Tokens of Junos configuration text, shared by the curly-brace and the `set`
// parsers. Comments (`/* ... */`, `#` to the end of the line) are dropped,
// except that a `## SECRET-DATA` marker is kept as a token so the parser can
// flag the statement it follows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "junos/parse_error.h"
#include "packet/expected.h"

namespace trio6sim::junos {

enum class TokenKind {
  kWord,          // a bare word or a quoted string (quotes removed, escapes resolved)
  kOpenBrace,     // {
  kCloseBrace,    // }
  kSemicolon,     // ;
  kOpenBracket,   // [
  kCloseBracket,  // ]
  kSecretData,    // a `## SECRET-DATA` comment
  kNewline,       // end of a line (only the set parser cares)
};

struct Token {
  TokenKind kind = TokenKind::kWord;
  std::string text;
  int line = 0;
  bool quoted = false;
  int column = 0;  // 1-based byte column of the token's first character
};

// Splits `text` into tokens. Fails on an unterminated quoted string or
// `/* */` comment, naming the line where it started.
Expected<std::vector<Token>, ParseError> tokenize(std::string_view text, const std::string& file);

std::string_view to_string(TokenKind kind);

}  // namespace trio6sim::junos
