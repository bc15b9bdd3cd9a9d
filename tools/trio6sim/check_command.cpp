#include "check_command.h"

#include <iostream>
#include <string>
#include <vector>

#include "junos/commit_check.h"
#include "junos/device_config.h"

namespace trio6sim::cli {

namespace {

constexpr const char* kUsage =
    "usage: trio6sim check [--dump] FILE.conf\n"
    "runs the inline IPsec commit checks on one device's Junos configuration\n"
    "(curly-brace or `set` form). Prints 'configuration check succeeds' and exits 0,\n"
    "or each error as Junos prints it followed by FILE:LINE, and exits 1.\n"
    "--dump also prints the effective typed model (what the simulator would run).\n";

}  // namespace

int check_command(int argc, char** argv, std::ostream& out, std::ostream& err) {
  bool dump_model = false;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      out << kUsage;
      return 0;
    }
    if (arg == "--dump")
      dump_model = true;
    else if (arg.starts_with("-")) {
      err << "trio6sim check: unknown option '" << arg << "'\n" << kUsage;
      return 2;
    } else
      files.push_back(arg);
  }
  if (files.size() != 1) {
    err << "trio6sim check: expected one configuration file\n" << kUsage;
    return 2;
  }
  auto config = junos::commit_config_file(files.front());
  if (!config) {
    out << config.error();
    return 1;
  }
  if (dump_model) out << junos::dump(*config);
  out << "configuration check succeeds\n";
  return 0;
}

int check_command(int argc, char** argv) { return check_command(argc, argv, std::cout, std::cerr); }

}  // namespace trio6sim::cli
