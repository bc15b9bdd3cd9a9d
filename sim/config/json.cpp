#include "json.h"

#include <cmath>
#include <cstdint>

namespace trio6sim::config {

Json json_number(double v) {
  if (!std::isfinite(v)) return nullptr;
  // Below 2^53 every integral double is exactly an int64_t.
  constexpr double kExactIntegers = 9007199254740992.0;
  if (std::trunc(v) == v && std::fabs(v) < kExactIntegers) return static_cast<int64_t>(v);
  return v;
}

std::string json_text(const Json& j, int indent) {
  return j.dump(indent, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

std::string json_string(std::string_view s) { return json_text(Json(s), -1); }

}  // namespace trio6sim::config
