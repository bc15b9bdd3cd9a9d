#include "esp_selfcheck.h"

#include <fmt/core.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "crypto/aes_gcm.h"
#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "packet/hex.h"
#include "packet/frame_builder.h"

namespace trio6sim::cli {

namespace {

struct Check {
  std::string name;
  bool ok;
};

// McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B,
// test cases 1 and 2 (AES-128, zero key, zero 96-bit IV).
bool gcm_known_answers() {
  const std::vector<uint8_t> key(16, 0);
  crypto::AesGcm gcm(key);
  std::array<uint8_t, 12> iv{};
  std::array<uint8_t, 16> tag{};
  std::vector<uint8_t> empty;
  if (!gcm.seal(iv, {}, empty, nullptr, tag) || to_hex(tag) != "58e2fccefa7e3061367f1d57a4e7455a") return false;
  std::vector<uint8_t> block(16, 0);
  if (!gcm.seal(iv, {}, block, block.data(), tag)) return false;
  return to_hex(block) == "0388dace60b6a392f328c2b971b2fe78" && to_hex(tag) == "ab6e47d42cec13bdf53a67b21257bddf";
}

// A real IPv4/UDP packet (valid checksums) of `total_bytes`, from the
// packet library's frame builder.
Packet inner_ipv4_udp(std::size_t total_bytes) {
  Packet p;
  FrameSpec spec;
  spec.ethernet = false;  // the packet starts at its IP header
  spec.src_ip = *IpAddress::parse("50.1.1.1");
  spec.dst_ip = *IpAddress::parse("60.1.1.1");
  spec.frame_bytes = total_bytes;
  if (!build_udp_frame(p, spec)) throw std::logic_error("selfcheck: cannot build a packet of that size");
  return p;
}

crypto::SaConfig sa_variant(bool aes256, bool esn, bool v6, bool udp) {
  crypto::SaConfig sa;
  sa.spi = 0x6d0c6331;
  sa.cipher = aes256 ? crypto::EspCipher::kAes256Gcm : crypto::EspCipher::kAes128Gcm;
  sa.key.resize(crypto::key_bytes(sa.cipher));
  for (std::size_t i = 0; i < sa.key.size(); ++i) sa.key[i] = static_cast<uint8_t>(0xa0 + i);
  sa.salt = 0xcafebabe;
  sa.esn = esn;
  sa.replay_window = 4096;
  sa.source = *IpAddress::parse(v6 ? "2001:db8::1" : "13.10.1.1");
  sa.destination = *IpAddress::parse(v6 ? "2001:db8::2" : "13.10.2.2");
  if (udp) sa.udp_encap = crypto::UdpEncapsulation{0, 4501};
  return sa;
}

}  // namespace

int esp_selfcheck(std::ostream& out) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<Check> checks;
  checks.push_back({"AES-GCM known answers (McGrew-Viega test cases 1, 2)", gcm_known_answers()});
  for (int variant = 0; variant < 16; ++variant) {
    const bool aes256 = variant & 1, esn = variant & 2, v6 = variant & 4, udp = variant & 8;
    const auto sa = sa_variant(aes256, esn, v6, udp);
    crypto::OutboundSa tx(sa);
    crypto::InboundSa rx(sa);
    bool ok = true;
    for (std::size_t size : {28u, 29u, 30u, 31u, 1400u}) {  // every pad length 0..3
      Packet original = inner_ipv4_udp(size);
      Packet p = inner_ipv4_udp(size);
      ok = ok && tx.seal(p).has_value() && p.size() > size && rx.open(p).has_value() &&
           std::equal(p.bytes().begin(), p.bytes().end(), original.bytes().begin(), original.bytes().end());
    }
    // A forged packet (one ciphertext bit flipped) and a replay must both fail.
    Packet forged = inner_ipv4_udp(100);
    ok = ok && tx.seal(forged).has_value();
    Packet replay = forged.clone();
    forged.data()[forged.size() - 20] ^= 1;
    ok = ok && rx.open(forged).error() == DropCause::kEspAuthenticationFailure;
    ok = ok && rx.open(replay).has_value();
    Packet again = inner_ipv4_udp(100);
    ok = ok && tx.seal(again, {.sequence = tx.next_sequence() - 1}).has_value();
    ok = ok && rx.open(again).error() == DropCause::kEspReplay;
    checks.push_back({fmt::format("seal/open {} {} outer {}{}", aes256 ? "aes-256-gcm" : "aes-128-gcm",
                                  esn ? "esn" : "32-bit seq", v6 ? "IPv6" : "IPv4", udp ? " udp-encap" : ""),
                      ok});
  }
  int failed = 0;
  for (const auto& c : checks) {
    out << (c.ok ? "  ok    " : "  FAIL  ") << c.name << "\n";
    failed += !c.ok;
  }
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  out << fmt::format("ESP self-check: {} passed, {} failed ({:.1f} ms)\n", checks.size() - failed, failed, ms);
  return failed == 0 ? 0 : 1;
}

}  // namespace trio6sim::cli
