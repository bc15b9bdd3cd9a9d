// One Junos configuration as a tree of statements. Both input forms (the
// curly-brace hierarchy and `set` commands) build the same tree, because both
// cut their words into statements with the same schema (schema.h) and merge
// them with the same rule (ConfigNode::insert).
//
// A node is one statement: its keyword, the words after it that belong to it
// ("unit 0": keyword "unit", values {"0"}), its children, the file and line it
// came from, and whether it is `inactive:`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "junos/parse_error.h"

namespace trio6sim::junos {

struct Segment {
  std::string keyword;
  std::vector<std::string> values;
};

struct ConfigNode {
  std::string keyword;
  std::vector<std::string> values;
  std::vector<ConfigNode> children;
  SourceLocation where;
  bool inactive = false;
  bool secret_data = false;  // followed by a `## SECRET-DATA` comment

  // The statement as Junos prints it in an error: keyword and values, values
  // quoted when they need it ("protocol ah", "pre-shared-key ascii-text \"$9$...\"").
  std::string statement() const;
  // The first value, or "" when there is none.
  const std::string& value() const;

  // First child with this keyword, inactive ones included; nullptr if none.
  ConfigNode* find(std::string_view keyword);
  const ConfigNode* find(std::string_view keyword) const;
  // The child with this keyword and these values; nullptr if none.
  ConfigNode* find(std::string_view keyword, const std::vector<std::string>& values);

  // Walks `path` from this node, creating what is missing and merging with
  // what exists (same keyword and values; a single-valued leaf such as
  // `description` or `anti-replay-window-size` is replaced instead). Returns
  // the last node of the path.
  ConfigNode& insert(const std::vector<Segment>& path, const SourceLocation& where);
};

struct ConfigTree {
  ConfigNode root;  // keyword "", children are the top-level statements
  std::string file;
};

// `show configuration | display set`: one line per leaf, `deactivate` lines
// for inactive statements. Used to check that both forms read alike.
std::string display_set(const ConfigNode& root);

// Quotes a word the way Junos prints it when it contains spaces or characters
// that would end a bare word.
std::string quote_if_needed(std::string_view word);

}  // namespace trio6sim::junos
