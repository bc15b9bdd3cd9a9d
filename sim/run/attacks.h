// Crafted packets a scenario puts on a link (events `inject:`, IKE on the
// wire), each aimed at the receiving router's IPsec: built from the SAs the
// routers negotiated, so they reach the engine or the IKE daemon and fail
// exactly one check. Each is counted under its Junos counter and leaves the
// tunnel otherwise untouched (docs/control-plane.md, attacks).
//   esp-replay            the SA's first packet (sequence 1) again: Replay errors
//   esp-bad-icv           a fresh sequence number with one ICV bit flipped: ESP authentication failures
//   esp-unknown-spi       ESP under an SPI no SA has: no SA
//   esp-truncated         an ESP header cut short: Bad headers
//   udp-encap-wrong-port  the SA's ESP in UDP 4500, which the SA does not use: Bad headers (the engine
//                         finds no ESP header where the SA's encapsulation puts it)
//   ike-bad-icv           an INFORMATIONAL on the IKE SA whose SK payload does not verify: the daemon's bad ICV count
#pragma once

#include <cstdint>
#include <string>

#include "control_plane.h"
#include "network.h"
#include "packet/expected.h"
#include "scenario/scenario_spec.h"

namespace trio6sim::run {

Expected<void, std::string> inject_attack(Network& network, const ControlPlane& control, const scenario::EventSpec& e,
                                          uint64_t at_ps);

}  // namespace trio6sim::run
