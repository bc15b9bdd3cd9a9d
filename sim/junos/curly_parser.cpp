#include "junos/curly_parser.h"

#include <fmt/core.h>

#include "junos/lexer.h"
#include "junos/schema.h"

namespace trio6sim::junos {

namespace {

class CurlyParser {
 public:
  CurlyParser(std::vector<Token> tokens, const std::string& file) : tokens_(std::move(tokens)), file_(file) {
    std::erase_if(tokens_, [](const Token& t) { return t.kind == TokenKind::kNewline; });
  }

  // `schema` is the statement schema path of `parent` (nullopt outside the
  // checked hierarchies); `depth` how deep `parent` is (the top is 0).
  Expected<void, ParseError> parse_block(ConfigNode& parent, int opened_at, const std::optional<std::string>& schema,
                                         std::size_t depth) {
    while (pos_ < tokens_.size()) {
      const Token& t = tokens_[pos_];
      if (t.kind == TokenKind::kCloseBrace) {
        if (opened_at == 0) return error(t.line, "unexpected '}': no open block to close");
        ++pos_;
        return {};
      }
      if (t.kind == TokenKind::kSecretData) {  // a marker on a line of its own
        ++pos_;
        continue;
      }
      auto r = parse_statement(parent, schema, depth);
      if (!r) return r;
    }
    if (opened_at != 0)
      return error(last_line(),
                   fmt::format("expected '}}' to close '{}' opened at line {}", describe(parent), opened_at));
    return {};
  }

 private:
  Expected<void, ParseError> parse_statement(ConfigNode& parent, const std::optional<std::string>& parent_schema,
                                             std::size_t depth) {
    const int line = tokens_[pos_].line;
    std::vector<int> columns;
    bool inactive = false;
    std::vector<std::string> words;
    while (pos_ < tokens_.size()) {
      const Token& t = tokens_[pos_];
      if (t.kind == TokenKind::kWord) {
        if (words.empty() && !inactive && !t.quoted && t.text == "inactive:")
          inactive = true;
        else {
          words.push_back(t.text);
          columns.push_back(t.column);
        }
        ++pos_;
      } else if (t.kind == TokenKind::kOpenBracket) {
        ++pos_;
        bool closed = false;
        while (pos_ < tokens_.size()) {
          const Token& u = tokens_[pos_++];
          if (u.kind == TokenKind::kCloseBracket) {
            closed = true;
            break;
          }
          if (u.kind != TokenKind::kWord)
            return error(u.line,
                         fmt::format("expected a word or ']' in a '[ ... ]' list, found {}", to_string(u.kind)));
          words.push_back(u.text);
          columns.push_back(u.column);
        }
        if (!closed) return error(t.line, "expected ']' to close the '[' list");
      } else if (t.kind == TokenKind::kSemicolon || t.kind == TokenKind::kOpenBrace) {
        if (words.empty()) return error(t.line, fmt::format("expected a statement before {}", to_string(t.kind)));
        ++pos_;
        std::optional<std::string> schema = parent_schema;
        std::vector<Segment> path = split_statement(parent.keyword, schema, words, columns);
        if (depth + path.size() > kMaxStatementDepth)
          return error(line, fmt::format("'{} ...' nests deeper than {} levels, the most this reader accepts: Junos "
                                         "statements nest about a dozen levels",
                                         quote_if_needed(words.front()), kMaxStatementDepth));
        const std::size_t made = path.size();  // a compact form makes several statements
        ConfigNode& node = add(parent, std::move(path), line, inactive);
        if (t.kind == TokenKind::kSemicolon) {
          if (pos_ < tokens_.size() && tokens_[pos_].kind == TokenKind::kSecretData) {
            node.secret_data = true;
            ++pos_;
          }
          return {};
        }
        return parse_block(node, line, schema, depth + made);
      } else {
        return error(t.line, fmt::format("expected ';' or '{{' after '{}', found {}", join(words), to_string(t.kind)));
      }
    }
    return error(last_line(), fmt::format("expected ';' or '{{' after '{}', found end of file", join(words)));
  }

  // Adds the statement under `parent`; returns the node that a following
  // block belongs to (the last statement of a compact form).
  ConfigNode& add(ConfigNode& parent, std::vector<Segment> path, int line, bool inactive) {
    const SourceLocation at{file_, line};
    ConfigNode& first = parent.insert({path.front()}, at);
    if (inactive) first.inactive = true;
    path.erase(path.begin());
    return path.empty() ? first : first.insert(path, at);
  }

  static std::string join(const std::vector<std::string>& words) {
    std::string s;
    for (const auto& w : words) s += (s.empty() ? "" : " ") + quote_if_needed(w);
    return s;
  }
  static std::string describe(const ConfigNode& n) { return n.statement(); }
  int last_line() const { return tokens_.empty() ? 1 : tokens_.back().line; }
  Unexpected<ParseError> error(int line, std::string message) const {
    return unexpected(ParseError{{file_, line}, std::move(message)});
  }

  std::vector<Token> tokens_;
  std::string file_;
  std::size_t pos_ = 0;
};

}  // namespace

Expected<ConfigTree, ParseError> parse_curly(std::string_view text, const std::string& file) {
  auto tokens = tokenize(text, file);
  if (!tokens) return unexpected(tokens.error());
  ConfigTree tree;
  tree.file = file;
  CurlyParser parser(std::move(*tokens), file);
  auto r = parser.parse_block(tree.root, 0, std::string(), 0);
  if (!r) return unexpected(r.error());
  return tree;
}

}  // namespace trio6sim::junos
