// Where a chip dropped a packet: the block instance, as a small id, so that
// Trio6::drop counts by (place, cause) with an array index and no string on
// the hot path. The names match Trio6::utilization()'s where both exist
// ("pfe0.lookup.threads", "port3.egress"), so a report can put a block's
// busy fraction next to its drops.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "parameters.h"

namespace trio6sim::models {

class DropPlace {
 public:
  static constexpr DropPlace port_ingress(int port) { return DropPlace(port); }
  static constexpr DropPlace port_egress(int port) { return DropPlace(kPortsPerChip + port); }
  // The lookup's decisions (no route, TTL, ...) and its dispatch queue.
  static constexpr DropPlace lookup(int slice) { return in_slice(slice, kLookup); }
  static constexpr DropPlace lookup_queue(int slice) { return in_slice(slice, kLookupQueue); }
  static constexpr DropPlace mqss(int slice) { return in_slice(slice, kMqss); }
  static constexpr DropPlace ipsec_engine(int slice) { return in_slice(slice, kIpsecEngine); }
  static constexpr DropPlace ipsec_loopback(int slice) { return in_slice(slice, kIpsecLoopback); }
  static constexpr DropPlace si(int si_number) {
    return in_slice(slice_of_si(si_number), kSi + si_number % kSiPerSlice);
  }
  static constexpr DropPlace fabric(int to_slice) { return DropPlace(kFirstFabric + to_slice); }
  // A caller that does not say (a user's replaceable block, say).
  static constexpr DropPlace unnamed() { return DropPlace(kCount - 1); }

  static constexpr std::size_t kCount = 2 * kPortsPerChip + kSlices * (5 + kSiPerSlice) + kSlices + 1;

  constexpr std::size_t id() const { return id_; }
  // "port3.ingress", "port3.egress", "pfe0.lookup", "pfe0.lookup.threads",
  // "pfe0.mqss", "pfe0.ipsec_engine", "pfe0.pg0.ipsec_loopback",
  // "pfe1.si-F/P/2", "fabric.to_pfe1", "chip".
  static std::string name(std::size_t id);

 private:
  enum InSlice : int { kLookup, kLookupQueue, kMqss, kIpsecEngine, kIpsecLoopback, kSi };
  static constexpr int kPerSlice = kSi + kSiPerSlice;
  static constexpr int kFirstSlice = 2 * kPortsPerChip;
  static constexpr int kFirstFabric = kFirstSlice + kSlices * kPerSlice;
  static_assert(kPerSlice == 5 + kSiPerSlice);
  static constexpr DropPlace in_slice(int slice, int block) { return DropPlace(kFirstSlice + slice * kPerSlice + block); }
  constexpr explicit DropPlace(int id) : id_(static_cast<uint16_t>(id)) {}
  uint16_t id_;
};

inline std::string DropPlace::name(std::size_t id) {
  const int i = static_cast<int>(id);
  if (i < kPortsPerChip) return "port" + std::to_string(i) + ".ingress";
  if (i < kFirstSlice) return "port" + std::to_string(i - kPortsPerChip) + ".egress";
  if (i < kFirstFabric) {
    const int slice = (i - kFirstSlice) / kPerSlice, block = (i - kFirstSlice) % kPerSlice;
    const std::string pfe = "pfe" + std::to_string(slice) + ".";
    switch (block) {
      case kLookup: return pfe + "lookup";
      case kLookupQueue: return pfe + "lookup.threads";
      case kMqss: return pfe + "mqss";
      case kIpsecEngine: return pfe + "ipsec_engine";
      case kIpsecLoopback: return pfe + "pg0.ipsec_loopback";
      default: return pfe + "si-F/P/" + std::to_string(slice * kSiPerSlice + block - kSi);
    }
  }
  if (i < static_cast<int>(kCount) - 1) return "fabric.to_pfe" + std::to_string(i - kFirstFabric);
  return "chip";
}

}  // namespace trio6sim::models
