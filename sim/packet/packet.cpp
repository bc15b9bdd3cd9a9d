#include "packet.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace trio6sim {

Packet::Packet(std::size_t capacity, std::size_t headroom)
    // Zeroed once when made, never per use: bytes a user leaves unwritten
    // (a generator's payload) then depend only on the run, never on the heap,
    // so a seed reproduces every byte of a capture.
    : buf_(new uint8_t[capacity]()), cap_(capacity), head_(std::min(headroom, capacity)) {}

Packet Packet::clone() const {
  Packet c(cap_, head_);
  c.len_ = len_;
  if (len_ > 0) std::memcpy(c.data(), data(), len_);
  c.meta = meta;
  return c;
}

void Packet::reset(std::size_t headroom) {
  head_ = std::min(headroom, cap_);
  len_ = 0;
  meta = PacketMeta{};
}

bool Packet::assign(std::span<const uint8_t> bytes, std::size_t headroom) {
  if (headroom > cap_ || bytes.size() > cap_ - headroom) return false;
  head_ = headroom;
  len_ = bytes.size();
  if (!bytes.empty()) std::memcpy(data(), bytes.data(), bytes.size());
  return true;
}

uint8_t* Packet::push_front(std::size_t n) {
  if (n > head_) return nullptr;
  head_ -= n;
  len_ += n;
  return data();
}

bool Packet::pull_front(std::size_t n) {
  if (n > len_) return false;
  head_ += n;
  len_ -= n;
  return true;
}

uint8_t* Packet::push_back(std::size_t n) {
  if (n > tailroom()) return nullptr;
  uint8_t* p = data() + len_;
  len_ += n;
  return p;
}

bool Packet::trim_back(std::size_t n) {
  if (n > len_) return false;
  len_ -= n;
  return true;
}

PacketPool::~PacketPool() {
  for (auto& list : free_)
    for (Packet* p : list) delete p;
}

std::size_t PacketPool::available() const {
  std::size_t n = 0;
  for (const auto& list : free_) n += list.size();
  return n;
}

std::size_t PacketPool::class_of_bytes(std::size_t bytes) {
  const std::size_t need = Packet::kDefaultHeadroom + std::min(bytes, kMaxBytes) + kTailroom;
  std::size_t c = 0;
  while (kClassCapacity[c] < need) ++c;  // the last class holds kMaxBytes
  return c;
}

void PacketPool::release(Packet* p) {
  p->settle();  // no other thread may still write a packet the pool hands out again
  for (std::size_t c = 0; c < kClassCapacity.size(); ++c)
    if (kClassCapacity[c] == p->capacity()) {
      free_[c].push_back(p);
      return;
    }
  delete p;  // a buffer some caller swapped in, of no class: not kept
}

PacketPool::Ptr PacketPool::acquire(std::size_t bytes) {
  const std::size_t c = class_of_bytes(bytes);
  auto& list = free_[c];
  Packet* p;
  if (list.empty()) {
    p = new Packet(kClassCapacity[c]);
    ++allocated_;
    allocated_bytes_ += kClassCapacity[c];
  } else {
    p = list.back();
    list.pop_back();
    p->reset();
  }
  return Ptr(p, Releaser{this});
}

}  // namespace trio6sim
