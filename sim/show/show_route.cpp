#include "show_route.h"

#include <fmt/core.h>

namespace trio6sim::show {

std::string route_age(uint64_t s) {
  const uint64_t days = s / 86400, h = s / 3600 % 24, m = s / 60 % 60, sec = s % 60;
  return days > 0 ? fmt::format("{}d {:02}:{:02}:{:02}", days, h, m, sec) : fmt::format("{:02}:{:02}:{:02}", h, m, sec);
}

std::string route(const TableSummary& table, const std::vector<RouteView>& routes) {
  std::string out = fmt::format("{}: {} destinations, {} routes ({} active, 0 holddown, 0 hidden)\n", table.name,
                                table.destinations, table.routes, table.active);
  out += "+ = Active Route, - = Last Active, * = Both\n";
  for (const auto& r : routes) {
    bool first = true;
    for (const auto& e : r.entries) {
      // The prefix fills 19 columns; column 19 marks the active route.
      std::string line = fmt::format("{:<19}{}[{}/{}] {}", first ? r.prefix : "", e.active ? '*' : ' ', e.protocol,
                                     e.preference, route_age(e.age_s));
      first = false;
      if (e.metric) line += fmt::format(", metric {}", *e.metric);
      if (e.localpref) line += fmt::format(", localpref {}", *e.localpref);
      if (!e.from.empty()) line += ", from " + e.from;
      out += line + "\n";
      if (e.protocol == "BGP")
        out += fmt::format("{:22}AS path: {}, validation-state: unverified\n", "", e.as_path.empty() ? "I" : e.as_path);
      bool selected = true;
      for (const auto& nh : e.next_hops) {
        out += fmt::format("{:20}{}  {}\n", "", selected ? '>' : ' ', nh);
        selected = false;
      }
    }
  }
  return out;
}

}  // namespace trio6sim::show
