// Simulated packets per wall-clock second through one Trio6 chip (the time
// of sc_start() only; building the chip is not counted), clear and IPsec, at
// 64 B and 1,420 B, with and without the cipher, and from 1 to 2,000 tunnels;
// plus the raw OpenSSL AES-256-GCM packet rate at 1,420 B measured in this
// binary. The figures that matter are ratios, printed after the table:
//   clear 64 B               >= 1 M simulated packets per second
//   IPsec 1,420 B with cipher on 2 threads / raw AES-GCM   >= 1.3 (issue 20)
//   (the same on 1 thread, the synchronous cipher, printed beside it)
//   cost per packet, 1,000 and 2,000 tunnels / 2 tunnels     within 20%
// (2,000 is the chip's limit and the blog's scale test, issue 10).
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <cstdio>
#include <string>
#include <vector>

#include "models/probe.h"
#include "models/units.h"
#include "rate_reporter.h"

namespace {

using namespace trio6sim::models;

void BM_Chip(benchmark::State& state, ProbeDirection direction, uint32_t frame, bool cipher, uint32_t tunnels,
             double gbps, uint64_t duration_us, int slices = 1, unsigned cipher_threads = 1) {
  ProbeConfig c;
  c.slices = slices;
  c.params.ipsec.cipher_threads = cipher_threads;  // 1: the synchronous cipher
  c.direction = direction;
  c.frame_bytes = {frame};
  c.timing_only = !cipher;
  c.tunnels = tunnels;
  c.offered_gbps = gbps;
  c.duration_ps = duration_us * kPsPerUs;
  double packets = 0;
  for (auto _ : state) {
    const ProbeResult r = run_probe(c);
    if (!r.conserved) state.SkipWithError("conservation violated");
    state.SetIterationTime(r.run_wall_seconds);
    packets += static_cast<double>(r.offered_packets);
  }
  state.counters["packets_per_second"] = benchmark::Counter(packets, benchmark::Counter::kIsRate);
}

// Below the IPsec capacity (300 Gbps per slice), so every packet is processed.
constexpr double kIpsecGbps = 250;

BENCHMARK_CAPTURE(BM_Chip, clear_64, ProbeDirection::kClear, 64, false, 1, 400, 200)->UseManualTime();
BENCHMARK_CAPTURE(BM_Chip, clear_1420, ProbeDirection::kClear, 1420, false, 1, 400, 2000)->UseManualTime();
BENCHMARK_CAPTURE(BM_Chip, ipsec_64_timing_only, ProbeDirection::kEncrypt, 64, false, 1, 100, 200)->UseManualTime();
BENCHMARK_CAPTURE(BM_Chip, ipsec_64_cipher, ProbeDirection::kEncrypt, 64, true, 1, 100, 200)->UseManualTime();
BENCHMARK_CAPTURE(BM_Chip, ipsec_1420_timing_only, ProbeDirection::kEncrypt, 1420, false, 1, kIpsecGbps, 2000)->UseManualTime();
BENCHMARK_CAPTURE(BM_Chip, ipsec_1420_cipher, ProbeDirection::kEncrypt, 1420, true, 1, kIpsecGbps, 2000)->UseManualTime();
// The cipher on worker threads (crypto/cipher_pool.h): 2 threads, the simulation's included.
BENCHMARK_CAPTURE(BM_Chip, ipsec_1420_cipher_threads_2, ProbeDirection::kEncrypt, 1420, true, 1, kIpsecGbps, 2000, 1, 2)
    ->UseManualTime();
// Tunnel scaling: both slices (an engine holds up to 1,000 tunnels), 2 to 2,000 tunnels.
BENCHMARK_CAPTURE(BM_Chip, ipsec_1420_cipher_tunnels_2, ProbeDirection::kEncrypt, 1420, true, 2, 2 * kIpsecGbps, 1000, 2)->UseManualTime();
BENCHMARK_CAPTURE(BM_Chip, ipsec_1420_cipher_tunnels_100, ProbeDirection::kEncrypt, 1420, true, 100, 2 * kIpsecGbps,
                  1000, 2)
    ->UseManualTime();
BENCHMARK_CAPTURE(BM_Chip, ipsec_1420_timing_only_tunnels_2, ProbeDirection::kEncrypt, 1420, false, 2, 2 * kIpsecGbps,
                  1000, 2)
    ->UseManualTime();
BENCHMARK_CAPTURE(BM_Chip, ipsec_1420_timing_only_tunnels_1000, ProbeDirection::kEncrypt, 1420, false, 1000,
                  2 * kIpsecGbps, 1000, 2)
    ->UseManualTime();
BENCHMARK_CAPTURE(BM_Chip, ipsec_1420_cipher_tunnels_1000, ProbeDirection::kEncrypt, 1420, true, 1000, 2 * kIpsecGbps,
                  1000, 2)
    ->UseManualTime();
BENCHMARK_CAPTURE(BM_Chip, ipsec_1420_timing_only_tunnels_2000, ProbeDirection::kEncrypt, 1420, false, 2000,
                  2 * kIpsecGbps, 1000, 2)
    ->UseManualTime();
BENCHMARK_CAPTURE(BM_Chip, ipsec_1420_cipher_tunnels_2000, ProbeDirection::kEncrypt, 1420, true, 2000, 2 * kIpsecGbps,
                  1000, 2)
    ->UseManualTime();

// The raw cipher: EVP AES-256-GCM keyed once, a fresh nonce, 8 B of AAD and
// the payload encrypted in place per packet, the tag read out.
void BM_RawAesGcm(benchmark::State& state) {
  const std::size_t n = static_cast<std::size_t>(state.range(0));
  std::vector<uint8_t> buf(n, 0x5a), key(32, 0x42);
  uint8_t nonce[12] = {9, 9, 9, 9}, aad[8] = {}, tag[16];
  EVP_CIPHER* cipher = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex2(ctx, cipher, key.data(), nullptr, nullptr);
  uint64_t seq = 0;
  for (auto _ : state) {
    int len;
    ++seq;
    std::memcpy(nonce + 4, &seq, 8);
    EVP_EncryptInit_ex2(ctx, nullptr, nullptr, nonce, nullptr);
    EVP_EncryptUpdate(ctx, nullptr, &len, aad, sizeof aad);
    EVP_EncryptUpdate(ctx, buf.data(), &len, buf.data(), static_cast<int>(n));
    EVP_EncryptFinal_ex(ctx, buf.data() + n, &len);
    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag);
    benchmark::DoNotOptimize(tag);
  }
  EVP_CIPHER_CTX_free(ctx);
  EVP_CIPHER_free(cipher);
  state.counters["packets_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RawAesGcm)->Arg(1420);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  trio6sim::bench::RateReporter reporter("packets_per_second");
  benchmark::RunSpecifiedBenchmarks(&reporter);
  const double clear64 = reporter.get_prefix("BM_Chip/clear_64");
  const double cipher = reporter.get_prefix("BM_Chip/ipsec_1420_cipher/");
  const double cipher2 = reporter.get_prefix("BM_Chip/ipsec_1420_cipher_threads_2/");
  const double raw = reporter.get_prefix("BM_RawAesGcm/1420");
  const double t1 = reporter.get_prefix("BM_Chip/ipsec_1420_cipher_tunnels_2/");
  const double t1000 = reporter.get_prefix("BM_Chip/ipsec_1420_cipher_tunnels_1000");
  const double t2000 = reporter.get_prefix("BM_Chip/ipsec_1420_cipher_tunnels_2000");
  const double m2 = reporter.get_prefix("BM_Chip/ipsec_1420_timing_only_tunnels_2/");
  const double m1000 = reporter.get_prefix("BM_Chip/ipsec_1420_timing_only_tunnels_1000");
  const double m2000 = reporter.get_prefix("BM_Chip/ipsec_1420_timing_only_tunnels_2000");
  std::printf("\nratios (one run, this binary):\n");
  if (clear64 > 0)
    std::printf("  clear 64 B simulated packets/s          %12.0f  target >= 1e6   %s\n", clear64,
                clear64 >= 1e6 ? "met" : "NOT MET");
  if (cipher > 0 && raw > 0)
    std::printf("  IPsec 1420 B with cipher / raw AES-GCM  %12.3f  (1 thread, synchronous)\n", cipher / raw);
  if (cipher2 > 0 && raw > 0)
    std::printf("  same, cipher on 2 threads / raw AES-GCM %12.3f  target >= 1.3   %s\n", cipher2 / raw,
                cipher2 / raw >= 1.3 ? "met" : "NOT MET");
  if (t1 > 0 && t1000 > 0)
    std::printf("  cost per packet, 1000 / 2 tunnels       %12.3f  target 0.8..1.2 %s\n", t1 / t1000,
                t1 / t1000 >= 0.8 && t1 / t1000 <= 1.2 ? "met" : "NOT MET");
  if (m2 > 0 && m1000 > 0)
    std::printf("  same without the cipher (timing-only)   %12.3f  target 0.8..1.2 %s\n", m2 / m1000,
                m2 / m1000 >= 0.8 && m2 / m1000 <= 1.2 ? "met" : "NOT MET");
  if (t1 > 0 && t2000 > 0)
    std::printf("  cost per packet, 2000 / 2 tunnels       %12.3f  target 0.8..1.2 %s\n", t1 / t2000,
                t1 / t2000 >= 0.8 && t1 / t2000 <= 1.2 ? "met" : "NOT MET");
  if (m2 > 0 && m2000 > 0)
    std::printf("  same without the cipher (timing-only)   %12.3f  target 0.8..1.2 %s\n", m2 / m2000,
                m2 / m2000 >= 0.8 && m2 / m2000 <= 1.2 ? "met" : "NOT MET");
  return 0;
}
