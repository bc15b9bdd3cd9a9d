// MxRouter: what every modeled MX router is to the data plane: a set of
// Trio 6 chips, each named by where it sits in the chassis (FPC slot, PIC
// slot), and the chassis fabric between every PFE of every chip. Each chip
// holds the router's whole forwarding state (every PFE has a full FIB); an
// interface that lives on another chip is a kRemote interface there, so a
// lookup that chooses it sends the packet across the chassis fabric. The
// platforms (Mx304: one chip per LMIC; Mx10k: one chip per line-card PIC)
// differ only in which (FPC, PIC) places exist and what the chips are called.
// The routing engine (configuration, routes, IKE) is not here: the scenario
// layer programs the chips through their API.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "crypto/ipsec_statistics.h"
#include "trio6.h"

namespace trio6sim::models {

class ChassisFabric;  // chassis_fabric.h

// Where one chip sits, and the name its module, traces and reports use
// ("lmic1" on an MX304, "fpc2_pic1" on an MX10000).
struct ChipPlace {
  int fpc = 0;
  int pic = 0;
  std::string label;
};

class MxRouter : public sc_core::sc_module {
 public:
  ~MxRouter() override;

  const std::vector<ChipPlace>& places() const { return places_; }
  std::size_t chip_count() const { return chips_.size(); }
  // The chip index (as add_remote_interface names it) of (FPC, PIC);
  // ConfigError when no chip sits there.
  int chip_index(int fpc, int pic) const;
  const std::string& chip_label(std::size_t index) const { return places_.at(index).label; }
  Trio6& chip(int index) { return *chips_.at(index); }
  const Trio6& chip(int index) const { return *chips_.at(index); }
  ChassisFabric& chassis_fabric() { return *chassis_; }
  const ChassisFabric& chassis_fabric() const { return *chassis_; }

  void set_measurement_window(const Window& w);
  // Traces every chip's queues and busy states (Trio6::trace) and the
  // chassis fabric's queues into `file`, sampled every `period_ps`. Call
  // before sc_start().
  void trace(sc_core::sc_trace_file* file, uint64_t period_ps = 100'000);

  // Sums over the chips (and the chassis fabric, for drops).
  crypto::IpsecStatistics ipsec_statistics() const;
  DropCounters drops() const;
  uint64_t offered_packets() const;      // entered a WAN port
  uint64_t delivered_packets() const;    // left a WAN port
  uint64_t delivered_to_host_packets() const;
  uint64_t from_host_packets() const;    // sent by the routing engine (send_from_host)
  // Fragments - 1 for each packet the chips split (pre-fragmentation to a
  // tunnel MTU): packets that entered no port but leave one.
  uint64_t packets_added_by_fragmentation() const;
  // Copies - 1 for each frame the chips flooded (docs/bridging.md).
  uint64_t packets_added_by_flooding() const;
  // offered + from host - delivered - to host - dropped: packets still inside the router.
  uint64_t in_flight() const;

  // The routing engine's side. send_from_host: a packet (L3 bytes) into chip
  // `chip`'s host path (Trio6::send_from_host); the chip's lookup sends it
  // on, across the chassis when its route leaves by another chip. The
  // receiver sees every packet any chip delivers to the host, with the chip's
  // index, the interface it arrived on (that chip's index) and the time.
  void send_from_host(int chip, PacketPtr packet, uint64_t at_ps);
  using HostReceiver = std::function<void(int chip, const Packet& packet, IfIndex arrival_ifl, uint64_t at_ps)>;
  void set_host_receiver(HostReceiver receiver);
  // The latest last-bit time of any frame its chips have sent.
  uint64_t last_departure_ps() const;

 protected:
  // The chassis fabric is sized for `places`; the chips are made by
  // populate(), which a platform calls once it has checked the places.
  MxRouter(const sc_core::sc_module_name& name, std::vector<ChipPlace> places, const Trio6Params& params);
  void populate(const Trio6Params& params, const BlockFactory& factory);

 private:
  std::vector<ChipPlace> places_;
  std::vector<std::unique_ptr<Trio6>> chips_;
  std::unique_ptr<ChassisFabric> chassis_;
  std::unique_ptr<TraceSampler> trace_sampler_;
};

}  // namespace trio6sim::models
