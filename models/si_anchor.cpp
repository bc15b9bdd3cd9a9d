#include "si_anchor.h"

#include "port_group.h"

#include <algorithm>
#include <cmath>
#include <fmt/core.h>

#include "chip_services.h"
#include "config_error.h"
#include "units.h"

namespace trio6sim::models {

SiAnchor::SiAnchor(const sc_core::sc_module_name& name, ChipServices& chip, int si_number)
    : TimedBlock(name),
      in("in"),
      to_ipsec("to_ipsec"),
      chip_(chip),
      params_(chip.params().si),
      port_params_(chip.params().port_group),
      window_(chip.window()),
      si_number_(si_number),
      bandwidth_gbps_(params_.default_bandwidth_gbps) {
  in.register_take<&SiAnchor::accept>(this);
}

bool SiAnchor::valid_bandwidth_gbps(double gbps) {
  constexpr double kSettings[] = {1, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300, 400, 800};  // [I]
  return std::any_of(std::begin(kSettings), std::end(kSettings), [&](double s) { return std::abs(s - gbps) < 1e-9; });
}

void SiAnchor::set_bandwidth_gbps(double gbps) {
  if (!valid_bandwidth_gbps(gbps))
    throw ConfigError(fmt::format("inline-services bandwidth {}g is not one of 1g, 10g..90g, 100g, 200g, 300g, 400g, 800g",
                                  gbps));
  bandwidth_gbps_ = gbps;
}

void SiAnchor::handle(Job&& job, uint64_t now) {
  const uint32_t l1 = l1_frame_bytes(port_params_, job.packet->size(), kEthernetHeaderBytes);
  const double backlog = busy_ps_ > now ? bytes_in_ps(static_cast<double>(busy_ps_ - now), bandwidth_gbps_) : 0;
  if (backlog + l1 > static_cast<double>(params_.depth_bytes)) {
    chip_.drop(job, DropCause::kSiBandwidthExceeded, DropPlace::si(si_number_));
    return;
  }
  const uint64_t start = std::max(now, busy_ps_);
  const uint64_t end = start + ps_for_bytes(l1, bandwidth_gbps_, service_time_);
  busy_ps_ = end;
  meter_.add(start, end, window_);
  // The unit's logical interface counts the input (the job names it: the
  // service set's inside unit, or the outside unit the ESP came for).
  if (const IfIndex ifl = job.chip.si_unit_ifl) chip_.count_input(ifl, job.packet->size());
  send(to_ipsec, std::move(job), end);
}

}  // namespace trio6sim::models
