#include "vcd_probes.h"

#include <algorithm>
#include <fmt/core.h>
#include <fstream>
#include <memory>

namespace trio6sim::run {

VcdProbes::VcdProbes(const Network& network) {
  for (const auto& d : network.devices) {
    auto& router = *d->model.router;
    for (std::size_t c = 0; c < router.chip_count(); ++c) {
      const auto queues = router.chip(static_cast<int>(c)).queue_occupancy();
      for (std::size_t q = 0; q < queues.size(); ++q) {
        const auto id = vcd_.declare(fmt::format("{}.lmic{}.{}_bytes", d->name, router.lmics()[c], queues[q].queue));
        signals_.emplace_back(id, [&router, c, q](uint64_t) {
          return router.chip(static_cast<int>(c)).queue_occupancy()[q].bytes;
        });
      }
    }
    for (const auto& [name, places] : d->model.interfaces) {
      if (name.find('.') == std::string::npos) continue;  // units only: the physical ones repeat them
      const DeviceModel* model = &d->model;
      const std::string ifl = name;
      std::string signal = file_safe(name);
      std::replace(signal.begin(), signal.end(), '.', '_');  // a dot would open a VCD scope
      const auto id = vcd_.declare(fmt::format("{}.{}_output_pps", d->name, signal));
      auto last = std::make_shared<std::pair<uint64_t, uint64_t>>(0, 0);  // (time, packets)
      signals_.emplace_back(id, [model, ifl, last](uint64_t t) {
        const uint64_t n = model->counters(ifl).output_packets;
        const double dt = static_cast<double>(t - last->first) * 1e-12;
        const double pps = dt > 0 ? static_cast<double>(n - last->second) / dt : 0;
        *last = {t, n};
        return pps;
      });
    }
  }
}

void VcdProbes::sample(uint64_t t) {
  for (auto& [id, read] : signals_) vcd_.change(t, id, read(t));
}

bool VcdProbes::write(const std::string& path) const {
  std::ofstream out(path);
  vcd_.write(out);
  return static_cast<bool>(out);
}

}  // namespace trio6sim::run
