// Reads an SA description (SA.json) into a crypto::SaConfig. The format is
// fixed because outside scripts write it (see docs/esp-command.md):
//   {"spi": "0x6d0c6331", "algorithm": "aes-256-gcm", "key": "<hex>",
//    "salt": "<8 hex digits>", "esn": true, "replay_window": 4096,
//    "replay_top": 0, "local": "13.10.1.1", "remote": "13.10.2.2",
//    "udp_encap": {"sport": 4500, "dport": 4500} | null, "dscp": "copy" | 0..63,
//    "copy_outer_dscp": false, "df": "clear" | "set" | "copy", "tunnel_mtu": 0}
// Optional extensions: "protocol": "esp", "mode": "tunnel" (anything else is
// refused as inline IPsec refuses it). Every error names the file, the line
// and the field.
#pragma once

#include <string>

#include "crypto/security_association.h"
#include "packet/expected.h"

namespace trio6sim::cli {

Expected<crypto::SaConfig, std::string> load_sa_json(const std::string& path);
Expected<crypto::SaConfig, std::string> parse_sa_json(const std::string& text, const std::string& source_name);

}  // namespace trio6sim::cli
