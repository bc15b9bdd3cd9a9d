// What a scenario run reports, as plain data, and its two forms: the text an
// engineer reads and the JSON outside scripts read. The JSON shape is fixed
// (issue "Scenarios"): devices -> NAME -> interfaces -> IFL -> counters,
// ipsec -> counters, drops -> cause -> packets; streams -> NAME -> tx, rx,
// lost, latency; conservation -> offered, delivered, dropped, unaccounted.
// Keys may be added, never renamed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crypto/ipsec_statistics.h"

namespace trio6sim::report {

struct InterfaceCounters {
  uint64_t input_packets = 0, output_packets = 0;
  uint64_t input_bytes = 0, output_bytes = 0;
  double input_pps = 0, output_pps = 0;
};

// A configuration statement Junos has and the model does not apply.
struct NotModeledStatement {
  std::string statement;  // "security ipsec vpn v1 traffic-selector ts1"
  std::string file;
  int line = 0;
};

// A block or port that ran full in the measurement window, or whose queue
// overflowed.
struct Saturation {
  std::string place;      // a key of DeviceReport::utilization
  std::string member_of;  // the aggregate ("ae0") of a port that is its member, else ""
  double utilization = 0;       // over the measurement window
  double peak_utilization = 0;  // over its busiest interval
  uint64_t overflow_drops = 0;  // dropped there because its queue was full
};

struct DeviceReport {
  std::map<std::string, InterfaceCounters> interfaces;  // by Junos logical interface name
  crypto::IpsecStatistics ipsec;
  std::map<std::string, uint64_t> drops;  // cause -> packets
  // Packets across the chassis fabric by destination PFE ("lmic1.pfe0"):
  // what crosses between the router's chips (empty for one chip).
  std::map<std::string, uint64_t> chassis_fabric;
  std::vector<std::string> not_modeled;   // protocols configured but not run
  // Every statement of the device's configuration that the model does not
  // apply (protocols included), with where it is.
  std::vector<NotModeledStatement> not_modeled_statements;
  std::vector<std::string> tunnels_down;  // "ipsec_vpn: pre-shared keys differ ..."
  // The routing engine: packets it sent into its data plane, packets its
  // data plane delivered to it (JSON "host": {"sent", "received"}).
  uint64_t host_sent = 0, host_received = 0;
  // Busy fraction of every block and port in the measurement window (from
  // the warm-up to the end of the traffic): "lmic1.pfe0.ipsec_engine",
  // "chassis_fabric.lmic1.pfe0", "et-0/2/10 egress" (the port's line).
  std::map<std::string, double> utilization;
  // The same over each place's busiest interval (a rate window long): the
  // load changes while streams start and stop.
  std::map<std::string, double> peak_utilization;
  // What saturated, the bottleneck first (docs/scenarios.md); empty: nothing.
  std::vector<Saturation> saturated;
  // Drops by where they happened and cause: the places of `drops`.
  std::map<std::string, std::map<std::string, uint64_t>> drops_by_place;
};

struct Latency {
  double p50 = 0, p99 = 0, max = 0;
};

struct StreamReport {
  uint64_t tx_packets = 0, rx_packets = 0;
  Latency latency_ns;
  uint64_t lost() const { return tx_packets > rx_packets ? tx_packets - rx_packets : 0; }
};

struct Conservation {
  uint64_t offered = 0, delivered = 0, dropped = 0;
  // Frames still on a cable when the run (and its drain) ended: a link delay
  // longer than the drain. In the JSON only when not 0.
  uint64_t in_flight_on_links = 0;
  // Packets the routing engines sent into their data planes, and frames put
  // on links by hand (Network::inject_on_link): offered too, not by a
  // generator. In the JSON always ("from_host", "injected_on_links").
  uint64_t from_host = 0, injected_on_links = 0;
  // With a host bridge (in the JSON only then): packets it put into its
  // port (offered) and packets that left the port and it carried to the
  // host (delivered); what it refused is in `dropped`.
  uint64_t from_bridge = 0, to_bridge = 0;
  // Packets the routers made by splitting one into fragments (fragments - 1
  // per split: pre-fragmentation to a tunnel MTU). In the JSON only when not 0.
  uint64_t fragments_added = 0;
  // Packets the routers made by flooding one bridged frame as several
  // copies (copies - 1 per frame flooded: ports of its bridge domain and
  // remote VTEPs, docs/bridging.md). In the JSON only when not 0.
  uint64_t flood_copies_added = 0;
  // offered + from host + injected + from bridge + fragments and copies added - delivered - to bridge -
  // dropped - in flight on links: packets lost without a cause or stuck
  // inside a router. Must be 0 once the run has drained.
  int64_t unaccounted() const {
    return static_cast<int64_t>(offered + from_host + injected_on_links + from_bridge + fragments_added +
                                flood_copies_added) -
           static_cast<int64_t>(delivered + to_bridge) - static_cast<int64_t>(dropped) -
           static_cast<int64_t>(in_flight_on_links);
  }
};

// A run with a host bridge (docs/interop.md): what crossed it, and how far
// simulated time lagged the wall clock while it was paced.
struct BridgeReport {
  std::string device, peer, host, peer_host;  // "PE1", "198.51.100.2", "127.0.0.1:500/4500"
  // Datagrams carried to and from the host, by what they carry.
  uint64_t ike_to_host = 0, ike_from_host = 0, esp_to_host = 0, esp_from_host = 0;
  uint64_t keepalives_to_host = 0, keepalives_from_host = 0;
  // Refused: from the host, not the peer's; out of the bridged port, not UDP
  // 500/4500 to the peer; sendto() failures.
  uint64_t foreign_dropped = 0, not_for_peer_dropped = 0, send_errors = 0;
  uint64_t lag_samples = 0;
  double lag_max_ms = 0, lag_mean_ms = 0;
};

struct RunReport {
  std::string scenario;
  uint64_t seed = 0;
  double sim_seconds = 0, wall_seconds = 0;
  double scale_rates = 1;  // run --scale-rates; in the JSON only when not 1
  std::map<std::string, DeviceReport> devices;
  std::map<std::string, StreamReport> streams;
  // Per generator, packets it received that are not of a generator's stream
  // (in the JSON and text only when not 0).
  std::map<std::string, uint64_t> generators_received_other;
  Conservation conservation;
  std::optional<BridgeReport> bridge;  // in the JSON and text only with a bridge
};

std::string to_json(const RunReport& r);
std::string to_text(const RunReport& r);

}  // namespace trio6sim::report
