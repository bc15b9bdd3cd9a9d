// Junos `show route PREFIX` (the terse-per-route form the blog prints [I]).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace trio6sim::show {

struct RouteEntryView {
  std::string protocol;  // "Static", "BGP", "IS-IS", "Direct", "Local"
  int preference = 0;
  bool active = false;
  uint64_t age_s = 0;
  std::optional<int> metric;
  // BGP only:
  std::optional<uint32_t> localpref;
  std::string from;     // "12.1.1.2"
  std::string as_path;  // "20002 I"
  // "via st0.1", "to 13.10.1.2 via ae0.0", "via st0.1, Push 17"; the first is selected (">").
  std::vector<std::string> next_hops;
};

struct RouteView {
  std::string prefix;  // "12.1.1.2/32"
  std::vector<RouteEntryView> entries;  // active first
};

struct TableSummary {
  std::string name;  // "inet.0", "inet6.0"
  std::size_t destinations = 0, routes = 0, active = 0;
};

// "02:29:23", or "3d 16:31:06" past a day, as Junos prints route ages.
std::string route_age(uint64_t seconds);

std::string route(const TableSummary& table, const std::vector<RouteView>& routes);

}  // namespace trio6sim::show
