#include "junos/config_loader.h"

#include <fstream>
#include <sstream>

#include "junos/curly_parser.h"
#include "junos/groups.h"
#include "junos/set_parser.h"

namespace trio6sim::junos {

Expected<ConfigTree, ParseError> load_config_text(std::string_view text, const std::string& file) {
  auto tree = looks_like_set_commands(text) ? parse_set_commands(text, file) : parse_curly(text, file);
  if (!tree) return tree;
  auto expanded = expand_groups(*tree);
  if (!expanded) return unexpected(expanded.error());
  return tree;
}

Expected<ConfigTree, ParseError> load_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected(ParseError{{path, 0}, "cannot open the file"});
  std::ostringstream text;
  text << in.rdbuf();
  return load_config_text(text.str(), path);
}

}  // namespace trio6sim::junos
