// A user-written IPsec engine from the interface alone: an sc_module that
// derives from IpsecEngineBlock (models/replaceable_blocks.h) and from
// nothing of the library's IpsecEngine, written from docs/library.md
// ("A replacement block") and the headers. It seals and opens every packet
// with the crypto library's SAs (real AES-GCM ESP), keeps a bounded input
// queue whose drops it counts through ChipServices, and has its own timing:
// a pipelined datapath of one AES block (16 B) a cycle at 2 GHz, in which
// the per-packet work (SA fetch, ESP header, ICV) overlaps the payload of
// the packets around it and costs latency instead of throughput, behind an
// input queue twice as deep as the library's.
//
// The study: the library's engine is 31.25 B/cycle at 1.2 GHz (300 Gbps)
// with 2 cycles of overhead per packet, in series. This one is narrower
// (256 Gbps) and has no per-packet throughput cost. Both run the same probes
// through the chip's BlockFactory: which wins where, and what the deeper
// queue costs.
//
//   interface_engine [--quick]          the comparison with the library's engine
//   interface_engine --conformance      the conformance suite (models/block_conformance.h)
//                                       on this engine; googletest flags follow
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "models/block_conformance.h"
#include "models/chip_services.h"
#include "models/config_error.h"
#include "models/job_socket.h"
#include "models/probe.h"
#include "models/replaceable_blocks.h"
#include "models/statistics.h"
#include "models/units.h"
#include "packet/ip_protocol.h"

using namespace trio6sim::models;
using trio6sim::DropCause;
namespace crypto = trio6sim::crypto;

// Everything this engine's timing and capacity depend on; the study's
// assumptions, not Juniper figures.
struct PipelinedEngineParams {
  double clock_ghz = 2.0;   // the engine's own clock (the chip's blocks run at 1.2 GHz)
  uint32_t beat_bytes = 16;  // one AES block a cycle: a packet's cleartext takes ceil(bytes / 16) cycles
  // Idle cycles between two packets in the datapath. 0: fully pipelined, the
  // SA fetch, ESP header and ICV of one packet overlap the payload of others.
  uint32_t issue_gap_cycles = 0;
  // Every packet's fixed latency through the pipeline stages after its last
  // beat. It must be at least the chip's promise to its lookup engine,
  // ipsec.pipeline_latency_cycles at ipsec.clock_ghz (500 ns by default):
  // the lookahead rule.
  uint32_t pipeline_depth_cycles = 1200;
  uint64_t input_depth_bytes = 512 * 1024;  // packets waiting for the datapath (the library's: 256 KiB)
  uint32_t max_tunnels = 1000;              // SAs of each direction
};

class PipelinedEngine : public sc_core::sc_module, public IpsecEngineBlock {
 public:
  // What the engine itself counts beyond the ESP statistics.
  struct Counters {
    uint64_t taken = 0;               // jobs from the SI anchors
    uint64_t queue_full_drops = 0;    // dropped at the input (crypto queue full)
    uint64_t peak_waiting_bytes = 0;  // the input queue's high-water mark
  };

  SC_HAS_PROCESS(PipelinedEngine);
  PipelinedEngine(const sc_core::sc_module_name& name, ChipServices& chip, int slice, const PipelinedEngineParams& p)
      : sc_core::sc_module(name),
        from_si("from_si", kSiPerSlice),
        to_loopback("to_loopback"),
        chip_(chip),
        window_(chip.window()),
        params_(p),
        slice_(slice),
        // The chip's timing-only switch: the same ESP framing and checks, no cipher.
        mode_(chip.params().ipsec.timing_only ? crypto::CipherMode::kFramingOnly : crypto::CipherMode::kAesGcm),
        latency_ps_(ps_from_cycles(p.pipeline_depth_cycles, p.clock_ghz)) {
    const IpsecEngineParams& promised = chip.params().ipsec;
    if (latency_ps_ < ps_from_cycles(promised.pipeline_latency_cycles, promised.clock_ghz))
      throw ConfigError("pipeline_depth_cycles is shorter than the chip's ipsec.pipeline_latency_cycles, which its "
                        "lookup engine's lookahead counts on: lower that too");
    for (auto& in : from_si) in.register_take<&PipelinedEngine::arrive>(this);
    SC_METHOD(wake);
    sensitive << arrival_;
    dont_initialize();
  }

  sc_core::sc_vector<JobTargetSocket<PipelinedEngine>> from_si;
  JobInitiatorSocket<PipelinedEngine> to_loopback;

  // --- IpsecEngineBlock: sockets.
  JobTargetPort& si_input(int i) override { return from_si[i]; }
  JobInitiatorPort& loopback_output() override { return to_loopback; }

  // --- IpsecEngineBlock: SAs, under the chip's ids.
  void add_sa(uint32_t sa_id, const crypto::SaConfig& config, SaDirection direction) override {
    if (auto problem = crypto::validate(config)) throw ConfigError(*problem);
    remove_sa(sa_id);  // an id given again replaces its SA
    if (sa_count(direction) >= params_.max_tunnels) throw ConfigError("the pipelined engine holds max_tunnels SAs");
    if (direction == SaDirection::kOutbound) {
      outbound_.try_emplace(sa_id, config, mode_);
      return;
    }
    if (!spi_to_sa_.try_emplace(config.spi, sa_id).second) throw ConfigError("a second inbound SA with one SPI");
    inbound_.try_emplace(sa_id, config, mode_);
  }
  bool remove_sa(uint32_t sa_id) override {
    // The engine's counters are cumulative: a removed (rekeyed) SA's stay.
    if (auto o = outbound_.find(sa_id); o != outbound_.end()) {
      removed_ += o->second.statistics();
      outbound_.erase(o);
      return true;
    }
    if (auto i = inbound_.find(sa_id); i != inbound_.end()) {
      removed_ += i->second.sa.statistics();
      spi_to_sa_.erase(i->second.sa.config().spi);
      inbound_.erase(i);
      return true;
    }
    return false;
  }
  std::size_t sa_count(SaDirection d) const override {
    return d == SaDirection::kOutbound ? outbound_.size() : inbound_.size();
  }
  void set_sa_tunnel(uint32_t sa_id, IfIndex st0) override {
    if (auto i = inbound_.find(sa_id); i != inbound_.end()) i->second.st0 = st0;
  }

  // --- IpsecEngineBlock: statistics and the meters every result prints.
  crypto::IpsecStatistics sa_statistics(uint32_t sa_id) const override {
    if (auto o = outbound_.find(sa_id); o != outbound_.end()) return o->second.statistics();
    if (auto i = inbound_.find(sa_id); i != inbound_.end()) return i->second.sa.statistics();
    return {};
  }
  crypto::IpsecStatistics statistics() const override {
    crypto::IpsecStatistics s = no_sa_;
    s += removed_;
    for (const auto& [id, sa] : outbound_) s += sa.statistics();
    for (const auto& [id, in] : inbound_) s += in.sa.statistics();
    return s;
  }
  // The datapath's issue slot: busy while it takes a packet's beats.
  double utilization(const Window& w) const override { return meter_.utilization(w); }
  bool busy(uint64_t t) const override { return issue_free_ps_ > t; }
  double backlog_bytes(uint64_t t) const override {
    double bytes = 0;
    for (const Waiting& w : waiting_)
      if (w.arrival_ps <= t && w.start_ps > t) bytes += w.bytes;
    return bytes;
  }
  // Jobs are handled at their own arrival time, so the producers' lookahead
  // is not needed (the interface allows ignoring it).
  void set_lookahead_ps(uint64_t, uint64_t) override {}

  const Counters& counters() const { return counters_; }
  const PipelinedEngineParams& params() const { return params_; }

 private:
  struct Inbound {
    Inbound(const crypto::SaConfig& c, crypto::CipherMode m) : sa(c, m) {}
    crypto::InboundSa sa;
    IfIndex st0 = 0;  // the tunnel's st0 unit: job.chip.tunnel of what it opens
  };
  struct Arrival {  // a job the SI anchors handed over ahead of its time
    uint64_t at_ps, order;
    Job job;
  };
  struct Waiting {  // a packet admitted to the queue, until its first beat
    uint64_t arrival_ps, start_ps;
    uint32_t bytes;
  };
  static bool later(const Arrival& a, const Arrival& b) {
    return a.at_ps != b.at_ps ? a.at_ps > b.at_ps : a.order > b.order;
  }

  // The SI anchors hand jobs on up to their lookahead ahead of the
  // simulation's time (TLM temporal decoupling): file each for its time and
  // wake then. One event for the engine, not one per packet.
  void arrive(Job&& job, uint64_t at_ps) {
    const uint64_t now = sc_core::sc_time_stamp().value();
    arrivals_.push_back({std::max(at_ps, now), next_order_++, std::move(job)});
    std::push_heap(arrivals_.begin(), arrivals_.end(), later);
    arrival_.notify(sc_core::sc_time::from_value(arrivals_.front().at_ps - now));  // SystemC keeps the earliest
  }
  void wake() {
    const uint64_t now = sc_core::sc_time_stamp().value();
    while (!arrivals_.empty() && arrivals_.front().at_ps <= now) {
      std::pop_heap(arrivals_.begin(), arrivals_.end(), later);
      Job job = std::move(arrivals_.back().job);
      arrivals_.pop_back();
      handle(std::move(job), now);
    }
    if (!arrivals_.empty()) arrival_.notify(sc_core::sc_time::from_value(arrivals_.front().at_ps - now));
  }

  void handle(Job&& job, uint64_t now) {
    ++counters_.taken;
    while (!waiting_.empty() && waiting_.front().start_ps <= now) {  // entered the datapath
      waiting_bytes_ -= waiting_.front().bytes;
      waiting_.pop_front();
    }
    const auto bytes = static_cast<uint32_t>(job.packet->size());
    if (waiting_bytes_ + bytes > params_.input_depth_bytes) {
      ++counters_.queue_full_drops;
      chip_.drop(job, DropCause::kCryptoQueueFull, DropPlace::ipsec_engine(slice_));
      return;
    }
    const bool encrypting = job.chip.destination == Destination::kSiInside;
    auto done = encrypting ? seal(job) : open(job);
    if (!done) {  // counted by the SA (or as no SA), dropped at the engine
      chip_.drop(job, done.error(), DropPlace::ipsec_engine(slice_));
      return;
    }
    // The datapath takes the cleartext in beats, one packet after another.
    const std::size_t cleartext = *done;
    const uint64_t beats = (cleartext + params_.beat_bytes - 1) / params_.beat_bytes + params_.issue_gap_cycles;
    const uint64_t start = std::max(now, issue_free_ps_);
    issue_free_ps_ = start + ps_from_cycles(static_cast<double>(beats), params_.clock_ghz);
    meter_.add(start, issue_free_ps_, window_);
    if (start > now) {
      waiting_.push_back({now, start, bytes});
      waiting_bytes_ += bytes;
      counters_.peak_waiting_bytes = std::max(counters_.peak_waiting_bytes, waiting_bytes_);
    }
    // The loopback counts the unit the packet re-enters on (the chip does,
    // around any engine); the engine says which lookup comes next.
    job.chip.pass = encrypting ? Pass::kPostEncrypt : Pass::kPostDecrypt;
    send(to_loopback, std::move(job), issue_free_ps_ + latency_ps_);
  }

  // Seals with the outbound SA the lookup chose; the cleartext bytes.
  trio6sim::Expected<std::size_t, DropCause> seal(Job& job) {
    auto found = outbound_.find(job.chip.sa_id);
    if (found == outbound_.end()) {
      no_sa_.count(DropCause::kEspNoSa);
      return trio6sim::unexpected(DropCause::kEspNoSa);
    }
    const std::size_t cleartext = job.packet->size();
    crypto::SealOptions options;
    if (job.chip.mpls) options.next_header = trio6sim::ipproto::kMpls;  // RFC 4023: a label stack in ESP
    job.chip.mpls = false;                                              // the outer packet is IP
    if (auto sealed = found->second.seal(*job.packet, options); !sealed) return trio6sim::unexpected(sealed.error());
    return cleartext;
  }
  // Opens with the inbound SA of the ESP's SPI and names its tunnel.
  trio6sim::Expected<std::size_t, DropCause> open(Job& job) {
    auto esp = crypto::locate_esp(job.packet->bytes(), 0);
    if (!esp) {
      no_sa_.count(esp.error());
      return trio6sim::unexpected(esp.error());
    }
    auto id = spi_to_sa_.find(esp->spi);
    if (id == spi_to_sa_.end()) {
      no_sa_.count(DropCause::kEspNoSa);
      return trio6sim::unexpected(DropCause::kEspNoSa);
    }
    Inbound& in = inbound_.at(id->second);
    if (auto opened = in.sa.open(*job.packet); !opened) return trio6sim::unexpected(opened.error());
    job.chip.tunnel = in.st0;     // the st0 unit counts it (the chip does, at the loopback)
    job.chip.sa_id = id->second;  // the lookup checks the inner packet against this SA's selector
    job.chip.mpls = in.sa.last_next_header() == trio6sim::ipproto::kMpls;
    return job.packet->size();
  }

  ChipServices& chip_;
  const Window& window_;
  const PipelinedEngineParams params_;
  const int slice_;
  const crypto::CipherMode mode_;
  const uint64_t latency_ps_;
  std::unordered_map<uint32_t, crypto::OutboundSa> outbound_;  // by the chip's SA id
  std::unordered_map<uint32_t, Inbound> inbound_;
  std::unordered_map<uint32_t, uint32_t> spi_to_sa_;  // inbound SPI -> SA id
  crypto::IpsecStatistics no_sa_, removed_;
  std::vector<Arrival> arrivals_;  // a min-heap by (time, order)
  uint64_t next_order_ = 0;
  sc_core::sc_event arrival_;
  std::deque<Waiting> waiting_;  // in arrival order, which is also start order
  uint64_t waiting_bytes_ = 0;
  uint64_t issue_free_ps_ = 0;  // when the datapath takes its next beat
  BusyMeter meter_;
  Counters counters_;
};

namespace {

std::unique_ptr<IpsecEngineBlock> make_pipelined(const char* name, ChipServices& chip, int slice) {
  return std::make_unique<PipelinedEngine>(name, chip, slice, PipelinedEngineParams{});
}

// The conformance suite on this engine (run with --conformance).
using conformance::EngineUnderTest;
using conformance::IpsecEngineConformance;
INSTANTIATE_TEST_SUITE_P(Pipelined, IpsecEngineConformance,
                         testing::Values(EngineUnderTest{"pipelined", make_pipelined}),
                         [](const auto& info) { return info.param.name; });

struct Row {
  ProbeResult result;
  double engine_utilization = 0;
  uint64_t engine_drops = 0;
  PipelinedEngine::Counters counters;  // the pipelined engine's own, of PFE 0
};

Row run(bool pipelined, ProbeDirection direction, uint32_t frame, bool quick) {
  Row row;
  ProbeConfig c;
  c.frame_bytes = {frame};
  c.offered_gbps = 400;
  c.direction = direction;
  c.duration_ps = (quick ? 60 : 200) * kPsPerUs;  // real AES-GCM: timing_only stays false
  PipelinedEngine* pfe0 = nullptr;
  if (pipelined)
    c.blocks.ipsec_engine = [&pfe0](const char* name, ChipServices& chip, int slice) -> std::unique_ptr<IpsecEngineBlock> {
      auto engine = std::make_unique<PipelinedEngine>(name, chip, slice, PipelinedEngineParams{});
      if (slice == 0) pfe0 = engine.get();
      return engine;
    };
  c.inspect = [&](const Trio6& chip) {  // before the chip (and its engines) go
    row.engine_drops = chip.drops_by_place()[DropPlace::ipsec_engine(0).id()].total();
    if (pfe0) row.counters = pfe0->counters();
  };
  row.result = run_probe(c);
  for (const auto& u : row.result.utilization)
    if (u.block == "pfe0.ipsec_engine") row.engine_utilization = u.fraction;
  return row;
}

int compare(bool quick) {
  const PipelinedEngineParams p;
  std::printf("pipelined engine: %u B/cycle at %.2f GHz (%.0f Gbps of cleartext), %u gap cycles, latency %u cycles, "
              "input %llu KiB\n",
              p.beat_bytes, p.clock_ghz, p.beat_bytes * p.clock_ghz * 8, p.issue_gap_cycles, p.pipeline_depth_cycles,
              static_cast<unsigned long long>(p.input_depth_bytes / 1024));
  std::printf("400 Gbps offered into PFE 0, one tunnel, real AES-GCM\n");
  std::printf("%-16s %-20s %10s %9s %9s %6s %12s %9s  %s\n", "traffic", "engine", "Gbps (L1)", "p50 ns", "p99 ns",
              "util", "engine drops", "peak KiB", "saturated block");
  bool ok = true;
  const struct {
    ProbeDirection direction;
    uint32_t frame;
    const char* name;
  } points[] = {{ProbeDirection::kEncrypt, 1500, "encrypt 1500 B"}, {ProbeDirection::kDecrypt, 128, "decrypt 128 B"}};
  for (const auto& point : points) {
    for (bool pipelined : {false, true}) {
      const Row row = run(pipelined, point.direction, point.frame, quick);
      const ProbeResult& r = row.result;
      char peak[16] = "-";
      if (pipelined)
        std::snprintf(peak, sizeof peak, "%llu", static_cast<unsigned long long>(row.counters.peak_waiting_bytes / 1024));
      std::printf("%-16s %-20s %10.1f %9.0f %9.0f %6.3f %12llu %9s  %s\n", point.name,
                  pipelined ? "pipelined (user's)" : "library", r.delivered_gbps, r.latency_p50_ns, r.latency_p99_ns,
                  row.engine_utilization, static_cast<unsigned long long>(row.engine_drops), peak,
                  r.saturated_block.c_str());
      // Real ESP both ways: packets sealed or opened, none failing its ICV.
      const uint64_t processed = r.ipsec.encrypted_packets + r.ipsec.decrypted_packets;
      ok = ok && r.conserved && processed > 0 && r.ipsec.esp_authentication_failures == 0;
    }
  }
  return ok ? 0 : 1;
}

}  // namespace

extern "C" int sc_main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--conformance") == 0) {
    testing::InitGoogleTest(&argc, argv);  // leaves --conformance, takes googletest's flags
    return RUN_ALL_TESTS();
  }
  return compare(argc > 1 && std::strcmp(argv[1], "--quick") == 0);
}
