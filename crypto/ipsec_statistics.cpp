#include "ipsec_statistics.h"

namespace trio6sim::crypto {

void IpsecStatistics::count(DropCause cause) {
  switch (cause) {
    case DropCause::kEspReplay: ++replay_errors; break;
    case DropCause::kEspAuthenticationFailure: ++esp_authentication_failures; break;
    case DropCause::kEspDecryptionFailure: ++esp_decryption_failures; break;
    case DropCause::kEspBadHeader: ++bad_headers; break;
    case DropCause::kEspBadTrailer: ++bad_trailers; break;
    case DropCause::kEspSequenceOverflow: ++sequence_overflows; break;
    // Both of the TechLibrary's UDP drops in one counter (the report's keys
    // stay as they were); the drop report tells them apart by cause.
    case DropCause::kEspUdpEncapMismatch:
    case DropCause::kEspUdpHeaderMissing: ++udp_encap_mismatches; break;
    case DropCause::kEspFragmentNeeded: ++fragment_needed; break;
    case DropCause::kEspNoSa: ++no_sa; break;
    default: break;
  }
}

IpsecStatistics& IpsecStatistics::operator+=(const IpsecStatistics& o) {
  for (const auto& c : kIpsecCounters) this->*c.field += o.*c.field;
  return *this;
}

}  // namespace trio6sim::crypto
