#include "vcd_probes.h"

#include <algorithm>
#include <fmt/core.h>
#include <fstream>

namespace trio6sim::run {

VcdProbes::VcdProbes(const Network& network) {
  for (const auto& d : network.devices) {
    auto& router = *d->model.router;
    for (std::size_t c = 0; c < router.chip_count(); ++c) {
      // One sampler per chip: its queue occupancy is read once per sample.
      models::Trio6& chip = router.chip(static_cast<int>(c));
      std::vector<report::VcdWriter::SignalId> ids;
      for (const auto& q : chip.queue_occupancy())
        ids.push_back(vcd_.declare(fmt::format("{}.{}.{}_bytes", d->name, router.chip_label(c), q.queue)));
      samplers_.push_back([this, &chip, ids](uint64_t t) {
        const auto queues = chip.queue_occupancy();
        for (std::size_t q = 0; q < ids.size(); ++q) vcd_.change(t, ids[q], queues[q].bytes);
      });
    }
    for (const auto& [name, places] : d->model.interfaces) {
      if (name.find('.') == std::string::npos) continue;  // units only: the physical ones repeat them
      const DeviceModel* model = &d->model;
      const std::vector<IflPlace>* at = &places;
      std::string signal = file_safe(name);
      std::replace(signal.begin(), signal.end(), '.', '_');  // a dot would open a VCD scope
      const auto id = vcd_.declare(fmt::format("{}.{}_output_pps", d->name, signal));
      samplers_.push_back([this, model, at, id, last_t = uint64_t{0}, last_n = uint64_t{0}](uint64_t t) mutable {
        const uint64_t n = model->counters(*at).output_packets;
        const double dt = static_cast<double>(t - last_t) * 1e-12;
        vcd_.change(t, id, dt > 0 ? static_cast<double>(n - last_n) / dt : 0);
        last_t = t;
        last_n = n;
      });
    }
  }
}

void VcdProbes::sample(uint64_t t) {
  for (auto& sample_at : samplers_) sample_at(t);
}

bool VcdProbes::write(const std::string& path) const {
  std::ofstream out(path);
  vcd_.write(out);
  return static_cast<bool>(out);
}

}  // namespace trio6sim::run
