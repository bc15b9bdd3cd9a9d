#include "network.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fmt/core.h>

#include "models/link_pcap_tap.h"
#include "models/slice.h"
#include "models/timed_block.h"
#include "packet/parser.h"
#include "scenario/units.h"

namespace trio6sim::run {

std::string file_safe(std::string s) {
  std::replace(s.begin(), s.end(), '/', '_');
  return s;
}

int Network::device_index(const std::string& name) const {
  for (std::size_t i = 0; i < devices.size(); ++i)
    if (devices[i]->name == name) return static_cast<int>(i);
  return -1;
}

uint64_t Network::in_flight_on_links() const {
  const uint64_t now = models::now_ps();
  uint64_t n = 0;
  for (const auto& l : links_) n += l->in_flight(now);
  return n;
}

uint64_t Network::injected_on_links() const {
  uint64_t n = 0;
  for (const auto& l : links_) n += l->frames_put();
  return n;
}

uint64_t Network::from_host() const {
  uint64_t n = 0;
  for (const auto& d : devices) n += d->model.router->from_host_packets();
  return n;
}

void Network::send_from_host(int device, PacketPtr packet, uint64_t at_ps) {
  DeviceState& d = *devices.at(static_cast<std::size_t>(device));
  ++d.host_sent;
  d.model.router->send_from_host(0, std::move(packet), at_ps);
}

models::Link* Network::link_at(const scenario::PortRef& end) {
  const int dev = device_index(end.device);
  if (dev < 0) return nullptr;
  auto port = devices[dev]->model.ports.find(end.interface);
  if (port == devices[dev]->model.ports.end()) return nullptr;
  auto it = endpoints_.find({dev, port->second.chip, port->second.port});
  return it == endpoints_.end() ? nullptr : it->second.link;
}

Expected<void, std::string> Network::inject_on_link(const scenario::PortRef& toward, std::span<const uint8_t> l3_bytes,
                                                    uint64_t at_ps) {
  models::Link* link = link_at(toward);
  if (!link) return unexpected(fmt::format("inject_on_link: {} has no link", toward.str()));
  const int dev = device_index(toward.device);
  const PortPlace& place = devices[dev]->model.ports.at(toward.interface);
  const int end = endpoints_.at({dev, place.chip, place.port}).end;
  PacketPtr p = devices[dev]->model.router->chip(place.chip).pool().acquire(l3_bytes.size());
  if (!p->assign(l3_bytes)) return unexpected(fmt::format("inject_on_link: {} B do not fit a packet", l3_bytes.size()));
  link->put(end, std::move(p), at_ps);
  return {};
}

Expected<Network::PortAt, std::string> Network::attach_bridge(const scenario::PortRef& ref, BridgeOut out) {
  const int dev = device_index(ref.device);
  if (dev < 0) return unexpected(fmt::format("{}: bridge: no device {}", ref.where.str(), ref.device));
  const auto& ports = devices[dev]->model.ports;
  const auto it = ports.find(ref.interface);
  if (it == ports.end())
    return unexpected(fmt::format("{}: bridge: {} has no configured port {} (its IKE gateway's external-interface)",
                                  ref.where.str(), ref.device, ref.interface));
  Endpoint& e = endpoints_[{dev, it->second.chip, it->second.port}];
  if (e.kind != Endpoint::Kind::kNone)
    return unexpected(fmt::format("{}: bridge: {} is already connected (a link or a generator); the bridge is the far "
                                  "end of the IKE gateway's external interface",
                                  ref.where.str(), ref.str()));
  e.kind = Endpoint::Kind::kBridge;
  e.bridge = std::move(out);
  return PortAt{&devices[dev]->model.router->chip(it->second.chip), it->second.port};
}

double Network::port_gbps(const std::tuple<int, int, int>& port) const {
  const auto [dev, chip, p] = port;
  return devices[dev]->model.router->chip(chip).params().port_group.port_gbps[p];
}

Expected<void, std::string> Network::check_link_speeds(const scenario::LinkSpec& link,
                                                       const std::tuple<int, int, int>& a,
                                                       const std::tuple<int, int, int>& b) const {
  // Every configured port has a speed (the builder refuses one without).
  const double ga = port_gbps(a), gb = port_gbps(b);
  // Ethernet runs both ends of a cable at one speed; a faster sender would
  // also queue frames without bound before the slower port.
  if (ga != gb)
    return unexpected(fmt::format("{}: link {} - {}: the ends run at {} Gbps and {} Gbps; both ends of a link run at "
                                  "one speed",
                                  link.where.str(), link.a.str(), link.b.str(), ga, gb));
  return {};
}

Expected<void, std::string> Network::check_offered_load(const scenario::GeneratorSpec& g,
                                                        const std::tuple<int, int, int>& at,
                                                        uint64_t duration_ps) const {
  const double line_gbps = port_gbps(at);
  const auto [dev, chip, port] = at;
  const auto& pg = devices[dev]->model.router->chip(chip).slice(models::slice_of_port(port)).port_group(
      models::port_group_of_port(port));
  struct Active {
    const scenario::StreamSpec* spec;
    uint64_t start, stop;
    double l1_bps;
  };
  std::vector<Active> streams;
  for (const auto& s : g.streams) {
    const uint64_t stop = std::min(s.stop_ps.value_or(duration_ps), duration_ps);
    if (s.start_ps < stop) streams.push_back({&s, s.start_ps, stop, offered_l1_bits_per_second(s, pg)});
  }
  // The most the generator offers at once: the sum is highest at some
  // stream's start.
  for (const auto& at_start : streams) {
    double sum = 0;
    std::string names;
    for (const auto& s : streams) {
      if (s.start > at_start.start || s.stop <= at_start.start) continue;
      sum += s.l1_bps;
      const auto& r = s.spec->rate;
      names += fmt::format("{}{} ({}: {:.10g} {})", names.empty() ? "" : " + ", s.spec->name, s.spec->where.str(),
                           r.packets_per_second > 0 ? r.packets_per_second : r.bits_per_second / 1e9,
                           r.packets_per_second > 0 ? "pps" : "Gbps");
    }
    // A relative billionth for the rounding of the sum: exactly line rate is fine.
    if (sum <= line_gbps * 1e9 * (1 + 1e-9)) continue;
    const std::string scaled =
        scale_rates_ == 1 ? ""
                          : fmt::format("; --scale-rates {} put them there (the file's rates offer {:.6g} Gbps, at "
                                        "most about --scale-rates {:.6g} fits)",
                                        scenario::format_decimal(scale_rates_), sum / scale_rates_ / 1e9, scale_rates_ * line_gbps * 1e9 / sum);
    return unexpected(fmt::format(
        "{}: generator {}: {} offer {:.6g} Gbps into {} {}, above its line rate of {:g} Gbps (L1 bits: frames, "
        "preamble and inter-frame gap; a traffic generator cannot send faster than its line){}",
        g.where.str(), g.name, names, sum / 1e9, g.attach.str(),
        at_start.start == 0 ? "from the start" : "from " + scenario::format_duration(at_start.start), line_gbps,
        scaled));
  }
  return {};
}

std::string Network::generator_fault() const {
  for (const auto& s : sources_)
    if (!s->fault().empty()) return fmt::format("{}: {}", s->name(), s->fault());
  return "";
}

uint64_t Network::offered() const {
  uint64_t n = 0;
  for (const auto& s : streams_) n += s.source->sent(s.index_in_source);
  return n;
}

void Network::close_pcaps() {
  for (auto& [key, e] : endpoints_)
    if (e.pcap) (void)e.pcap->close();
}

Expected<void, std::string> Network::wire(const std::string& pcap_dir, uint64_t duration_ps) {
  auto port_of = [&](const scenario::PortRef& ref) -> Expected<std::tuple<int, int, int>, std::string> {
    const int dev = device_index(ref.device);
    if (dev < 0) return unexpected(fmt::format("{}: {}: no device {}", ref.where.str(), ref.str(), ref.device));
    const auto& ports = devices[dev]->model.ports;
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
    if (auto ok = check_link_speeds(link, *a, *b); !ok) return unexpected(ok.error());
    for (auto [at, name] : {std::pair{*a, &link.a}, std::pair{*b, &link.b}}) {
      if (endpoints_[at].kind != Endpoint::Kind::kNone || (*a == *b && name == &link.b))
        return unexpected(fmt::format("{}: {} is connected twice (each port takes one link)", link.where.str(),
                                      name->str()));
    }
    // The cable, bound between the two ports' sockets (at the ports' line
    // rate, the same at both ends: checked above with the scenario's line).
    const std::array<PortKey, 2> ports = {*a, *b};
    auto end_of = [&](const PortKey& k) {
      const auto [dev, chip, port] = k;
      return models::LinkEnd{&devices[dev]->model.router->chip(chip), port};
    };
    models::LinkParams params;
    params.delay_ps = link.delay_ps;
    params.remark_dscp = link.remark_dscp;
    links_.push_back(std::make_unique<models::Link>(fmt::format("link{}", links_.size()).c_str(), end_of(*a),
                                                    end_of(*b), params));
    models::Link* l = links_.back().get();
    link_ports_[l] = ports;
    for (int i = 0; i < 2; ++i) {
      Endpoint& e = endpoints_[ports[i]];
      e.kind = Endpoint::Kind::kLink;
      e.link = l;
      e.end = i;
    }
    l->set_loss_counter([this, ports](int from) {
      const auto [dev, chip, port] = ports[from];
      ++devices[dev]->link_down;
      ++devices[dev]->link_down_at[{chip, port}];
    });
  }
  uint32_t stream_id = 0;
  for (const auto& g : spec_.generators) {
    auto at = port_of(g.attach);
    if (!at) return unexpected(at.error());
    Endpoint& e = endpoints_[*at];
    if (e.kind != Endpoint::Kind::kNone)
      return unexpected(fmt::format("{}: generator {}: {} is already connected", g.where.str(), g.name, g.attach.str()));
    e.kind = Endpoint::Kind::kSink;
    e.generator = received_other_.size();
    received_other_.push_back(0);
    if (auto ok = check_offered_load(g, *at, duration_ps); !ok) return unexpected(ok.error());
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
    auto& router = *devices[dev]->model.router;
    sources_.push_back(std::make_unique<StreamSource>(fmt::format("generator_{}", g.name).c_str(), router.chip(chip),
                                                      port, std::move(list), duration_ps));
    for (std::size_t i = first; i < streams_.size(); ++i) streams_[i].source = sources_.back().get();
  }
  if (!pcap_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(pcap_dir, ec);
    if (ec) return unexpected(fmt::format("--pcap {}: {}", pcap_dir, ec.message()));
    for (std::size_t dev = 0; dev < devices.size(); ++dev) {
      for (const auto& [name, place] : devices[dev]->model.ports) {
        const std::string path =
            fmt::format("{}/{}-{}.pcap", pcap_dir, devices[dev]->name, file_safe(name));
        auto w = PcapWriter::open(path, PcapLinkType::kEthernet);
        if (!w) return unexpected(fmt::format("--pcap: {}", w.error()));
        endpoints_[{static_cast<int>(dev), place.chip, place.port}].pcap = std::make_unique<PcapWriter>(std::move(*w));
      }
    }
    capture_.network = this;
    for (auto& l : links_) l->set_tap(&capture_);
  }
  for (std::size_t dev = 0; dev < devices.size(); ++dev) {
    auto& router = *devices[dev]->model.router;
    for (std::size_t c = 0; c < router.chip_count(); ++c) {
      router.chip(static_cast<int>(c)).set_egress_observer(
          [this, dev, c](const Packet& p, int port, uint64_t last_bit_ps) {
            on_egress(static_cast<int>(dev), static_cast<int>(c), p, port, last_bit_ps);
          });
    }
    // The routing engine hears every chip.
    router.set_host_receiver([this, dev](int, const Packet& p, models::IfIndex, uint64_t at_ps) {
      ++devices[dev]->host_received;
      if (host_receiver_) host_receiver_(static_cast<int>(dev), p, at_ps);
    });
  }
  return {};
}

void Network::count_not_connected(int device, int chip, int port) {
  ++devices[device]->not_connected;
  ++devices[device]->not_connected_at[{chip, port}];
}

void Network::capture(const PortKey& from, const Packet& p, uint64_t first_bit_ps) {
  auto it = endpoints_.find(from);
  if (it == endpoints_.end() || !it->second.pcap) return;
  // The captured frame: a locally administered MAC pair naming the device,
  // chip and port, then the packet as sent (the chip's L2 rewrite is not kept).
  const auto [dev, chip, port] = from;
  const auto frame = models::capture_frame(
      p, {static_cast<uint8_t>(dev), static_cast<uint8_t>(chip), static_cast<uint8_t>(port)});
  (void)it->second.pcap->write(frame, first_bit_ps / 1000);
}

void Network::on_egress(int device, int chip, const Packet& p, int port, uint64_t last_bit_ps) {
  auto it = endpoints_.find({device, chip, port});
  Endpoint* e = it == endpoints_.end() ? nullptr : &it->second;
  if (e && e->kind == Endpoint::Kind::kLink) return;  // its Link, bound to the port's socket, carries it
  if (e && e->pcap) {
    const models::Trio6& from = devices[device]->model.router->chip(chip);
    capture({device, chip, port}, p, last_bit_ps - models::frame_serialization_ps(from, port, p));
  }
  if (!e || e->kind == Endpoint::Kind::kNone) {
    count_not_connected(device, chip, port);
    return;
  }
  if (e->kind == Endpoint::Kind::kBridge) {
    e->bridge(p, last_bit_ps);
    return;
  }
  if (e->kind == Endpoint::Kind::kSink) {
    const uint32_t id = p.meta.stream_id;
    if (id == 0 || id > streams_.size()) {
      // Not a generator's packet (a host bridge's peer sent it, say): the
      // generator takes it, as a host would; counted apart from its streams.
      ++received_other_[e->generator];
      return;
    }
    StreamState& s = streams_[id - 1];
    ++s.rx;
    // Latency is a measurement: packets sent during the warm-up are counted,
    // not measured.
    if (p.meta.sent_ps >= spec_.warmup_ps)
      s.latency.add(static_cast<double>(last_bit_ps - p.meta.sent_ps) / 1000.0);
  }
}

void Network::apply_link_event(const scenario::EventSpec& e) {
  for (const auto& link : spec_.links) {
    if (link.a.str() != e.link.str() && link.b.str() != e.link.str()) continue;
    for (const scenario::PortRef* end : {&link.a, &link.b}) {
      const int dev = device_index(end->device);
      DeviceModel& model = devices[dev]->model;
      // Both routers see the link change at once (LACP's detection time is
      // not modeled): every chip's copy of the port, local or remote.
      for (std::size_t c = 0; c < model.router->chip_count(); ++c) {
        models::Trio6& chip = model.router->chip(static_cast<int>(c));
        if (auto ifl = chip.find_interface(end->interface)) chip.set_link_up(*ifl, e.up);
      }
    }
    const std::size_t index = static_cast<std::size_t>(&link - spec_.links.data());
    if (index < links_.size()) links_[index]->add_state_change(e.at_ps, e.up);
  }
}

}  // namespace trio6sim::run
