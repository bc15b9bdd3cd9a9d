// The commit checks Junos runs for inline IPsec on Trio 6 [T, I in
// docs/trio6-facts.md]: what the IPsec engine cannot do (AH, transport mode,
// IKEv1, NULL or non-GCM encryption, anti-replay windows above 4096, more
// than 1,000 tunnels or 1,000 IPsec SA pairs on one PFE) and references that point nowhere (si
// interfaces or units that are not configured, si interfaces without
// `chassis fpc F pic P inline-services`, a VPN bound to a missing st0 unit).
// A configuration with any error is not run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "junos/device_config.h"

namespace trio6sim::junos {

struct CommitCheckParams {
  // Tunnels one PFE's IPsec engine holds: "Each IPSec Engine provides 1,000
  // tunnels" [I]; 2,000 per Trio 6.
  // A tunnel is one VPN (an inbound and an outbound SA), not one SA. The
  // same number bounds the PFE's SA pairs: one per traffic selector of a TS
  // VPN, one per VPN without selectors (the engine's ipsec.max_tunnels).
  int tunnels_per_pfe = 1000;
  // "Trio 6 based MX platforms support 2,000 Inline IPSec Tunnels" [I]: two
  // PFEs of 1,000 each per chip.
  int tunnels_per_chip = 2000;
  // "Trio 6 based MX platforms support 2,000 Inline IPSec Tunnels per
  // chassis" [I]; "Supports up to 2000 tunnels per chassis" [T]: on a
  // router of several chips (MX304 with LMICs, MX10000 line cards) too.
  int tunnels_per_chassis = 2000;
  // Largest anti-replay window inline IPsec accepts [T].
  uint32_t max_anti_replay_window = 4096;
  // si ports per PIC: si-F/P/0..3, two per PFE [I].
  int si_ports_per_pic = 4;
};

struct CommitError {
  Origin origin;
  std::string message;
};

std::vector<CommitError> commit_check(const DeviceConfig& config, const CommitCheckParams& params = {});

// The PFE (0 or 1) of si-F/P/N: ports 0 and 1 are PFE 0, 2 and 3 PFE 1 [I].
int si_pfe(int port);

// Junos' layout:
//   [edit security ipsec proposal P1]
//     'protocol ah'
//       error: AH is not supported by inline IPsec: use protocol esp
//   FILE.conf:123
// one block per error (the last line is our addition), without the closing
// "error: configuration check-out failed" line.
std::string format_commit_error(const CommitError& error);

// What a run takes from one device's file: load (either form, groups
// applied), build the model, run the commit checks. The model comes back only
// when the configuration commits; otherwise the error is the report
// `trio6sim check` prints, ending in "error: configuration check-out failed".
Expected<DeviceConfig, std::string> commit_config_file(const std::string& path, const CommitCheckParams& params = {});
// The same for configuration text (a scenario's inline config); `file` names it in errors.
Expected<DeviceConfig, std::string> commit_config_text(std::string_view text, const std::string& file,
                                                       const CommitCheckParams& params = {});

}  // namespace trio6sim::junos
