// The routing engine's routing table as the scenario layer models it: routes
// from the configuration (direct and local from interface addresses,
// static), routes learned by protocols the model does not run (from the
// scenario), the active route per prefix by preference, and recursive
// resolution of protocol next hops (BGP's next hop 12.1.1.2 resolved through
// the static route to st0.1, as the blog's `show route ... extensive` shows).
// The result feeds the chip's forwarding table and `show route`.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "junos/device_config.h"
#include "packet/ip_address.h"

namespace trio6sim::control {

enum class Protocol : uint8_t { kDirect, kLocal, kStatic, kIsis, kBgp, kAriTs };
std::string_view protocol_name(Protocol p);  // "Direct", "Local", "Static", "IS-IS", "BGP", "ARI-TS"
// Junos: 0, 0, 5, 18 (IS-IS level 2 internal), 170, 5 (ARI-TS routes keep "the
// same route preference and metric" as the static routes ARI installed
// before ARI-TS became a protocol: Juniper Feature Explorer, feature 7498).
int default_preference(Protocol p);

// Masks the host bits off: 13.10.1.1/24 -> 13.10.1.0/24.
junos::IpPrefix network_of(const junos::IpPrefix& p);
bool prefix_contains(const junos::IpPrefix& p, const IpAddress& a);

struct RibNextHop {
  std::string interface;               // logical interface ("ae0.0", "st0.1"); empty for local/discard
  std::optional<IpAddress> gateway;    // "to 13.10.1.2"; none when directly attached or a tunnel
  std::optional<uint32_t> push_label;  // MPLS label pushed on the way
  bool local = false;                  // delivered to the routing engine
  bool discard = false;
};

struct RibRoute {
  junos::IpPrefix prefix;  // network (host bits clear)
  Protocol protocol = Protocol::kStatic;
  int preference = 0;
  int metric = 0;
  std::vector<RibNextHop> next_hops;            // as configured or learned
  std::optional<IpAddress> protocol_next_hop;   // resolved recursively (BGP)
  std::optional<uint32_t> push_label;           // with the protocol next hop
  std::string as_path = "I";                    // BGP: shown by `show route`
  uint64_t installed_ps = 0;
  // Filled by Rib::resolve():
  std::vector<RibNextHop> forwarding;  // empty: unresolved
  bool active = false;
};

class Rib {
 public:
  void add(RibRoute route);
  // A logical interface whose link is down ("st0.1" when its tunnel has no
  // SA: Junos shows it Link-Layer-Down and its routes Dest-route-down):
  // next hops through it do not resolve, so a route behind it (a higher
  // preference) becomes active at the next resolve().
  void set_interface_up(const std::string& ifl, bool up);
  bool interface_up(const std::string& ifl) const { return !down_.contains(ifl); }
  // Chooses the active route of every prefix (lowest preference among the
  // resolvable ones) and resolves protocol next hops through the active
  // non-BGP routes. Call after the last add().
  void resolve();

  // Longest-prefix match over active routes of the address's family.
  const RibRoute* lookup(const IpAddress& address) const;
  // Every route of the longest prefix that holds `address`, active first.
  std::vector<const RibRoute*> routes_for(const IpAddress& address) const;
  // The active non-BGP route a protocol next hop resolves through (as
  // resolve() chose it); null when it does not resolve.
  const RibRoute* resolving_route(const IpAddress& protocol_next_hop) const;
  const std::vector<RibRoute>& routes() const { return routes_; }

  struct TableCounts {
    std::size_t destinations = 0, routes = 0, active = 0;
  };
  TableCounts counts(IpAddress::Family family) const;

 private:
  const RibRoute* best_match(const IpAddress& address, bool include_bgp) const;
  std::vector<RibRoute> routes_;
  std::set<std::string> down_;
};

// The routes a configuration implies: a Direct route for each interface
// subnet and a Local /32 (/128) for each address, and the static routes
// (`routing-options static` and `rib inet6.0 static`).
// The interfaces of a routing instance (instance-type vrf) are left out: their
// routes are the instance's (add_instance_routes).
void add_config_routes(Rib& rib, const junos::DeviceConfig& config);
// A routing instance's own table: the Direct and Local routes of its
// interfaces and its static routes.
void add_instance_routes(Rib& rib, const junos::DeviceConfig& config, const junos::RoutingInstance& instance);

}  // namespace trio6sim::control
