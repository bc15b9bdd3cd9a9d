// Auto route insertion for traffic selectors (ARI-TS): when a traffic-selector
// VPN's tunnel comes up, the key daemon installs a route to each selector's
// remote-ip through the VPN's st0 unit, as protocol ARI-TS: "IKED adds a route
// based on the remote-ip, instead of user adding a static route" [I, Inline
// IPSec Scale]. A tunnel that stays down installs none.
#pragma once

#include <cstdint>
#include <string>

#include "control/ike_negotiation.h"
#include "control/rib.h"

namespace trio6sim::control {

// Adds `device`'s ARI-TS routes for the tunnels `negotiation` brought up,
// installed at `installed_ps` (when IKE completes); returns how many.
std::size_t add_ari_ts_routes(Rib& rib, const std::string& device, const NegotiationResult& negotiation,
                              uint64_t installed_ps);

}  // namespace trio6sim::control
