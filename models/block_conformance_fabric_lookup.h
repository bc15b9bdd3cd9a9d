// Conformance suites for a fabric and a lookup engine that replace the
// library's (replaceable_blocks.h), as block_conformance.h's is for an IPsec
// engine: googletest fixtures a user runs against their own block, on a chip
// with the block in it, inside an observer with the same sockets that counts
// what the block takes and hands on. Header-only; the user links GTest.
//
//   #include <gtest/gtest.h>
//   #include "models/block_conformance_fabric_lookup.h"
//   namespace conformance = trio6sim::models::conformance;
//   INSTANTIATE_TEST_SUITE_P(MyFabric, conformance::FabricConformance,
//                            testing::Values(conformance::FabricUnderTest{"mine", make_my_fabric}));
//   INSTANTIATE_TEST_SUITE_P(MyLookup, conformance::LookupEngineConformance,
//                            testing::Values(conformance::LookupUnderTest{"mine", make_my_lookup}));
//
// Each check is also a function returning testing::AssertionResult, so a
// test can show that a broken block fails it.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "block_conformance_support.h"
#include "chip_services.h"
#include "fabric_queue.h"
#include "packet/ip_address.h"
#include "packet/ipv4.h"
#include "probe.h"
#include "replaceable_blocks.h"
#include "simulation.h"
#include "trio6.h"
#include "units.h"

namespace trio6sim::models::conformance {

// ---------------------------------------------------------------- The fabric

using FabricUnderTest = BlockUnderTest<BlockFactory::FabricMaker>;

// What one probe saw of the fabric, by PFE.
struct FabricRun {
  ProbeResult result;
  std::array<uint64_t, kSlices> taken{};            // jobs the fabric took from PFE s
  std::array<uint64_t, kSlices> handed_on{};        // jobs it handed to PFE d
  std::array<uint64_t, kSlices> handed_on_cells{};  // ... as cells of the chip's format (fabric.cell_bytes)
  uint64_t misdirected = 0;                         // handed to a PFE other than the job's target_slice
  uint64_t early = 0;                               // handed on before now + fabric.latency_ns
  std::array<DropCounters, kSlices> drops;          // counted at DropPlace::fabric(d)
  std::array<FabricCounters, kSlices> counters{};   // the block's counters(d) after the drain
  uint64_t unplaced_drops = 0;                      // counted at DropPlace::unnamed()
};

// The block under test inside a shell with the same sockets, which counts
// the jobs crossing them and checks where and when each one leaves.
class ObservedFabric : public sc_core::sc_module, public FabricBlock {
 public:
  ObservedFabric(const sc_core::sc_module_name& name, const BlockFactory::FabricMaker& make, ChipServices& chip,
                 FabricRun& run)
      : sc_core::sc_module(name),
        in_("in", kSlices),
        to_block_("to_block", kSlices),
        from_block_("from_block", kSlices),
        out_("out", kSlices),
        block_(make ? make("block", chip) : library_fabric("block", chip)),
        run_(run),
        cell_format_(chip.params().fabric),
        min_delay_ps_(uint64_t{chip.params().fabric.latency_ns} * kPsPerNs) {
    for (int s = 0; s < kSlices; ++s) {
      in_[s].register_take<&ObservedFabric::take>(this, s);
      to_block_[s].bind(block_->pfe_input(s));
      from_block_[s].register_take<&ObservedFabric::hand_on>(this, s);
      block_->pfe_output(s).bind(from_block_[s]);
    }
  }

  JobTargetPort& pfe_input(int pfe) override { return in_[pfe]; }
  JobInitiatorPort& pfe_output(int pfe) override { return out_[pfe]; }
  FabricCounters counters(int d) const override { return block_->counters(d); }
  double utilization(int d, const Window& w) const override { return block_->utilization(d, w); }
  double backlog_bytes(int d, uint64_t t) const override { return block_->backlog_bytes(d, t); }
  bool busy(int d, uint64_t t) const override { return block_->busy(d, t); }
  void set_lookahead_ps(uint64_t lookahead, uint64_t lead = 0) override { block_->set_lookahead_ps(lookahead, lead); }

 private:
  void take(int from, Job&& job, uint64_t at_ps) {
    ++run_.taken[from];
    send(to_block_[from], std::move(job), at_ps);
  }
  void hand_on(int to, Job&& job, uint64_t at_ps) {
    if (at_ps < now_ps() + min_delay_ps_) ++run_.early;
    if (to != target_slice(job)) ++run_.misdirected;
    ++run_.handed_on[to];
    run_.handed_on_cells[to] += cell_format_.cells_for(job.packet->size() + kEthernetHeaderBytes);
    send(out_[to], std::move(job), at_ps);
  }

  sc_core::sc_vector<JobTargetSocket<ObservedFabric>> in_;
  sc_core::sc_vector<JobInitiatorSocket<ObservedFabric>> to_block_;
  sc_core::sc_vector<JobTargetSocket<ObservedFabric>> from_block_;
  sc_core::sc_vector<JobInitiatorSocket<ObservedFabric>> out_;
  std::unique_ptr<FabricBlock> block_;
  FabricRun& run_;
  FabricQueue cell_format_;  // only its cells_for()
  uint64_t min_delay_ps_;
};

// A fabric of a quarter of the library's bandwidth per destination
// (100 Gbps) and a quarter of its queue (1 MiB): what the overload checks
// give the block under test, which reads the chip's fabric parameters as
// the library's does.
inline FabricParams narrow_fabric() {
  FabricParams p;
  p.gbps_per_destination = 100;
  p.queue_depth_bytes = 1024 * 1024;
  return p;
}

// One probe across the fabric: 1,500 B frames, timing only, entering the
// PFE other than `anchor_slice` and anchored (SI, engine, egress port) on
// it, so each packet crosses the fabric once, toward `anchor_slice`.
inline FabricRun run_fabric(const FabricUnderTest& fabric, int anchor_slice, ProbeDirection direction, double gbps,
                            const FabricParams& params = {}, uint64_t duration_us = 60) {
  FabricRun run;
  ProbeConfig c;
  c.frame_bytes = {1500};
  c.offered_gbps = gbps;
  c.direction = direction;
  c.anchor_slice = anchor_slice;
  c.timing_only = true;
  c.duration_ps = duration_us * kPsPerUs;
  c.params.fabric = params;
  c.blocks.fabric = [&](const char* name, ChipServices& chip) -> std::unique_ptr<FabricBlock> {
    return std::make_unique<ObservedFabric>(name, fabric.make, chip, run);
  };
  c.inspect = [&](const Trio6& chip) {
    for (int d = 0; d < kSlices; ++d) {
      run.drops[d] = drops_at(chip, DropPlace::fabric(d));
      run.counters[d] = chip.fabric().counters(d);
    }
    run.unplaced_drops = drops_at(chip, DropPlace::unnamed()).total();
  };
  run.result = run_probe(c);
  return run;
}

// Overloaded (250 Gbps of encrypt traffic into a 100 Gbps fabric; the
// IPsec engine and loopback behind it carry that), the fabric bounds what
// waits to cross: the backlog stops growing (the probe's steady state) and
// every packet dropped is dropped at the fabric as "fabric queue full". A
// fabric that ignores fabric.gbps_per_destination need not drop. As for the
// IPsec engine, a window that ends growing is tried again four times as long,
// up to 960 us: an unbounded queue grows in every window.
inline testing::AssertionResult fabric_bounded_input(const FabricUnderTest& fabric) {
  const FabricRun run = run_until_steady({60, 240, 960}, [&](uint64_t us) {
    return run_fabric(fabric, 1, ProbeDirection::kEncrypt, 250, narrow_fabric(), us);
  });
  const ProbeResult& r = run.result;
  if (!r.steady) return unbounded(r, 960, "the fabric's input");
  const uint64_t queue_full = run.drops[1][DropCause::kFabricQueueFull];
  if (r.dropped_packets != queue_full)
    return testing::AssertionFailure() << r.dropped_packets << " packets dropped under overload, " << queue_full
                                       << " of them at the fabric as fabric queue full (the limiting place: "
                                       << r.drop_place << ")";
  return testing::AssertionSuccess();
}

// Every job the fabric takes it hands on, to the PFE of the job's next block
// (target_slice), or drops at its own place, DropPlace::fabric(destination),
// in both directions and overloaded (so that it drops); the chip stays
// conserved and no drop goes unplaced.
inline testing::AssertionResult fabric_conserves(const FabricUnderTest& fabric) {
  for (int anchor : {1, 0}) {
    const FabricRun run = run_fabric(fabric, anchor, ProbeDirection::kBoth, 400, narrow_fabric());
    uint64_t taken = 0, handed_on = 0, dropped = 0;
    for (int s = 0; s < kSlices; ++s) {
      taken += run.taken[s];
      handed_on += run.handed_on[s];
      dropped += run.drops[s].total();
    }
    if (taken == 0) return testing::AssertionFailure() << "nothing crossed the fabric toward PFE " << anchor;
    if (taken != handed_on + dropped)
      return testing::AssertionFailure() << "toward PFE " << anchor << " the fabric took " << taken
                                         << " jobs but handed on " << handed_on << " and dropped " << dropped
                                         << " at its places";
    if (run.misdirected != 0)
      return testing::AssertionFailure() << run.misdirected << " jobs handed to a PFE other than their next block's";
    if (const testing::AssertionResult chip = chip_conserved(run.result, run.unplaced_drops); !chip) return chip;
  }
  return testing::AssertionSuccess();
}

// The fabric's counters(d), which every result prints, count what it handed
// on to PFE d: its packets, and their cells in the chip's format (the L2
// frame in cells of fabric.cell_bytes less fabric.cell_header_bytes).
inline testing::AssertionResult fabric_keeps_counters(const FabricUnderTest& fabric) {
  for (int anchor : {1, 0}) {
    const FabricRun run = run_fabric(fabric, anchor, ProbeDirection::kBoth, 400, narrow_fabric());
    for (int d = 0; d < kSlices; ++d) {
      if (run.counters[d].packets != run.handed_on[d])
        return testing::AssertionFailure() << "counters(" << d << ") counts " << run.counters[d].packets
                                           << " packets, the fabric handed " << run.handed_on[d] << " to PFE " << d;
      if (run.counters[d].cells != run.handed_on_cells[d])
        return testing::AssertionFailure() << "counters(" << d << ") counts " << run.counters[d].cells
                                           << " cells, the packets handed to PFE " << d << " make "
                                           << run.handed_on_cells[d];
    }
  }
  return testing::AssertionSuccess();
}

// The lookahead rule: no job reaches a PFE earlier than the simulation's
// time plus fabric.latency_ns, which the blocks it feeds (port groups, SI
// anchors, lookup engines) count on (models/trio6.cpp).
inline testing::AssertionResult fabric_keeps_lookahead(const FabricUnderTest& fabric) {
  for (int anchor : {1, 0}) {
    const FabricRun run = run_fabric(fabric, anchor, ProbeDirection::kBoth, 400);
    if (run.early != 0)
      return testing::AssertionFailure() << run.early << " jobs handed to PFE " << anchor
                                         << " earlier than fabric.latency_ns";
  }
  return testing::AssertionSuccess();
}

class FabricConformance : public testing::TestWithParam<FabricUnderTest> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FabricConformance);

TEST_P(FabricConformance, BoundsItsQueueAndDropsTheExcessAtItsPlace) { EXPECT_TRUE(fabric_bounded_input(GetParam())); }
TEST_P(FabricConformance, HandsOnOrDropsEveryJob) { EXPECT_TRUE(fabric_conserves(GetParam())); }
TEST_P(FabricConformance, CountersMatchWhatCrossed) { EXPECT_TRUE(fabric_keeps_counters(GetParam())); }
TEST_P(FabricConformance, StampsNoJobInsideTheLookahead) { EXPECT_TRUE(fabric_keeps_lookahead(GetParam())); }

// ------------------------------------------------------- The lookup engine

using LookupUnderTest = BlockUnderTest<BlockFactory::LookupEngineMaker>;

// One job through the lookup, for the order check: the flow it belongs to
// (the packet's flow hash and the input and pass it came in by), when it
// arrived, its place among jobs arriving then (timed_block.h's tie_key) and
// when its result left (UINT64_MAX: dropped).
struct LookupPassage {
  uint64_t flow;
  uint64_t arrival_ps;
  uint64_t tie;
  uint64_t exit_ps = UINT64_MAX;
};

// What one run saw of PFE 0's lookup engine.
struct LookupRun {
  ProbeResult result;
  uint64_t taken_wan = 0, taken_recirculated = 0, taken_host = 0;
  uint64_t handed_on = 0;
  uint64_t early = 0;           // handed on before now + the shortest program (lookup.*_cycles)
  DropCounters drops;           // counted at DropPlace::lookup(0) and DropPlace::lookup_queue(0)
  uint64_t unplaced_drops = 0;  // counted at DropPlace::unnamed()
  std::size_t peak_waiting = 0;  // the block's waiting_packets() as each job arrived, highest
  uint64_t port_input = 0;       // input packets of et-0/0/12, PFE 0's ingress port
  uint64_t from_host = 0;        // the chip's count of packets from the host
  std::vector<LookupPassage> passages;
  uint64_t taken() const { return taken_wan + taken_recirculated + taken_host; }
};

class ObservedLookup : public sc_core::sc_module, public LookupEngineBlock {
 public:
  ObservedLookup(const sc_core::sc_module_name& name, const BlockFactory::LookupEngineMaker& make, ChipServices& chip,
                 int slice, LookupRun& run)
      : sc_core::sc_module(name),
        wan_in_("wan_in", 2),
        recirculated_in_("recirculated_in"),
        host_in_("host_in"),
        to_block_wan_("to_block_wan", 2),
        to_block_recirculated_("to_block_recirculated"),
        to_block_host_("to_block_host"),
        from_block_("from_block"),
        out_("out"),
        block_(make ? make("block", chip, slice) : library_lookup_engine("block", chip, slice)),
        run_(run),
        min_delay_ps_(ps_from_cycles(chip.params().lookup.shortest_program_cycles(), chip.params().lookup.clock_ghz)) {
    for (int pg = 0; pg < 2; ++pg) {
      wan_in_[pg].register_take<&ObservedLookup::take_wan>(this, pg);
      to_block_wan_[pg].bind(block_->wan_input(pg));
    }
    recirculated_in_.register_take<&ObservedLookup::take_recirculated>(this);
    to_block_recirculated_.bind(block_->recirculation_input());
    host_in_.register_take<&ObservedLookup::take_host>(this);
    to_block_host_.bind(block_->host_input());
    from_block_.register_take<&ObservedLookup::hand_on>(this);
    block_->result_output().bind(from_block_);
  }

  JobTargetPort& wan_input(int pg) override { return wan_in_[pg]; }
  JobTargetPort& recirculation_input() override { return recirculated_in_; }
  OptionalJobTargetPort& host_input() override { return host_in_; }
  JobInitiatorPort& result_output() override { return out_; }
  double thread_utilization(const Window& w) const override { return block_->thread_utilization(w); }
  double dispatch_utilization(const Window& w) const override { return block_->dispatch_utilization(w); }
  std::size_t waiting_packets() const override { return block_->waiting_packets(); }
  bool busy(uint64_t t) const override { return block_->busy(t); }
  void set_lookahead_ps(uint64_t lookahead, uint64_t lead = 0) override { block_->set_lookahead_ps(lookahead, lead); }

 private:
  enum Input : uint64_t { kWanInput, kRecirculationInput, kHostInput };
  // Notes the job (by its packet, which the block moves and never copies)
  // before the block takes it.
  void arrive(const Job& job, Input input, uint64_t at_ps) {
    run_.peak_waiting = std::max(run_.peak_waiting, block_->waiting_packets());
    const uint64_t flow =
        (uint64_t{job.packet->meta.flow_hash} << 16) | (input << 8) | static_cast<uint64_t>(job.chip.pass);
    open_.insert_or_assign(job.packet.get(), run_.passages.size());
    run_.passages.push_back({flow, std::max(at_ps, now_ps()), tie_key(job)});
  }
  void take_wan(int pg, Job&& job, uint64_t at_ps) {
    ++run_.taken_wan;
    arrive(job, kWanInput, at_ps);
    send(to_block_wan_[pg], std::move(job), at_ps);
  }
  void take_recirculated(Job&& job, uint64_t at_ps) {
    ++run_.taken_recirculated;
    arrive(job, kRecirculationInput, at_ps);
    send(to_block_recirculated_, std::move(job), at_ps);
  }
  void take_host(Job&& job, uint64_t at_ps) {
    ++run_.taken_host;
    arrive(job, kHostInput, at_ps);
    send(to_block_host_, std::move(job), at_ps);
  }
  void hand_on(Job&& job, uint64_t at_ps) {
    ++run_.handed_on;
    if (at_ps < now_ps() + min_delay_ps_) ++run_.early;
    if (const auto it = open_.find(job.packet.get()); it != open_.end()) {
      run_.passages[it->second].exit_ps = at_ps;
      open_.erase(it);
    }
    send(out_, std::move(job), at_ps);
  }

  sc_core::sc_vector<JobTargetSocket<ObservedLookup>> wan_in_;
  JobTargetSocket<ObservedLookup> recirculated_in_;
  OptionalJobTargetSocket<ObservedLookup> host_in_;
  sc_core::sc_vector<JobInitiatorSocket<ObservedLookup>> to_block_wan_;
  JobInitiatorSocket<ObservedLookup> to_block_recirculated_;
  OptionalJobInitiatorSocket<ObservedLookup> to_block_host_;
  JobTargetSocket<ObservedLookup> from_block_;
  JobInitiatorSocket<ObservedLookup> out_;
  std::unique_ptr<LookupEngineBlock> block_;
  LookupRun& run_;
  uint64_t min_delay_ps_;
  std::unordered_map<const Packet*, std::size_t> open_;  // packets inside the block: their passage
};

// The factory entry that puts PFE 0's lookup inside the observer (PFE 1's
// is the block under test, unobserved).
inline BlockFactory::LookupEngineMaker observed_lookup(const LookupUnderTest& lookup, LookupRun& run) {
  return [&lookup, &run](const char* name, ChipServices& chip, int slice) -> std::unique_ptr<LookupEngineBlock> {
    if (slice == 0) return std::make_unique<ObservedLookup>(name, lookup.make, chip, slice, run);
    return lookup.make ? lookup.make(name, chip, slice) : library_lookup_engine(name, chip, slice);
  };
}

inline void read_lookup_counts(const Trio6& chip, LookupRun& run) {
  run.drops = drops_at(chip, DropPlace::lookup(0));
  run.drops += drops_at(chip, DropPlace::lookup_queue(0));
  run.unplaced_drops = drops_at(chip, DropPlace::unnamed()).total();
  if (const auto port = chip.find_interface("et-0/0/12")) run.port_input = chip.counters(*port).input_packets;
  run.from_host = chip.traffic().from_host_packets;
}

// One probe into PFE 0's lookup (the only one used), timing only.
inline LookupRun run_lookup(const LookupUnderTest& lookup, const ProbeConfig& config) {
  LookupRun run;
  ProbeConfig c = config;
  c.timing_only = true;
  c.blocks.lookup_engine = observed_lookup(lookup, run);
  c.inspect = [&](const Trio6& chip) { read_lookup_counts(chip, run); };
  run.result = run_probe(c);
  return run;
}

// IPsec both ways at 400 Gbps of 1,500 B: WAN frames and, after the engine,
// recirculated packets.
inline ProbeConfig lookup_ipsec_probe() {
  ProbeConfig c;
  c.frame_bytes = {1500};
  c.direction = ProbeDirection::kBoth;
  c.tunnels = 4;
  c.duration_ps = 60 * kPsPerUs;
  return c;
}

// Clear 64 B frames at 100 Gbps (149 Mpps) into a lookup of 5 PPEs
// (80 Mpps at the library's IPv4 program), so that almost half the frames
// are excess that must queue or drop. Not more: the generator runs up to
// 2 us ahead, and the probe's backlog at the middle of the window counts
// those frames while the one at its end (traffic stopped) does not, so the
// steady check sees a queue's growth less 2 us of the offered packets; at
// this rate that is 300 packets, and the excess (69 Mpps) grows an unbounded
// queue by 1,100 packets in a 40 us window's second half.
inline ProbeConfig lookup_overload_probe(uint64_t duration_us) {
  ProbeConfig c;
  c.frame_bytes = {64};
  c.offered_gbps = 100;
  c.direction = ProbeDirection::kClear;
  c.duration_ps = duration_us * kPsPerUs;
  c.params.lookup.ppes = 5;
  return c;
}

// A packet from the routing engine and a frame from a port, one of each
// every 10 ns, on a chip built by hand (the probe has no host traffic): to
// 10.2.0.0/16 out of et-0/0/13, entering on et-0/0/12 (PFE 0).
inline LookupRun run_lookup_host_path(const LookupUnderTest& lookup, int packets = 64) {
  LookupRun run;
  fresh_simulation_context();
  {
    BlockFactory factory;
    factory.lookup_engine = observed_lookup(lookup, run);
    Trio6 chip("trio6", Trio6Params{}, factory);
    chip.add_physical_interface("et-0/0/12", 12);
    const IfIndex out = chip.add_physical_interface("et-0/0/13", 13);
    chip.add_route(*IpAddress::parse("10.2.0.0"), 16, NextHop::interface(out));
    auto packet = [&](uint8_t host) {
      PacketPtr p = chip.pool().acquire();
      Ipv4Fields f;
      f.total_length = 100;
      f.protocol = 253;
      f.src = {192, 0, 2, 1};
      f.dst = {10, 2, 0, host};
      uint8_t* bytes = p->push_back(f.total_length);
      std::fill(bytes, bytes + f.total_length, uint8_t{0});
      write_ipv4_header(bytes, f);
      return p;
    };
    for (int i = 0; i < packets; ++i) {
      chip.send_from_host(packet(static_cast<uint8_t>(i)), i * 10 * kPsPerNs);
      chip.inject(packet(static_cast<uint8_t>(i)), 12, i * 10 * kPsPerNs + 5 * kPsPerNs);
    }
    run_until_drained(chip);
    read_lookup_counts(chip, run);
    const TrafficStatistics& t = chip.traffic();
    run.result.offered_packets = t.offered_packets;
    run.result.delivered_packets = t.delivered_packets;
    run.result.dropped_packets = t.drops.total();
    run.result.conserved = chip.packets_in_flight() == 0 && t.offered_packets + t.from_host_packets +
                                                                t.packets_added_by_fragmentation() ==
                                                                t.delivered_packets + t.delivered_to_host_packets +
                                                                    t.drops.total();
  }
  return run;
}

// Overloaded, the lookup bounds its dispatch queue: the backlog stops
// growing and the excess is dropped at the lookup as "lookup queue full". A
// lookup faster than 149 Mpps need not drop. A window that ends growing is
// tried again four times as long, 160 us: a bounded queue of up to about
// 6,000 packets fills before that window's middle. (Not longer, as the other
// suites try: an unbounded queue of small frames in a longer window holds
// more packets than a test should allocate.)
inline testing::AssertionResult lookup_bounded_queue(const LookupUnderTest& lookup) {
  const LookupRun run =
      run_until_steady({40, 160}, [&](uint64_t us) { return run_lookup(lookup, lookup_overload_probe(us)); });
  const ProbeResult& r = run.result;
  if (!r.steady)
    return unbounded(r, 160,
                     "the dispatch queue (" + std::to_string(run.peak_waiting) + " waiting for a thread at the most)");
  if (r.dropped_packets > 0 && run.drops[DropCause::kLookupQueueFull] == 0)
    return testing::AssertionFailure() << r.dropped_packets << " packets dropped under overload, none at the lookup "
                                       << "as lookup queue full (the limiting place: " << r.drop_place << ")";
  return testing::AssertionSuccess();
}

// Every job the lookup takes, from any input, it hands on as a result or
// drops at its own places (DropPlace::lookup and lookup_queue), with IPsec
// (two passes), overloaded and from the host; the chip stays conserved.
inline testing::AssertionResult lookup_conserves(const LookupUnderTest& lookup) {
  const std::array<std::pair<const char*, LookupRun>, 3> runs{{
      {"ipsec", run_lookup(lookup, lookup_ipsec_probe())},
      {"overload", run_lookup(lookup, lookup_overload_probe(40))},
      {"host path", run_lookup_host_path(lookup)},
  }};
  for (const auto& [name, run] : runs) {
    if (run.taken() != run.handed_on + run.drops.total())
      return testing::AssertionFailure() << name << ": the lookup took " << run.taken() << " jobs but handed on "
                                         << run.handed_on << " and dropped " << run.drops.total() << " at its places";
    if (const testing::AssertionResult chip = chip_conserved(run.result, run.unplaced_drops); !chip)
      return testing::AssertionFailure() << name << ": " << chip.message();
  }
  if (runs[0].second.taken_recirculated == 0) return testing::AssertionFailure() << "nothing was recirculated";
  return testing::AssertionSuccess();
}

// The counters the lookup keeps for the chip: each frame from a port counts
// its interface's input (ChipServices::count_port_input), dropped or not,
// and each job from the host counts as from the host (ChipServices::from_host).
inline testing::AssertionResult lookup_keeps_counters(const LookupUnderTest& lookup) {
  const LookupRun overload = run_lookup(lookup, lookup_overload_probe(40));
  if (overload.port_input != overload.taken_wan)
    return testing::AssertionFailure() << "et-0/0/12 counted " << overload.port_input << " input packets, the lookup "
                                       << "took " << overload.taken_wan << " frames from its port groups";
  const LookupRun host = run_lookup_host_path(lookup);
  if (host.taken_host == 0) return testing::AssertionFailure() << "nothing came from the host";
  if (host.from_host != host.taken_host)
    return testing::AssertionFailure() << "the chip counted " << host.from_host << " packets from the host, the lookup "
                                       << "took " << host.taken_host;
  if (host.port_input != host.taken_wan)
    return testing::AssertionFailure() << "et-0/0/12 counted " << host.port_input << " input packets, the lookup "
                                       << "took " << host.taken_wan << " frames from its port groups";
  return testing::AssertionSuccess();
}

// Per-flow order: of the jobs of one flow that came in by one input and
// pass, none leaves stamped earlier than one that arrived before it (the
// reorder block's promise; the MQSS takes results in stamp order).
inline testing::AssertionResult lookup_keeps_flow_order(const LookupUnderTest& lookup) {
  for (LookupRun run : {run_lookup(lookup, lookup_ipsec_probe()), run_lookup(lookup, lookup_overload_probe(40))}) {
    std::vector<LookupPassage>& p = run.passages;
    std::sort(p.begin(), p.end(), [](const LookupPassage& a, const LookupPassage& b) {
      return std::tie(a.flow, a.arrival_ps, a.tie) < std::tie(b.flow, b.arrival_ps, b.tie);
    });
    uint64_t overtaken = 0, latest = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (i == 0 || p[i].flow != p[i - 1].flow) latest = 0;
      if (p[i].exit_ps == UINT64_MAX) continue;  // dropped
      if (p[i].exit_ps < latest) ++overtaken;
      latest = std::max(latest, p[i].exit_ps);
    }
    if (overtaken != 0)
      return testing::AssertionFailure() << overtaken << " of " << run.handed_on
                                         << " results left before an earlier packet of their flow";
  }
  return testing::AssertionSuccess();
}

// The lookahead rule: no result is stamped earlier than the simulation's
// time plus the shortest program (lookup.*_cycles at lookup.clock_ghz),
// which the lookaheads of the fabric, the SI anchors and the port groups
// count on (models/trio6.cpp).
inline testing::AssertionResult lookup_keeps_lookahead(const LookupUnderTest& lookup) {
  const LookupRun run = run_lookup(lookup, lookup_ipsec_probe());
  if (run.early != 0)
    return testing::AssertionFailure() << run.early << " results stamped earlier than the shortest program";
  return testing::AssertionSuccess();
}

class LookupEngineConformance : public testing::TestWithParam<LookupUnderTest> {};
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(LookupEngineConformance);

TEST_P(LookupEngineConformance, BoundsItsDispatchQueueAndDropsTheExcessAtItsPlace) {
  EXPECT_TRUE(lookup_bounded_queue(GetParam()));
}
TEST_P(LookupEngineConformance, HandsOnOrDropsEveryJob) { EXPECT_TRUE(lookup_conserves(GetParam())); }
TEST_P(LookupEngineConformance, CountsPortInputAndHostJobs) { EXPECT_TRUE(lookup_keeps_counters(GetParam())); }
TEST_P(LookupEngineConformance, KeepsPerFlowOrder) { EXPECT_TRUE(lookup_keeps_flow_order(GetParam())); }
TEST_P(LookupEngineConformance, StampsNoResultInsideTheLookahead) { EXPECT_TRUE(lookup_keeps_lookahead(GetParam())); }

}  // namespace trio6sim::models::conformance
