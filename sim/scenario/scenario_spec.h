// What a scenario file describes, as plain data (docs/scenarios.md is the
// reference): devices with their Junos configurations, links, traffic
// generators and their streams, routes learned by protocols the model does
// not run, timed events, expectations and the outputs wanted. Every element
// keeps the file and line it came from, so later errors can point at it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "packet/arp.h"
#include "packet/ethernet.h"
#include "packet/ip_address.h"
#include "units.h"

namespace trio6sim::scenario {

struct Where {
  std::string file;
  int line = 0;
  std::string str() const { return file + ":" + std::to_string(line); }
};

// One populated FPC slot of an MX10004/MX10008.
struct SlotSpec {
  int fpc = 0;
  std::string card;       // "lc9600"
  std::vector<int> pics;  // the PICs (Trio 6 chips) simulated; default all of the card's
  Where where;
};

struct DeviceSpec {
  std::string name;
  std::string platform;           // "mx304", "mx10004", "mx10008"
  std::vector<int> lmics;         // mx304: populated LMIC slots (PIC numbers)
  std::vector<SlotSpec> slots;    // mx10004/mx10008: populated FPC slots, by FPC
  std::string config_path;        // resolved against the scenario file's folder; empty with config_text
  std::string config_text;        // inline configuration, when given instead of a file
  // The router's chassis MAC, its irb units' MAC (docs/bridging.md); none:
  // a locally administered MAC derived from the device's name.
  std::optional<MacAddress> chassis_mac;
  Where where;
};

// "PE1:et-0/2/10"
struct PortRef {
  std::string device;
  std::string interface;
  Where where;
  std::string str() const { return device + ":" + interface; }
};

struct LinkSpec {
  PortRef a, b;
  uint64_t delay_ps = 0;  // propagation delay, each way
  // A re-marking core on the cable: every IP packet it carries gets this
  // DSCP (models::LinkParams::remark_dscp); unset: none.
  std::optional<uint8_t> remark_dscp;
  Where where;
};

// first, first + step, first + 2 step, ... (count addresses).
struct AddressRange {
  IpAddress first;
  uint32_t count = 1;
  IpAddress step;  // added as a big number; default: 1 in the last byte
};

struct ImixEntry {
  uint32_t frame_bytes;
  uint32_t weight;
};

// A stream of Ethernet frames (docs/scenarios.md, `ethernet`): the header
// the generator sends in front of the IP packet, with at most one 802.1Q
// tag. Without it a stream's packets reach the port as IP (the port's L3
// unit 0 takes them).
struct EthernetSpec {
  MacAddress source{}, destination{};
  std::optional<uint16_t> vlan;  // 802.1Q VLAN ID 1..4094
};

struct StreamSpec {
  std::string name;
  IpAddress::Family family = IpAddress::Family::kV4;
  AddressRange source, destination;
  uint16_t source_port = 1024, destination_port = 1024;  // UDP
  uint32_t frame_bytes = 0;       // on the wire, FCS included; 0 with imix
  std::vector<ImixEntry> imix;    // weighted frame sizes, cycled in order
  Rate rate;
  uint8_t dscp = 0;
  bool df = false;  // IPv4 only: Don't Fragment on every packet
  std::optional<EthernetSpec> ethernet;  // none: IP packets, the port's L2 implied
  // `family: arp` (docs/scenarios.md): RFC 826 frames (ethernet required),
  // sender `source` at the frame's source MAC, target `destination`.
  std::optional<ArpOperation> arp;
  uint64_t start_ps = 0;
  std::optional<uint64_t> stop_ps;  // none: until the end of the run
  Where where;
};

struct GeneratorSpec {
  std::string name;
  PortRef attach;
  std::vector<StreamSpec> streams;
  Where where;
};

// Routes a protocol outside the model (BGP, IS-IS) would have installed.
struct LearnedRouteSpec {
  std::string device;
  std::string protocol;            // "bgp", "isis": shown as the route's protocol
  IpAddress first_prefix;
  int prefix_length = 0;
  uint32_t count = 1;              // consecutive prefixes of that length
  std::optional<IpAddress> next_hop;            // a directly connected gateway
  std::optional<IpAddress> protocol_next_hop;   // resolved through the device's routes
  std::optional<uint32_t> push_label;           // MPLS label pushed (e.g. IPv6 over labeled BGP)
  std::string as_path = "I";                    // shown by `show route`, e.g. "20002 I"
  Where where;
};

// A timed change of the network (docs/scenarios.md, events): a link going
// down or up (both directions; `link` names either end); with IKE on the
// wire, a device's IKE daemon stopped or started, an operator's `clear
// security ike|ipsec security-associations [index N]`, a forced rekey, or
// a crafted packet put on a link.
struct EventSpec {
  enum class Kind : uint8_t { kLink, kIkeStop, kIkeStart, kClearIke, kClearIpsec, kRekey, kInject };
  Kind kind = Kind::kLink;
  uint64_t at_ps = 0;
  PortRef link;     // kLink: either end; kInject: the port the packet arrives at
  bool up = false;  // kLink
  std::string device;           // the IKE events
  std::optional<uint32_t> index;  // kClearIpsec: `index N` (a tunnel ID)
  std::string vpn;              // kRekey
  bool rekey_ike = false;       // kRekey with `sa: ike`: the VPN's IKE SA, not its Child SAs
  std::string packet;           // kInject: what (docs/scenarios.md): esp-replay, esp-bad-icv, ...
  Where where;
};

// How IKE runs: decided from the two configurations with a fixed delay
// (`modeled`, the default), or as IKEv2 messages on the simulated wire with
// real keys, lifetimes, rekeys and dead peer detection (`wire`).
enum class IkeMode : uint8_t { kModeled, kWire };

struct ShowRequest {
  std::string device;
  std::string command;  // e.g. "show security ipsec statistics"
  std::optional<uint64_t> at_ps;  // none: at the end of the run
  Where where;
};

// `show_counters` (docs/bridging.md): what `show bgp summary` prints for a
// device's BGP peer in the counters the model does not simulate (its
// sessions are not run); a peer not listed shows 0.
struct ShowCountersSpec {
  std::string device;
  IpAddress peer;
  uint64_t in_packets = 0, out_packets = 0, flaps = 0;
  uint64_t last_up_down_seconds = 0;
  Where where;
};

enum class Comparison : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

struct ExpectationSpec {
  std::string device;
  std::string counter;     // e.g. "interfaces.st0.1.output_pps", "ipsec.decrypted_packets"
  Comparison op = Comparison::kEq;
  std::optional<double> value;
  std::optional<std::string> value_of;  // another "device:counter"
  double tolerance = 0;    // relative (0.01 = 1%)
  std::optional<uint64_t> at_ps;  // none: at the end of the run
  // `scales:` whether `value` follows `run --scale-rates X`; none: by the
  // counter's kind (run/rate_scale.h, docs/scenarios.md).
  std::optional<bool> scales;
  // The factor `value` was multiplied by (--scale-rates) and the value as
  // written, for the message.
  double scaled_by = 1;
  double value_as_written = 0;
  Where where;
};

// A UDP endpoint on the host's loopback: an address and the host ports that
// stand for UDP 500 and UDP 4500 (NAT-T) inside the simulation.
struct HostUdpEndpoint {
  IpAddress address;
  uint16_t ike_port = 500, nat_t_port = 4500;
};

// `bridge:` (docs/interop.md): device `device`'s routing engine (its IKE
// endpoint) talks to a process outside the simulation over real UDP
// sockets on the host's loopback. Inside the simulation that process is
// `peer` (the address the device's IKE gateway names); on the host the
// bridge binds `host` and sends to `peer_host`, translating addresses and
// ports both ways as a NAT would. While a bridge is attached the run is
// paced to the wall clock.
struct BridgeSpec {
  std::string device;
  IpAddress peer;
  HostUdpEndpoint host, peer_host;
  Where where;
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::string file;
  uint64_t seed = 1;
  uint64_t duration_ps = 0;
  uint64_t warmup_ps = 0;  // stream latencies count packets sent from here on
  // Rates (pps, bps) read at time T average over [T - rate_window, T]. Junos
  // averages over seconds; scenarios run for milliseconds.
  uint64_t rate_window_ps = 1000000000;  // 1 ms
  uint64_t ike_negotiation_ps = 0;  // modeled: when tunnels come up; wire: when the daemons start
  // EVPN: from a MAC learned on one router to its MAC/IP route installed on
  // the peers (docs/bridging.md); an assumption, 1 ms unless the scenario says.
  uint64_t evpn_route_delay_ps = 1'000'000'000;
  IkeMode ike_mode = IkeMode::kModeled;
  std::map<std::string, std::string> parameters;  // chip parameter overrides
  std::map<std::string, Where> parameter_where;    // the line of each override
  std::vector<DeviceSpec> devices;
  std::vector<LinkSpec> links;
  std::vector<GeneratorSpec> generators;
  std::vector<LearnedRouteSpec> learned_routes;
  std::vector<EventSpec> events;
  std::vector<ShowRequest> shows;
  std::vector<ShowCountersSpec> show_counters;
  std::vector<ExpectationSpec> expectations;
  std::optional<BridgeSpec> bridge;  // needs ike: wire
};

}  // namespace trio6sim::scenario
