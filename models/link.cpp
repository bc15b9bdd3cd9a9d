#include "link.h"

#include <algorithm>
#include <fmt/core.h>
#include <string>

#include "config_error.h"
#include "packet/ipv4.h"
#include "packet/ipv6.h"
#include "packet/parser.h"
#include "slice.h"
#include "units.h"

namespace trio6sim::models {

namespace {

double port_gbps(const LinkEnd& e) { return e.chip->params().port_group.port_gbps[e.port]; }

// The L1 bytes of an `l3_bytes` packet's frame out of `chip`'s port: the
// port group's size of an untagged frame (a port's observer does not see
// the job's L2 rewrite).
uint32_t l1_bytes(const Trio6& chip, int port, std::size_t l3_bytes, uint32_t l2_bytes = kEthernetHeaderBytes) {
  return chip.slice(slice_of_port(port)).port_group(port_group_of_port(port)).l1_bytes(l3_bytes, l2_bytes);
}

// A bridged frame carries its own header; an IP packet's is implied.
uint32_t l1_bytes(const Trio6& chip, int port, const Packet& p) {
  return l1_bytes(chip, port, p.size(), p.meta.l2_length ? 0 : kEthernetHeaderBytes);
}

}  // namespace

uint64_t frame_serialization_ps(const Trio6& chip, int port, std::size_t l3_bytes) {
  return ps_for_bytes(l1_bytes(chip, port, l3_bytes), chip.params().port_group.port_gbps[port]);
}

uint64_t frame_serialization_ps(const Trio6& chip, int port, const Packet& packet) {
  return ps_for_bytes(l1_bytes(chip, port, packet), chip.params().port_group.port_gbps[port]);
}

Link::Link(const sc_core::sc_module_name& name, LinkEnd a, LinkEnd b, const LinkParams& params)
    : sc_core::sc_module(name), from_port("from_port", 2), to_port("to_port", 2), ends_{a, b}, params_(params) {
  for (int e = 0; e < 2; ++e) {
    const LinkEnd& end = ends_[e];
    if (!end.chip || end.port < 0 || end.port >= kPortsPerChip)
      throw ConfigError(fmt::format("link {}: end {} is not a chip's WAN port (0..{})", basename(), e, kPortsPerChip - 1));
    if (port_gbps(end) <= 0)
      throw ConfigError(fmt::format("link {}: {} port {} has no line rate (port_group.port_gbps is 0)", basename(),
                                    end.chip->name(), end.port));
  }
  const double ga = port_gbps(ends_[0]), gb = port_gbps(ends_[1]);
  if (params_.gbps == 0 && ga != gb)
    throw ConfigError(fmt::format("link {}: the ends run at {} Gbps and {} Gbps; both ends of a cable run at one speed "
                                  "(or set LinkParams::gbps, the cable's rate)",
                                  basename(), ga, gb));
  if (params_.gbps < 0) throw ConfigError(fmt::format("link {}: gbps {} is negative", basename(), params_.gbps));
  const double cable = params_.gbps > 0 ? params_.gbps : ga;
  gbps_ = {std::min({ga, cable, gb}), std::min({gb, cable, ga})};
  for (int e = 0; e < 2; ++e) {
    from_port[e].register_take<&Link::frame_from>(this, e);
    ends_[e].chip->port_out[ends_[e].port].bind(from_port[e]);
    to_port[e].bind(ends_[e].chip->port_in[ends_[e].port]);
  }
  SC_METHOD(release_put_frames);
  sensitive << put_due_;
  dont_initialize();
}

void Link::add_state_change(uint64_t at_ps, bool up) {
  auto at = std::upper_bound(changes_.begin(), changes_.end(), at_ps,
                             [](uint64_t t, const std::pair<uint64_t, bool>& c) { return t < c.first; });
  changes_.insert(at, {at_ps, up});
}

uint64_t Link::in_flight(uint64_t now_ps) const {
  uint64_t n = 0;
  for (const auto& direction : arriving_ps_)
    for (uint64_t t : direction) n += t > now_ps ? 1 : 0;
  return n;
}

void Link::frame_from(int end, Job&& job, uint64_t last_bit_ps) {
  PacketPtr p = std::move(job.packet);
  const uint64_t first_bit_ps = last_bit_ps - frame_serialization_ps(*ends_[end].chip, ends_[end].port, *p);
  carry(end, std::move(p), first_bit_ps);
}

void Link::remark(Packet& p) const {
  if (p.empty()) return;
  const uint8_t version = p.data()[0] >> 4;
  if (version == 4) {
    if (auto v4 = parse_ipv4(p.bytes(), /*verify_checksum=*/false)) {
      v4->set_dscp(*params_.remark_dscp);
      v4->update_checksum();
    }
  } else if (version == 6) {
    if (auto v6 = parse_ipv6(p.bytes())) v6->set_dscp(*params_.remark_dscp);
  }
}

void Link::carry(int from, PacketPtr p, uint64_t first_bit_ps) {
  if (!up_at(first_bit_ps)) {
    ++lost_down_[from];
    if (count_loss_) count_loss_(from);
    return;  // the cable carries nothing: the packet goes back to its pool
  }
  const LinkEnd& sender = ends_[from];
  const LinkEnd& receiver = ends_[1 - from];
  const double gbps = gbps_[from];
  const uint32_t l1 = l1_bytes(*sender.chip, sender.port, *p);
  const uint64_t on_cable_ps = ps_for_bytes(l1, gbps);
  uint64_t start_ps = first_bit_ps;
  if (gbps < port_gbps(sender)) {
    // The sender's port is faster than this direction: the frame waits for
    // the cable behind those before it, in a bounded buffer.
    const double waiting = free_ps_[from] > first_bit_ps
                               ? bytes_in_ps(static_cast<double>(free_ps_[from] - first_bit_ps), gbps)
                               : 0;
    if (waiting + l1 > static_cast<double>(params_.buffer_bytes)) {
      ++lost_overrun_[from];
      return;
    }
    start_ps = std::max(first_bit_ps, free_ps_[from]);
    free_ps_[from] = start_ps + on_cable_ps;
  }
  ++carried_[from];
  if (params_.remark_dscp) remark(*p);
  if (tap_) tap_->frame_on_link(*this, from, *p, start_ps);
  // The far port receives the same bytes as a fresh frame in its own chip's
  // pool: the sending chip's state stays behind (a new Job), the packet has
  // the headroom a frame off the wire has, and no packet outlives its pool
  // (each chip's pool goes with its chip at the end of a simulation).
  PacketPtr q = receiver.chip->pool().acquire(p->size());
  std::copy(p->bytes().begin(), p->bytes().end(), q->push_back(p->size()));
  q->meta = p->meta;
  p = std::move(q);
  // The receiving router hashes the packet itself (outer header and SPI for
  // ESP), as every hop does.
  ParseOptions po;
  po.verify_ipv4_checksum = false;
  // (A bridged frame keeps its sender's hash of the frame's IP flow.)
  if (p->meta.l2_length == 0)
    if (auto parsed = parse_l3(p->bytes(), L3Family::kUnknown, po)) p->meta.flow_hash = parsed->flow_hash;
  // The far port takes a frame at its own line rate: hand it the first bit
  // so that its last bit is in when the slowest side has delivered it.
  const uint64_t far_port_ps = frame_serialization_ps(*receiver.chip, receiver.port, *p);
  const uint64_t arrival_ps = start_ps + params_.delay_ps + (on_cable_ps > far_port_ps ? on_cable_ps - far_port_ps : 0);
  const uint64_t now = now_ps();
  std::deque<uint64_t>& arriving = arriving_ps_[from];
  while (!arriving.empty() && arriving.front() <= now) arriving.pop_front();
  arriving.push_back(arrival_ps);
  Job job;
  job.packet = std::move(p);
  to_port[1 - from].send(std::move(job), std::max(arrival_ps, now));
}

void Link::put(int toward, PacketPtr packet, uint64_t first_bit_ps) {
  ++frames_put_;
  const uint64_t now = now_ps();
  first_bit_ps = std::max(first_bit_ps, now);
  auto at = std::upper_bound(put_.begin(), put_.end(), first_bit_ps,
                             [](uint64_t t, const PutFrame& f) { return t < f.first_bit_ps; });
  put_.insert(at, PutFrame{first_bit_ps, toward, std::move(packet)});
  put_due_.notify(sc_core::sc_time::from_value(put_.front().first_bit_ps - now));
}

void Link::release_put_frames() {
  const uint64_t now = now_ps();
  while (!put_.empty() && put_.front().first_bit_ps <= now) {
    PutFrame f = std::move(put_.front());
    put_.pop_front();
    carry(1 - f.toward, std::move(f.packet), f.first_bit_ps);
  }
  if (!put_.empty()) put_due_.notify(sc_core::sc_time::from_value(put_.front().first_bit_ps - now));
}

}  // namespace trio6sim::models
