// Configuration groups: inheritance at the top and at a level, local
// statements winning, the first listed group winning, `<pattern>` wildcards,
// apply-groups-except, inactive groups and undefined group names.
#include "junos/groups.h"

#include <gtest/gtest.h>

#include "junos/config_loader.h"
#include "junos_test_util.h"

namespace trio6sim::junos {
namespace {

TEST(Groups, TopLevelApplyGroupsBringsTheWholeGroupWithItsLines) {
  auto model = test::load_model_text(
      "groups {\n"
      "    G {\n"
      "        interfaces {\n"
      "            st0 {\n"
      "                unit 1 {\n"
      "                    family inet;\n"
      "                }\n"
      "            }\n"
      "        }\n"
      "    }\n"
      "}\n"
      "apply-groups G;\n");
  const LogicalUnit* unit = model.unit("st0.1");
  ASSERT_NE(unit, nullptr);
  EXPECT_EQ(unit->origin.where.line, 5);     // the group's line
  EXPECT_TRUE(model.not_modeled().empty());  // groups and apply-groups are consumed
}

TEST(Groups, LocalStatementsWinAndTheFirstGroupWins) {
  auto model = test::load_model_text(
      "groups {\n"
      "    A { interfaces { si-0/1/0 { mtu 1000; description a; } } }\n"
      "    B { interfaces { si-0/1/0 { mtu 2000; description b; unit 0 { service-domain inside; } } } }\n"
      "}\n"
      "apply-groups [ A B ];\n"
      "interfaces { si-0/1/0 { description local; } }\n");
  const Interface* si = model.interface("si-0/1/0");
  ASSERT_NE(si, nullptr);
  EXPECT_EQ(si->description, "local");
  EXPECT_EQ(si->mtu, 1000);
  ASSERT_NE(si->unit(0), nullptr);
  EXPECT_EQ(si->unit(0)->service_domain, ServiceDomain::kInside);
}

TEST(Groups, ApplyGroupsAtALevelTakesOnlyThatPartOfTheGroup) {
  auto model = test::load_model_text(
      "groups {\n"
      "    G {\n"
      "        interfaces { st0 { unit 1 { family inet; } } }\n"
      "        routing-options { static { route 10.0.0.0/8 next-hop st0.1; } }\n"
      "    }\n"
      "}\n"
      "interfaces { apply-groups G; }\n");
  EXPECT_NE(model.unit("st0.1"), nullptr);
  EXPECT_TRUE(model.static_routes.empty());
}

TEST(Groups, WildcardNamesMatchExistingStatements) {
  auto model = test::load_model_text(
      "groups {\n"
      "    JUMBO { interfaces { <et-*> { mtu 9192; } <si-?/1/0> { unit <*> { family inet6; } } } }\n"
      "}\n"
      "apply-groups JUMBO;\n"
      "interfaces {\n"
      "    et-0/2/3 { description a; }\n"
      "    ae0 { description b; }\n"
      "    si-0/1/0 { unit 0 { family inet; } unit 1 { family inet; } }\n"
      "}\n");
  EXPECT_EQ(model.interface("et-0/2/3")->mtu, 9192);
  EXPECT_EQ(model.interface("ae0")->mtu, std::nullopt);
  EXPECT_NE(model.unit("si-0/1/0.1")->family("inet6"), nullptr);
  EXPECT_EQ(model.interface("et-0/2/3")->units.size(), 0u);
}

TEST(Groups, ExceptAndInactiveStopInheritance) {
  auto model = test::load_model_text(
      "groups { G { interfaces { <*> { mtu 9192; } } } H { interfaces { <*> { description h; } } } }\n"
      "apply-groups G;\n"
      "inactive: apply-groups H;\n"
      "interfaces { et-0/0/1 { apply-groups-except G; } et-0/0/2; }\n");
  EXPECT_EQ(model.interface("et-0/0/1")->mtu, std::nullopt);
  EXPECT_EQ(model.interface("et-0/0/2")->mtu, 9192);
  EXPECT_EQ(model.interface("et-0/0/2")->description, "");
}

TEST(Groups, SetFormGroups) {
  auto model = test::load_model_text(
      "set groups G interfaces st0 unit 1 family inet\n"
      "set apply-groups G\n",
      "g.set");
  EXPECT_NE(model.unit("st0.1"), nullptr);
}

TEST(Groups, AnUndefinedGroupIsAnError) {
  auto tree = load_config_text("groups { G { } }\napply-groups [ G X ];\n", "u.conf");
  ASSERT_FALSE(tree);
  EXPECT_EQ(tree.error().to_string(), "u.conf:2: error: apply-groups: group 'X' is not defined");
}

TEST(Groups, WildcardMatch) {
  EXPECT_TRUE(wildcard_match("*", "anything"));
  EXPECT_TRUE(wildcard_match("et-*", "et-0/2/3"));
  EXPECT_FALSE(wildcard_match("et-*", "ae0"));
  EXPECT_TRUE(wildcard_match("si-?/1/0", "si-0/1/0"));
  EXPECT_FALSE(wildcard_match("si-?/1/0", "si-10/1/0"));
  EXPECT_TRUE(wildcard_match("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(wildcard_match("a*b*c", "aXbYbZ"));
  EXPECT_TRUE(wildcard_match("*0", "et-0/0/10"));
  EXPECT_TRUE(wildcard_match("", ""));
  EXPECT_FALSE(wildcard_match("", "x"));
  EXPECT_TRUE(wildcard_match("**", ""));
  // Many stars against a long text that does not match: the recursive form
  // took time exponential in the stars (a bad group pattern hung the check).
  EXPECT_FALSE(wildcard_match(std::string(40, '*') + "b", std::string(10000, 'a')));
}

}  // namespace
}  // namespace trio6sim::junos
