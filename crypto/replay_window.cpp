#include "replay_window.h"

#include <stdexcept>

namespace trio6sim::crypto {

ReplayWindow::ReplayWindow(uint32_t size, uint64_t top) : size_(size), top_(top) {
  if (size > kMaxSize) throw std::invalid_argument("anti-replay window larger than 4096");
  // Everything at or below `top` inside the window is unknown after a restart
  // from a saved top; treat it as received, the conservative choice.
  if (top > 0) {
    const uint64_t lowest = top >= size_ ? top - size_ + 1 : 1;
    for (uint64_t s = lowest; s <= top && size_ > 0; ++s) bits_[(s / 64) % kWords] |= uint64_t{1} << (s % 64);
  }
}

uint64_t ReplayWindow::infer_esn(uint32_t seq_low) const {
  // With the window disabled, infer across half the 32-bit space: the nearest
  // epoch wins.
  const uint64_t w = size_ > 0 ? size_ : (uint64_t{1} << 31);
  const uint32_t tl = static_cast<uint32_t>(top_);
  const uint64_t th = top_ >> 32;
  uint64_t seq_high;
  if (uint64_t{tl} + 1 >= w) {  // Case A: the window lies within one epoch
    seq_high = seq_low >= tl - (w - 1) ? th : th + 1;
  } else {  // Case B: the window spans the previous epoch's end
    const uint32_t bottom = static_cast<uint32_t>(uint64_t{tl} - w + 1);  // wraps mod 2^32
    // No epoch before the first: low bits in the would-be previous epoch's
    // part of the window are ahead of top in epoch 0.
    if (seq_low >= bottom && th > 0) seq_high = th - 1;
    else seq_high = th;
  }
  return (seq_high << 32) | seq_low;
}

ReplayWindow::Candidates ReplayWindow::candidates(uint32_t seq_low, bool esn) const {
  Candidates c;
  if (!esn) {
    c.seq[c.count++] = seq_low;
    return c;
  }
  const uint64_t first = infer_esn(seq_low);
  c.seq[c.count++] = first;
  if (size_ > 0) return c;
  const uint64_t th = top_ >> 32;
  constexpr uint64_t kLastEpoch = 0xffffffffull;
  for (const uint64_t epoch : {th, th + 1, th - 1}) {
    if ((epoch == th - 1 && th == 0) || (epoch == th + 1 && th == kLastEpoch)) continue;
    const uint64_t seq = (epoch << 32) | seq_low;
    if (seq != first) c.seq[c.count++] = seq;
  }
  return c;
}

bool ReplayWindow::check(uint64_t seq) const {
  if (seq == 0) return false;  // sequence numbers start at 1 (RFC 4303 3.3.3)
  if (size_ == 0 || seq > top_) return true;
  if (top_ - seq >= size_) return false;  // older than the window
  return !test_bit(seq);
}

void ReplayWindow::update(uint64_t seq) {
  if (seq > top_) {
    // Clear the words the window slides over, at most the whole ring.
    const uint64_t old_word = top_ / 64;
    const uint64_t new_word = seq / 64;
    const uint64_t steps = new_word - old_word;
    if (steps >= kWords) {
      bits_.fill(0);
    } else {
      for (uint64_t w = old_word + 1; w <= new_word; ++w) bits_[w % kWords] = 0;
    }
    top_ = seq;
  }
  bits_[(seq / 64) % kWords] |= uint64_t{1} << (seq % 64);
}

}  // namespace trio6sim::crypto
