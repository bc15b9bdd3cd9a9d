// A destination's routes as the views sim/show prints (`show route` terse and
// extensive), so sim/show never sees the Rib.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "control/rib.h"
#include "show/show_route.h"
#include "show/show_route_extensive.h"

namespace trio6sim::control {

// The BGP peer a protocol next hop stands for. The model's learned BGP routes
// with a protocol next hop come from the IBGP peer at that address (next-hop
// self, as the blog's `export nhs` does); IPv6 routes carried over the IPv4
// session have the peer's IPv4-mapped address (::ffff:12.1.1.2 -> 12.1.1.2).
IpAddress bgp_peer(const IpAddress& protocol_next_hop);

// `routes`: every route of one prefix, active first (Rib::routes_for).
show::RouteView route_view(const std::vector<const RibRoute*>& routes, uint64_t now_ps);

// `local_as`: the device's autonomous system, when its configuration is at
// hand; without it the extensive form leaves out the AS lines and the BGP task.
show::RouteExtensiveView route_extensive_view(const Rib& rib, const std::vector<const RibRoute*>& routes,
                                              std::optional<uint32_t> local_as, uint64_t now_ps);

}  // namespace trio6sim::control
