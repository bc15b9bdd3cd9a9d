#include "ipsec_engine.h"

#include <algorithm>
#include <fmt/core.h>

#include "chip_services.h"
#include "config_error.h"
#include "crypto/cipher_pool.h"
#include "fragment_jobs.h"
#include "packet/ip_protocol.h"
#include "units.h"

namespace trio6sim::models {

IpsecEngine::IpsecEngine(const sc_core::sc_module_name& name, ChipServices& chip, int slice)
    : TimedBlock(name),
      from_si("from_si", kSiPerSlice),
      to_loopback("to_loopback"),
      chip_(chip),
      params_(chip.params().ipsec),
      window_(chip.window()),
      slice_(slice) {
  for (auto& in : from_si) in.register_take<&IpsecEngine::accept>(this);
  const unsigned threads =
      params_.cipher_threads == 0 ? crypto::CipherPool::default_threads() : params_.cipher_threads;
  if (threads > 1 && !params_.timing_only) pool_ = &crypto::CipherPool::for_this_thread(threads);
}

// No worker may still use the contexts of the SAs about to be freed.
IpsecEngine::~IpsecEngine() {
  if (pool_) pool_->drain();
}

namespace {
// The slot for a new SA: a removed one's, else a new one at the end.
template <class T>
uint32_t take_slot(std::vector<std::optional<T>>& slots, std::vector<uint32_t>& free) {
  if (!free.empty()) {
    const uint32_t slot = free.back();
    free.pop_back();
    return slot;
  }
  slots.emplace_back();
  return static_cast<uint32_t>(slots.size() - 1);
}
}  // namespace

void IpsecEngine::add_sa(uint32_t sa_id, const crypto::SaConfig& config, SaDirection direction) {
  // A tunnel is an inbound + outbound SA pair: the engine holds up to
  // max_tunnels SAs of each direction (an id given again replaces its SA).
  const std::size_t same_direction = sa_count(direction);
  const SaRef* replaced = find(sa_id);
  if (same_direction >= params_.max_tunnels && !(replaced && replaced->direction == direction))
    throw ConfigError(fmt::format("the IPsec engine of PFE {} already holds {} {} SAs, one per tunnel: its limit "
                                  "of {} tunnels (ipsec.max_tunnels)",
                                  slice_, same_direction, direction == SaDirection::kOutbound ? "outbound" : "inbound",
                                  params_.max_tunnels));
  if (auto problem = crypto::validate(config)) throw ConfigError(fmt::format("SA 0x{:08x}: {}", config.spi, *problem));
  // A new slot may move the SAs (and the contexts a queued transform points to).
  if (pool_) pool_->drain();
  if (direction == SaDirection::kInbound && inbound_by_spi_.contains(config.spi))
    throw ConfigError(fmt::format("PFE {} already has an inbound SA with SPI 0x{:08x}", slice_, config.spi));
  if (sas_.size() <= sa_id) sas_.resize(sa_id + 1);
  if (sas_[sa_id].present) remove_sa(sa_id);  // an id given again replaces its SA
  // One of the two, in AES-GCM mode or (timing-only) framing only: the same
  // ESP code either way, so sizes, sequence numbers, checks and counters match.
  const auto mode = params_.timing_only ? crypto::CipherMode::kFramingOnly : crypto::CipherMode::kAesGcm;
  SaRef ref;
  ref.present = true;
  ref.direction = direction;
  if (direction == SaDirection::kOutbound) {
    ref.slot = take_slot(outbound_, free_outbound_);
    outbound_[ref.slot].emplace(config, mode);
    if (pool_) outbound_[ref.slot]->ensure_lanes(pool_->threads());
  } else {
    ref.slot = take_slot(inbound_, free_inbound_);
    inbound_[ref.slot].emplace(config, mode);
    inbound_by_spi_.insert(config.spi, sa_id);
  }
  sas_[sa_id] = ref;
  ++(direction == SaDirection::kOutbound ? outbound_count_ : inbound_count_);
}

bool IpsecEngine::remove_sa(uint32_t sa_id) {
  const SaRef* ref = find(sa_id);
  if (!ref) return false;
  // The engine's counters are cumulative (Junos' `show security ipsec
  // statistics` counts across rekeys): a removed SA's counts stay in them.
  removed_stats_ += ref->direction == SaDirection::kOutbound ? outbound_[ref->slot]->statistics()
                                                             : inbound_[ref->slot]->statistics();
  if (pool_) pool_->drain();  // no worker may still use the contexts freed below
  if (ref->direction == SaDirection::kInbound) {
    inbound_by_spi_.erase(inbound_[ref->slot]->config().spi);
    inbound_[ref->slot].reset();
    free_inbound_.push_back(ref->slot);
    --inbound_count_;
  } else {
    outbound_[ref->slot].reset();
    free_outbound_.push_back(ref->slot);
    --outbound_count_;
  }
  sas_[sa_id] = SaRef{};
  return true;
}

void IpsecEngine::set_sa_tunnel(uint32_t sa_id, IfIndex st0_ifl) {
  if (find(sa_id)) sas_[sa_id].st0 = st0_ifl;
}

crypto::IpsecStatistics IpsecEngine::statistics() const {
  crypto::IpsecStatistics s = engine_stats_;
  s += removed_stats_;
  for (const SaRef& ref : sas_) {  // in SA id order, as before
    if (!ref.present) continue;
    s += ref.direction == SaDirection::kOutbound ? outbound_[ref.slot]->statistics() : inbound_[ref.slot]->statistics();
  }
  return s;
}

crypto::IpsecStatistics IpsecEngine::sa_statistics(uint32_t sa_id) const {
  const SaRef* ref = find(sa_id);
  if (!ref) return {};
  return ref->direction == SaDirection::kOutbound ? outbound_[ref->slot]->statistics()
                                                  : inbound_[ref->slot]->statistics();
}

uint64_t IpsecEngine::cipher_done_ps(const Job&, std::size_t inner_bytes, uint64_t now) {
  const double cycles = static_cast<double>(inner_bytes) / params_.bytes_per_cycle + params_.per_packet_overhead_cycles;
  const uint64_t start = std::max(now, busy_ps_);
  const uint64_t done = start + ps_from_cycles(cycles, params_.clock_ghz, service_time_);
  busy_ps_ = done;
  meter_.add(start, done, window_);
  return done;
}

double IpsecEngine::backlog_bytes(uint64_t t) const {
  if (busy_ps_ <= t) return 0;
  return cycles_from_ps(static_cast<double>(busy_ps_ - t), params_.clock_ghz) * params_.bytes_per_cycle;
}

Expected<void, DropCause> IpsecEngine::encrypt(Job& job, crypto::DeferredSeal* defer) {
  // The lookup resolved the tunnel's outbound SA (job.chip.sa_id).
  const SaRef* found = find(job.chip.sa_id);
  if (!found) {  // removed since, or anchored on the other slice's engine
    engine_stats_.count(DropCause::kEspNoSa);
    return unexpected(DropCause::kEspNoSa);
  }
  if (found->direction != SaDirection::kOutbound) {  // an inbound SA id in an outbound slot: a programming error upstream
    engine_stats_.count(DropCause::kEspNoSa);
    return unexpected(DropCause::kEspNoSa);
  }
  crypto::OutboundSa& sa = *outbound_[found->slot];
  if (job.chip.mpls) {
    crypto::SealOptions options;
    options.next_header = ipproto::kMpls;  // RFC 4023: a label stack in ESP
    job.chip.mpls = false;                      // the outer packet is IP
    return sa.seal(*job.packet, options, defer);
  }
  return sa.seal(*job.packet, {}, defer);
}

Expected<void, DropCause> IpsecEngine::decrypt(Job& job) {
  // By SPI, in ESP or in UDP (RFC 3948); the SA's own check then refuses an
  // encapsulation or a UDP port that is not its own.
  auto where = crypto::locate_esp_any(job.packet->bytes());
  if (!where) {
    engine_stats_.count(where.error());
    return unexpected(where.error());
  }
  const auto found = inbound_by_spi_.find(where->spi);
  if (!found) {
    engine_stats_.count(DropCause::kEspNoSa);
    return unexpected(DropCause::kEspNoSa);
  }
  const SaRef& ref = sas_[*found];
  crypto::InboundSa& sa = *inbound_[ref.slot];
  job.chip.tunnel = ref.st0;
  job.chip.sa_id = *found;  // the lookup checks the inner packet against this SA's selector
  auto opened = sa.open(*job.packet);
  if (opened) job.chip.mpls = sa.last_next_header() == ipproto::kMpls;
  return opened;
}

std::size_t IpsecEngine::prefragment_count(const Job& job) const {
  // Only an inner IPv4 packet without DF is cut [T]. With DF, an IPv6 or an
  // MPLS packet goes to the seal whole, which drops it if it does not fit
  // (kEspFragmentNeeded, the SA's "fragment needed" count): IPv6 is never
  // fragmented on the way (RFC 8200 section 5), and DF forbids it. The
  // model sends no ICMP "fragmentation needed" / "packet too big" back.
  if (job.chip.mpls) return 1;
  const SaRef* ref = find(job.chip.sa_id);
  if (!ref || ref->direction != SaDirection::kOutbound) return 1;
  const crypto::OutboundSa& sa = *outbound_[ref->slot];
  const Packet& p = *job.packet;
  if (p.size() <= sa.max_inner_bytes() || p.empty() || p.data()[0] >> 4 != 4) return 1;
  auto count = ipv4_fragment_count(p, sa.max_inner_bytes());
  return count ? *count : 1;  // DF set or malformed: the seal refuses it by cause
}

void IpsecEngine::prefragment(Job&& job, std::size_t count, uint64_t now) {
  const crypto::OutboundSa& sa = *outbound_[sas_[job.chip.sa_id].slot];
  // The fragments reach the cipher once cut, in order, each its own ESP
  // packet with its own sequence number.
  const uint64_t cut =
      now + ps_from_cycles(params_.prefragment_cycles_per_fragment * static_cast<double>(count), params_.clock_ghz,
                           prefragment_time_);
  if (!split_into_fragments(chip_, job, sa.max_inner_bytes(), count, fragment_packets_, fragment_slots_,
                            [&](Job&& fragment) { process(std::move(fragment), true, cut); }))
    chip_.drop(job, DropCause::kMalformed, DropPlace::ipsec_engine(slice_));  // counted above: not reached
}

void IpsecEngine::handle(Job&& job, uint64_t now) {
  if (backlog_bytes(now) + static_cast<double>(job.packet->size()) > static_cast<double>(params_.input_depth_bytes)) {
    chip_.drop(job, DropCause::kCryptoQueueFull, DropPlace::ipsec_engine(slice_));
    return;
  }
  const bool encrypting = job.chip.destination == Destination::kSiInside;
  if (encrypting) {
    if (const std::size_t count = prefragment_count(job); count > 1) {
      prefragment(std::move(job), count, now);
      return;
    }
  }
  process(std::move(job), encrypting, now);
}

void IpsecEngine::process(Job&& job, bool encrypting, uint64_t now) {
  const std::size_t before = job.packet->size();
  crypto::DeferredSeal deferred;
  auto r = encrypting ? encrypt(job, pool_ ? &deferred : nullptr) : decrypt(job);
  if (!r) {
    chip_.drop(job, r.error(), DropPlace::ipsec_engine(slice_));
    return;
  }
  // Only the transform is left: every decision and counter above is the
  // synchronous run's. The packet's next reader settles it (Packet::settle).
  if (deferred.gcm) {
    const auto ticket = pool_->submit(deferred);
    job.packet->set_pending(ticket.writer, ticket.stamp);
  }
  // The engine's rate counts the cleartext bytes the cipher processes.
  const std::size_t inner = encrypting ? before : job.packet->size();
  const uint64_t done = cipher_done_ps(job, inner, now);
  // The input bound holds whether or not the hook kept the busy time (the
  // library's own does; an override of the hook alone may not).
  busy_ps_ = std::max(busy_ps_, done);
  // The units the packet re-enters on count it at the loopback, around the engine.
  job.chip.pass = encrypting ? Pass::kPostEncrypt : Pass::kPostDecrypt;
  send(to_loopback, std::move(job),
       done + ps_from_cycles(params_.pipeline_latency_cycles, params_.clock_ghz, pipeline_time_));
}

}  // namespace trio6sim::models
