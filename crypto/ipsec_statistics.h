// Counters of one SA or one engine, named as `show security ipsec statistics`
// prints them on Junos [I]. Byte counters count the inner (cleartext) IP
// packet, an assumption: Junos does not document which bytes it counts.
#pragma once

#include <cstdint>

#include "packet/drop_cause.h"

namespace trio6sim::crypto {

struct IpsecStatistics {
  uint64_t encrypted_bytes = 0;
  uint64_t decrypted_bytes = 0;
  uint64_t encrypted_packets = 0;
  uint64_t decrypted_packets = 0;
  uint64_t replay_errors = 0;                // "Replay errors"
  uint64_t esp_authentication_failures = 0;  // "ESP authentication failures"
  uint64_t esp_decryption_failures = 0;      // "ESP decryption failures"
  uint64_t bad_headers = 0;                  // "Bad headers"
  uint64_t bad_trailers = 0;                 // "Bad trailers"
  // Not in Junos' output, but every drop is counted somewhere.
  uint64_t sequence_overflows = 0;
  uint64_t udp_encap_mismatches = 0;  // wrong UDP destination port or no UDP header
  uint64_t fragment_needed = 0;
  uint64_t no_sa = 0;

  // Counts one packet dropped for `cause` (an ESP cause; others are ignored).
  void count(DropCause cause);
  IpsecStatistics& operator+=(const IpsecStatistics& o);
};

// Every counter by its report name, once: sums, JSON reports and tables walk
// this list, so a counter added above and here appears everywhere.
struct IpsecCounter {
  const char* name;
  uint64_t IpsecStatistics::*field;
};
inline constexpr IpsecCounter kIpsecCounters[] = {
    {"encrypted_packets", &IpsecStatistics::encrypted_packets},
    {"decrypted_packets", &IpsecStatistics::decrypted_packets},
    {"encrypted_bytes", &IpsecStatistics::encrypted_bytes},
    {"decrypted_bytes", &IpsecStatistics::decrypted_bytes},
    {"esp_authentication_failures", &IpsecStatistics::esp_authentication_failures},
    {"replay_errors", &IpsecStatistics::replay_errors},
    {"esp_decryption_failures", &IpsecStatistics::esp_decryption_failures},
    {"bad_headers", &IpsecStatistics::bad_headers},
    {"bad_trailers", &IpsecStatistics::bad_trailers},
    {"sequence_overflows", &IpsecStatistics::sequence_overflows},
    {"udp_encap_mismatches", &IpsecStatistics::udp_encap_mismatches},
    {"fragment_needed", &IpsecStatistics::fragment_needed},
    {"no_sa", &IpsecStatistics::no_sa},
};

}  // namespace trio6sim::crypto
