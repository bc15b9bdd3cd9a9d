#include "mx304.h"

#include <algorithm>
#include <fmt/core.h>

#include "replaceable_blocks.h"

namespace trio6sim::models {

namespace {

std::vector<ChipPlace> lmic_places(const std::vector<int>& lmics) {
  std::vector<ChipPlace> places;
  for (int lmic : lmics) places.push_back({0, lmic, fmt::format("lmic{}", lmic)});
  return places;
}

}  // namespace

Mx304::Mx304(const sc_core::sc_module_name& name, const std::vector<int>& lmics, const Trio6Params& params)
    : Mx304(name, lmics, params, BlockFactory{}) {}

Mx304::Mx304(const sc_core::sc_module_name& name, const std::vector<int>& lmics, const Trio6Params& params,
             const BlockFactory& factory)
    : MxRouter(name, lmic_places(lmics), params), lmics_(lmics) {
  if (lmics.empty()) throw ConfigError(fmt::format("{}: an MX304 needs at least one LMIC", basename()));
  for (int lmic : lmics) {
    if (lmic < 0 || lmic > 2) throw ConfigError(fmt::format("{}: LMIC {} does not exist (0..2)", basename(), lmic));
    if (std::count(lmics.begin(), lmics.end(), lmic) > 1)
      throw ConfigError(fmt::format("{}: LMIC {} is listed twice", basename(), lmic));
  }
  populate(params, factory);
}

int Mx304::chip_index(int lmic) const {
  auto it = std::find(lmics_.begin(), lmics_.end(), lmic);
  if (it == lmics_.end()) throw ConfigError(fmt::format("{}: LMIC {} is not populated", basename(), lmic));
  return static_cast<int>(it - lmics_.begin());
}

}  // namespace trio6sim::models
