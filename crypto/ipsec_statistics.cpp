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
    case DropCause::kEspUdpEncapMismatch: ++udp_encap_mismatches; break;
    case DropCause::kEspFragmentNeeded: ++fragment_needed; break;
    case DropCause::kEspNoSa: ++no_sa; break;
    default: break;
  }
}

IpsecStatistics& IpsecStatistics::operator+=(const IpsecStatistics& o) {
  encrypted_bytes += o.encrypted_bytes;
  decrypted_bytes += o.decrypted_bytes;
  encrypted_packets += o.encrypted_packets;
  decrypted_packets += o.decrypted_packets;
  replay_errors += o.replay_errors;
  esp_authentication_failures += o.esp_authentication_failures;
  esp_decryption_failures += o.esp_decryption_failures;
  bad_headers += o.bad_headers;
  bad_trailers += o.bad_trailers;
  sequence_overflows += o.sequence_overflows;
  udp_encap_mismatches += o.udp_encap_mismatches;
  fragment_needed += o.fragment_needed;
  no_sa += o.no_sa;
  return *this;
}

}  // namespace trio6sim::crypto
