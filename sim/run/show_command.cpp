#include "show_command.h"

#include <sstream>
#include <vector>

namespace trio6sim::run {

namespace {

std::vector<std::string> words_of(const std::string& text) {
  // "ae0|match pps" and "ae0 | match pps" read alike.
  std::string spaced;
  for (char c : text) {
    if (c == '|') spaced += " | ";
    else spaced += c;
  }
  std::istringstream in(spaced);
  std::vector<std::string> w;
  for (std::string s; in >> s;) w.push_back(s);
  return w;
}

constexpr const char* kSupported =
    "supported: show security ike security-associations; show security ipsec security-associations [detail]; "
    "show security ipsec statistics [index N]; show interfaces extensive IFL | match pps; show interfaces terse; "
    "show route ADDRESS [extensive]";

}  // namespace

Expected<ShowCommand, std::string> parse_show_command(const std::string& command) {
  const auto w = words_of(command);
  auto is = [&](std::initializer_list<const char*> expected) {
    if (w.size() != expected.size()) return false;
    std::size_t i = 0;
    for (const char* e : expected)
      if (w[i++] != e) return false;
    return true;
  };
  ShowCommand c;
  if (is({"show", "security", "ike", "security-associations"})) return ShowCommand{ShowKind::kIkeSas};
  if (is({"show", "security", "ipsec", "security-associations"})) return ShowCommand{ShowKind::kIpsecSas};
  if (is({"show", "security", "ipsec", "security-associations", "detail"}))
    return ShowCommand{ShowKind::kIpsecSas, true};
  if (is({"show", "security", "ipsec", "statistics"})) return ShowCommand{ShowKind::kIpsecStatistics};
  if (w.size() == 6 && w[0] == "show" && w[1] == "security" && w[2] == "ipsec" && w[3] == "statistics" &&
      w[4] == "index") {
    if (w[5].empty() || w[5].find_first_not_of("0123456789") != std::string::npos)
      return unexpected("'" + command + "': index is the tunnel ID (e.g. 500001)");
    return ShowCommand{ShowKind::kIpsecStatistics, false, w[5]};
  }
  if (is({"show", "interfaces", "terse"})) return ShowCommand{ShowKind::kInterfacesTerse};
  if (w.size() == 6 && w[0] == "show" && w[1] == "interfaces" && w[4] == "match" && w[5] == "pps" && w[3] == "|") {
    // Junos takes the interface before or after `extensive`.
    if (w[2] == "extensive") return unexpected("'" + command + "': name the interface");
    return ShowCommand{ShowKind::kInterfacePps, false, w[2]};
  }
  if (w.size() == 7 && w[0] == "show" && w[1] == "interfaces" && w[5] == "match" && w[6] == "pps" && w[4] == "|") {
    if (w[2] == "extensive") return ShowCommand{ShowKind::kInterfacePps, false, w[3]};
    if (w[3] == "extensive") return ShowCommand{ShowKind::kInterfacePps, false, w[2]};
  }
  if ((w.size() == 3 || (w.size() == 4 && w[3] == "extensive")) && w[0] == "show" && w[1] == "route")
    return ShowCommand{ShowKind::kRoute, false, w.size() == 4 ? w[2] + " extensive" : w[2]};
  return unexpected("unsupported show command '" + command + "' (" + kSupported + ")");
}

}  // namespace trio6sim::run
