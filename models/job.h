// What travels between blocks: the packet (pooled, moved, real bytes) plus
// the per-packet state the chip keeps beside it (which pass through the
// lookup engine, where the lookup sent it), kept apart in Job::chip. One Job
// per packet in flight.
#pragma once

#include <cstddef>
#include <cstdint>

#include "packet/packet.h"

namespace trio6sim::models {

// Which lookup program the packet's next pass through the LUSS runs.
enum class Pass : uint8_t {
  kWan,          // first lookup of a packet arriving from a WAN port
  kPostEncrypt,  // second lookup after encryption (outer header) [W,K,I]
  kPostDecrypt,  // second lookup after decryption (inner header) [W,K,I]
  kFromHost,     // first lookup of a packet the routing engine sends (Trio6::send_from_host)
};
inline constexpr std::size_t kPassCount = 4;
// A packet's first lookup (from a WAN port or from the host): the passes
// that may steer it into a tunnel or to an outside si unit.
inline bool first_pass(Pass p) { return p == Pass::kWan || p == Pass::kFromHost; }

// Where a lookup sent the packet.
enum class Destination : uint8_t {
  kEgress,     // a WAN port's egress queue
  kSiInside,   // an SI anchor's inside unit (.0), then the IPsec engine to encrypt
  kSiOutside,  // an SI anchor's outside unit (.1), then the IPsec engine to decrypt
  kHost,       // local delivery to the routing engine
  kChassis,    // another chip of the router, through the chassis fabric (out_ifl is that chip's interface)
};

// What the chip keeps beside a packet while it crosses the chip: written by
// the blocks that decide (the lookup, the MQSS, the SI anchors) and read by
// the blocks after them. A source leaves it as constructed; a sink need not
// read it; a replacement block reads what its interface says (the IPsec
// engine: sa_id and si_return_ifl).
struct ChipJobState {
  Pass pass = Pass::kWan;
  Destination destination = Destination::kEgress;
  uint8_t ingress_slice = 0;
  uint8_t si_number = 0;        // si-F/P/N: N (0..3) when destination is an SI
  uint8_t chassis_chip = 0;     // destination chip (router's index) when destination is kChassis
  bool mpls = false;            // the packet starts with an MPLS label stack, not an IP header
  uint16_t egress_port = 0;     // WAN port when destination is kEgress
  uint16_t l2_bytes = 14;       // L2 header bytes the egress rewrite puts in front
  uint32_t tunnel = 0;          // st0 unit when encrypting
  uint32_t sa_id = 0;           // its outbound SA (chip-wide id), resolved by the lookup
  uint32_t out_ifl = 0;         // egress logical interface (counters)
  // To an SI: the si unit that counts the packet's input there (the service
  // set's inside unit when encrypting, the outside unit ESP arrived for when
  // decrypting); encrypting, also the outside unit the ESP packet re-enters
  // on, which the IPsec engine counts. One si interface carries up to a
  // thousand service sets, each with its own pair of units.
  uint32_t si_unit_ifl = 0;
  uint32_t si_return_ifl = 0;
  uint32_t offered_frame_bytes = 0;  // frame size as it entered the chip
};

// The payload of the chip's sockets (JobProtocol, job_socket.h). What a
// source fills and a sink reads is the packet (and, for goodput, the
// cleartext frame size); `chip` is the chip's own.
struct Job {
  PacketPtr packet;
  // The customer's cleartext frame (header and FCS, before any ESP) as the
  // traffic generator made it, so that goodput counts the bytes actually
  // delivered, whatever mix survives the drops; 0 when no source said.
  uint32_t cleartext_frame_bytes = 0;
  ChipJobState chip;

  // What tlm_utils' simple target sockets require of a payload to compile
  // their blocking-to-non-blocking adapter (it is a virtual member, so it
  // is compiled even when unused). The job protocol is blocking only: a
  // user's socket registers b_transport, which the socket calls directly,
  // and the adapter never runs. A job owns its packet (moved, never shared),
  // so it has no memory manager and no reference count to keep.
  bool has_mm() const { return true; }
  template <class MemoryManager>
  void set_mm(MemoryManager) {}  // a tlm_mm_interface*, or 0
  template <class Extension>
  Extension* set_auto_extension(Extension*) { return nullptr; }
  void acquire() {}
  void release() {}
  int get_ref_count() const { return 0; }
};

}  // namespace trio6sim::models
