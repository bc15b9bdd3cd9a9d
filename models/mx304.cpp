#include "mx304.h"

#include <algorithm>
#include <fmt/core.h>

namespace trio6sim::models {

Mx304::Mx304(const sc_core::sc_module_name& name, const std::vector<int>& lmics, const Trio6Params& params)
    : sc_core::sc_module(name),
      lmics_(lmics),
      chassis_("chassis_fabric", params.fabric, lmics.size(),
               [this](std::size_t chip, IfIndex ifl) { return chips_[chip]->slice_of_interface(ifl); }) {
  if (lmics.empty()) throw ConfigError(fmt::format("{}: an MX304 needs at least one LMIC", basename()));
  for (int lmic : lmics) {
    if (lmic < 0 || lmic > 2) throw ConfigError(fmt::format("{}: LMIC {} does not exist (0..2)", basename(), lmic));
    if (std::count(lmics.begin(), lmics.end(), lmic) > 1)
      throw ConfigError(fmt::format("{}: LMIC {} is listed twice", basename(), lmic));
    chips_.push_back(std::make_unique<Trio6>(fmt::format("lmic{}", lmic).c_str(), params));
  }
  // The netlist: every PFE of every chip to the chassis fabric and back.
  for (std::size_t c = 0; c < chips_.size(); ++c)
    for (int pfe = 0; pfe < kSlices; ++pfe) {
      chips_[c]->to_chassis[pfe].bind(chassis_.from_pfe[c * kSlices + pfe]);
      chassis_.to_pfe[c * kSlices + pfe].bind(chips_[c]->from_chassis[pfe]);
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

void Mx304::trace(sc_core::sc_trace_file* file, uint64_t period_ps) {
  if (trace_sampler_) throw ConfigError(std::string(name()) + ": trace() was already called");
  trace_sampler_ = std::make_unique<TraceSampler>((std::string(basename()) + "_trace").c_str(), file, period_ps);
  for (const auto& c : chips_) c->add_traces(*trace_sampler_, c->name());
  for (std::size_t c = 0; c < chips_.size(); ++c)
    for (int pfe = 0; pfe < kSlices; ++pfe) {
      const FabricQueue* q = &chassis_.queue(static_cast<int>(c), pfe);
      const std::string n = fmt::format("{}.chassis_fabric.to_lmic{}_pfe{}.", name(), lmics_[c], pfe);
      trace_sampler_->add(n + "backlog_bytes", [q](uint64_t t) { return q->backlog_bytes(t); });
      trace_sampler_->add(n + "busy", [q](uint64_t t) { return q->busy(t) ? 1.0 : 0.0; });
    }
}

uint64_t Mx304::last_departure_ps() const {
  uint64_t t = 0;
  for (const auto& c : chips_) t = std::max(t, c->last_departure_ps());
  return t;
}

}  // namespace trio6sim::models
