// Junos' output pipes (`show ... | match REGEX | count`), applied to a
// command's whole output in the order typed, as the CLI applies them.
// Sources and semantics: docs/show-commands.md. No SystemC, no Junos model:
// text in, text out.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "packet/expected.h"

namespace trio6sim::show {

enum class PipeKind : uint8_t {
  kMatch,   // match REGEX: the lines that match
  kExcept,  // except REGEX: the lines that do not
  kFind,    // find REGEX: from the first line that matches to the end
  kCount,   // count: "Count: N lines"
  kLast,    // last N: the last N lines
  kTrim,    // trim N: the first N columns of every line removed
  kNoMore,  // no-more: no pager; the text is unchanged
};

// A compiled POSIX extended regular expression (regex.h, defined in pipes.cpp).
class PosixRegex;

struct Pipe {
  PipeKind kind = PipeKind::kNoMore;
  std::string argument;                     // the regex as typed (quotes removed) or N
  std::shared_ptr<const PosixRegex> regex;  // match, except, find
  std::size_t n = 0;                        // last, trim
};

struct PipedCommand {
  std::string command;      // the words before the first pipe, one space apart
  std::vector<Pipe> pipes;  // in the order typed
};

// Splits `COMMAND | pipe | pipe ...`. A `|` inside double quotes belongs to
// the regex; `a|match b` and `a | match b` read alike. Errors name the pipe
// and list the supported ones.
Expected<PipedCommand, std::string> parse_pipes(const std::string& text);

// The output as the pipes leave it.
std::string apply_pipes(const std::string& output, const std::vector<Pipe>& pipes);

// "match REGEX, except REGEX, find REGEX, count, last N, trim N, no-more".
const char* supported_pipes();

}  // namespace trio6sim::show
