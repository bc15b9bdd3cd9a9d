#include "forwarding_table.h"

#include <algorithm>

#include "packet/bytes.h"

namespace trio6sim::models {

RouteTable::Key RouteTable::masked(const uint8_t* address, int length) const {
  if (bits_ == 32) {  // IPv4: one 32-bit mask
    const uint32_t mask = length == 0 ? 0 : ~uint32_t{0} << (32 - length);
    return Key{uint64_t{load_be32(address) & mask} << 32, 0};
  }
  Key k{0, 0};
  const int bytes = bits_ / 8;
  for (int i = 0; i < bytes; ++i) {
    const int bit0 = i * 8;
    uint8_t b = address[i];
    if (bit0 >= length) b = 0;
    else if (bit0 + 8 > length) b = static_cast<uint8_t>(b & (0xff << (8 - (length - bit0))));
    k[i / 8] |= uint64_t{b} << (56 - 8 * (i % 8));
  }
  return k;
}

void RouteTable::add(const uint8_t* prefix, int length, const NextHop& nh) {
  auto& m = by_length_[length];
  auto [it, inserted] = m.insert_or_assign(masked(prefix, length), nh);
  (void)it;
  if (inserted) ++count_;
  if (std::find(lengths_.begin(), lengths_.end(), length) == lengths_.end()) {
    lengths_.push_back(length);
    std::sort(lengths_.begin(), lengths_.end(), std::greater<>());
  }
}

bool RouteTable::remove(const uint8_t* prefix, int length) {
  if (length < 0 || length > bits_) return false;
  if (by_length_[length].erase(masked(prefix, length)) == 0) return false;
  --count_;
  if (by_length_[length].empty()) lengths_.erase(std::find(lengths_.begin(), lengths_.end(), length));
  return true;
}

const NextHop* RouteTable::lookup(const uint8_t* address) const {
  for (int length : lengths_) {
    const auto& m = by_length_[length];
    auto it = m.find(masked(address, length));
    if (it != m.end()) return &it->second;
  }
  return nullptr;
}

std::optional<int> ForwardingState::egress_port(IfIndex ifl, uint32_t flow_hash, IfIndex* member) const {
  const Interface* i = find(ifl);
  if (!i) return std::nullopt;
  if (i->kind == InterfaceKind::kPhysical) {
    if (member) *member = ifl;
    return i->port;
  }
  if (i->kind == InterfaceKind::kAggregate && !i->members.empty()) {
    // Per-flow hashing over the members keeps a flow on one link.
    const IfIndex m = i->members[flow_hash % i->members.size()];
    if (member) *member = m;
    const Interface* mi = find(m);
    if (mi) return mi->port;
  }
  return std::nullopt;
}

}  // namespace trio6sim::models
