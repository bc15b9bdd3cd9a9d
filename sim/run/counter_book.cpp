#include "counter_book.h"

#include <algorithm>
#include <fmt/core.h>

#include "models/chassis_fabric.h"

namespace trio6sim::run {

using models::IflCounters;

const Snapshot* CounterBook::at(uint64_t at_ps) const {
  auto it = snapshots_.find(at_ps);
  return it == snapshots_.end() ? nullptr : &it->second;
}

namespace {

TunnelTally tally_tunnels(const DeviceModel& model) {
  TunnelTally t;
  for (const auto& ti : model.tunnels) {
    if (!ti.outbound_sa || !ti.inbound_sa) continue;
    ++t.up;
    const auto& chip = model.router->chip(ti.chip);
    // Every SA pair of the tunnel: one per traffic selector in TS mode (the
    // first of them is also outbound_sa/inbound_sa).
    bool encrypted = false, decrypted = false;
    auto tally = [&](uint32_t out, uint32_t in) {
      encrypted = encrypted || chip.sa_statistics(out).encrypted_packets > 0;
      decrypted = decrypted || chip.sa_statistics(in).decrypted_packets > 0;
    };
    if (ti.selector_sas.empty()) tally(*ti.outbound_sa, *ti.inbound_sa);
    for (const auto& [out, in] : ti.selector_sas) tally(out, in);
    t.with_encrypted += encrypted ? 1 : 0;
    t.with_decrypted += decrypted ? 1 : 0;
  }
  return t;
}

}  // namespace

std::optional<std::size_t> CounterBook::interface_index(int dev, const std::string& ifl) const {
  if (index_.empty()) {
    index_.resize(network_.devices.size());
    for (std::size_t d = 0; d < network_.devices.size(); ++d) {
      const auto& names = network_.devices[d]->model.interfaces;
      for (std::size_t i = 0; i < names.size(); ++i) index_[d].emplace(names[i].first, i);
    }
  }
  auto it = index_[dev].find(ifl);
  if (it == index_[dev].end()) return std::nullopt;
  return it->second;
}

Snapshot CounterBook::take_snapshot(uint64_t at_ps) const {
  Snapshot s;
  s.at_ps = at_ps;
  for (const auto& d : network_.devices) {
    std::vector<IflCounters> ifl;
    ifl.reserve(d->model.interfaces.size());
    for (const auto& [name, places] : d->model.interfaces) ifl.push_back(d->model.counters(places));
    s.interfaces.push_back(std::move(ifl));
    s.ipsec.push_back(d->model.router->ipsec_statistics());
    s.tunnels.push_back(tally_tunnels(d->model));
    if (ike_counters_) s.ike.push_back(ike_counters_(static_cast<int>(s.ike.size())));
    std::map<std::string, uint64_t> drops;
    const auto counters = d->model.router->drops();
    uint64_t total = 0;
    for (std::size_t c = 1; c < static_cast<std::size_t>(DropCause::kCount); ++c) {
      const uint64_t n = counters[static_cast<DropCause>(c)];
      total += n;
      if (n) drops[std::string(to_string(static_cast<DropCause>(c)))] = n;
    }
    if (d->not_connected) drops[kNotConnected] = d->not_connected;
    if (d->link_down) drops[kLinkDown] = d->link_down;
    drops["total"] = total + d->not_connected + d->link_down;
    s.drops.push_back(std::move(drops));
    std::map<std::string, uint64_t> fabric;
    const auto& router = *d->model.router;
    uint64_t crossed = 0;
    if (router.chip_count() > 1) {
      for (std::size_t c = 0; c < router.chip_count(); ++c)
        for (int pfe = 0; pfe < models::kSlices; ++pfe) {
          const uint64_t n = router.chassis_fabric().queue(static_cast<int>(c), pfe).counters().packets;
          fabric[fmt::format("{}.pfe{}", router.chip_label(c), pfe)] = n;
          crossed += n;
        }
    }
    fabric["total"] = crossed;
    s.fabric.push_back(std::move(fabric));
  }
  return s;
}

namespace {

// DEVICE's `counter` in `now`; rates over the window [before, end] (no
// `before`: from zero), `window_s` long. nullopt: no such counter.
std::optional<double> value_in(const CounterBook& book, const Snapshot& now, const Snapshot* before,
                               const Snapshot* end, double window_s, int dev, const std::string& counter) {
  if (counter.starts_with("interfaces.")) {
    const auto dot = counter.rfind('.');
    if (dot <= 11) return std::nullopt;  // "interfaces.FIELD" names no interface
    const std::string ifl = counter.substr(11, dot - 11);
    const std::string field = counter.substr(dot + 1);
    const auto at = book.interface_index(dev, ifl);
    if (!at) return std::nullopt;
    const IflCounters& c = now.interfaces[dev][*at];
    if (field == "input_packets") return static_cast<double>(c.input_packets);
    if (field == "output_packets") return static_cast<double>(c.output_packets);
    if (field == "input_bytes") return static_cast<double>(c.input_bytes);
    if (field == "output_bytes") return static_cast<double>(c.output_bytes);
    if (field == "input_pps" || field == "output_pps") {
      if (!end || window_s <= 0) return std::nullopt;
      const IflCounters& e = end->interfaces[dev][*at];
      const IflCounters b = before ? before->interfaces[dev][*at] : IflCounters{};
      const uint64_t n = field == "input_pps" ? e.input_packets - b.input_packets : e.output_packets - b.output_packets;
      return static_cast<double>(n) / window_s;
    }
    return std::nullopt;
  }
  if (counter.starts_with("ipsec.")) {
    const std::string name = counter.substr(6);
    for (const auto& c : crypto::kIpsecCounters)
      if (name == c.name) return static_cast<double>(now.ipsec[dev].*c.field);
    return std::nullopt;
  }
  if (counter.starts_with("tunnels.")) {
    const std::string name = counter.substr(8);
    const TunnelTally& t = now.tunnels[dev];
    if (name == "up") return static_cast<double>(t.up);
    if (name == "with_encrypted") return static_cast<double>(t.with_encrypted);
    if (name == "with_decrypted") return static_cast<double>(t.with_decrypted);
    return std::nullopt;
  }
  if (counter.starts_with("ike.")) {
    if (now.ike.empty()) return std::nullopt;  // IKE is modeled: no daemon counts anything
    auto it = now.ike[dev].find(counter.substr(4));
    if (it == now.ike[dev].end()) return std::nullopt;
    return static_cast<double>(it->second);
  }
  if (counter.starts_with("chassis_fabric.")) {
    auto it = now.fabric[dev].find(counter.substr(15));
    if (it == now.fabric[dev].end()) return std::nullopt;
    return static_cast<double>(it->second);
  }
  if (counter.starts_with("drops.")) {
    const std::string cause = counter.substr(6);
    auto it = now.drops[dev].find(cause);
    if (it != now.drops[dev].end()) return static_cast<double>(it->second);
    if (cause == kNotConnected || cause == kLinkDown) return 0.0;
    for (std::size_t c = 1; c < static_cast<std::size_t>(DropCause::kCount); ++c)
      if (to_string(static_cast<DropCause>(c)) == cause) return 0.0;
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> CounterBook::read(const std::string& device, const std::string& counter,
                                        std::optional<uint64_t> at_ps) const {
  const int dev = network_.device_index(device);
  if (dev < 0) return std::nullopt;
  const Snapshot* now = at_ps ? at(*at_ps) : (final_ ? &*final_ : nullptr);
  if (!now) return std::nullopt;
  // Rates over the window before the reading, from the snapshots at its two
  // ends (for an unqualified reading: the end of the run, not after the drain).
  const uint64_t window_end = at_ps.value_or(duration_ps_);
  const Snapshot* before = window_end >= rate_window_ps_ ? at(window_end - rate_window_ps_) : nullptr;
  const double window_s = static_cast<double>(std::min(window_end, rate_window_ps_)) * 1e-12;
  return value_in(*this, *now, before, at(window_end), window_s, dev, counter);
}

std::string CounterBook::unknown_counters(const std::vector<scenario::ExpectationSpec>& expectations) const {
  std::string errors;
  // Every expectation's counter must exist before anything runs: a typo
  // found after a long run is a run lost. A name is known when it reads from
  // a snapshot of now (all zero), by the same rules as a reading.
  const Snapshot zero = take_snapshot(0);
  auto known = [&](const std::string& device, const std::string& counter) {
    const int dev = network_.device_index(device);
    return dev >= 0 && value_in(*this, zero, nullptr, &zero, 1.0, dev, counter).has_value();
  };
  for (const auto& e : expectations) {
    if (!known(e.device, e.counter))
      errors += fmt::format("{}: expect: {} has no counter '{}' (interfaces.IFL.FIELD, ipsec.NAME, drops.total, "
                            "drops.CAUSE, tunnels.up, tunnels.with_encrypted, tunnels.with_decrypted, chassis_fabric.total or "
                            "chassis_fabric.lmicL.pfeP; chassis_fabric.fpcF_picP.pfeP on an MX10000; with ike: wire, "
                            "ike.child_rekeys, ike.ike_rekeys, ike.dpd_dead, ike.tunnels_up, ike.outages, "
                            "ike.outage_ms_max, ike.messages_sent, ike.messages_received, ike.retransmitted, "
                            "ike.bad_icv, ike.malformed, ike.unknown_spi)\n",
                            e.where.str(), e.device, e.counter);
    if (e.value_of) {
      const auto colon = e.value_of->find(':');
      if (colon == std::string::npos || !known(e.value_of->substr(0, colon), e.value_of->substr(colon + 1)))
        errors += fmt::format("{}: expect: '{}' is not DEVICE:COUNTER of this scenario\n", e.where.str(), *e.value_of);
    }
  }
  return errors;
}

}  // namespace trio6sim::run
