#include "control/ike_settings.h"

namespace trio6sim::control {

crypto::ikev2::IkeSuite bare_ike_suite() {
  using namespace crypto::ikev2;
  return IkeSuite{EncrId::k3desCbc, 192, PrfId::kHmacSha1, IntegId::kHmacSha1_96, 2};
}

}  // namespace trio6sim::control
