#include "ipsec_loopback.h"

#include <algorithm>

#include "chip_services.h"
#include "port_group.h"

namespace trio6sim::models {

IpsecLoopback::IpsecLoopback(const sc_core::sc_module_name& name, ChipServices& chip, int slice)
    : sc_core::sc_module(name), from_engine("from_engine"), to_lookup("to_lookup"), chip_(chip), slice_(slice),
      params_(chip.params().port_group), window_(chip.window()) {
  from_engine.register_take<&IpsecLoopback::take>(this);
}

double IpsecLoopback::backlog_bytes(uint64_t t) const {
  return busy_ps_ > t ? bytes_in_ps(static_cast<double>(busy_ps_ - t), params_.ipsec_loopback_gbps) : 0;
}

void IpsecLoopback::take(Job&& job, uint64_t at_ps) {
  // The ESP packet re-enters the chip on the outside unit: the encrypting
  // PE's si-F/P/N.1 counts input at the tunnel's rate, as the blog's packet
  // walk shows [I]. A decrypted packet arrives on its tunnel's st0 unit.
  if (job.chip.pass == Pass::kPostEncrypt) {
    if (const IfIndex outside = job.chip.si_return_ifl) chip_.count_input(outside, job.packet->size());
  } else if (job.chip.tunnel != 0) {
    chip_.count_input(job.chip.tunnel, job.packet->size());
  }
  // The loopback carries the packet as it leaves the engine (ESP after
  // encryption, the inner packet after decryption), as L1 bytes.
  const uint32_t l1 = l1_frame_bytes(params_, job.packet->size(), kEthernetHeaderBytes);
  if (backlog_bytes(at_ps) + l1 > static_cast<double>(params_.ipsec_loopback_depth_bytes)) {
    chip_.drop(job, DropCause::kIpsecLoopbackOverrun, DropPlace::ipsec_loopback(slice_));
    return;
  }
  const uint64_t start = std::max(at_ps, busy_ps_);
  const uint64_t end = start + ps_for_bytes(l1, params_.ipsec_loopback_gbps, time_);
  busy_ps_ = end;
  meter_.add(start, end, window_);
  ++packets_;
  send(to_lookup, std::move(job), end);
}

}  // namespace trio6sim::models
