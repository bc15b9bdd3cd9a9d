#include "yaml_reader.h"

#include <yaml-cpp/eventhandler.h>

#include "packet/hex.h"

#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace trio6sim::config {

int line_of(const YAML::Node& n) { return n.IsDefined() && n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

MapReader::MapReader(const YAML::Node& map, std::string file, std::string path)
    : map_(map), file_(std::move(file)), path_(std::move(path)) {
  if (!map_.IsMap())
    throw InputError(file_ + ":" + std::to_string(std::max(1, line_of(map_))) + ": " +
                     (path_.empty() ? std::string("expected a mapping") : "'" + path_ + "': expected a mapping"));
}

void MapReader::fail(const YAML::Node& at, const std::string& field, const std::string& what) const {
  const int line = line_of(at) > 0 ? line_of(at) : std::max(1, line_of(map_));
  throw InputError(file_ + ":" + std::to_string(line) + ": field '" + qualified(field) + "': " + what);
}

void MapReader::fail_here(const std::string& what) const {
  throw InputError(file_ + ":" + std::to_string(std::max(1, line_of(map_))) + ": " +
                   (path_.empty() ? "" : "'" + path_ + "': ") + what);
}

YAML::Node MapReader::need(const std::string& field) {
  seen_.insert(field);
  YAML::Node n = map_[field];
  if (!n.IsDefined()) fail(map_, field, "missing");
  return n;
}

YAML::Node MapReader::maybe(const std::string& field) {
  seen_.insert(field);
  return map_[field];
}

void MapReader::reject_unknown() const {
  for (const auto& kv : map_) {
    const std::string key = kv.first.Scalar();
    if (!seen_.count(key)) fail(kv.first, key, "unknown field");
  }
}

std::string MapReader::string_of(const YAML::Node& n, const std::string& field) const {
  if (!n.IsScalar()) fail(n, field, "expected a string");
  return n.Scalar();
}

bool MapReader::bool_of(const YAML::Node& n, const std::string& field) const {
  if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false")) return n.Scalar() == "true";
  fail(n, field, "expected true or false");
}

uint64_t MapReader::uint_of(const YAML::Node& n, const std::string& field, uint64_t max) const {
  if (!n.IsScalar()) fail(n, field, "expected a number");
  auto parsed = parse_uint(n.Scalar());
  if (!parsed) fail(n, field, "expected an unsigned integer, got '" + n.Scalar() + "'");
  const uint64_t v = *parsed;
  if (v > max) fail(n, field, "value " + n.Scalar() + " exceeds " + std::to_string(max));
  return v;
}

double MapReader::double_of(const YAML::Node& n, const std::string& field) const {
  if (!n.IsScalar()) fail(n, field, "expected a number");
  const std::string& s = n.Scalar();
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size())
    fail(n, field, "expected a number, got '" + s + "'");
  return v;
}

IpAddress MapReader::address_of(const YAML::Node& n, const std::string& field) const {
  auto a = IpAddress::parse(string_of(n, field));
  if (!a) fail(n, field, "expected an IPv4 or IPv6 address, got '" + n.Scalar() + "'");
  return *a;
}

MapReader MapReader::map_of(const YAML::Node& n, const std::string& field) const {
  if (!n.IsMap()) fail(n, field, "expected a mapping");
  return MapReader(n, file_, qualified(field));
}

namespace {

// Walks a loaded document once for what yaml-cpp accepts and trio6sim does
// not: keys that are not plain strings, a key twice in one mapping, nesting
// deeper than kMaxYamlDepth, more than kMaxYamlValues values. Recursive, but
// never deeper than kMaxYamlDepth + 1 frames.
class StructureCheck {
 public:
  explicit StructureCheck(const std::string& source) : source_(source) {}

  void walk(const YAML::Node& n, int depth) {
    if (++values_ > kMaxYamlValues)
      fail(n, "more than " + std::to_string(kMaxYamlValues) + " values (aliases count each time they are used)");
    if (!n.IsMap() && !n.IsSequence()) return;
    if (depth >= kMaxYamlDepth)
      fail(n, "nesting deeper than " + std::to_string(kMaxYamlDepth) + " levels of mappings and lists (the maximum)");
    if (n.IsSequence()) {
      for (const auto& item : n) walk(item, depth + 1);
      return;
    }
    std::map<std::string, int> first_line;
    for (const auto& kv : n) {
      if (!kv.first.IsScalar() && !kv.first.IsNull())
        fail(kv.first, "expected a plain key (a string), not a mapping or a list");
      const std::string& key = kv.first.Scalar();
      auto [it, fresh] = first_line.emplace(key, line_of(kv.first));
      if (!fresh)
        fail(kv.first, "duplicate key '" + key + "' (first at line " + std::to_string(it->second) + ")");
      walk(kv.second, depth + 1);
    }
  }

 private:
  [[noreturn]] void fail(const YAML::Node& at, const std::string& what) const {
    throw InputError(source_ + ":" + std::to_string(std::max(1, line_of(at))) + ": " + what);
  }
  const std::string& source_;
  std::size_t values_ = 0;
};

}  // namespace

namespace {

// Counts document starts and keeps where the second one's content begins
// (the line a reader looks at; its '---' may be a line above).
class DocumentCounter : public YAML::EventHandler {
 public:
  int documents = 0;
  YAML::Mark second;
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents == 2) second = mark;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { content(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { content(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    content(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    content(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    content(mark);
  }
  void OnMapEnd() override {}

 private:
  void content(const YAML::Mark& mark) {
    if (documents == 2 && !second_content_) {
      second = mark;
      second_content_ = true;
    }
  }
  bool second_content_ = false;
};

}  // namespace

YAML::Node load_yaml_text(const std::string& text, const std::string& source_name) {
  YAML::Node root;
  DocumentCounter counter;
  try {
    root = YAML::Load(text);
    // A second document is an error. Counted with the parser itself, at
    // most two documents: yaml-cpp 0.7's LoadAll never ends on some inputs
    // (`"",` gives an endless stream of empty documents; found by fuzzing).
    std::istringstream in(text);
    YAML::Parser parser(in);
    for (int i = 0; i < 2 && parser.HandleNextDocument(counter); ++i) {
    }
  } catch (const YAML::DeepRecursion& e) {
    throw InputError(source_name + ":" + std::to_string(e.mark.line + 1) + ": nesting deeper than " +
                     std::to_string(kMaxYamlDepth) + " levels of mappings and lists (the maximum)");
  } catch (const YAML::Exception& e) {
    throw InputError(source_name + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML/JSON: " + e.msg);
  }
  if (counter.documents > 1)
    throw InputError(source_name + ":" + std::to_string(counter.second.line + 1) +
                     ": a second YAML document ('---'): expected one document per file");
  StructureCheck(source_name).walk(root, 0);
  return root;
}

YAML::Node load_yaml_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a directory, expected a file");
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw InputError(path + ": cannot read");
  return load_yaml_text(ss.str(), path);
}

}  // namespace trio6sim::config
