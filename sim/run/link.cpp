#include "link.h"

#include <algorithm>
#include <string>

#include "models/units.h"
#include "packet/parser.h"

namespace trio6sim::run {

uint64_t frame_serialization_ps(const models::Trio6& chip, int port, std::size_t l3_bytes) {
  // The observer of a port does not see the job's L2 rewrite: an untagged frame.
  const auto& pg = chip.slice(models::slice_of_port(port)).port_group(models::port_group_of_port(port));
  return models::ps_for_bytes(pg.l1_bytes(l3_bytes, models::kEthernetHeaderBytes),
                              chip.params().port_group.port_gbps[port]);
}

Link::Link(const sc_core::sc_module_name& name, std::array<LinkEnd, 2> ends,
           std::array<models::Trio6*, 2> chips, uint64_t delay_ps)
    : sc_core::sc_module(name),
      from_port("from_port", 2),
      to_port("to_port", 2),
      ends_(ends),
      chips_(chips),
      delay_ps_(delay_ps) {
  for (int e = 0; e < 2; ++e) from_port[e].register_take<&Link::frame_from>(this, e);
  SC_METHOD(release_put_frames);
  sensitive << put_due_;
  dont_initialize();
}

uint64_t Link::in_flight(uint64_t now_ps) const {
  uint64_t n = 0;
  for (const auto& direction : arriving_ps_)
    for (uint64_t t : direction) n += t > now_ps ? 1 : 0;
  return n;
}

void Link::frame_from(int end, models::Job&& job, uint64_t last_bit_ps) {
  PacketPtr p = std::move(job.packet);
  const uint64_t first_bit_ps = last_bit_ps - frame_serialization_ps(*chips_[end], ends_[end].port, p->size());
  carry(end, std::move(p), first_bit_ps);
}

void Link::carry(int from, PacketPtr p, uint64_t first_bit_ps) {
  if (!up_at(first_bit_ps)) {
    if (count_loss_) count_loss_(from);
    return;  // the cable carries nothing: the packet goes back to its pool
  }
  if (tap_) tap_->frame_on_link(ends_[from], *p, first_bit_ps);
  // The far port receives the same bytes as a fresh frame in its own chip's
  // pool: the sending chip's state stays behind (a new Job), the packet has
  // the headroom a frame off the wire has, and no packet outlives its pool
  // (each chip's pool goes with its chip at the end of a simulation).
  PacketPtr q = chips_[1 - from]->pool().acquire();
  std::copy(p->bytes().begin(), p->bytes().end(), q->push_back(p->size()));
  q->meta = p->meta;
  p = std::move(q);
  // The receiving router hashes the packet itself (outer header and SPI for
  // ESP), as every hop does.
  ParseOptions po;
  po.verify_ipv4_checksum = false;
  if (auto parsed = parse_l3(p->bytes(), L3Family::kUnknown, po)) p->meta.flow_hash = parsed->flow_hash;
  const uint64_t arrival_ps = first_bit_ps + delay_ps_;
  const uint64_t now = models::now_ps();
  std::deque<uint64_t>& arriving = arriving_ps_[from];
  while (!arriving.empty() && arriving.front() <= now) arriving.pop_front();
  arriving.push_back(arrival_ps);
  models::Job job;
  job.packet = std::move(p);
  to_port[1 - from].send(std::move(job), std::max(arrival_ps, now));
}

void Link::put(int toward, PacketPtr packet, uint64_t first_bit_ps) {
  ++frames_put_;
  const uint64_t now = models::now_ps();
  first_bit_ps = std::max(first_bit_ps, now);
  auto at = std::upper_bound(put_.begin(), put_.end(), first_bit_ps,
                             [](uint64_t t, const PutFrame& f) { return t < f.first_bit_ps; });
  put_.insert(at, PutFrame{first_bit_ps, toward, std::move(packet)});
  put_due_.notify(sc_core::sc_time::from_value(put_.front().first_bit_ps - now));
}

void Link::release_put_frames() {
  const uint64_t now = models::now_ps();
  while (!put_.empty() && put_.front().first_bit_ps <= now) {
    PutFrame f = std::move(put_.front());
    put_.pop_front();
    carry(1 - f.toward, std::move(f.packet), f.first_bit_ps);
  }
  if (!put_.empty()) put_due_.notify(sc_core::sc_time::from_value(put_.front().first_bit_ps - now));
}

}  // namespace trio6sim::run
