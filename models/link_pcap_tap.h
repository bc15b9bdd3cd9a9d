// LinkPcapTap: a ready-made LinkTap that writes every frame a link carries,
// both directions, into one pcap file (Ethernet, nanosecond time stamps: the
// time the frame's first bit went onto the cable). Attach it with
// link.set_tap(&tap); one tap may watch several links.
//
// The chip does not keep a frame's L2 header past its port, so each record
// is the packet as sent behind a made-up Ethernet header (capture_frame):
// source MAC 02:00:00:00:E:P, destination 06:00:00:00:E:P, where E is the
// end the frame left (0 or 1) and P that end's port.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "link.h"
#include "packet/pcap_io.h"

namespace trio6sim::models {

// The Ethernet frame a capture holds for a packet that left a port: the
// locally administered MAC pair 02:00:00:A:B:C -> 06:00:00:A:B:C (A, B, C:
// `port_id`, naming the port), the EtherType from the IP version (IPv4,
// IPv6, else MPLS), then the L3 bytes.
std::vector<uint8_t> capture_frame(const Packet& packet, std::array<uint8_t, 3> port_id);

class LinkPcapTap final : public LinkTap {
 public:
  // Creates (truncates) `path`; ConfigError when it cannot.
  explicit LinkPcapTap(const std::string& path);
  void frame_on_link(const Link& link, int from_end, const Packet& packet, uint64_t first_bit_ps) override;
  uint64_t frames() const { return writer_.records(); }
  // Flushes and closes the file (also done, silently, by the destructor);
  // ConfigError naming the file when a write or the close failed.
  void close();

 private:
  PcapWriter writer_;
  std::string error_;  // the first write error
};

}  // namespace trio6sim::models
