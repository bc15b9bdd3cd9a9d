// `trio6sim esp` and the command-line parser every command shares: a word
// that is no option and no positional argument of the command is refused by
// name (exit 2, with the usage), never dropped (`esp seal ... 7` sealed with
// sequence 1).
#include "esp_command.h"

#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "command_line.h"

namespace trio6sim::cli {
namespace {

namespace po = boost::program_options;

struct Argv {
  explicit Argv(std::vector<std::string> words) : words_(std::move(words)) {
    for (auto& w : words_) pointers_.push_back(w.data());
  }
  int argc() const { return static_cast<int>(pointers_.size()); }
  char** argv() { return pointers_.data(); }

 private:
  std::vector<std::string> words_;
  std::vector<char*> pointers_;
};

struct EspRun {
  int status;
  std::string out, err;
};

EspRun esp(std::vector<std::string> words) {
  words.insert(words.begin(), "esp");
  Argv a(std::move(words));
  std::ostringstream out, err;
  auto* old_out = std::cout.rdbuf(out.rdbuf());
  auto* old_err = std::cerr.rdbuf(err.rdbuf());
  const int status = esp_command(a.argc(), a.argv());
  std::cout.rdbuf(old_out);
  std::cerr.rdbuf(old_err);
  return {status, out.str(), err.str()};
}

const std::string kSa = std::string(TRIO6SIM_SOURCE_DIR) + "/docs/examples/sa.json";
const std::string kPacket = "450000200001000040110ac9320101013c01010104d2162e000cb00b61626364";

TEST(EspCommand, AStrayArgumentIsRefusedByName) {
  const EspRun sealed = esp({"seal", "--sa", kSa, "--in", kPacket});
  ASSERT_EQ(sealed.status, 0) << sealed.err;
  for (const auto& words : {std::vector<std::string>{"seal", "--sa", kSa, "--in", kPacket, "7"},
                            std::vector<std::string>{"seal", "7", "--sa", kSa, "--in", kPacket},
                            std::vector<std::string>{"open", "--sa", kSa, "--in", kPacket, "extra"},
                            std::vector<std::string>{"selfcheck", "extra"}}) {
    const EspRun r = esp(words);
    EXPECT_EQ(r.status, 2) << words.back();
    EXPECT_EQ(r.out, "") << words.back();
    const std::string stray = words[1] == "7" ? "7" : words.back();
    EXPECT_TRUE(r.err.starts_with("trio6sim esp: unexpected argument '" + stray + "'\n")) << r.err;
    EXPECT_NE(r.err.find("usage: trio6sim esp seal"), std::string::npos) << r.err;
  }
}

TEST(CommandLine, WordsGoToThePositionalNamesInOrderAndNoFurther) {
  po::options_description opts;
  opts.add_options()("file", po::value<std::string>(), "")("quiet", po::bool_switch(), "");
  po::positional_options_description positional;
  positional.add("file", 1);
  {
    Argv a({"run", "s.yaml", "--quiet"});
    po::variables_map vm;
    ASSERT_TRUE(parse_command_line(a.argc(), a.argv(), opts, positional, vm).has_value());
    EXPECT_EQ(vm["file"].as<std::string>(), "s.yaml");
    EXPECT_TRUE(vm["quiet"].as<bool>());
  }
  {
    Argv a({"run", "s.yaml", "--quiet", "t.yaml"});
    po::variables_map vm;
    auto r = parse_command_line(a.argc(), a.argv(), opts, positional, vm);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), "unexpected argument 't.yaml'");
  }
  {
    // After `--` a word is positional whatever it looks like.
    Argv a({"run", "s.yaml", "--", "--quiet"});
    po::variables_map vm;
    auto r = parse_command_line(a.argc(), a.argv(), opts, positional, vm);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error(), "unexpected argument '--quiet'");
  }
  {
    Argv a({"probe", "--bogus"});
    po::variables_map vm;
    auto r = parse_command_line(a.argc(), a.argv(), opts, po::positional_options_description{}, vm);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().find("--bogus"), std::string::npos) << r.error();
  }
}

}  // namespace
}  // namespace trio6sim::cli
