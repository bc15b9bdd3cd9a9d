// IpsecEngine: one per slice, 300 Gbps half-duplex, 1,000 tunnels [I,T]. Time per
// packet = inner bytes / bytes_per_cycle + per-packet overhead cycles, one
// packet at a time in arrival order, plus a pipeline latency. Every packet is
// really sealed (OutboundSa::seal) or opened (InboundSa::open); in timing-only
// mode the same SAs run in crypto::CipherMode::kFramingOnly (every ESP byte
// and check but the cipher), with identical sizes and times.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "crypto/ipsec_statistics.h"
#include "forwarding_table.h"
#include "job.h"
#include "job_socket.h"
#include "parameters.h"
#include "replaceable_blocks.h"
#include "spi_table.h"
#include "statistics.h"
#include "timed_block.h"
#include "units.h"

namespace trio6sim::crypto {
class CipherPool;
}

namespace trio6sim::models {

class ChipServices;

class IpsecEngine : public TimedBlock, public IpsecEngineBlock {
 public:
  sc_core::sc_vector<JobTargetSocket<IpsecEngine>> from_si;  // the slice's SI anchors
  JobInitiatorSocket<IpsecEngine> to_loopback;                // port group 0's IPsec loopback

  IpsecEngine(const sc_core::sc_module_name& name, ChipServices& chip, int slice);
  ~IpsecEngine() override;

  // Installs an SA under the chip-wide id `sa_id`. Throws ConfigError past
  // ipsec.max_tunnels SAs of one direction (a tunnel is an inbound +
  // outbound pair) or for a duplicate inbound SPI.
  void add_sa(uint32_t sa_id, const crypto::SaConfig& config, SaDirection direction) override;
  bool remove_sa(uint32_t sa_id) override;
  bool has_sa(uint32_t sa_id) const { return find(sa_id) != nullptr; }
  // The st0 unit whose tunnel uses inbound SA `sa_id` (for st0 input counters).
  void set_sa_tunnel(uint32_t sa_id, IfIndex st0_ifl) override;
  std::size_t sa_count() const { return outbound_count_ + inbound_count_; }
  std::size_t sa_count(SaDirection d) const override {
    return d == SaDirection::kOutbound ? outbound_count_ : inbound_count_;
  }

  // Junos `show security ipsec statistics` for this engine: all its SAs plus
  // packets that found no SA.
  // One SA's counters (zero when the SA does not exist on this engine).
  crypto::IpsecStatistics sa_statistics(uint32_t sa_id) const override;
  crypto::IpsecStatistics statistics() const override;
  const BusyMeter& meter() const { return meter_; }
  double backlog_bytes(uint64_t t) const override;

  // IpsecEngineBlock: the sockets and meters the slice and chip use.
  // busy() and backlog_bytes() follow the latest completion the hook below
  // returned, so an override of the hook alone keeps them, and with them
  // the input bound, right for one datapath; an engine with several
  // datapaths overrides them too (examples/custom_ipsec_engine.cpp).
  JobTargetPort& si_input(int i) override { return from_si[i]; }
  JobInitiatorPort& loopback_output() override { return to_loopback; }
  double utilization(const Window& w) const override { return meter_.utilization(w); }
  bool busy(uint64_t t) const override { return busy_ps_ > t; }
  void set_lookahead_ps(uint64_t lookahead, uint64_t lead = 0) override { TimedBlock::set_lookahead_ps(lookahead, lead); }

 protected:
  // The engine's duties, whatever the hook: the bounded input (dropped and
  // counted as "crypto queue full"), the SAs, the statistics and the pass.
  void handle(Job&& job, uint64_t now) final;
  // When the cipher is done with a job carrying `inner_bytes` of cleartext
  // that reached the engine at `now` (never earlier than `now`): one
  // datapath of bytes_per_cycle in arrival order, plus
  // per_packet_overhead_cycles. A design study may override it
  // (examples/custom_ipsec_engine.cpp); it then adds its busy intervals to
  // meter_ (utilization).
  virtual uint64_t cipher_done_ps(const Job& job, std::size_t inner_bytes, uint64_t now);

  ChipServices& chip_;
  const IpsecEngineParams& params_;
  const Window& window_;  // the measurement window, for meter_
  BusyMeter meter_;

 private:
  // `defer`: leave the AES-GCM transform to the cipher pool (OutboundSa::seal).
  Expected<void, DropCause> encrypt(Job& job, crypto::DeferredSeal* defer);
  Expected<void, DropCause> decrypt(Job& job);
  // Seals or opens one job and hands it to the loopback (or drops it).
  void process(Job&& job, bool encrypting, uint64_t now);
  // Pre-fragmentation to the tunnel MTU [T]: how many fragments an outbound
  // job becomes (1: it goes whole), and the split itself.
  std::size_t prefragment_count(const Job& job) const;
  void prefragment(Job&& job, std::size_t count, uint64_t now);

  int slice_;
  // The outbound cipher's worker threads (params.cipher_threads > 1, with
  // the cipher): the seal's transform runs there and the packet carries its
  // ticket (Packet::set_pending) to whoever reads the bytes next. Null: synchronous.
  crypto::CipherPool* pool_ = nullptr;
  // An SA id's place: which of the two slot vectors and where. The SAs
  // themselves sit in contiguous vectors (outbound and inbound apart, each
  // kind with its own size), not one heap object each: at a thousand
  // tunnels a packet's SA costs fewer cache misses.
  struct SaRef {
    bool present = false;
    SaDirection direction = SaDirection::kOutbound;
    uint32_t slot = 0;
    IfIndex st0 = 0;  // inbound: the st0 unit whose tunnel uses it
  };
  const SaRef* find(uint32_t sa_id) const {
    return sa_id < sas_.size() && sas_[sa_id].present ? &sas_[sa_id] : nullptr;
  }
  // Indexed by the chip-wide SA id (ids are small and dense): no hashing per packet.
  std::vector<SaRef> sas_;
  std::vector<std::optional<crypto::OutboundSa>> outbound_;
  std::vector<std::optional<crypto::InboundSa>> inbound_;
  std::vector<uint32_t> free_outbound_, free_inbound_;  // slots of removed SAs
  std::size_t outbound_count_ = 0, inbound_count_ = 0;
  SpiTable inbound_by_spi_;  // SPI -> SA id
  crypto::IpsecStatistics engine_stats_;  // no-SA drops
  crypto::IpsecStatistics removed_stats_;  // the counts of SAs since removed (rekeyed, deleted)
  uint64_t busy_ps_ = 0;
  LastTime service_time_, pipeline_time_, prefragment_time_;
  // The split's packets (fragment_jobs.h), kept between splits.
  std::vector<PacketPtr> fragment_packets_;
  std::vector<Packet*> fragment_slots_;
};

}  // namespace trio6sim::models
