#include "control/tunnel_events.h"

#include <algorithm>
#include <cstring>
#include <fmt/core.h>

namespace trio6sim::control {

std::size_t TunnelEvents::count(const std::string& text) const {
  return static_cast<std::size_t>(
      std::count_if(events_.begin(), events_.end(), [&](const TunnelEvent& e) { return text == e.text; }));
}

std::vector<std::string> TunnelEvents::lines(std::string (*timestamp)(uint64_t)) const {
  // Fold oldest first, greedily: at each event, the shortest sequence that
  // repeats right after itself, as many times as it does ([I]: a rekey's
  // three events repeated 3 and 4 times, a responder's two twice).
  struct Group {
    std::size_t first, length, times;
  };
  std::vector<Group> groups;
  const std::size_t n = events_.size();
  auto same = [&](std::size_t a, std::size_t b, std::size_t len) {
    for (std::size_t k = 0; k < len; ++k)
      if (std::strcmp(events_[a + k].text, events_[b + k].text) != 0) return false;
    return true;
  };
  for (std::size_t i = 0; i < n;) {
    Group best{i, 1, 1};
    for (std::size_t len = 1; i + 2 * len <= n; ++len) {
      std::size_t times = 1;
      while (i + (times + 1) * len <= n && same(i, i + times * len, len)) ++times;
      if (times > 1) {
        best = {i, len, times};
        break;
      }
    }
    groups.push_back(best);
    i += best.length * best.times;
  }
  std::vector<std::string> out;
  for (auto g = groups.rbegin(); g != groups.rend(); ++g) {
    const std::size_t last = g->first + g->length * (g->times - 1);  // the latest repetition
    for (std::size_t k = g->length; k-- > 0;) {
      const TunnelEvent& e = events_[last + k];
      std::string tag;
      if (g->times > 1 && g->length > 1) {
        if (k == g->length - 1) tag = " <- [repeated sequence END]";
        if (k == 0) tag = " <- [repeated sequence START]";
      }
      out.push_back(fmt::format("{}: {} ({} times){}", timestamp(e.at_ps), e.text, g->times, tag));
    }
  }
  return out;
}

}  // namespace trio6sim::control
