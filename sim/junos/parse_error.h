// Where a configuration statement came from, and what a parser reports when
// the text cannot be read: the file, the line and what was expected.
#pragma once

#include <string>

namespace trio6sim::junos {

struct SourceLocation {
  std::string file;
  int line = 0;

  bool operator==(const SourceLocation&) const = default;
};

struct ParseError {
  SourceLocation where;
  std::string message;  // e.g. "expected ';' or '{' after 'unit 0'"

  // "FILE:LINE: error: MESSAGE", the form compilers use so editors can jump to it.
  std::string to_string() const;
};

}  // namespace trio6sim::junos
