#include "run_command.h"

#include <boost/program_options.hpp>
#include <iostream>
#include <string>
#include <unistd.h>

#include "run/scenario_run.h"
#include "scenario/scenario_loader.h"
#include "scenario/units.h"

namespace po = boost::program_options;

namespace trio6sim::cli {

namespace {

constexpr const char* kUsage =
    "usage: trio6sim run FILE.yaml [--json FILE] [--pcap DIR] [--vcd FILE] [--seed N]\n"
    "                              [--duration T] [--timing-only] [--quiet] [--no-progress]\n"
    "Builds the scenario's routers from their Junos configurations, runs its traffic and\n"
    "prints the requested show commands (Junos format), the report and the expectations.\n"
    "  --json FILE     the report as JSON (fixed keys, docs/scenarios.md)\n"
    "  --pcap DIR      DIR/<device>-<interface>.pcap per port ('/' written as '_'; the\n"
    "                  frames the port sends) and DIR/esp_sa (Wireshark's ESP SA table)\n"
    "  --vcd FILE      queue depths and per-unit output rates over time, for GTKWave\n"
    "  --seed N        overrides the scenario's seed (SPIs, keys)\n"
    "  --duration T    overrides the scenario's duration (e.g. 5ms)\n"
    "  --timing-only   ESP framing without the cipher: same sizes and timing, faster\n"
    "  --quiet         print only failed expectations, errors and the summary line\n"
    "Exit status: 0 all expectations held and every packet is accounted for; 1 not; 2 bad input.\n";

int usage_error(const std::string& message) {
  std::cerr << "trio6sim run: " << message << "\n" << kUsage;
  return 2;
}

}  // namespace

int run_command(int argc, char** argv) {
  po::options_description opts;
  opts.add_options()("help,h", "")("file", po::value<std::string>(), "")("json", po::value<std::string>(), "")(
      "pcap", po::value<std::string>(), "")("vcd", po::value<std::string>(), "")("seed", po::value<uint64_t>(), "")(
      "duration", po::value<std::string>(), "")("timing-only", po::bool_switch(), "")("quiet", po::bool_switch(), "")(
      "no-progress", po::bool_switch(), "");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(opts).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return usage_error(e.what());
  }
  if (vm.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  if (!vm.count("file")) return usage_error("name the scenario file");
  run::RunOptions o;
  if (vm.count("json")) o.json_path = vm["json"].as<std::string>();
  if (vm.count("pcap")) o.pcap_dir = vm["pcap"].as<std::string>();
  if (vm.count("vcd")) o.vcd_path = vm["vcd"].as<std::string>();
  if (vm.count("seed")) o.seed = vm["seed"].as<uint64_t>();
  if (vm.count("duration")) {
    auto d = scenario::parse_duration_ps(vm["duration"].as<std::string>());
    if (!d || *d == 0) return usage_error("--duration: expected a time like 5ms");
    o.duration_ps = *d;
  }
  o.timing_only = vm["timing-only"].as<bool>();
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
  std::cout << "expectations: " << passed << " passed, " << failed << " failed; packets: " << c.offered
            << " offered = " << c.delivered << " delivered + " << c.dropped << " dropped"
            << (c.unaccounted() == 0 ? "" : " + " + std::to_string(c.unaccounted()) + " UNACCOUNTED") << "\n";
  return run::exit_status(*result);
}

}  // namespace trio6sim::cli
