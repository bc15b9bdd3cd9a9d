#include "network.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fmt/core.h>

#include "models/timed_block.h"
#include "packet/parser.h"
#include "scenario/units.h"

namespace trio6sim::run {

namespace {

// Time of the first bit of a frame whose last bit left at `last_bit_ps`.
uint64_t serialization_ps(const models::Trio6& chip, int port, std::size_t l3_bytes) {
  // The port group's own L1 size (64 B minimum frame, preamble, gap) of an
  // untagged frame: the observer does not see the job's L2 rewrite.
  const auto& pg = chip.slice(models::slice_of_port(port)).port_group(models::port_group_of_port(port));
  return models::ps_for_bytes(pg.l1_bytes(l3_bytes, models::kEthernetHeaderBytes),
                              chip.params().port_group.port_gbps[port]);
}

}  // namespace

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
  for (const auto& [key, e] : endpoints_)
    for (uint64_t t : e.arriving_ps) n += t > now ? 1 : 0;
  return n;
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
    for (auto [from, to, name] : {std::tuple{*a, *b, &link.a}, std::tuple{*b, *a, &link.b}}) {
      Endpoint& e = endpoints_[from];
      if (e.kind != Endpoint::Kind::kNone)
        return unexpected(fmt::format("{}: {} is connected twice (each port takes one link)", link.where.str(),
                                      name->str()));
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
  }
  for (std::size_t dev = 0; dev < devices.size(); ++dev) {
    auto& router = *devices[dev]->model.router;
    for (std::size_t c = 0; c < router.chip_count(); ++c) {
      router.chip(static_cast<int>(c)).set_egress_observer(
          [this, dev, c](const Packet& p, int port, uint64_t last_bit_ps) {
            on_egress(static_cast<int>(dev), static_cast<int>(c), p, port, last_bit_ps);
          });
    }
  }
  return {};
}

void Network::count_not_connected(int device, int chip, int port) {
  ++devices[device]->not_connected;
  ++devices[device]->not_connected_at[{chip, port}];
}

void Network::on_egress(int device, int chip, const Packet& p, int port, uint64_t last_bit_ps) {
  auto it = endpoints_.find({device, chip, port});
  Endpoint* e = it == endpoints_.end() ? nullptr : &it->second;
  const models::Trio6& from = devices[device]->model.router->chip(chip);
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
    count_not_connected(device, chip, port);
    return;
  }
  if (e->kind == Endpoint::Kind::kLink && !e->up_at(first_bit_ps)) {
    ++devices[device]->link_down;
    ++devices[device]->link_down_at[{chip, port}];
    return;
  }
  if (e->kind == Endpoint::Kind::kSink) {
    const uint32_t id = p.meta.stream_id;
    if (id == 0 || id > streams_.size()) {
      count_not_connected(device, chip, port);  // not a generator's packet: nothing counts it
      return;
    }
    StreamState& s = streams_[id - 1];
    ++s.rx;
    // Latency is a measurement: packets sent during the warm-up are counted,
    // not measured.
    if (p.meta.sent_ps >= spec_.warmup_ps)
      s.latency.add(static_cast<double>(last_bit_ps - p.meta.sent_ps) / 1000.0);
    return;
  }
  // A link: the far port receives the same bytes, the first bit `delay`
  // after it left (both ends run at their own port speed).
  models::Trio6& to = devices[e->device]->model.router->chip(e->chip);
  PacketPtr q = to.pool().acquire();
  uint8_t* d = q->push_back(p.size());
  std::copy(p.bytes().begin(), p.bytes().end(), d);
  q->meta = p.meta;
  // The receiving router hashes the packet itself (outer header and SPI
  // for ESP), as every hop does.
  ParseOptions po;
  po.verify_ipv4_checksum = false;
  if (auto parsed = parse_l3(q->bytes(), L3Family::kUnknown, po)) q->meta.flow_hash = parsed->flow_hash;
  const uint64_t arrival_ps = first_bit_ps + e->delay_ps;
  const uint64_t now = models::now_ps();
  while (!e->arriving_ps.empty() && e->arriving_ps.front() <= now) e->arriving_ps.pop_front();
  e->arriving_ps.push_back(arrival_ps);
  to.inject(std::move(q), e->port, arrival_ps);
}

void Network::apply_link_event(const scenario::EventSpec& e) {
  for (const auto& link : spec_.links) {
    if (link.a.str() != e.link.str() && link.b.str() != e.link.str()) continue;
    for (const scenario::PortRef* end : {&link.a, &link.b}) {
      const int dev = device_index(end->device);
      DeviceModel& model = devices[dev]->model;
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

}  // namespace trio6sim::run
