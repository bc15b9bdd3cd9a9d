// ConfigNode's child lookup: a node with many children finds them through
// its index exactly as the linear search did (first of a keyword, exact
// statement), through appends, single-valued leaves, erasures and copies.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include "junos/config_tree.h"

namespace trio6sim::junos {
namespace {

std::vector<Segment> unit(int n, const char* leaf = nullptr, const char* value = nullptr) {
  std::vector<Segment> path{{"unit", {std::to_string(n)}}};
  if (leaf) path.push_back({leaf, {value}});
  return path;
}

TEST(ConfigTree, ManyChildrenMergeAndFindAsFewDo) {
  for (int count : {5, 2000}) {  // below and above ChildIndex::kFrom
    ConfigNode st0;
    st0.insert({{"description", {"d"}}}, {"f", 1});
    for (int i = 0; i < count; ++i) st0.insert(unit(i, "family", "inet"), {"f", 2 + i});
    for (int i = 0; i < count; ++i) st0.insert(unit(i, "mtu", "1500"), {"f", 9000 + i});  // merged, not added
    ASSERT_EQ(st0.children.size(), static_cast<std::size_t>(count) + 1) << count;
    const ConfigNode* u = st0.find("unit", {std::to_string(count - 1)});
    ASSERT_NE(u, nullptr);
    EXPECT_EQ(u->where.line, 2 + count - 1);
    EXPECT_EQ(u->children.size(), 2u);
    EXPECT_EQ(st0.find("unit")->value(), "0");  // the first of its keyword
    EXPECT_EQ(st0.find("unit", {std::to_string(count)}), nullptr);
    EXPECT_EQ(st0.find("vlan"), nullptr);
    // A single-valued leaf is replaced, not added.
    st0.insert({{"description", {"e"}}}, {"f", 99999});
    EXPECT_EQ(st0.children.size(), static_cast<std::size_t>(count) + 1);
    EXPECT_EQ(st0.find("description")->value(), "e");
  }
}

TEST(ConfigTree, ErasedChildrenAreNotFoundAfterChildrenChanged) {
  ConfigNode n;
  for (int i = 0; i < 100; ++i) n.insert(unit(i), {"f", i + 1});
  ASSERT_NE(n.find("unit", {"50"}), nullptr);
  std::erase_if(n.children, [](const ConfigNode& c) { return c.value() == "50" || c.value() == "0"; });
  n.children_changed();
  EXPECT_EQ(n.find("unit", {"50"}), nullptr);
  EXPECT_EQ(n.find("unit")->value(), "1");
  ASSERT_NE(n.find("unit", {"99"}), nullptr);
  EXPECT_EQ(n.find("unit", {"99"})->value(), "99");
  // Appended again: found, once.
  n.insert(unit(50), {"f", 500});
  EXPECT_EQ(n.children.size(), 99u);
  EXPECT_EQ(n.find("unit", {"50"})->where.line, 500);
  // Erased and appended by hand between two lookups (the size unchanged):
  // children_changed() is what makes the new child found.
  std::erase_if(n.children, [](const ConfigNode& c) { return c.value() == "7"; });
  ConfigNode added;
  added.keyword = "unit";
  added.values = {"100"};
  n.children.push_back(added);
  n.children_changed();
  ASSERT_NE(n.find("unit", {"100"}), nullptr);
  EXPECT_EQ(n.find("unit", {"7"}), nullptr);
  EXPECT_EQ(n.find("unit", {"8"})->value(), "8");
}

TEST(ConfigTree, ACopyFindsItsOwnChildren) {
  ConfigNode n;
  for (int i = 0; i < 40; ++i) n.insert(unit(i), {"f", i + 1});
  ASSERT_NE(n.find("unit", {"7"}), nullptr);
  ConfigNode copy = n;
  copy.children.erase(copy.children.begin() + 7);
  copy.children_changed();
  EXPECT_EQ(copy.find("unit", {"7"}), nullptr);
  EXPECT_NE(n.find("unit", {"7"}), nullptr);
  EXPECT_EQ(copy.find("unit", {"8"})->value(), "8");
}

}  // namespace
}  // namespace trio6sim::junos
