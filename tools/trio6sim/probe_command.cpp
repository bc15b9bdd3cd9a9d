#include "probe_command.h"

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "models/probe.h"
#include "scenario/units.h"

namespace po = boost::program_options;

namespace trio6sim::cli {

namespace {

constexpr const char* kUsage =
    "usage: trio6sim probe --frame-size B|imix --family ipv4|ipv6 --offered RATE\n"
    "                      --direction encrypt|decrypt|both|clear --tunnels N --slices 1|2\n"
    "                      --duration T [--timing-only] [--json]\n"
    "                      [--warmup T] [--seed N] [--flows N] [--si-bandwidth RATE]\n"
    "                      [--anchor-slice 0|1] [--clear-pg1 RATE] [--set key=value ...]\n"
    "RATE is L1 bits per second with a suffix (400g, 100m, 1.5t); T a time with a unit\n"
    "(200us, 1ms, 500ns). --frame-size is the cleartext frame (14 B header + FCS);\n"
    "imix is 78/570/1450 B at 7:4:1. --set overrides a chip parameter by its JSON path\n"
    "(ipsec.bytes_per_cycle=16); the effective parameters are printed with the result.\n";

int usage_error(const std::string& message) {
  std::cerr << "trio6sim probe: " << message << "\n" << kUsage;
  return 2;
}

// "400g" -> 400 (Gbps); the units of scenario files (sim/scenario/units.h).
std::optional<double> parse_rate_gbps(const std::string& text) {
  auto r = scenario::parse_rate(text);
  if (!r || r->bits_per_second <= 0) return std::nullopt;
  return r->bits_per_second / 1e9;
}

std::optional<uint64_t> parse_time_ps(const std::string& text) {
  auto t = scenario::parse_duration_ps(text);
  if (!t || *t == 0) return std::nullopt;
  return *t;
}

}  // namespace

int probe_command(int argc, char** argv) {
  po::options_description opts;
  opts.add_options()("help,h", "")("frame-size", po::value<std::string>()->default_value("1500"), "")(
      "family", po::value<std::string>()->default_value("ipv4"), "")(
      "offered", po::value<std::string>()->default_value("400g"), "")(
      "direction", po::value<std::string>()->default_value("encrypt"), "")(
      "tunnels", po::value<uint32_t>()->default_value(1), "")("slices", po::value<int>()->default_value(1), "")(
      "duration", po::value<std::string>()->default_value("200us"), "")("warmup", po::value<std::string>(), "")(
      "timing-only", po::bool_switch(), "")("json", po::bool_switch(), "")(
      "seed", po::value<uint64_t>()->default_value(1), "")("flows", po::value<uint32_t>()->default_value(256), "")(
      "si-bandwidth", po::value<std::string>(), "")("anchor-slice", po::value<int>(), "")(
      "clear-pg1", po::value<std::string>(), "")("set", po::value<std::vector<std::string>>()->composing(), "");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(opts).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return usage_error(e.what());
  }
  if (vm.count("help")) {
    std::cout << kUsage;
    return 0;
  }

  models::ProbeConfig c;
  const std::string frame = vm["frame-size"].as<std::string>();
  if (frame == "imix") {
    c.frame_bytes = models::kImixFrameBytes;
    c.weights = models::kImixWeights;
  } else {
    try {
      std::size_t used = 0;
      const unsigned long b = std::stoul(frame, &used);
      if (used != frame.size() || b < 64 || b > 9216) return usage_error("--frame-size: expected 64..9216 or imix");
      c.frame_bytes = {static_cast<uint32_t>(b)};
      c.weights = {1};
    } catch (const std::exception&) {
      return usage_error("--frame-size: expected 64..9216 or imix");
    }
  }
  const std::string family = vm["family"].as<std::string>();
  if (family != "ipv4" && family != "ipv6") return usage_error("--family: expected ipv4 or ipv6");
  c.ipv6 = family == "ipv6";
  auto offered = parse_rate_gbps(vm["offered"].as<std::string>());
  if (!offered) return usage_error("--offered: expected a rate like 400g");
  c.offered_gbps = *offered;
  const std::string dir = vm["direction"].as<std::string>();
  if (dir == "encrypt") c.direction = models::ProbeDirection::kEncrypt;
  else if (dir == "decrypt") c.direction = models::ProbeDirection::kDecrypt;
  else if (dir == "both") c.direction = models::ProbeDirection::kBoth;
  else if (dir == "clear") c.direction = models::ProbeDirection::kClear;
  else return usage_error("--direction: expected encrypt, decrypt, both or clear");
  c.tunnels = vm["tunnels"].as<uint32_t>();
  c.slices = vm["slices"].as<int>();
  auto duration = parse_time_ps(vm["duration"].as<std::string>());
  if (!duration) return usage_error("--duration: expected a time like 200us");
  c.duration_ps = *duration;
  if (vm.count("warmup")) {
    auto w = parse_time_ps(vm["warmup"].as<std::string>());
    if (!w) return usage_error("--warmup: expected a time like 40us");
    c.warmup_ps = *w;
  }
  c.timing_only = vm["timing-only"].as<bool>();
  c.seed = vm["seed"].as<uint64_t>();
  c.flows = vm["flows"].as<uint32_t>();
  if (c.flows == 0) return usage_error("--flows: expected at least 1");
  if (vm.count("si-bandwidth")) {
    auto bw = parse_rate_gbps(vm["si-bandwidth"].as<std::string>());
    if (!bw) return usage_error("--si-bandwidth: expected a rate like 100g");
    c.si_bandwidth_gbps = *bw;
  }
  if (vm.count("anchor-slice")) c.anchor_slice = vm["anchor-slice"].as<int>();
  if (vm.count("clear-pg1")) {
    auto r = parse_rate_gbps(vm["clear-pg1"].as<std::string>());
    if (!r) return usage_error("--clear-pg1: expected a rate like 100g");
    c.clear_pg1_gbps = *r;
  }
  try {
    if (vm.count("set")) {
      for (const auto& kv : vm["set"].as<std::vector<std::string>>()) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos) return usage_error("--set: expected key=value, got '" + kv + "'");
        c.params.set(kv.substr(0, eq), kv.substr(eq + 1));
      }
    }
    const models::ProbeResult r = models::run_probe(c);
    std::cout << (vm["json"].as<bool>() ? models::to_json(r) + "\n" : models::to_table(r));
    return r.conserved ? 0 : 1;
  } catch (const models::ConfigError& e) {
    return usage_error(e.what());
  }
}

}  // namespace trio6sim::cli
