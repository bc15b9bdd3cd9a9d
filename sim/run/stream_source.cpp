#include "stream_source.h"

#include <algorithm>
#include <cmath>
#include <fmt/core.h>

#include "models/timed_block.h"
#include "packet/arp.h"
#include "packet/flow_hash.h"
#include "packet/frame_builder.h"
#include "scenario/scenario_loader.h"
#include "scenario/units.h"

namespace trio6sim::run {

namespace {

// Frame on the wire (FCS included) -> the IP packet the chip carries.
constexpr uint32_t kL2Bytes = 14 + 4;
constexpr double kPreambleAndGapBytes = 20;

// The k-th frame's size: IMIX weights walked in order (imix_total is the
// sum of the weights, computed once per stream).
uint32_t frame_bytes_of(const scenario::StreamSpec& s, uint64_t imix_total, uint64_t k) {
  if (s.imix.empty()) return s.frame_bytes;
  uint64_t at = k % imix_total;
  for (const auto& e : s.imix) {
    if (at < e.weight) return e.frame_bytes;
    at -= e.weight;
  }
  return s.imix.back().frame_bytes;
}

// The frame mix: IMIX weights, or one size.
std::vector<scenario::ImixEntry> mix_of(const scenario::StreamSpec& s) {
  if (s.imix.empty()) return {{s.frame_bytes, 1}};
  return s.imix;
}

// The packets a stream sends per second: its pps, or its bit rate over the
// mean spacing emit() gives its frames (frame, preamble and gap).
double packets_per_second(const scenario::StreamSpec& s) {
  if (s.rate.packets_per_second > 0) return s.rate.packets_per_second;
  double weight = 0, spacing_bytes = 0;
  for (const auto& e : mix_of(s)) {
    weight += e.weight;
    spacing_bytes += e.weight * (e.frame_bytes + kPreambleAndGapBytes);
  }
  return s.rate.bits_per_second / (8.0 * spacing_bytes / weight);
}

}  // namespace

void stop_simulation() {
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  sc_core::sc_stop();
}

double offered_l1_bits_per_second(const scenario::StreamSpec& s, const models::PortGroup& port_group) {
  const std::vector<scenario::ImixEntry> mix = mix_of(s);
  double weight = 0, l1_bytes = 0;
  for (const auto& e : mix) {
    weight += e.weight;
    const uint32_t l1 = port_group.l1_bytes(e.frame_bytes - kL2Bytes, models::kEthernetHeaderBytes);
    l1_bytes += e.weight * static_cast<double>(l1);
  }
  return packets_per_second(s) * 8.0 * l1_bytes / weight;
}

double offered_packets(const scenario::StreamSpec& s, uint64_t end_ps) {
  const uint64_t stop = std::min(s.stop_ps.value_or(end_ps), end_ps);
  if (stop <= s.start_ps) return 0;
  return static_cast<double>(stop - s.start_ps) * 1e-12 * packets_per_second(s);
}

std::optional<std::string> offered_packets_error(const scenario::ScenarioSpec& spec, uint64_t end_ps) {
  double total = 0, most = -1;
  const scenario::StreamSpec* busiest = nullptr;
  for (const auto& g : spec.generators)
    for (const auto& s : g.streams) {
      const double n = offered_packets(s, end_ps);
      total += n;
      if (n > most) most = n, busiest = &s;
    }
  if (total <= kMaxOfferedPackets || !busiest) return std::nullopt;
  return fmt::format("{}: stream {} offers {:.3g} packets in {} ({:.3g} for all streams), more than a run may send "
                     "({:.0e}, about five hours of wall time); lower the rates or the duration",
                     busiest->where.str(), busiest->name, most, scenario::format_duration(end_ps), total,
                     kMaxOfferedPackets);
}

StreamSource::StreamSource(const sc_core::sc_module_name& name, models::Trio6& chip, int port,
                           std::vector<SourceStream> streams, uint64_t end_ps, uint64_t batch_ps)
    : sc_core::sc_module(name), chip_(chip), port_(port), batch_ps_(batch_ps) {
  for (auto& s : streams) {
    Stream st;
    st.source = s;
    st.next_ps = s.spec->start_ps;
    st.stop_ps = std::min(s.spec->stop_ps.value_or(end_ps), end_ps);
    for (const auto& e : s.spec->imix) st.imix_total += e.weight;
    streams_.push_back(st);
  }
  SC_METHOD(wake);
}

bool StreamSource::emit(Stream& s, uint64_t first_bit_ps) {
  const scenario::StreamSpec& spec = *s.source.spec;
  const uint64_t k = s.sent;
  const uint32_t frame = frame_bytes_of(spec, s.imix_total, k);
  FrameSpec f;
  f.ethernet = spec.ethernet.has_value();
  f.frame_bytes = frame - kL2Bytes;
  if (spec.ethernet) {
    // The whole frame, its header in the packet (meta.l2_length says how
    // long): the builder leaves out only the FCS.
    f.frame_bytes = frame;
    f.src_mac = spec.ethernet->source;
    f.dst_mac = spec.ethernet->destination;
    if (spec.ethernet->vlan) {
      f.vlans[0].vid = *spec.ethernet->vlan;
      f.vlan_count = 1;
    }
  }
  f.src_ip = scenario::address_at(spec.source, static_cast<uint32_t>(k % spec.source.count));
  f.dst_ip = scenario::address_at(spec.destination, static_cast<uint32_t>(k % spec.destination.count));
  f.src_port = spec.source_port;
  f.dst_port = spec.destination_port;
  f.tos = static_cast<uint8_t>(spec.dscp << 2);
  f.df = spec.df;
  f.ip_id = static_cast<uint16_t>(k);
  PacketPtr p = chip_.pool().acquire(frame);  // a buffer of its size class (packet.h)
  if (auto r = spec.arp ? build_arp_frame(*p, f, *spec.arp) : build_udp_frame(*p, f); !r) {
    // The loader's frame sizes make this unreachable; if not, the run stops
    // with the stream's line (an error value: no exception in the process).
    fault_ = fmt::format("{}: stream {}: a {} B frame cannot be built", spec.where.str(), spec.name, frame);
    return false;
  }
  p->meta.id = ++next_id_;
  p->meta.stream_id = s.source.stream_id;
  p->meta.sent_ps = first_bit_ps;
  p->meta.flow_hash = spec.arp ? flow_hash(FlowKey{f.src_ip, f.dst_ip, 0, 0, 0, 0})
                               : flow_hash(FlowKey{f.src_ip, f.dst_ip, 17, f.src_port, f.dst_port, 0});
  chip_.inject(std::move(p), port_, first_bit_ps);
  ++s.sent;
  // The next packet: one packet time at a pps rate, or this frame's L1 bits
  // at a bit rate (preamble and inter-frame gap included, as testers count).
  const double interval_ps = spec.rate.packets_per_second > 0
                                ? 1e12 / spec.rate.packets_per_second
                                : (frame + kPreambleAndGapBytes) * 8.0 * 1e12 / spec.rate.bits_per_second;
  const double whole = std::floor(interval_ps);
  s.next_ps += static_cast<uint64_t>(whole);
  s.next_fraction_ps += interval_ps - whole;
  if (s.next_fraction_ps >= 1) {
    s.next_ps += 1;
    s.next_fraction_ps -= 1;
  }
  return true;
}

void StreamSource::wake() {
  // A model's exception (from inject) is caught here rather than thrown
  // across SystemC's scheduler, which would make it E549.
  try {
    const bool more = send_batch();
    if (!fault_.empty()) stop_simulation();
    else if (more) next_trigger(sc_core::sc_time::from_value(batch_ps_));
  } catch (const std::exception& e) {
    fault_ = e.what();
    stop_simulation();
  }
}

bool StreamSource::send_batch() {
  const uint64_t now = models::now_ps();
  const uint64_t horizon = now + batch_ps_;
  // Every first bit in [now, horizon), all streams merged in time order (a
  // port's frames are injected in order).
  bool more = false;
  while (true) {
    Stream* earliest = nullptr;
    for (auto& s : streams_) {
      const uint64_t t = s.next_ps;
      if (t >= s.stop_ps) continue;
      if (t >= horizon) {
        more = true;
        continue;
      }
      if (!earliest || t < earliest->next_ps) earliest = &s;
    }
    if (!earliest) break;
    if (!emit(*earliest, std::max(now, earliest->next_ps))) return false;
  }
  return more;
}

}  // namespace trio6sim::run
