// IPv4 fragmentation (RFC 791 section 3.2, "Fragmentation"), what the chip
// does on egress when a packet exceeds the interface MTU and DF is clear.
// IPv6 is never fragmented in transit (RFC 8200 section 5), so there is no
// IPv6 counterpart; reassembly is not modelled.
#pragma once

#include <cstddef>
#include <span>

#include "expected.h"
#include "packet.h"
#include "packet_error.h"

namespace trio6sim {

// Smallest MTU every IPv4 module must accept (RFC 791: 60 B header + 8 B data).
inline constexpr std::size_t kIpv4MinimumMtu = 68;

// Splits the IPv4 packet in `in` into fragments of at most `mtu` bytes of IP
// (total length), written into the caller's packets out[0..n), and returns n.
//
// - The IP header starts at in.data() + in.meta.l2_length; the L2 bytes in
//   front of it (if any) are copied in front of every fragment, and each
//   fragment's meta is a copy of in.meta. The output packets are reset first.
// - Data per fragment is a multiple of 8 bytes except in the last; offsets are
//   relative to the input's own offset, and the last fragment keeps the
//   input's MF bit, so an already-fragmented packet refragments correctly.
// - The first fragment carries all options; later ones only those with the
//   copied flag set (RFC 791 option type bit 0), padded with End of Option List.
// - Checksums are recomputed. Bytes past total_length (Ethernet padding) are dropped.
// - A packet that fits is copied unchanged into out[0] (n = 1); callers on the
//   hot path check the size first and skip the copy.
//
// Errors: kFragmentNeeded when DF is set and the packet does not fit (the
// caller sends ICMP "fragmentation needed" and drops with kMtuExceeded);
// kUnsupported when mtu < kIpv4MinimumMtu or too small for header + 8 bytes;
// kNoRoom when `out` has too few packets or one is too small; parse errors
// of the input (including kBadHeaderLength for malformed options, and
// kBadFragment when offset + data would pass 65,535 bytes). On error
// the contents of `out` are unspecified.
Expected<std::size_t, PacketError> fragment_ipv4(const Packet& in, std::size_t mtu, std::span<Packet* const> out);

// How many packets fragment_ipv4 needs for `in` at `mtu`, with the same errors
// (except kNoRoom), so callers can acquire exactly that many from a pool.
Expected<std::size_t, PacketError> ipv4_fragment_count(const Packet& in, std::size_t mtu);

}  // namespace trio6sim
