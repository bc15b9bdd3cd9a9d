// Trio6: one Trio 6 chip, the top module a hardware architect instantiates
// in their own sc_main. Two slices (PFE 0 and PFE 1) and the fabric between
// them, one forwarding state shared by both slices [W,L].
//
// The programming interface is what firmware calls, with no Junos syntax:
// interfaces (physical, aggregate, loopback, st0 units, si units), IPv4/IPv6
// routes with next hops, SAs anchored on a slice, service sets and tunnels.
// Limits are enforced with ConfigError. Counters can be read at any time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config_error.h"
#include "crypto/ipsec_statistics.h"
#include "drop_place.h"
#include "forwarding_types.h"
#include "job_socket.h"
#include "parameters.h"
#include "statistics.h"

namespace trio6sim::crypto {
struct SaConfig;  // crypto/security_association.h
}  // namespace trio6sim::crypto

namespace trio6sim::models {

// Declared by the headers that need them, which a user's file includes only
// to reach inside the chip: replaceable_blocks.h (BlockFactory, FabricBlock),
// forwarding_table.h (ForwardingState), trace_sampler.h; slice.h, chip_core.h
// are the library's own (not installed).
struct BlockFactory;
class ChipCore;
class FabricBlock;
class ForwardingState;
class Slice;
class TraceSampler;

struct BlockUtilization {
  std::string block;
  double fraction = 0;  // busy time / (window x servers)
};

struct QueueOccupancy {
  std::string queue;
  double bytes = 0;     // bytes waiting (FIFO servers: backlog of work in bytes)
  double packets = 0;   // packets waiting, where the block counts packets
};

// The chip's state and the services its blocks get (chip_services.h) are
// its private implementation (chip_core.h): this header declares the
// sockets and the programming interface only.
class Trio6 : public sc_core::sc_module {
 public:
  // The 16 WAN ports (MX304 numbering [M]): frames in, first bit at the
  // annotated delay, in time order per port; frames out, last bit at the
  // annotated delay, the receiver owning the packet. Bind your own modules
  // to them, or use inject() and the egress observer below, which work
  // through the same sockets.
  sc_core::sc_vector<UserJobTargetPort> port_in;
  sc_core::sc_vector<UserJobInitiatorPort> port_out;
  // The host path (the routing engine's side of the chip). host_in: packets
  // the routing engine sends, into PFE 0's lookup engine (assumption: the
  // host path enters one PFE; the other PFE is a fabric hop away), looked up
  // like a WAN packet and sent on by their route; send_from_host() works
  // through it. host_out: packets the lookup delivered to the host (a local
  // address), the receiver owning the packet, at the annotated delay; the
  // host observer below sees them too. Both optional: unbound, send_from_host
  // still works and delivered packets are freed after the observer.
  OptionalJobTargetPort host_in;
  OptionalJobInitiatorSocket<Trio6> host_out;

  Trio6(const sc_core::sc_module_name& name, const Trio6Params& params = {});
  // `factory` builds the replaceable blocks (replaceable_blocks.h); an empty
  // maker: the library's own block.
  Trio6(const sc_core::sc_module_name& name, const Trio6Params& params, const BlockFactory& factory);
  ~Trio6() override;

  const Trio6Params& params() const;
  PacketPool& pool();

  // --- Interfaces. Names must be unique; indexes are never reused.
  IfIndex add_physical_interface(const std::string& name, int port);
  IfIndex add_aggregate_interface(const std::string& name, const std::vector<IfIndex>& members);
  IfIndex add_loopback_interface(const std::string& name);
  // An interface of the same router on another chip (`remote_chip` is the
  // router's index for it, `remote_ifl` its index there): a port (also as an
  // aggregate member), an st0 unit anchored there, or an outside si unit.
  // Next hops to it leave through the chassis fabric (to_chassis).
  IfIndex add_remote_interface(const std::string& name, int remote_chip, IfIndex remote_ifl);
  IfIndex add_st0_unit(uint32_t unit);
  // ESP under `spi` (an inbound SA's) to the outside si unit `unit` (an si
  // unit here, or a remote interface for one on another chip), whatever
  // unit the route to its destination names: several service sets, on
  // either PFE, may share one local gateway address. ESP whose SPI is not
  // steered follows the route (and meets "no SA" if no SA holds it).
  void steer_esp(uint32_t spi, IfIndex unit);
  void unsteer_esp(uint32_t spi);
  std::optional<IfIndex> esp_unit(uint32_t spi) const;

  // si-F/P/N.unit on PFE `pfe`, si_number 0..3, in the service domain
  // `outside` (else inside); a service set takes one unit of each domain on
  // one si interface, so an si interface holds as many unit pairs as it has
  // service sets.
  IfIndex add_si_unit(int pfe, int si_number, int unit, bool outside);
  // The usual pair: unit 0 inside, unit 1 outside (any other unit is a ConfigError).
  IfIndex add_si_unit(int pfe, int si_number, int unit);
  void set_inline_services_bandwidth(int si_number, double gbps);
  void remove_interface(IfIndex ifl);
  // A port's link (this chip's or, as a kRemote interface, another's) goes
  // down or up: routes out of it find no interface, aggregates hash over the
  // members still up. Frames already queued on the port still leave.
  void set_link_up(IfIndex ifl, bool up);
  // A port's or an aggregate's media MTU (`interfaces X mtu`: the frame
  // without FCS, L2 header included; Junos' default for Ethernet is 1514),
  // on this chip or, as a kRemote interface, another's; 0 removes the limit.
  // A packet routed out of it that does not fit is cut into IPv4 fragments
  // when it may be (IPv4 without DF), else dropped (kMtuExceeded).
  void set_interface_mtu(IfIndex ifl, uint32_t media_mtu_bytes);
  // The IP MTUs of st0 unit `ifl` (`family inet mtu`, `family inet6 mtu`),
  // on its chip or as a kRemote interface of another; 0 removes a limit. A
  // packet routed into the unit that does not fit is cut into IPv4
  // fragments, each then encrypted on its own, when it may be (IPv4
  // without DF), else dropped (kMtuExceeded).
  void set_tunnel_ip_mtu(IfIndex ifl, uint32_t inet_bytes, uint32_t inet6_bytes);
  std::optional<IfIndex> find_interface(const std::string& name) const;
  const Interface& interface(IfIndex ifl) const;
  // The interface of WAN port `port` (0: none).
  IfIndex port_interface(int port) const;
  // The logical interface of si-F/P/si_number.unit for units 0 and 1 (0:
  // none, or another unit).
  IfIndex si_unit_interface(int si_number, int unit) const;
  // Everything programmed above, as the blocks read it (forwarding_table.h).
  const ForwardingState& forwarding() const;

  // --- Routes (IPv4 or IPv6 by the prefix's family).
  void add_route(const IpAddress& prefix, int length, const NextHop& next_hop);
  bool remove_route(const IpAddress& prefix, int length);
  // An MPLS label this router allocated (labeled BGP): arriving packets, also
  // after decryption, pop it and are looked up by the IP header beneath.
  void add_mpls_label(uint32_t label, const MplsEntry& entry = {});

  // --- Routing instances (a VRF: its own IPv4 and IPv6 tables). Returns the
  // instance's id (1, 2, ...; 0 names the global tables).
  uint16_t add_routing_instance(const std::string& name);
  // Packets arriving on physical interface `ifl`'s port are looked up in
  // `instance`'s tables (0: the global ones).
  void bind_interface_to_instance(IfIndex ifl, uint16_t instance);
  // A route in routing instance `instance`'s tables (0: add_route's).
  void add_instance_route(uint16_t instance, const IpAddress& prefix, int length, const NextHop& next_hop);
  // A GRE tunnel (IPv4 ends) NextHop::mpls_gre sends into; returns its index.
  uint32_t add_gre_tunnel(const IpAddress& source, const IpAddress& destination);
  // MPLS in GRE to local IPv4 address `local` is decapsulated.
  void add_gre_endpoint(const IpAddress& local);
  // Bridging (docs/bridging.md). A bridge domain (its index is returned);
  // frames of VLAN `vlan` on WAN `port` belong to `domain`; VXLAN with
  // `vni` (the domain's) to the local VTEP too. A MAC entry, local (a port's
  // interface) or remote (a VTEP), replaces any earlier one of its domain;
  // learned entries count toward lookup.mac_table_size, installed ones do not.
  uint32_t add_bridge_domain(const BridgeDomain& domain);
  void add_bridge_port(int port, uint16_t vlan, uint32_t domain);
  // Flooding (docs/bridging.md): a bridge port is a flood target of its
  // domain; a port of another chip of the router joins as its kRemote
  // interface `ifl`; a remote VTEP (IPv4) that shares the domain's VNI gets
  // one VXLAN copy of each flooded frame (ingress replication).
  void add_bridge_flood_interface(uint32_t domain, IfIndex ifl);
  void add_flood_vtep(uint32_t domain, const IpAddress& vtep);
  // An IPv4 gateway address of the domain's irb: ARP requests for it are
  // answered with `mac` (docs/bridging.md).
  void add_bridge_gateway(uint32_t domain, const IpAddress& ipv4, MacKey mac);
  // The domain's irb (docs/bridging.md): an IPv4 `address`/`length` of it at
  // `mac` (the router's chassis MAC), in routing instance `instance` (0:
  // the global tables). ARP for the address is answered with `mac`, a frame
  // to `mac` is routed in the instance, ARP senders inside the subnet are
  // learned as MAC-IP bindings; the instance gets the subnet's route into
  // the domain (NextHop::irb) and the address's, local.
  void add_bridge_irb(uint32_t domain, uint16_t instance, const IpAddress& address, int length, MacKey mac);
  // A MAC-IP binding installed (the peers' MAC/IP routes, the router's
  // other chips): not counted toward lookup.mac_table_size.
  void add_mac_ip(uint32_t domain, const IpAddress& ipv4, MacKey mac);
  void set_vtep_source(const IpAddress& ipv4);
  void add_mac(uint32_t domain, MacKey mac, const MacEntry& entry);
  bool remove_mac(uint32_t domain, MacKey mac);

  // --- IPsec. add_sa returns a chip-wide SA id.
  uint32_t add_sa(const crypto::SaConfig& config, SaDirection direction, int slice);
  void remove_sa(uint32_t sa_id);
  // A service set joins an inside (.0) and outside (.1) unit of one si interface.
  uint32_t add_service_set(const std::string& name, IfIndex inside, IfIndex outside);
  // st0 unit -> service set and SA pair; many st0 units may share one service set.
  void bind_tunnel(IfIndex st0, uint32_t service_set, std::optional<uint32_t> outbound_sa,
                   std::optional<uint32_t> inbound_sa);
  // Traffic-selector mode: st0 unit `st0` (bound) carries only what
  // `selectors` hold, each with its SA pair (SAs on the tunnel's PFE).
  void set_tunnel_selectors(IfIndex st0, std::vector<TrafficSelector> selectors);
  std::size_t sa_count() const;

  // --- Traffic. The packet holds L3 bytes (IPv4 or IPv6 at data()); the frame
  // on the wire is size() + 14 B Ethernet header + 4 B FCS. Frames on one port
  // must be injected in time order.
  void inject(PacketPtr packet, int port, uint64_t first_bit_ps);
  // A promise by the caller of inject(): every frame injected from now on
  // has its first bit at least `lead_ps` after the simulation's time (a
  // generator that works a batch ahead). It lets the lookup engines handle
  // jobs ahead too (timed_block.h). 0 (the default) promises nothing.
  void set_injection_lead_ps(uint64_t lead_ps);
  // A packet from the routing engine (L3 bytes, IPv4 or IPv6, its own TTL
  // and checksum): through host_in into PFE 0's lookup engine, which runs
  // `lookup.from_host_cycles` (steer_to_st0_cycles into a tunnel), keeps the
  // TTL, counts no input interface, and sends it by the route it finds: a
  // port, an aggregate, another chip, an st0 tunnel, or the host again. It
  // enters the lookup at `at_ps`, or later by the lookup's lookahead when
  // that is already past (the host path takes at least that long), and is
  // counted as from_host (traffic()). The flow hash is the chip's own.
  void send_from_host(PacketPtr packet, uint64_t at_ps);
  void set_measurement_window(const Window& w);
  // Observer of every packet leaving a WAN port (tracing, tests, pcap), kept
  // outside the blocks; it sees the L3 bytes as sent and the last bit's time.
  using EgressObserver = std::function<void(const Packet& packet, int port, uint64_t last_bit_ps)>;
  void set_egress_observer(EgressObserver observer);
  // Observer of every packet the lookup delivers to the host (a local
  // address): its L3 bytes, the interface it arrived on (a port's, an st0
  // unit's after decryption, 0 when the host sent it) and the time it
  // reaches the host, before host_out takes it or it is freed.
  using HostObserver = std::function<void(const Packet& packet, IfIndex arrival_ifl, uint64_t at_ps)>;
  void set_host_observer(HostObserver observer);
  // Observer of each packet dropped because its route leads to a local st0
  // unit with no outbound SA (DropCause::kTunnelDown): the exception the
  // host's key manager negotiates on when its tunnels are set up by traffic.
  using TunnelMissObserver = std::function<void(IfIndex st0, uint64_t at_ps)>;
  void set_tunnel_miss_observer(TunnelMissObserver observer);
  // A MAC the chip learned from a bridged frame, or a MAC-IP binding from an
  // ARP packet's sender (LearnedMac::ipv4 set) (docs/bridging.md): the
  // routing engine installs it on the router's other chips and advertises it.
  using MacLearnedObserver = std::function<void(const LearnedMac& mac, uint64_t at_ps)>;
  void set_mac_learned_observer(MacLearnedObserver observer);
  const Window& window() const;

  // --- Chassis (a router of several chips, e.g. the MX304's LMICs). A job
  // whose lookup chose a kRemote interface leaves by its slice's to_chassis
  // socket with job.chip.chassis_chip and job.chip.out_ifl (the remote chip's
  // interface index); the router binds them to its chassis fabric, which
  // hands the job to the destination chip's from_chassis socket of the PFE
  // that handles out_ifl (slice_of_interface). Unbound (a chip by itself),
  // such jobs are dropped as "interface down".
  sc_core::sc_vector<OptionalJobInitiatorPort> to_chassis;
  sc_core::sc_vector<OptionalJobTargetPort> from_chassis;
  // The slice (PFE) that handles jobs for interface `ifl` of this chip: the
  // chassis fabric's destination.
  int slice_of_interface(IfIndex ifl) const;

  // --- Counters, as they stand at the simulation's time (output counts the
  // frames whose last bit has left by then).
  const IflCounters& counters(IfIndex ifl) const;
  // The same at a time `t` no earlier than every earlier reading: a caller
  // whose run has ended reads at the last departure (departures are
  // arithmetic, so the last one can be later than the simulation's time).
  void settle_outputs(uint64_t t) const;
  // Frames in the egress queues (accepted, last bit not yet sent at the
  // latest settled time).
  std::size_t frames_awaiting_departure() const;
  const TrafficStatistics& traffic() const;
  // Drops by place (indexed by DropPlace::id()) and cause; their sum is traffic().drops.
  using DropsByPlace = std::array<DropCounters, DropPlace::kCount>;
  const DropsByPlace& drops_by_place() const;
  crypto::IpsecStatistics ipsec_statistics(int slice) const;
  // One SA's counters (`show security ipsec statistics index N`).
  crypto::IpsecStatistics sa_statistics(uint32_t sa_id) const;
  // Every block's busy fraction in the measurement window, in path order.
  std::vector<BlockUtilization> utilization() const;
  // The block whose queue drops the most, else the last block along the
  // path busy >= 97% of the window, else "none" (models::saturated_block).
  std::string saturated_block() const;
  // What waits in each queue at the current simulated time.
  std::vector<QueueOccupancy> queue_occupancy() const;
  // Traces every queue's occupancy (each port's egress, the lookup's
  // dispatch queue, the SI anchors, the IPsec engine's input, the IPsec
  // loopback, the packet buffer, the fabric) and every block's busy state
  // into `file`, sampled every `period_ps`. Call before sc_start().
  void trace(sc_core::sc_trace_file* file, uint64_t period_ps = 100'000);
  // The same into a sampler of the caller's (Mx304 traces its chips into one).
  void add_traces(TraceSampler& sampler, const std::string& prefix) const;
  std::size_t packets_in_flight() const;
  // When the last delivered packet's last bit left (departures are
  // arithmetic, so this can be later than the simulation's time).
  uint64_t last_departure_ps() const;

  // The blocks inside: the fabric through its replaceable interface
  // (replaceable_blocks.h), for studies that read its counters; a slice is
  // the library's own (slice.h, not installed: its blocks' state reaches a
  // user through utilization(), queue_occupancy() and trace()).
  Slice& slice(int i);
  const Slice& slice(int i) const;
  FabricBlock& fabric();
  const FabricBlock& fabric() const;

 private:
  IfIndex add_interface(Interface i);
  std::unique_ptr<ChipCore> core_;
};

}  // namespace trio6sim::models
