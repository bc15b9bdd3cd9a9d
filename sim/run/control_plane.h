// The routing engines' IKE on the simulated wire (scenario `ike: wire`,
// docs/control-plane.md): one IKEv2 daemon per router (control::IkeDaemon)
// whose datagrams are real UDP packets sent through the router's own data
// plane (host path, lookup, ports, links) and delivered to the far router's
// routing engine the same way, so a capture sees IKE and ESP on the same
// cable. What the daemons decide is programmed into the chips the moment
// they decide it: inbound SAs and ESP steering, outbound SAs bound to the
// st0 unit, removals; each step can be written as a programming trace.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <systemc>
#include <vector>

#include "control/ike_daemon.h"
#include "network.h"
#include "packet/expected.h"
#include "report/wireshark_ikev2.h"
#include "scenario/scenario_spec.h"

namespace trio6sim::run {

struct ControlPlaneParams {
  // The routing engine's time to handle one IKE message, from its arrival
  // at the host to its answer leaving: not published for iked; an
  // assumption (100 us), so that exchanges take simulated time.
  uint64_t message_processing_ps = 100'000'000;
  // An outbound SA leaves the st0 unit at once when replaced or deleted, but
  // stays in the IPsec engine this long for the packets already steered to
  // it (in the engine's queue, or on their way through the fabric): longer
  // than any packet's stay in a chip; an assumption of the model's (the
  // hardware's SA table handover is not published).
  uint64_t outbound_drain_ps = 1'000'000'000;
  control::IkeTimers timers;
  // What the run keeps for its output files, and only then (memory stays
  // flat over a soak): every IKE and Child SA and DH secret (--pcap,
  // --ike-key-log), every programming step (--programming-trace).
  bool keep_sa_history = true;
  bool keep_programming_steps = true;
};

// One programming step, as the trace writes it (JSON lines).
struct ProgrammingStep {
  uint64_t at_ps = 0;
  std::string device, chip, op, vpn, st0;
  std::string prefix;  // route changes
  int pfe = 0;
  uint32_t spi = 0, sa_id = 0;
};

class ControlPlane : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(ControlPlane);
  ControlPlane(const sc_core::sc_module_name& name, Network& network, const ControlPlaneParams& params, uint64_t seed,
               uint64_t start_ps);

  // The daemons from the devices' configurations; errors name FILE:LINE.
  Expected<void, std::string> configure();

  // Scenario events (EventSpec kinds kIkeStop ... kRekey); errors name the event's line.
  Expected<void, std::string> apply(const scenario::EventSpec& e, uint64_t now_ps);

  const control::IkeDaemon* daemon(int device) const { return daemons_.at(device).get(); }

  // Every Child SA any daemon installed (Wireshark's esp_sa), each once.
  std::vector<crypto::SaConfig> child_sas() const;
  // Every IKE SA (Wireshark's ikev2_decryption_table), each once.
  std::vector<report::Ikev2TableEntry> ike_sas() const;
  // The DH private values as JSON lines (--ike-key-log).
  std::string key_log() const;
  // `show security ipsec statistics index N`: tunnel ID N's SAs (those in
  // use and those already replaced); nullopt when the device has no such tunnel.
  std::optional<crypto::IpsecStatistics> tunnel_statistics(int device, uint32_t tunnel_id) const;
  const std::vector<ProgrammingStep>& programming() const { return steps_; }
  std::string programming_trace() const;  // JSON lines
  // Counters for expectations ("ike.NAME" of a device): child_rekeys,
  // ike_rekeys, dpd_dead, tunnels_up, outages, outage_ms_max, messages_sent,
  // messages_received, retransmitted, bad_icv, malformed, unknown_spi.
  std::map<std::string, uint64_t> counters(int device) const;
  static const std::vector<std::string>& counter_names();

 private:
  struct Inbound {
    int device;
    control::IkeDatagram datagram;
  };
  // Where one VPN's SAs live on a device's chips, and what is bound now.
  struct VpnPlace {
    TunnelInstall* tunnel = nullptr;
    const control::VpnSettings* settings = nullptr;  // the daemon's copy
    // Per selector: the chip SA ids bound now (0: none).
    std::vector<std::pair<uint32_t, uint32_t>> bound;
    std::vector<uint32_t> draining_inbound;  // per selector: the rekeyed inbound still open
    struct Installed {
      uint32_t sa_id;
      std::size_t selector;
    };
    std::map<std::pair<bool, uint32_t>, Installed> ids;  // (inbound, SPI) -> in the engine now (draining ones too)
    std::vector<crypto::IpsecStatistics> retired;  // per selector: the removed SAs' counters
  };

  void main();
  void on_host_packet(int device, const Packet& p, uint64_t at_ps);
  void send(int device, control::IkeDatagram dg);
  // Each chip reports packets that met a local st0 unit without SAs; the
  // device's daemon hears of them (establish-tunnels on-traffic).
  void watch_tunnel_misses();
  void program(int device, const control::SaProgramming& p);
  void rebind(int device, VpnPlace& place);
  // The st0 unit of VPN `vpn` has an SA pair (up) or none: the RIB
  // re-resolves (routes through a down st0 unit are inactive) and every
  // chip's routes follow.
  void set_st0(int device, std::size_t vpn, bool up);
  void reroute(int device);
  void trace(int device, const VpnPlace& place, const char* op, uint32_t spi, uint32_t sa_id);
  uint64_t now() const;

  Network& network_;
  ControlPlaneParams params_;
  uint64_t seed_;
  uint64_t start_ps_;
  std::vector<std::unique_ptr<control::IkeDaemon>> daemons_;  // by device
  std::vector<std::vector<VpnPlace>> places_;                  // by device, by VPN
  struct Retiring {
    int device, chip;
    VpnPlace* place;
    uint32_t spi;
  };
  std::multimap<uint64_t, Retiring> retiring_;  // outbound SAs draining, by when they leave the engine
  void retire_due(uint64_t t);
  // Messages by when their handling is done (ties in arrival order).
  std::multimap<uint64_t, Inbound> inbox_;
  // Tunnel misses by when the daemon hears of them; one pending per VPN.
  std::multimap<uint64_t, std::pair<int, std::size_t>> tunnel_misses_;
  std::set<std::pair<int, std::size_t>> missed_;
  sc_core::sc_event wake_;
  std::vector<ProgrammingStep> steps_;
};

}  // namespace trio6sim::run
