// Scenarios written inline for the runner's tests: the TechLibrary's two
// routers (scenarios/configs/techlib-p2p) with their link and hosts, and
// helpers that parse a scenario, run it and point at its lines.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "run/scenario_run.h"
#include "scenario/scenario_loader.h"

namespace trio6sim::run {

inline const std::string kConfigs = std::string(TRIO6SIM_SOURCE_DIR) + "/scenarios/configs/techlib-p2p/";

// The TechLibrary's two-router example at 10,000 pps each way.
inline std::string header() {
  return "scenario: inline\n"
         "seed: 1\n"
         "duration: 5ms\n"
         "warmup: 1ms\n"
         "rate_window: 1ms\n"
         "ike_negotiation: 1ms\n"
         "devices:\n"
         "  R0: {platform: mx304, lmics: [0, 1, 2], config: " + kConfigs + "R0.conf}\n"
         "  R1: {platform: mx304, lmics: [0, 1, 2], config: " + kConfigs + "R1.conf}\n";
}

inline std::string links(const std::string& r0_port = "et-0/2/10") {
  return "links:\n"
         "  - {a: R0:" + r0_port + ", b: R1:et-0/2/10, delay: 1us}\n";
}

inline std::string generators(const std::string& host2_attach = "R1:et-0/1/8") {
  return "generators:\n"
         "  Host1:\n"
         "    attach: R0:et-0/1/8\n"
         "    streams:\n"
         "      host1-host2: {family: ipv4, source: 1.1.1.2, destination: 2.2.2.2, frame_size: 512,\n"
         "                    rate: 10000pps, start: 1500us, stop: 4500us}\n"
         "  Host2:\n"
         "    attach: " + host2_attach + "\n"
         "    streams:\n"
         "      host2-host1: {family: ipv4, source: 2.2.2.2, destination: 1.1.1.2, frame_size: 512,\n"
         "                    rate: 10000pps, start: 1500us, stop: 4500us}\n";
}

// One MX304 (LMIC 0) with et-0/0/0 (10.0.0.1/24) and et-0/0/4 (10.0.1.1/24),
// and the start of a generator "In" on et-0/0/0: its streams follow.
inline const std::string kOneRouterIn =
    "devices:\n"
    "  R1: {platform: mx304, lmics: [0], config_text: \"set interfaces et-0/0/0 unit 0 family inet address "
    "10.0.0.1/24\\nset interfaces et-0/0/4 unit 0 family inet address 10.0.1.1/24\"}\n"
    "generators:\n"
    "  In:\n"
    "    attach: R1:et-0/0/0\n"
    "    streams:\n";

inline scenario::ScenarioSpec parse(const std::string& text) {
  auto spec = scenario::parse_scenario(text, "inline.yaml", TRIO6SIM_SOURCE_DIR "/scenarios");
  EXPECT_TRUE(spec.has_value()) << (spec ? "" : spec.error()) << "\n" << text;
  return spec ? std::move(*spec) : scenario::ScenarioSpec{};
}

// "inline.yaml:N" for the (first) line of `text` holding `needle`.
inline std::string where(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return "inline.yaml:" + std::to_string(1 + std::count(text.begin(), text.begin() + at, '\n'));
}

inline std::string run_error(const std::string& text) {
  const auto spec = parse(text);
  const auto r = run_scenario(spec, RunOptions{});
  EXPECT_FALSE(r.has_value()) << text;
  return r ? std::string() : r.error();
}

inline RunResult run_ok(const scenario::ScenarioSpec& spec, const RunOptions& options = {}) {
  auto r = run_scenario(spec, options);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error());
  return r ? std::move(*r) : RunResult{};
}

}  // namespace trio6sim::run
