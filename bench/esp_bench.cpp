// ESP seal/open throughput against the raw OpenSSL EVP AES-256-GCM baseline on
// the same bytes, measured in one run. The figures that matter are ratios
// (seal/raw, open/raw), printed after the table: the target is >= 0.9 at
// 1,420 B (issue "Foundation"), i.e. the ESP framing costs under 10%.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "packet/ip_protocol.h"
#include "packet/ipv4.h"
#include "rate_reporter.h"

namespace {

using namespace trio6sim;

constexpr int kSizes[] = {64, 128, 256, 512, 1024, 1420, 9000};

crypto::SaConfig bench_sa() {
  crypto::SaConfig sa;
  sa.spi = 0x6d0c6331;
  sa.cipher = crypto::EspCipher::kAes256Gcm;
  sa.key.assign(32, 0x42);
  sa.salt = 0x01020304;
  sa.esn = true;
  sa.replay_window = 0;  // the open benchmark replays the same packets
  sa.source = *IpAddress::parse("13.10.1.1");
  sa.destination = *IpAddress::parse("13.10.2.2");
  return sa;
}

std::vector<uint8_t> inner_packet(std::size_t bytes) {
  std::vector<uint8_t> v(bytes, 0xab);
  Ipv4Fields f;
  f.total_length = static_cast<uint16_t>(bytes);
  f.protocol = ipproto::kUdp;
  f.src = {50, 1, 1, 1};
  f.dst = {60, 1, 1, 1};
  write_ipv4_header(v.data(), f);
  return v;
}

void BM_EspSeal(benchmark::State& state) {
  const auto inner = inner_packet(static_cast<std::size_t>(state.range(0)));
  crypto::OutboundSa sa(bench_sa());
  Packet p;
  for (auto _ : state) {
    (void)p.assign(inner);
    auto r = sa.seal(p);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(p.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}

void BM_EspOpen(benchmark::State& state) {
  const auto inner = inner_packet(static_cast<std::size_t>(state.range(0)));
  crypto::OutboundSa tx(bench_sa());
  Packet sealed;
  (void)sealed.assign(inner);
  if (!tx.seal(sealed)) state.SkipWithError("seal failed");
  const std::vector<uint8_t> outer(sealed.bytes().begin(), sealed.bytes().end());
  crypto::InboundSa rx(bench_sa());
  Packet p;
  for (auto _ : state) {
    (void)p.assign(outer);
    auto r = rx.open(p);
    if (!r) state.SkipWithError("open failed");
    benchmark::DoNotOptimize(p.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}

// The raw baseline: EVP AES-256-GCM keyed once, per packet a new 12-byte
// nonce, 12 bytes of AAD, in-place encryption of the same byte count and the
// tag, plus the same copy of the input that the ESP benchmarks make.
struct RawGcm {
  EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  RawGcm(bool encrypt) {
    const std::vector<uint8_t> key(32, 0x42);
    if (encrypt) EVP_EncryptInit_ex2(ctx, cipher, key.data(), nullptr, nullptr);
    else EVP_DecryptInit_ex2(ctx, cipher, key.data(), nullptr, nullptr);
  }
  ~RawGcm() {
    EVP_CIPHER_CTX_free(ctx);
    EVP_CIPHER_free(cipher);
  }
};

void BM_EvpGcmEncrypt(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  const auto input = inner_packet(n);
  std::vector<uint8_t> buf(n + 16);
  uint8_t nonce[12] = {1, 2, 3, 4}, aad[12] = {}, tag[16];
  RawGcm g(true);
  uint64_t seq = 0;
  for (auto _ : state) {
    std::memcpy(buf.data(), input.data(), n);
    std::memcpy(nonce + 4, &++seq, 8);
    int len;
    EVP_EncryptInit_ex2(g.ctx, nullptr, nullptr, nonce, nullptr);
    EVP_EncryptUpdate(g.ctx, nullptr, &len, aad, sizeof aad);
    EVP_EncryptUpdate(g.ctx, buf.data(), &len, buf.data(), static_cast<int>(n));
    EVP_EncryptFinal_ex(g.ctx, buf.data() + n, &len);
    EVP_CIPHER_CTX_ctrl(g.ctx, EVP_CTRL_GCM_GET_TAG, 16, tag);
    benchmark::DoNotOptimize(tag);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}

void BM_EvpGcmDecrypt(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  const auto plain = inner_packet(n);
  uint8_t nonce[12] = {1, 2, 3, 4}, aad[12] = {}, tag[16];
  std::vector<uint8_t> sealed(n), buf(n);
  {
    RawGcm e(true);
    int len;
    EVP_EncryptInit_ex2(e.ctx, nullptr, nullptr, nonce, nullptr);
    EVP_EncryptUpdate(e.ctx, nullptr, &len, aad, sizeof aad);
    EVP_EncryptUpdate(e.ctx, sealed.data(), &len, plain.data(), static_cast<int>(n));
    EVP_EncryptFinal_ex(e.ctx, sealed.data() + n, &len);
    EVP_CIPHER_CTX_ctrl(e.ctx, EVP_CTRL_GCM_GET_TAG, 16, tag);
  }
  RawGcm g(false);
  for (auto _ : state) {
    std::memcpy(buf.data(), sealed.data(), n);
    int len;
    EVP_DecryptInit_ex2(g.ctx, nullptr, nullptr, nonce, nullptr);
    EVP_DecryptUpdate(g.ctx, nullptr, &len, aad, sizeof aad);
    EVP_DecryptUpdate(g.ctx, buf.data(), &len, buf.data(), static_cast<int>(n));
    EVP_CIPHER_CTX_ctrl(g.ctx, EVP_CTRL_GCM_SET_TAG, 16, tag);
    if (EVP_DecryptFinal_ex(g.ctx, buf.data() + n, &len) != 1) state.SkipWithError("tag mismatch");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}

void sizes(benchmark::internal::Benchmark* b) {
  for (int s : kSizes) b->Arg(s);
}

BENCHMARK(BM_EspSeal)->Apply(sizes);
BENCHMARK(BM_EvpGcmEncrypt)->Apply(sizes);
BENCHMARK(BM_EspOpen)->Apply(sizes);
BENCHMARK(BM_EvpGcmDecrypt)->Apply(sizes);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  trio6sim::bench::RateReporter reporter("bytes_per_second");
  benchmark::RunSpecifiedBenchmarks(&reporter);
  std::printf("\n%8s %12s %12s %12s %12s %10s %10s\n", "bytes", "seal GB/s", "raw enc GB/s", "open GB/s",
              "raw dec GB/s", "seal/raw", "open/raw");
  bool target_met = true, any = false;
  for (int s : kSizes) {
    const std::string n = "/" + std::to_string(s);
    auto get = [&](const char* bm) { return reporter.get(bm + n); };
    const double seal = get("BM_EspSeal"), enc = get("BM_EvpGcmEncrypt");
    const double open = get("BM_EspOpen"), dec = get("BM_EvpGcmDecrypt");
    if (enc == 0 || dec == 0 || seal == 0 || open == 0) continue;
    any = true;
    std::printf("%8d %12.3f %12.3f %12.3f %12.3f %10.3f %10.3f\n", s, seal / 1e9, enc / 1e9, open / 1e9, dec / 1e9,
                seal / enc, open / dec);
    if (s == 1420) target_met = seal / enc >= 0.9 && open / dec >= 0.9;
  }
  if (any) std::printf("target (seal/raw and open/raw >= 0.9 at 1420 B): %s\n", target_met ? "met" : "NOT MET");
  benchmark::Shutdown();
  return 0;
}
