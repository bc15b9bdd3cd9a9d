// Reads one device's configuration file in either form (detected from its
// first statement) and applies its groups: the tree the typed model is built from.
#pragma once

#include <string>
#include <string_view>

#include "junos/config_tree.h"
#include "packet/expected.h"

namespace trio6sim::junos {

Expected<ConfigTree, ParseError> load_config_text(std::string_view text, const std::string& file);
Expected<ConfigTree, ParseError> load_config_file(const std::string& path);

}  // namespace trio6sim::junos
