#include "learned_routes.h"

#include "scenario/scenario_loader.h"

namespace trio6sim::control {

namespace {

// 1 in the last bit of the prefix: consecutive /24s step by 0.0.1.0.
IpAddress prefix_step(const IpAddress& first, int length) {
  uint8_t bytes[16] = {};
  const int bit = length - 1;  // the prefix's last bit, 0-based from the left
  bytes[bit / 8] = static_cast<uint8_t>(0x80 >> (bit % 8));
  return first.is_v4() ? IpAddress::v4(bytes) : IpAddress::v6(bytes);
}

}  // namespace

std::size_t add_learned_routes(Rib& rib, const std::string& device,
                               const std::vector<scenario::LearnedRouteSpec>& learned) {
  std::size_t added = 0;
  for (const auto& block : learned) {
    if (block.device != device) continue;
    const Protocol protocol = block.protocol == "bgp" ? Protocol::kBgp : Protocol::kIsis;
    const scenario::AddressRange range{block.first_prefix, block.count,
                                       prefix_step(block.first_prefix, std::max(block.prefix_length, 1))};
    for (uint32_t i = 0; i < block.count; ++i) {
      RibRoute r;
      r.prefix = {scenario::address_at(range, i), block.prefix_length};
      r.protocol = protocol;
      r.preference = default_preference(protocol);
      if (block.next_hop) r.next_hops.push_back({"", block.next_hop, std::nullopt, false, false});
      r.protocol_next_hop = block.protocol_next_hop;
      r.push_label = block.push_label;
      r.as_path = block.as_path;
      rib.add(std::move(r));
      ++added;
    }
  }
  return added;
}

}  // namespace trio6sim::control
