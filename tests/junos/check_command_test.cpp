// `trio6sim check`: output and exit status, called as main would call it.
#include "check_command.h"

#include <gtest/gtest.h>

#include <sstream>

#include "junos_test_util.h"

namespace trio6sim::cli {
namespace {

struct CheckRun {
  int status;
  std::string out;
  std::string err;
};

CheckRun run(std::vector<std::string> args) {
  args.insert(args.begin(), "check");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  const int status = check_command(static_cast<int>(argv.size()), argv.data(), out, err);
  return {status, out.str(), err.str()};
}

TEST(CheckCommand, AcceptsTheSeedConfigurations) {
  for (const char* f : {"blog-global-v4v6/PE1.conf", "blog-global-v4v6/P1.conf", "blog-global-v4v6/PE2.conf",
                        "techlib-p2p/R0.conf", "techlib-p2p/R1.conf"}) {
    const std::string path = junos::test::scenario_path(f);
    const CheckRun r = run({path});
    EXPECT_EQ(r.status, 0) << f;
    // Warnings for what is not modeled, then the verdict.
    std::istringstream lines(r.out);
    std::vector<std::string> all;
    for (std::string l; std::getline(lines, l);) all.push_back(l);
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all.back(), "configuration check succeeds") << f;
    all.pop_back();
    EXPECT_FALSE(all.empty()) << f;  // every seed has statements the model does not apply
    for (const auto& l : all) {
      EXPECT_TRUE(l.starts_with(path + ":")) << l;
      EXPECT_NE(l.find(": warning: not modeled: "), std::string::npos) << l;
    }
    EXPECT_EQ(r.err, "");
  }
}

TEST(CheckCommand, PrintsCommitErrorsAsJunosDoes) {
  const std::string path = junos::test::scenario_path("errors/ah.conf");
  const CheckRun r = run({path});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out,
            "[edit security ipsec proposal ipsec_proposal]\n"
            "  'protocol ah'\n"
            "    error: AH is not supported by inline IPsec: use protocol esp\n" +
                path + ":" + std::to_string(junos::test::line_of(path, "protocol ah;")) +
                "\n"
                "error: configuration check-out failed\n");
}

TEST(CheckCommand, PrintsParseErrorsWithFileAndLine) {
  const std::string path = junos::test::scenario_path("errors/parse-unbalanced.conf");
  const CheckRun r = run({path});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, path +
                       ":7: error: expected '}' to close 'interfaces' opened at line 2\n"
                       "error: configuration check-out failed\n");
  const std::string set_path = junos::test::scenario_path("errors/parse-set-syntax.conf");
  const CheckRun s = run({set_path});
  EXPECT_EQ(s.status, 1);
  EXPECT_EQ(s.out, set_path +
                       ":4: error: expected 'set', 'delete', 'deactivate' or 'activate' at the start of the "
                       "line, found 'security'\n"
                       "error: configuration check-out failed\n");
}

TEST(CheckCommand, DumpsTheModelOnRequest) {
  const CheckRun r = run({"--dump", junos::test::scenario_path("blog-global-v4v6/PE1.conf")});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("ipsec vpn ipsec_vpn bind-interface st0.1 "), std::string::npos);
  EXPECT_NE(r.out.find("not modeled: protocols bgp\n"), std::string::npos);
  EXPECT_TRUE(r.out.ends_with("configuration check succeeds\n"));
}

TEST(CheckCommand, UsageErrors) {
  EXPECT_EQ(run({}).status, 2);
  EXPECT_EQ(run({"a.conf", "b.conf"}).status, 2);
  EXPECT_EQ(run({"--bogus", "a.conf"}).status, 2);
  const CheckRun help = run({"--help"});
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("usage: trio6sim check"), std::string::npos);
  const CheckRun missing = run({"/nonexistent.conf"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err, "trio6sim check: /nonexistent.conf: no such file: expected a Junos configuration file\n");
  const std::string dir = junos::test::scenario_path("errors");
  const CheckRun directory = run({dir});
  EXPECT_EQ(directory.status, 2);
  EXPECT_EQ(directory.err,
            "trio6sim check: " + dir + ": is a directory, not a file: expected a Junos configuration file\n");
  EXPECT_EQ(directory.out, "");
}

// A second file is not checked silently or lumped into "expected one": the
// word is named, with the usage.
TEST(CheckCommand, AStrayArgumentIsNamed) {
  const std::string path = junos::test::scenario_path("techlib-p2p/R0.conf");
  for (const auto& args : {std::vector<std::string>{path, "7"}, std::vector<std::string>{"--dump", path, "7"}}) {
    const CheckRun r = run(args);
    EXPECT_EQ(r.status, 2);
    EXPECT_TRUE(r.err.starts_with("trio6sim check: unexpected argument '7': expected one configuration file\n"))
        << r.err;
    EXPECT_NE(r.err.find("usage: trio6sim check"), std::string::npos);
    EXPECT_EQ(r.out, "");
  }
}

}  // namespace
}  // namespace trio6sim::cli
