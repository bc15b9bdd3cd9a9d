// Junos' output pipes: each pipe, chaining in the order typed, quoting, and
// the errors a scenario gets before the run (docs/show-commands.md).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "show/pipes.h"

namespace trio6sim::show {
namespace {

PipedCommand parse(const std::string& text) {
  auto p = parse_pipes(text);
  EXPECT_TRUE(p.has_value()) << text << ": " << (p ? "" : p.error());
  return p ? *p : PipedCommand{};
}

std::string run(const std::string& output, const std::string& pipes) {
  return apply_pipes(output, parse("show x " + pipes).pipes);
}

std::string error_of(const std::string& text) {
  auto p = parse_pipes(text);
  EXPECT_FALSE(p.has_value()) << text;
  return p ? "" : p.error();
}

const std::string kText = "Interface Admin\nst0 up\nst0.1 up inet\n  inet6\nsi-0/1/0 up\nst0.2 up inet6\n";

TEST(Pipes, CommandWithoutPipes) {
  const auto p = parse("show  interfaces   terse");
  EXPECT_EQ(p.command, "show interfaces terse");
  EXPECT_TRUE(p.pipes.empty());
  EXPECT_EQ(apply_pipes(kText, p.pipes), kText);
}

TEST(Pipes, SpacesAroundTheBarDoNotMatter) {
  for (const char* text : {"show a | match b", "show a|match b", "show a |match b", "show a| match b"}) {
    const auto p = parse(text);
    EXPECT_EQ(p.command, "show a") << text;
    ASSERT_EQ(p.pipes.size(), 1u) << text;
    EXPECT_EQ(p.pipes[0].kind, PipeKind::kMatch);
    EXPECT_EQ(p.pipes[0].argument, "b");
  }
}

TEST(Pipes, MatchKeepsMatchingLines) {
  EXPECT_EQ(run(kText, "| match inet"), "st0.1 up inet\n  inet6\nst0.2 up inet6\n");
  EXPECT_EQ(run(kText, "| match ^st0"), "st0 up\nst0.1 up inet\nst0.2 up inet6\n");
  EXPECT_EQ(run(kText, "| match nothing"), "");
}

TEST(Pipes, ExceptDropsMatchingLines) {
  EXPECT_EQ(run(kText, "| except inet6"), "Interface Admin\nst0 up\nst0.1 up inet\nsi-0/1/0 up\n");
}

TEST(Pipes, QuotedAlternationIsOneRegex) {
  const auto p = parse("show a | match \"si-|inet6\" | count");
  ASSERT_EQ(p.pipes.size(), 2u);
  EXPECT_EQ(p.pipes[0].argument, "si-|inet6");
  EXPECT_EQ(apply_pipes(kText, p.pipes), "Count: 3 lines\n");
  EXPECT_EQ(run(kText, "| match \"st0.1 up\""), "st0.1 up inet\n");
}

TEST(Pipes, MatchIgnoresCase) { EXPECT_EQ(run("Count UP\nx down\n", "| match up"), "Count UP\n"); }

TEST(Pipes, ExtendedRegexOperators) {
  EXPECT_EQ(run(kText, "| match \"st0\\.[12]\""), "st0.1 up inet\nst0.2 up inet6\n");
  EXPECT_EQ(run(kText, "| match \"(si|st)0?-\""), "si-0/1/0 up\n");
  EXPECT_EQ(run(kText, "| match inet6$"), "  inet6\nst0.2 up inet6\n");
}

TEST(Pipes, CountCountsLines) {
  EXPECT_EQ(run(kText, "| count"), "Count: 6 lines\n");
  EXPECT_EQ(run("", "| count"), "Count: 0 lines\n");
  EXPECT_EQ(run("no newline at the end", "| count"), "Count: 1 lines\n");
}

TEST(Pipes, ChainsApplyInTheOrderTyped) {
  // The blog's `show interfaces st0 terse |match inet | count |except inet6`:
  // the count is taken before `except`, which then keeps the count line.
  EXPECT_EQ(run(kText, "|match inet | count |except inet6"), "Count: 3 lines\n");
  EXPECT_EQ(run(kText, "| except inet6 | match inet | count"), "Count: 1 lines\n");
  EXPECT_EQ(run(kText, "| count | match lines"), "Count: 6 lines\n");
  EXPECT_EQ(run(kText, "| count | except lines"), "");
}

TEST(Pipes, LastFindTrimNoMore) {
  EXPECT_EQ(run(kText, "| last 2"), "si-0/1/0 up\nst0.2 up inet6\n");
  EXPECT_EQ(run(kText, "| last 100"), kText);
  EXPECT_EQ(run(kText, "| find si-"), "si-0/1/0 up\nst0.2 up inet6\n");
  EXPECT_EQ(run(kText, "| find absent"), "");
  EXPECT_EQ(run("abcdef\nab\n", "| trim 3"), "def\n\n");
  EXPECT_EQ(run(kText, "| no-more"), kText);
  EXPECT_EQ(run(kText, "| match st0 | last 1 | count"), "Count: 1 lines\n");
}

TEST(Pipes, ErrorsNameThePipeAndListTheSupportedOnes) {
  struct Case {
    const char* text;
    const char* fragment;
  };
  for (const Case& c : {Case{"show a | grep b", "unsupported pipe 'grep'"}, Case{"show a | match", "one regular"},
                        Case{"show a | match a b", "one regular"}, Case{"show a | match \"(\"", "not a valid regular"},
                        Case{"show a | match \"[z-a]\"", "not a valid regular"},
                        Case{"show a | except \"a{2,1}\"", "not a valid regular"},
                        Case{"show a | last", "takes a number"}, Case{"show a | last x", "whole number from 1"},
                        Case{"show a | last 0", "whole number from 1"}, Case{"show a | last -3", "whole number"},
                        Case{"show a | trim 5000", "from 1 to 1000"}, Case{"show a | count 3", "takes no argument"},
                        Case{"show a |", "empty pipe"}, Case{"show a || count", "empty pipe"},
                        Case{"show a | match \"abc", "unterminated quote"},
                        Case{"show a | match \"(a{100}){100}(b{10})\"", "multiply to more than 10000"},
                        // Each `+` doubles what the compiler builds: 14 of them nested pass 10,000.
                        Case{"show a | match \"((((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+)+)\"", "multiply to more"},
                        Case{"show a | match \"a++\"", "two repetition operators in a row"},
                        Case{"show a | match \"a*{2}\"", "two repetition operators in a row"},
                        Case{"show a | match \"\"", "needs a regular expression"}}) {
    const std::string e = error_of(c.text);
    EXPECT_NE(e.find(c.fragment), std::string::npos) << c.text << " -> " << e;
    if (std::string(c.fragment) != "unterminated quote") {
      EXPECT_NE(e.find(supported_pipes()), std::string::npos) << c.text << " -> " << e;
    }
  }
}

// Repetition operators inside brackets or escaped are characters, not
// repetitions; a group's repetition after an inner one is not "in a row".
TEST(Pipes, LiteralStarsAndPlusesAreNotRepetitions) {
  EXPECT_EQ(run("a+b\na*+b\nab\n", "| match \"a[*+]+b\""), "a+b\na*+b\n");
  EXPECT_EQ(run("1+1\n11\n", "| match 1\\+1"), "1+1\n");
  EXPECT_EQ(run("abab\nab\n", "| match \"(a+b)+\""), "abab\nab\n");
  EXPECT_EQ(run("xx\nx\n", "| match \"^x{2}$\""), "xx\n");
}

TEST(Pipes, ThousandsOfLinesStayLinear) {
  std::string big;
  for (int i = 0; i < 4000; ++i) big += "st0." + std::to_string(i) + "  up    up   inet\n";
  EXPECT_EQ(run(big, "| match inet | count | except inet6"), "Count: 4000 lines\n");
  EXPECT_EQ(run(big, "| match \"st0\\.3[0-9]{3} \" | count"), "Count: 1000 lines\n");
}

// A back-reference makes the C library's matcher exponential in the line
// (six groups and their references: seconds a line, minutes a show), so it
// is refused when the pipe is parsed, naming the pipe. `\\1` is an escaped
// backslash and a digit, and inside brackets a backslash is a character:
// neither is a back-reference.
TEST(Pipes, BackReferencesAreRefused) {
  for (const char* text : {"show a | match \"(a)\\1\"", "show a | except \"(st0)(.*)\\2\"",
                           "show a | find \"(.*)(.*)(.*)(.*)(.*)(.*)\\6\\5\\4\\3\\2\\1q\"",
                           "show a | count | match \"x(y)\\9\""}) {
    const std::string e = error_of(text);
    EXPECT_NE(e.find("back-references"), std::string::npos) << text << " -> " << e;
    EXPECT_NE(e.find("are not supported: a pipe's matching time is bounded"), std::string::npos) << e;
    EXPECT_NE(e.find(supported_pipes()), std::string::npos) << e;
  }
  EXPECT_NE(error_of("show a | except \"(st0)(.*)\\2\"").find("'except (st0)(.*)\\2': back-references (\\2)"),
            std::string::npos);
  EXPECT_EQ(run("a\\1\nab\n", "| match \"a\\\\1\""), "a\\1\n");
  EXPECT_EQ(run("x1\nx\\\nxy\n", "| match \"x[\\1]\""), "x1\nx\\\n");
}

// Without back-references the matcher's time grows with the square of the
// atoms it compiles (each atom times the repetitions around it): 10,000 of
// them, `(.{0,100}){100}`, took 10 s on one line. At most 1,000 are taken;
// the worst of those matches a show of thousands of lines in a fraction of
// a second (the bound below is 50 times what was measured).
TEST(Pipes, CompiledAtomsAreBounded) {
  for (const char* text : {"show a | match \"(.{0,100}){100}q\"", "show a | match \"(.?.?.?.?.?.?.?.?.?.?){101}\"",
                           "show a | match \"((a|b|c){10}x){100}\""}) {
    const std::string e = error_of(text);
    EXPECT_NE(e.find("atoms, at most 1000"), std::string::npos) << text << " -> " << e;
  }
  std::string big;
  for (int i = 0; i < 4000; ++i)
    big += "  <" + std::to_string(500001 + i) + " ESP:aes-gcm-256/aes256-gcm 0x" + std::to_string(i * 2654435761u) +
           " 3600/ unlim - root 500 173.1." + std::to_string(i / 256) + "." + std::to_string(i % 256) + "\n";
  for (const char* pipe : {"| match \"(.{0,31}){31}q\"", "| match \"(.?.?.?.?.?.?.?.?.?.?){99}q\"",
                           "| except \"(.*)(.*)(.*)(.*)(.*)(.*)q\""}) {
    const auto start = std::chrono::steady_clock::now();
    const std::string out = run(big, std::string(pipe) + " | count");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(out, std::string(pipe).starts_with("| except") ? "Count: 4000 lines\n" : "Count: 0 lines\n") << pipe;
    EXPECT_LT(seconds, 10.0) << pipe;
  }
}

}  // namespace
}  // namespace trio6sim::show
