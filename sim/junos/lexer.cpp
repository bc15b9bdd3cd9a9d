#include "junos/lexer.h"

#include <fmt/core.h>

#include <optional>

namespace trio6sim::junos {

std::string ParseError::to_string() const { return fmt::format("{}:{}: error: {}", where.file, where.line, message); }

std::string_view to_string(TokenKind kind) {
  switch (kind) {
    case TokenKind::kWord:
      return "word";
    case TokenKind::kOpenBrace:
      return "'{'";
    case TokenKind::kCloseBrace:
      return "'}'";
    case TokenKind::kSemicolon:
      return "';'";
    case TokenKind::kOpenBracket:
      return "'['";
    case TokenKind::kCloseBracket:
      return "']'";
    case TokenKind::kSecretData:
      return "'## SECRET-DATA'";
    case TokenKind::kNewline:
      return "end of line";
  }
  return "token";
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// U+00A0 NO-BREAK SPACE in UTF-8. Configurations copied from web pages (the
// blog's among them) indent with it; Junos text never needs it inside a word.
bool is_nbsp(std::string_view text, std::size_t i) {
  return i + 1 < text.size() && text[i] == '\xC2' && text[i + 1] == '\xA0';
}

// Characters that end a bare word. `#` does not: Junos words such as
// interface descriptions never contain it unquoted, but a word may, and a
// comment only starts at the beginning of a token.
bool ends_word(char c) {
  return is_space(c) || c == '\n' || c == '{' || c == '}' || c == ';' || c == '[' || c == ']' || c == '"';
}

std::optional<TokenKind> punctuation(char c) {
  switch (c) {
    case '{':
      return TokenKind::kOpenBrace;
    case '}':
      return TokenKind::kCloseBrace;
    case ';':
      return TokenKind::kSemicolon;
    case '[':
      return TokenKind::kOpenBracket;
    case ']':
      return TokenKind::kCloseBracket;
    default:
      return std::nullopt;
  }
}

}  // namespace

Expected<std::vector<Token>, ParseError> tokenize(std::string_view text, const std::string& file) {
  std::vector<Token> tokens;
  int line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  std::size_t line_start = 0;  // offset of the current line's first byte, for columns
  auto push = [&](TokenKind kind, std::string s = {}, bool quoted = false, std::size_t start = std::string_view::npos) {
    const std::size_t at = start == std::string_view::npos ? i : start;
    tokens.push_back(Token{kind, std::move(s), line, quoted, static_cast<int>(at - line_start) + 1});
  };
  while (i < n) {
    const char c = text[i];
    if (c == '\n') {
      push(TokenKind::kNewline);
      ++line;
      ++i;
      line_start = i;
    } else if (is_space(c)) {
      ++i;
    } else if (is_nbsp(text, i)) {
      i += 2;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      const int start_line = line;
      const std::size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos)
        return unexpected(ParseError{{file, start_line}, "unterminated '/*' comment: expected '*/'"});
      for (std::size_t k = i; k < end; ++k)
        if (text[k] == '\n') {
          ++line;
          line_start = k + 1;
        }
      i = end + 2;
    } else if (c == '#') {
      std::size_t end = text.find('\n', i);
      if (end == std::string_view::npos) end = n;
      if (text.substr(i, end - i).find("SECRET-DATA") != std::string_view::npos) push(TokenKind::kSecretData);
      i = end;
    } else if (auto punct = punctuation(c)) {
      push(*punct);
      ++i;
    } else if (c == '"') {
      const int start_line = line;
      const int start_column = static_cast<int>(i - line_start) + 1;
      std::string s;
      ++i;
      bool closed = false;
      while (i < n) {
        const char q = text[i];
        if (q == '\\' && i + 1 < n) {
          s += text[i + 1];
          if (text[i + 1] == '\n') {
            ++line;
            line_start = i + 2;
          }
          i += 2;
        } else if (q == '"') {
          closed = true;
          ++i;
          break;
        } else {
          if (q == '\n') {
            ++line;
            line_start = i + 1;
          }
          s += q;
          ++i;
        }
      }
      if (!closed) return unexpected(ParseError{{file, start_line}, "unterminated quoted string: expected '\"'"});
      tokens.push_back(Token{TokenKind::kWord, std::move(s), start_line, true, start_column});
    } else {
      const std::size_t start = i;
      while (i < n && !ends_word(text[i]) && !is_nbsp(text, i)) ++i;
      push(TokenKind::kWord, std::string(text.substr(start, i - start)), false, start);
    }
  }
  return tokens;
}

}  // namespace trio6sim::junos
