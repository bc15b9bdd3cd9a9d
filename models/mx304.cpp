#include "mx304.h"

#include <algorithm>
#include <fmt/core.h>

namespace trio6sim::models {

Mx304::Mx304(const sc_core::sc_module_name& name, const std::vector<int>& lmics, const Trio6Params& params)
    : sc_core::sc_module(name), lmics_(lmics), chassis_("chassis_fabric", params.fabric) {
  if (lmics.empty()) throw ConfigError(fmt::format("{}: an MX304 needs at least one LMIC", basename()));
  for (int lmic : lmics) {
    if (lmic < 0 || lmic > 2) throw ConfigError(fmt::format("{}: LMIC {} does not exist (0..2)", basename(), lmic));
    if (std::count(lmics.begin(), lmics.end(), lmic) > 1)
      throw ConfigError(fmt::format("{}: LMIC {} is listed twice", basename(), lmic));
    chips_.push_back(std::make_unique<Trio6>(fmt::format("lmic{}", lmic).c_str(), params));
    chassis_.attach(*chips_.back());
  }
  // No lookahead: the chassis fabric handles each job at its own time, and
  // delivers at least its latency later, so the blocks it feeds keep the
  // lookahead the chips gave them (trio6.cpp).
  chassis_.set_lookahead_ps(0);
}

Mx304::~Mx304() = default;

int Mx304::chip_index(int lmic) const {
  auto it = std::find(lmics_.begin(), lmics_.end(), lmic);
  if (it == lmics_.end()) throw ConfigError(fmt::format("{}: LMIC {} is not populated", basename(), lmic));
  return static_cast<int>(it - lmics_.begin());
}

void Mx304::set_measurement_window(const Window& w) {
  for (auto& c : chips_) c->set_measurement_window(w);
  chassis_.set_measurement_window(w);
}

crypto::IpsecStatistics Mx304::ipsec_statistics() const {
  crypto::IpsecStatistics s;
  for (const auto& c : chips_)
    for (int slice = 0; slice < kSlices; ++slice) s += c->ipsec_statistics(slice);
  return s;
}

DropCounters Mx304::drops() const {
  DropCounters d = chassis_.drops();
  for (const auto& c : chips_) d += c->traffic().drops;
  return d;
}

uint64_t Mx304::offered_packets() const {
  uint64_t n = 0;
  for (const auto& c : chips_) n += c->traffic().offered_packets;
  return n;
}

uint64_t Mx304::delivered_packets() const {
  uint64_t n = 0;
  for (const auto& c : chips_) n += c->traffic().delivered_packets;
  return n;
}

uint64_t Mx304::delivered_to_host_packets() const {
  uint64_t n = 0;
  for (const auto& c : chips_) n += c->traffic().delivered_to_host_packets;
  return n;
}

uint64_t Mx304::in_flight() const {
  uint64_t n = chassis_.in_flight();
  for (const auto& c : chips_) n += c->packets_in_flight();
  return n;
}

uint64_t Mx304::last_departure_ps() const {
  uint64_t t = 0;
  for (const auto& c : chips_) t = std::max(t, c->last_departure_ps());
  return t;
}

}  // namespace trio6sim::models
