#include "check_command.h"

#include <filesystem>
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
    "Statements Junos has that the simulator does not apply are printed first as\n"
    "'FILE:LINE: warning: not modeled: STATEMENT' (they do not change the exit status).\n"
    "A path that is not a readable file is a usage error (exit 2).\n"
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
  if (files.empty()) {
    err << "trio6sim check: expected one configuration file\n" << kUsage;
    return 2;
  }
  if (files.size() > 1) {
    err << "trio6sim check: unexpected argument '" << files[1] << "': expected one configuration file\n" << kUsage;
    return 2;
  }
  const std::string& path = files.front();
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    err << "trio6sim check: " << path << ": no such file: expected a Junos configuration file\n";
    return 2;
  }
  if (!std::filesystem::is_regular_file(status)) {
    err << "trio6sim check: " << path << ": is a "
        << (std::filesystem::is_directory(status) ? "directory" : "special file")
        << ", not a file: expected a Junos configuration file\n";
    return 2;
  }
  auto config = junos::commit_config_file(path);
  if (!config) {
    out << config.error();
    return 1;
  }
  for (const auto& n : config->not_modeled_statements())
    out << n.where.file << ":" << n.where.line << ": warning: not modeled: " << n.statement << "\n";
  if (dump_model) out << junos::dump(*config);
  out << "configuration check succeeds\n";
  return 0;
}

int check_command(int argc, char** argv) { return check_command(argc, argv, std::cout, std::cerr); }

}  // namespace trio6sim::cli
