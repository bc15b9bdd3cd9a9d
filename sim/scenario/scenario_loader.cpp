#include "scenario_loader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "config/yaml_reader.h"

namespace trio6sim::scenario {

namespace {

using config::MapReader;

uint64_t duration_of(const MapReader& r, const YAML::Node& n, const std::string& field) {
  auto d = parse_duration_ps(r.string_of(n, field));
  if (!d) r.fail(n, field, d.error());
  return *d;
}

Where where_of(const MapReader& r, const YAML::Node& n) { return {r.file(), config::line_of(n)}; }

PortRef port_of(const MapReader& r, const YAML::Node& n, const std::string& field) {
  const std::string s = r.string_of(n, field);
  const auto colon = s.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size())
    r.fail(n, field, "expected DEVICE:INTERFACE such as PE1:et-0/2/10, got '" + s + "'");
  return {s.substr(0, colon), s.substr(colon + 1), where_of(r, n)};
}

IpAddress default_step(IpAddress::Family f) {
  uint8_t b[16] = {};
  if (f == IpAddress::Family::kV4) {
    b[3] = 1;
    return IpAddress::v4(b);
  }
  b[15] = 1;
  return IpAddress::v6(b);
}

// A plain address, or {first: A, count: N, step: S}.
AddressRange range_of(const MapReader& r, const YAML::Node& n, const std::string& field) {
  AddressRange range;
  if (n.IsScalar()) {
    range.first = r.address_of(n, field);
    range.step = default_step(range.first.family());
    return range;
  }
  MapReader m = r.map_of(n, field);
  range.first = m.address_of(m.need("first"), "first");
  range.count = static_cast<uint32_t>(m.uint_of(m.need("count"), "count", 1u << 24));
  if (range.count == 0) m.fail(n["count"], "count", "expected at least 1");
  if (auto s = m.maybe("step"); s.IsDefined()) {
    range.step = m.address_of(s, "step");
    if (range.step.family() != range.first.family()) m.fail(s, "step", "address family differs from 'first'");
  } else {
    range.step = default_step(range.first.family());
  }
  m.reject_unknown();
  if (range_wraps(range))
    r.fail(n, field,
           "the range passes the end of the address space (" + std::to_string(range.count) + " addresses from " +
               range.first.to_string() + " by " + range.step.to_string() + ")");
  return range;
}

std::pair<IpAddress, int> prefix_of(const MapReader& r, const YAML::Node& n, const std::string& field) {
  const std::string s = r.string_of(n, field);
  const auto slash = s.find('/');
  auto a = IpAddress::parse(s.substr(0, slash));
  if (slash == std::string::npos || !a) r.fail(n, field, "expected a prefix such as 60.1.1.0/24, got '" + s + "'");
  // Digits only after the slash: "9.9.9.0/24abc" and "/+24" are errors, not /24.
  const std::string digits = s.substr(slash + 1);
  const int max_len = a->is_v4() ? 32 : 128;
  int len = -1;
  const bool all_digits =
      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits.empty() && digits.size() <= 3 && all_digits) len = std::stoi(digits);
  if (len < 0 || len > max_len)
    r.fail(n, field, "expected a prefix length 0.." + std::to_string(max_len) + " after the '/' in '" + s + "'");
  return {*a, len};
}

void read_frame_size(const MapReader& r, const YAML::Node& n, StreamSpec& s) {
  const uint32_t min_bytes = min_frame_bytes(s);
  const std::string range =
      std::to_string(min_bytes) + "..9216 B (FCS included" +
      (min_bytes == kMinFrameBytesV6 ? std::string("; an IPv6 UDP frame holds at least 66 B)")
       : min_bytes > kMinFrameBytesV4 ? "; an IPv6 UDP frame with an 802.1Q tag holds at least " +
                                            std::to_string(min_bytes) + " B)"
                                      : std::string(")"));
  if (n.IsScalar() && n.Scalar() == "imix") {
    s.imix = simple_imix();
    return;
  }
  if (n.IsSequence()) {  // [[bytes, weight], ...]
    for (const auto& e : n) {
      if (!e.IsSequence() || e.size() != 2) r.fail(e, "frame_size", "expected [bytes, weight] pairs");
      const auto bytes = static_cast<uint32_t>(r.uint_of(e[0], "frame_size", 9216));
      const auto weight = static_cast<uint32_t>(r.uint_of(e[1], "frame_size", 1000));
      if (bytes < min_bytes || weight == 0)
        r.fail(e, "frame_size", "frames are " + range + " with a weight of at least 1");
      s.imix.push_back({bytes, weight});
    }
    if (s.imix.empty()) r.fail(n, "frame_size", "expected at least one [bytes, weight] pair");
    return;
  }
  s.frame_bytes = static_cast<uint32_t>(r.uint_of(n, "frame_size", 9216));
  if (s.frame_bytes < min_bytes) r.fail(n, "frame_size", "expected " + range + " or imix");
}

// A rate the generator can follow (kMinStreamPps..kMaxStreamBps).
void check_rate(const MapReader& r, const YAML::Node& n, const Rate& rate) {
  const bool pps = rate.packets_per_second > 0;
  const double v = pps ? rate.packets_per_second : rate.bits_per_second;
  const double lo = pps ? kMinStreamPps : kMinStreamBps, hi = pps ? kMaxStreamPps : kMaxStreamBps;
  const char* bounds = pps ? "1 pps to 100 gpps" : "1 kbps to 100 tbps";
  if (v < lo || v > hi)
    r.fail(n, "rate", "'" + n.Scalar() + "' is outside the rates a generator can send, " + bounds);
}

MacAddress mac_of(const MapReader& r, const YAML::Node& n, const std::string& field) {
  const std::string text = r.string_of(n, field);
  auto mac = parse_mac(text);
  if (!mac) r.fail(n, field, "expected a MAC address such as 00:11:01:00:00:01, got '" + text + "'");
  return *mac;
}

// `ethernet: {source: MAC, destination: MAC, vlan: N}`: the frame's header;
// an ARP request's destination defaults to the broadcast address.
EthernetSpec read_ethernet(const MapReader& parent, const YAML::Node& n, bool broadcast_by_default = false) {
  MapReader r = parent.map_of(n, "ethernet");
  EthernetSpec e;
  e.source = mac_of(r, r.need("source"), "source");
  if (auto d = r.maybe("destination"); d.IsDefined() || !broadcast_by_default)
    e.destination = mac_of(r, r.need("destination"), "destination");
  else
    e.destination = MacAddress{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  if (e.source[0] & 1) r.fail(n["source"], "source", "a source MAC is unicast (its first octet's low bit clear)");
  if (auto v = r.maybe("vlan"); v.IsDefined()) {
    const auto id = static_cast<uint16_t>(r.uint_of(v, "vlan", 4094));
    if (id == 0) r.fail(v, "vlan", "expected a VLAN ID 1..4094");
    e.vlan = id;
  }
  r.reject_unknown();
  return e;
}

StreamSpec read_stream(const MapReader& parent, const std::string& name, const YAML::Node& n) {
  MapReader r = parent.map_of(n, name);
  StreamSpec s;
  s.name = name;
  s.where = where_of(r, n);
  {
    auto f = r.need("family");
    const std::string fam = r.string_of(f, "family");
    if (fam == "ipv4") s.family = IpAddress::Family::kV4;
    else if (fam == "ipv6") s.family = IpAddress::Family::kV6;
    else if (fam == "arp") s.arp = ArpOperation::kRequest;  // IPv4 addresses (RFC 826 over Ethernet)
    else r.fail(f, "family", "expected ipv4, ipv6 or arp, got '" + fam + "'");
  }
  if (auto op = r.maybe("operation"); op.IsDefined()) {
    if (!s.arp) r.fail(op, "operation", "an ARP stream's key: expected it with family: arp");
    const std::string o = r.string_of(op, "operation");
    if (o == "reply") s.arp = ArpOperation::kReply;
    else if (o != "request") r.fail(op, "operation", "expected request or reply, got '" + o + "'");
  }
  if (s.arp)
    for (const char* key : {"source_port", "destination_port", "dscp", "df"})
      if (auto k = r.maybe(key); k.IsDefined())
        r.fail(k, key, "an ARP stream has no IP header or UDP: expected no '" + std::string(key) + "' with family: arp");
  s.source = range_of(r, r.need("source"), "source");
  s.destination = range_of(r, r.need("destination"), "destination");
  if (s.source.first.family() != s.family) r.fail(n["source"], "source", "address family differs from 'family'");
  if (s.destination.first.family() != s.family)
    r.fail(n["destination"], "destination", "address family differs from 'family'");
  if (auto p = r.maybe("source_port"); p.IsDefined())
    s.source_port = static_cast<uint16_t>(r.uint_of(p, "source_port", 65535));
  if (auto p = r.maybe("destination_port"); p.IsDefined())
    s.destination_port = static_cast<uint16_t>(r.uint_of(p, "destination_port", 65535));
  if (auto e = r.maybe("ethernet"); e.IsDefined()) s.ethernet = read_ethernet(r, e, s.arp == ArpOperation::kRequest);
  else if (s.arp) r.fail_here("an ARP stream is Ethernet: expected 'ethernet: {source: MAC, vlan: N}' with family: arp");
  read_frame_size(r, r.need("frame_size"), s);
  {
    auto rate = r.need("rate");
    auto parsed = parse_rate(r.string_of(rate, "rate"));
    if (!parsed) r.fail(rate, "rate", parsed.error());
    if (parsed->bits_per_second <= 0 && parsed->packets_per_second <= 0) r.fail(rate, "rate", "expected a rate above 0");
    check_rate(r, rate, *parsed);
    s.rate = *parsed;
  }
  if (auto d = r.maybe("dscp"); d.IsDefined()) s.dscp = static_cast<uint8_t>(r.uint_of(d, "dscp", 63));
  if (auto d = r.maybe("df"); d.IsDefined()) {
    s.df = r.bool_of(d, "df");
    if (s.df && s.family != IpAddress::Family::kV4)
      r.fail(d, "df", "expected an ipv4 stream (IPv6 has no DF bit: its packets are never fragmented on the way)");
  }
  if (auto t = r.maybe("start"); t.IsDefined()) s.start_ps = duration_of(r, t, "start");
  if (auto t = r.maybe("stop"); t.IsDefined()) {
    s.stop_ps = duration_of(r, t, "stop");
    if (*s.stop_ps <= s.start_ps) r.fail(t, "stop", "expected a time after 'start'");
  }
  r.reject_unknown();
  return s;
}

Comparison comparison_of(const std::string& key, bool& ok) {
  ok = true;
  if (key == "==" || key == "eq") return Comparison::kEq;
  if (key == "!=" || key == "ne") return Comparison::kNe;
  if (key == "<" || key == "lt") return Comparison::kLt;
  if (key == "<=" || key == "le") return Comparison::kLe;
  if (key == ">" || key == "gt") return Comparison::kGt;
  if (key == ">=" || key == "ge") return Comparison::kGe;
  ok = false;
  return Comparison::kEq;
}

ExpectationSpec read_expectation(MapReader& r, const YAML::Node& n) {
  ExpectationSpec e;
  e.where = where_of(r, n);
  e.device = r.string_of(r.need("device"), "device");
  e.counter = r.string_of(r.need("counter"), "counter");
  int comparisons = 0;
  for (const auto& kv : n) {
    bool ok;
    const std::string key = kv.first.Scalar();
    const Comparison op = comparison_of(key, ok);
    if (!ok) continue;
    r.maybe(key);
    ++comparisons;
    e.op = op;
    const YAML::Node v = kv.second;
    const std::string text = r.string_of(v, key);
    if (text.find(':') != std::string::npos) e.value_of = text;
    else e.value = r.double_of(v, key);
  }
  if (comparisons != 1) r.fail_here("expected exactly one comparison (==, !=, <, <=, >, >=) with a number or DEVICE:COUNTER");
  if (auto t = r.maybe("tolerance"); t.IsDefined()) {
    std::string s = r.string_of(t, "tolerance");
    const bool percent = !s.empty() && s.back() == '%';
    if (percent) s.pop_back();
    YAML::Node number(s);
    e.tolerance = r.double_of(number, "tolerance") / (percent ? 100.0 : 1.0);
    if (e.tolerance < 0) r.fail(t, "tolerance", "expected a non-negative tolerance");
  }
  if (auto at = r.maybe("at"); at.IsDefined()) e.at_ps = duration_of(r, at, "at");
  if (auto s = r.maybe("scales"); s.IsDefined()) {
    e.scales = r.bool_of(s, "scales");
    // Against another counter, both sides follow the load already.
    if (e.value_of) r.fail(s, "scales", "applies to a number, not to DEVICE:COUNTER (" + *e.value_of + ")");
  }
  r.reject_unknown();
  return e;
}

// Times must fall inside the run.
void check_times(const ScenarioSpec& spec) {
  auto late = [&](const Where& where, const std::string& what, uint64_t t) {
    if (t > spec.duration_ps)
      throw config::InputError(where.str() + ": " + what + " " + format_duration(t) + " is after the end of the run (" +
                               format_duration(spec.duration_ps) + ")");
  };
  for (const auto& s : spec.shows)
    if (s.at_ps) late(s.where, "'at'", *s.at_ps);
  for (const auto& e : spec.expectations)
    if (e.at_ps) late(e.where, "'at'", *e.at_ps);
  for (const auto& g : spec.generators)
    for (const auto& s : g.streams) late(s.where, "stream '" + s.name + "' start", s.start_ps);
  for (const auto& e : spec.events) late(e.where, "event", e.at_ps);
}

// Calls fn(reader, node) for each map in the list `field` (absent: none).
template <class Fn>
void for_each_item(MapReader& r, const std::string& field, const std::string& shape, Fn fn) {
  auto list = r.maybe(field);
  if (!list.IsDefined()) return;
  if (!list.IsSequence()) r.fail(list, field, "expected a list of " + shape);
  for (std::size_t i = 0; i < list.size(); ++i) {
    MapReader item = r.map_of(list[i], field + "[" + std::to_string(i) + "]");
    fn(item, list[i]);
  }
}

// Reads a device name and checks that the scenario has that device.
std::string device_of(MapReader& m, const YAML::Node& item, const std::string& field,
                      const std::vector<DeviceSpec>& devices) {
  auto n = m.need(field);
  const std::string name = m.string_of(n, field);
  for (const auto& d : devices)
    if (d.name == name) return name;
  m.fail(item[field], field, "no device named '" + name + "'");
}

void check_port_device(const MapReader& m, const YAML::Node& at, const std::string& field, const PortRef& port,
                       const std::vector<DeviceSpec>& devices) {
  for (const auto& d : devices)
    if (d.name == port.device) return;
  m.fail(at, field, "no device named '" + port.device + "'");
}

// Device and generator names become SystemC module names (which SystemC
// rewrites: "R.1" would become "R_1", and a second "R_1" is renamed again,
// its counters lost), file names of captures and VCD signals, and the
// "DEVICE:COUNTER" of expectations: letters, digits, '-' and '_' only.
void check_name(const MapReader& r, const YAML::Node& key, const std::string& what) {
  const std::string& name = key.Scalar();
  const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
  if (!ok) r.fail(key, name, "expected a " + what + " name of letters, digits, '-' and '_', got '" + name + "'");
}

// `slots: {2: {card: lc9600, pics: [1]}}`: FPC slot -> card. MX10004 has 4
// slots, MX10008 8 [HW2101]; an LC9600 has PICs 0..5 [L]. LC4800 and LC4802
// are Trio 6 cards too [L48, L4802] but not modeled.
std::vector<SlotSpec> read_slots(MapReader& d, const YAML::Node& node, const std::string& platform, int fpc_slots) {
  if (!node.IsMap() || node.size() == 0)
    d.fail(node, "slots", "expected a map of FPC slots such as {2: {card: lc9600, pics: [1]}}");
  MapReader slots = d.map_of(node, "slots");
  std::vector<SlotSpec> out;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    SlotSpec slot;
    slot.fpc = static_cast<int>(slots.uint_of(kv.first, key, 1000));
    if (slot.fpc >= fpc_slots)
      slots.fail(kv.first, key, "FPC slot " + key + " does not exist: an " + platform + " has FPC slots 0.." +
                                    std::to_string(fpc_slots - 1));
    slots.maybe(key);
    for (const auto& other : out)
      if (other.fpc == slot.fpc) slots.fail(kv.first, key, "FPC " + std::to_string(slot.fpc) + " is listed twice");
    MapReader m = slots.map_of(kv.second, key);
    slot.where = {slots.file(), m.line()};
    auto card = m.need("card");
    slot.card = m.string_of(card, "card");
    if (slot.card == "lc4800" || slot.card == "lc4802")
      m.fail(card, "card", "the " + slot.card + " is a Trio 6 card but not modeled: expected lc9600");
    if (slot.card != "lc9600") m.fail(card, "card", "expected lc9600, got '" + slot.card + "'");
    if (auto p = m.maybe("pics"); p.IsDefined()) {
      if (!p.IsSequence() || p.size() == 0) m.fail(p, "pics", "expected a list of PICs such as [0, 1] (an LC9600 has 0..5)");
      for (const auto& pic : p) {
        const int n = static_cast<int>(m.uint_of(pic, "pics", 5));
        if (std::find(slot.pics.begin(), slot.pics.end(), n) != slot.pics.end())
          m.fail(pic, "pics", "PIC " + std::to_string(n) + " is listed twice");
        slot.pics.push_back(n);
      }
    } else {
      slot.pics = {0, 1, 2, 3, 4, 5};  // every chip of the card [L]
    }
    m.reject_unknown();
    out.push_back(std::move(slot));
  }
  return out;
}

DeviceSpec read_device(const MapReader& devices, const std::string& name, const YAML::Node& node,
                       const std::string& base_dir) {
  MapReader d = devices.map_of(node, name);
  DeviceSpec dev;
  dev.name = name;
  dev.where = where_of(d, node);
  auto platform = d.need("platform");
  dev.platform = d.string_of(platform, "platform");
  if (dev.platform != "mx304" && dev.platform != "mx10004" && dev.platform != "mx10008")
    d.fail(platform, "platform", "expected mx304, mx10004 or mx10008, got '" + dev.platform + "'");
  if (dev.platform == "mx304") {
    if (auto s = d.maybe("slots"); s.IsDefined())
      d.fail(s, "slots", "an MX304 has no line-card slots: name its LMICs with 'lmics'");
    if (auto l = d.maybe("lmics"); l.IsDefined()) {
      if (!l.IsSequence()) d.fail(l, "lmics", "expected a list of LMIC slots such as [0, 1, 2]");
      for (const auto& slot : l) dev.lmics.push_back(static_cast<int>(d.uint_of(slot, "lmics", 2)));
    } else {
      dev.lmics = {0, 1, 2};  // an MX304 holds up to three LMICs [M]
    }
  } else {
    if (auto l = d.maybe("lmics"); l.IsDefined())
      d.fail(l, "lmics", "an " + dev.platform + " holds line cards: name them with 'slots'");
    dev.slots = read_slots(d, d.need("slots"), dev.platform, dev.platform == "mx10004" ? 4 : 8);
  }
  auto path = d.maybe("config");
  auto text = d.maybe("config_text");
  if (path.IsDefined() == text.IsDefined()) d.fail_here("expected exactly one of 'config' (a file) or 'config_text'");
  if (path.IsDefined()) {
    std::filesystem::path p = d.string_of(path, "config");
    if (p.is_relative()) p = std::filesystem::path(base_dir) / p;
    if (!std::filesystem::exists(p)) d.fail(path, "config", "no such file: " + p.string());
    dev.config_path = p.lexically_normal().string();
  } else {
    dev.config_text = d.string_of(text, "config_text");
  }
  if (auto m = d.maybe("chassis_mac"); m.IsDefined()) {
    dev.chassis_mac = mac_of(d, m, "chassis_mac");
    const MacAddress& mac = *dev.chassis_mac;
    if ((mac[0] & 1) != 0 || mac == MacAddress{})
      d.fail(m, "chassis_mac", "expected a unicast MAC (its first octet's low bit clear, not all zero), got '" +
                                   m.Scalar() + "'");
  }
  d.reject_unknown();
  return dev;
}

LearnedRouteSpec read_learned_route(MapReader& m, const YAML::Node& item, const std::vector<DeviceSpec>& devices) {
  LearnedRouteSpec lr;
  lr.where = where_of(m, item);
  lr.device = device_of(m, item, "device", devices);
  lr.protocol = m.string_of(m.need("protocol"), "protocol");
  if (lr.protocol != "bgp" && lr.protocol != "isis")
    m.fail(item["protocol"], "protocol", "expected bgp or isis, got '" + lr.protocol + "'");
  auto prefixes = m.need("prefixes");
  if (prefixes.IsScalar()) {
    std::tie(lr.first_prefix, lr.prefix_length) = prefix_of(m, prefixes, "prefixes");
  } else {
    MapReader p = m.map_of(prefixes, "prefixes");
    std::tie(lr.first_prefix, lr.prefix_length) = prefix_of(p, p.need("first"), "first");
    lr.count = static_cast<uint32_t>(p.uint_of(p.need("count"), "count", 1u << 20));
    p.reject_unknown();
  }
  // There is one /0: a second one passes the end as well.
  if (range_wraps(prefix_range(lr)) || (lr.prefix_length == 0 && lr.count > 1))
    m.fail(prefixes, "prefixes", "the " + std::to_string(lr.count) + " prefixes from " + lr.first_prefix.to_string() +
                                     "/" + std::to_string(lr.prefix_length) + " pass the end of the address space");
  if (auto nh = m.maybe("next_hop"); nh.IsDefined()) lr.next_hop = m.address_of(nh, "next_hop");
  if (auto pnh = m.maybe("protocol_next_hop"); pnh.IsDefined())
    lr.protocol_next_hop = m.address_of(pnh, "protocol_next_hop");
  if (lr.next_hop.has_value() == lr.protocol_next_hop.has_value())
    m.fail_here("expected exactly one of 'next_hop' or 'protocol_next_hop'");
  if (auto as_path = m.maybe("as_path"); as_path.IsDefined()) lr.as_path = m.string_of(as_path, "as_path");
  if (auto label = m.maybe("push_label"); label.IsDefined())
    lr.push_label = static_cast<uint32_t>(m.uint_of(label, "push_label", (1u << 20) - 1));
  m.reject_unknown();
  return lr;
}

// {address: A, ike_port: N, nat_t_port: N} on the loopback (127.0.0.0/8 or
// ::1): the bridge never opens a socket another host could reach.
HostUdpEndpoint read_host_endpoint(MapReader& m, const YAML::Node& n, const char* field) {
  MapReader e = m.map_of(n, field);
  HostUdpEndpoint h;
  h.address = e.address_of(e.need("address"), "address");
  const bool loopback = h.address.is_v4() ? h.address.data()[0] == 127 : h.address == IpAddress::parse("::1").value();
  if (!loopback)
    e.fail(n["address"], "address", "expected a loopback address (127.0.0.0/8 or ::1): the bridge stays on the host, got '" +
                                        h.address.to_string() + "'");
  for (auto [key, port] : {std::pair{"ike_port", &h.ike_port}, std::pair{"nat_t_port", &h.nat_t_port}})
    if (auto p = e.maybe(key); p.IsDefined()) {
      *port = static_cast<uint16_t>(e.uint_of(p, key, 65535));
      if (*port == 0) e.fail(p, key, "expected a port from 1 to 65535");
    }
  if (h.ike_port == h.nat_t_port) e.fail_here("expected distinct ike_port and nat_t_port");
  e.reject_unknown();
  return h;
}

BridgeSpec read_bridge(MapReader& r, const YAML::Node& n, const std::vector<DeviceSpec>& devices) {
  MapReader m = r.map_of(n, "bridge");
  BridgeSpec b;
  b.where = where_of(r, n);
  b.device = device_of(m, n, "device", devices);
  b.peer = m.address_of(m.need("peer"), "peer");
  b.host = read_host_endpoint(m, m.need("host"), "host");
  b.peer_host = read_host_endpoint(m, m.need("peer_host"), "peer_host");
  if (b.host.address.is_v4() != b.peer_host.address.is_v4())
    m.fail_here("expected 'host' and 'peer_host' of one address family");
  if (b.host.address == b.peer_host.address &&
      (b.host.ike_port == b.peer_host.ike_port || b.host.ike_port == b.peer_host.nat_t_port ||
       b.host.nat_t_port == b.peer_host.ike_port || b.host.nat_t_port == b.peer_host.nat_t_port))
    m.fail_here("'host' and 'peer_host' share an address and a port: the bridge would talk to itself");
  m.reject_unknown();
  return b;
}

ScenarioSpec read(MapReader& r, const std::string& base_dir) {
  ScenarioSpec spec;
  spec.file = r.file();
  spec.name = r.string_of(r.need("scenario"), "scenario");
  if (auto d = r.maybe("description"); d.IsDefined()) spec.description = r.string_of(d, "description");
  if (auto s = r.maybe("seed"); s.IsDefined()) spec.seed = r.uint_of(s, "seed", UINT64_MAX);
  spec.duration_ps = duration_of(r, r.need("duration"), "duration");
  if (spec.duration_ps == 0) r.fail(r.need("duration"), "duration", "expected a duration above 0");
  if (auto w = r.maybe("warmup"); w.IsDefined()) {
    spec.warmup_ps = duration_of(r, w, "warmup");
    if (spec.warmup_ps >= spec.duration_ps) r.fail(w, "warmup", "expected less than 'duration'");
  }
  if (auto rw = r.maybe("rate_window"); rw.IsDefined()) {
    spec.rate_window_ps = duration_of(r, rw, "rate_window");
    if (spec.rate_window_ps == 0) r.fail(rw, "rate_window", "expected a duration above 0");
  }
  if (auto k = r.maybe("ike_negotiation"); k.IsDefined()) spec.ike_negotiation_ps = duration_of(r, k, "ike_negotiation");
  if (auto k = r.maybe("evpn_route_delay"); k.IsDefined())
    spec.evpn_route_delay_ps = duration_of(r, k, "evpn_route_delay");
  if (auto k = r.maybe("ike"); k.IsDefined()) {
    const std::string mode = r.string_of(k, "ike");
    if (mode != "modeled" && mode != "wire") r.fail(k, "ike", "expected modeled or wire, got '" + mode + "'");
    spec.ike_mode = mode == "wire" ? IkeMode::kWire : IkeMode::kModeled;
  }
  if (auto p = r.maybe("parameters"); p.IsDefined()) {
    MapReader params = r.map_of(p, "parameters");
    for (const auto& kv : p) {
      spec.parameters[kv.first.Scalar()] = params.string_of(kv.second, kv.first.Scalar());
      spec.parameter_where[kv.first.Scalar()] = where_of(params, kv.first);
    }
  }

  auto devices = r.need("devices");
  MapReader devices_reader = r.map_of(devices, "devices");
  for (const auto& kv : devices) {
    check_name(devices_reader, kv.first, "device");
    spec.devices.push_back(read_device(devices_reader, kv.first.Scalar(), kv.second, base_dir));
  }

  for_each_item(r, "links", "{a: DEV:IF, b: DEV:IF, delay: T}", [&](MapReader& l, const YAML::Node& item) {
    LinkSpec link;
    link.where = where_of(l, item);
    link.a = port_of(l, l.need("a"), "a");
    link.b = port_of(l, l.need("b"), "b");
    check_port_device(l, item["a"], "a", link.a, spec.devices);
    check_port_device(l, item["b"], "b", link.b, spec.devices);
    if (auto d = l.maybe("delay"); d.IsDefined()) link.delay_ps = duration_of(l, d, "delay");
    if (auto d = l.maybe("remark_dscp"); d.IsDefined())
      link.remark_dscp = static_cast<uint8_t>(l.uint_of(d, "remark_dscp", 63));
    l.reject_unknown();
    spec.links.push_back(link);
  });

  std::map<std::string, Where> stream_where;
  if (auto gens = r.maybe("generators"); gens.IsDefined()) {
    MapReader gr = r.map_of(gens, "generators");
    for (const auto& kv : gens) {
      check_name(gr, kv.first, "generator");
      MapReader g = gr.map_of(kv.second, kv.first.Scalar());
      GeneratorSpec gen;
      gen.name = kv.first.Scalar();
      gen.where = where_of(g, kv.second);
      gen.attach = port_of(g, g.need("attach"), "attach");
      check_port_device(g, kv.second["attach"], "attach", gen.attach, spec.devices);
      auto streams = g.need("streams");
      MapReader sr = g.map_of(streams, "streams");
      for (const auto& s : streams) {
        gen.streams.push_back(read_stream(sr, s.first.Scalar(), s.second));
        // The report and expectations name streams alone: a name is the
        // scenario's, not its generator's.
        const StreamSpec& added = gen.streams.back();
        auto [it, fresh] = stream_where.emplace(added.name, added.where);
        if (!fresh)
          sr.fail(s.first, added.name,
                  "stream '" + added.name + "' is already defined at " + it->second.str() +
                      ": stream names must be unique across generators");
      }
      g.reject_unknown();
      spec.generators.push_back(std::move(gen));
    }
  }

  for_each_item(r, "learned_routes", "{device, protocol, prefixes, next_hop | protocol_next_hop}",
                [&](MapReader& m, const YAML::Node& item) {
                  spec.learned_routes.push_back(read_learned_route(m, item, spec.devices));
                });

  const char* event_shapes =
      "{at: T, link: DEV:IF, state: up|down} or, with ike: wire, {at: T, device: D, ike: stop|start}, "
      "{at: T, device: D, clear: ike|ipsec, index: N}, {at: T, device: D, rekey: VPN, sa: ipsec|ike} or "
      "{at: T, inject: PACKET, link: DEV:IF}";
  for_each_item(r, "events", event_shapes, [&](MapReader& m, const YAML::Node& item) {
    EventSpec e;
    e.where = where_of(m, item);
    e.at_ps = duration_of(m, m.need("at"), "at");
    auto known_link = [&](const char* field) {
      e.link = port_of(m, m.need(field), field);
      const bool known = std::any_of(spec.links.begin(), spec.links.end(), [&](const LinkSpec& l) {
        return l.a.str() == e.link.str() || l.b.str() == e.link.str();
      });
      if (!known) m.fail(item[field], field, "expected one end of a link of 'links', got '" + e.link.str() + "'");
    };
    auto wire_only = [&](const char* field) {
      if (spec.ike_mode != IkeMode::kWire)
        m.fail(item[field], field, "this event needs IKE on the wire ('ike: wire' at the top of the scenario)");
    };
    if (auto st = m.maybe("state"); st.IsDefined()) {
      known_link("link");
      const std::string state = m.string_of(st, "state");
      if (state != "up" && state != "down") m.fail(item["state"], "state", "expected up or down, got '" + state + "'");
      e.up = state == "up";
    } else if (auto ike = m.maybe("ike"); ike.IsDefined()) {
      wire_only("ike");
      e.device = device_of(m, item, "device", spec.devices);
      const std::string what = m.string_of(ike, "ike");
      if (what != "stop" && what != "start") m.fail(item["ike"], "ike", "expected stop or start, got '" + what + "'");
      e.kind = what == "stop" ? EventSpec::Kind::kIkeStop : EventSpec::Kind::kIkeStart;
    } else if (auto clear = m.maybe("clear"); clear.IsDefined()) {
      wire_only("clear");
      e.device = device_of(m, item, "device", spec.devices);
      const std::string what = m.string_of(clear, "clear");
      if (what != "ike" && what != "ipsec") m.fail(item["clear"], "clear", "expected ike or ipsec, got '" + what + "'");
      e.kind = what == "ike" ? EventSpec::Kind::kClearIke : EventSpec::Kind::kClearIpsec;
      if (auto ix = m.maybe("index"); ix.IsDefined()) {
        if (e.kind != EventSpec::Kind::kClearIpsec) m.fail(ix, "index", "expected only with clear: ipsec");
        e.index = static_cast<uint32_t>(m.uint_of(ix, "index", UINT32_MAX));
      }
    } else if (auto rekey = m.maybe("rekey"); rekey.IsDefined()) {
      wire_only("rekey");
      e.device = device_of(m, item, "device", spec.devices);
      e.vpn = m.string_of(rekey, "rekey");
      e.kind = EventSpec::Kind::kRekey;
      // Which SA's soft lifetime is taken as expired: the Child SAs' (the
      // default) or the IKE SA's.
      if (auto sa = m.maybe("sa"); sa.IsDefined()) {
        const std::string what = m.string_of(sa, "sa");
        if (what != "ipsec" && what != "ike") m.fail(sa, "sa", "expected ipsec or ike, got '" + what + "'");
        e.rekey_ike = what == "ike";
      }
    } else if (auto inject = m.maybe("inject"); inject.IsDefined()) {
      wire_only("inject");
      known_link("link");
      e.packet = m.string_of(inject, "inject");
      static const char* kPackets[] = {"esp-replay", "esp-bad-icv", "esp-unknown-spi", "esp-truncated",
                                       "udp-encap-wrong-port", "ike-bad-icv"};
      if (std::none_of(std::begin(kPackets), std::end(kPackets), [&](const char* k) { return e.packet == k; }))
        m.fail(inject, "inject",
               "expected esp-replay, esp-bad-icv, esp-unknown-spi, esp-truncated, udp-encap-wrong-port or "
               "ike-bad-icv, got '" + e.packet + "'");
      e.kind = EventSpec::Kind::kInject;
    } else {
      m.fail(item, "events", std::string("expected ") + event_shapes);
    }
    m.reject_unknown();
    spec.events.push_back(e);
  });

  for_each_item(r, "show", "{device: D, command: C, at: T}", [&](MapReader& m, const YAML::Node& item) {
    ShowRequest s;
    s.where = where_of(m, item);
    s.device = device_of(m, item, "device", spec.devices);
    s.command = m.string_of(m.need("command"), "command");
    if (!s.command.starts_with("show ")) m.fail(item["command"], "command", "expected a show command");
    if (auto at = m.maybe("at"); at.IsDefined()) s.at_ps = duration_of(m, at, "at");
    m.reject_unknown();
    spec.shows.push_back(s);
  });

  for_each_item(r, "show_counters", "{device: D, peer: ADDRESS, in_packets: N, out_packets: N, flaps: N, last_up_down: T}",
                [&](MapReader& m, const YAML::Node& item) {
                  ShowCountersSpec c;
                  c.where = where_of(m, item);
                  c.device = device_of(m, item, "device", spec.devices);
                  c.peer = m.address_of(m.need("peer"), "peer");
                  for (const auto& o : spec.show_counters)
                    if (o.device == c.device && o.peer == c.peer)
                      m.fail(item["peer"], "peer", "the counters of " + c.device + "'s peer " + c.peer.to_string() +
                                                       " are given twice (first at " + o.where.str() + ")");
                  constexpr uint64_t kMaxCount = uint64_t{1} << 53;
                  if (auto k = m.maybe("in_packets"); k.IsDefined()) c.in_packets = m.uint_of(k, "in_packets", kMaxCount);
                  if (auto k = m.maybe("out_packets"); k.IsDefined()) c.out_packets = m.uint_of(k, "out_packets", kMaxCount);
                  if (auto k = m.maybe("flaps"); k.IsDefined()) c.flaps = m.uint_of(k, "flaps", kMaxCount);
                  if (auto k = m.maybe("last_up_down"); k.IsDefined())
                    c.last_up_down_seconds = duration_of(m, k, "last_up_down") / 1'000'000'000'000ull;
                  m.reject_unknown();
                  spec.show_counters.push_back(c);
                });

  for_each_item(r, "expect", "{device, counter, ==: value}", [&](MapReader& m, const YAML::Node& item) {
    auto e = read_expectation(m, item);
    (void)device_of(m, item, "device", spec.devices);
    spec.expectations.push_back(e);
  });
  if (auto b = r.maybe("bridge"); b.IsDefined()) {
    if (spec.ike_mode != IkeMode::kWire)
      r.fail(b, "bridge", "a bridge carries IKE on the wire: write 'ike: wire' in the scenario");
    spec.bridge = read_bridge(r, b, spec.devices);
  }
  r.reject_unknown();
  check_times(spec);
  return spec;
}

}  // namespace

const std::vector<ImixEntry>& simple_imix() {
  // The IMIX Juniper published for the SRX4700 single-tunnel test [S]; the
  // probe's --frame-size imix is the same (models/probe.h).
  static const std::vector<ImixEntry> kImix = {{78, 7}, {570, 4}, {1450, 1}};
  return kImix;
}

IpAddress address_at(const AddressRange& range, uint32_t n) {
  const std::size_t size = range.first.size();
  uint8_t out[16];
  // out = first + n * step, big-endian, carrying from the last byte.
  uint64_t carry = 0;
  for (std::size_t i = size; i-- > 0;) {
    const uint64_t v = uint64_t{range.first.data()[i]} + uint64_t{range.step.data()[i]} * n + carry;
    out[i] = static_cast<uint8_t>(v);
    carry = v >> 8;
  }
  return size == 4 ? IpAddress::v4(out) : IpAddress::v6(out);
}

bool range_wraps(const AddressRange& range) {
  if (range.count <= 1) return false;
  // first + (count - 1) * step with the carry out of the first byte kept.
  const uint64_t n = range.count - 1;
  uint64_t carry = 0;
  for (std::size_t i = range.first.size(); i-- > 0;) {
    const uint64_t v = uint64_t{range.first.data()[i]} + uint64_t{range.step.data()[i]} * n + carry;
    carry = v >> 8;
  }
  return carry != 0;
}

AddressRange prefix_range(const LearnedRouteSpec& block) {
  // 1 in the prefix's last bit (a /0, the only one of its length, steps by
  // its first bit).
  uint8_t bytes[16] = {};
  const int bit = std::max(block.prefix_length, 1) - 1;
  bytes[bit / 8] = static_cast<uint8_t>(0x80 >> (bit % 8));
  const IpAddress step = block.first_prefix.is_v4() ? IpAddress::v4(bytes) : IpAddress::v6(bytes);
  return AddressRange{block.first_prefix, block.count, step};
}

Expected<ScenarioSpec, std::string> parse_scenario(const std::string& text, const std::string& source_name,
                                                   const std::string& base_dir) {
  try {
    YAML::Node root = config::load_yaml_text(text, source_name);
    MapReader r(root, source_name);
    return read(r, base_dir);
  } catch (const config::InputError& e) {
    return unexpected(std::string(e.what()));
  }
}

Expected<ScenarioSpec, std::string> load_scenario(const std::string& path) {
  try {
    YAML::Node root = config::load_yaml_file(path);
    MapReader r(root, path);
    return read(r, std::filesystem::path(path).parent_path().string());
  } catch (const config::InputError& e) {
    return unexpected(std::string(e.what()));
  }
}

}  // namespace trio6sim::scenario
