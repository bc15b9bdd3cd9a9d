// The two parsers: statements, values, lists, comments, quoted strings,
// `inactive:`, `## SECRET-DATA`, set/deactivate/activate/delete, file and
// line of each statement, and parse errors with FILE:LINE and what was expected.
#include <gtest/gtest.h>

#include "junos/config_loader.h"
#include "junos/curly_parser.h"
#include "junos/set_parser.h"
#include "junos_test_util.h"

namespace trio6sim::junos {
namespace {

const ConfigNode& at(const ConfigNode& root, std::initializer_list<const char*> path) {
  const ConfigNode* n = &root;
  for (const char* kw : path) {
    n = n->find(kw);
    if (!n) throw std::runtime_error(std::string("no statement ") + kw);
  }
  return *n;
}

TEST(CurlyParser, ReadsStatementsValuesListsCommentsAndLines) {
  const char* text =
      "/* a comment\n"
      "   over two lines */\n"
      "security {\n"
      "    # a line comment\n"
      "    ike {\n"
      "        policy p {\n"
      "            proposals [ a b c ];\n"
      "            pre-shared-key ascii-text \"$9$LbHX-wg4Z\"; ## SECRET-DATA\n"
      "            description \"two words; and a \\\"quote\\\"\";\n"
      "        }\n"
      "    }\n"
      "}\n";
  auto tree = parse_curly(text, "x.conf");
  ASSERT_TRUE(tree) << tree.error().to_string();
  const ConfigNode& policy = at(tree->root, {"security", "ike", "policy"});
  EXPECT_EQ(policy.values, std::vector<std::string>{"p"});
  EXPECT_EQ(policy.where, (SourceLocation{"x.conf", 6}));
  EXPECT_EQ(policy.find("proposals")->values, (std::vector<std::string>{"a", "b", "c"}));
  const ConfigNode& key = at(policy, {"pre-shared-key", "ascii-text"});
  EXPECT_EQ(key.value(), "$9$LbHX-wg4Z");
  EXPECT_TRUE(key.secret_data);
  EXPECT_EQ(key.where.line, 8);
  EXPECT_EQ(policy.find("description")->value(), "two words; and a \"quote\"");
  EXPECT_EQ(key.statement(), "ascii-text \"$9$LbHX-wg4Z\"");
}

TEST(CurlyParser, SplitsCompactStatementsLikeSetCommands) {
  auto tree = parse_curly("routing-options { static { route 12.1.1.2/32 next-hop st0.1; } }", "x.conf");
  ASSERT_TRUE(tree);
  const ConfigNode& route = at(tree->root, {"routing-options", "static", "route"});
  EXPECT_EQ(route.value(), "12.1.1.2/32");
  EXPECT_EQ(route.find("next-hop")->value(), "st0.1");
}

TEST(CurlyParser, MarksInactiveStatements) {
  auto tree = parse_curly(
      "protocols { bgp { group IBGP { family inet6 { labeled-unicast { inactive: explicit-null; } } } } }\n"
      "inactive: interfaces { st0 { unit 1; } }\n",
      "x.conf");
  ASSERT_TRUE(tree);
  EXPECT_TRUE(at(tree->root, {"protocols", "bgp", "group", "family", "labeled-unicast", "explicit-null"}).inactive);
  EXPECT_TRUE(at(tree->root, {"interfaces"}).inactive);
  auto model = build_device_config(*tree);
  ASSERT_TRUE(model);
  EXPECT_TRUE(model->interfaces.empty());  // inactive statements are not applied
}

TEST(CurlyParser, TreatsNoBreakSpacesAsBlanks) {
  auto tree = parse_curly("interfaces\xC2\xA0{\n\xC2\xA0 st0 {\xC2\xA0unit 1;\xC2\xA0}\n}\n", "x.conf");
  ASSERT_TRUE(tree) << tree.error().to_string();
  EXPECT_EQ(at(tree->root, {"interfaces", "st0", "unit"}).value(), "1");
}

TEST(CurlyParser, ReportsUnbalancedBracesAndUnknownSyntax) {
  auto unclosed = parse_curly("interfaces {\n  st0 {\n    unit 1;\n  }\n", "a.conf");
  ASSERT_FALSE(unclosed);
  EXPECT_EQ(unclosed.error().to_string(), "a.conf:4: error: expected '}' to close 'interfaces' opened at line 1");

  auto extra = parse_curly("interfaces {\n}\n}\n", "b.conf");
  ASSERT_FALSE(extra);
  EXPECT_EQ(extra.error().to_string(), "b.conf:3: error: unexpected '}': no open block to close");

  auto no_semicolon = parse_curly("interfaces {\n  st0 {\n    unit 1\n  }\n}\n", "c.conf");
  ASSERT_FALSE(no_semicolon);
  EXPECT_EQ(no_semicolon.error().to_string(), "c.conf:4: error: expected ';' or '{' after 'unit 1', found '}'");

  auto empty = parse_curly("interfaces {\n  ;\n}\n", "d.conf");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().to_string(), "d.conf:2: error: expected a statement before ';'");

  auto quote = parse_curly("system {\n  host-name \"pe1;\n}\n", "e.conf");
  ASSERT_FALSE(quote);
  EXPECT_EQ(quote.error().to_string(), "e.conf:2: error: unterminated quoted string: expected '\"'");

  auto comment = parse_curly("/* no end\n", "f.conf");
  ASSERT_FALSE(comment);
  EXPECT_EQ(comment.error().to_string(), "f.conf:1: error: unterminated '/*' comment: expected '*/'");

  auto list = parse_curly("a { proposals [ x y;\n}\n", "g.conf");
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().to_string(), "g.conf:1: error: expected a word or ']' in a '[ ... ]' list, found ';'");
}

TEST(SetParser, MergesPathsAndKeepsLines) {
  auto tree = parse_set_commands(
      "# comment\n"
      "set interfaces si-0/0/0 unit 0 family inet\n"
      "set interfaces si-0/0/0 unit 0 family inet6\n"
      "\n"
      "set interfaces si-0/0/0 unit 0 service-domain inside\n"
      "set security ipsec vpn v anti-replay-window-size 64\n"
      "set security ike policy p proposals [ a b ]\n",
      "s.conf");
  ASSERT_TRUE(tree) << tree.error().to_string();
  const ConfigNode& unit = at(tree->root, {"interfaces", "si-0/0/0", "unit"});
  EXPECT_EQ(unit.where, (SourceLocation{"s.conf", 2}));
  ASSERT_EQ(unit.children.size(), 3u);
  EXPECT_EQ(unit.children[1].statement(), "family inet6");
  EXPECT_EQ(unit.children[2].where.line, 5);
  EXPECT_EQ(at(tree->root, {"security", "ike", "policy", "proposals"}).values, (std::vector<std::string>{"a", "b"}));
}

TEST(SetParser, ASecondSetOfASingleValuedLeafReplacesTheFirst) {
  auto tree = parse_set_commands(
      "set security ipsec vpn v ike anti-replay-window-size 64\n"
      "set security ipsec vpn v ike anti-replay-window-size 4096\n",
      "s.conf");
  ASSERT_TRUE(tree);
  const ConfigNode& ike = at(tree->root, {"security", "ipsec", "vpn", "ike"});
  ASSERT_EQ(ike.children.size(), 1u);
  EXPECT_EQ(ike.children[0].value(), "4096");
  EXPECT_EQ(ike.children[0].where.line, 2);
}

TEST(SetParser, DeactivateActivateAndDelete) {
  auto tree = parse_set_commands(
      "set interfaces st0 unit 1 family inet\n"
      "set interfaces st0 unit 2 family inet\n"
      "set routing-options static route 10.0.0.0/8 next-hop st0.1\n"
      "deactivate interfaces st0 unit 2\n"
      "deactivate routing-options static route 10.0.0.0/8\n"
      "activate routing-options static route 10.0.0.0/8\n"
      "delete interfaces st0 unit 1 family inet\n",
      "s.conf");
  ASSERT_TRUE(tree) << tree.error().to_string();
  const ConfigNode& st0 = at(tree->root, {"interfaces", "st0"});
  ASSERT_EQ(st0.children.size(), 2u);
  EXPECT_TRUE(st0.children[0].children.empty());  // family inet deleted
  EXPECT_TRUE(st0.children[1].inactive);
  EXPECT_FALSE(at(tree->root, {"routing-options", "static", "route"}).inactive);
  EXPECT_EQ(display_set(tree->root),
            "set interfaces st0 unit 1\n"
            "set interfaces st0 unit 2 family inet\n"
            "deactivate interfaces st0 unit 2\n"
            "set routing-options static route 10.0.0.0/8 next-hop st0.1\n");
}

TEST(SetParser, ReportsUnknownCommandsAndMissingStatements) {
  auto bad = parse_set_commands("set interfaces st0 unit 1\nsecurity ike\n", "s.conf");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().to_string(),
            "s.conf:2: error: expected 'set', 'delete', 'deactivate' or 'activate' at the start of the line, found "
            "'security'");
  auto missing = parse_set_commands("set interfaces st0 unit 1\ndelete interfaces st0 unit 2\n", "s.conf");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().to_string(), "s.conf:2: error: delete: statement not found: 'interfaces st0 unit 2'");
  auto brace = parse_set_commands("set interfaces st0 {\n", "s.conf");
  ASSERT_FALSE(brace);
  EXPECT_EQ(brace.error().to_string(),
            "s.conf:1: error: unexpected '{' in a 'set' command: set commands take words only");
  auto empty = parse_set_commands("set\n", "s.conf");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().to_string(), "s.conf:1: error: expected a statement path after 'set'");
}

TEST(ConfigLoader, DetectsTheFormFromTheFirstStatement) {
  EXPECT_TRUE(looks_like_set_commands("# c\n\nset a b\n"));
  EXPECT_TRUE(looks_like_set_commands("/* c */ deactivate a\n"));
  EXPECT_FALSE(looks_like_set_commands("/* set a b */ interfaces { }\n"));
  auto missing = load_config_file("/nonexistent/x.conf");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().to_string(), "/nonexistent/x.conf:0: error: cannot open the file");
}

TEST(ConfigTree, DisplaySetReparsesToTheSameTree) {
  auto curly = load_config_file(test::scenario_path("blog-global-v4v6/PE1.conf"));
  ASSERT_TRUE(curly);
  const std::string set_text = display_set(curly->root);
  auto reparsed = parse_set_commands(set_text, "pe1.set");
  ASSERT_TRUE(reparsed) << reparsed.error().to_string();
  EXPECT_EQ(display_set(reparsed->root), set_text);
  EXPECT_NE(set_text.find("set routing-options static route 12.1.1.2/32 next-hop st0.1\n"), std::string::npos);
  EXPECT_NE(set_text.find("deactivate protocols bgp group IBGP family inet6 labeled-unicast explicit-null\n"),
            std::string::npos);
  EXPECT_NE(set_text.find("set security ike policy ike_policy pre-shared-key ascii-text "
                          "\"$9$.fQ3ApBSrv69rvWLVb.P5Ft0SyeKWXVw\"\n"),
            std::string::npos);
}

}  // namespace
}  // namespace trio6sim::junos

namespace trio6sim::junos {
namespace {

// Errors are values: every prefix of a real configuration, in both forms,
// either loads or reports where it stopped; nothing throws or crashes.
TEST(Parsers, EveryPrefixOfASeedConfigLoadsOrFailsCleanly) {
  const std::string curly = test::read_text(test::scenario_path("blog-global-v4v6/PE1.conf"));
  auto tree = load_config_text(curly, "pe1");
  ASSERT_TRUE(tree);
  const std::string set_form = display_set(tree->root);
  for (const std::string* text : {&curly, &set_form}) {
    int failures = 0;
    for (std::size_t n = 0; n <= text->size(); n += 5) {
      auto t = load_config_text(std::string_view(*text).substr(0, n), "prefix");
      if (!t) {
        ++failures;
        EXPECT_GE(t.error().where.line, 1);
        EXPECT_FALSE(t.error().message.empty());
      } else {
        (void)build_device_config(*t);
      }
    }
    EXPECT_GT(failures, 0);
  }
}

TEST(Model, InlineServicesBandwidth) {
  auto model = test::load_model_text("set chassis fpc 1 pic 0 inline-services bandwidth 300g\n", "b.set");
  ASSERT_EQ(model.inline_services.size(), 1u);
  EXPECT_EQ(model.inline_services[0].fpc, 1);
  EXPECT_EQ(model.inline_services[0].bandwidth, "300g");
  EXPECT_EQ(model.inline_services[0].bandwidth_bps, 300'000'000'000u);
  EXPECT_EQ(model.inline_services_on(1, 0), &model.inline_services[0]);
  EXPECT_EQ(model.inline_services_on(0, 0), nullptr);
}

}  // namespace
}  // namespace trio6sim::junos
