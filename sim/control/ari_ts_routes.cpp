#include "ari_ts_routes.h"

namespace trio6sim::control {

std::size_t add_ari_ts_routes(Rib& rib, const std::string& device, const NegotiationResult& negotiation,
                              uint64_t installed_ps) {
  std::size_t added = 0;
  for (const auto& t : negotiation.tunnels) {
    if (!t.up) continue;
    for (const bool we_are_a : {true, false}) {
      const VpnEndpoint& self = we_are_a ? t.a : t.b;
      if (self.device != device) continue;
      for (const auto& s : t.selectors) {
        RibRoute r;
        r.prefix = we_are_a ? s.a_remote : s.a_local;  // b's remote-ip is a's local-ip
        r.protocol = Protocol::kAriTs;
        r.preference = default_preference(Protocol::kAriTs);
        r.installed_ps = installed_ps;
        r.next_hops.push_back({self.vpn->bind_interface, std::nullopt, std::nullopt, false, false});
        rib.add(std::move(r));
        ++added;
      }
    }
  }
  return added;
}

}  // namespace trio6sim::control
