// Programs one router model (models::Mx304 or models::Mx10k, both
// models::MxRouter) from its RouterPlan: ports on their (FPC, PIC)'s chip and as remote interfaces on the others, aggregates with
// members on any chip, si units and service sets on the anchor chip, st0
// units (anchored where their service set is), every active route on every
// chip (each PFE holds the full FIB), ESP steering to the outside si unit,
// and the MPLS labels the router allocated. SAs are installed later, when
// IKE completes (install_tunnels). Junos names stay here: the chips only
// see interface indexes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "control/router_plan.h"
#include "junos/device_config.h"
#include "models/mx_router.h"
#include "packet/expected.h"

namespace trio6sim::run {

struct IflPlace {
  int chip = 0;
  models::IfIndex ifl = 0;
};

struct PortPlace {
  int chip = 0;
  int port = 0;
  int lmic = 0;  // the PIC (LMIC on an MX304)
  int fpc = 0;
};

// What IKE installs when the tunnel comes up.
struct TunnelInstall {
  control::PlannedTunnel plan;
  int chip = 0;
  int pfe = 0;
  models::IfIndex st0_ifl = 0;
  uint32_t service_set = 0;
  std::optional<uint32_t> outbound_sa, inbound_sa;  // chip SA ids once installed
  // Traffic-selector mode: (outbound, inbound) SA ids per selector, in
  // plan.selectors' order; the first pair is also outbound_sa/inbound_sa.
  std::vector<std::pair<uint32_t, uint32_t>> selector_sas;
  // The service set's outside si unit as each chip knows it (local on the
  // anchor chip, remote on the others): ESP under the tunnel's inbound SPIs
  // is steered there (Trio6::steer_esp), whichever unit the local
  // gateway's route names.
  std::vector<models::IfIndex> outside_unit_by_chip;
};

// A mac-vrf bridge domain as programmed (docs/bridging.md): the same
// index on every chip of the router.
struct BridgeDomainPlace {
  std::string instance, name;  // "evpn_vxlan_1", "V_10"
  uint16_t vlan = 0;
  uint32_t vni = 0;
  uint32_t index = 0;                   // models::ForwardingState::bridge_domains
  std::vector<std::string> interfaces;  // its vlan-bridge units, "et-0/2/10.10"
  // Its irb (`routing-interface`, "irb.10"; empty: none), the irb's IPv4
  // addresses (at the chassis MAC) and virtual gateways (at
  // 00:00:5e:00:01:01), as EVPN advertises and `show` lists them.
  std::string irb;
  std::vector<IpAddress> irb_addresses;
  std::vector<IpAddress> virtual_gateways;
};

// The virtual gateway's MAC: RFC 5798 section 7.3's IPv4 VRRP MAC for VRID
// 1, which Junos gives every virtual-gateway-address (the blog's
// mac-ip-table: 13.11.1.254 at 00:00:5e:00:01:01).
inline constexpr models::MacKey kVirtualGatewayMac = 0x00005e000101;

struct DeviceModel {
  std::string name;
  std::unique_ptr<models::MxRouter> router;
  // Junos logical interface name ("et-0/2/10.0", "ae0.0", "st0.1",
  // "si-0/1/0.0") and physical name ("et-0/2/10", "ae0") -> where its
  // counters live (summed over chips), in configuration order.
  std::vector<std::pair<std::string, std::vector<IflPlace>>> interfaces;
  std::map<std::string, PortPlace> ports;  // "et-0/2/10"
  std::vector<TunnelInstall> tunnels;
  // Each chip's interfaces by Junos name (its own and the remote ones), and
  // the routes programmed into every chip: what reprogram_routes() changes.
  std::vector<std::map<std::string, models::IfIndex>> names_by_chip;
  std::vector<control::PlannedRoute> routes;
  // Bridging: the mac-vrf bridge domains and the local VTEP (IPv4; none
  // without a vtep-source-interface).
  std::vector<BridgeDomainPlace> bridge_domains;
  std::optional<IpAddress> vtep_source;
  // The router's chassis MAC: its irb units' (scenario key `chassis_mac`,
  // else default_chassis_mac).
  models::MacKey chassis_mac = 0;

  const std::vector<IflPlace>* places(const std::string& ifl) const;
  models::IflCounters counters(const std::string& ifl) const;
  // The sum over `places` (one entry of `interfaces`), without a search by name.
  models::IflCounters counters(const std::vector<IflPlace>& places) const;
};

// Builds the router's chips under the current SystemC context and programs
// them. Errors name the device and what could not be programmed.
Expected<DeviceModel, std::string> build_device(const control::RouterPlan& plan, const junos::DeviceConfig& config,
                                                const std::vector<uint32_t>& local_labels,
                                                const models::Trio6Params& params,
                                                std::optional<models::MacKey> chassis_mac = std::nullopt);

// A router's chassis MAC when the scenario gives none: locally
// administered (02 first), the other five octets from a hash (FNV-1a) of
// the device's name, so the same name gets the same MAC in every run.
models::MacKey default_chassis_mac(const std::string& device);

// Brings every chip's routes to `routes` (the RIB's active routes after a
// change, e.g. an st0 unit going down): removes the prefixes that went,
// re-adds those whose next hop changed, adds the new ones. Returns the
// prefixes changed, for the programming trace.
std::vector<std::string> reprogram_routes(DeviceModel& device, const std::vector<control::PlannedRoute>& routes);

// Installs the SAs of every tunnel that negotiated up (IKE completed).
void install_tunnels(DeviceModel& device);

}  // namespace trio6sim::run
