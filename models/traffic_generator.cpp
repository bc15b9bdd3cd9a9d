#include "traffic_generator.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "packet/ipv4.h"
#include "packet/ipv6.h"
#include "units.h"

#include <fmt/core.h>

namespace trio6sim::models {

namespace {
uint32_t mix32(uint64_t x) {  // splitmix64 finalizer
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return static_cast<uint32_t>(x ^ (x >> 31));
}
}  // namespace

struct TrafficGenerator::Stream {
  StreamSpec spec;
  double next_ps = 0;
  uint64_t count = 0;
  // count % flows and count % targets, kept as wrapping counters: two 64-bit
  // divisions per packet otherwise.
  uint32_t flow = 0;
  std::size_t target = 0;
  double last_l1 = std::nan("");  // the last frame's L1 bytes and the gap they take
  double last_gap_ps = 0;
  uint32_t total_weight = 0;
  std::vector<std::unique_ptr<crypto::OutboundSa>> peers;  // framing only in timing-only runs
};

TrafficGenerator::TrafficGenerator(const sc_core::sc_module_name& name, Trio6& chip, std::vector<StreamSpec> streams,
                                   uint64_t seed, bool timing_only, uint64_t batch_ps)
    : sc_core::sc_module(name), out("out", kPortsPerChip), chip_(chip), rng_(seed), batch_ps_(batch_ps) {
  for (auto& spec : streams) {
    auto s = std::make_unique<Stream>();
    if (spec.frame_bytes.empty() || spec.frame_bytes.size() != spec.weights.size())
      throw ConfigError("traffic stream: frame_bytes and weights must be non-empty and of equal length");
    if (spec.targets.empty()) throw ConfigError("traffic stream: no targets");
    if (spec.l1_gbps <= 0) throw ConfigError("traffic stream: rate must be > 0");
    if (spec.flows == 0) throw ConfigError("traffic stream: flows must be >= 1");
    for (uint32_t f : spec.frame_bytes)
      if (f < 64 || f > 9216) throw ConfigError("traffic stream: frame sizes must be 64..9216 B");
    s->total_weight = std::accumulate(spec.weights.begin(), spec.weights.end(), 0u);
    const auto mode = timing_only ? crypto::CipherMode::kFramingOnly : crypto::CipherMode::kAesGcm;
    for (const auto& sa : spec.peer_sas) s->peers.push_back(std::make_unique<crypto::OutboundSa>(sa, mode));
    s->next_ps = static_cast<double>(spec.start_ps);
    s->spec = std::move(spec);
    streams_.push_back(std::move(s));
  }
  std::vector<bool> bound(kPortsPerChip, false);
  for (const auto& st : streams_) {
    const int port = st->spec.port;
    if (port < 0 || port >= kPortsPerChip || chip_.params().port_group.port_gbps[port] <= 0)
      throw ConfigError(fmt::format("traffic stream: port {} has no speed", port));
    if (!bound[port]) out[port].bind(chip_.port_in[port]);
    bound[port] = true;
  }
  chip_.set_injection_lead_ps(batch_ps_);
  SC_METHOD(run);
}

TrafficGenerator::~TrafficGenerator() = default;

void TrafficGenerator::emit(Stream& s, uint64_t first_bit_ps) {
  const StreamSpec& spec = s.spec;
  uint32_t frame = spec.frame_bytes[0];
  if (spec.frame_bytes.size() > 1) {
    uint32_t pick = static_cast<uint32_t>(rng_() % s.total_weight);
    for (std::size_t i = 0; i < spec.weights.size(); ++i) {
      if (pick < spec.weights[i]) {
        frame = spec.frame_bytes[i];
        break;
      }
      pick -= spec.weights[i];
    }
  }
  const std::size_t l3 = frame - kEthernetHeaderBytes - kEthernetFcsBytes;
  const uint32_t flow = s.flow;
  const TrafficTarget& target = spec.targets[s.target];
  ++s.count;
  if (++s.flow == spec.flows) s.flow = 0;
  if (++s.target == spec.targets.size()) s.target = 0;

  PacketPtr p = chip_.pool().acquire(l3);
  // The payload keeps what the pooled buffer held: zero when the packet was
  // made, then earlier packets' bytes in the pool's reuse order, which the
  // simulation fixes, so a seed reproduces it. Only headers are written.
  uint8_t* d = p->push_back(l3);
  if (!spec.ipv6) {
    Ipv4Fields f;
    f.total_length = static_cast<uint16_t>(l3);
    f.protocol = 253;  // RFC 3692 experimental: payload without an L4 header
    f.ttl = 64;
    f.src = {10, 200, static_cast<uint8_t>(flow >> 8), static_cast<uint8_t>(flow)};
    std::memcpy(f.dst.data(), target.destination.data(), 4);  // one move (std::copy called libc)
    write_ipv4_header(d, f);
  } else {
    Ipv6Fields f;
    f.payload_length = static_cast<uint16_t>(l3 - kIpv6HeaderBytes);
    f.next_header = 59;  // no next header
    f.hop_limit = 64;
    f.src = {0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff};
    f.src[14] = static_cast<uint8_t>(flow >> 8);
    f.src[15] = static_cast<uint8_t>(flow);
    std::copy(target.destination.data(), target.destination.data() + 16, f.dst.begin());
    write_ipv6_header(d, f);
  }
  p->meta.id = ++generated_;
  p->meta.stream_id = spec.stream_id;
  p->meta.flow_hash = mix32((uint64_t{spec.stream_id} << 32) | flow);
  if (target.peer_sa >= 0) {
    auto r = s.peers[static_cast<std::size_t>(target.peer_sa)]->seal(*p);
    if (!r) throw ConfigError("traffic generator: the peer SA could not seal a packet");
  }
  const auto& pg = chip_.params().port_group;
  const std::size_t wire = std::max<std::size_t>(64, p->size() + kEthernetHeaderBytes + kEthernetFcsBytes);
  const double l1 = static_cast<double>(wire + pg.preamble_bytes + pg.ifg_bytes);
  Job job;
  job.packet = std::move(p);
  job.cleartext_frame_bytes = frame;
  send(out[spec.port], std::move(job), first_bit_ps);
  if (l1 != s.last_l1) {
    s.last_l1 = l1;
    s.last_gap_ps = l1 * 8.0 * 1000.0 / spec.l1_gbps;
  }
  s.next_ps += s.last_gap_ps;
}

void TrafficGenerator::run() {
  // Everything up to two batches ahead: what the next wake-up injects then
  // starts at least one batch after its own time.
  const double horizon = static_cast<double>(now_ps() + 2 * batch_ps_);
  bool active = false;
  for (auto& sp : streams_) {
    Stream& s = *sp;
    const double stop = static_cast<double>(s.spec.stop_ps);
    while (s.next_ps < horizon && s.next_ps < stop) emit(s, round_ps(s.next_ps));
    active = active || s.next_ps < stop;
  }
  if (active) next_trigger(sc_core::sc_time::from_value(batch_ps_));
}

}  // namespace trio6sim::models
