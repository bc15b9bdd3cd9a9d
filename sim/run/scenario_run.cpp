#include "scenario_run.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>

#include "control/ike_negotiation.h"
#include "control/learned_routes.h"
#include "control/operational.h"
#include "control/rib.h"
#include "control/router_plan.h"
#include "device_builder.h"
#include "junos/commit_check.h"
#include "models/config_error.h"
#include "models/simulation.h"
#include "packet/parser.h"
#include "packet/pcap_io.h"
#include "report/vcd_writer.h"
#include "report/wireshark_esp_sa.h"
#include "show/show_interfaces.h"
#include "show/show_ipsec.h"
#include "show_command.h"
#include "stream_source.h"

namespace trio6sim::run {

namespace {

using models::IflCounters;

// A packet leaving a port on a cable that goes nowhere. Not a chip drop
// cause: the router sent it; the scenario has nothing at the other end.
constexpr const char* kNotConnected = "port not connected";
// A frame whose first bit would leave while its link is down (a scenario
// event): the cable carries nothing.
constexpr const char* kLinkDown = "link down";

struct DeviceState {
  std::string name;
  junos::DeviceConfig config;
  control::Rib rib;
  control::RouterPlan plan;
  DeviceModel model;
  uint64_t not_connected = 0;
  uint64_t link_down = 0;
};

struct Snapshot {
  uint64_t at_ps = 0;
  std::vector<std::map<std::string, IflCounters>> interfaces;  // per device
  std::vector<crypto::IpsecStatistics> ipsec;
  std::vector<std::map<std::string, uint64_t>> drops;  // cause -> packets, "total" too
  std::vector<std::map<std::string, uint64_t>> fabric;  // "lmic1.pfe0" -> packets, "total" too
};

// Where frames leaving one port go.
struct Endpoint {
  enum class Kind : uint8_t { kNone, kLink, kSink } kind = Kind::kNone;
  int device = 0, chip = 0, port = 0;  // link: the far end
  uint64_t delay_ps = 0;
  std::unique_ptr<PcapWriter> pcap;
  std::vector<std::pair<uint64_t, bool>> link_changes;  // (time, up), in time order

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

std::string file_safe(std::string s) {
  std::replace(s.begin(), s.end(), '/', '_');
  return s;
}

// Time of the first bit of a frame whose last bit left at `last_bit_ps`.
uint64_t serialization_ps(const models::Trio6& chip, int port, std::size_t l3_bytes) {
  const auto& pg = chip.params().port_group;
  const double frame = std::max<double>(64, static_cast<double>(l3_bytes + 18));
  return models::ps_for_bytes(frame + pg.preamble_bytes + pg.ifg_bytes, pg.port_gbps[port]);
}

class Run;

// The run's clock: installs SAs when IKE completes, takes counter snapshots,
// runs the `show` commands at their times, samples the VCD and prints the
// progress line. One SC_THREAD that waits from one planned time to the next.
class RunClock : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(RunClock);
  RunClock(const sc_core::sc_module_name& name, Run& run) : sc_core::sc_module(name), run_(run) { SC_THREAD(main); }

 private:
  void main();
  Run& run_;
};

class Run {
 public:
  Run(const scenario::ScenarioSpec& spec, const RunOptions& options)
      : spec_(spec), options_(options), seed_(options.seed.value_or(spec.seed)),
        duration_ps_(options.duration_ps.value_or(spec.duration_ps)) {}

  Expected<RunResult, std::string> execute();

  // For the clock.
  std::set<uint64_t> planned_times() const;
  void at(uint64_t t);

 private:
  Expected<void, std::string> load_devices();
  Expected<void, std::string> plan_devices();
  Expected<void, std::string> build_models();
  Expected<void, std::string> wire();
  Expected<void, std::string> check_names() const;
  void on_egress(int device, int chip, const Packet& p, int port, uint64_t last_bit_ps);
  void apply_link_event(const scenario::EventSpec& e);
  Snapshot take_snapshot(uint64_t at_ps) const;
  std::optional<double> read_counter(const std::string& device, const std::string& counter,
                                     std::optional<uint64_t> at_ps) const;
  std::string run_show(const DeviceState& d, const ShowCommand& c, uint64_t now) const;
  void sample_vcd(uint64_t t);
  void print_progress(uint64_t t, bool last);
  report::RunReport make_report(double wall_seconds) const;
  int device_index(const std::string& name) const;
  uint64_t offered() const;

  const scenario::ScenarioSpec& spec_;
  const RunOptions& options_;
  uint64_t seed_;
  uint64_t duration_ps_;
  std::vector<std::unique_ptr<DeviceState>> devices_;
  control::NegotiationResult negotiation_;
  std::vector<std::pair<const scenario::ShowRequest*, ShowCommand>> shows_;
  std::vector<scenario::ExpectationSpec> expectations_;  // those inside the run
  std::vector<std::string> notes_;
  bool tunnels_installed_ = false;
  std::optional<uint64_t> last_at_;  // the last planned time handled
  // (device, chip, port) -> endpoint
  std::map<std::tuple<int, int, int>, Endpoint> endpoints_;
  std::vector<std::unique_ptr<StreamSource>> sources_;
  std::vector<StreamState> streams_;  // index = stream_id - 1
  std::unique_ptr<RunClock> clock_;
  std::map<uint64_t, Snapshot> snapshots_;
  std::optional<Snapshot> final_;
  std::vector<ShowOutput> show_outputs_;
  std::unique_ptr<report::VcdWriter> vcd_;
  std::vector<std::pair<report::VcdWriter::SignalId, std::function<double(uint64_t)>>> vcd_signals_;
  uint64_t vcd_last_ps_ = 0;
  std::chrono::steady_clock::time_point wall_start_ = std::chrono::steady_clock::now();
};

void RunClock::main() {
  uint64_t now = 0;
  for (uint64_t t : run_.planned_times()) {
    if (t > now) wait(sc_core::sc_time::from_value(t - now));
    // One delta later, so that the traffic sources' batch at t is in (every
    // reading then counts the same batch ahead, and rates come out exact).
    wait(sc_core::SC_ZERO_TIME);
    now = t;
    run_.at(t);
  }
}

int Run::device_index(const std::string& name) const {
  for (std::size_t i = 0; i < devices_.size(); ++i)
    if (devices_[i]->name == name) return static_cast<int>(i);
  return -1;
}

Expected<void, std::string> Run::load_devices() {
  for (const auto& dev : spec_.devices) {
    auto config = dev.config_text.empty() ? junos::commit_config_file(dev.config_path)
                                          : junos::commit_config_text(dev.config_text, dev.where.str());
    if (!config)
      return unexpected(fmt::format("{}: device {}: its configuration does not commit:\n{}", dev.where.str(), dev.name,
                                    config.error()));
    auto d = std::make_unique<DeviceState>();
    d->name = dev.name;
    d->config = std::move(*config);
    devices_.push_back(std::move(d));
  }
  return {};
}

Expected<void, std::string> Run::plan_devices() {
  std::vector<control::DeviceRef> refs;
  for (const auto& d : devices_) refs.push_back({d->name, &d->config});
  std::mt19937_64 rng(seed_);
  negotiation_ = control::negotiate(refs, rng);
  for (std::size_t i = 0; i < devices_.size(); ++i) {
    DeviceState& d = *devices_[i];
    control::add_config_routes(d.rib, d.config);
    control::add_learned_routes(d.rib, d.name, spec_.learned_routes);
    d.rib.resolve();
    auto plan = control::plan_router(d.name, d.config, d.rib, spec_.devices[i].lmics, negotiation_);
    if (!plan) return unexpected(fmt::format("{}: device {}: {}", spec_.devices[i].where.str(), d.name, plan.error()));
    d.plan = std::move(*plan);
  }
  return {};
}

// Labels the scenario's learned routes push toward a device (labeled BGP:
// the protocol next hop's owner allocated them) are that device's to pop.
std::vector<uint32_t> labels_allocated_by(const junos::DeviceConfig& config,
                                          const std::vector<scenario::LearnedRouteSpec>& learned) {
  std::vector<uint32_t> labels;
  for (const auto& l : learned) {
    if (!l.push_label || !l.protocol_next_hop) continue;
    IpAddress nh = *l.protocol_next_hop;
    if (nh.is_v6()) {  // ::ffff:a.b.c.d, IPv4-mapped (6PE)
      const uint8_t* b = nh.data();
      bool mapped = b[10] == 0xff && b[11] == 0xff;
      for (int i = 0; i < 10; ++i) mapped = mapped && b[i] == 0;
      if (mapped) nh = IpAddress::v4(b + 12);
    }
    bool owns = false;
    for (const auto& ifd : config.interfaces)
      for (const auto& u : ifd.units)
        for (const auto& f : u.families)
          for (const auto& p : f.ip_prefixes()) owns = owns || p.address == nh;
    if (owns && std::find(labels.begin(), labels.end(), *l.push_label) == labels.end()) labels.push_back(*l.push_label);
  }
  return labels;
}

Expected<void, std::string> Run::build_models() {
  models::fresh_simulation_context();
  models::Trio6Params params;
  for (const auto& [key, value] : spec_.parameters) {
    try {
      params.set(key, value);
    } catch (const std::exception& e) {
      return unexpected(fmt::format("{}: parameters: {}", spec_.file, e.what()));
    }
  }
  if (options_.timing_only) params.ipsec.timing_only = true;
  for (auto& d : devices_) {
    auto model = build_device(d->plan, d->config, labels_allocated_by(d->config, spec_.learned_routes), params);
    if (!model) return unexpected(model.error());
    d->model = std::move(*model);
  }
  return {};
}

Expected<void, std::string> Run::wire() {
  auto port_of = [&](const scenario::PortRef& ref) -> Expected<std::tuple<int, int, int>, std::string> {
    const int dev = device_index(ref.device);
    if (dev < 0) return unexpected(fmt::format("{}: {}: no device {}", ref.where.str(), ref.str(), ref.device));
    const auto& ports = devices_[dev]->model.ports;
    auto it = ports.find(ref.interface);
    if (it == ports.end())
      return unexpected(fmt::format("{}: {}: {} has no configured port {}", ref.where.str(), ref.str(), ref.device,
                                    ref.interface));
    return std::tuple{dev, it->second.chip, it->second.port};
  };
  for (const auto& link : spec_.links) {
    auto a = port_of(link.a), b = port_of(link.b);
    if (!a) return unexpected(a.error());
    if (!b) return unexpected(b.error());
    for (auto [from, to] : {std::pair{*a, *b}, std::pair{*b, *a}}) {
      Endpoint& e = endpoints_[from];
      if (e.kind != Endpoint::Kind::kNone)
        return unexpected(fmt::format("{}: a port is connected twice", link.where.str()));
      e.kind = Endpoint::Kind::kLink;
      std::tie(e.device, e.chip, e.port) = to;
      e.delay_ps = link.delay_ps;
    }
  }
  uint32_t stream_id = 0;
  for (const auto& g : spec_.generators) {
    auto at = port_of(g.attach);
    if (!at) return unexpected(at.error());
    Endpoint& e = endpoints_[*at];
    if (e.kind != Endpoint::Kind::kNone)
      return unexpected(fmt::format("{}: generator {}: {} is already connected", g.where.str(), g.name, g.attach.str()));
    e.kind = Endpoint::Kind::kSink;
    std::vector<SourceStream> list;
    const std::size_t first = streams_.size();
    for (const auto& s : g.streams) {
      StreamState st;
      st.name = s.name;
      st.spec = &s;
      st.index_in_source = list.size();
      streams_.push_back(std::move(st));
      list.push_back({++stream_id, &s});
    }
    auto [dev, chip, port] = *at;
    auto& router = *devices_[dev]->model.router;
    sources_.push_back(std::make_unique<StreamSource>(fmt::format("generator_{}", g.name).c_str(), router.chip(chip),
                                                      port, std::move(list), duration_ps_));
    for (std::size_t i = first; i < streams_.size(); ++i) streams_[i].source = sources_.back().get();
  }
  if (!options_.pcap_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(options_.pcap_dir, ec);
    if (ec) return unexpected(fmt::format("--pcap {}: {}", options_.pcap_dir, ec.message()));
    for (std::size_t dev = 0; dev < devices_.size(); ++dev) {
      for (const auto& [name, place] : devices_[dev]->model.ports) {
        const std::string path =
            fmt::format("{}/{}-{}.pcap", options_.pcap_dir, devices_[dev]->name, file_safe(name));
        auto w = PcapWriter::open(path, PcapLinkType::kEthernet);
        if (!w) return unexpected(fmt::format("--pcap: {}", w.error()));
        endpoints_[{static_cast<int>(dev), place.chip, place.port}].pcap = std::make_unique<PcapWriter>(std::move(*w));
      }
    }
  }
  for (std::size_t dev = 0; dev < devices_.size(); ++dev) {
    auto& router = *devices_[dev]->model.router;
    for (std::size_t c = 0; c < router.chip_count(); ++c) {
      router.chip(static_cast<int>(c)).set_egress_observer(
          [this, dev, c](const Packet& p, int port, uint64_t last_bit_ps) {
            on_egress(static_cast<int>(dev), static_cast<int>(c), p, port, last_bit_ps);
          });
    }
  }
  return {};
}

void Run::on_egress(int device, int chip, const Packet& p, int port, uint64_t last_bit_ps) {
  auto it = endpoints_.find({device, chip, port});
  Endpoint* e = it == endpoints_.end() ? nullptr : &it->second;
  const models::Trio6& from = devices_[device]->model.router->chip(chip);
  const uint64_t first_bit_ps = last_bit_ps - serialization_ps(from, port, p.size());
  if (e && e->pcap && (e->kind != Endpoint::Kind::kLink || e->up_at(first_bit_ps))) {
    // The captured frame: a locally administered MAC pair naming the device
    // and port, then the packet as sent (the chip's L2 rewrite is not kept).
    std::array<uint8_t, 14> eth = {0x02, 0x00, 0x00, static_cast<uint8_t>(device), static_cast<uint8_t>(chip),
                                   static_cast<uint8_t>(port), 0x02, 0x00, 0x00, static_cast<uint8_t>(device),
                                   static_cast<uint8_t>(chip), static_cast<uint8_t>(port), 0x08, 0x00};
    const uint8_t version = p.empty() ? 0 : p.data()[0] >> 4;
    const uint16_t type = version == 4 ? 0x0800 : version == 6 ? 0x86dd : 0x8847;
    eth[0] = 0x06;  // destination: the far end
    eth[12] = static_cast<uint8_t>(type >> 8);
    eth[13] = static_cast<uint8_t>(type);
    std::vector<uint8_t> frame(eth.begin(), eth.end());
    frame.insert(frame.end(), p.bytes().begin(), p.bytes().end());
    (void)e->pcap->write(frame, first_bit_ps / 1000);
  }
  if (!e || e->kind == Endpoint::Kind::kNone) {
    ++devices_[device]->not_connected;
    return;
  }
  if (e->kind == Endpoint::Kind::kLink && !e->up_at(first_bit_ps)) {
    ++devices_[device]->link_down;
    return;
  }
  if (e->kind == Endpoint::Kind::kSink) {
    const uint32_t id = p.meta.stream_id;
    if (id == 0 || id > streams_.size()) {
      ++devices_[device]->not_connected;  // not a generator's packet: nothing counts it
      return;
    }
    StreamState& s = streams_[id - 1];
    ++s.rx;
    s.latency.add(static_cast<double>(last_bit_ps - p.meta.sent_ps) / 1000.0);
    return;
  }
  // A link: the far port receives the same bytes, the first bit `delay`
  // after it left (both ends run at their own port speed).
  models::Trio6& to = devices_[e->device]->model.router->chip(e->chip);
  PacketPtr q = to.pool().acquire();
  uint8_t* d = q->push_back(p.size());
  std::copy(p.bytes().begin(), p.bytes().end(), d);
  q->meta = p.meta;
  // The receiving router hashes the packet itself (outer header and SPI
  // for ESP), as every hop does.
  ParseOptions po;
  po.verify_ipv4_checksum = false;
  if (auto parsed = parse_l3(q->bytes(), L3Family::kUnknown, po)) q->meta.flow_hash = parsed->flow_hash;
  to.inject(std::move(q), e->port, first_bit_ps + e->delay_ps);
}

void Run::apply_link_event(const scenario::EventSpec& e) {
  for (const auto& link : spec_.links) {
    if (link.a.str() != e.link.str() && link.b.str() != e.link.str()) continue;
    for (const scenario::PortRef* end : {&link.a, &link.b}) {
      const int dev = device_index(end->device);
      DeviceModel& model = devices_[dev]->model;
      const PortPlace& place = model.ports.at(end->interface);
      // Both routers see the link change at once (LACP's detection time is
      // not modeled): every chip's copy of the port, local or remote.
      for (std::size_t c = 0; c < model.router->chip_count(); ++c) {
        models::Trio6& chip = model.router->chip(static_cast<int>(c));
        if (auto ifl = chip.find_interface(end->interface)) chip.set_link_up(*ifl, e.up);
      }
      endpoints_[{dev, place.chip, place.port}].link_changes.emplace_back(e.at_ps, e.up);
    }
  }
}

std::set<uint64_t> Run::planned_times() const {
  std::set<uint64_t> t;
  t.insert(spec_.ike_negotiation_ps);
  for (const auto& e : spec_.events) t.insert(e.at_ps);
  auto add_window = [&](uint64_t at) {
    if (at > duration_ps_) return;
    t.insert(at);
    if (at >= spec_.rate_window_ps) t.insert(at - spec_.rate_window_ps);
  };
  for (const auto& s : spec_.shows) add_window(s.at_ps.value_or(duration_ps_));
  for (const auto& e : expectations_)
    if (e.at_ps) add_window(*e.at_ps);
  add_window(duration_ps_);
  if (options_.progress || vcd_) {
    const uint64_t tick = std::max<uint64_t>(duration_ps_ / 200, 1);
    for (uint64_t x = tick; x < duration_ps_; x += tick) t.insert(x);
  }
  return t;
}

void Run::at(uint64_t t) {
  if (last_at_ && *last_at_ >= t) return;  // done already (the end of the run is taken by hand)
  last_at_ = t;
  if (t == spec_.ike_negotiation_ps && !tunnels_installed_) {
    for (auto& d : devices_) install_tunnels(d->model);
    tunnels_installed_ = true;
  }
  for (const auto& e : spec_.events)
    if (e.at_ps == t) apply_link_event(e);
  snapshots_[t] = take_snapshot(t);
  for (const auto& [req, cmd] : shows_) {
    if (req->at_ps.value_or(duration_ps_) != t || req->at_ps == std::nullopt) continue;
    const DeviceState& d = *devices_[device_index(req->device)];
    show_outputs_.push_back({t, req->device, req->command, run_show(d, cmd, t)});
  }
  if (vcd_) sample_vcd(t);
  if (options_.progress) print_progress(t, false);
}

Snapshot Run::take_snapshot(uint64_t at_ps) const {
  Snapshot s;
  s.at_ps = at_ps;
  for (const auto& d : devices_) {
    std::map<std::string, IflCounters> ifl;
    for (const auto& [name, places] : d->model.interfaces) ifl[name] = d->model.counters(name);
    s.interfaces.push_back(std::move(ifl));
    s.ipsec.push_back(d->model.router->ipsec_statistics());
    std::map<std::string, uint64_t> drops;
    const auto counters = d->model.router->drops();
    uint64_t total = 0;
    for (std::size_t c = 1; c < static_cast<std::size_t>(DropCause::kCount); ++c) {
      const uint64_t n = counters[static_cast<DropCause>(c)];
      total += n;
      if (n) drops[std::string(to_string(static_cast<DropCause>(c)))] = n;
    }
    if (d->not_connected) drops[kNotConnected] = d->not_connected;
    if (d->link_down) drops[kLinkDown] = d->link_down;
    drops["total"] = total + d->not_connected + d->link_down;
    s.drops.push_back(std::move(drops));
    std::map<std::string, uint64_t> fabric;
    const auto& router = *d->model.router;
    uint64_t crossed = 0;
    if (router.chip_count() > 1) {
      for (std::size_t c = 0; c < router.chip_count(); ++c)
        for (int pfe = 0; pfe < models::kSlices; ++pfe) {
          const uint64_t n = router.chassis_fabric().queue(static_cast<int>(c), pfe).counters().packets;
          fabric[fmt::format("lmic{}.pfe{}", router.lmics()[c], pfe)] = n;
          crossed += n;
        }
    }
    fabric["total"] = crossed;
    s.fabric.push_back(std::move(fabric));
  }
  return s;
}

// "interfaces.<ifl>.<field>", "ipsec.<counter>", "drops.total", "drops.<cause>".
std::optional<double> Run::read_counter(const std::string& device, const std::string& counter,
                                        std::optional<uint64_t> at_ps) const {
  const int dev = device_index(device);
  if (dev < 0) return std::nullopt;
  const Snapshot* now = nullptr;
  const Snapshot* before = nullptr;
  uint64_t window_end = at_ps.value_or(duration_ps_);
  if (at_ps) {
    auto it = snapshots_.find(*at_ps);
    if (it == snapshots_.end()) return std::nullopt;
    now = &it->second;
  } else {
    now = final_ ? &*final_ : nullptr;
  }
  if (!now) return std::nullopt;
  if (window_end >= spec_.rate_window_ps) {
    auto it = snapshots_.find(window_end - spec_.rate_window_ps);
    if (it != snapshots_.end()) before = &it->second;
  }
  const double window_s = static_cast<double>(std::min(window_end, spec_.rate_window_ps)) * 1e-12;
  if (counter.starts_with("interfaces.")) {
    const auto dot = counter.rfind('.');
    const std::string ifl = counter.substr(11, dot - 11);
    const std::string field = counter.substr(dot + 1);
    auto it = now->interfaces[dev].find(ifl);
    if (it == now->interfaces[dev].end()) return std::nullopt;
    const IflCounters& c = it->second;
    if (field == "input_packets") return static_cast<double>(c.input_packets);
    if (field == "output_packets") return static_cast<double>(c.output_packets);
    if (field == "input_bytes") return static_cast<double>(c.input_bytes);
    if (field == "output_bytes") return static_cast<double>(c.output_bytes);
    if (field == "input_pps" || field == "output_pps") {
      // Rates over the window before the reading, from the snapshots at its
      // two ends (the one at the end of the run, not after the drain).
      auto end_it = snapshots_.find(window_end);
      if (end_it == snapshots_.end() || window_s <= 0) return std::nullopt;
      const IflCounters& e = end_it->second.interfaces[dev].at(ifl);
      const IflCounters b = before ? before->interfaces[dev].at(ifl) : IflCounters{};
      const uint64_t n = field == "input_pps" ? e.input_packets - b.input_packets : e.output_packets - b.output_packets;
      return static_cast<double>(n) / window_s;
    }
    return std::nullopt;
  }
  if (counter.starts_with("ipsec.")) {
    const std::string name = counter.substr(6);
    for (const auto& c : crypto::kIpsecCounters)
      if (name == c.name) return static_cast<double>(now->ipsec[dev].*c.field);
    return std::nullopt;
  }
  if (counter.starts_with("chassis_fabric.")) {
    auto it = now->fabric[dev].find(counter.substr(15));
    if (it == now->fabric[dev].end()) return std::nullopt;
    return static_cast<double>(it->second);
  }
  if (counter.starts_with("drops.")) {
    const std::string cause = counter.substr(6);
    auto it = now->drops[dev].find(cause);
    if (it != now->drops[dev].end()) return static_cast<double>(it->second);
    if (cause == kNotConnected || cause == kLinkDown) return 0.0;
    for (std::size_t c = 1; c < static_cast<std::size_t>(DropCause::kCount); ++c)
      if (to_string(static_cast<DropCause>(c)) == cause) return 0.0;
    return std::nullopt;
  }
  return std::nullopt;
}

std::string Run::run_show(const DeviceState& d, const ShowCommand& c, uint64_t now) const {
  const bool up = tunnels_installed_;
  const control::NegotiationResult none;
  const control::NegotiationResult& neg = up ? negotiation_ : none;
  switch (c.kind) {
    case ShowKind::kIkeSas: return control::show_ike_security_associations(d.name, neg);
    case ShowKind::kIpsecSas:
      return control::show_ipsec_security_associations(d.name, neg, c.detail, spec_.ike_negotiation_ps, now);
    case ShowKind::kIpsecStatistics: {
      if (c.argument.empty()) return show::ipsec_statistics(d.model.router->ipsec_statistics());
      // Tunnel IDs count from 500001 over the device's tunnels that are up,
      // in the order `show security ipsec security-associations` lists them.
      uint32_t id = 500001;
      for (const auto& t : neg.tunnels) {
        if (!t.up || (t.a.device != d.name && t.b.device != d.name)) continue;
        const std::string& vpn = (t.a.device == d.name ? t.a : t.b).vpn->name;
        if (std::to_string(id++) != c.argument) continue;
        crypto::IpsecStatistics s;
        for (const auto& ti : d.model.tunnels)
          if (ti.plan.vpn == vpn)
            for (auto sa : {ti.outbound_sa, ti.inbound_sa})
              if (sa) s += d.model.router->chip(ti.chip).sa_statistics(*sa);
        return show::ipsec_statistics(s);
      }
      return fmt::format("error: no tunnel with index {}\n", c.argument);
    }
    case ShowKind::kInterfacesTerse: return control::show_interfaces_terse(d.config);
    case ShowKind::kRoute: {
      auto r = control::show_route(d.rib, d.config, c.argument, now);
      return r ? *r : "error: " + r.error() + "\n";
    }
    case ShowKind::kInterfacePps: {
      const int dev = device_index(d.name);
      const IflCounters n = d.model.counters(c.argument);
      IflCounters b;
      if (now >= spec_.rate_window_ps) {
        auto it = snapshots_.find(now - spec_.rate_window_ps);
        if (it != snapshots_.end()) b = it->second.interfaces[dev].at(c.argument);
      }
      // The rate is over the window ending at `now` (the snapshot there; an
      // end-of-run show runs after the drain, whose packets are not in it),
      // as the report and the expectations read it.
      auto at_now = snapshots_.find(now);
      const IflCounters e = at_now != snapshots_.end() ? at_now->second.interfaces[dev].at(c.argument) : n;
      const double w = static_cast<double>(std::min(now, spec_.rate_window_ps)) * 1e-12;
      show::PacketRates r;
      r.input_packets = n.input_packets;
      r.output_packets = n.output_packets;
      r.input_pps = w > 0 ? static_cast<uint64_t>(static_cast<double>(e.input_packets - b.input_packets) / w + 0.5) : 0;
      r.output_pps = w > 0 ? static_cast<uint64_t>(static_cast<double>(e.output_packets - b.output_packets) / w + 0.5) : 0;
      if (c.argument.find('.') == std::string::npos) return show::extensive_pps_physical(r);
      const bool service = c.argument.starts_with("st0.") || c.argument.starts_with("si-");
      return show::extensive_pps_logical(r, r, service);
    }
  }
  return {};
}

Expected<void, std::string> Run::check_names() const {
  std::string errors;
  for (const auto& [req, cmd] : shows_) {
    const int dev = device_index(req->device);
    if (cmd.kind == ShowKind::kInterfacePps && !devices_[dev]->model.places(cmd.argument))
      errors += fmt::format("{}: {}: {} has no interface {}\n", req->where.str(), req->command, req->device, cmd.argument);
  }
  // Every expectation's counter must exist before anything runs: a typo
  // found after a long run is a run lost. final_ is empty here, so read
  // names against a zero snapshot.
  const Snapshot zero = take_snapshot(0);
  auto known = [&](const std::string& device, const std::string& counter) {
    const int dev = device_index(device);
    if (dev < 0) return false;
    if (counter.starts_with("interfaces.")) {
      const auto dot = counter.rfind('.');
      if (dot <= 11) return false;
      const std::string field = counter.substr(dot + 1);
      static const std::set<std::string> fields = {"input_packets", "output_packets", "input_bytes",
                                                   "output_bytes",  "input_pps",      "output_pps"};
      return zero.interfaces[dev].count(counter.substr(11, dot - 11)) && fields.count(field);
    }
    if (counter.starts_with("ipsec."))
      return std::any_of(std::begin(crypto::kIpsecCounters), std::end(crypto::kIpsecCounters),
                         [&](const auto& c) { return counter.substr(6) == c.name; });
    if (counter.starts_with("chassis_fabric.")) return zero.fabric[dev].count(counter.substr(15)) > 0;
    if (counter.starts_with("drops.")) {
      const std::string cause = counter.substr(6);
      if (cause == "total" || cause == kNotConnected || cause == kLinkDown) return true;
      for (std::size_t c = 1; c < static_cast<std::size_t>(DropCause::kCount); ++c)
        if (to_string(static_cast<DropCause>(c)) == cause) return true;
    }
    return false;
  };
  for (const auto& e : expectations_) {
    if (!known(e.device, e.counter))
      errors += fmt::format("{}: expect: {} has no counter '{}' (interfaces.IFL.FIELD, ipsec.NAME, drops.total, "
                            "drops.CAUSE, chassis_fabric.total or chassis_fabric.lmicL.pfeP)\n",
                            e.where.str(), e.device, e.counter);
    if (e.value_of) {
      const auto colon = e.value_of->find(':');
      if (colon == std::string::npos || !known(e.value_of->substr(0, colon), e.value_of->substr(colon + 1)))
        errors += fmt::format("{}: expect: '{}' is not DEVICE:COUNTER of this scenario\n", e.where.str(), *e.value_of);
    }
  }
  if (!errors.empty()) return unexpected(errors);
  return {};
}

void Run::sample_vcd(uint64_t t) {
  for (auto& [id, read] : vcd_signals_) vcd_->change(t, id, read(t));
  vcd_last_ps_ = t;
}

uint64_t Run::offered() const {
  uint64_t n = 0;
  for (const auto& s : streams_) n += s.source->sent(s.index_in_source);
  return n;
}

void Run::print_progress(uint64_t t, bool last) {
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
  std::fprintf(stderr, "\r%s: %5.1f%%  sim %s of %s  %llu packets sent  wall %.1f s%s", spec_.name.c_str(),
               100.0 * static_cast<double>(t) / static_cast<double>(std::max<uint64_t>(duration_ps_, 1)),
               scenario::format_duration(t).c_str(), scenario::format_duration(duration_ps_).c_str(),
               static_cast<unsigned long long>(offered()), wall, last ? "\n" : "");
  std::fflush(stderr);
}

report::RunReport Run::make_report(double wall_seconds) const {
  report::RunReport r;
  r.scenario = spec_.name;
  r.seed = seed_;
  r.sim_seconds = static_cast<double>(models::now_ps()) * 1e-12;
  r.wall_seconds = wall_seconds;
  for (std::size_t dev = 0; dev < devices_.size(); ++dev) {
    const DeviceState& d = *devices_[dev];
    report::DeviceReport dr;
    for (const auto& [name, places] : d.model.interfaces) {
      report::InterfaceCounters ic;
      const IflCounters& c = final_->interfaces[dev].at(name);
      ic.input_packets = c.input_packets;
      ic.output_packets = c.output_packets;
      ic.input_bytes = c.input_bytes;
      ic.output_bytes = c.output_bytes;
      ic.input_pps = read_counter(d.name, "interfaces." + name + ".input_pps", std::nullopt).value_or(0);
      ic.output_pps = read_counter(d.name, "interfaces." + name + ".output_pps", std::nullopt).value_or(0);
      dr.interfaces[name] = ic;
    }
    dr.ipsec = final_->ipsec[dev];
    for (const auto& [to, n] : final_->fabric[dev])
      if (to != "total") dr.chassis_fabric[to] = n;
    for (const auto& [cause, n] : final_->drops[dev])
      if (cause != "total") dr.drops[cause] = n;
    dr.not_modeled = d.config.not_modeled_protocols();
    for (const auto& t : d.plan.tunnels)
      if (!t.up) dr.tunnels_down.push_back(fmt::format("{} ({}): {}", t.vpn, t.st0_unit, t.down_reason));
    r.devices[d.name] = std::move(dr);
  }
  for (const auto& s : streams_) {
    report::StreamReport sr;
    sr.tx_packets = s.source->sent(s.index_in_source);
    sr.rx_packets = s.rx;
    sr.latency_ns = {s.latency.quantile_ns(0.5), s.latency.quantile_ns(0.99), s.latency.max_ns()};
    r.streams[s.name] = sr;
  }
  r.conservation.offered = offered();
  for (const auto& s : streams_) r.conservation.delivered += s.rx;
  for (std::size_t dev = 0; dev < devices_.size(); ++dev) {
    r.conservation.delivered += devices_[dev]->model.router->delivered_to_host_packets();
    r.conservation.dropped += final_->drops[dev].at("total");
  }
  return r;
}

Expected<RunResult, std::string> Run::execute() {
  if (auto r = load_devices(); !r) return unexpected(r.error());
  // Shows and expectations timed after the end: an error in the file itself;
  // skipped, with a note, when --duration shortened the run on purpose.
  std::string late;
  auto after_end = [&](const std::optional<uint64_t>& at, const scenario::Where& where, const char* what) {
    if (!at || *at <= duration_ps_) return false;
    const std::string text = fmt::format("{}: {} at {} is after the end of the run ({})", where.str(), what,
                                         scenario::format_duration(*at), scenario::format_duration(duration_ps_));
    if (options_.duration_ps) notes_.push_back(text + ": skipped");
    else late += text + "\n";
    return true;
  };
  for (const auto& e : spec_.expectations)
    if (!after_end(e.at_ps, e.where, "expect")) expectations_.push_back(e);
  for (const auto& s : spec_.shows) {
    if (after_end(s.at_ps, s.where, "show")) continue;
    if (device_index(s.device) < 0) return unexpected(fmt::format("{}: show: no device {}", s.where.str(), s.device));
    auto cmd = parse_show_command(s.command);
    if (!cmd) return unexpected(fmt::format("{}: {}", s.where.str(), cmd.error()));
    shows_.emplace_back(&s, *cmd);
  }
  if (!late.empty()) return unexpected(late);
  if (auto r = plan_devices(); !r) return unexpected(r.error());
  if (auto r = build_models(); !r) return unexpected(r.error());
  if (auto r = wire(); !r) return unexpected(r.error());
  if (auto r = check_names(); !r) return unexpected(r.error());
  if (!options_.vcd_path.empty()) {
    vcd_ = std::make_unique<report::VcdWriter>();
    for (auto& d : devices_) {
      auto& router = *d->model.router;
      for (std::size_t c = 0; c < router.chip_count(); ++c) {
        const auto queues = router.chip(static_cast<int>(c)).queue_occupancy();
        for (std::size_t q = 0; q < queues.size(); ++q) {
          const auto id = vcd_->declare(fmt::format("{}.lmic{}.{}_bytes", d->name, router.lmics()[c], queues[q].queue));
          vcd_signals_.emplace_back(id, [&router, c, q](uint64_t) {
            return router.chip(static_cast<int>(c)).queue_occupancy()[q].bytes;
          });
        }
      }
      for (const auto& [name, places] : d->model.interfaces) {
        if (name.find('.') == std::string::npos) continue;  // units only: the physical ones repeat them
        const DeviceModel* model = &d->model;
        const std::string ifl = name;
        std::string signal = file_safe(name);
        std::replace(signal.begin(), signal.end(), '.', '_');  // a dot would open a VCD scope
        const auto id = vcd_->declare(fmt::format("{}.{}_output_pps", d->name, signal));
        auto last = std::make_shared<std::pair<uint64_t, uint64_t>>(0, 0);  // (time, packets)
        vcd_signals_.emplace_back(id, [model, ifl, last](uint64_t t) {
          const uint64_t n = model->counters(ifl).output_packets;
          const double dt = static_cast<double>(t - last->first) * 1e-12;
          const double pps = dt > 0 ? static_cast<double>(n - last->second) / dt : 0;
          *last = {t, n};
          return pps;
        });
      }
    }
  }
  clock_ = std::make_unique<RunClock>("run_clock", *this);

  wall_start_ = std::chrono::steady_clock::now();
  sc_core::sc_start(sc_core::sc_time::from_value(duration_ps_));
  at(duration_ps_);  // sc_start stops before the processes due at exactly its end
  // Drain: the sources have stopped; let what is still inside arrive (at
  // most 10 ms more), so that every packet is delivered or dropped.
  auto in_flight = [&] {
    uint64_t n = 0;
    for (const auto& d : devices_) n += d->model.router->in_flight();
    return n;
  };
  for (int i = 0; i < 1000 && in_flight() > 0; ++i) sc_core::sc_start(sc_core::sc_time::from_value(10'000'000));
  if (options_.progress) print_progress(duration_ps_, true);
  final_ = take_snapshot(models::now_ps());
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();

  RunResult result;
  result.report = make_report(wall);
  result.conserved = result.report.conservation.unaccounted() == 0;
  // End-of-run shows come after the drain, with the final counters.
  for (const auto& [req, cmd] : shows_) {
    if (req->at_ps) continue;
    const DeviceState& d = *devices_[device_index(req->device)];
    show_outputs_.push_back({duration_ps_, req->device, req->command, run_show(d, cmd, duration_ps_)});
  }
  std::stable_sort(show_outputs_.begin(), show_outputs_.end(),
                   [](const ShowOutput& a, const ShowOutput& b) { return a.at_ps < b.at_ps; });
  result.shows = show_outputs_;
  result.notes = notes_;
  result.expectations = report::check_expectations(
      expectations_, [this](const std::string& dev, const std::string& counter, std::optional<uint64_t> at) {
        return read_counter(dev, counter, at);
      });

  if (!options_.json_path.empty()) {
    std::ofstream out(options_.json_path);
    out << report::to_json(result.report);
    if (!out) return unexpected(fmt::format("--json {}: cannot write", options_.json_path));
  }
  if (!options_.pcap_dir.empty()) {
    std::vector<crypto::SaConfig> sas;
    for (const auto& t : negotiation_.tunnels)
      if (t.up) {
        sas.push_back(t.a_to_b);
        sas.push_back(t.b_to_a);
      }
    std::ofstream out(options_.pcap_dir + "/esp_sa");
    out << report::esp_sa_table(sas);
    for (auto& [key, e] : endpoints_)
      if (e.pcap) (void)e.pcap->close();
  }
  if (vcd_) {
    std::ofstream out(options_.vcd_path);
    vcd_->write(out);
    if (!out) return unexpected(fmt::format("--vcd {}: cannot write", options_.vcd_path));
  }
  return result;
}

}  // namespace

Expected<RunResult, std::string> run_scenario(const scenario::ScenarioSpec& spec, const RunOptions& options) {
  try {
    Run run(spec, options);
    return run.execute();
  } catch (const models::ConfigError& e) {
    return unexpected(fmt::format("{}: {}", spec.file, e.what()));
  }
}

int exit_status(const RunResult& r) {
  if (!r.conserved) return 1;
  for (const auto& e : r.expectations)
    if (!e.passed) return 1;
  return 0;
}

}  // namespace trio6sim::run
