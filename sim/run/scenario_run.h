// Runs a scenario (docs/scenarios.md): commits each device's Junos
// configuration, negotiates IKE (modeled), plans and builds every MX304 from
// its configuration and routes, wires the links and traffic generators,
// runs the simulation, and reports what an engineer would look at: the
// requested `show` outputs in Junos' format at their times, per-device
// counters, drops by cause, per-stream latency, the conservation check and
// the scenario's expectations.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "report/expectations.h"
#include "report/run_report.h"
#include "scenario/scenario_spec.h"

namespace trio6sim::run {

class Network;

struct RunOptions {
  std::optional<uint64_t> seed;         // overrides the scenario's
  std::optional<uint64_t> duration_ps;  // overrides the scenario's
  double scale_rates = 1;               // every stream's rate times this (rate_scale.h)
  bool timing_only = false;             // ESP framing without the cipher (same sizes and timing)
  // Threads running the outbound cipher, this one included (IpsecEngineParams::cipher_threads):
  // 0 the cores available, 1 synchronous; outputs are the same whatever the count.
  unsigned cipher_threads = 0;
  bool quiet = false;                   // only errors and failed expectations
  bool progress = false;                // a progress line on stderr (a terminal)
  std::string json_path;                // the JSON report
  std::string pcap_dir;                 // DIR/<device>-<interface>.pcap and DIR/esp_sa
  std::string vcd_path;                 // queue depths and rates for GTKWave
  // IKE on the wire (ike: wire): every SA programming step as JSON lines,
  // and the DH private values for an independent key check.
  std::string programming_trace_path;
  std::string ike_key_log_path;
  // Called once the routers are built and wired, before the simulation
  // starts: what drives the routing engines (IKE, tests) sends from hosts,
  // sets the host receiver and puts frames on links here (network.h).
  std::function<void(Network&)> on_wired;
  // Stop once everything a run needs is built and checked (configurations
  // committed, routers built, links wired and within line rate, names
  // found): an empty result, no traffic. `sweep` checks its points so.
  bool build_only = false;
};

struct ShowOutput {
  uint64_t at_ps = 0;
  std::string device, command, text;
};

struct RunResult {
  report::RunReport report;
  std::vector<ShowOutput> shows;
  std::vector<report::ExpectationResult> expectations;
  bool conserved = false;
  std::vector<std::string> notes;  // e.g. expectations skipped because --duration ends the run before them
};

// Errors (configuration, commit checks, unknown names) come back as text
// naming the file and line; nothing runs then.
Expected<RunResult, std::string> run_scenario(const scenario::ScenarioSpec& spec, const RunOptions& options);

// The exit status of a run: 0 when every expectation held and every packet
// is accounted for, 1 otherwise.
int exit_status(const RunResult& r);

}  // namespace trio6sim::run
