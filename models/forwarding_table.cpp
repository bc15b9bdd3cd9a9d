#include "forwarding_table.h"

#include <algorithm>
#include <bit>

#include "packet/bytes.h"

namespace trio6sim::models {

uint32_t RouteTable::key4(const uint8_t* address, int length) const {
  const uint32_t mask = length == 0 ? 0 : ~uint32_t{0} << (32 - length);
  return load_be32(address) & mask;
}

RouteTable::Key6 RouteTable::key6(const uint8_t* address, int length) const {
  Key6 k{0, 0};
  for (int i = 0; i < 16; ++i) {
    const int bit0 = i * 8;
    uint8_t b = address[i];
    if (bit0 >= length) b = 0;
    else if (bit0 + 8 > length) b = static_cast<uint8_t>(b & (0xff << (8 - (length - bit0))));
    k[i / 8] |= uint64_t{b} << (56 - 8 * (i % 8));
  }
  return k;
}

template <class K>
void RouteTable::insert(LengthTable<K>& t, const K& k, const NextHop& nh) {
  if ((t.count + 1) * 2 > t.slots.size()) {  // grow, keeping at most half full
    std::vector<Slot<K>> old = std::move(t.slots);
    const std::size_t n = old.empty() ? 16 : old.size() * 2;
    t.slots.assign(n, Slot<K>{});
    t.filter.assign(n * 4 / 64, 0);
    const int log2n = std::countr_zero(n);
    t.slot_shift = 64 - log2n;
    t.filter_shift = 64 - (log2n + 2);
    t.count = 0;
    for (const Slot<K>& s : old)
      if (s.next_hop.kind != kEmpty) insert(t, s.key, s.next_hop);
  }
  const uint64_t h = hash(k);
  const std::size_t mask = t.slots.size() - 1;
  for (std::size_t i = static_cast<std::size_t>(h >> t.slot_shift);; i = (i + 1) & mask) {
    Slot<K>& s = t.slots[i];
    if (s.next_hop.kind == kEmpty) {
      s.key = k;
      s.next_hop = nh;
      const uint64_t f = h >> t.filter_shift;
      t.filter[f >> 6] |= uint64_t{1} << (f & 63);
      ++t.count;
      return;
    }
    if (same(s.key, k)) {
      s.next_hop = nh;
      return;
    }
  }
}

template <class K>
bool RouteTable::erase(LengthTable<K>& t, const K& k) {
  if (!find(t, k)) return false;
  // Removal is rare (firmware, not packets): rebuild the table (and its filter) without it.
  std::vector<Slot<K>> old = std::move(t.slots);
  t = LengthTable<K>{};
  for (const Slot<K>& s : old)
    if (s.next_hop.kind != kEmpty && !same(s.key, k)) insert(t, s.key, s.next_hop);
  return true;
}

void RouteTable::note_length(int length, bool used) {
  const auto it = std::find(lengths_.begin(), lengths_.end(), length);
  if (used && it == lengths_.end()) {
    lengths_.push_back(length);
    std::sort(lengths_.begin(), lengths_.end(), std::greater<>());
  } else if (!used && it != lengths_.end()) {
    lengths_.erase(it);
  }
}

void RouteTable::add(const uint8_t* prefix, int length, const NextHop& nh) {
  std::size_t before, after;
  if (bits_ == 32) {
    auto& t = v4_[length];
    before = t.count;
    insert(t, key4(prefix, length), nh);
    after = t.count;
  } else {
    auto& t = v6_[length];
    before = t.count;
    insert(t, key6(prefix, length), nh);
    after = t.count;
  }
  count_ += after - before;
  note_length(length, true);
}

bool RouteTable::remove(const uint8_t* prefix, int length) {
  if (length < 0 || length > bits_) return false;
  std::size_t left;
  if (bits_ == 32) {
    if (!erase(v4_[length], key4(prefix, length))) return false;
    left = v4_[length].count;
  } else {
    if (!erase(v6_[length], key6(prefix, length))) return false;
    left = v6_[length].count;
  }
  --count_;
  if (left == 0) note_length(length, false);
  return true;
}

const NextHop* RouteTable::lookup(const uint8_t* address) const {
  if (bits_ == 32) {  // IPv4: the address loaded once, each length's key one mask (as key4() builds it)
    const uint32_t a = load_be32(address);
    for (int length : lengths_) {
      const uint32_t mask = length == 0 ? 0 : ~uint32_t{0} << (32 - length);
      if (const auto* s = find(v4_[length], a & mask)) return &s->next_hop;
    }
    return nullptr;
  }
  for (int length : lengths_) {
    if (const auto* s = find(v6_[length], key6(address, length))) return &s->next_hop;
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
