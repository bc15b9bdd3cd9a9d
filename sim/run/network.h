// The scenario's routers at run time and what joins them: where frames
// leaving each port go (a link to another router's port, a traffic
// generator's sink, or nothing), the optional pcap capture of every port,
// the generators' streams with what arrived of them, and the link events.
// Every chip's egress is observed here: a frame is captured, carried over
// its link, counted by its stream, or dropped with a cause.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "control/rib.h"
#include "control/router_plan.h"
#include "device_builder.h"
#include "junos/device_config.h"
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
};

// Where frames leaving one port go.
struct Endpoint {
  enum class Kind : uint8_t { kNone, kLink, kSink } kind = Kind::kNone;
  int device = 0, chip = 0, port = 0;  // link: the far end
  uint64_t delay_ps = 0;
  std::unique_ptr<PcapWriter> pcap;
  std::vector<std::pair<uint64_t, bool>> link_changes;  // (time, up), in time order
  // Link: when the first bit of each frame still on the cable reaches the far
  // port (those already there are forgotten as new ones leave). The far chip
  // holds the frames themselves; this only counts them for conservation.
  std::deque<uint64_t> arriving_ps;

  bool up_at(uint64_t t) const {
    bool up = true;
    for (const auto& [at, state] : link_changes)
      if (at <= t) up = state;
    return up;
  }
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
  uint64_t offered() const;  // packets the generators sent so far
  // "generator_G: what" when a generator's process stopped the run, else "".
  std::string generator_fault() const;
  // Frames on a cable now: left one port, first bit not yet at the other
  // (a long link delay holds them past the end of the run and its drain).
  uint64_t in_flight_on_links() const;
  void close_pcaps();

 private:
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
  std::map<std::tuple<int, int, int>, Endpoint> endpoints_;
  std::vector<std::unique_ptr<StreamSource>> sources_;
  std::vector<StreamState> streams_;  // index = stream_id - 1
};

}  // namespace trio6sim::run
