// One Junos configuration as a tree of statements. Both input forms (the
// curly-brace hierarchy and `set` commands) build the same tree, because both
// cut their words into statements with the same schema (schema.h) and merge
// them with the same rule (ConfigNode::insert).
//
// A node is one statement: its keyword, the words after it that belong to it
// ("unit 0": keyword "unit", values {"0"}), its children, the file and line it
// came from, and whether it is `inactive:`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "junos/parse_error.h"

namespace trio6sim::junos {

// How deep statements may nest (`{ }` blocks and the statements one line's
// words make, as in `set interfaces et-0/0/0 unit 0 family inet address A`).
// Junos' deepest statements are about a dozen levels, and groups add two; 64 is
// far above any real configuration and keeps every recursive walk of the tree
// (parser, groups, checks, destruction) far from the stack limit, where
// 10,000 nested braces used to overflow it.
inline constexpr std::size_t kMaxStatementDepth = 64;

struct Segment {
  std::string keyword;
  std::vector<std::string> values;
  int column = 0;  // of the keyword on its line (0: not known)
};

struct ConfigNode;

// A node's children found by statement without a linear search once it has
// many: the blog's scale test and the full-chassis bench put 2,000 siblings
// under one parent (st0 units, IKE gateways, VPNs), and a search per
// insert made reading such a configuration quadratic. It holds positions in
// the node's `children`, extended as children are appended; ConfigNode's
// children_changed() drops it after any other change. A copy starts empty
// and is rebuilt on first use.
class ChildIndex {
 public:
  ChildIndex() = default;
  ChildIndex(const ChildIndex&) {}
  ChildIndex& operator=(const ChildIndex&) {
    clear();
    return *this;
  }
  ChildIndex(ChildIndex&&) noexcept = default;
  ChildIndex& operator=(ChildIndex&&) noexcept = default;

  // Fewer children than this are searched linearly (cheaper, no memory).
  static constexpr std::size_t kFrom = 16;

  void clear();
  // Position of the first child with this keyword, or -1.
  std::ptrdiff_t first(const std::vector<ConfigNode>& children, std::string_view keyword);
  // Position of the child with this keyword and these values, or -1.
  std::ptrdiff_t exact(const std::vector<ConfigNode>& children, std::string_view keyword,
                       const std::vector<std::string>& values);

 private:
  void cover(const std::vector<ConfigNode>& children);
  static uint64_t hash(std::string_view keyword, const std::vector<std::string>& values);
  std::unordered_map<std::string, uint32_t> first_;           // keyword -> first position
  std::unordered_multimap<uint64_t, uint32_t> by_statement_;  // hash(keyword, values) -> positions
  std::size_t covered_ = 0;                                   // children[0, covered_) are indexed
};

struct ConfigNode {
  std::string keyword;
  std::vector<std::string> values;
  std::vector<ConfigNode> children;
  SourceLocation where;
  int column = 0;  // of the keyword on its line, for "FILE:LINE:(COLUMN) syntax error" (0: not known)
  bool inactive = false;
  bool secret_data = false;  // followed by a `## SECRET-DATA` comment

  // The statement as Junos prints it in an error: keyword and values, values
  // quoted when they need it ("protocol ah", "pre-shared-key ascii-text \"$9$...\"").
  std::string statement() const;
  // The first value, or "" when there is none.
  const std::string& value() const;

  // Append to `children` freely; after erasing, clearing or reordering them
  // call children_changed() (the lookup index is then rebuilt).
  void children_changed() const { index_.clear(); }

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

 private:
  mutable ChildIndex index_;
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
