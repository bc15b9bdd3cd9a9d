// The inbound anti-replay window of RFC 4303 section 3.4.3, with the
// extended-sequence-number inference of its Appendix A2.2. The bitmap is a
// ring of 64-bit words indexed by sequence number (RFC 6479), so advancing the
// window clears whole words instead of shifting 4,096 bits per packet.
#pragma once

#include <array>
#include <cstdint>

namespace trio6sim::crypto {

class ReplayWindow {
 public:
  // Inline IPsec on Trio 6 accepts windows up to 4,096 packets [T].
  static constexpr uint32_t kMaxSize = 4096;

  // size 0 disables replay checking (the window still tracks the highest
  // sequence number so that ESN high bits can be inferred). `top` is the
  // highest 64-bit sequence number already received (0: none yet).
  explicit ReplayWindow(uint32_t size = 64, uint64_t top = 0);

  uint32_t size() const { return size_; }
  uint64_t top() const { return top_; }

  // The full 64-bit sequence number a packet with low-order bits `seq_low`
  // most plausibly carries, given the window (RFC 4303 A2.2). A disabled
  // window infers the nearest epoch (as a window of 2^31 would). Where A2.2
  // would place the packet before epoch 0 (case B with a top in epoch 0),
  // the packet can only be ahead in epoch 0, and is placed there: a fresh
  // receiver must accept 0xfffffff0 from a sender that starts there.
  uint64_t infer_esn(uint32_t seq_low) const;

  // The 64-bit sequence numbers to try for a packet, most plausible first.
  // Without ESN, the low bits themselves. With ESN and a window, the one
  // infer_esn() gives. With ESN and anti-replay off, the inferred one and
  // then the other epochs next to top's: the receiver does no replay check
  // (RFC 4303 3.4.3) but still needs the high bits for the ICV (RFC 4303
  // 2.2.1), and since no window is there to say which epoch a packet is
  // in, it tries each until the ICV verifies (as Appendix A3 does to
  // resynchronise). Any window's inference lands in one of these three
  // epochs, so "off" accepts every packet a window of any size accepts.
  struct Candidates {
    std::array<uint64_t, 3> seq{};
    uint8_t count = 0;
  };
  Candidates candidates(uint32_t seq_low, bool esn) const;

  // Pre-check, before the ICV is verified: true if `seq` is new and inside or
  // ahead of the window. Never changes state.
  bool check(uint64_t seq) const;

  // Marks `seq` received; call only after the ICV verified (RFC 4303 3.4.3),
  // so that a forged packet can never move the window.
  void update(uint64_t seq);

 private:
  // 4,096 bits of window plus one word of slack, rounded to a power of two.
  static constexpr uint32_t kWords = 128;
  static constexpr uint32_t kBits = kWords * 64;
  bool test_bit(uint64_t seq) const { return (bits_[(seq / 64) % kWords] >> (seq % 64)) & 1; }

  uint32_t size_;
  uint64_t top_;
  std::array<uint64_t, kWords> bits_{};
};

}  // namespace trio6sim::crypto
