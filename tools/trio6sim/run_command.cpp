#include "run_command.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <charconv>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <unistd.h>

#include "command_line.h"
#include "crypto/cipher_pool.h"
#include "run/rate_scale.h"
#include "run/scenario_run.h"
#include "scenario/scenario_loader.h"
#include "scenario/units.h"

namespace po = boost::program_options;

namespace trio6sim::cli {

namespace {

constexpr const char* kUsage =
    "usage: trio6sim run FILE.yaml [--json FILE] [--pcap DIR] [--vcd FILE] [--seed N]\n"
    "                              [--duration T] [--scale-rates X] [--timing-only] [--quiet]\n"
    "                              [--cipher-threads N]\n"
    "                              [--no-progress] [--programming-trace FILE] [--ike-key-log FILE]\n"
    "Builds the scenario's routers from their Junos configurations, runs its traffic and\n"
    "prints the requested show commands (Junos format), the report and the expectations.\n"
    "  --json FILE     the report as JSON (fixed keys, docs/scenarios.md)\n"
    "  --pcap DIR      DIR/<device>-<interface>.pcap per port ('/' written as '_'; the\n"
    "                  frames the port sends) and DIR/esp_sa (Wireshark's ESP SA table)\n"
    "  --vcd FILE      queue depths and per-unit output rates over time, for GTKWave\n"
    "  --seed N        overrides the scenario's seed (SPIs, keys): 0..18446744073709551615\n"
    "  --duration T    overrides the scenario's duration (e.g. 5ms; at most 1000000s)\n"
    "  --scale-rates X every stream's rate times X (a decimal above 0, e.g. 2 or 0.5), and\n"
    "                  the expectations on rates and traffic counts with it (docs/scenarios.md)\n"
    "  --timing-only   ESP framing without the cipher: same sizes and timing, faster\n"
    "  --cipher-threads N  threads running the outbound cipher, this one included (1..256;\n"
    "                  default the cores available; 1: synchronous); outputs are the same\n"
    "  --quiet         print only failed expectations, errors and the summary line\n"
    "  --programming-trace FILE  (ike: wire) every SA install and removal, ESP steering\n"
    "                  change, with its simulated time, device, chip, PFE and ids (JSON lines)\n"
    "  --ike-key-log FILE        (ike: wire) the DH private values, for an independent key check\n"
    "Exit status: 0 all expectations held and every packet is accounted for; 1 not; 2 bad input.\n";

int usage_error(const std::string& message) {
  std::cerr << "trio6sim run: " << message << "\n" << kUsage;
  return 2;
}

// --seed: decimal digits only, 0..2^64-1. Boost reads "-1" as 2^64-1 and
// "+5" as 5; a seed is reproduced from what was typed, so neither is taken.
std::optional<uint64_t> parse_seed(const std::string& text) {
  const bool all_digits = std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (text.empty() || text.size() > 20 || !all_digits) return std::nullopt;
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

// An output path must name something: `--json ""` would write nothing and say nothing.
std::optional<std::string> empty_path(const po::variables_map& vm) {
  for (const char* option : {"json", "pcap", "vcd", "programming-trace", "ike-key-log"})
    if (vm.count(option) && vm[option].as<std::string>().empty())
      return std::string("--") + option + ": expected a path, got an empty one";
  return std::nullopt;
}

// The JSON and VCD files are written after the run: a folder that is not
// there is an error before it, not after minutes of simulation.
std::optional<std::string> missing_folder(const po::variables_map& vm) {
  for (const char* option : {"json", "vcd", "programming-trace", "ike-key-log"}) {
    if (!vm.count(option)) continue;
    const std::filesystem::path folder = std::filesystem::path(vm[option].as<std::string>()).parent_path();
    std::error_code ec;
    if (!folder.empty() && !std::filesystem::is_directory(folder, ec))
      return std::string("--") + option + " " + vm[option].as<std::string>() + ": no folder " + folder.string();
  }
  return std::nullopt;
}

}  // namespace

int run_command(int argc, char** argv) {
  po::options_description opts;
  opts.add_options()("help,h", "")("file", po::value<std::string>(), "")("json", po::value<std::string>(), "")(
      "pcap", po::value<std::string>(), "")("vcd", po::value<std::string>(), "")("seed", po::value<std::string>(), "")(
      "duration", po::value<std::string>(), "")("scale-rates", po::value<std::string>(), "")("timing-only", po::bool_switch(), "")("quiet", po::bool_switch(), "")(
      "cipher-threads", po::value<std::string>(), "")(
      "no-progress", po::bool_switch(), "")("programming-trace", po::value<std::string>(), "")(
      "ike-key-log", po::value<std::string>(), "");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  // No abbreviations ("--du 2ms" for --duration): every option is spelled out.
  const int style = po::command_line_style::unix_style & ~po::command_line_style::allow_guessing;
  if (auto parsed = parse_command_line(argc, argv, opts, positional, vm, style); !parsed)
    return usage_error(parsed.error());
  if (vm.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  if (!vm.count("file")) return usage_error("name the scenario file");
  run::RunOptions o;
  if (vm.count("json")) o.json_path = vm["json"].as<std::string>();
  if (vm.count("pcap")) o.pcap_dir = vm["pcap"].as<std::string>();
  if (vm.count("vcd")) o.vcd_path = vm["vcd"].as<std::string>();
  if (vm.count("programming-trace")) o.programming_trace_path = vm["programming-trace"].as<std::string>();
  if (vm.count("ike-key-log")) o.ike_key_log_path = vm["ike-key-log"].as<std::string>();
  if (auto e = empty_path(vm)) return usage_error(*e);
  if (auto e = missing_folder(vm)) return usage_error(*e);
  if (vm.count("seed")) {
    const std::string text = vm["seed"].as<std::string>();
    o.seed = parse_seed(text);
    if (!o.seed) return usage_error("--seed: expected an unsigned integer 0..18446744073709551615, got '" + text + "'");
  }
  if (vm.count("duration")) {
    const std::string text = vm["duration"].as<std::string>();
    auto d = scenario::parse_duration_ps(text);
    if (!d) return usage_error("--duration: " + d.error());
    if (*d == 0) return usage_error("--duration: expected a time above 0 such as 5ms, got '" + text + "'");
    o.duration_ps = *d;
  }
  if (vm.count("scale-rates")) {
    const std::string text = vm["scale-rates"].as<std::string>();
    auto x = run::parse_scale(text);
    if (!x) return usage_error("--scale-rates: expected a decimal number above 0 such as 2 or 0.5, got '" + text + "'");
    o.scale_rates = *x;
  }
  o.timing_only = vm["timing-only"].as<bool>();
  if (vm.count("cipher-threads")) {
    const std::string text = vm["cipher-threads"].as<std::string>();
    const auto n = parse_seed(text);
    if (!n || *n < 1 || *n > crypto::CipherPool::kMaxThreads)
      return usage_error("--cipher-threads: expected an integer 1.." + std::to_string(crypto::CipherPool::kMaxThreads) +
                         ", got '" + text + "'");
    o.cipher_threads = static_cast<unsigned>(*n);
  }
  o.quiet = vm["quiet"].as<bool>();
  o.progress = !o.quiet && !vm["no-progress"].as<bool>() && isatty(STDERR_FILENO);

  auto spec = scenario::load_scenario(vm["file"].as<std::string>());
  if (!spec) {
    std::cerr << spec.error() << "\n";
    return 2;
  }
  if (o.duration_ps && spec->warmup_ps >= *o.duration_ps)
    return usage_error("--duration: must be longer than the scenario's warmup");
  auto result = run::run_scenario(*spec, o);
  if (!result) {
    std::cerr << result.error();
    if (!result.error().ends_with("\n")) std::cerr << "\n";
    return 2;
  }
  for (const auto& n : result->notes) std::cerr << "note: " << n << "\n";
  if (!o.quiet) {
    for (const auto& s : result->shows) {
      std::cout << "--- " << s.device << " at " << scenario::format_duration(s.at_ps) << "\n";
      std::cout << s.device << "> " << s.command << "\n" << s.text << "\n";
    }
    std::cout << report::to_text(result->report);
  }
  int passed = 0, failed = 0;
  for (const auto& e : result->expectations) {
    if (e.passed) {
      ++passed;
    } else {
      ++failed;
      std::cout << "FAILED " << e.message << "\n";
    }
  }
  const auto& c = result->report.conservation;
  // Offered: every packet that entered the network, the generators' and
  // (with IKE on the wire) the routing engines', crafted ones and the host
  // bridge's, and the fragments the routers cut and the copies they flooded
  // (one packet becoming several), so the line adds up; the report's
  // conservation line gives them apart.
  std::cout << "expectations: " << passed << " passed, " << failed << " failed; packets: "
            << c.offered + c.from_host + c.injected_on_links + c.from_bridge + c.fragments_added + c.flood_copies_added
            << " offered = "
            << c.delivered + c.to_bridge << " delivered + "
            << c.dropped << " dropped"
            << (c.in_flight_on_links == 0 ? "" : " + " + std::to_string(c.in_flight_on_links) + " in flight on links")
            << (c.unaccounted() == 0 ? "" : " + " + std::to_string(c.unaccounted()) + " UNACCOUNTED") << "\n";
  return run::exit_status(*result);
}

}  // namespace trio6sim::cli
