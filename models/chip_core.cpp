#include "chip_core.h"

#include <algorithm>

#include "units.h"

namespace trio6sim::models {

void ChipCore::deliver_to_host(Job& job, uint64_t at_ps) {
  ++traffic.delivered_to_host_packets;
  --in_flight;
  if (host_observer) {
    IfIndex arrival = 0;
    if (job.chip.pass == Pass::kWan) arrival = port_ifl[job.packet->meta.ingress_port];
    else if (job.chip.pass == Pass::kPostDecrypt) arrival = job.chip.tunnel;
    host_observer(*job.packet, arrival, at_ps);
  }
  if (chip_.host_out.bound()) send(chip_.host_out, std::move(job), at_ps);
  else job.packet.reset();
}

void ChipCore::from_host(const Job&) {
  ++traffic.from_host_packets;
  ++in_flight;
}

void ChipCore::left_for_chassis() {
  ++traffic.to_chassis_packets;
  --in_flight;
}

void ChipCore::arrived_from_chassis() {
  ++traffic.from_chassis_packets;
  ++in_flight;
}

void ChipCore::drop(Job& job, DropCause cause, DropPlace place) {
  traffic.drops.count(cause);
  drops_by_place[place.id()].count(cause);
  --in_flight;
  job.packet.reset();
}

void ChipCore::offered(const Job& job, uint32_t l1_bytes) {
  ++traffic.offered_packets;
  ++in_flight;
  const PacketMeta& m = job.packet->meta;
  if (window_.contains(m.created_ps)) {
    ++traffic.window_offered_packets;
    traffic.window_offered_l1_bytes += l1_bytes;
    traffic.window_offered_cleartext_frame_bytes += job.cleartext_frame_bytes;
    if (traffic.stream_offered_l1_bytes.size() <= m.stream_id) traffic.stream_offered_l1_bytes.resize(m.stream_id + 1);
    traffic.stream_offered_l1_bytes[m.stream_id] += l1_bytes;
  }
}

void ChipCore::count_port_input(const Job& job) {
  const IfIndex ifl = port_ifl[job.packet->meta.ingress_port];
  IflCounters& c = ifl_counters[ifl];
  ++c.input_packets;
  c.input_bytes += job.chip.offered_frame_bytes;
  if (const IfIndex bundle = fib.interfaces[ifl].parent) {
    IflCounters& b = ifl_counters[bundle];
    ++b.input_packets;
    b.input_bytes += job.chip.offered_frame_bytes;
  }
}

void ChipCore::count_output_at_departure(int port, IfIndex unit_ifl, uint32_t frame_bytes, uint64_t last_bit_ps) {
  // When the port's ring is full, its frames that have left by now are
  // counted first, so the ring only grows to the longest the port's queue
  // has been (readers settle the rest when they read).
  if (output_ledger.full(port))
    output_ledger.settle_port(port, now_ps(), [this](const OutputLedger::Frame& f) { count_output(f); });
  output_ledger.add(port, {last_bit_ps, port_ifl[port], unit_ifl, frame_bytes});
}

void ChipCore::settle_outputs(uint64_t t) const {
  output_ledger.settle(t, [this](const OutputLedger::Frame& f) { count_output(f); });
}

void ChipCore::count_output(const OutputLedger::Frame& f) const {
  IflCounters& c = ifl_counters[f.port_ifl];
  ++c.output_packets;
  c.output_bytes += f.frame_bytes;
  if (f.unit_ifl != f.port_ifl) {
    IflCounters& o = ifl_counters[f.unit_ifl];
    ++o.output_packets;
    o.output_bytes += f.frame_bytes;
  }
}

void ChipCore::delivered(Job& job, uint64_t last_bit_ps, uint32_t l1_bytes) {
  ++traffic.delivered_packets;
  --in_flight;
  last_departure_ps = std::max(last_departure_ps, last_bit_ps);
  const PacketMeta& m = job.packet->meta;
  if (window_.contains(last_bit_ps)) {
    ++traffic.window_delivered_packets;
    traffic.window_delivered_l1_bytes += l1_bytes;
    traffic.window_delivered_cleartext_frame_bytes += job.cleartext_frame_bytes;
    traffic.latency.add(static_cast<double>(last_bit_ps - m.created_ps) / kPsPerNs);
    if (traffic.stream_delivered_l1_bytes.size() <= m.stream_id)
      traffic.stream_delivered_l1_bytes.resize(m.stream_id + 1);
    traffic.stream_delivered_l1_bytes[m.stream_id] += l1_bytes;
  }
  if (egress_observer) egress_observer(*job.packet, job.chip.egress_port, last_bit_ps);
}

}  // namespace trio6sim::models
