// EVPN's MAC advertisement between the scenario's VTEPs (docs/bridging.md),
// what the routing engines' l2ald and BGP would do, modeled, not run: a MAC
// a chip learns from the data plane is installed at once on the router's
// other chips (as the learning router's own table), and after
// `route_delay_ps` (an assumption: a BGP update's propagation and the
// peer's processing) the peers install it as a remote MAC behind the
// learning router's VTEP, the MAC/IP advertisement route (RFC 7432 type 2)
// derived from it. The peers of a router are the scenario's other routers
// with a bridge domain of the same VNI: BGP sessions and route targets are
// not modeled. A MAC-IP binding a chip learns from ARP travels the same
// way (the MAC/IP route with its IP), and each router's irb addresses are
// advertised from time 0. Each router keeps the database `show mac-vrf
// routing database` and `forwarding mac-ip-table` print, and the routes it
// holds per peer (`show bgp summary`). Each domain's flood list (ingress
// replication) holds the peers' VTEPs from the start.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <systemc>
#include <vector>

#include "network.h"

namespace trio6sim::run {

struct EvpnParams {
  // From a MAC's learning on one router to its route installed on the
  // peers: assumption, 1 ms (scenario key `evpn_route_delay`); the blog
  // gives no figure.
  uint64_t route_delay_ps = 1'000'000'000;
};

// One MAC of a router's mac-vrf database.
struct EvpnMac {
  std::size_t domain = 0;  // index into the device's DeviceModel::bridge_domains
  models::MacKey mac = 0;
  // The local unit ("et-0/2/10.10"), the remote VTEP ("12.1.1.2"), the irb
  // ("irb.10") or, for the virtual gateway, "esi" (show derives the ESI).
  std::string source;
  bool remote = false;
  uint64_t at_ps = 0;  // when it was learned or installed
  uint32_t ipv4 = 0;   // its MAC-IP binding's address (host order); 0: none
  enum class Kind : uint8_t { kLearned, kIrb, kVirtualGateway } kind = Kind::kLearned;
};

class Evpn : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Evpn);
  Evpn(const sc_core::sc_module_name& name, Network& network, const EvpnParams& params);

  // Whether any router of the network bridges (no module is needed otherwise).
  static bool needed(const Network& network);

  // A router's database, by (domain, MAC).
  const std::map<std::pair<std::size_t, models::MacKey>, EvpnMac>& database(int device) const {
    return databases_.at(static_cast<std::size_t>(device));
  }
  // MAC routes each router sent and received (BGP updates' MAC/IP routes).
  uint64_t advertised(int device) const { return advertised_.at(static_cast<std::size_t>(device)); }
  uint64_t received(int device) const { return received_.at(static_cast<std::size_t>(device)); }
  // EVPN routes a router holds from the peer whose VTEP is `vtep` (host
  // order): one inclusive multicast route (type 3) per VNI they share, one
  // MAC/IP route (type 2) per MAC or MAC-IP binding installed from it.
  uint64_t routes_from(int device, uint32_t vtep) const {
    const auto& m = routes_from_.at(static_cast<std::size_t>(device));
    const auto it = m.find(vtep);
    return it == m.end() ? 0 : it->second;
  }

 private:
  // Ingress replication: every bridge domain with a VNI floods to the VTEP
  // of each other router with a domain of that VNI, the inclusive multicast
  // Ethernet tag route (RFC 7432 type 3) each peer sends once its BGP
  // session is up, installed before the run starts (sessions are not run).
  void install_flood_lists();
  struct Pending {
    int device = 0;          // the router that installs it
    std::size_t domain = 0;  // its domain there
    models::MacKey mac = 0;
    uint32_t vtep = 0;  // the advertising router's VTEP (host order)
    uint32_t ipv4 = 0;  // the route's IP (a MAC-IP binding); 0: a MAC alone
    bool irb = false;   // the advertising router's irb address (static there)
  };
  void learned(int device, int chip, const models::LearnedMac& m, uint64_t at_ps);
  // The MAC/IP route of domain `domain` of `device` to every peer with its
  // VNI, installed there at `install_at`.
  void advertise(int device, std::size_t domain, models::MacKey mac, uint32_t ipv4, uint64_t install_at,
                 bool irb = false);
  // Each router's irb addresses and virtual gateways in its database from
  // time 0, the irb addresses advertised (configured: installed on the
  // peers at the route delay).
  void advertise_irbs();
  void start_of_simulation() override;
  void deliver();

  Network& network_;
  EvpnParams params_;
  std::vector<std::map<std::pair<std::size_t, models::MacKey>, EvpnMac>> databases_;
  std::vector<uint64_t> advertised_, received_;
  std::vector<std::map<uint32_t, uint64_t>> routes_from_;  // by device: peer VTEP -> routes held
  std::multimap<uint64_t, Pending> pending_;  // by install time, then in advertisement order
  sc_core::sc_event wake_;
};

}  // namespace trio6sim::run
