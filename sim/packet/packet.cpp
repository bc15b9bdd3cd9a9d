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
  for (Packet* p : free_) delete p;
}

void PacketPool::release(Packet* p) {
  p->settle();  // no other thread may still write a packet the pool hands out again
  free_.push_back(p);
}

PacketPool::Ptr PacketPool::acquire() {
  Packet* p;
  if (free_.empty()) {
    p = new Packet(packet_capacity_);
    ++allocated_;
  } else {
    p = free_.back();
    free_.pop_back();
    p->reset();
  }
  return Ptr(p, Releaser{this});
}

}  // namespace trio6sim
