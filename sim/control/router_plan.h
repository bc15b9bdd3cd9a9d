// What one MX304's configuration, routing table and negotiated tunnels mean
// for its chips, as plain data: which LMIC (one Trio 6 each, PIC number =
// LMIC), slice and port group each port sits on, the si anchors, service sets,
// st0 tunnels with their SAs, the routes with resolved next hops, and where
// ESP for a local gateway is steered (the outside si unit). The scenario
// runner applies a plan to the chips' programming interface; the plan itself
// knows nothing of SystemC and is tested on the blog's routers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control/ike_negotiation.h"
#include "control/platform.h"
#include "control/rib.h"
#include "control/vpn_plan.h"
#include "junos/device_config.h"
#include "packet/expected.h"

namespace trio6sim::control {

// The MX304 LMIC port table [M]: ports 0-3 slice 1 PG0, 4-7 slice 1 PG1,
// 8-11 slice 0 PG1, 12-15 slice 0 PG0. `port` is the chip's port slot in
// that numbering on every platform (an LC9600 port is mapped onto it).
struct PortLocation {
  int lmic = 0;  // the PIC: the LMIC on an MX304
  int port = 0;
  int fpc = 0;
  int slice = 0;
  int port_group = 0;
};
// "et-0/2/10" -> LMIC 2, port 10, slice 0, PG1; nullopt when not et-0/P/N with N < 16.
std::optional<PortLocation> mx304_port(std::string_view name);

// si-0/P/N: two per PFE, si-F/P/0 and si-F/P/1 on PFE 0, si-F/P/2 and si-F/P/3 on PFE 1 [I,T].
struct SiLocation {
  int lmic = 0;  // the PIC: the LMIC on an MX304
  int pfe = 0;
  int si_number = 0;
  int fpc = 0;
};
std::optional<SiLocation> mx304_si(std::string_view name);

// The same on any platform: et-F/P/N and si-F/P/N where the platform has a
// simulated chip at (F, P). The error says what is wrong with the name for
// this platform (no such FPC, empty slot, unsimulated PIC, no such port).
// LC9600 ports (assumption A7, docs/platform-mx10k.md): port 0 slice 0 PG0,
// port 2 slice 0 PG1, port 1 slice 1 PG0, port 3 slice 1 PG1, each on the
// first chip port slot of its PG (a 400GE port takes its whole PG).
Expected<PortLocation, std::string> locate_port(const Platform& platform, const std::string& device,
                                                std::string_view name);
Expected<SiLocation, std::string> locate_si(const Platform& platform, const std::string& device,
                                            std::string_view name);

struct PlannedPort {
  std::string name;  // "et-0/2/10"
  PortLocation at;
  std::optional<std::string> bundle;  // the ae it is a member of
};

struct PlannedAggregate {
  std::string name;  // "ae0"
  std::vector<std::string> members;
};

struct PlannedSi {
  std::string name;  // "si-0/1/0"
  SiLocation at;
  std::optional<uint64_t> bandwidth_bps;  // `inline-services bandwidth`
};

struct PlannedServiceSet {
  std::string name;
  std::string inside_unit, outside_unit;  // "si-0/1/0.0", "si-0/1/0.1"
  SiLocation anchor;
};

// A traffic selector of a tunnel that came up, from this device's side, with
// its SA pair.
struct PlannedSelector {
  junos::IpPrefix local, remote;
  crypto::SaConfig outbound, inbound;
};

struct PlannedTunnel {
  std::string vpn;
  std::string st0_unit;     // "st0.1"
  std::string service_set;  // the service set whose ipsec-vpn is this VPN
  std::string peer_device;
  bool up = false;
  std::string down_reason;
  crypto::SaConfig outbound, inbound;  // when up
  std::vector<PlannedSelector> selectors;  // traffic-selector mode, when up
};

struct PlannedRoute {
  junos::IpPrefix prefix;
  Protocol protocol = Protocol::kStatic;
  std::vector<RibNextHop> forwarding;
};

// ESP addressed to a local IKE gateway address goes to the outside si unit
// of the service set that anchors the tunnel (the decrypt path [I]).
struct EspSteering {
  IpAddress local_gateway;
  std::string outside_unit;
};

struct RouterPlan {
  std::string device;
  std::vector<int> lmics;  // MX304: the populated LMICs (platform.lmics)
  Platform platform;
  std::vector<PlannedPort> ports;
  std::vector<PlannedAggregate> aggregates;
  std::vector<PlannedSi> si;
  std::vector<PlannedServiceSet> service_sets;
  std::vector<PlannedTunnel> tunnels;
  std::vector<PlannedRoute> routes;
  std::vector<EspSteering> esp_steering;
  std::vector<PlannedVrf> vrfs;  // routing instances of type vrf (plan_vpns, across the scenario's routers)
};

// Errors name the interface or statement that cannot be placed (a port on an
// LMIC the device does not have, an si interface without inline services).
Expected<RouterPlan, std::string> plan_router(const std::string& device, const junos::DeviceConfig& config,
                                              const Rib& rib, const Platform& platform,
                                              const NegotiationResult& negotiation);
// An MX304 with these LMICs.
Expected<RouterPlan, std::string> plan_router(const std::string& device, const junos::DeviceConfig& config,
                                              const Rib& rib, const std::vector<int>& lmics,
                                              const NegotiationResult& negotiation);

}  // namespace trio6sim::control
