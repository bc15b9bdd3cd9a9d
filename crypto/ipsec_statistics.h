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
  uint64_t udp_encap_mismatches = 0;
  uint64_t fragment_needed = 0;
  uint64_t no_sa = 0;

  // Counts one packet dropped for `cause` (an ESP cause; others are ignored).
  void count(DropCause cause);
  IpsecStatistics& operator+=(const IpsecStatistics& o);
};

}  // namespace trio6sim::crypto
