// The run's counters as the report, the expectations and the `show`
// commands read them: snapshots of every device's counters taken at the
// run clock's planned times, and a reading by name ("interfaces.IFL.FIELD"
// with rates over the rate window, "ipsec.NAME", "drops.CAUSE",
// "drops.total", "chassis_fabric.KEY", "tunnels.KEY") at one of those times or at the end.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "crypto/ipsec_statistics.h"
#include "models/statistics.h"
#include "network.h"
#include "scenario/scenario_spec.h"

namespace trio6sim::run {

// A device's tunnels, for "tunnels.up", "tunnels.with_encrypted" and
// "tunnels.with_decrypted": a scale scenario checks that every one of
// thousands of tunnels carried traffic without an expectation per tunnel.
struct TunnelTally {
  uint64_t up = 0;              // SAs installed (IKE completed)
  uint64_t with_encrypted = 0;  // its outbound SA encrypted at least one packet
  uint64_t with_decrypted = 0;  // its inbound SA decrypted at least one packet
};

struct Snapshot {
  uint64_t at_ps = 0;
  // Per device, in the order of its model's `interfaces` (names in
  // CounterBook::interface_index): a snapshot of thousands of units copies
  // counters, not names.
  std::vector<std::vector<models::IflCounters>> interfaces;
  std::vector<crypto::IpsecStatistics> ipsec;
  std::vector<TunnelTally> tunnels;
  std::vector<std::map<std::string, uint64_t>> drops;  // cause -> packets, "total" too
  std::vector<std::map<std::string, uint64_t>> fabric;  // "lmic1.pfe0" -> packets, "total" too
  std::vector<std::map<std::string, uint64_t>> ike;     // IKE on the wire: "child_rekeys" -> n, ...
};

class CounterBook {
 public:
  CounterBook(const Network& network, uint64_t rate_window_ps, uint64_t duration_ps)
      : network_(network), rate_window_ps_(rate_window_ps), duration_ps_(duration_ps) {}

  // IKE on the wire: where "ike.NAME" readings come from (a device's
  // control-plane counters, run/control_plane.h).
  using IkeCounters = std::function<std::map<std::string, uint64_t>(int device)>;
  void set_ike_counters(IkeCounters fn) { ike_counters_ = std::move(fn); }

  Snapshot take_snapshot(uint64_t at_ps) const;
  // Keeps a snapshot for readings at `at_ps`.
  void record(uint64_t at_ps) { snapshots_[at_ps] = take_snapshot(at_ps); }
  // The counters after the drain: what an unqualified reading returns.
  void record_final(uint64_t now_ps) { final_ = take_snapshot(now_ps); }

  const Snapshot* at(uint64_t at_ps) const;  // nullptr when none was recorded then
  const Snapshot& final_snapshot() const { return *final_; }
  uint64_t rate_window_ps() const { return rate_window_ps_; }

  // "interfaces.<ifl>.<field>", "ipsec.<counter>", "drops.total", "drops.<cause>",
  // "chassis_fabric.<key>": at a recorded time, or (no time) at the end.
  std::optional<double> read(const std::string& device, const std::string& counter,
                             std::optional<uint64_t> at_ps) const;

  // Where device `dev`'s interface `ifl` sits in a snapshot's interfaces; nullopt: none.
  std::optional<std::size_t> interface_index(int dev, const std::string& ifl) const;

  // One line per expectation whose counter (or value_of) names nothing in
  // this scenario; empty when all are known.
  std::string unknown_counters(const std::vector<scenario::ExpectationSpec>& expectations) const;

 private:
  const Network& network_;
  uint64_t rate_window_ps_;
  uint64_t duration_ps_;
  std::map<uint64_t, Snapshot> snapshots_;
  std::optional<Snapshot> final_;
  IkeCounters ike_counters_;
  // Per device: interface name -> position, built at the first snapshot
  // (the devices' interfaces are fixed once the run is built).
  mutable std::vector<std::unordered_map<std::string, std::size_t>> index_;
};

}  // namespace trio6sim::run
