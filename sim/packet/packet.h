// A packet: one contiguous byte buffer with headroom in front and tailroom
// behind (like an mbuf or an skb), so that encapsulation prepends headers and
// appends trailers in place, without copying the payload. Plus the metadata
// the chip model carries alongside the bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "drop_cause.h"
#include "pending_write.h"

namespace trio6sim {

struct PacketMeta {
  uint64_t id = 0;              // unique per run, assigned by the generator
  uint32_t stream_id = 0;       // traffic stream the packet belongs to
  uint64_t created_ps = 0;      // simulated time the first bit entered the chip (ps)
  uint64_t sent_ps = 0;         // when a scenario's traffic generator sent the first bit: end-to-end
                                // latency across devices (created_ps restarts at every chip)
  uint64_t timestamp_ps = 0;    // simulated time of the latest event on the packet (ps)
  uint16_t ingress_port = 0;    // WAN port it arrived on
  uint32_t flow_hash = 0;       // 5-tuple hash (inner fields where the hardware uses them)
  uint32_t l2_length = 0;       // bytes of L2 header in front of L3 (0 when data() starts at L3)
  DropCause drop_cause = DropCause::kNone;
};

class Packet {
 public:
  // Headroom for the deepest encapsulation we build: Ethernet + 2 VLAN tags +
  // 4 MPLS labels + IPv6 + UDP + ESP header + IV = 14+8+16+40+8+8+8 = 102 B.
  static constexpr std::size_t kDefaultHeadroom = 128;
  // Room for a 9,216 B jumbo frame plus ESP trailer, ICV and the headroom.
  static constexpr std::size_t kDefaultCapacity = 9216 + 256 + kDefaultHeadroom;

  explicit Packet(std::size_t capacity = kDefaultCapacity, std::size_t headroom = kDefaultHeadroom);
  Packet(Packet&&) noexcept = default;
  Packet& operator=(Packet&&) noexcept = default;
  // No implicit copies: packets move through the model. clone() is the
  // explicit deep copy (same capacity, headroom, bytes and metadata).
  Packet(const Packet&) = delete;
  Packet& operator=(const Packet&) = delete;
  Packet clone() const;

  // Empties the packet; data() then starts `headroom` bytes into the buffer.
  void reset(std::size_t headroom = kDefaultHeadroom);
  // Replaces the contents with `bytes`. Returns false (packet unchanged) when
  // headroom + bytes do not fit the capacity.
  [[nodiscard]] bool assign(std::span<const uint8_t> bytes, std::size_t headroom = kDefaultHeadroom);

  uint8_t* data() { return buf_.get() + head_; }
  const uint8_t* data() const { return buf_.get() + head_; }
  std::size_t size() const { return len_; }
  bool empty() const { return len_ == 0; }
  std::span<uint8_t> bytes() { return {data(), len_}; }
  std::span<const uint8_t> bytes() const { return {data(), len_}; }

  std::size_t headroom() const { return head_; }
  std::size_t tailroom() const { return cap_ - head_ - len_; }
  std::size_t capacity() const { return cap_; }

  // Grows the packet at the front by n bytes; returns the new data() or
  // nullptr when the headroom is too small (the packet is then unchanged).
  [[nodiscard]] uint8_t* push_front(std::size_t n);
  // Removes n bytes from the front; false when n > size().
  [[nodiscard]] bool pull_front(std::size_t n);
  // Grows the packet at the back by n bytes; returns a pointer to the new
  // bytes or nullptr when the tailroom is too small.
  [[nodiscard]] uint8_t* push_back(std::size_t n);
  // Removes n bytes from the back; false when n > size().
  [[nodiscard]] bool trim_back(std::size_t n);

  PacketMeta meta;

  // Bytes still being written on another thread (pending_write.h): the
  // first reader of the bytes settles them. Sizes and metadata are final.
  void set_pending(PendingWrite* writer, uint64_t stamp) {
    pending_ = writer;
    pending_stamp_ = stamp;
  }
  bool pending() const { return pending_ != nullptr; }
  void settle() {
    if (pending_) [[unlikely]] {
      PendingWrite* writer = pending_;
      pending_ = nullptr;
      writer->settle(pending_stamp_);
    }
  }

 private:
  std::unique_ptr<uint8_t[]> buf_;
  std::size_t cap_;
  std::size_t head_;
  std::size_t len_ = 0;
  PendingWrite* pending_ = nullptr;
  uint64_t pending_stamp_ = 0;
};

// Free lists of packets, so that the hot path never allocates: a released
// packet returns to its pool. The pool must outlive every packet it handed out.
//
// Buffers come in size classes, so a packet's buffer fits its frame: a 64 B
// frame takes a 512 B buffer, not the 9.6 kB of a jumbo frame (the full
// chassis held 1,161 packets of 512 B frames in 11 MB at its peak). A class
// holds the default headroom, the bytes asked for and kTailroom behind them,
// so every encapsulation the model applies to a packet fits the class it was
// acquired in: fronts go into the headroom, ESP's pad, pad length, next
// header and ICV (at most 3 + 2 + 16 B with AES-GCM's 4 B alignment) into
// the tailroom.
class PacketPool {
 public:
  struct Releaser {
    PacketPool* pool = nullptr;
    void operator()(Packet* p) const { pool->release(p); }
  };
  using Ptr = std::unique_ptr<Packet, Releaser>;

  // Room kept behind the bytes asked for (ESP's trailer and ICV, with margin).
  static constexpr std::size_t kTailroom = 256;
  // The most a packet holds: a 9,216 B jumbo frame (Packet::kDefaultCapacity).
  static constexpr std::size_t kMaxBytes = Packet::kDefaultCapacity - Packet::kDefaultHeadroom - kTailroom;
  // Buffer sizes of the classes, smallest first; the last is Packet's default.
  static constexpr std::array<std::size_t, 3> kClassCapacity{512, 2048, Packet::kDefaultCapacity};

  PacketPool() = default;
  ~PacketPool();
  PacketPool(const PacketPool&) = delete;
  PacketPool& operator=(const PacketPool&) = delete;

  // A reset packet (empty, default headroom, zeroed metadata) whose buffer
  // holds at least `bytes` (at most kMaxBytes) behind the default headroom,
  // with kTailroom to spare. A packet whose size is not known when it is
  // made asks for kMaxBytes.
  Ptr acquire(std::size_t bytes = kMaxBytes);
  std::size_t allocated() const { return allocated_; }
  std::size_t available() const;
  // Buffer bytes the pool has made (every class, handed out or free).
  std::size_t allocated_bytes() const { return allocated_bytes_; }

 private:
  static std::size_t class_of_bytes(std::size_t bytes);
  // Out of line on purpose: a Ptr's destructor then inlines to a null test,
  // which is all it does for the many moved-from Ptrs of the hand-offs.
  void release(Packet* p);
  std::size_t allocated_ = 0;
  std::size_t allocated_bytes_ = 0;
  std::array<std::vector<Packet*>, kClassCapacity.size()> free_;
};

using PacketPtr = PacketPool::Ptr;

}  // namespace trio6sim
