#include <gtest/gtest.h>

#include "report/wireshark_esp_sa.h"

namespace trio6sim::report {
namespace {

TEST(WiresharkEspSa, LineAsWireshark40ReadsIt) {
  crypto::SaConfig sa;
  sa.spi = 0x6d0c6331;
  sa.key.assign(16, 0xab);
  sa.cipher = crypto::EspCipher::kAes128Gcm;
  sa.salt = 0x01020304;
  sa.source = *IpAddress::parse("13.10.1.1");
  sa.destination = *IpAddress::parse("13.10.2.2");
  EXPECT_EQ(esp_sa_line(sa),
            "\"IPv4\",\"13.10.1.1\",\"13.10.2.2\",\"0x6d0c6331\",\"AES-GCM with 16 octet ICV [RFC4106]\","
            "\"0xabababababababababababababababab01020304\",\"NULL\",\"\"\n");
  sa.source = *IpAddress::parse("2001:db8::1");
  sa.destination = *IpAddress::parse("2001:db8::2");
  EXPECT_EQ(esp_sa_line(sa).substr(0, 32), "\"IPv6\",\"2001:db8::1\",\"2001:db8::");
}

}  // namespace
}  // namespace trio6sim::report
