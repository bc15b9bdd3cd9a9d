// The routing engine's answers to operational commands, built from its state
// (configuration, routing table) and printed by sim/show in Junos' format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "control/ike_daemon.h"
#include "control/ike_negotiation.h"
#include "control/rib.h"
#include "junos/device_config.h"
#include "packet/expected.h"

namespace trio6sim::control {

// `show route`'s argument as the CLI takes it, `ADDRESS[/LENGTH]
// [extensive]`: an IPv4 address (four decimal octets 0-255) or an IPv6
// address with nothing after it but an optional prefix length (0-32 or
// 0-128, digits only), then at most the word `extensive`. The error names
// what is wrong and what was expected; scenario shows are checked with it
// before the run (sim/run/show_command.cpp).
struct RouteArgument {
  IpAddress address;
  std::optional<int> length;
  bool extensive = false;
};
Expected<RouteArgument, std::string> parse_route_argument(const std::string& argument);

// `show route ADDRESS [extensive]` (an address or a prefix): every route of
// the longest prefix that holds it, active first, in the terse form or in
// Junos' extensive form ("60.1.2.0 extensive"); an error names what could
// not be read.
Expected<std::string, std::string> show_route(const Rib& rib, const std::string& argument, uint64_t now_ps);
// The same with the device's configuration at hand, whose autonomous system
// the extensive form prints ("Local AS: 64512 Peer AS: 64512", the BGP task).
Expected<std::string, std::string> show_route(const Rib& rib, const junos::DeviceConfig& config,
                                              const std::string& argument, uint64_t now_ps);

// `show interfaces terse`: every interface (the configured ones, and the si
// interfaces that inline-services creates) and unit with its families and
// addresses.
std::string show_interfaces_terse(const junos::DeviceConfig& config);
// `show interfaces terse NAME` (or `show interfaces NAME terse`): the
// interface NAME with its units, or the one unit NAME ("st0.1"); nullopt when
// the device has nothing of that name.
std::optional<std::string> show_interfaces_terse(const junos::DeviceConfig& config, const std::string& name);

// Junos' event timestamp ("Thu Jan 01 2026 00:00:01") for a simulated time;
// simulated time 0 is 2026-01-01 00:00:00 UTC.
std::string junos_timestamp(uint64_t sim_ps);
// The same without weekday and year ("Jan 01 00:00:01"), as `show mac-vrf
// routing database` prints it.
std::string junos_short_timestamp(uint64_t sim_ps);

// `show security ike security-associations` and `show security ipsec
// security-associations [detail]` of `device` from the negotiation's tunnels
// that are up. `now_ps` counts the SA lifetimes down from when the tunnel
// came up (`up_ps`).
std::string show_ike_security_associations(const std::string& device, const NegotiationResult& negotiation);
std::string show_ipsec_security_associations(const std::string& device, const NegotiationResult& negotiation,
                                             bool detail, uint64_t up_ps, uint64_t now_ps);

// The same from a live IKEv2 daemon (IKE on the wire): the IKE SAs that are
// up, every Child SA pair in use with its lifetimes counting down, and in
// `detail` the tunnel's events as the daemon recorded them.
// `index N` (nullopt: every IKE SA) and `detail` ([T-MX]'s layout).
std::string show_ike_security_associations(const IkeDaemon& daemon, const junos::DeviceConfig& config,
                                           std::optional<uint32_t> index, bool detail, uint64_t now_ps);
std::string show_ipsec_security_associations(const IkeDaemon& daemon, const junos::DeviceConfig& config, bool detail,
                                             uint64_t now_ps);
// `show log messages`: the IKE daemon's system log lines up to `now_ps`, in
// the syslog layout of a Junos log file ("Jan  1 00:00:03  PE1 iked[4242]:
// ..."); none without a daemon (IKE modeled).
std::string show_log_messages(const IkeDaemon* daemon, const std::string& host, uint64_t now_ps);

}  // namespace trio6sim::control
