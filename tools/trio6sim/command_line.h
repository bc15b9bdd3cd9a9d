// Boost's command-line parser with the positional arguments checked. Boost
// drops a word silently when a command declares no positional option (`esp
// seal ... 7` sealed with sequence 1) and names none when there are too many;
// here every word past a command's positional arguments is refused by name.
#pragma once

#include <boost/program_options.hpp>
#include <optional>
#include <string>

#include "packet/expected.h"

namespace trio6sim::cli {

// Parses argv[1..argc) into `vm`: options as `options` declares them, words
// to `positional`'s names in order. The error is Boost's message or
// "unexpected argument 'WORD'" for the first word `positional` has no name
// for.
Expected<void, std::string> parse_command_line(
    int argc, char** argv, const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional,
    boost::program_options::variables_map& vm, int style = boost::program_options::command_line_style::default_style);

// "unexpected argument 'WORD'" for argv[first], when there is one.
std::optional<std::string> stray_argument(int argc, char** argv, int first);

}  // namespace trio6sim::cli
