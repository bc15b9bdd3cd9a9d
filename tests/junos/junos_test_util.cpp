#include "junos_test_util.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace trio6sim::junos::test {

std::string scenario_path(const std::string& relative) {
  return std::string(TRIO6SIM_SCENARIOS_DIR) + "/configs/" + relative;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int line_of(const std::string& path, const std::string& needle) {
  std::istringstream in(read_text(path));
  std::string line;
  for (int n = 1; std::getline(in, line); ++n)
    if (line.find(needle) != std::string::npos) return n;
  return 0;
}

namespace {

DeviceConfig build(Expected<ConfigTree, ParseError> tree) {
  if (!tree) {
    ADD_FAILURE() << tree.error().to_string();
    return {};
  }
  auto model = build_device_config(*tree);
  if (!model) {
    ADD_FAILURE() << model.error().message;
    return {};
  }
  return std::move(*model);
}

}  // namespace

DeviceConfig load_model_file(const std::string& path) { return build(load_config_file(path)); }
DeviceConfig load_model_text(const std::string& text, const std::string& file) {
  return build(load_config_text(text, file));
}

}  // namespace trio6sim::junos::test
