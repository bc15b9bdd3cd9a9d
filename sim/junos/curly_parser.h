// Reads the curly-brace form Junos prints with `show configuration`:
// statements ending in `;` or opening a `{ ... }` block, `inactive:` before a
// statement, `[ a b c ]` lists, quoted strings, `/* */` and `#` comments, and
// `## SECRET-DATA` markers.
#pragma once

#include <string>
#include <string_view>

#include "junos/config_tree.h"
#include "packet/expected.h"

namespace trio6sim::junos {

Expected<ConfigTree, ParseError> parse_curly(std::string_view text, const std::string& file);

}  // namespace trio6sim::junos
