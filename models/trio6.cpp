#include "trio6.h"

#include <fmt/core.h>

#include <algorithm>

#include "bounds.h"
#include "chip_core.h"
#include "crypto/ipsec_statistics.h"
#include "packet/bytes.h"
#include "packet/parser.h"
#include "replaceable_blocks.h"
#include "units.h"

namespace trio6sim::models {

namespace {
const Trio6Params& validated(const Trio6Params& params) {
  params.validate();
  return params;
}
}  // namespace

Trio6::Trio6(const sc_core::sc_module_name& name, const Trio6Params& params) : Trio6(name, params, BlockFactory{}) {}

Trio6::Trio6(const sc_core::sc_module_name& name, const Trio6Params& params, const BlockFactory& factory)
    : sc_core::sc_module(name),
      port_in("port_in", kPortsPerChip),
      port_out("port_out", kPortsPerChip),
      host_in("host_in"),
      host_out("host_out"),
      to_chassis("to_chassis", kSlices),
      from_chassis("from_chassis", kSlices),
      core_(std::make_unique<ChipCore>(*this, validated(params))) {
  ChipCore& core = *core_;  // the services every block gets
  core.fabric = factory.fabric ? factory.fabric("fabric", core) : library_fabric("fabric", core);
  if (!core.fabric) throw ConfigError(std::string(basename()) + ": the block factory returned no fabric");
  for (int s = 0; s < kSlices; ++s)
    core.slices[s] = std::make_unique<Slice>(("pfe" + std::to_string(s)).c_str(), core, s, factory);
  // The netlist: the WAN ports are the slices' (ports 0-7 on PFE 1, 8-15
  // on PFE 0 [M]); the fabric is the only path between the slices [W].
  for (int p = 0; p < kPortsPerChip; ++p) {
    Slice& sl = *core_->slices[slice_of_port(p)];
    port_in[p].bind(sl.port_in[Slice::port_index(p)]);
    sl.port_out[Slice::port_index(p)].bind(port_out[p]);
  }
  for (int s = 0; s < kSlices; ++s) {
    core_->slices[s]->to_fabric.bind(core_->fabric->pfe_input(s));
    core_->fabric->pfe_output(s).bind(core_->slices[s]->from_fabric);
  }
  // The host path enters PFE 0 (assumption).
  host_in.bind(core_->slices[0]->host_in);
  // The chassis (a router's other chips), per slice; unbound outside one.
  for (int s = 0; s < kSlices; ++s) {
    core_->slices[s]->to_chassis.bind(to_chassis[s]);
    from_chassis[s].bind(core_->slices[s]->from_chassis);
  }
  // Lookahead (timed_block.h): the lookup engine stamps every output at
  // least its shortest program after the simulation's time, the fabric at
  // least its latency. So the blocks they alone feed (SI anchors, egress
  // queues, and the fabric itself, fed by the lookups) may handle jobs that
  // far ahead in one activation. The SI anchors wake half of it early, which
  // gives the IPsec engine, which only they feed, that half as its lookahead.
  const auto& lu = core_->params().lookup;
  const uint64_t lookup_min_ps = ps_from_cycles(lu.shortest_program_cycles(), lu.clock_ghz);
  const uint64_t fabric_min_ps = uint64_t{core_->params().fabric.latency_ns} * kPsPerNs;
  core_->fabric->set_lookahead_ps(lookup_min_ps);
  for (auto& sl : core_->slices) {
    for (int pg = 0; pg < 2; ++pg) sl->port_group(pg).set_lookahead_ps(std::min(lookup_min_ps, fabric_min_ps));
    const uint64_t si_lookahead = std::min(lookup_min_ps, fabric_min_ps);
    for (int i = 0; i < kSiPerSlice; ++i)
      sl->si(sl->index() * kSiPerSlice + i).set_lookahead_ps(si_lookahead, si_lookahead / 2);
    sl->ipsec().set_lookahead_ps(si_lookahead / 2);
  }
  // Interface index 0 is "none", so that 0 can mean "no interface".
  core_->fib.interfaces.push_back(Interface{"(none)", InterfaceKind::kLoopback, false});
  core_->ifl_counters.emplace_back();
}

Trio6::~Trio6() = default;

const Trio6Params& Trio6::params() const { return core_->params(); }
PacketPool& Trio6::pool() { return core_->pool; }
const ForwardingState& Trio6::forwarding() const { return core_->fib; }
const Window& Trio6::window() const { return core_->window(); }
void Trio6::set_measurement_window(const Window& w) { core_->set_window(w); }
void Trio6::unsteer_esp(uint32_t spi) { core_->fib.esp_units.erase(spi); }
std::optional<IfIndex> Trio6::esp_unit(uint32_t spi) const { return core_->fib.esp_units.find(spi); }
IfIndex Trio6::port_interface(int port) const { return core_->port_ifl[port]; }
IfIndex Trio6::si_unit_interface(int si_number, int unit) const { return core_->si_unit_ifl[si_number][unit]; }
std::size_t Trio6::sa_count() const { return core_->sa_slice.size(); }
void Trio6::set_egress_observer(EgressObserver observer) { core_->egress_observer = std::move(observer); }
void Trio6::set_host_observer(HostObserver observer) { core_->host_observer = std::move(observer); }
void Trio6::set_tunnel_miss_observer(TunnelMissObserver observer) { core_->tunnel_miss_observer = std::move(observer); }
void Trio6::set_mac_learned_observer(MacLearnedObserver observer) { core_->mac_learned_observer = std::move(observer); }
const IflCounters& Trio6::counters(IfIndex ifl) const {
  core_->settle_outputs(now_ps());
  return core_->ifl_counters.at(ifl);
}
void Trio6::settle_outputs(uint64_t t) const { core_->settle_outputs(t); }
std::size_t Trio6::frames_awaiting_departure() const { return core_->output_ledger.pending(); }
const TrafficStatistics& Trio6::traffic() const { return core_->traffic; }
const Trio6::DropsByPlace& Trio6::drops_by_place() const { return core_->drops_by_place; }
uint64_t Trio6::last_departure_ps() const { return core_->last_departure_ps; }
Slice& Trio6::slice(int i) { return *core_->slices[i]; }
const Slice& Trio6::slice(int i) const { return *core_->slices[i]; }
FabricBlock& Trio6::fabric() { return *core_->fabric; }
const FabricBlock& Trio6::fabric() const { return *core_->fabric; }

void Trio6::set_injection_lead_ps(uint64_t lead_ps) {
  // The lookup engine's producers: the ports (the injection lead), the IPsec
  // loopback (fed by the engine, which handles jobs at their exact time and
  // adds its pipeline latency) and the fabric (its latency).
  const uint64_t loopback_min_ps = ps_from_cycles(core_->params().ipsec.pipeline_latency_cycles, core_->params().ipsec.clock_ghz);
  const uint64_t fabric_min_ps = uint64_t{core_->params().fabric.latency_ns} * kPsPerNs;
  const uint64_t lookahead = std::min({lead_ps, loopback_min_ps, fabric_min_ps});
  for (auto& sl : core_->slices) sl->lookup().set_lookahead_ps(lookahead);
  core_->lookup_lookahead_ps = lookahead;
}

void Trio6::send_from_host(PacketPtr packet, uint64_t at_ps) {
  if (!packet || packet->empty()) throw ConfigError("send_from_host: an empty packet");
  // The chip hashes the packet itself (outer header, SPI for ESP), as it
  // does every packet it forwards.
  ParseOptions po;
  po.verify_ipv4_checksum = false;
  if (auto parsed = parse_l3(packet->bytes(), L3Family::kUnknown, po)) packet->meta.flow_hash = parsed->flow_hash;
  packet->meta.id = ++core_->host_packet_id;
  packet->meta.stream_id = 0;
  // The lookup engine handles jobs up to its lookahead ahead of the
  // simulation's time (timed_block.h): a job stamped earlier could arrive
  // after later ones were handled.
  const uint64_t earliest = now_ps() + core_->lookup_lookahead_ps;
  Job job;
  job.packet = std::move(packet);
  if (!core_->host_target) core_->host_target = &dynamic_cast<DirectJobTarget&>(host_in.get_base_interface());
  core_->host_target->direct_fn(core_->host_target->direct_object, std::move(job), std::max(at_ps, earliest));
}

IfIndex Trio6::add_interface(Interface i) {
  if (core_->fib.by_name.count(i.name)) throw ConfigError("interface " + i.name + " already exists");
  const auto index = static_cast<IfIndex>(core_->fib.interfaces.size());
  core_->fib.by_name[i.name] = index;
  core_->fib.interfaces.push_back(std::move(i));
  core_->ifl_counters.emplace_back();
  return index;
}

IfIndex Trio6::add_physical_interface(const std::string& name, int port) {
  if (port < 0 || port >= kPortsPerChip) throw ConfigError(fmt::format("{}: port {} is not 0..15", name, port));
  if (core_->params().port_group.port_gbps[port] <= 0)
    throw ConfigError(fmt::format("{}: port {} has no speed (its PG's bandwidth is taken by another port)", name, port));
  if (core_->port_ifl[port] != 0)
    throw ConfigError(fmt::format("{}: port {} already belongs to {}", name, port, core_->fib.interfaces[core_->port_ifl[port]].name));
  Interface i{name, InterfaceKind::kPhysical};
  i.port = port;
  const IfIndex index = add_interface(std::move(i));
  core_->port_ifl[port] = index;
  return index;
}

IfIndex Trio6::add_aggregate_interface(const std::string& name, const std::vector<IfIndex>& members) {
  if (members.empty()) throw ConfigError(name + ": an aggregate needs at least one member");
  for (IfIndex m : members) {
    const Interface* mi = core_->fib.find(m);
    if (!mi || (mi->kind != InterfaceKind::kPhysical && mi->kind != InterfaceKind::kRemote))
      throw ConfigError(name + ": members must be physical interfaces (of this chip or another)");
    if (mi->parent != 0) throw ConfigError(name + ": " + mi->name + " is already a member of " + core_->fib.interfaces[mi->parent].name);
  }
  Interface i{name, InterfaceKind::kAggregate};
  i.members = members;
  const IfIndex index = add_interface(std::move(i));
  for (IfIndex m : members) core_->fib.interfaces[m].parent = index;
  return index;
}

IfIndex Trio6::add_remote_interface(const std::string& name, int remote_chip, IfIndex remote_ifl) {
  if (remote_chip < 0 || remote_chip > 255) throw ConfigError(fmt::format("{}: chip index {} is not 0..255", name, remote_chip));
  Interface i{name, InterfaceKind::kRemote};
  i.remote_chip = remote_chip;
  i.remote_ifl = remote_ifl;
  return add_interface(std::move(i));
}

void Trio6::add_mpls_label(uint32_t label, const MplsEntry& entry) {
  if (label < 16 || label >= (1u << 20))
    throw ConfigError(fmt::format("MPLS label {}: labels are 16..1048575 (0-15 are reserved)", label));
  core_->fib.mpls[label] = entry;
}

uint32_t Trio6::add_bridge_domain(const BridgeDomain& domain) {
  if (domain.vlan == 0 || domain.vlan > 4094)
    throw ConfigError(fmt::format("bridge domain {}: VLAN {} is outside 1..4094", domain.name, domain.vlan));
  if (domain.vni >= (1u << 24))
    throw ConfigError(fmt::format("bridge domain {}: VNI {} is outside 0..16777215", domain.name, domain.vni));
  ForwardingState& fib = core_->fib;
  const auto index = static_cast<uint32_t>(fib.bridge_domains.size());
  if (domain.vni != 0 && !fib.bridge_vnis.emplace(domain.vni, index).second)
    throw ConfigError(fmt::format("bridge domain {}: VNI {} belongs to another domain", domain.name, domain.vni));
  fib.bridge_domains.push_back(domain);
  fib.macs_per_domain.push_back(0);
  fib.mac_ips_per_domain.push_back(0);
  fib.bridge_floods.emplace_back();
  return index;
}

void Trio6::add_bridge_port(int port, uint16_t vlan, uint32_t domain) {
  ForwardingState& fib = core_->fib;
  if (port < 0 || port >= kPortsPerChip || domain >= fib.bridge_domains.size())
    throw ConfigError(fmt::format("bridge port {} VLAN {}: no such port or domain", port, vlan));
  if (core_->port_ifl[port] == 0) throw ConfigError(fmt::format("bridge port {}: the port has no interface", port));
  fib.bridge_ports[static_cast<uint32_t>(port) << 12 | vlan] = {domain, core_->port_ifl[port]};
  auto& ifls = fib.bridge_floods[domain].ifls;
  if (std::find(ifls.begin(), ifls.end(), core_->port_ifl[port]) == ifls.end()) ifls.push_back(core_->port_ifl[port]);
}

void Trio6::add_bridge_flood_interface(uint32_t domain, IfIndex ifl) {
  ForwardingState& fib = core_->fib;
  const Interface* i = fib.find(ifl);
  if (domain >= fib.bridge_domains.size() || !i || i->kind != InterfaceKind::kRemote)
    throw ConfigError(fmt::format("bridge flood interface {}: no such domain, or not another chip's port", ifl));
  auto& ifls = fib.bridge_floods[domain].ifls;
  if (std::find(ifls.begin(), ifls.end(), ifl) == ifls.end()) ifls.push_back(ifl);
}

void Trio6::add_flood_vtep(uint32_t domain, const IpAddress& vtep) {
  ForwardingState& fib = core_->fib;
  if (domain >= fib.bridge_domains.size()) throw ConfigError(fmt::format("flood VTEP: no bridge domain {}", domain));
  if (!vtep.is_v4()) throw ConfigError("flood VTEP " + vtep.to_string() + ": an IPv4 address is expected");
  auto& vteps = fib.bridge_floods[domain].vteps;
  const uint32_t a = load_be32(vtep.data());
  if (std::find(vteps.begin(), vteps.end(), a) == vteps.end()) vteps.push_back(a);
}

void Trio6::add_bridge_gateway(uint32_t domain, const IpAddress& ipv4, MacKey mac) {
  ForwardingState& fib = core_->fib;
  if (domain >= fib.bridge_domains.size()) throw ConfigError(fmt::format("bridge gateway: no bridge domain {}", domain));
  if (!ipv4.is_v4()) throw ConfigError("bridge gateway " + ipv4.to_string() + ": an IPv4 address is expected");
  if ((mac >> 40 & 1) != 0 || mac == 0 || mac >= (MacKey{1} << 48))
    throw ConfigError("bridge gateway " + ipv4.to_string() + ": its MAC must be a unicast address");
  fib.bridge_domains[domain].gateways.push_back({load_be32(ipv4.data()), mac});
}

void Trio6::add_bridge_irb(uint32_t domain, uint16_t instance, const IpAddress& address, int length, MacKey mac) {
  ForwardingState& fib = core_->fib;
  if (domain >= fib.bridge_domains.size()) throw ConfigError(fmt::format("bridge irb: no bridge domain {}", domain));
  if (!address.is_v4() || length < 0 || length > 32)
    throw ConfigError(fmt::format("bridge irb {}/{}: an IPv4 address and prefix length are expected", address.to_string(),
                                  length));
  if (instance > fib.instances.size()) throw ConfigError(fmt::format("bridge irb: no routing instance {}", instance));
  BridgeDomain& d = fib.bridge_domains[domain];
  if (d.irb_mac != 0 && (d.irb_mac != mac || d.irb_instance != instance))
    throw ConfigError(fmt::format("bridge domain {}: one irb (one MAC, one routing instance) is expected", d.name));
  add_bridge_gateway(domain, address, mac);  // checks the MAC
  const uint32_t a = load_be32(address.data());
  const uint32_t network = length == 0 ? 0 : a & ~((uint32_t{1} << (32 - length)) - 1);
  d.irb_mac = mac;
  d.irb_instance = instance;
  d.irb_subnets.push_back({network, length});
  add_instance_route(instance, IpAddress::v4(network), length, NextHop::irb(domain));
  add_instance_route(instance, address, 32, NextHop::local());
}

void Trio6::add_mac_ip(uint32_t domain, const IpAddress& ipv4, MacKey mac) {
  ForwardingState& fib = core_->fib;
  if (domain >= fib.bridge_domains.size()) throw ConfigError(fmt::format("MAC-IP binding: no bridge domain {}", domain));
  if (!ipv4.is_v4()) throw ConfigError("MAC-IP binding " + ipv4.to_string() + ": an IPv4 address is expected");
  fib.mac_ips[ForwardingState::mac_ip_slot(domain, load_be32(ipv4.data()))] = mac;
}

void Trio6::set_vtep_source(const IpAddress& ipv4) {
  if (!ipv4.is_v4()) throw ConfigError("VTEP source " + ipv4.to_string() + ": an IPv4 address is expected");
  core_->fib.vtep_source = load_be32(ipv4.data());
}

void Trio6::add_mac(uint32_t domain, MacKey mac, const MacEntry& entry) {
  ForwardingState& fib = core_->fib;
  if (domain >= fib.bridge_domains.size()) throw ConfigError(fmt::format("MAC entry: no bridge domain {}", domain));
  fib.macs[ForwardingState::mac_slot(domain, mac)] = entry;
}

bool Trio6::remove_mac(uint32_t domain, MacKey mac) {
  return core_->fib.macs.erase(ForwardingState::mac_slot(domain, mac)) > 0;
}

IfIndex Trio6::add_loopback_interface(const std::string& name) {
  return add_interface(Interface{name, InterfaceKind::kLoopback});
}

IfIndex Trio6::add_st0_unit(uint32_t unit) {
  Interface i{fmt::format("st0.{}", unit), InterfaceKind::kSt0};
  i.st0_unit = unit;
  return add_interface(std::move(i));
}

IfIndex Trio6::add_si_unit(int pfe, int si_number, int unit) {
  if (unit != 0 && unit != 1)
    throw ConfigError(fmt::format("si-F/P/{}.{}: without a service domain only unit 0 (inside) and 1 (outside) exist",
                                  si_number, unit));
  return add_si_unit(pfe, si_number, unit, unit == 1);
}

IfIndex Trio6::add_si_unit(int pfe, int si_number, int unit, bool outside) {
  if (pfe < 0 || pfe >= kSlices) throw ConfigError(fmt::format("PFE {} does not exist (0 or 1)", pfe));
  if (si_number < 0 || si_number >= kSlices * kSiPerSlice || slice_of_si(si_number) != pfe)
    throw ConfigError(fmt::format("si-F/P/{} is not an si interface of PFE {} (it has si-F/P/{} and si-F/P/{})",
                                  si_number, pfe, pfe * kSiPerSlice, pfe * kSiPerSlice + 1));
  if (unit < 0) throw ConfigError(fmt::format("si-F/P/{}.{}: a unit number is not negative", si_number, unit));
  Interface i{fmt::format("si-F/P/{}.{}", si_number, unit), InterfaceKind::kSi};
  i.si_number = si_number;
  i.si_unit = unit;
  i.si_outside = outside;
  const IfIndex index = add_interface(std::move(i));
  if (unit <= 1) core_->si_unit_ifl[si_number][unit] = index;
  return index;
}

void Trio6::steer_esp(uint32_t spi, IfIndex unit) {
  const Interface* i = core_->fib.find(unit);
  if (!i || !((i->kind == InterfaceKind::kSi && i->si_outside) || i->kind == InterfaceKind::kRemote))
    throw ConfigError(fmt::format("steer_esp: SPI 0x{:08x}: interface {} is not an outside si unit", spi, unit));
  core_->fib.esp_units.insert(spi, unit);
}

void Trio6::set_inline_services_bandwidth(int si_number, double gbps) {
  if (si_number < 0 || si_number >= kSlices * kSiPerSlice)
    throw ConfigError(fmt::format("si-F/P/{} does not exist (0..3)", si_number));
  core_->slices[slice_of_si(si_number)]->si(si_number).set_bandwidth_gbps(gbps);
}

void Trio6::remove_interface(IfIndex ifl) {
  if (!core_->fib.find(ifl)) throw ConfigError(fmt::format("interface index {} does not exist", ifl));
  Interface& i = core_->fib.interfaces[ifl];
  i.present = false;
  core_->fib.by_name.erase(i.name);
  if (i.kind == InterfaceKind::kPhysical) core_->port_ifl[i.port] = 0;
  if (i.kind == InterfaceKind::kSi && i.si_unit <= 1 && core_->si_unit_ifl[i.si_number][i.si_unit] == ifl)
    core_->si_unit_ifl[i.si_number][i.si_unit] = 0;
  if (ifl < core_->fib.tunnels.size()) core_->fib.tunnels[ifl].reset();
}

void Trio6::set_link_up(IfIndex ifl, bool up) {
  const Interface* i = core_->fib.find(ifl);
  if (!i || (i->kind != InterfaceKind::kPhysical && i->kind != InterfaceKind::kRemote))
    throw ConfigError(fmt::format("interface index {}: only ports have a link", ifl));
  core_->fib.interfaces[ifl].link_up = up;
}

void Trio6::set_interface_mtu(IfIndex ifl, uint32_t media_mtu_bytes) {
  const Interface* i = core_->fib.find(ifl);
  if (!i || (i->kind != InterfaceKind::kPhysical && i->kind != InterfaceKind::kAggregate &&
             i->kind != InterfaceKind::kRemote))
    throw ConfigError(fmt::format("interface index {}: only ports and aggregates have an MTU", ifl));
  core_->fib.interfaces[ifl].mtu_bytes = media_mtu_bytes;
  if (media_mtu_bytes != 0) core_->fib.mtu_limited = true;
}

void Trio6::set_tunnel_ip_mtu(IfIndex ifl, uint32_t inet_bytes, uint32_t inet6_bytes) {
  const Interface* i = core_->fib.find(ifl);
  if (!i || (i->kind != InterfaceKind::kSt0 && i->kind != InterfaceKind::kRemote))
    throw ConfigError(fmt::format("interface index {}: only st0 units have a tunnel IP MTU", ifl));
  if (inet_bytes > UINT16_MAX || inet6_bytes > UINT16_MAX)
    throw ConfigError(fmt::format("{}: a tunnel IP MTU above 65,535 B", i->name));
  core_->fib.interfaces[ifl].inet_mtu_bytes = inet_bytes;
  core_->fib.interfaces[ifl].inet6_mtu_bytes = inet6_bytes;
  if (ifl < core_->fib.tunnels.size() && core_->fib.tunnels[ifl]) {
    core_->fib.tunnels[ifl]->inet_mtu = static_cast<uint16_t>(inet_bytes);
    core_->fib.tunnels[ifl]->inet6_mtu = static_cast<uint16_t>(inet6_bytes);
  }
}

std::optional<IfIndex> Trio6::find_interface(const std::string& name) const {
  auto it = core_->fib.by_name.find(name);
  if (it == core_->fib.by_name.end()) return std::nullopt;
  return it->second;
}

const Interface& Trio6::interface(IfIndex ifl) const {
  const Interface* i = core_->fib.find(ifl);
  if (!i) throw ConfigError(fmt::format("interface index {} does not exist", ifl));
  return *i;
}

void Trio6::add_route(const IpAddress& prefix, int length, const NextHop& nh) {
  add_instance_route(0, prefix, length, nh);
}

void Trio6::add_instance_route(uint16_t instance, const IpAddress& prefix, int length, const NextHop& nh) {
  if (instance > core_->fib.instances.size())
    throw ConfigError(fmt::format("route {}/{}: routing instance {} does not exist", prefix.to_string(), length,
                                  instance));
  const int bits = prefix.is_v4() ? 32 : 128;
  if (length < 0 || length > bits)
    throw ConfigError(fmt::format("route {}/{}: prefix length must be 0..{}", prefix.to_string(), length, bits));
  auto require_kind = [&](std::initializer_list<InterfaceKind> kinds, const char* what) {
    const Interface* i = core_->fib.find(nh.ifl);
    if (i && i->kind == InterfaceKind::kRemote) return;  // checked by the chip that holds it
    bool ok = i != nullptr;
    if (ok) {
      ok = false;
      for (auto k : kinds) ok = ok || i->kind == k;
    }
    if (!ok) throw ConfigError(fmt::format("route {}/{}: next hop must be {}", prefix.to_string(), length, what));
  };
  switch (nh.kind) {
    case NextHopKind::kInterface:
    case NextHopKind::kMplsPush:
      require_kind({InterfaceKind::kPhysical, InterfaceKind::kAggregate}, "a physical or aggregate interface");
      break;
    case NextHopKind::kSt0: require_kind({InterfaceKind::kSt0}, "an st0 unit"); break;
    case NextHopKind::kSiOutside:
      require_kind({InterfaceKind::kSi}, "an si unit");
      if (core_->fib.interfaces[nh.ifl].kind == InterfaceKind::kSi && !core_->fib.interfaces[nh.ifl].si_outside)
        throw ConfigError(fmt::format("route {}/{}: the IKE gateway route goes to an outside si unit",
                                      prefix.to_string(), length));
      break;
    case NextHopKind::kMplsGre:
      if (nh.ifl >= core_->fib.gre_tunnels.size())
        throw ConfigError(fmt::format("route {}/{}: GRE tunnel {} does not exist", prefix.to_string(), length, nh.ifl));
      if (nh.mpls_label < 16 || nh.mpls_label >= (1u << 20))
        throw ConfigError(fmt::format("route {}/{}: VPN label {} is not 16..1048575", prefix.to_string(), length,
                                      nh.mpls_label));
      break;
    case NextHopKind::kIrb:
      if (nh.ifl >= core_->fib.bridge_domains.size() || !prefix.is_v4())
        throw ConfigError(fmt::format("route {}/{}: next hop must be an IPv4 route into a bridge domain",
                                      prefix.to_string(), length));
      break;
    case NextHopKind::kLocal:
    case NextHopKind::kDiscard: break;
  }
  ForwardingState& fib = core_->fib;
  RouteTable& table = instance == 0 ? (prefix.is_v4() ? fib.ipv4 : fib.ipv6)
                                    : (prefix.is_v4() ? fib.instances[instance - 1].ipv4 : fib.instances[instance - 1].ipv6);
  table.add(prefix.data(), length, nh);
}

uint16_t Trio6::add_routing_instance(const std::string& name) {
  auto& instances = core_->fib.instances;
  for (const auto& i : instances)
    if (i.name == name) throw ConfigError(fmt::format("routing instance {} already exists", name));
  if (instances.size() >= 0xfffe) throw ConfigError("too many routing instances");
  instances.push_back(RoutingInstance{name});
  return static_cast<uint16_t>(instances.size());
}

void Trio6::bind_interface_to_instance(IfIndex ifl, uint16_t instance) {
  const Interface* i = core_->fib.find(ifl);
  if (!i || i->kind != InterfaceKind::kPhysical)
    throw ConfigError("a routing instance binds a physical interface of this chip");
  if (instance > core_->fib.instances.size())
    throw ConfigError(fmt::format("{}: routing instance {} does not exist", i->name, instance));
  core_->fib.port_instance[static_cast<std::size_t>(i->port)] = instance;
}

uint32_t Trio6::add_gre_tunnel(const IpAddress& source, const IpAddress& destination) {
  if (!source.is_v4() || !destination.is_v4())
    throw ConfigError(fmt::format("GRE tunnel {} -> {}: the model's GRE tunnels have IPv4 ends", source.to_string(),
                                  destination.to_string()));
  core_->fib.gre_tunnels.push_back(GreTunnel{source, destination});
  return static_cast<uint32_t>(core_->fib.gre_tunnels.size() - 1);
}

void Trio6::add_gre_endpoint(const IpAddress& local) {
  if (!local.is_v4()) throw ConfigError(fmt::format("GRE endpoint {}: IPv4 only", local.to_string()));
  const uint32_t a = load_be32(local.data());
  if (!core_->fib.terminates_gre(a)) core_->fib.gre_endpoints.push_back(a);
}

bool Trio6::remove_route(const IpAddress& prefix, int length) {
  return (prefix.is_v4() ? core_->fib.ipv4 : core_->fib.ipv6).remove(prefix.data(), length);
}

uint32_t Trio6::add_sa(const crypto::SaConfig& config, SaDirection direction, int slice) {
  if (slice < 0 || slice >= kSlices) throw ConfigError(fmt::format("SA: PFE {} does not exist (0 or 1)", slice));
  // Tunnels per chip, each an inbound + outbound pair: up to the limit of SAs of each direction.
  std::size_t same_direction = 0;
  for (const auto& s : core_->slices) same_direction += s->ipsec().sa_count(direction);
  if (same_direction >= core_->params().max_tunnels_per_chip)
    throw ConfigError(fmt::format("the chip already holds {} {} SAs, one per tunnel: its limit of {} tunnels "
                                  "(max_tunnels_per_chip)",
                                  same_direction, direction == SaDirection::kOutbound ? "outbound" : "inbound",
                                  core_->params().max_tunnels_per_chip));
  const uint32_t id = core_->next_sa_id;
  core_->slices[slice]->ipsec().add_sa(id, config, direction);
  ++core_->next_sa_id;
  core_->sa_slice[id] = slice;
  return id;
}

void Trio6::remove_sa(uint32_t sa_id) {
  auto it = core_->sa_slice.find(sa_id);
  if (it == core_->sa_slice.end()) throw ConfigError(fmt::format("SA {} does not exist", sa_id));
  core_->slices[it->second]->ipsec().remove_sa(sa_id);
  core_->sa_slice.erase(it);
  for (auto& t : core_->fib.tunnels) {
    if (!t) continue;
    if (t->outbound_sa == sa_id) t->outbound_sa.reset();
    if (t->inbound_sa == sa_id) t->inbound_sa.reset();
  }
}

uint32_t Trio6::add_service_set(const std::string& name, IfIndex inside, IfIndex outside) {
  const Interface* in = core_->fib.find(inside);
  const Interface* out = core_->fib.find(outside);
  if (!in || in->kind != InterfaceKind::kSi || in->si_outside)
    throw ConfigError("service set " + name + ": the inside interface must be an si unit of the inside domain");
  if (!out || out->kind != InterfaceKind::kSi || !out->si_outside)
    throw ConfigError("service set " + name + ": the outside interface must be an si unit of the outside domain");
  if (in->si_number != out->si_number)
    throw ConfigError("service set " + name + ": inside and outside units must be on the same si interface");
  core_->fib.service_sets.push_back(ServiceSet{name, inside, outside, in->si_number});
  return static_cast<uint32_t>(core_->fib.service_sets.size() - 1);
}

void Trio6::bind_tunnel(IfIndex st0, uint32_t service_set, std::optional<uint32_t> outbound_sa,
                        std::optional<uint32_t> inbound_sa) {
  const Interface* i = core_->fib.find(st0);
  if (!i || i->kind != InterfaceKind::kSt0) throw ConfigError("bind_tunnel: not an st0 unit");
  if (service_set >= core_->fib.service_sets.size()) throw ConfigError("bind_tunnel: no such service set");
  const int anchor = slice_of_si(core_->fib.service_sets[service_set].si_number);
  for (auto sa : {outbound_sa, inbound_sa}) {
    if (!sa) continue;
    auto it = core_->sa_slice.find(*sa);
    if (it == core_->sa_slice.end()) throw ConfigError(fmt::format("{}: SA {} does not exist", i->name, *sa));
    if (it->second != anchor)
      throw ConfigError(fmt::format("{}: SA {} is on PFE {} but service set {} is anchored on PFE {}", i->name, *sa,
                                    it->second, core_->fib.service_sets[service_set].name, anchor));
  }
  if (core_->fib.tunnels.size() <= st0) core_->fib.tunnels.resize(st0 + 1);
  Tunnel& t = core_->fib.tunnels[st0].emplace(Tunnel{service_set, outbound_sa, inbound_sa});
  t.inet_mtu = static_cast<uint16_t>(i->inet_mtu_bytes);
  t.inet6_mtu = static_cast<uint16_t>(i->inet6_mtu_bytes);
  if (inbound_sa) core_->slices[anchor]->ipsec().set_sa_tunnel(*inbound_sa, st0);
}

void Trio6::set_tunnel_selectors(IfIndex st0, std::vector<TrafficSelector> selectors) {
  if (st0 >= core_->fib.tunnels.size() || !core_->fib.tunnels[st0]) throw ConfigError("set_tunnel_selectors: no tunnel bound");
  Tunnel& t = *core_->fib.tunnels[st0];
  const int anchor = slice_of_si(core_->fib.service_sets[t.service_set].si_number);
  for (const auto& s : selectors)
    for (uint32_t sa : {s.outbound_sa, s.inbound_sa}) {
      auto it = core_->sa_slice.find(sa);
      if (it == core_->sa_slice.end() || it->second != anchor)
        throw ConfigError(fmt::format("{}: selector SA {} is not on the tunnel's PFE {}", core_->fib.interfaces[st0].name, sa,
                                      anchor));
    }
  for (const auto& s : selectors) core_->slices[anchor]->ipsec().set_sa_tunnel(s.inbound_sa, st0);
  t.selectors.assign(selectors.begin(), selectors.end());
}

void Trio6::inject(PacketPtr packet, int port, uint64_t first_bit_ps) {
  if (port < 0 || port >= kPortsPerChip || core_->params().port_group.port_gbps[port] <= 0)
    throw ConfigError(fmt::format("inject: port {} has no speed", port));
  // Into the port's socket, as a module bound to it would send (by the
  // direct path: the port is a JobTargetSocket).
  Job job;
  job.packet = std::move(packet);
  DirectJobTarget*& target = core_->port_targets[port];
  if (!target) target = &dynamic_cast<DirectJobTarget&>(port_in[port].get_base_interface());
  target->direct_fn(target->direct_object, std::move(job), std::max(first_bit_ps, now_ps()));
}

int Trio6::slice_of_interface(IfIndex ifl) const {
  const Interface* i = core_->fib.find(ifl);
  if (!i) return 0;
  switch (i->kind) {
    case InterfaceKind::kPhysical: return slice_of_port(i->port);
    case InterfaceKind::kSi: return slice_of_si(i->si_number);
    case InterfaceKind::kSt0:
      if (const Tunnel* t = core_->fib.tunnel(ifl)) return slice_of_si(core_->fib.service_sets[t->service_set].si_number);
      return 0;
    default: return 0;
  }
}












crypto::IpsecStatistics Trio6::ipsec_statistics(int slice) const { return core_->slices[slice]->ipsec().statistics(); }

crypto::IpsecStatistics Trio6::sa_statistics(uint32_t sa_id) const {
  auto it = core_->sa_slice.find(sa_id);
  return it == core_->sa_slice.end() ? crypto::IpsecStatistics{} : core_->slices[it->second]->ipsec().sa_statistics(sa_id);
}

std::vector<BlockUtilization> Trio6::utilization() const {
  std::vector<BlockUtilization> u;
  for (int s = 0; s < kSlices; ++s) {
    const Slice& sl = *core_->slices[s];
    const std::string pfe = fmt::format("pfe{}.", s);
    u.push_back({pfe + "lookup.dispatch", sl.lookup().dispatch_utilization(core_->window())});
    u.push_back({pfe + "lookup.threads", sl.lookup().thread_utilization(core_->window())});
    for (int i = 0; i < kSiPerSlice; ++i) {
      const int n = s * kSiPerSlice + i;
      u.push_back({fmt::format("{}si-F/P/{}", pfe, n), sl.si(n).meter().utilization(core_->window())});
    }
    u.push_back({pfe + "ipsec_engine", sl.ipsec().utilization(core_->window())});
    u.push_back({pfe + "pg0.ipsec_loopback", sl.ipsec_loopback().meter().utilization(core_->window())});
  }
  for (int d = 0; d < kSlices; ++d)
    u.push_back({fmt::format("fabric.to_pfe{}", d), core_->fabric->utilization(d, core_->window())});
  for (int port = 0; port < kPortsPerChip; ++port) {
    if (core_->params().port_group.port_gbps[port] <= 0) continue;
    const PortGroup& pg = core_->slices[slice_of_port(port)]->port_group(port_group_of_port(port));
    u.push_back({fmt::format("port{}.egress", port), pg.egress_meter(port - pg.first_port()).utilization(core_->window())});
  }
  return u;
}

std::string Trio6::saturated_block() const { return models::saturated_block(utilization(), core_->traffic.drops); }

std::vector<QueueOccupancy> Trio6::queue_occupancy() const {
  const uint64_t now = now_ps();
  std::vector<QueueOccupancy> q;
  for (int s = 0; s < kSlices; ++s) {
    const Slice& sl = *core_->slices[s];
    const std::string pfe = fmt::format("pfe{}.", s);
    q.push_back({pfe + "lookup.dispatch_queue", 0, static_cast<double>(sl.lookup().waiting_packets())});
    q.push_back({pfe + "ipsec_engine.input", sl.ipsec().backlog_bytes(now), 0});
    q.push_back({pfe + "pg0.ipsec_loopback", sl.ipsec_loopback().backlog_bytes(now), 0});
    q.push_back({pfe + "packet_buffer", sl.buffer_occupancy_bytes(now), 0});
  }
  return q;
}

std::size_t Trio6::packets_in_flight() const { return core_->in_flight; }

void Trio6::trace(sc_core::sc_trace_file* file, uint64_t period_ps) {
  if (core_->trace_sampler) throw ConfigError(std::string(name()) + ": trace() was already called");
  core_->trace_sampler = std::make_unique<TraceSampler>((std::string(basename()) + "_trace").c_str(), file, period_ps);
  add_traces(*core_->trace_sampler, name());
}

void Trio6::add_traces(TraceSampler& sampler, const std::string& prefix) const {
  auto flag = [](bool b) { return b ? 1.0 : 0.0; };
  for (int s = 0; s < kSlices; ++s) {
    const Slice* sl = core_->slices[s].get();
    const std::string pfe = fmt::format("{}.pfe{}.", prefix, s);
    sampler.add(pfe + "lookup.waiting_packets", [sl](uint64_t) { return static_cast<double>(sl->lookup().waiting_packets()); });
    sampler.add(pfe + "lookup.busy", [sl, flag](uint64_t t) { return flag(sl->lookup().busy(t)); });
    for (int i = 0; i < kSiPerSlice; ++i) {
      const SiAnchor* si = &sl->si(s * kSiPerSlice + i);
      const std::string n = fmt::format("{}si{}.", pfe, s * kSiPerSlice + i);
      sampler.add(n + "backlog_bytes", [si](uint64_t t) { return si->backlog_bytes(t); });
      sampler.add(n + "busy", [si, flag](uint64_t t) { return flag(si->busy(t)); });
    }
    sampler.add(pfe + "ipsec_engine.backlog_bytes", [sl](uint64_t t) { return sl->ipsec().backlog_bytes(t); });
    sampler.add(pfe + "ipsec_engine.busy", [sl, flag](uint64_t t) { return flag(sl->ipsec().busy(t)); });
    sampler.add(pfe + "pg0_ipsec_loopback.backlog_bytes", [sl](uint64_t t) { return sl->ipsec_loopback().backlog_bytes(t); });
    sampler.add(pfe + "pg0_ipsec_loopback.busy", [sl, flag](uint64_t t) { return flag(sl->ipsec_loopback().busy(t)); });
    sampler.add(pfe + "packet_buffer.bytes", [sl](uint64_t t) { return sl->buffer_occupancy_bytes(t); });
  }
  for (int port = 0; port < kPortsPerChip; ++port) {
    if (core_->params().port_group.port_gbps[port] <= 0) continue;
    const PortGroup* pg = &core_->slices[slice_of_port(port)]->port_group(port_group_of_port(port));
    const int i = port - pg->first_port();
    const std::string n = fmt::format("{}.port{}.egress.", prefix, port);
    sampler.add(n + "backlog_bytes", [pg, i](uint64_t t) { return pg->egress_port_backlog_bytes(i, t); });
    sampler.add(n + "busy", [pg, i, flag](uint64_t t) { return flag(pg->egress_busy(i, t)); });
  }
  const FabricBlock* fabric = core_->fabric.get();
  for (int d = 0; d < kSlices; ++d) {
    const std::string n = fmt::format("{}.fabric.to_pfe{}.", prefix, d);
    sampler.add(n + "backlog_bytes", [fabric, d](uint64_t t) { return fabric->backlog_bytes(d, t); });
    sampler.add(n + "busy", [fabric, d, flag](uint64_t t) { return flag(fabric->busy(d, t)); });
  }
}

}  // namespace trio6sim::models

// libsystemc's main() calls sc_main, so the shared library needs the symbol
// even in programs with their own main() (tests, benchmarks, the trio6sim
// command). Weak: a program that defines sc_main (a design study) wins.
extern "C" __attribute__((weak)) int sc_main(int, char**) { return 0; }
