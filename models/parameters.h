// One parameter struct per block, with defaults. Every number cites its
// source letter from docs/trio6-facts.md ([W] walkthrough, [L] LC9600, [M]
// MX304, [I] inline IPsec techpost, [T] TechLibrary, [S] SRX4700) or says
// "assumption". Units are in the names. Trio6Params::to_json() dumps the
// effective values with every result, so any figure can be reproduced.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace trio6sim::models {

inline constexpr uint32_t kEthernetHeaderBytes = 14;  // IEEE 802.3 (untagged)
inline constexpr uint32_t kEthernetFcsBytes = 4;      // IEEE 802.3
inline constexpr int kPortsPerChip = 16;              // MX304 LMIC [M]
inline constexpr int kPortsPerPortGroup = 4;          // [M]
inline constexpr int kSlices = 2;                     // [W,L]
inline constexpr int kSiPerSlice = 2;                 // [I,T]

struct PortGroupParams {
  double wan_gbps = 400;          // 8 SerDes per PG = 400 Gbps [W,M,T]: sum of port speeds is checked against it
  uint32_t preamble_bytes = 8;    // IEEE 802.3 preamble + SFD, counted in L1 rates
  uint32_t ifg_bytes = 12;        // IEEE 802.3 minimum inter-frame gap
  double ipsec_loopback_gbps = 300;  // PG0 IPsec loopback, half-duplex: encrypt + decrypt share it [W,T]
  uint64_t ipsec_loopback_depth_bytes = 512 * 1024;  // assumption: loopback FIFO before tail drop
  // How far a port's arriving frames may run ahead of its line, in bytes,
  // before the excess is dropped as "port group overrun". A wire carries no
  // backlog: this bounds the model's memory against a source that offers more
  // than line rate (the scenario runner refuses such stream sets up front)
  // and absorbs the jitter of several streams sharing a port. Assumption:
  // 64 KiB, 5.2 us at 100G.
  uint64_t ingress_backlog_bytes = 64 * 1024;
  // Port speeds, MX304 port numbering [M]; a 400G port takes its whole PG.
  std::array<double, kPortsPerChip> port_gbps{100, 100, 100, 100, 100, 100, 100, 100,
                                              100, 100, 100, 100, 100, 100, 100, 100};
};

struct LookupEngineParams {
  double clock_ghz = 1.2;                // [W,L]
  uint32_t ppes = 80;                    // per slice [W]
  uint32_t threads_per_ppe = 20;         // [W]: 1,600 threads per slice
  uint32_t whole_packet_max_bytes = 224; // larger packets send only a head [L]; [W] says 225
  uint32_t head_bytes = 192;             // [L,W]
  double dispatch_bytes_per_cycle = 128; // assumption: packet/head transfer into the LUSS
  uint32_t dispatch_queue_depth_packets = 1024;  // assumption: new WAN packets waiting for a thread (~5 us)
  // Thread occupancy in cycles per program (run-to-completion, memory stalls
  // included). All assumptions: [W] gives no cycle counts. Derivation in
  // docs/architecture.md: with 1,600 threads at 1.2 GHz an IPsec packet costs
  // 4,800 + 4,800 cycles (two passes) -> 1.92e12 / 9,600 = 200 Mpps encrypt
  // per slice, 100 + 100 Mpps encrypt + decrypt at once, above the >= 50 Mpps
  // per direction [S] shows; plain IPv4 at 1,500 cycles -> 1.28 Gpps per
  // slice, above 800 Gbps of 64 B frames (1.19 Gpps), so clear traffic is
  // line rate.
  uint32_t ipv4_forward_cycles = 1500;
  uint32_t ipv6_forward_cycles = 1700;
  uint32_t mpls_push_cycles = 1800;
  uint32_t steer_to_st0_cycles = 4800;        // route to st0.N, to the inside SI
  uint32_t post_encrypt_cycles = 4800;        // second lookup on the outer header
  uint32_t esp_to_outside_si_cycles = 4800;   // ESP to the local gateway, to the outside SI
  // Added to esp_to_outside_si_cycles for ESP in UDP (RFC 3948, NAT-T).
  // Assumption (no source gives PPE cycle counts): 0, because the program
  // reads the UDP header and the first payload word of every packet to the
  // gateway address anyway (to tell IKE and its non-ESP marker from ESP), and
  // that word is the SPI; no extra table access. A study of a costlier
  // classification sets it.
  uint32_t esp_in_udp_extra_cycles = 0;
  uint32_t post_decrypt_cycles = 4800;        // second lookup on the inner header
  // A packet the routing engine sends (IKE, ...): its route lookup, no TTL
  // decrement, no input interface. Assumption: the cost of the plain IPv4
  // program (no source gives the host path's program); a host packet routed
  // into st0 runs steer_to_st0_cycles instead, as a WAN packet does.
  uint32_t from_host_cycles = 1500;
  // An IPv4 packet larger than its egress interface's MTU and without DF is
  // cut into fragments by the program that routed it (docs/esp.md, "Egress
  // MTU"): these cycles per fragment are added to that program (each
  // fragment's header written, its checksum computed). Assumption: no
  // source gives PPE cycle counts; the order of the ESP-in-UDP and header
  // rewrites above, a fraction of a forwarding program.
  uint32_t fragment_cycles_per_fragment = 200;
  // MPLS over GRE (an L3VPN between PEs over a GRE tunnel, docs/router.md).
  // Added to the pass's program when a VPN route pushes the VPN label, GRE
  // and an outer IPv4 header and looks the outer header up in the global
  // table (a second route lookup in the same thread), and when the GRE that
  // reaches a local tunnel end is stripped and its label and the VRF's route
  // looked up. Next-hop-based dynamic GRE tunnels need no tunnel services
  // (no tunnel PIC, no loopback through a PIC's bandwidth) on MX MPCs, so
  // the model keeps both in the pass that meets them, without recirculation.
  // Assumptions: no source gives PPE cycle counts; each is one more plain
  // IPv4 program's worth (a route lookup plus header writes).
  uint32_t mpls_gre_encap_cycles = 1500;
  uint32_t gre_decap_cycles = 1500;
  uint32_t reorder_latency_cycles = 12;       // assumption: reorder block exit
  // Bridging and VXLAN (docs/bridging.md). All assumptions: no source gives
  // the L2 programs' cycles. A frame of a vlan-bridge unit: its bridge domain
  // from (port, VLAN), its source MAC checked and its destination MAC looked
  // up; the cost of the plain IPv4 program, a comparable table walk.
  uint32_t bridge_cycles = 1500;
  // Added when the source MAC is new: the learning notice to the routing
  // engine (the hardware's learning path is not published).
  uint32_t mac_learn_cycles = 200;
  // Added to bridge_cycles for a frame to a remote VTEP: its VLAN tag
  // removed and outer IPv4 / UDP / VXLAN built; the outer packet's own
  // route program (steer_to_st0_cycles into st0) follows in the same pass.
  uint32_t vxlan_encap_cycles = 600;
  // Added to the program of a VXLAN packet to the local VTEP (after
  // decryption: post_decrypt_cycles): the outer headers removed, the
  // domain's tag pushed, then bridge_cycles for the inner frame.
  uint32_t vxlan_decap_cycles = 600;
  // Added per copy of a flooded (broadcast, multicast or unknown-unicast)
  // frame: the frame copied to a new buffer and its destination set, one
  // copy per other port of the domain and per remote VTEP of its VNI
  // (ingress replication; a VXLAN copy adds its encapsulation and route
  // program too). Assumption: no source gives the replication's cost.
  uint32_t flood_copy_cycles = 300;
  // Added to bridge_cycles when a frame is an ARP request for a gateway
  // address of its domain's irb: the reply written over the request (RFC
  // 826) and sent back out of its port. Assumption: no source gives it.
  uint32_t arp_reply_cycles = 600;
  // Added to the route program (ipv4_forward_cycles) of a frame to a router
  // MAC of its domain that the irb routes into another domain: the
  // destination's MAC-IP binding read and the new L2 header (the irb's MAC,
  // the target domain's tag) written; the target domain's bridging follows
  // (its bridge_cycles and, to a remote VTEP, the VXLAN encapsulation).
  // Assumption: no source gives it.
  uint32_t irb_route_cycles = 600;
  // MACs a bridge domain learns from the data plane at most; past it a new
  // source is not learned (its frames are still bridged). Assumption: the
  // default `mac-table-size` of a Junos bridge domain on MX (5,120); not in
  // trio6-facts.md.
  uint32_t mac_table_size = 5120;
  uint32_t threads() const { return ppes * threads_per_ppe; }
  // The shortest program: every result leaves at least this long after the
  // simulation's time, which the blocks the lookup feeds count on
  // (lookahead, models/trio6.cpp).
  uint32_t shortest_program_cycles() const {
    return std::min({ipv4_forward_cycles, ipv6_forward_cycles, mpls_push_cycles, steer_to_st0_cycles, bridge_cycles,
                     post_encrypt_cycles, esp_to_outside_si_cycles, post_decrypt_cycles, from_host_cycles});
  }
};

struct IpsecEngineParams {
  double clock_ghz = 1.2;              // [W,L]
  // 300 Gbps / 1.2 GHz = 31.25 B per cycle [I,T], counted over the inner
  // (cleartext) bytes the cipher processes. The 300 Gbps WAN limit itself is
  // applied on the PG0 IPsec loopback (L1 bits), see docs/architecture.md.
  double bytes_per_cycle = 31.25;
  double per_packet_overhead_cycles = 2;   // assumption: SA fetch, header build
  uint32_t pipeline_latency_cycles = 600;  // assumption (500 ns)
  // Tunnels per engine: 1,000 per PFE [I,T]. A tunnel is an inbound +
  // outbound SA pair (the blog's 2,000-tunnel chip lists each tunnel as a `<`
  // and a `>` SA [I]), so the engine holds up to this many SAs of each
  // direction. The deprecated key `ipsec.max_sas` reads and sets it in
  // one-way SAs (2 per tunnel), see docs/probe.md.
  uint32_t max_tunnels = 1000;
  uint64_t input_depth_bytes = 256 * 1024; // assumption: engine input FIFO
  bool timing_only = false;  // skip the cipher; sizes and times stay identical
  // Not a model parameter (no key, not dumped): how many threads of the
  // simulating process run the outbound cipher, the simulation's own
  // included (crypto/cipher_pool.h); 0: the cores available; 1: synchronous.
  // Outputs are byte-identical whatever the count (docs/esp.md).
  unsigned cipher_threads = 0;
  // Pre-fragmentation to the tunnel MTU before ESP [T: "pre-fragmented and
  // then ESP encapsulated"]: the cycles to cut and write one fragment's IPv4
  // header, added ahead of the cipher for each fragment a packet becomes.
  // Not published: an assumption (a header write, as per_packet_overhead_cycles).
  double prefragment_cycles_per_fragment = 2;
};

struct SiAnchorParams {
  // `inline-services bandwidth` when not configured: assumption, the largest
  // setting (800g) so that an unconfigured SI never limits below the engine.
  double default_bandwidth_gbps = 800;
  uint64_t depth_bytes = 256 * 1024;  // assumption: SI shaping queue
};

struct FabricParams {
  uint32_t cell_bytes = 64;         // [W]
  uint32_t cell_header_bytes = 0;   // assumption: header carried out of band
  double gbps_per_destination = 800;  // assumption: sources disagree on the SerDes count
  uint32_t latency_ns = 500;        // assumption: request/grant plus traversal
  uint64_t queue_depth_bytes = 4 * 1024 * 1024;  // assumption, per destination PFE
};

struct SliceParams {
  uint64_t buffer_bytes = 32ull * 1000 * 1000;  // on-chip packet buffer per slice [W]
};

struct Trio6Params {
  PortGroupParams port_group;
  LookupEngineParams lookup;
  IpsecEngineParams ipsec;
  SiAnchorParams si;
  FabricParams fabric;
  SliceParams slice;
  // 2,000 tunnels per chip [I,T], counted like ipsec.max_tunnels; the
  // deprecated key `max_sas_per_chip` is this in one-way SAs (2 per tunnel).
  uint32_t max_tunnels_per_chip = 2000;

  // Throws ConfigError when a value cannot run: a value outside its range in
  // the parameter table (the message names the key, the value and the range
  // with its unit), port speeds over a PG, a head larger than a whole packet.
  void validate() const;
  std::string to_json() const;  // the effective parameters, as one JSON object
  // Sets one parameter by its JSON path ("ipsec.bytes_per_cycle"); unknown
  // keys, bad values and values out of range throw ConfigError (no dead knobs).
  void set(const std::string& key, const std::string& value);
};

// One row of the parameter table: a key, its unit and its accepted range
// (inclusive; for a list, each element's range). For docs and tests.
struct ParameterSpec {
  std::string key;
  std::string unit;       // "Gbps", "bytes", "cycles", ... ("" for a flag)
  double min = 0, max = 0;  // both 0 for a flag
};
std::vector<ParameterSpec> parameter_table();

// MX304 LMIC mapping [M]: ports 0-3 slice 1 PG0, 4-7 slice 1 PG1, 8-11 slice 0
// PG1, 12-15 slice 0 PG0.
constexpr int slice_of_port(int port) { return port < 8 ? 1 : 0; }
constexpr int port_group_of_port(int port) { return (port < 4 || port >= 12) ? 0 : 1; }
constexpr int first_port(int slice, int pg) { return slice == 1 ? (pg == 0 ? 0 : 4) : (pg == 0 ? 12 : 8); }
constexpr int slice_of_si(int si_number) { return si_number / kSiPerSlice; }

}  // namespace trio6sim::models
