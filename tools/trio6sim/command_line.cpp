#include "command_line.h"

namespace po = boost::program_options;

namespace trio6sim::cli {

namespace {

std::string unexpected_argument(const std::string& word) { return "unexpected argument '" + word + "'"; }

}  // namespace

Expected<void, std::string> parse_command_line(int argc, char** argv, const po::options_description& options,
                                               const po::positional_options_description& positional,
                                               po::variables_map& vm, int style) {
  try {
    // Without a positional description Boost keeps each word as an option
    // with no name; they are named here, as Boost would, or refused.
    po::parsed_options parsed = po::command_line_parser(argc, argv).options(options).style(style).run();
    unsigned position = 0;
    for (po::option& o : parsed.options) {
      if (!o.string_key.empty() || o.position_key < 0) continue;
      if (position >= positional.max_total_count())
        return unexpected(unexpected_argument(o.original_tokens.empty() ? o.value.front() : o.original_tokens.front()));
      o.string_key = positional.name_for_position(position++);
    }
    po::store(parsed, vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return unexpected(std::string(e.what()));
  }
  return {};
}

std::optional<std::string> stray_argument(int argc, char** argv, int first) {
  if (first < argc) return unexpected_argument(argv[first]);
  return std::nullopt;
}

}  // namespace trio6sim::cli
