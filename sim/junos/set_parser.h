// Reads `set` commands, one per line, as pasted at the `[edit]` level or
// printed by `show configuration | display set`: `set PATH`, `deactivate
// PATH`, `activate PATH` and `delete PATH`. Blank lines and `#` comments are
// skipped.
#pragma once

#include <string>
#include <string_view>

#include "junos/config_tree.h"
#include "packet/expected.h"

namespace trio6sim::junos {

Expected<ConfigTree, ParseError> parse_set_commands(std::string_view text, const std::string& file);

// True when the first statement of `text` is a set/delete/deactivate/activate
// command, i.e. the file is in `set` form.
bool looks_like_set_commands(std::string_view text);

}  // namespace trio6sim::junos
