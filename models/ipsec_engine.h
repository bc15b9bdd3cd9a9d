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
#include <unordered_map>
#include <vector>

#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "crypto/ipsec_statistics.h"
#include "forwarding_table.h"
#include "job.h"
#include "parameters.h"
#include "statistics.h"
#include "timed_block.h"
#include "units.h"

namespace trio6sim::models {

class Trio6;

enum class SaDirection : uint8_t { kInbound, kOutbound };

class IpsecEngine : public TimedBlock {
 public:
  IpsecEngine(const sc_core::sc_module_name& name, Trio6& chip, int slice);
  ~IpsecEngine() override;

  // Installs an SA under the chip-wide id `sa_id`. Throws ConfigError past
  // ipsec.max_tunnels SAs of one direction (a tunnel is an inbound +
  // outbound pair) or for a duplicate inbound SPI.
  void add_sa(uint32_t sa_id, const crypto::SaConfig& config, SaDirection direction);
  bool remove_sa(uint32_t sa_id);
  bool has_sa(uint32_t sa_id) const { return find(sa_id) != nullptr; }
  // The st0 unit whose tunnel uses inbound SA `sa_id` (for st0 input counters).
  void set_sa_tunnel(uint32_t sa_id, IfIndex st0_ifl);
  std::size_t sa_count() const { return outbound_count_ + inbound_count_; }
  std::size_t sa_count(SaDirection d) const { return d == SaDirection::kOutbound ? outbound_count_ : inbound_count_; }
  // Tunnels held: each needs one SA of each direction.
  std::size_t tunnel_count() const { return std::max(outbound_count_, inbound_count_); }

  // Junos `show security ipsec statistics` for this engine: all its SAs plus
  // packets that found no SA.
  // One SA's counters (zero when the SA does not exist on this engine).
  crypto::IpsecStatistics sa_statistics(uint32_t sa_id) const;
  crypto::IpsecStatistics statistics() const;
  const BusyMeter& meter() const { return meter_; }
  double backlog_bytes(uint64_t t) const;

 protected:
  void handle(Job&& job, uint64_t now) override;

 private:
  Expected<void, DropCause> encrypt(Job& job);
  Expected<void, DropCause> decrypt(Job& job);

  Trio6& chip_;
  const IpsecEngineParams& params_;
  int slice_;
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
  std::unordered_map<uint32_t, uint32_t> inbound_by_spi_;  // SPI -> SA id
  crypto::IpsecStatistics engine_stats_;  // no-SA drops
  uint64_t busy_ps_ = 0;
  LastTime service_time_, pipeline_time_;
  BusyMeter meter_;
};

}  // namespace trio6sim::models
