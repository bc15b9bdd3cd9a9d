#include "mx_router.h"

#include <algorithm>
#include <fmt/core.h>

#include "chassis_fabric.h"
#include "crypto/ipsec_statistics.h"
#include "replaceable_blocks.h"
#include "trace_sampler.h"

namespace trio6sim::models {

MxRouter::MxRouter(const sc_core::sc_module_name& name, std::vector<ChipPlace> places, const Trio6Params& params)
    : sc_core::sc_module(name),
      places_(std::move(places)),
      chassis_(std::make_unique<ChassisFabric>(
          "chassis_fabric", params.fabric, places_.size(),
          [this](std::size_t chip, IfIndex ifl) { return chips_[chip]->slice_of_interface(ifl); })) {}

MxRouter::~MxRouter() = default;

void MxRouter::populate(const Trio6Params& params, const BlockFactory& factory) {
  for (const auto& p : places_) chips_.push_back(std::make_unique<Trio6>(p.label.c_str(), params, factory));
  // The netlist: every PFE of every chip to the chassis fabric and back.
  for (std::size_t c = 0; c < chips_.size(); ++c)
    for (int pfe = 0; pfe < kSlices; ++pfe) {
      chips_[c]->to_chassis[pfe].bind(chassis_->from_pfe[c * kSlices + pfe]);
      chassis_->to_pfe[c * kSlices + pfe].bind(chips_[c]->from_chassis[pfe]);
    }
  // No lookahead: the chassis fabric handles each job at its own time, and
  // delivers at least its latency later, so the blocks it feeds keep the
  // lookahead the chips gave them (trio6.cpp).
  chassis_->set_lookahead_ps(0);
}

int MxRouter::chip_index(int fpc, int pic) const {
  auto it = std::find_if(places_.begin(), places_.end(), [&](const ChipPlace& p) { return p.fpc == fpc && p.pic == pic; });
  if (it == places_.end()) throw ConfigError(fmt::format("{}: no chip at FPC {} PIC {}", basename(), fpc, pic));
  return static_cast<int>(it - places_.begin());
}

void MxRouter::set_measurement_window(const Window& w) {
  for (auto& c : chips_) c->set_measurement_window(w);
  chassis_->set_measurement_window(w);
}

crypto::IpsecStatistics MxRouter::ipsec_statistics() const {
  crypto::IpsecStatistics s;
  for (const auto& c : chips_)
    for (int slice = 0; slice < kSlices; ++slice) s += c->ipsec_statistics(slice);
  return s;
}

DropCounters MxRouter::drops() const {
  DropCounters d = chassis_->drops();
  for (const auto& c : chips_) d += c->traffic().drops;
  return d;
}

uint64_t MxRouter::offered_packets() const {
  uint64_t n = 0;
  for (const auto& c : chips_) n += c->traffic().offered_packets;
  return n;
}

uint64_t MxRouter::delivered_packets() const {
  uint64_t n = 0;
  for (const auto& c : chips_) n += c->traffic().delivered_packets;
  return n;
}

uint64_t MxRouter::delivered_to_host_packets() const {
  uint64_t n = 0;
  for (const auto& c : chips_) n += c->traffic().delivered_to_host_packets;
  return n;
}

uint64_t MxRouter::packets_added_by_fragmentation() const {
  uint64_t n = 0;
  for (const auto& c : chips_) n += c->traffic().packets_added_by_fragmentation();
  return n;
}

uint64_t MxRouter::packets_added_by_flooding() const {
  uint64_t n = 0;
  for (const auto& c : chips_) n += c->traffic().packets_added_by_flooding();
  return n;
}

uint64_t MxRouter::from_host_packets() const {
  uint64_t n = 0;
  for (const auto& c : chips_) n += c->traffic().from_host_packets;
  return n;
}

void MxRouter::send_from_host(int chip, PacketPtr packet, uint64_t at_ps) {
  if (chip < 0 || static_cast<std::size_t>(chip) >= chips_.size())
    throw ConfigError(fmt::format("{}: send_from_host: no chip {}", basename(), chip));
  chips_[chip]->send_from_host(std::move(packet), at_ps);
}

void MxRouter::set_host_receiver(HostReceiver receiver) {
  auto shared = std::make_shared<HostReceiver>(std::move(receiver));
  for (std::size_t c = 0; c < chips_.size(); ++c) {
    if (!*shared) {
      chips_[c]->set_host_observer({});
      continue;
    }
    chips_[c]->set_host_observer([shared, c](const Packet& p, IfIndex arrival, uint64_t at_ps) {
      (*shared)(static_cast<int>(c), p, arrival, at_ps);
    });
  }
}

uint64_t MxRouter::in_flight() const {
  uint64_t n = chassis_->in_flight();
  for (const auto& c : chips_) n += c->packets_in_flight();
  return n;
}

void MxRouter::trace(sc_core::sc_trace_file* file, uint64_t period_ps) {
  if (trace_sampler_) throw ConfigError(std::string(name()) + ": trace() was already called");
  trace_sampler_ = std::make_unique<TraceSampler>((std::string(basename()) + "_trace").c_str(), file, period_ps);
  for (const auto& c : chips_) c->add_traces(*trace_sampler_, c->name());
  for (std::size_t c = 0; c < chips_.size(); ++c)
    for (int pfe = 0; pfe < kSlices; ++pfe) {
      const FabricQueue* q = &chassis_->queue(static_cast<int>(c), pfe);
      const std::string n = fmt::format("{}.chassis_fabric.to_{}_pfe{}.", name(), places_[c].label, pfe);
      trace_sampler_->add(n + "backlog_bytes", [q](uint64_t t) { return q->backlog_bytes(t); });
      trace_sampler_->add(n + "busy", [q](uint64_t t) { return q->busy(t) ? 1.0 : 0.0; });
    }
}

uint64_t MxRouter::last_departure_ps() const {
  uint64_t t = 0;
  for (const auto& c : chips_) t = std::max(t, c->last_departure_ps());
  return t;
}

}  // namespace trio6sim::models
