// Writes what the independent IKEv2 key check (check_ike_keys.py) reads: two
// IKEv2 daemons (PE1 and PE2, tests/control/ike_pair.h) negotiating over a
// wire for ten simulated minutes with 180 s Child and IKE SA lifetimes, so
// that the capture holds IKE_SA_INIT, IKE_AUTH, Child SA rekeys, IKE SA
// rekeys and DELETEs; then, in DIR:
//   ike.pcap                 every datagram as Ethernet / IPv4 / UDP 500, stamped when sent
//   esp_sa                   Wireshark's ESP SA table: every Child SA PE1 installed
//   ikev2_decryption_table   Wireshark's IKEv2 table: every IKE SA PE1 had
//   ike_keys.jsonl           each DH private value with its public value (a key log)
//   psk                      the pre-shared key
// Usage: ike_lifecycle_capture DIR [gcm|bare]
#include <cstdio>
#include <fmt/core.h>
#include <fstream>

#include "../control/ike_pair.h"
#include "packet/bytes.h"
#include "packet/checksum.h"
#include "packet/hex.h"
#include "packet/pcap_io.h"
#include "report/wireshark_esp_sa.h"
#include "report/wireshark_ikev2.h"

using namespace trio6sim;
using namespace trio6sim::control;

namespace {

std::vector<uint8_t> frame(const IkeDatagram& d) {
  std::vector<uint8_t> f = {0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00};
  const std::size_t total = 20 + 8 + d.payload.size();
  uint8_t ip[20] = {0x45, 0, static_cast<uint8_t>(total >> 8), static_cast<uint8_t>(total), 0, 0, 0x40, 0, 64, 17};
  std::copy(d.source.data(), d.source.data() + 4, ip + 12);
  std::copy(d.destination.data(), d.destination.data() + 4, ip + 16);
  store_be16(ip + 10, internet_checksum({ip, 20}));
  f.insert(f.end(), ip, ip + 20);
  const std::size_t udp_len = 8 + d.payload.size();
  const uint8_t udp[8] = {static_cast<uint8_t>(d.source_port >> 8), static_cast<uint8_t>(d.source_port),
                          static_cast<uint8_t>(d.destination_port >> 8), static_cast<uint8_t>(d.destination_port),
                          static_cast<uint8_t>(udp_len >> 8), static_cast<uint8_t>(udp_len), 0, 0};
  f.insert(f.end(), udp, udp + 8);
  f.insert(f.end(), d.payload.begin(), d.payload.end());
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: ike_lifecycle_capture DIR [gcm|bare]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const bool bare = argc == 3 && std::string(argv[2]) == "bare";
  VpnSettings a = ike_pair::vpn("13.10.1.1", "13.10.2.2"), b = ike_pair::vpn("13.10.2.2", "13.10.1.1");
  for (VpnSettings* v : {&a, &b}) {
    v->ipsec_lifetime_s = 180;
    v->ike_lifetime_s = 180;
    if (bare) v->ike_suite = bare_ike_suite();
  }
  ike_pair::Pair p(a, b);
  p.start();
  p.run_until(600 * ike_pair::kS);
  if (!p.status(0).up || p.status(0).child_rekeys < 3 || p.status(0).ike_rekeys < 2) {
    std::fprintf(stderr, "the pair did not run its lifecycle: up %d, %u Child rekeys, %u IKE rekeys\n",
                 p.status(0).up, p.status(0).child_rekeys, p.status(0).ike_rekeys);
    return 1;
  }
  auto pcap = PcapWriter::open(dir + "/ike.pcap", PcapLinkType::kEthernet);
  if (!pcap) {
    std::fprintf(stderr, "%s\n", pcap.error().c_str());
    return 1;
  }
  for (const auto& s : p.log) (void)pcap->write(frame(s.datagram), s.at / 1000);
  (void)pcap->close();
  std::ofstream(dir + "/esp_sa") << report::esp_sa_table(p.daemons[0]->child_sa_history());
  std::vector<report::Ikev2TableEntry> table;
  for (const auto& sa : p.daemons[0]->ike_sa_history()) table.push_back({sa.spi_i, sa.spi_r, sa.suite, sa.keys});
  std::ofstream(dir + "/ikev2_decryption_table") << report::ikev2_decryption_table(table);
  std::ofstream keys(dir + "/ike_keys.jsonl");
  for (int side = 0; side < 2; ++side)
    for (const auto& s : p.daemons[side]->dh_secrets())
      keys << fmt::format(R"({{"device": "{}", "group": {}, "public": "{}", "private": "{}"}})", side ? "PE2" : "PE1",
                          s.group, to_hex(s.public_value), to_hex(s.private_value))
           << "\n";
  std::ofstream(dir + "/psk") << a.psk;
  std::printf("%zu datagrams, %zu Child SAs, %zu IKE SAs, %u Child rekeys, %u IKE rekeys\n", p.log.size(),
              p.daemons[0]->child_sa_history().size(), table.size(), p.status(0).child_rekeys, p.status(0).ike_rekeys);
  return 0;
}
