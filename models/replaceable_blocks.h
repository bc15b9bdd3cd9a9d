// The blocks an architect may replace with a module of their own, chosen
// when the chip is built (BlockFactory): the IPsec engine, the lookup engine
// and the fabric. Each interface names the sockets the slice or the chip
// binds (job_socket.h) and what the chip asks of the block: programming
// (SAs), counters, and the utilization and queue occupancy every result
// prints. The library's own blocks implement them and are built the same way.
//
// A replacement is an sc_module that also derives from the interface. Its
// sockets must be JobTargetPort / JobInitiatorPort or derive from them (the
// tlm_utils simple and passthrough sockets over JobProtocol do). It gets the
// chip's services (chip_services.h), as the library's blocks do, and
// accounts for every job it takes: hands it on, or drops it with
// ChipServices::drop. What else it must and must not do: docs/library.md,
// "A replacement block"; block_conformance.h (an IPsec engine) and
// block_conformance_fabric_lookup.h (a fabric, a lookup engine) check a
// block for it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "crypto/ipsec_statistics.h"
#include "crypto/security_association.h"
#include "fabric_queue.h"
#include "forwarding_table.h"
#include "job_socket.h"
#include "statistics.h"

namespace trio6sim::models {

class ChipServices;

// A block's own promise about its inputs (timed_block.h); a replacement
// that does not batch ahead may ignore it.
class LookaheadAware {
 public:
  virtual ~LookaheadAware() = default;
  virtual void set_lookahead_ps(uint64_t lookahead, uint64_t lead = 0) = 0;
};

// One per slice: SI anchors -> engine -> PG0's IPsec loopback. The chip
// counts the units around it: the si unit a job enters by (the SI anchor)
// and, as a job leaves it, the outside si unit an ESP packet re-enters on
// and the st0 unit a decrypted packet arrives on (PG0's IPsec loopback, from
// job.chip.si_return_ifl and job.chip.tunnel).
class IpsecEngineBlock : public virtual LookaheadAware {
 public:
  virtual JobTargetPort& si_input(int i) = 0;  // i: the slice's SI anchor, 0..kSiPerSlice-1
  virtual JobInitiatorPort& loopback_output() = 0;
  // SAs under a chip-wide id; ConfigError past the engine's limit.
  virtual void add_sa(uint32_t sa_id, const crypto::SaConfig& config, SaDirection direction) = 0;
  virtual bool remove_sa(uint32_t sa_id) = 0;
  // SAs held of one direction (the chip checks its own limit with them).
  virtual std::size_t sa_count(SaDirection direction) const = 0;
  // Tunnels held: each needs one SA of each direction.
  std::size_t tunnel_count() const {
    return std::max(sa_count(SaDirection::kOutbound), sa_count(SaDirection::kInbound));
  }
  // The st0 unit whose tunnel uses inbound SA `sa_id`: a packet it decrypts
  // leaves with job.chip.tunnel set to it (the chip counts the unit's input).
  virtual void set_sa_tunnel(uint32_t sa_id, IfIndex st0_ifl) = 0;
  virtual crypto::IpsecStatistics sa_statistics(uint32_t sa_id) const = 0;
  virtual crypto::IpsecStatistics statistics() const = 0;
  virtual double utilization(const Window& w) const = 0;
  virtual double backlog_bytes(uint64_t t) const = 0;  // waiting at its input at `t`
  virtual bool busy(uint64_t t) const = 0;             // working on a packet at `t`
};

// One per slice: frames from the port groups, packets back from the IPsec
// loopback and packets from the routing engine (host path) in, results (in
// per-flow order) to the MQSS. A job on the host input counts itself with
// ChipServices::from_host and runs Pass::kFromHost; a frame from a port
// counts its interface's input with ChipServices::count_port_input when the
// lookup takes it.
class LookupEngineBlock : public virtual LookaheadAware {
 public:
  virtual JobTargetPort& wan_input(int port_group) = 0;
  virtual JobTargetPort& recirculation_input() = 0;
  virtual OptionalJobTargetPort& host_input() = 0;  // bound on the PFE the host path enters
  virtual JobInitiatorPort& result_output() = 0;
  virtual double thread_utilization(const Window& w) const = 0;
  virtual double dispatch_utilization(const Window& w) const = 0;
  virtual std::size_t waiting_packets() const = 0;  // waiting for a thread now
  virtual bool busy(uint64_t t) const = 0;          // a thread runs a program at `t`
};

// One per chip: the only path between the slices.
class FabricBlock : public virtual LookaheadAware {
 public:
  virtual JobTargetPort& pfe_input(int pfe) = 0;    // jobs leaving PFE `pfe`
  virtual JobInitiatorPort& pfe_output(int pfe) = 0;  // jobs arriving at PFE `pfe`
  virtual FabricCounters counters(int destination_pfe) const = 0;
  virtual double utilization(int destination_pfe, const Window& w) const = 0;
  virtual double backlog_bytes(int destination_pfe, uint64_t t) const = 0;
  virtual bool busy(int destination_pfe, uint64_t t) const = 0;
};

// How a chip builds its replaceable blocks. An empty function builds the
// library's own block. Called during the chip's construction, so the block
// becomes a child module of the slice (or chip) it belongs to.
struct BlockFactory {
  using IpsecEngineMaker =
      std::function<std::unique_ptr<IpsecEngineBlock>(const char* name, ChipServices& chip, int slice)>;
  using LookupEngineMaker =
      std::function<std::unique_ptr<LookupEngineBlock>(const char* name, ChipServices& chip, int slice)>;
  using FabricMaker = std::function<std::unique_ptr<FabricBlock>(const char* name, ChipServices& chip)>;
  IpsecEngineMaker ipsec_engine;
  LookupEngineMaker lookup_engine;
  FabricMaker fabric;
};

// The library's own blocks, as an empty entry builds them: for a block that
// wraps one (block_conformance.h's observers do) or a factory that replaces
// a block on one slice only.
std::unique_ptr<IpsecEngineBlock> library_ipsec_engine(const char* name, ChipServices& chip, int slice);
std::unique_ptr<LookupEngineBlock> library_lookup_engine(const char* name, ChipServices& chip, int slice);
std::unique_ptr<FabricBlock> library_fabric(const char* name, ChipServices& chip);

}  // namespace trio6sim::models
