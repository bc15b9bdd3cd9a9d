// Strict reading of YAML (and JSON, which yaml-cpp reads as YAML) maps for
// every input file trio6sim takes: a field is either read or an error, and
// every error names the file, the line and the field, with what was expected.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>

#include "packet/ip_address.h"

namespace trio6sim::config {

// Thrown inside readers and turned into an error value at the file's edge.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// 1-based line of a node, or 0 when yaml-cpp has none (a missing node).
int line_of(const YAML::Node& n);

class MapReader {
 public:
  // `path` names the map in messages ("" for the top level, else "devices.PE1").
  MapReader(const YAML::Node& map, std::string file, std::string path = "");

  const std::string& file() const { return file_; }
  [[noreturn]] void fail(const YAML::Node& at, const std::string& field, const std::string& what) const;
  [[noreturn]] void fail_here(const std::string& what) const;

  // The field's node; an error when it is missing.
  YAML::Node need(const std::string& field);
  // The field's node; undefined (IsDefined() false) when it is missing.
  YAML::Node maybe(const std::string& field);
  // An error for every key that was never asked for: no silently ignored input.
  void reject_unknown() const;

  std::string string_of(const YAML::Node& n, const std::string& field) const;
  bool bool_of(const YAML::Node& n, const std::string& field) const;
  // Decimal, or hex with 0x; at most `max`.
  uint64_t uint_of(const YAML::Node& n, const std::string& field, uint64_t max) const;
  double double_of(const YAML::Node& n, const std::string& field) const;
  IpAddress address_of(const YAML::Node& n, const std::string& field) const;
  // A nested map, read with the same rules.
  MapReader map_of(const YAML::Node& n, const std::string& field) const;

  std::string qualified(const std::string& field) const { return path_.empty() ? field : path_ + "." + field; }
  int line() const { return line_of(map_); }

 private:
  YAML::Node map_;
  std::string file_;
  std::string path_;
  std::set<std::string> seen_;
};

// The deepest nesting of mappings and lists an input file may have. Scenario
// files need 6 levels and SA.json 2; 64 leaves room for any real file while
// keeping yaml-cpp's recursive parser (which gives up near 500 levels with
// "bad file") and the checks below far from the stack's limit.
inline constexpr int kMaxYamlDepth = 64;
// The most values (scalars, mappings and lists, aliases counted each time
// they are used) one file may hold: a few lines of aliases can otherwise
// name billions of values ("billion laughs").
inline constexpr std::size_t kMaxYamlValues = 1'000'000;

// Loads a whole file (or text) as YAML; parse errors become InputError with
// the file and line. The text must be one document whose every mapping has
// plain (scalar) keys, each key once (yaml-cpp would keep both and readers
// see the first: a duplicate is an error naming the second's line), at most
// kMaxYamlDepth deep and kMaxYamlValues large.
YAML::Node load_yaml_file(const std::string& path);
YAML::Node load_yaml_text(const std::string& text, const std::string& source_name);

}  // namespace trio6sim::config
