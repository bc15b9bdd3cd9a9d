#include "junos/config_tree.h"

#include "junos/schema.h"

namespace trio6sim::junos {

std::string quote_if_needed(std::string_view word) {
  bool needs = word.empty();
  for (char c : word)
    if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '{' || c == '}' || c == '[' || c == ']' || c == '"' ||
        c == '#' || c == '$' || c == '\\')
      needs = true;
  if (!needs) return std::string(word);
  std::string out = "\"";
  for (char c : word) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string ConfigNode::statement() const {
  std::string s = keyword;
  for (const auto& v : values) s += " " + quote_if_needed(v);
  return s;
}

const std::string& ConfigNode::value() const {
  static const std::string kEmpty;
  return values.empty() ? kEmpty : values.front();
}

void ChildIndex::clear() {
  first_.clear();
  by_statement_.clear();
  covered_ = 0;
}

uint64_t ChildIndex::hash(std::string_view keyword, const std::vector<std::string>& values) {
  uint64_t h = std::hash<std::string_view>{}(keyword);
  for (const auto& v : values) h = (h ^ std::hash<std::string>{}(v)) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
  return h;
}

void ChildIndex::cover(const std::vector<ConfigNode>& children) {
  if (children.size() < covered_) clear();  // shrunk without children_changed(): start over
  for (; covered_ < children.size(); ++covered_) {
    const ConfigNode& c = children[covered_];
    const auto at = static_cast<uint32_t>(covered_);
    first_.try_emplace(c.keyword, at);
    by_statement_.emplace(hash(c.keyword, c.values), at);
  }
}

std::ptrdiff_t ChildIndex::first(const std::vector<ConfigNode>& children, std::string_view keyword) {
  if (children.size() < kFrom) {
    for (std::size_t i = 0; i < children.size(); ++i)
      if (children[i].keyword == keyword) return static_cast<std::ptrdiff_t>(i);
    return -1;
  }
  cover(children);
  const auto it = first_.find(std::string(keyword));
  return it == first_.end() ? std::ptrdiff_t{-1} : std::ptrdiff_t{it->second};
}

std::ptrdiff_t ChildIndex::exact(const std::vector<ConfigNode>& children, std::string_view keyword,
                                 const std::vector<std::string>& values) {
  if (children.size() < kFrom) {
    for (std::size_t i = 0; i < children.size(); ++i)
      if (children[i].keyword == keyword && children[i].values == values) return static_cast<std::ptrdiff_t>(i);
    return -1;
  }
  cover(children);
  // The first of equal statements, as the linear search found (the tree
  // merges equal statements, so there is at most one unless a caller
  // appended a duplicate itself).
  std::ptrdiff_t found = -1;
  const auto [from, to] = by_statement_.equal_range(hash(keyword, values));
  for (auto it = from; it != to; ++it) {
    const ConfigNode& c = children[it->second];
    if (c.keyword == keyword && c.values == values && (found < 0 || it->second < found)) found = it->second;
  }
  return found;
}

ConfigNode* ConfigNode::find(std::string_view kw) {
  const auto i = index_.first(children, kw);
  return i < 0 ? nullptr : &children[static_cast<std::size_t>(i)];
}

const ConfigNode* ConfigNode::find(std::string_view kw) const {
  const auto i = index_.first(children, kw);
  return i < 0 ? nullptr : &children[static_cast<std::size_t>(i)];
}

ConfigNode* ConfigNode::find(std::string_view kw, const std::vector<std::string>& vals) {
  const auto i = index_.exact(children, kw, vals);
  return i < 0 ? nullptr : &children[static_cast<std::size_t>(i)];
}

ConfigNode& ConfigNode::insert(const std::vector<Segment>& path, const SourceLocation& at) {
  ConfigNode* node = this;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const Segment& seg = path[i];
    const bool last = i + 1 == path.size();
    ConfigNode* next = node->find(seg.keyword, seg.values);
    if (!next && last && is_single_valued_leaf(seg.keyword)) {
      next = node->find(seg.keyword);
      if (next && next->children.empty()) {
        next->values = seg.values;
        next->where = at;
        next->column = seg.column;
      } else {
        next = nullptr;
      }
    }
    if (!next) {
      ConfigNode child;
      child.keyword = seg.keyword;
      child.values = seg.values;
      child.where = at;
      child.column = seg.column;
      node->children.push_back(std::move(child));
      next = &node->children.back();
    }
    node = next;
  }
  return *node;
}

namespace {

void display_set_into(const ConfigNode& node, const std::string& prefix, std::string& out) {
  for (const auto& child : node.children) {
    const std::string path = prefix.empty() ? child.statement() : prefix + " " + child.statement();
    if (child.children.empty())
      out += "set " + path + "\n";
    else
      display_set_into(child, path, out);
    if (child.inactive) out += "deactivate " + path + "\n";
  }
}

}  // namespace

std::string display_set(const ConfigNode& root) {
  std::string out;
  display_set_into(root, "", out);
  return out;
}

}  // namespace trio6sim::junos
