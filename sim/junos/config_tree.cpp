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

ConfigNode* ConfigNode::find(std::string_view kw) {
  for (auto& c : children)
    if (c.keyword == kw) return &c;
  return nullptr;
}

const ConfigNode* ConfigNode::find(std::string_view kw) const {
  for (const auto& c : children)
    if (c.keyword == kw) return &c;
  return nullptr;
}

ConfigNode* ConfigNode::find(std::string_view kw, const std::vector<std::string>& vals) {
  for (auto& c : children)
    if (c.keyword == kw && c.values == vals) return &c;
  return nullptr;
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
