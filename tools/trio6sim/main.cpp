// trio6sim: the command-line front end. Each command lives in its own file.
#include <iostream>
#include <string>

#include "check_command.h"
#include "command_line.h"
#include "esp_command.h"
#include "version.h"
#ifdef TRIO6SIM_WITH_MODELS
#include "probe_command.h"
#include "run_command.h"
#include "sweep_command.h"
#endif

namespace {
constexpr const char* kUsage =
    "usage: trio6sim <command> [options]\n"
    "commands:\n"
    "  esp seal|open|selfcheck   single-packet RFC 4106 AES-GCM ESP\n"
    "  check FILE.conf           inline IPsec commit checks on a Junos configuration\n"
#ifdef TRIO6SIM_WITH_MODELS
    "  run FILE.yaml [options]   run a scenario: routers from Junos configs, traffic, shows, report\n"
    "  probe [options]           capacity probe of one Trio 6 chip (throughput, latency, drops)\n"
    "  sweep FILE.yaml --out DIR a capacity sweep: many probes in parallel, CSV, JSON, plots\n"
#endif
    "run `trio6sim <command> --help` for a command's options\n";
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  const bool information = command == "--help" || command == "-h" || command == "help" || command == "--version";
  if (auto stray = trio6sim::cli::stray_argument(argc, argv, 2); information && stray) {
    std::cerr << "trio6sim: " << *stray << " after " << command << "\n" << kUsage;
    return 2;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "--version") {
    std::cout << "trio6sim " << trio6sim::cli::simulator_version() << "\n";
    return 0;
  }
  try {
    if (command == "esp") return trio6sim::cli::esp_command(argc - 1, argv + 1);
#ifdef TRIO6SIM_WITH_MODELS
    if (command == "probe") return trio6sim::cli::probe_command(argc - 1, argv + 1);
    if (command == "run") return trio6sim::cli::run_command(argc - 1, argv + 1);
    if (command == "sweep") return trio6sim::cli::sweep_command(argc - 1, argv + 1);
#endif
    if (command == "check") return trio6sim::cli::check_command(argc - 1, argv + 1);
  } catch (const std::exception& e) {
    std::cerr << "trio6sim " << command << ": " << e.what() << "\n";
    return 2;
  }
  std::cerr << "trio6sim: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
