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

const RouteTable::Slot* RouteTable::find(const LengthTable& t, const Key& k) {
  if (t.slots.empty()) return nullptr;
  const std::size_t mask = t.slots.size() - 1;
  for (std::size_t i = hash(k) & mask;; i = (i + 1) & mask) {
    const Slot& s = t.slots[i];
    if (!s.used) return nullptr;
    // Word by word: std::array's == on two words compiles to a memcmp call.
    if (s.key[0] == k[0] && s.key[1] == k[1]) return &s;
  }
}

void RouteTable::insert(LengthTable& t, const Key& k, const NextHop& nh) {
  if ((t.count + 1) * 2 > t.slots.size()) {  // grow, keeping at most half full
    std::vector<Slot> old = std::move(t.slots);
    t.slots.assign(old.empty() ? 16 : old.size() * 2, Slot{});
    t.count = 0;
    for (const Slot& s : old)
      if (s.used) insert(t, s.key, s.next_hop);
  }
  const std::size_t mask = t.slots.size() - 1;
  for (std::size_t i = hash(k) & mask;; i = (i + 1) & mask) {
    Slot& s = t.slots[i];
    if (!s.used) {
      s = Slot{k, nh, true};
      ++t.count;
      return;
    }
    if (s.key == k) {
      s.next_hop = nh;
      return;
    }
  }
}

void RouteTable::add(const uint8_t* prefix, int length, const NextHop& nh) {
  LengthTable& t = by_length_[length];
  const std::size_t before = t.count;
  insert(t, masked(prefix, length), nh);
  count_ += t.count - before;
  if (std::find(lengths_.begin(), lengths_.end(), length) == lengths_.end()) {
    lengths_.push_back(length);
    std::sort(lengths_.begin(), lengths_.end(), std::greater<>());
  }
}

bool RouteTable::remove(const uint8_t* prefix, int length) {
  if (length < 0 || length > bits_) return false;
  LengthTable& t = by_length_[length];
  const Key k = masked(prefix, length);
  if (!find(t, k)) return false;
  // Removal is rare (firmware, not packets): rebuild the table without it.
  std::vector<Slot> old = std::move(t.slots);
  t = LengthTable{};
  for (const Slot& s : old)
    if (s.used && s.key != k) insert(t, s.key, s.next_hop);
  --count_;
  if (t.count == 0) lengths_.erase(std::find(lengths_.begin(), lengths_.end(), length));
  return true;
}

const NextHop* RouteTable::lookup(const uint8_t* address) const {
  if (bits_ == 32) {  // IPv4: the address loaded once, each length's key one mask (as masked() builds it)
    const uint32_t a = load_be32(address);
    for (int length : lengths_) {
      const uint32_t mask = length == 0 ? 0 : ~uint32_t{0} << (32 - length);
      if (const Slot* s = find(by_length_[length], Key{uint64_t{a & mask} << 32, 0})) return &s->next_hop;
    }
    return nullptr;
  }
  for (int length : lengths_) {
    if (const Slot* s = find(by_length_[length], masked(address, length))) return &s->next_hop;
  }
  return nullptr;
}

std::optional<int> ForwardingState::egress_port(IfIndex ifl, uint32_t flow_hash, IfIndex* member) const {
  const Interface* i = find(ifl);
  if (!i) return std::nullopt;
  if (i->kind == InterfaceKind::kPhysical || i->kind == InterfaceKind::kRemote) {
    if (!i->link_up) return std::nullopt;
    if (member) *member = ifl;
    return i->kind == InterfaceKind::kPhysical ? std::optional<int>(i->port) : std::nullopt;
  }
  if (i->kind == InterfaceKind::kAggregate) {
    // Per-flow hashing over the members that are up keeps a flow on one
    // link; a member going down moves only its own flows (and, as the hash
    // is a modulo, some others: no consistent hashing is modeled).
    auto usable = [&](IfIndex m) { return interfaces[m].present && interfaces[m].link_up; };
    std::size_t up = 0;
    for (IfIndex m : i->members) up += usable(m) ? 1 : 0;
    if (up == 0) return std::nullopt;
    std::size_t pick = flow_hash % up;
    for (IfIndex m : i->members) {
      if (!usable(m)) continue;
      if (pick-- == 0) {
        if (member) *member = m;
        const Interface& mi = interfaces[m];
        return mi.kind == InterfaceKind::kPhysical ? std::optional<int>(mi.port) : std::nullopt;
      }
    }
  }
  return std::nullopt;
}

}  // namespace trio6sim::models
