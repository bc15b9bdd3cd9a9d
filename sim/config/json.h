// JSON output through nlohmann-json (issue 16) for the reports outside
// scripts read: `probe --json`, `run --json`, results.json. Used inside the
// libraries only and not installed, so that a program built against the
// installed library does not need nlohmann-json.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace trio6sim::config {

// Keys stay in the order they are written in: scripts and docs rely on the
// reports' key order.
using Json = nlohmann::ordered_json;

// A measured or configured double: an integer when it is integral (300, as
// the reports always printed it, not nlohmann's 300.0), null when it is not
// finite (JSON has no NaN or infinity).
Json json_number(double v);

// The document as text: indented by `indent` spaces, or on one line with no
// spaces when indent is -1. Bytes that are not UTF-8 (a name read from a
// file in another encoding) become U+FFFD rather than an exception.
std::string json_text(const Json& j, int indent = 2);

// One string as a JSON string literal, quotes included.
std::string json_string(std::string_view s);

}  // namespace trio6sim::config
