#include "probe_command.h"

#include <boost/program_options.hpp>
#include <fmt/core.h>

#include <array>
#include <charconv>
#include <cctype>
#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "command_line.h"
#include "crypto/cipher_pool.h"
#include "models/probe.h"
#include "models/throughput_search.h"
#include "scenario/units.h"
#include "sweep/provenance.h"
#include "sweep/results.h"
#include "version.h"

namespace po = boost::program_options;

namespace trio6sim::cli {

namespace {

constexpr const char* kUsage =
    "usage: trio6sim probe --frame-size B|imix --family ipv4|ipv6 --offered RATE\n"
    "                      --direction encrypt|decrypt|both|clear --tunnels N --slices 1|2\n"
    "                      --duration T [--timing-only] [--json] [--cipher-threads N]\n"
    "                      [--warmup T] [--seed N] [--flows N] [--si-bandwidth RATE]\n"
    "                      [--anchor-slice 0|1] [--clear-pg1 RATE] [--set key=value ...]\n"
    "                      [--find-throughput [--resolution RATE] [--trial T]]\n"
    "--find-throughput searches the highest offered rate a trial carries with no loss and\n"
    "steady queues (RFC 2544 throughput) to --resolution (default 1g); --trial defaults to a\n"
    "length from the buffers (docs/probe.md); --offered and --duration are then not used.\n"
    "RATE is L1 bits per second with a suffix (400g, 100m, 1.5t); T a time with a unit\n"
    "(200us, 1ms, 500ns). --frame-size is the cleartext frame (14 B header + FCS);\n"
    "imix is 78/570/1450 B at 7:4:1. --set overrides a chip parameter by its JSON path\n"
    "(ipsec.bytes_per_cycle=16); the effective parameters are printed with the result.\n"
    "--cipher-threads N: threads running the outbound cipher, this one included (1..256;\n"
    "default the cores available; 1: synchronous); the result is the same whatever N.\n";

// The accepted ranges of the options (docs/probe.md). The upper limit of
// --tunnels is the chip's (ipsec.max_tunnels per engine, max_tunnels_per_chip),
// checked by run_probe after --set.
constexpr uint64_t kMinFrameBytes = 64, kMaxFrameBytes = 9216;  // Ethernet minimum; Trio jumbo frames
constexpr double kMinRateGbps = 0.001;                         // 1 Mbps: a frame every few ms at most
constexpr uint64_t kMaxDurationPs = 1000ull * 1000 * 1000 * 1000;  // 1 s of simulated traffic
constexpr uint64_t kMaxFlows = 65536;

int usage_error(const std::string& message) {
  std::cerr << "trio6sim probe: " << message << "\n" << kUsage;
  return 2;
}

// An option's value could not be used: the message names the option, what
// was expected and what was given.
struct BadOption {
  std::string message;
};
BadOption bad(const std::string& option, const std::string& expected, const std::string& got) {
  return {fmt::format("{}: expected {}, got '{}'", option, expected, got)};
}

// "400g" -> 400 (Gbps) in [kMinRateGbps, max_gbps]; the units of scenario files (sim/scenario/units.h).
std::optional<BadOption> read_rate_gbps(const po::variables_map& vm, const std::string& option, double max_gbps,
                                        double& out) {
  const std::string text = vm[option].as<std::string>();
  const std::string expected = fmt::format("a rate from 1m to {}g, like 100g", max_gbps);
  auto r = scenario::parse_rate(text);
  if (!r || r->packets_per_second > 0 || !std::isfinite(r->bits_per_second)) return bad("--" + option, expected, text);
  const double gbps = r->bits_per_second / 1e9;
  if (gbps < kMinRateGbps || gbps > max_gbps) return bad("--" + option, expected, text);
  out = gbps;
  return std::nullopt;
}

// "200us" -> picoseconds in 1 ps..1 s. Computed in double and range-checked
// before it becomes an integer, so no value overflows the picosecond count.
std::optional<BadOption> read_time_ps(const po::variables_map& vm, const std::string& option, uint64_t& out) {
  const std::string text = vm[option].as<std::string>();
  const std::string expected = "a time from 1ps to 1s with a unit (ps, ns, us, ms, s), like 200us";
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr == text.data() || !std::isfinite(v)) return bad("--" + option, expected, text);
  static constexpr std::array<std::pair<std::string_view, double>, 5> kUnits = {
      {{"ps", 1}, {"ns", 1e3}, {"us", 1e6}, {"ms", 1e9}, {"s", 1e12}}};
  std::string unit(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
  std::erase(unit, ' ');
  for (char& ch : unit) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (auto [name, scale] : kUnits) {
    if (unit != name) continue;
    const double ps = std::round(v * scale);
    if (ps < 1 || ps > static_cast<double>(kMaxDurationPs)) return bad("--" + option, expected, text);
    out = static_cast<uint64_t>(ps);
    return std::nullopt;
  }
  return bad("--" + option, expected, text);
}

// A decimal integer in [min, max] (no sign, no fraction: boost would wrap "-1").
std::optional<BadOption> read_uint(const po::variables_map& vm, const std::string& option, uint64_t min, uint64_t max,
                                   uint64_t& out) {
  const std::string text = vm[option].as<std::string>();
  const std::string expected =
      min + 1 == max ? fmt::format("{} or {}", min, max) : fmt::format("an integer from {} to {}", min, max);
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || v < min || v > max)
    return bad("--" + option, expected, text);
  out = v;
  return std::nullopt;
}

// Every option into the probe's configuration, or the first one that is wrong.
std::optional<BadOption> read_options(const po::variables_map& vm, models::ProbeConfig& c) {
  const std::string frame = vm["frame-size"].as<std::string>();
  if (frame == "imix") {
    c.frame_bytes = models::kImixFrameBytes;
    c.weights = models::kImixWeights;
  } else {
    uint64_t b = 0;
    if (read_uint(vm, "frame-size", kMinFrameBytes, kMaxFrameBytes, b))
      return bad("--frame-size", "a frame size in bytes from 64 to 9216, or imix", frame);
    c.frame_bytes = {static_cast<uint32_t>(b)};
    c.weights = {1};
  }
  const std::string family = vm["family"].as<std::string>();
  if (family != "ipv4" && family != "ipv6") return bad("--family", "ipv4 or ipv6", family);
  c.ipv6 = family == "ipv6";
  const std::string dir = vm["direction"].as<std::string>();
  if (dir == "encrypt") c.direction = models::ProbeDirection::kEncrypt;
  else if (dir == "decrypt") c.direction = models::ProbeDirection::kDecrypt;
  else if (dir == "both") c.direction = models::ProbeDirection::kBoth;
  else if (dir == "clear") c.direction = models::ProbeDirection::kClear;
  else return bad("--direction", "encrypt, decrypt, both or clear", dir);
  uint64_t v = 0;
  if (auto e = read_uint(vm, "slices", 1, 2, v)) return e;
  c.slices = static_cast<int>(v);
  // One 400G port per slice used takes the offered load (run_probe checks the split).
  if (auto e = read_rate_gbps(vm, "offered", 400.0 * c.slices, c.offered_gbps)) return e;
  if (auto e = read_time_ps(vm, "duration", c.duration_ps)) return e;
  if (vm.count("warmup")) {
    if (auto e = read_time_ps(vm, "warmup", c.warmup_ps)) return e;
    if (c.warmup_ps >= c.duration_ps)
      return bad("--warmup", "a time shorter than --duration (" + vm["duration"].as<std::string>() + ")",
                 vm["warmup"].as<std::string>());
  }
  c.timing_only = vm["timing-only"].as<bool>();
  if (vm.count("cipher-threads")) {
    if (auto e = read_uint(vm, "cipher-threads", 1, crypto::CipherPool::kMaxThreads, v)) return e;
    c.params.ipsec.cipher_threads = static_cast<unsigned>(v);
  }
  if (auto e = read_uint(vm, "seed", 0, UINT64_MAX, c.seed)) return e;
  if (auto e = read_uint(vm, "flows", 1, kMaxFlows, v)) return e;
  c.flows = static_cast<uint32_t>(v);
  if (vm.count("si-bandwidth")) {
    double bw = 0;
    if (auto e = read_rate_gbps(vm, "si-bandwidth", 800, bw)) return e;
    c.si_bandwidth_gbps = bw;  // the settings Junos accepts are checked by the chip
  }
  if (vm.count("anchor-slice")) {
    if (auto e = read_uint(vm, "anchor-slice", 0, 1, v)) return e;
    c.anchor_slice = static_cast<int>(v);
  }
  if (vm.count("clear-pg1")) {
    if (auto e = read_rate_gbps(vm, "clear-pg1", 400, c.clear_pg1_gbps)) return e;  // the PG1 port is 400G
  }
  if (vm.count("set")) {
    for (const auto& kv : vm["set"].as<std::vector<std::string>>()) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos) return bad("--set", "key=value", kv);
      try {
        c.params.set(kv.substr(0, eq), kv.substr(eq + 1));
      } catch (const models::ConfigError& e) {
        return BadOption{std::string("--set: ") + e.what()};
      }
    }
  }
  // After --set and --slices: the limit is the chip's.
  if (auto e = read_uint(vm, "tunnels", 1, models::max_probe_tunnels(c), v)) return e;
  c.tunnels = static_cast<uint32_t>(v);
  return std::nullopt;
}

// How the result was made (docs/probe.md, "Provenance"): the simulator's
// version, the command as given, seed, window, every option whose value
// differs from its default and every chip parameter that differs from the
// model's default. `duration_ps` is the trial's for a throughput search.
std::string provenance_json(const po::options_description& opts, const po::variables_map& vm,
                            const models::ProbeConfig& c, uint64_t duration_ps, int argc, char** argv) {
  sweep::Provenance p;
  p.fields.push_back({"simulator", cli::simulator_version(), false});
  p.fields.push_back({"command", sweep::command_text(argc, argv), false});
  p.fields.push_back({"seed", std::to_string(c.seed), true});
  p.fields.push_back({"duration_ps", std::to_string(duration_ps), true});
  const uint64_t warmup = c.warmup_ps && duration_ps == c.duration_ps ? c.warmup_ps : duration_ps / 5;
  p.fields.push_back({"warmup_ps", std::to_string(warmup), true});
  for (const auto& [name, value] : vm) {  // by name: a std::map
    if (value.defaulted() || name == "json" || name == "help" || name == "set") continue;
    std::string text;
    if (value.value().type() == typeid(bool)) {
      if (!value.as<bool>()) continue;
      text = "true";
    } else if (value.value().type() == typeid(std::string)) {
      text = value.as<std::string>();
      boost::any fallback;
      if (opts.find(name, false).semantic()->apply_default(fallback) && boost::any_cast<std::string>(fallback) == text)
        continue;
    } else {
      continue;
    }
    p.parameters.push_back({name, text, false});
  }
  for (const auto& [key, value] : sweep::changed_values(c.params.to_json(), models::Trio6Params{}.to_json()))
    p.parameters.push_back({key, value, false});
  return sweep::to_json(p);
}

}  // namespace

int probe_command(int argc, char** argv) {
  po::options_description opts;
  opts.add_options()("help,h", "")("frame-size", po::value<std::string>()->default_value("1500"), "")(
      "family", po::value<std::string>()->default_value("ipv4"), "")(
      "offered", po::value<std::string>()->default_value("400g"), "")(
      "direction", po::value<std::string>()->default_value("encrypt"), "")(
      "tunnels", po::value<std::string>()->default_value("1"), "")(
      "slices", po::value<std::string>()->default_value("1"), "")(
      "duration", po::value<std::string>()->default_value("200us"), "")("warmup", po::value<std::string>(), "")(
      "timing-only", po::bool_switch(), "")("json", po::bool_switch(), "")(
      "cipher-threads", po::value<std::string>(), "")(
      "seed", po::value<std::string>()->default_value("1"), "")(
      "flows", po::value<std::string>()->default_value("256"), "")("si-bandwidth", po::value<std::string>(), "")(
      "anchor-slice", po::value<std::string>(), "")("clear-pg1", po::value<std::string>(), "")(
      "set", po::value<std::vector<std::string>>()->composing(), "")("find-throughput", po::bool_switch(), "")(
      "resolution", po::value<std::string>(), "")("trial", po::value<std::string>(), "");
  po::variables_map vm;
  // No positional arguments: a stray word is an error, not ignored.
  if (auto parsed = parse_command_line(argc, argv, opts, po::positional_options_description{}, vm); !parsed)
    return usage_error(parsed.error());
  if (vm.count("help")) {
    std::cout << kUsage;
    return 0;
  }

  models::ProbeConfig c;
  if (auto e = read_options(vm, c)) return usage_error(e->message);
  const bool search = vm["find-throughput"].as<bool>();
  models::ThroughputSearchParams sp;
  if (!search && (vm.count("resolution") || vm.count("trial")))
    return usage_error("--resolution and --trial go with --find-throughput");
  if (vm.count("resolution"))
    if (auto e = read_rate_gbps(vm, "resolution", 400.0 * c.slices, sp.resolution_gbps)) return usage_error(e->message);
  if (vm.count("trial"))
    if (auto e = read_time_ps(vm, "trial", sp.trial_ps)) return usage_error(e->message);
  try {
    if (search) {
      const models::ThroughputResult t = models::find_throughput(c, sp);
      std::cout << (vm["json"].as<bool>()
                        ? models::to_json(t, provenance_json(opts, vm, c, t.trial_ps, argc, argv)) + "\n"
                        : models::to_table(t));
      return t.at_throughput.conserved ? 0 : 1;
    }
    const models::ProbeResult r = models::run_probe(c);
    std::cout << (vm["json"].as<bool>() ? models::to_json(r, provenance_json(opts, vm, c, c.duration_ps, argc, argv)) + "\n"
                                        : models::to_table(r));
    return r.conserved ? 0 : 1;
  } catch (const models::ConfigError& e) {
    std::string_view what = e.what();
    if (what.starts_with("probe: ")) what.remove_prefix(7);  // this command's prefix is already there
    return usage_error(std::string(what));
  }
}

}  // namespace trio6sim::cli
