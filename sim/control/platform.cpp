#include "platform.h"

#include <algorithm>
#include <cctype>

namespace trio6sim::control {

Platform Platform::mx304(std::vector<int> lmics) {
  Platform p;
  p.lmics = std::move(lmics);
  return p;
}

int Platform::fpc_slots() const {
  if (name == "mx10004") return 4;  // [HW2101]
  if (name == "mx10008") return 8;  // [HW2101]
  return 1;                         // MX304: FPC 0 [M]
}

const PlatformSlot* Platform::slot(int fpc) const {
  auto it = std::find_if(slots.begin(), slots.end(), [&](const PlatformSlot& s) { return s.fpc == fpc; });
  return it == slots.end() ? nullptr : &*it;
}

bool Platform::has_chip(int fpc, int pic) const {
  if (is_mx304()) return fpc == 0 && std::find(lmics.begin(), lmics.end(), pic) != lmics.end();
  const auto* s = slot(fpc);
  return s && std::find(s->pics.begin(), s->pics.end(), pic) != s->pics.end();
}

std::string Platform::display_name() const {
  std::string n = name;
  for (auto& c : n) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return n;
}

int card_pics(const std::string& card) { return card == "lc9600" ? 6 : 0; }

}  // namespace trio6sim::control
