// Provenance helpers (issue 16): what a result records so that it can be
// reproduced and signed. The record itself is sweep::Provenance
// (results.h); here are the pieces every command needs to fill it: the
// input file's SHA-256 and the command line as a shell would read it.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "packet/expected.h"

namespace trio6sim::sweep {

// The lowercase hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);
// The SHA-256 of the file at `path`, or why it could not be read.
Expected<std::string, std::string> file_sha256(const std::string& path);

// "trio6sim WORD ..." from a command's argv (argv[0] is the command's name,
// as main hands it on), each word quoted for a POSIX shell when it needs it.
// Options named in `left_out` (with their value, as `--out DIR` or
// `--out=DIR`) and switches in `switches_left_out` are not written: they say
// where the work runs or lands, not what it computes.
std::string command_text(int argc, char** argv, std::initializer_list<std::string_view> left_out = {},
                         std::initializer_list<std::string_view> switches_left_out = {});

// The leaves of JSON object `json` that differ from those of `defaults`
// (both the same shape, as Trio6Params::to_json writes them), by dotted
// path ("ipsec.bytes_per_cycle"), in document order; a list's value is its
// elements joined by ", ".
std::vector<std::pair<std::string, std::string>> changed_values(const std::string& json, const std::string& defaults);

}  // namespace trio6sim::sweep
