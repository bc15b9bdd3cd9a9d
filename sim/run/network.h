// The scenario's routers at run time and what joins them: where frames
// leaving each port go (a models::Link to another router's port, bound
// between the chips' sockets; a traffic generator's sink; or nothing), the
// optional pcap capture of every port (a tap on every link, the egress
// observer elsewhere), the generators' streams with what arrived of them,
// the link events, and the routing engines' side of each router (packets the
// host sends into its data plane, packets the data plane delivers to it).
// Frames leaving a port without a link are observed here: captured, counted
// by their stream, or dropped with a cause.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "control/rib.h"
#include "control/router_plan.h"
#include "device_builder.h"
#include "junos/device_config.h"
#include "models/link.h"
#include "models/statistics.h"
#include "packet/expected.h"
#include "packet/pcap_io.h"
#include "scenario/scenario_spec.h"
#include "stream_source.h"

namespace trio6sim::run {

// A packet leaving a port on a cable that goes nowhere. Not a chip drop
// cause: the router sent it; the scenario has nothing at the other end.
inline constexpr const char* kNotConnected = "port not connected";
// A frame whose first bit would leave while its link is down (a scenario
// event): the cable carries nothing.
inline constexpr const char* kLinkDown = "link down";

struct DeviceState {
  std::string name;
  junos::DeviceConfig config;
  control::Rib rib;
  control::RouterPlan plan;
  DeviceModel model;
  uint64_t not_connected = 0;
  uint64_t link_down = 0;
  // The same by (chip, port) they left: where, for the report.
  std::map<std::pair<int, int>, uint64_t> not_connected_at, link_down_at;
  // The routing engine: packets it sent into the data plane, packets the
  // data plane delivered to it.
  uint64_t host_sent = 0, host_received = 0;
};

// What takes the frames leaving a bridged port (sim/bridge): their L3
// bytes and the time their last bit left.
using BridgeOut = std::function<void(const Packet& packet, uint64_t last_bit_ps)>;

// Where frames leaving one port go.
struct Endpoint {
  enum class Kind : uint8_t { kNone, kLink, kSink, kBridge } kind = Kind::kNone;
  models::Link* link = nullptr;  // kLink: the cable, whose end `end` this port is
  int end = 0;
  BridgeOut bridge;  // kBridge
  std::size_t generator = 0;  // kSink: the generator's index in the scenario
  std::unique_ptr<PcapWriter> pcap;
};

struct StreamState {
  std::string name;
  const scenario::StreamSpec* spec = nullptr;
  StreamSource* source = nullptr;
  std::size_t index_in_source = 0;
  uint64_t rx = 0;
  models::LatencyHistogram latency;
};

// Interface names hold slashes ("et-0/2/10"); file and signal names cannot.
std::string file_safe(std::string s);

class Network {
 public:
  // `scale_rates`: the factor `spec`'s rates were scaled by (run --scale-rates), for messages.
  explicit Network(const scenario::ScenarioSpec& spec, double scale_rates = 1)
      : spec_(spec), scale_rates_(scale_rates) {}
  // The egress observers hold `this`.
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // In the scenario's order; filled by device_setup.h before wire().
  std::vector<std::unique_ptr<DeviceState>> devices;

  int device_index(const std::string& name) const;  // -1 when there is none

  // Connects the links and the generators (whose sources stop at
  // `duration_ps`), opens DIR/<device>-<interface>.pcap for every port when
  // `pcap_dir` is set, and observes every chip's egress. Errors name the
  // scenario line.
  Expected<void, std::string> wire(const std::string& pcap_dir, uint64_t duration_ps);

  // A scenario event on a link: both ends change at once.
  void apply_link_event(const scenario::EventSpec& e);

  const std::vector<StreamState>& streams() const { return streams_; }  // index = stream_id - 1
  // Per generator (the scenario's order): packets it received that are not
  // of a generator's stream (e.g. from a host bridge's peer): delivered to it.
  const std::vector<uint64_t>& received_not_of_streams() const { return received_other_; }
  uint64_t offered() const;  // packets the generators sent so far
  // "generator_G: what" when a generator's process stopped the run, else "".
  std::string generator_fault() const;
  // Frames on a cable now: left one port, first bit not yet at the other
  // (a long link delay holds them past the end of the run and its drain).
  uint64_t in_flight_on_links() const;
  void close_pcaps();

  // --- The routing engines (for IKE), after wire().
  // A packet (L3 bytes, IPv4 or IPv6) from device `device`'s routing engine
  // into its data plane at `at_ps`: its first chip's host path
  // (models::MxRouter::send_from_host), then wherever its route leads, over
  // the links like any frame.
  void send_from_host(int device, PacketPtr packet, uint64_t at_ps);
  // Called for every packet a device's data plane delivers to its routing
  // engine (to one of its local addresses), before the packet is freed.
  using HostReceiver = std::function<void(int device, const Packet& packet, uint64_t at_ps)>;
  void set_host_receiver(HostReceiver receiver) { host_receiver_ = std::move(receiver); }
  // Packets the routing engines sent into the data planes.
  uint64_t from_host() const;

  // --- A host bridge (sim/bridge) as the far end of a port, after wire():
  // frames leaving `port` go to `out` (and to the port's capture); what the
  // bridge receives the caller injects into the chip and port returned.
  // Errors name the port's line when it is not a configured port of its
  // device or already has a link or a generator.
  struct PortAt {
    models::Trio6* chip;
    int port;
  };
  Expected<PortAt, std::string> attach_bridge(const scenario::PortRef& port, BridgeOut out);

  // --- Links.
  // The link whose end `end` is, or null.
  models::Link* link_at(const scenario::PortRef& end);
  // A crafted frame (L3 bytes) on the link of `toward`, arriving at that
  // port as if the other end had sent it with its first bit at `at_ps`
  // (Link::put): captured in that direction, taken by the far chip like any
  // frame. Errors name the port when it has no link.
  Expected<void, std::string> inject_on_link(const scenario::PortRef& toward, std::span<const uint8_t> l3_bytes,
                                             uint64_t at_ps);
  uint64_t injected_on_links() const;  // frames put on links by hand

 private:
  // (device, chip, port)
  using PortKey = std::tuple<int, int, int>;
  void capture(const PortKey& from, const Packet& p, uint64_t first_bit_ps);
  // Every link's tap: the pcap capture of the port the frame left.
  struct Capture final : models::LinkTap {
    Network* network = nullptr;
    void frame_on_link(const models::Link& link, int from_end, const Packet& p, uint64_t first_bit_ps) override {
      network->capture(network->link_ports_.at(&link)[from_end], p, first_bit_ps);
    }
  };
  void on_egress(int device, int chip, const Packet& p, int port, uint64_t last_bit_ps);
  void count_not_connected(int device, int chip, int port);
  // Line rates: both ends of a link at one speed, and what a generator sends
  // into a port never above the port's line rate.
  double port_gbps(const std::tuple<int, int, int>& port) const;
  Expected<void, std::string> check_link_speeds(const scenario::LinkSpec& link, const std::tuple<int, int, int>& a,
                                                const std::tuple<int, int, int>& b) const;
  Expected<void, std::string> check_offered_load(const scenario::GeneratorSpec& g, const std::tuple<int, int, int>& at,
                                                 uint64_t duration_ps) const;

  const scenario::ScenarioSpec& spec_;
  double scale_rates_;
  // (device, chip, port) -> endpoint
  std::map<PortKey, Endpoint> endpoints_;
  std::vector<std::unique_ptr<models::Link>> links_;  // in the scenario's order
  std::map<const models::Link*, std::array<PortKey, 2>> link_ports_;  // each link's ends
  Capture capture_;
  HostReceiver host_receiver_;
  std::vector<std::unique_ptr<StreamSource>> sources_;
  std::vector<StreamState> streams_;  // index = stream_id - 1
  std::vector<uint64_t> received_other_;  // per generator
};

}  // namespace trio6sim::run
