// Every packet the simulator discards carries one of these causes, counted
// where the drop happens, so that offered = delivered + drops by cause holds
// exactly. Names follow Junos counters where Junos has one.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace trio6sim {

enum class DropCause : uint8_t {
  kNone = 0,
  // Parsing and forwarding (lookup engine).
  kMalformed,             // header parse failed (truncated, bad checksum, ...)
  kNoRoute,               // no matching route
  kDiscardRoute,          // route with a discard next hop
  kTtlExpired,            // TTL / hop limit reached zero
  kMtuExceeded,           // egress MTU exceeded with DF set / IPv6
  kTunnelDown,            // route to an st0 unit whose tunnel has no SA
  kInterfaceDown,         // egress interface without a link (no port speed, no aggregate member)
  kTunnelInTunnel,        // a route to st0 or an si unit after decapsulation or encapsulation (not supported)
  // Bandwidth and buffers.
  kPortGroupOverrun,      // port group ingress bandwidth exceeded
  kIpsecLoopbackOverrun,  // PG0 IPsec loopback bandwidth exceeded
  kSiBandwidthExceeded,   // inline-services bandwidth of the si interface exceeded
  kBufferFull,            // packet buffer / queue tail drop
  kFabricQueueFull,       // fabric queue tail drop
  kLookupQueueFull,       // no lookup thread and the dispatch queue is full
  kCryptoQueueFull,       // IPsec engine input queue full
  // ESP, with the names of `show security ipsec statistics`.
  kEspAuthenticationFailure,  // "ESP authentication failures"
  kEspReplay,                 // "Replay errors"
  kEspDecryptionFailure,      // "ESP decryption failures"
  kEspBadHeader,              // "Bad headers"
  kEspBadTrailer,             // "Bad trailers"
  kEspNoSa,                   // no SA for SPI and destination
  kEspSequenceOverflow,       // outbound sequence number exhausted; SA stopped
  // The TechLibrary's inbound drops for `packet-encapsulation` [T]: a
  // UDP-encapsulated SA's packet in UDP to another destination port, or with
  // no UDP header at all.
  kEspUdpEncapMismatch,       // UDP-encapsulated SA: UDP to another destination port
  kEspUdpHeaderMissing,       // UDP-encapsulated SA: ESP with no UDP header
  kEspFragmentNeeded,         // inner larger than the tunnel MTU with DF set
  // Traffic-selector mode.
  kOutsideTrafficSelectors,   // routed into a tunnel but outside all its selectors
  kInboundSelectorMismatch,   // decrypted, but the inner packet is outside its SA's selector
  // Bridging (an Ethernet frame on a vlan-bridge unit, or out of a VXLAN tunnel).
  kNoBridgeDomain,            // a frame whose port and VLAN (or VNI) no bridge domain holds
  kBumNotFlooded,             // a frame with nowhere to go: flooded to no port or VTEP, or to its own port
  kIrbNotIpv4,                // a frame to a router MAC of its domain (the irb's) that is not IPv4: only IPv4 is routed
  kIrbNoBinding,              // routed by the irb to a host with no MAC-IP binding (ARP and hold: not modeled)
  kCount
};

constexpr std::string_view to_string(DropCause c) {
  constexpr std::array<std::string_view, static_cast<size_t>(DropCause::kCount)> names = {
      "none",
      "malformed",
      "no route",
      "discard route",
      "ttl expired",
      "mtu exceeded",
      "tunnel down",
      "interface down",
      "tunnel in tunnel",
      "port group overrun",
      "ipsec loopback overrun",
      "si bandwidth exceeded",
      "buffer full",
      "fabric queue full",
      "lookup queue full",
      "crypto queue full",
      "ESP authentication failures",
      "Replay errors",
      "ESP decryption failures",
      "Bad headers",
      "Bad trailers",
      "no SA",
      "sequence number overflow",
      "UDP encapsulation mismatch",
      "UDP encapsulation: no UDP header",
      "fragmentation needed and DF set",
      "outside traffic selectors",
      "inbound selector mismatch",
      "no bridge domain",
      "BUM not flooded",
      "irb: not IPv4",
      "irb: no MAC-IP binding",
  };
  auto i = static_cast<size_t>(c);
  return i < names.size() ? names[i] : "unknown";
}

}  // namespace trio6sim
