#include "junos/schema.h"

#include <algorithm>
#include <array>

#include "junos/statement_schema.h"

namespace trio6sim::junos {

namespace {

struct Arity {
  std::string_view keyword;
  int values;
};

// Containers (0) and statements with one identifying or leaf value (1).
// Sorted by keyword for binary search.
constexpr std::array kArity = std::to_array<Arity>({
    {"802.3ad", 1},
    {"address", 1},
    {"aggregated-devices", 0},
    {"aggregated-ether-options", 0},
    {"anti-replay-window-size", 1},
    {"authentication-algorithm", 1},
    {"authentication-method", 1},
    {"bandwidth", 1},
    {"bgp", 0},
    {"bind-interface", 1},
    {"bridge-domains", 0},
    {"chassis", 0},
    {"description", 1},
    {"encryption-algorithm", 1},
    {"establish-tunnels", 1},
    {"ethernet", 0},
    {"evpn", 0},
    {"external-interface", 1},
    {"family", 1},
    {"forwarding-table", 0},
    {"fpc", 1},
    {"gateway", 1},
    {"gigether-options", 0},
    {"group", 1},
    {"groups", 0},
    {"ike", 0},
    {"ike-policy", 1},
    {"inline-services", 0},
    {"instance-type", 1},
    {"interface", 1},
    {"interfaces", 0},
    {"ipsec", 0},
    {"ipsec-policy", 1},
    {"isis", 0},
    {"lacp", 0},
    {"lldp", 0},
    {"load-balance", 1},
    {"local-address", 1},
    {"local-ip", 1},
    {"mode", 1},
    {"mpls", 0},
    {"mtu", 1},
    {"neighbor", 1},
    {"next-hop", 1},
    {"next-hop-service", 0},
    {"node-segment", 0},
    {"periodic", 1},
    {"pic", 1},
    {"policy", 1},
    {"policy-options", 0},
    {"policy-statement", 1},
    {"pre-shared-key", 0},
    {"proposal", 1},
    {"protocol", 1},
    {"protocols", 0},
    {"remote-ip", 1},
    {"rib", 1},
    {"route", 1},
    {"routing-instances", 0},
    {"routing-options", 0},
    {"security", 0},
    {"security-association", 1},
    {"service-domain", 1},
    {"service-set", 1},
    {"services", 0},
    {"source-packet-routing", 0},
    {"static", 0},
    {"term", 1},
    {"then", 0},
    {"traffic-selector", 1},
    {"unit", 1},
    {"version", 1},
    {"vpn", 1},
    {"vxlan", 0},
});

constexpr std::array<std::string_view, 4> kNameContainers = {"bridge-domains", "groups", "interfaces",
                                                             "routing-instances"};

constexpr std::array<std::string_view, 23> kSingleValued = {
    "anti-replay-window-size",
    "authentication-algorithm",
    "authentication-method",
    "bandwidth",
    "bind-interface",
    "description",
    "dh-group",
    "encryption-algorithm",
    "establish-tunnels",
    "external-interface",
    "ike-policy",
    "ipsec-policy",
    "lifetime-seconds",
    "local-address",
    "mode",
    "mtu",
    "periodic",
    "protocol",
    "reauth-frequency",
    "service-domain",
    "version",
    "802.3ad",
    "load-balance",
};

int arity(std::string_view keyword) {
  auto it = std::lower_bound(kArity.begin(), kArity.end(), keyword,
                             [](const Arity& a, std::string_view k) { return a.keyword < k; });
  if (it != kArity.end() && it->keyword == keyword) return it->values;
  return -1;
}

bool holds_names(std::string_view keyword) {
  return std::find(kNameContainers.begin(), kNameContainers.end(), keyword) != kNameContainers.end();
}

}  // namespace

bool is_single_valued_leaf(std::string_view keyword) {
  return std::find(kSingleValued.begin(), kSingleValued.end(), keyword) != kSingleValued.end();
}

std::vector<Segment> split_statement(std::string_view parent_keyword, std::optional<std::string>& schema_path,
                                     const std::vector<std::string>& words, const std::vector<int>& columns) {
  std::vector<Segment> out;
  std::string parent(parent_keyword);
  std::size_t i = 0;
  while (i < words.size()) {
    Segment seg;
    if (i < columns.size()) seg.column = columns[i];
    seg.keyword = words[i++];
    // apply-groups may sit among names (`interfaces { apply-groups G; }`) and
    // always takes the rest of the words: the group names.
    const bool group_list = seg.keyword == "apply-groups" || seg.keyword == "apply-groups-except";
    std::optional<std::string> next = child_schema_path(schema_path, seg.keyword);
    const SchemaRow* row = next ? find_schema_row(*next) : nullptr;
    // A group's body and `groups` itself have no row but keep the schema going.
    const bool keep = next && (row || next->empty() || (schema_path && schema_path->empty() && *next == "groups"));
    schema_path = keep ? next : std::nullopt;
    const int a = group_list ? -1 : holds_names(parent) ? 0 : row ? schema_arity(*row) : arity(seg.keyword);
    const std::size_t take = a < 0 ? words.size() - i : std::min<std::size_t>(a, words.size() - i);
    seg.values.assign(words.begin() + static_cast<std::ptrdiff_t>(i),
                      words.begin() + static_cast<std::ptrdiff_t>(i + take));
    i += take;
    parent = seg.keyword;
    out.push_back(std::move(seg));
  }
  return out;
}

}  // namespace trio6sim::junos
