// `trio6sim esp selfcheck`: a quick proof on any machine that the ESP path is
// real: AES-GCM known answers (McGrew-Viega test cases 1 and 2), then seal and
// open round trips over every SA variant, a forged packet and a replay.
#pragma once

#include <cstdint>
#include <ostream>
#include <span>

namespace trio6sim::cli {

int esp_selfcheck(std::ostream& out);

// The flow hash the packet library computes for an L3 packet (0 if it does
// not parse); used for the UDP source port and the IPv6 flow label.
uint32_t flow_hash_of(std::span<const uint8_t> l3_packet);

}  // namespace trio6sim::cli
