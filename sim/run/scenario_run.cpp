#include "scenario_run.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fmt/core.h>
#include <fstream>
#include <memory>
#include <set>
#include <stdexcept>

#include "attacks.h"
#include "control/ike_negotiation.h"
#include "bridge/host_bridge.h"
#include "bridge/realtime_pacer.h"
#include "control_plane.h"
#include "evpn.h"
#include "counter_book.h"
#include "device_setup.h"
#include "device_shows.h"
#include "load_report.h"
#include "models/config_error.h"
#include "models/simulation.h"
#include "models/timed_block.h"
#include "network.h"
#include "packet/parser.h"
#include "rate_scale.h"
#include "report/wireshark_esp_sa.h"
#include "report/wireshark_ikev2.h"
#include "show_command.h"
#include "vcd_probes.h"

namespace trio6sim::run {

namespace {

using models::IflCounters;

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
        duration_ps_(options.duration_ps.value_or(spec.duration_ps)), network_(spec, options.scale_rates),
        counters_(network_, spec.rate_window_ps, duration_ps_), peaks_(spec.warmup_ps, duration_ps_) {}

  Expected<RunResult, std::string> execute();

  // For the clock.
  std::set<uint64_t> planned_times() const;
  // When every place's busy time is sampled (PeakSampler): a rate window
  // apart from the warm-up to the end.
  std::set<uint64_t> load_sample_times() const;
  void at(uint64_t t);
  // Stops the simulation for an error raised inside a process ("PROCESS: what").
  void stop_with(const std::string& fault);

 private:
  bool wire_mode() const { return spec_.ike_mode == scenario::IkeMode::kWire; }
  Expected<void, std::string> apply_event(const scenario::EventSpec& e, uint64_t t);
  Expected<void, std::string> check_names() const;
  std::string run_show(const scenario::ShowRequest& req, const ShowCommand& c, uint64_t now) const;
  void print_progress(uint64_t t, bool last);
  report::RunReport make_report(double wall_seconds) const;
  Expected<void, std::string> write_outputs(const RunResult& result);

  const scenario::ScenarioSpec& spec_;
  const RunOptions& options_;
  uint64_t seed_;
  uint64_t duration_ps_;
  // Declared before the clock and the probes, which read it: destroyed after them.
  Network network_;
  CounterBook counters_;
  PeakSampler peaks_;
  std::set<uint64_t> load_samples_ = load_sample_times();  // after the members it reads
  control::NegotiationResult negotiation_;
  std::vector<std::pair<const scenario::ShowRequest*, ShowCommand>> shows_;
  std::vector<scenario::ExpectationSpec> expectations_;  // those inside the run
  std::vector<std::string> notes_;
  bool tunnels_installed_ = false;
  std::optional<uint64_t> last_at_;  // the last planned time handled
  std::string clock_fault_;          // set by stop_with
  std::unique_ptr<ControlPlane> control_;  // IKE on the wire (ike: wire)
  std::unique_ptr<Evpn> evpn_;             // MAC advertisement, when a router bridges
  // The far end of a router's port on host sockets (bridge:), and the pacer
  // that holds the run to the wall clock while it is attached.
  Expected<void, std::string> attach_bridge();
  std::unique_ptr<bridge::HostBridge> bridge_;
  std::unique_ptr<bridge::RealtimePacer> pacer_;
  std::unique_ptr<PcapWriter> bridge_pcap_;  // --pcap: DIR/<device>-bridge.pcap
  uint64_t from_bridge_ = 0;                 // packets the bridge put into its port
  std::unique_ptr<RunClock> clock_;
  std::vector<ShowOutput> show_outputs_;
  std::unique_ptr<VcdProbes> vcd_;
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
    // A model's exception (installing SAs past a limit, say) stops the run
    // here, as a value: thrown across SystemC's scheduler it would be E549.
    try {
      run_.at(t);
    } catch (const std::exception& e) {
      run_.stop_with(fmt::format("{}: {}", name(), e.what()));
      return;
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
  for (uint64_t s : load_sample_times()) t.insert(s);
  if (options_.progress || vcd_) {
    const uint64_t tick = std::max<uint64_t>(duration_ps_ / 200, 1);
    for (uint64_t x = tick; x < duration_ps_; x += tick) t.insert(x);
  }
  return t;
}

std::set<uint64_t> Run::load_sample_times() const {
  std::set<uint64_t> t;
  // At most about 200 samples, whatever the rate window.
  const uint64_t step = std::max<uint64_t>({spec_.rate_window_ps, (duration_ps_ - spec_.warmup_ps) / 200, 1});
  for (uint64_t s = spec_.warmup_ps; s < duration_ps_; s += step) t.insert(s);
  t.insert(duration_ps_);
  return t;
}

void Run::at(uint64_t t) {
  if (last_at_ && *last_at_ >= t) return;  // done already (the end of the run is taken by hand)
  last_at_ = t;
  if (t == spec_.ike_negotiation_ps && !tunnels_installed_) {
    // With IKE on the wire the daemons install what they negotiate, when they do.
    if (!wire_mode())
      for (auto& d : network_.devices) install_tunnels(d->model);
    tunnels_installed_ = true;
  }
  for (const auto& e : spec_.events)
    if (e.at_ps == t)
      if (auto r = apply_event(e, t); !r) throw std::runtime_error(r.error());
  counters_.record(t);
  if (load_samples_.contains(t)) peaks_.sample(network_.devices, t);
  for (const auto& [req, cmd] : shows_) {
    if (req->at_ps.value_or(duration_ps_) != t || req->at_ps == std::nullopt) continue;
    show_outputs_.push_back({t, req->device, req->command, run_show(*req, cmd, t)});
  }
  if (vcd_) vcd_->sample(t);
  if (options_.progress) print_progress(t, false);
}

Expected<void, std::string> Run::apply_event(const scenario::EventSpec& e, uint64_t t) {
  using K = scenario::EventSpec::Kind;
  switch (e.kind) {
    case K::kLink: network_.apply_link_event(e); return {};
    case K::kInject: return inject_attack(network_, *control_, e, t);
    default: return control_->apply(e, t);
  }
}

void Run::stop_with(const std::string& fault) {
  clock_fault_ = fault;
  stop_simulation();
}

std::string Run::run_show(const scenario::ShowRequest& req, const ShowCommand& c, uint64_t now) const {
  const int dev = network_.device_index(req.device);
  return answer_show(*network_.devices[dev], c, now,
                     {negotiation_, tunnels_installed_, spec_.ike_negotiation_ps, counters_,
                      control_ ? control_->daemon(dev) : nullptr, control_.get(), dev, evpn_.get(),
                      &spec_.show_counters});
}

Expected<void, std::string> Run::check_names() const {
  std::string errors;
  for (const auto& [req, cmd] : shows_) {
    const int dev = network_.device_index(req->device);
    if (!names_interface(*network_.devices[dev], cmd))
      errors += fmt::format("{}: {}: {} has no interface {}\n", req->where.str(), req->command, req->device, cmd.argument);
  }
  errors += counters_.unknown_counters(expectations_);
  if (!errors.empty()) return unexpected(errors);
  return {};
}

void Run::print_progress(uint64_t t, bool last) {
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
  std::fprintf(stderr, "\r%s: %5.1f%%  sim %s of %s  %llu packets sent  wall %.1f s%s", spec_.name.c_str(),
               100.0 * static_cast<double>(t) / static_cast<double>(std::max<uint64_t>(duration_ps_, 1)),
               scenario::format_duration(t).c_str(), scenario::format_duration(duration_ps_).c_str(),
               static_cast<unsigned long long>(network_.offered()), wall, last ? "\n" : "");
  std::fflush(stderr);
}

report::RunReport Run::make_report(double wall_seconds) const {
  report::RunReport r;
  r.scenario = spec_.name;
  r.seed = seed_;
  r.sim_seconds = static_cast<double>(models::now_ps()) * 1e-12;
  r.wall_seconds = wall_seconds;
  r.scale_rates = options_.scale_rates;
  const Snapshot& final_counters = counters_.final_snapshot();
  for (std::size_t dev = 0; dev < network_.devices.size(); ++dev) {
    const DeviceState& d = *network_.devices[dev];
    report::DeviceReport dr;
    for (std::size_t i = 0; i < d.model.interfaces.size(); ++i) {
      const std::string& name = d.model.interfaces[i].first;
      report::InterfaceCounters ic;
      const IflCounters& c = final_counters.interfaces[dev][i];
      ic.input_packets = c.input_packets;
      ic.output_packets = c.output_packets;
      ic.input_bytes = c.input_bytes;
      ic.output_bytes = c.output_bytes;
      ic.input_pps = counters_.read(d.name, "interfaces." + name + ".input_pps", std::nullopt).value_or(0);
      ic.output_pps = counters_.read(d.name, "interfaces." + name + ".output_pps", std::nullopt).value_or(0);
      dr.interfaces[name] = ic;
    }
    dr.ipsec = final_counters.ipsec[dev];
    for (const auto& [to, n] : final_counters.fabric[dev])
      if (to != "total") dr.chassis_fabric[to] = n;
    for (const auto& [cause, n] : final_counters.drops[dev])
      if (cause != "total") dr.drops[cause] = n;
    dr.host_sent = d.host_sent;
    dr.host_received = d.host_received;
    dr.not_modeled = d.config.not_modeled_protocols();
    for (const auto& s : d.config.not_modeled_statements())
      dr.not_modeled_statements.push_back({s.statement, s.where.file, s.where.line});
    if (control_) {
      const control::IkeDaemon& daemon = *control_->daemon(static_cast<int>(dev));
      for (std::size_t v = 0; v < daemon.vpns().size(); ++v)
        if (!daemon.status(v).up)
          dr.tunnels_down.push_back(fmt::format("{} ({}): {}", daemon.vpns()[v].name, daemon.vpns()[v].st0_unit,
                                                daemon.status(v).down_reason.empty() ? "not negotiated"
                                                                                     : daemon.status(v).down_reason));
    } else {
      for (const auto& t : d.plan.tunnels)
        if (!t.up) dr.tunnels_down.push_back(fmt::format("{} ({}): {}", t.vpn, t.st0_unit, t.down_reason));
    }
    add_load(d, peaks_.peak(dev), dr);
    r.devices[d.name] = std::move(dr);
  }
  for (const auto& s : network_.streams()) {
    report::StreamReport sr;
    sr.tx_packets = s.source->sent(s.index_in_source);
    sr.rx_packets = s.rx;
    sr.latency_ns = {s.latency.quantile_ns(0.5), s.latency.quantile_ns(0.99), s.latency.max_ns()};
    r.streams[s.name] = sr;
  }
  r.conservation.offered = network_.offered();
  r.conservation.in_flight_on_links = network_.in_flight_on_links();
  r.conservation.from_host = network_.from_host();
  r.conservation.injected_on_links = network_.injected_on_links();
  for (const auto& s : network_.streams()) r.conservation.delivered += s.rx;
  for (std::size_t g = 0; g < spec_.generators.size(); ++g) {
    const uint64_t n = network_.received_not_of_streams()[g];
    r.conservation.delivered += n;
    if (n != 0) r.generators_received_other[spec_.generators[g].name] = n;
  }
  for (std::size_t dev = 0; dev < network_.devices.size(); ++dev) {
    r.conservation.delivered += network_.devices[dev]->model.router->delivered_to_host_packets();
    r.conservation.fragments_added += network_.devices[dev]->model.router->packets_added_by_fragmentation();
    r.conservation.flood_copies_added += network_.devices[dev]->model.router->packets_added_by_flooding();
    r.conservation.dropped += final_counters.drops[dev].at("total");
  }
  return r;
}

Expected<RunResult, std::string> Run::execute() {
  if (auto r = commit_devices(spec_, network_.devices); !r) return unexpected(r.error());
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
    if (network_.device_index(s.device) < 0)
      return unexpected(fmt::format("{}: show: no device {}", s.where.str(), s.device));
    auto cmd = parse_show_command(s.command);
    if (!cmd) return unexpected(fmt::format("{}: {}", s.where.str(), cmd.error()));
    if (cmd->kind == ShowKind::kIkeSas && (cmd->detail || !cmd->argument.empty()) && !wire_mode())
      return unexpected(fmt::format("{}: {}: the IKE SA's index and detail need IKE on the wire ('ike: wire' in the "
                                    "scenario); with IKE modeled, show security ike security-associations",
                                    s.where.str(), s.command));
    shows_.emplace_back(&s, *cmd);
  }
  if (!late.empty()) return unexpected(late);
  // IKE-on-the-wire outputs and events name what exists before anything runs.
  if (!wire_mode())
    for (const auto& [path, what] : {std::pair{options_.programming_trace_path, "--programming-trace"},
                                     std::pair{options_.ike_key_log_path, "--ike-key-log"}})
      if (!path.empty())
        return unexpected(fmt::format("{} {}: {} runs IKE modeled; it has no IKE daemons to trace (write 'ike: wire' "
                                      "in it for IKE on the wire)",
                                      what, path, spec_.file));
  for (const auto& e : spec_.events) {
    if (e.kind != scenario::EventSpec::Kind::kRekey) continue;
    const int dev = network_.device_index(e.device);
    if (dev >= 0 && !network_.devices[dev]->config.ipsec_vpn(e.vpn))
      return unexpected(fmt::format("{}: rekey: {} has no VPN {} (security ipsec vpn)", e.where.str(), e.device, e.vpn));
  }
  auto negotiation = plan_devices(spec_, network_.devices, seed_);
  if (!negotiation) return unexpected(negotiation.error());
  negotiation_ = std::move(*negotiation);
  if (auto r = build_models(spec_, network_.devices, options_.timing_only, options_.cipher_threads); !r) return unexpected(r.error());
  if (auto r = network_.wire(options_.pcap_dir, duration_ps_); !r) return unexpected(r.error());
  if (options_.on_wired) options_.on_wired(network_);
  if (wire_mode()) {
    ControlPlaneParams params;
    params.keep_sa_history = !options_.pcap_dir.empty() || !options_.ike_key_log_path.empty();
    params.keep_programming_steps = !options_.programming_trace_path.empty();
    control_ = std::make_unique<ControlPlane>("control_plane", network_, params, seed_, spec_.ike_negotiation_ps);
    if (auto r = control_->configure(); !r) return unexpected(r.error());
    counters_.set_ike_counters([this](int dev) { return control_->counters(dev); });
  }
  if (Evpn::needed(network_))
    evpn_ = std::make_unique<Evpn>("evpn", network_, EvpnParams{.route_delay_ps = spec_.evpn_route_delay_ps});
  if (auto r = check_names(); !r) return unexpected(r.error());
  if (options_.build_only) return RunResult{};
  if (auto r = attach_bridge(); !r) return unexpected(r.error());
  if (!options_.vcd_path.empty()) vcd_ = std::make_unique<VcdProbes>(network_);
  // Utilization is measured from the warm-up to the end of the traffic.
  for (auto& d : network_.devices) d->model.router->set_measurement_window({spec_.warmup_ps, duration_ps_});
  clock_ = std::make_unique<RunClock>("run_clock", *this);

  wall_start_ = std::chrono::steady_clock::now();
  sc_core::sc_start(sc_core::sc_time::from_value(duration_ps_));
  // A process that stopped the run: its error, when and where, as one line.
  for (const std::string& fault : {clock_fault_, network_.generator_fault()})
    if (!fault.empty())
      return unexpected(fmt::format("{}: the run stopped at {} in {}", spec_.file,
                                    scenario::format_duration(models::now_ps()), fault));
  at(duration_ps_);  // sc_start stops before the processes due at exactly its end
  // Drain: the sources have stopped; let what is still inside arrive (at
  // most 10 ms more), so that every packet is delivered or dropped.
  auto in_flight = [&] {
    uint64_t n = 0;
    for (const auto& d : network_.devices) n += d->model.router->in_flight();
    return n;
  };
  for (int i = 0; i < 1000 && in_flight() > 0; ++i) sc_core::sc_start(sc_core::sc_time::from_value(10'000'000));
  if (options_.progress) print_progress(duration_ps_, true);
  counters_.record_final(models::now_ps());
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();

  RunResult result;
  result.report = make_report(wall);
  if (bridge_) {
    const auto& b = bridge_->spec();
    const auto& c = bridge_->counters();
    const auto& lag = pacer_->lag();
    auto host = [](const scenario::HostUdpEndpoint& h) {
      return fmt::format("{}:{}/{}", h.address.to_string(), h.ike_port, h.nat_t_port);
    };
    result.report.bridge = report::BridgeReport{b.device,
                                                b.peer.to_string(),
                                                host(b.host),
                                                host(b.peer_host),
                                                c.ike_to_host,
                                                c.ike_from_host,
                                                c.esp_to_host,
                                                c.esp_from_host,
                                                c.keepalives_to_host,
                                                c.keepalives_from_host,
                                                c.foreign_dropped,
                                                c.not_for_peer_dropped,
                                                c.send_errors,
                                                lag.samples,
                                                static_cast<double>(lag.max_ps) / 1e9,
                                                lag.mean_ps() / 1e9};
    // What the bridge put into its port is offered; what left the port for
    // it was carried to the host or refused (each counted by the bridge).
    auto& cons = result.report.conservation;
    cons.from_bridge = from_bridge_;
    cons.to_bridge = c.ike_to_host + c.esp_to_host + c.keepalives_to_host;
    cons.dropped += c.not_for_peer_dropped + c.send_errors;
    // Best effort: a model slower than real time lags, and a peer's timers
    // run on the wall clock (strongSwan's first retransmission after 4 s, as
    // the simulated daemon's).
    const uint64_t retransmit_ps = ControlPlaneParams{}.timers.retransmit_timeout_ps;
    if (lag.max_ps > retransmit_ps)
      notes_.push_back(fmt::format("{}: bridge: simulated time lagged the wall clock by up to {:.3f} s, more than IKE's "
                                   "first retransmission timeout ({} s): the peer may have retransmitted or given up "
                                   "(the model runs slower than real time; less traffic beside the bridge helps)",
                                   b.where.str(), static_cast<double>(lag.max_ps) / 1e12, retransmit_ps / 1'000'000'000'000));
  }
  result.conserved = result.report.conservation.unaccounted() == 0;
  // End-of-run shows come after the drain, with the final counters.
  for (const auto& [req, cmd] : shows_) {
    if (req->at_ps) continue;
    show_outputs_.push_back({duration_ps_, req->device, req->command, run_show(*req, cmd, duration_ps_)});
  }
  std::stable_sort(show_outputs_.begin(), show_outputs_.end(),
                   [](const ShowOutput& a, const ShowOutput& b) { return a.at_ps < b.at_ps; });
  result.shows = show_outputs_;
  result.notes = notes_;
  result.expectations = report::check_expectations(
      expectations_, [this](const std::string& dev, const std::string& counter, std::optional<uint64_t> at) {
        return counters_.read(dev, counter, at);
      });

  if (auto r = write_outputs(result); !r) return unexpected(r.error());
  return result;
}

Expected<void, std::string> Run::attach_bridge() {
  if (!spec_.bridge) return {};
  const scenario::BridgeSpec& b = *spec_.bridge;
  const int dev = network_.device_index(b.device);
  // The router's side of the bridge: the IKE gateway whose address is the
  // peer's, its local address and its external interface (the port whose
  // far end the bridge is).
  const control::VpnSettings* vpn = nullptr;
  for (const auto& v : control_->daemon(dev)->vpns())
    if (v.peer == b.peer) vpn = &v;
  if (!vpn)
    return unexpected(fmt::format("{}: bridge: {} has no IKE gateway with address {} (security ike gateway NAME "
                                  "address {}): the peer's address inside the simulation is its gateway's address",
                                  b.where.str(), b.device, b.peer.to_string(), b.peer.to_string()));
  std::string external;
  for (const auto& g : network_.devices[dev]->config.ike_gateways)
    if (std::find(g.addresses.begin(), g.addresses.end(), b.peer.to_string()) != g.addresses.end())
      external = g.external_interface.substr(0, g.external_interface.find('.'));
  if (external.empty())
    return unexpected(fmt::format("{}: bridge: {}'s IKE gateway to {} names no external-interface: the bridge is "
                                  "the far end of that port",
                                  b.where.str(), b.device, b.peer.to_string()));
  auto opened = bridge::HostBridge::open(b, vpn->local);
  if (!opened) return unexpected(opened.error());
  bridge_ = std::move(*opened);
  if (!options_.pcap_dir.empty()) {
    // What crossed the bridge, as the simulation sees it: DIR/<device>-bridge.pcap.
    auto w = PcapWriter::open(fmt::format("{}/{}-bridge.pcap", options_.pcap_dir, file_safe(b.device)), PcapLinkType::kRaw);
    if (!w) return unexpected(fmt::format("--pcap {}: {}", options_.pcap_dir, w.error()));
    bridge_pcap_ = std::make_unique<PcapWriter>(std::move(*w));
  }
  auto capture = [this](const Packet& p, uint64_t at_ps) {
    if (!bridge_pcap_) return;
    if (auto w = bridge_pcap_->write(p.bytes(), at_ps / 1000); !w)
      throw std::runtime_error(w.error());  // the disk is full: the run cannot keep its promise of a capture
  };
  // Out of the port: to the host socket at once (the pacer keeps the
  // simulation from running ahead of the wall clock).
  auto port = network_.attach_bridge(scenario::PortRef{b.device, external, b.where},
                                     [this, capture](const Packet& p, uint64_t last_bit_ps) {
                                       if (bridge_->send(p.bytes())) capture(p, last_bit_ps);
                                     });
  if (!port) return unexpected(port.error());
  // Into the port: the datagram as the IPv4/IPv6 UDP packet it is inside the
  // simulation, its first bit at the simulated time it arrived.
  pacer_ = std::make_unique<bridge::RealtimePacer>(
      "realtime_pacer", *bridge_,
      [this, capture, at = *port](bridge::UdpDatagram d) {
        PacketPtr p = at.chip->pool().acquire();
        if (!bridge::HostBridge::write_packet(d, *p)) return;  // larger than a packet: no frame carries it
        ParseOptions po;
        po.verify_ipv4_checksum = false;
        if (auto parsed = parse_l3(p->bytes(), L3Family::kUnknown, po)) p->meta.flow_hash = parsed->flow_hash;
        const uint64_t now = models::now_ps();
        capture(*p, now);
        ++from_bridge_;
        at.chip->inject(std::move(p), at.port, now);
      },
      duration_ps_);
  // On stderr, and only when the sockets are bound: what a script starting
  // the peer waits for (tests/interop/strongswan_ike.sh).
  if (!options_.quiet)
    fmt::print(stderr,
               "bridge: {}'s {} (IKE gateway {}) is {}:{} (UDP 500) and {}:{} (UDP 4500) on the host; the peer {} is "
               "{}:{}/{}; the run is paced to the wall clock\n",
               b.device, external, vpn->local.to_string(), b.host.address.to_string(), b.host.ike_port,
               b.host.address.to_string(), b.host.nat_t_port, b.peer.to_string(), b.peer_host.address.to_string(),
               b.peer_host.ike_port, b.peer_host.nat_t_port);
  return {};
}

// The files asked for: the JSON report, the pcap directory's esp_sa table
// (for Wireshark to decrypt ESP), the VCD.
Expected<void, std::string> Run::write_outputs(const RunResult& result) {
  if (!options_.json_path.empty()) {
    std::ofstream out(options_.json_path);
    out << report::to_json(result.report);
    if (!out) return unexpected(fmt::format("--json {}: cannot write", options_.json_path));
  }
  if (!options_.pcap_dir.empty()) {
    std::vector<crypto::SaConfig> sas;
    if (control_) {
      // Every Child SA of the run, rekeyed ones too: tshark decrypts across rekeys.
      sas = control_->child_sas();
      std::ofstream(options_.pcap_dir + "/ikev2_decryption_table") << report::ikev2_decryption_table(control_->ike_sas());
    } else {
      for (const auto& t : negotiation_.tunnels)
        if (t.up) {
          sas.push_back(t.a_to_b);
          sas.push_back(t.b_to_a);
        }
    }
    std::ofstream out(options_.pcap_dir + "/esp_sa");
    out << report::esp_sa_table(sas);
    network_.close_pcaps();
    if (bridge_pcap_) (void)bridge_pcap_->close();
  }
  for (const auto& [path, what] : {std::pair{options_.programming_trace_path, "--programming-trace"},
                                   std::pair{options_.ike_key_log_path, "--ike-key-log"}}) {
    if (path.empty()) continue;
    std::ofstream out(path);
    out << (path == options_.programming_trace_path ? control_->programming_trace() : control_->key_log());
    if (!out) return unexpected(fmt::format("{} {}: cannot write", what, path));
  }
  if (vcd_ && !vcd_->write(options_.vcd_path))
    return unexpected(fmt::format("--vcd {}: cannot write", options_.vcd_path));
  return {};
}

}  // namespace

Expected<RunResult, std::string> run_scenario(const scenario::ScenarioSpec& spec, const RunOptions& options) {
  try {
    const auto scaled = scale_rates(spec, options.scale_rates);
    if (!scaled) return unexpected(scaled.error());
    if (auto e = offered_packets_error(*scaled, options.duration_ps.value_or(scaled->duration_ps)))
      return unexpected(*e);
    Run run(*scaled, options);
    return run.execute();
  } catch (const models::ConfigError& e) {
    return unexpected(fmt::format("{}: {}", spec.file, e.what()));
  } catch (const sc_core::sc_report& e) {
    // What a model threw inside a SystemC process comes out of sc_start as
    // SystemC's report (E549 "uncaught exception"): its own message, with
    // when and where, without SystemC's file and line.
    const std::string process = e.get_process_name() ? e.get_process_name() : "";
    return unexpected(fmt::format("{}: the run stopped at {}{}: {}", spec.file,
                                  scenario::format_duration(e.get_time().value()),
                                  process.empty() ? "" : " in " + process, e.get_msg()));
  } catch (const std::exception& e) {
    return unexpected(fmt::format("{}: the run stopped: {}", spec.file, e.what()));
  }
}

int exit_status(const RunResult& r) {
  if (!r.conserved) return 1;
  for (const auto& e : r.expectations)
    if (!e.passed) return 1;
  return 0;
}

}  // namespace trio6sim::run
