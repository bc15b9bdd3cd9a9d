#include "load_report.h"

#include <algorithm>
#include <fmt/core.h>

#include "models/chassis_fabric.h"

namespace trio6sim::run {

namespace {

// Causes that mean a full queue or line: the place they happen saturated.
bool overflow(DropCause c) {
  switch (c) {
    case DropCause::kPortGroupOverrun:
    case DropCause::kIpsecLoopbackOverrun:
    case DropCause::kSiBandwidthExceeded:
    case DropCause::kBufferFull:
    case DropCause::kFabricQueueFull:
    case DropCause::kLookupQueueFull:
    case DropCause::kCryptoQueueFull: return true;
    default: return false;
  }
}

class DeviceNames {
 public:
  explicit DeviceNames(const DeviceState& d) : d_(d) {}

  // A chip block's name as the report gives it: "port3.egress" of chip c as
  // its interface ("et-0/2/3 egress"), the others under the chip's LMIC.
  std::string block(int chip, const std::string& name) const {
    if (name.starts_with("port")) {
      const auto dot = name.find('.');
      const int port = std::stoi(name.substr(4, dot - 4));
      return fmt::format("{} {}", port_name(chip, port), name.substr(dot + 1));
    }
    return fmt::format("{}.{}", d_.model.router->chip_label(chip), name);
  }
  std::string port_name(int chip, int port) const {
    for (const auto& [name, place] : d_.model.ports)
      if (place.chip == chip && place.port == port) return name;
    return fmt::format("{}.port{}", d_.model.router->chip_label(chip), port);  // not configured
  }
  // "ae0" for "et-0/2/10 egress" when et-0/2/10 is its member, else "".
  std::string aggregate_of(const std::string& place) const {
    const std::string port = place.substr(0, place.find(' '));
    for (const auto& p : d_.plan.ports)
      if (p.name == port && p.bundle) return *p.bundle;
    return "";
  }

 private:
  const DeviceState& d_;
};

void add_chip_drops(const models::Trio6& chip, int c, const DeviceNames& names, report::DeviceReport& out) {
  const auto& by_place = chip.drops_by_place();
  for (std::size_t id = 0; id < by_place.size(); ++id)
    for (std::size_t k = 1; k < static_cast<std::size_t>(DropCause::kCount); ++k) {
      const auto cause = static_cast<DropCause>(k);
      if (const uint64_t n = by_place[id][cause])
        out.drops_by_place[names.block(c, models::DropPlace::name(id))][std::string(to_string(cause))] += n;
    }
}

std::string chassis_queue(const models::MxRouter& router, std::size_t chip, int pfe) {
  return fmt::format("chassis_fabric.{}.pfe{}", router.chip_label(chip), pfe);
}

void add_chassis_drops(const models::MxRouter& router, report::DeviceReport& out) {
  if (router.chip_count() < 2) return;
  const auto& fabric = router.chassis_fabric();
  uint64_t placed = 0;
  for (std::size_t c = 0; c < router.chip_count(); ++c)
    for (int pfe = 0; pfe < models::kSlices; ++pfe) {
      const std::string place = chassis_queue(router, c, pfe);
      if (const uint64_t n = fabric.queue_full_drops(static_cast<int>(c), pfe)) {
        out.drops_by_place[place][std::string(to_string(DropCause::kFabricQueueFull))] += n;
        placed += n;
      }
    }
  // The chassis's other drops (a remote interface naming no chip) have no queue.
  for (std::size_t k = 1; k < static_cast<std::size_t>(DropCause::kCount); ++k) {
    const auto cause = static_cast<DropCause>(k);
    uint64_t n = fabric.drops()[cause];
    if (cause == DropCause::kFabricQueueFull) n -= placed;
    if (n) out.drops_by_place["chassis_fabric"][std::string(to_string(cause))] += n;
  }
}

void find_saturated(const DeviceNames& names, report::DeviceReport& out) {
  std::map<std::string, uint64_t> overflowed;
  for (const auto& [place, causes] : out.drops_by_place)
    for (const auto& [cause, n] : causes)
      for (std::size_t k = 1; k < static_cast<std::size_t>(DropCause::kCount); ++k)
        if (to_string(static_cast<DropCause>(k)) == cause && overflow(static_cast<DropCause>(k)))
          overflowed[place] += n;
  std::map<std::string, report::Saturation> found;
  auto add = [&](const std::string& place) {
    report::Saturation s;
    s.place = place;
    s.member_of = names.aggregate_of(place);
    auto u = out.utilization.find(place);
    s.utilization = u == out.utilization.end() ? 0 : u->second;
    auto p = out.peak_utilization.find(place);
    s.peak_utilization = p == out.peak_utilization.end() ? 0 : p->second;
    auto o = overflowed.find(place);
    s.overflow_drops = o == overflowed.end() ? 0 : o->second;
    found[place] = s;
  };
  for (const auto& [place, fraction] : out.peak_utilization)
    if (fraction >= kSaturatedUtilization) add(place);
  for (const auto& [place, n] : overflowed) add(place);
  for (auto& [place, s] : found) out.saturated.push_back(std::move(s));
  // The bottleneck first: the place that turned the most away (what
  // saturated before the rest, which it starves), then the busiest.
  std::stable_sort(out.saturated.begin(), out.saturated.end(),
                   [](const report::Saturation& a, const report::Saturation& b) {
                     if (a.overflow_drops != b.overflow_drops) return a.overflow_drops > b.overflow_drops;
                     if (a.utilization != b.utilization) return a.utilization > b.utilization;
                     return a.peak_utilization > b.peak_utilization;
                   });
}

}  // namespace

std::map<std::string, double> utilization_of(const DeviceState& d) {
  std::map<std::string, double> u;
  const DeviceNames names(d);
  const models::MxRouter& router = *d.model.router;
  for (std::size_t c = 0; c < router.chip_count(); ++c)
    for (const auto& b : router.chip(static_cast<int>(c)).utilization())
      u[names.block(static_cast<int>(c), b.block)] = b.fraction;
  if (router.chip_count() > 1)
    for (std::size_t c = 0; c < router.chip_count(); ++c)
      for (int pfe = 0; pfe < models::kSlices; ++pfe)
        u[chassis_queue(router, c, pfe)] =
            router.chassis_fabric().queue(static_cast<int>(c), pfe).meter().utilization(router.chip(0).window());
  return u;
}

void PeakSampler::sample(const std::vector<std::unique_ptr<DeviceState>>& devices, uint64_t t) {
  Sample s{t, {}};
  const double span_ps = static_cast<double>(end_ps_ - start_ps_);
  for (const auto& d : devices) {
    auto u = utilization_of(*d);
    for (auto& [place, fraction] : u) fraction *= span_ps;  // busy picoseconds (per server)
    s.busy_ps.push_back(std::move(u));
  }
  samples_.push_back(std::move(s));
}

std::map<std::string, double> PeakSampler::peak(std::size_t dev) const {
  std::map<std::string, double> peak;
  for (std::size_t i = 1; i < samples_.size(); ++i) {
    const Sample &a = samples_[i - 1], &b = samples_[i];
    if (b.at_ps <= a.at_ps) continue;
    for (const auto& [place, busy] : b.busy_ps[dev]) {
      auto before = a.busy_ps[dev].find(place);
      const double was = before == a.busy_ps[dev].end() ? 0 : before->second;
      const double u = std::clamp((busy - was) / static_cast<double>(b.at_ps - a.at_ps), 0.0, 1.0);
      peak[place] = std::max(peak[place], u);
    }
  }
  return peak;
}

void add_load(const DeviceState& d, const std::map<std::string, double>& peak, report::DeviceReport& out) {
  const DeviceNames names(d);
  const models::MxRouter& router = *d.model.router;
  out.utilization = utilization_of(d);
  out.peak_utilization = peak;
  for (std::size_t c = 0; c < router.chip_count(); ++c)
    add_chip_drops(router.chip(static_cast<int>(c)), static_cast<int>(c), names, out);
  add_chassis_drops(router, out);
  // Frames the router sent out of a port whose cable goes nowhere or is down.
  for (const auto& [at, n] : d.not_connected_at)
    out.drops_by_place[names.port_name(at.first, at.second) + " egress"][kNotConnected] += n;
  for (const auto& [at, n] : d.link_down_at)
    out.drops_by_place[names.port_name(at.first, at.second) + " egress"][kLinkDown] += n;
  find_saturated(names, out);
}

}  // namespace trio6sim::run
