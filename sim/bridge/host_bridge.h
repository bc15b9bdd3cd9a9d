// The host bridge: one port of a simulated router joined to two real UDP
// sockets on the host's loopback, so that an IKEv2 and ESP implementation
// outside the simulation (strongSwan, a user's own) negotiates with the
// simulated router and exchanges traffic with it (docs/interop.md).
//
// The bridge is the far end of the router's port (the IKE gateway's
// external interface): what the router sends out of that port to the
// outside peer's UDP 500 or 4500 -- IKE, IKE behind the non-ESP marker, ESP
// in UDP -- leaves the matching host socket; what the peer sends to the
// bridge's sockets enters the port as an IPv4/IPv6 UDP packet, and the
// chip's lookup tells IKE (to the routing engine) from ESP in UDP (to the
// IPsec engine by its SPI), as it does for any frame.
//
// Addresses and ports are translated both ways, as a NAT between the two
// would: inside the simulation the outside peer is `peer` on UDP 500/4500
// and the router keeps its configured gateway address; on the host the
// bridge's sockets are `host` and the peer is `peer_host`. The two sides'
// NAT_DETECTION notifies therefore disagree, both detect a NAT, and IKE
// floats to UDP 4500 with ESP in UDP (RFC 7296 2.23, RFC 3948) -- which
// strongSwan's userspace ESP backend forces anyway.
//
// No SystemC and no clock: the pacer (realtime_pacer.h) asks it to wait for
// datagrams until a wall-clock deadline and hands them to the simulation.
// Sockets and translation only; the UDP payloads cross unchanged.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "packet/expected.h"
#include "packet/ip_address.h"
#include "packet/packet.h"
#include "scenario/scenario_spec.h"

namespace trio6sim::bridge {

// A UDP datagram as it is inside the simulation: the addresses and ports the
// simulated router sees, and the UDP payload as on the wire (on 4500: IKE
// behind the non-ESP marker, ESP in UDP, or a NAT keepalive).
struct UdpDatagram {
  IpAddress source, destination;
  uint16_t source_port = 0, destination_port = 0;
  std::vector<uint8_t> payload;
};

// What a datagram to or from UDP 500/4500 carries (RFC 3948 2.2, 2.3).
enum class Carries : uint8_t { kIke, kEsp, kNatKeepalive };
Carries carries(uint16_t port, std::span<const uint8_t> payload);

// What crossed the bridge, and what it refused (each with why).
struct BridgeCounters {
  // Datagrams carried to and from the host, by what they carry.
  uint64_t ike_to_host = 0, ike_from_host = 0;
  uint64_t esp_to_host = 0, esp_from_host = 0;
  uint64_t keepalives_to_host = 0, keepalives_from_host = 0;
  // From the host: a datagram from an address or port that is not the peer's.
  uint64_t foreign_dropped = 0;
  // Out of the simulated port: a packet that is not UDP from the router's
  // gateway address to the peer's 500 or 4500 (nothing on the host takes it).
  uint64_t not_for_peer_dropped = 0;
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
  // and ports. Empty at the deadline.
  std::vector<UdpDatagram> wait(std::chrono::steady_clock::time_point deadline);
  // A packet (L3 bytes) leaving the router's bridged port: UDP from the
  // gateway address to the peer's 500 or 4500 leaves the host socket of its
  // source port for the peer's host port, its payload unchanged; anything
  // else is dropped and counted (not_for_peer_dropped). True when sent.
  bool send(std::span<const uint8_t> l3);

  // The packet a datagram is inside the simulation: IPv4 (DF, TTL 64) or
  // IPv6 (hop limit 64) and UDP with its checksum, written into `out` (reset).
  // False when it does not fit the packet.
  static bool write_packet(const UdpDatagram& datagram, Packet& out);

  const scenario::BridgeSpec& spec() const { return spec_; }
  const IpAddress& local() const { return local_; }
  const BridgeCounters& counters() const { return counters_; }

 private:
  HostBridge(const scenario::BridgeSpec& spec, const IpAddress& local) : spec_(spec), local_(local) {}
  void drain(int fd, bool nat_t, std::vector<UdpDatagram>& out);

  scenario::BridgeSpec spec_;
  IpAddress local_;
  int ike_fd_ = -1, nat_t_fd_ = -1;
  BridgeCounters counters_;
};

}  // namespace trio6sim::bridge
