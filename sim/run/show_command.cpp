#include "show_command.h"

#include <sstream>

#include "control/operational.h"

namespace trio6sim::run {

namespace {

std::vector<std::string> words_of(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> w;
  for (std::string s; in >> s;) w.push_back(s);
  return w;
}

constexpr const char* kSupported =
    "supported: show security ike security-associations [index N] [detail]; show security ipsec security-associations "
    "[detail]; "
    "show security ipsec statistics [index N]; show interfaces extensive INTERFACE; show interfaces terse "
    "[INTERFACE]; show route ADDRESS [extensive]; show log messages; show mac-vrf routing database; show mac-vrf forwarding mac-ip-table; show bgp summary; each may end in pipes: | match REGEX, | except REGEX, "
    "| find REGEX, | count, | last N, | trim N, | no-more";

Expected<ShowCommand, std::string> parse_words(const std::vector<std::string>& w, const std::string& command) {
  auto is = [&](std::initializer_list<const char*> expected) {
    if (w.size() != expected.size()) return false;
    std::size_t i = 0;
    for (const char* e : expected)
      if (w[i++] != e) return false;
    return true;
  };
  if (w.size() >= 4 && w[0] == "show" && w[1] == "security" && w[2] == "ike" && w[3] == "security-associations") {
    // [index N] [detail], as Junos takes them ([T-MX]).
    ShowCommand c{ShowKind::kIkeSas};
    std::size_t i = 4;
    if (i < w.size() && w[i] == "index") {
      if (i + 1 >= w.size() || w[i + 1].find_first_not_of("0123456789") != std::string::npos || w[i + 1].size() > 9)
        return unexpected("'" + command + "': index is the IKE SA's index (e.g. 1)");
      c.argument = w[i + 1];
      i += 2;
    }
    if (i < w.size() && w[i] == "detail") {
      c.detail = true;
      ++i;
    }
    if (i == w.size()) return c;
  }
  if (is({"show", "security", "ipsec", "security-associations"})) return ShowCommand{ShowKind::kIpsecSas};
  if (is({"show", "security", "ipsec", "security-associations", "detail"}))
    return ShowCommand{ShowKind::kIpsecSas, true};
  if (is({"show", "security", "ipsec", "statistics"})) return ShowCommand{ShowKind::kIpsecStatistics};
  if (is({"show", "log", "messages"})) return ShowCommand{ShowKind::kLogMessages};
  if (is({"show", "mac-vrf", "routing", "database"})) return ShowCommand{ShowKind::kMacVrfDatabase};
  if (is({"show", "mac-vrf", "forwarding", "mac-ip-table"})) return ShowCommand{ShowKind::kMacVrfMacIpTable};
  if (is({"show", "bgp", "summary"})) return ShowCommand{ShowKind::kBgpSummary};
  if (w.size() == 6 && w[0] == "show" && w[1] == "security" && w[2] == "ipsec" && w[3] == "statistics" &&
      w[4] == "index") {
    if (w[5].empty() || w[5].find_first_not_of("0123456789") != std::string::npos)
      return unexpected("'" + command + "': index is the tunnel ID (e.g. 500001)");
    return ShowCommand{ShowKind::kIpsecStatistics, false, w[5]};
  }
  if (w.size() >= 3 && w[0] == "show" && w[1] == "interfaces") {
    // Junos takes the interface before or after the level: `show interfaces
    // extensive st0.1` and `show interfaces st0.1 extensive` read alike.
    for (const auto& [level, kind] :
         {std::pair{"terse", ShowKind::kInterfacesTerse}, std::pair{"extensive", ShowKind::kInterfaceExtensive}}) {
      if (w.size() == 3 && w[2] == level) {
        if (kind == ShowKind::kInterfaceExtensive) return unexpected("'" + command + "': name the interface");
        return ShowCommand{kind};
      }
      if (w.size() == 4 && w[2] == level && w[3] != "terse" && w[3] != "extensive")
        return ShowCommand{kind, false, w[3]};
      if (w.size() == 4 && w[3] == level && w[2] != "terse" && w[2] != "extensive")
        return ShowCommand{kind, false, w[2]};
    }
  }
  if ((w.size() == 3 || (w.size() == 4 && w[3] == "extensive")) && w[0] == "show" && w[1] == "route") {
    // The address as the show will read it, so that "10.0.0.256" is an error
    // before the run, not an error message in its output.
    if (auto route = control::parse_route_argument(w[2]); !route)
      return unexpected("'" + command + "': " + route.error());
    return ShowCommand{ShowKind::kRoute, false, w.size() == 4 ? w[2] + " extensive" : w[2]};
  }
  return unexpected("unsupported show command '" + command + "' (" + kSupported + ")");
}

}  // namespace

Expected<ShowCommand, std::string> parse_show_command(const std::string& command) {
  auto piped = show::parse_pipes(command);
  if (!piped) return unexpected(piped.error());
  auto c = parse_words(words_of(piped->command), command);
  if (!c) return unexpected(c.error());
  c->pipes = std::move(piped->pipes);
  return c;
}

}  // namespace trio6sim::run
