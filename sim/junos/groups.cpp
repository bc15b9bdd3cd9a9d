#include "junos/groups.h"

#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "junos/schema.h"

namespace trio6sim::junos {

// Greedy matching with one backtrack point (the last '*'): linear in the
// text for each star, where the recursive form took time exponential in the
// number of stars and stack as deep as the pattern is long.
bool wildcard_match(std::string_view p, std::string_view t) {
  std::size_t pi = 0, ti = 0;
  std::size_t star = std::string_view::npos, star_t = 0;
  while (ti < t.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == t[ti])) {
      ++pi;
      ++ti;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      star_t = ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++star_t;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

namespace {

bool is_pattern(std::string_view s) { return s.size() >= 2 && s.front() == '<' && s.back() == '>'; }
std::string_view pattern_body(std::string_view s) { return s.substr(1, s.size() - 2); }

// Does group statement `g` stand for configuration statement `c`?
bool matches(const ConfigNode& g, const ConfigNode& c) {
  if (is_pattern(g.keyword))
    return g.values.empty() && c.values.empty() && wildcard_match(pattern_body(g.keyword), c.keyword);
  if (g.keyword != c.keyword) return false;
  if (g.values.size() == c.values.size() && !g.values.empty() && is_pattern(g.values[0]))
    return wildcard_match(pattern_body(g.values[0]), c.values[0]) &&
           std::equal(g.values.begin() + 1, g.values.end(), c.values.begin() + 1);
  return g.values == c.values;
}

bool has_pattern(const ConfigNode& g) {
  return is_pattern(g.keyword) || (!g.values.empty() && is_pattern(g.values[0]));
}

std::vector<std::string> listed(const ConfigNode& node, std::string_view keyword);

// A group statement as it is inherited where nothing exists yet: wildcard
// statements match nothing there, so they are dropped.
ConfigNode inherited_copy(const ConfigNode& s) {
  ConfigNode copy = s;
  copy.children.clear();
  copy.children_changed();
  for (const ConfigNode& c : s.children)
    if (!has_pattern(c) && c.keyword != "apply-groups" && c.keyword != "apply-groups-except")
      copy.children.push_back(inherited_copy(c));
  return copy;
}

// Merges the statements of group `group` at `source` into `target`; what
// target has wins, and a target that says `apply-groups-except group` is left alone.
void merge_into(ConfigNode& target, const ConfigNode& source, const std::string& group) {
  const auto excepted = listed(target, "apply-groups-except");
  if (std::find(excepted.begin(), excepted.end(), group) != excepted.end()) return;
  for (const ConfigNode& s : source.children) {
    if (s.keyword == "apply-groups" || s.keyword == "apply-groups-except") continue;
    if (has_pattern(s)) {
      for (auto& t : target.children)
        if (matches(s, t)) merge_into(t, s, group);
      continue;
    }
    ConfigNode* t = target.find(s.keyword, s.values);
    if (!t && is_single_valued_leaf(s.keyword) && s.children.empty() && target.find(s.keyword)) continue;
    if (t)
      merge_into(*t, s, group);
    else
      target.children.push_back(inherited_copy(s));
  }
}

// The group's statement at the same place as `path`, or nullptr.
const ConfigNode* locate(const ConfigNode& group, const std::vector<const ConfigNode*>& path) {
  const ConfigNode* node = &group;
  for (const ConfigNode* step : path) {
    const ConfigNode* next = nullptr;
    for (const auto& c : node->children)
      if (!c.inactive && matches(c, *step)) {
        next = &c;
        break;
      }
    if (!next) return nullptr;
    node = next;
  }
  return node;
}

std::vector<std::string> listed(const ConfigNode& node, std::string_view keyword) {
  std::vector<std::string> out;
  for (const auto& c : node.children)
    if (c.keyword == keyword && !c.inactive) out.insert(out.end(), c.values.begin(), c.values.end());
  return out;
}

class Expander {
 public:
  explicit Expander(std::map<std::string, ConfigNode> groups) : groups_(std::move(groups)) {}

  Expected<void, ParseError> apply(ConfigNode& node, std::vector<const ConfigNode*>& path,
                                   std::vector<std::string> inherited) {
    // Groups applied here and above, minus those excepted here.
    for (const auto& c : node.children) {
      if (c.keyword != "apply-groups" || c.inactive) continue;
      for (const auto& name : c.values) {
        if (!groups_.count(name))
          return unexpected(ParseError{c.where, fmt::format("apply-groups: group '{}' is not defined", name)});
        if (std::find(inherited.begin(), inherited.end(), name) == inherited.end()) inherited.push_back(name);
      }
    }
    for (const auto& name : listed(node, "apply-groups-except")) std::erase(inherited, name);
    for (const auto& name : inherited)
      if (const ConfigNode* g = locate(groups_.at(name), path)) merge_into(node, *g, name);
    std::erase_if(node.children, [](const ConfigNode& c) {
      return c.keyword == "apply-groups" || c.keyword == "apply-groups-except";
    });
    node.children_changed();
    for (auto& child : node.children) {
      path.push_back(&child);
      auto r = apply(child, path, inherited);
      path.pop_back();
      if (!r) return r;
    }
    return {};
  }

 private:
  std::map<std::string, ConfigNode> groups_;
};

}  // namespace

Expected<void, ParseError> expand_groups(ConfigTree& tree) {
  std::map<std::string, ConfigNode> groups;
  for (const auto& c : tree.root.children)
    if (c.keyword == "groups" && !c.inactive)
      for (const auto& g : c.children)
        if (!g.inactive) groups.emplace(g.keyword, g);
  std::erase_if(tree.root.children, [](const ConfigNode& c) { return c.keyword == "groups"; });
  tree.root.children_changed();
  Expander expander(std::move(groups));
  std::vector<const ConfigNode*> path;
  return expander.apply(tree.root, path, {});
}

}  // namespace trio6sim::junos
