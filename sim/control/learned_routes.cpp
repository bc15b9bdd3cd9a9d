#include "learned_routes.h"

#include "scenario/scenario_loader.h"

namespace trio6sim::control {

std::size_t add_learned_routes(Rib& rib, const std::string& device,
                               const std::vector<scenario::LearnedRouteSpec>& learned) {
  std::size_t added = 0;
  for (const auto& block : learned) {
    if (block.device != device) continue;
    const Protocol protocol = block.protocol == "bgp" ? Protocol::kBgp : Protocol::kIsis;
    const scenario::AddressRange range = scenario::prefix_range(block);
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
