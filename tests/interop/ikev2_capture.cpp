// Writes an IKEv2 capture for tests/interop/test_tshark_ikev2.py: for each of
// two IKE SAs (AES-256-GCM-16 / PRF-HMAC-SHA256 / group 19, and AES-CBC-256 /
// HMAC-SHA2-256-128 / group 14) a real exchange made by trio6sim's
// crypto/ikev2 library: IKE_SA_INIT request and response in clear, then the
// SK-protected IKE_AUTH request (IDi, AUTH, SA, TSi, TSr) and response (IDr,
// AUTH, SA, TSi, TSr). Output in DIR: ikev2.pcap (LINKTYPE_RAW, IPv4/UDP 500),
// ikev2_decryption_table (Wireshark's UAT) and expected.txt (one line per
// IKE_AUTH: the AUTH data in hex and the ID as tshark prints it, in capture order).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "crypto/ikev2/diffie_hellman.h"
#include "crypto/ikev2/ike_message.h"
#include "crypto/ikev2/key_derivation.h"
#include "packet/hex.h"
#include "report/wireshark_ikev2.h"

using namespace trio6sim;
using namespace trio6sim::crypto::ikev2;

namespace {

std::vector<uint8_t> seeded(std::size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  uint32_t x = 2463534242u ^ seed;
  for (auto& b : v) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<uint8_t>(x);
  }
  return v;
}

// IPv4 / UDP 500 -> 500 around an IKE message (UDP checksum 0: allowed for IPv4).
std::vector<uint8_t> ip_udp(const std::vector<uint8_t>& ike, bool from_initiator) {
  const uint8_t a[4] = {192, 0, 2, 1}, b[4] = {192, 0, 2, 2};
  const std::size_t total = 20 + 8 + ike.size();
  std::vector<uint8_t> p = {0x45, 0, static_cast<uint8_t>(total >> 8), static_cast<uint8_t>(total), 0, 0, 0x40, 0, 64,
                            17, 0, 0};
  const uint8_t* src = from_initiator ? a : b;
  const uint8_t* dst = from_initiator ? b : a;
  p.insert(p.end(), src, src + 4);
  p.insert(p.end(), dst, dst + 4);
  uint32_t sum = 0;
  for (std::size_t i = 0; i < 20; i += 2) sum += static_cast<uint32_t>(p[i] << 8 | p[i + 1]);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  p[10] = static_cast<uint8_t>(~sum >> 8);
  p[11] = static_cast<uint8_t>(~sum);
  const std::size_t udp_len = 8 + ike.size();
  const uint8_t udp[8] = {0x01, 0xf4, 0x01, 0xf4, static_cast<uint8_t>(udp_len >> 8), static_cast<uint8_t>(udp_len), 0, 0};
  p.insert(p.end(), udp, udp + 8);
  p.insert(p.end(), ike.begin(), ike.end());
  return p;
}

void put32le(std::ofstream& f, uint32_t v) {
  const char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16),
                     static_cast<char>(v >> 24)};
  f.write(b, 4);
}

SaPayload ike_proposal(const IkeSuite& s) {
  Proposal p{1, ProtocolId::kIke, {}, {}};
  p.transforms.push_back({TransformType::kEncr, static_cast<uint16_t>(s.encr), s.encr_key_bits});
  p.transforms.push_back({TransformType::kPrf, static_cast<uint16_t>(s.prf), std::nullopt});
  if (s.integ != IntegId::kNone) p.transforms.push_back({TransformType::kInteg, static_cast<uint16_t>(s.integ), std::nullopt});
  p.transforms.push_back({TransformType::kDh, s.dh_group, std::nullopt});
  return {{p}};
}

SaPayload esp_proposal(uint32_t spi) {
  Proposal p{1, ProtocolId::kEsp, {uint8_t(spi >> 24), uint8_t(spi >> 16), uint8_t(spi >> 8), uint8_t(spi)}, {}};
  p.transforms.push_back({TransformType::kEncr, 20, 256});
  p.transforms.push_back({TransformType::kEsn, 0, std::nullopt});
  return {{p}};
}

TsPayload selectors(uint32_t net) {
  return {{{7, 0, 0, 65535, IpAddress::v4(net), IpAddress::v4(net | 0xff)}}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: ikev2_capture DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  std::vector<std::vector<uint8_t>> packets;
  std::vector<report::Ikev2TableEntry> table;
  std::string expected;
  const std::vector<uint8_t> psk = {'j', 'u', 'n', 'i', 'p', 'e', 'r', '1', '2', '3'};
  const IkeSuite suites[] = {IkeSuite{},
                             IkeSuite{EncrId::kAesCbc, 256, PrfId::kHmacSha256, IntegId::kHmacSha256_128, 14}};
  uint8_t seed = 1;
  for (const IkeSuite& suite : suites) {
    const uint64_t spi_i = 0x1000000000000001ull * seed, spi_r = 0x2000000000000002ull * seed;
    auto dh_i = DhKeyPair::generate(suite.dh_group, seeded(64, seed++));
    auto dh_r = DhKeyPair::generate(suite.dh_group, seeded(64, seed++));
    if (!dh_i || !dh_r) return 1;
    const auto ni = seeded(32, seed++), nr = seeded(32, seed++);

    Message init_req;
    init_req.header = {spi_i, 0, ExchangeType::kIkeSaInit, true, false, 0, 0, PayloadType::kNone};
    init_req.payloads = {{PayloadType::kSa, false, ike_proposal(suite)},
                         {PayloadType::kKe, false, KePayload{suite.dh_group, dh_i->public_value()}},
                         {PayloadType::kNonce, false, NoncePayload{ni}}};
    Message init_resp = init_req;
    init_resp.header = {spi_i, spi_r, ExchangeType::kIkeSaInit, false, true, 0, 0, PayloadType::kNone};
    init_resp.payloads[1] = {PayloadType::kKe, false, KePayload{suite.dh_group, dh_r->public_value()}};
    init_resp.payloads[2] = {PayloadType::kNonce, false, NoncePayload{nr}};
    const auto init_req_wire = encode(init_req), init_resp_wire = encode(init_resp);

    const auto g_ir = dh_i->shared_secret(dh_r->public_value());
    if (!g_ir) return 1;
    const IkeSaKeys keys = derive_ike_sa_keys(suite, ni, nr, *g_ir, spi_i, spi_r);
    table.push_back({spi_i, spi_r, suite, keys});

    const IdPayload idi{1, {192, 0, 2, 1}}, idr{2, {'p', 'e', '2', '.', 'e', 'x', 'a', 'm', 'p', 'l', 'e'}};
    const auto auth_i = psk_auth(suite.prf, psk, init_req_wire, nr, keys.sk_pi, idi.body());
    const auto auth_r = psk_auth(suite.prf, psk, init_resp_wire, ni, keys.sk_pr, idr.body());
    Message auth_req;
    auth_req.header = {spi_i, spi_r, ExchangeType::kIkeAuth, true, false, 1, 0, PayloadType::kNone};
    auth_req.protected_by_sk = true;
    auth_req.payloads = {{PayloadType::kIdi, false, idi},
                         {PayloadType::kAuth, false, AuthPayload{2, auth_i}},
                         {PayloadType::kSa, false, esp_proposal(0xc0000001u + seed)},
                         {PayloadType::kTsi, false, selectors(0x0a000000)},
                         {PayloadType::kTsr, false, selectors(0x0a010000)}};
    Message auth_resp = auth_req;
    auth_resp.header = {spi_i, spi_r, ExchangeType::kIkeAuth, false, true, 1, 0, PayloadType::kNone};
    auth_resp.payloads[0] = {PayloadType::kIdr, false, idr};
    auth_resp.payloads[1] = {PayloadType::kAuth, false, AuthPayload{2, auth_r}};
    const SkKeys to_r{suite, keys.sk_ei, keys.sk_ai}, to_i{suite, keys.sk_er, keys.sk_ar};

    packets.push_back(ip_udp(init_req_wire, true));
    packets.push_back(ip_udp(init_resp_wire, false));
    packets.push_back(ip_udp(encode(auth_req, &to_r, 0), true));
    packets.push_back(ip_udp(encode(auth_resp, &to_i, 0), false));
    expected += to_hex(auth_i) + " 192.0.2.1\n";
    expected += to_hex(auth_r) + " " + std::string(idr.data.begin(), idr.data.end()) + "\n";
  }

  std::ofstream pcap(dir + "/ikev2.pcap", std::ios::binary);
  for (uint32_t v : {0xa1b2c3d4u}) put32le(pcap, v);
  const char version[4] = {2, 0, 4, 0};
  pcap.write(version, 4);
  put32le(pcap, 0);
  put32le(pcap, 0);
  put32le(pcap, 65535);
  put32le(pcap, 101);  // LINKTYPE_RAW
  uint32_t t = 1;
  for (const auto& p : packets) {
    put32le(pcap, t++);
    put32le(pcap, 0);
    put32le(pcap, static_cast<uint32_t>(p.size()));
    put32le(pcap, static_cast<uint32_t>(p.size()));
    pcap.write(reinterpret_cast<const char*>(p.data()), static_cast<std::streamsize>(p.size()));
  }
  std::ofstream(dir + "/ikev2_decryption_table") << report::ikev2_decryption_table(table);
  std::ofstream(dir + "/expected.txt") << expected;
  return pcap ? 0 : 1;
}
