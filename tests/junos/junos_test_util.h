// Helpers shared by the junos tests: paths of the committed configurations,
// loading text or files into a model, finding the line of a statement.
#pragma once

#include <string>

#include "junos/config_loader.h"
#include "junos/device_config.h"

namespace trio6sim::junos::test {

std::string scenario_path(const std::string& relative);  // "blog-global-v4v6/PE1.conf"
std::string read_text(const std::string& path);
// 1-based number of the first line of `path` containing `needle`; 0 if none.
int line_of(const std::string& path, const std::string& needle);

// Loads and builds; fails the calling test (ADD_FAILURE) and returns an empty
// model when either step fails.
DeviceConfig load_model_file(const std::string& path);
DeviceConfig load_model_text(const std::string& text, const std::string& file = "test.conf");

}  // namespace trio6sim::junos::test
