#include "junos/set_parser.h"

#include <fmt/core.h>

#include "junos/lexer.h"
#include "junos/schema.h"

namespace trio6sim::junos {

namespace {

bool is_command(std::string_view w) { return w == "set" || w == "delete" || w == "deactivate" || w == "activate"; }

std::string join(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + quote_if_needed(w);
  return s;
}

// The node at `path`, or nullptr. The last segment may omit its values
// (`delete ... description`).
ConfigNode* locate(ConfigNode& root, const std::vector<Segment>& path, ConfigNode** parent_out) {
  ConfigNode* node = &root;
  ConfigNode* parent = nullptr;
  for (std::size_t i = 0; i < path.size(); ++i) {
    ConfigNode* next = node->find(path[i].keyword, path[i].values);
    if (!next && i + 1 == path.size() && path[i].values.empty()) next = node->find(path[i].keyword);
    if (!next) return nullptr;
    parent = node;
    node = next;
  }
  if (parent_out) *parent_out = parent;
  return node;
}

}  // namespace

bool looks_like_set_commands(std::string_view text) {
  auto tokens = tokenize(text, "");
  if (!tokens) return false;
  for (const auto& t : *tokens) {
    if (t.kind == TokenKind::kNewline) continue;
    return t.kind == TokenKind::kWord && !t.quoted && is_command(t.text);
  }
  return false;
}

Expected<ConfigTree, ParseError> parse_set_commands(std::string_view text, const std::string& file) {
  auto tokens = tokenize(text, file);
  if (!tokens) return unexpected(tokens.error());
  ConfigTree tree;
  tree.file = file;
  auto error = [&](int line, std::string message) { return unexpected(ParseError{{file, line}, std::move(message)}); };

  std::size_t i = 0;
  const auto& toks = *tokens;
  while (i < toks.size()) {
    if (toks[i].kind == TokenKind::kNewline || toks[i].kind == TokenKind::kSecretData) {
      ++i;
      continue;
    }
    const int line = toks[i].line;
    if (toks[i].kind != TokenKind::kWord || toks[i].quoted || !is_command(toks[i].text))
      return error(line,
                   fmt::format("expected 'set', 'delete', 'deactivate' or 'activate' at the start of the line, "
                               "found '{}'",
                               toks[i].kind == TokenKind::kWord ? toks[i].text : std::string(to_string(toks[i].kind))));
    const std::string command = toks[i++].text;
    std::vector<std::string> words;
    std::vector<int> columns;
    bool secret = false;
    while (i < toks.size() && toks[i].kind != TokenKind::kNewline) {
      const Token& t = toks[i++];
      if (t.kind == TokenKind::kWord) {
        words.push_back(t.text);
        columns.push_back(t.column);
      } else if (t.kind == TokenKind::kSecretData) {
        secret = true;
      } else if (t.kind == TokenKind::kOpenBracket) {
        bool closed = false;
        while (i < toks.size() && toks[i].kind != TokenKind::kNewline) {
          const Token& u = toks[i++];
          if (u.kind == TokenKind::kCloseBracket) {
            closed = true;
            break;
          }
          if (u.kind != TokenKind::kWord) return error(u.line, "expected a word or ']' in a '[ ... ]' list");
          words.push_back(u.text);
          columns.push_back(u.column);
        }
        if (!closed) return error(t.line, "expected ']' to close the '[' list on the same line");
      } else {
        return error(t.line, fmt::format("unexpected {} in a '{}' command: set commands take words only",
                                         to_string(t.kind), command));
      }
    }
    if (words.empty()) return error(line, fmt::format("expected a statement path after '{}'", command));
    std::optional<std::string> schema_path = std::string();  // the top of the configuration
    const std::vector<Segment> path = split_statement("", schema_path, words, columns);
    if (path.size() > kMaxStatementDepth)
      return error(line, fmt::format("statement nested deeper than {} levels: the configuration is not a Junos "
                                     "configuration (the deepest Junos statement is far less deep)",
                                     kMaxStatementDepth));
    const SourceLocation at{file, line};
    if (command == "set") {
      ConfigNode& node = tree.root.insert(path, at);
      if (secret) node.secret_data = true;
      continue;
    }
    ConfigNode* parent = nullptr;
    ConfigNode* node = locate(tree.root, path, &parent);
    if (!node) return error(line, fmt::format("{}: statement not found: '{}'", command, join(words)));
    if (command == "deactivate")
      node->inactive = true;
    else if (command == "activate")
      node->inactive = false;
    else {
      std::erase_if(parent->children, [node](const ConfigNode& c) { return &c == node; });
      parent->children_changed();
    }
  }
  return tree;
}

}  // namespace trio6sim::junos
