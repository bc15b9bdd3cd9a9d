// One job cut into several: IPv4 fragmentation inside the chip, for the
// IPsec engine's pre-fragmentation to a tunnel MTU and the lookup's egress
// MTU. The fragments are new packets from the chip's pool (the services'
// acquire_packet), each a job with the original's chip state, reported once
// (ChipServices::fragmented) so that conservation counts them.
#pragma once

#include <cstddef>
#include <vector>

#include "chip_services.h"
#include "job.h"
#include "packet/fragment.h"

namespace trio6sim::models {

// Cuts `job`'s IPv4 packet into `count` fragments of at most `mtu` bytes of
// IP (fragment_ipv4; `count` from ipv4_fragment_count) and hands each to
// `each(Job&&)` in order. The customer's frame counts once toward goodput,
// with the first fragment. The original packet is freed. False when the
// packet cannot be cut (nothing reported, the job left as it was).
// `packets` and `slots` are the block's, kept between splits so that a split
// allocates nothing once they have grown.
template <class Each>
bool split_into_fragments(ChipServices& chip, Job& job, std::size_t mtu, std::size_t count,
                          std::vector<PacketPtr>& packets, std::vector<Packet*>& slots, Each&& each) {
  packets.resize(count);
  slots.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    packets[i] = chip.acquire_packet();
    slots[i] = packets[i].get();
  }
  const auto cut = fragment_ipv4(*job.packet, mtu, slots);
  if (!cut || *cut != count) {
    packets.clear();
    return false;
  }
  chip.fragmented(job, static_cast<uint32_t>(count));
  for (std::size_t i = 0; i < count; ++i) {
    Job fragment;
    fragment.packet = std::move(packets[i]);
    fragment.chip = job.chip;
    fragment.cleartext_frame_bytes = i == 0 ? job.cleartext_frame_bytes : 0;
    each(std::move(fragment));
  }
  packets.clear();
  job.packet.reset();
  return true;
}

}  // namespace trio6sim::models
