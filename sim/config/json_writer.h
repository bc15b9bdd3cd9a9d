// A small streaming JSON writer for reports that outside scripts read
// (`probe --json`, `run --json`). Keys keep the order they are written in,
// strings are escaped per RFC 8259, non-finite numbers become null (JSON has
// no NaN), and misuse (a value where a key is due) throws std::logic_error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trio6sim::config {

class JsonWriter {
 public:
  // indent 0 writes one line; otherwise nested values are indented.
  explicit JsonWriter(int indent = 2) : indent_(indent) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(double d);
  JsonWriter& value(uint64_t u);
  JsonWriter& value(int64_t i);
  JsonWriter& value(int i) { return value(static_cast<int64_t>(i)); }
  JsonWriter& value(unsigned u) { return value(static_cast<uint64_t>(u)); }
  JsonWriter& value(bool b);
  JsonWriter& null();
  // Inserts already-serialized JSON (e.g. a block's parameter dump) as a value.
  JsonWriter& raw(std::string_view json);

  // The document; throws std::logic_error if objects or arrays are still open.
  const std::string& str() const;

 private:
  enum class Ctx : uint8_t { kObjectKey, kObjectValue, kArray };
  void before_value();
  void newline();
  std::string out_;
  std::vector<Ctx> stack_;
  std::vector<bool> first_;
  int indent_;
};

std::string json_escape(std::string_view s);

}  // namespace trio6sim::config
