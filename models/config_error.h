// Configuration that cannot run is an error the caller sees with a clear
// message (the 1,001st SA on an engine, an si unit on a slice without one).
#pragma once

#include <stdexcept>
#include <string>

namespace trio6sim::models {

class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace trio6sim::models
