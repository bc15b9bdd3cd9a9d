// The host bridge: a simulated router's IKE endpoint (its routing engine's
// UDP 500 and 4500) joined to two real UDP sockets on the host's loopback,
// so that an IKEv2 implementation outside the simulation (strongSwan, a
// user's own) negotiates with the simulated router (docs/interop.md).
//
// Addresses and ports are translated both ways, as a NAT between the two
// would: inside the simulation the outside peer is `peer` on UDP 500/4500
// and the router keeps its configured gateway address; on the host the
// bridge's sockets are `host` and the peer is `peer_host`. The two sides'
// NAT_DETECTION notifies therefore disagree, both detect a NAT, and IKE
// floats to UDP 4500 with the non-ESP marker (RFC 7296 2.23, RFC 3948 2.2)
// -- which strongSwan's userspace ESP backend forces anyway.
//
// No SystemC and no clock: the pacer (realtime_pacer.h) asks it to wait for
// datagrams until a wall-clock deadline and hands them to the simulation.
// Sockets only; what is sent is what the daemon built.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "control/ike_daemon.h"
#include "packet/expected.h"
#include "scenario/scenario_spec.h"

namespace trio6sim::bridge {

// What crossed the bridge, and what it refused (each with why).
struct BridgeCounters {
  uint64_t to_host = 0, from_host = 0;  // IKE messages
  // UDP 4500 datagrams without the non-ESP marker: ESP in UDP, which the
  // bridge does not carry yet (the chip's ESP-in-UDP path, docs/interop.md).
  uint64_t esp_in_udp_dropped = 0;
  // Datagrams from an address or port that is not the peer's.
  uint64_t foreign_dropped = 0;
  // sendto() failures (the peer's socket is closed: ICMP port unreachable).
  uint64_t send_errors = 0;
};

class HostBridge {
 public:
  // `local`: the router's gateway address inside the simulation (where the
  // peer's datagrams are delivered). Errors name the scenario's line (a
  // socket that cannot be bound: the port taken, or no permission for < 1024).
  static Expected<std::unique_ptr<HostBridge>, std::string> open(const scenario::BridgeSpec& spec,
                                                                   const IpAddress& local);
  ~HostBridge();
  HostBridge(const HostBridge&) = delete;
  HostBridge& operator=(const HostBridge&) = delete;

  // Waits until a datagram arrives or `deadline` passes, then returns every
  // datagram already queued, translated into the simulation's addresses
  // and ports (the marker stripped). Empty at the deadline.
  std::vector<control::IkeDatagram> wait(std::chrono::steady_clock::time_point deadline);
  // A datagram the router sends to the peer: from the socket of its source
  // port (500 or 4500, the marker added on 4500) to the peer's host port.
  void send(const control::IkeDatagram& datagram);

  const scenario::BridgeSpec& spec() const { return spec_; }
  const BridgeCounters& counters() const { return counters_; }

 private:
  HostBridge(const scenario::BridgeSpec& spec, const IpAddress& local) : spec_(spec), local_(local) {}
  void drain(int fd, bool nat_t, std::vector<control::IkeDatagram>& out);

  scenario::BridgeSpec spec_;
  IpAddress local_;
  int ike_fd_ = -1, nat_t_fd_ = -1;
  BridgeCounters counters_;
};

}  // namespace trio6sim::bridge
