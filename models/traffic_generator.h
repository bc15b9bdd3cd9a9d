// A traffic generator for probes and tests: streams of real IPv4/IPv6
// packets injected into chip ports at a configured L1 rate. It wakes once per
// batch interval and injects every frame whose first bit falls in the batch
// after next, each with its exact arrival time (no event per packet); being
// a batch ahead, it promises the chip that lead (Trio6::set_injection_lead_ps). Streams toward
// IPsec decryption carry ESP packets sealed by the peer's outbound SA (or
// framed without the cipher in timing-only runs). Randomness (IMIX order)
// comes from the seed.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "crypto/esp_outbound.h"
#include "packet/ip_address.h"
#include "trio6.h"

namespace trio6sim::models {

struct TrafficTarget {
  IpAddress destination;  // inner destination
  int peer_sa = -1;       // index into StreamSpec::peer_sas: seal toward the chip (decrypt traffic)
};

struct StreamSpec {
  uint32_t stream_id = 0;
  int port = 0;
  double l1_gbps = 100;  // offered rate, L1 bits (frame + preamble + IFG)
  std::vector<uint32_t> frame_bytes{1500};  // cleartext frame sizes (incl. 14 B header + 4 B FCS)
  std::vector<uint32_t> weights{1};         // relative frequency of each size
  bool ipv6 = false;
  uint32_t flows = 64;
  std::vector<TrafficTarget> targets;  // cycled per packet
  std::vector<crypto::SaConfig> peer_sas;
  uint64_t start_ps = 0;
  uint64_t stop_ps = 0;
};

class TrafficGenerator : public sc_core::sc_module {
 public:
  // One per chip port; the constructor binds those its streams use to the
  // chip's port sockets.
  sc_core::sc_vector<OptionalJobInitiatorSocket<TrafficGenerator>> out;

  SC_HAS_PROCESS(TrafficGenerator);
  TrafficGenerator(const sc_core::sc_module_name& name, Trio6& chip, std::vector<StreamSpec> streams, uint64_t seed,
                   bool timing_only, uint64_t batch_ps = 1000000);
  ~TrafficGenerator() override;
  uint64_t generated() const { return generated_; }

 private:
  struct Stream;
  void run();
  void emit(Stream& s, uint64_t first_bit_ps);

  Trio6& chip_;
  std::vector<std::unique_ptr<Stream>> streams_;
  std::mt19937_64 rng_;
  uint64_t batch_ps_;
  uint64_t generated_ = 0;
};

}  // namespace trio6sim::models
