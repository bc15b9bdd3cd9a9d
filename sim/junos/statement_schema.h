// The statements Junos has in the hierarchies the model applies (chassis,
// interfaces, services, security ike/ipsec, routing-options and the policy
// statements the forwarding table exports), one row per statement path, with
// the kind of value it takes and whether the model applies it.
//
// The table is the one place that says what is modeled: a later issue that
// models, say, `traffic-selector` flips that row from kNotModeled to kModeled
// and the statement drops off every "not modeled" list. A statement that has no
// row at a checked place is a syntax error, as Junos reports it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trio6sim::junos {

// What the words after a keyword must be. The checks themselves are in
// value_checks.h; here a kind also says how many words the statement takes.
enum class ValueKind {
  kNone,             // a container or a flag: no words
  kWord,             // one word, not checked (a name, a description)
  kWords,            // one or more words, not checked (a list of names)
  kAnyWords,         // zero or more words, not checked (statements we only list)
  kChoice,           // one of `choices`
  kNumber,           // a decimal integer in [min, max]
  kUnitNumber,       // a logical unit number
  kFamily,           // inet, inet6, mpls, iso, ...
  kFamilyAddress,    // an address as the enclosing `family` takes it
  kIpAddress,        // an IPv4 or IPv6 address, no prefix length
  kIpAddresses,      // one or more of them
  kIpv4Address,      // an IPv4 address, no prefix length
  kIpPrefix,         // an IPv4 or IPv6 address with a prefix length
  kRoutePrefix,      // a destination prefix of the family of its rib
  kNextHops,         // addresses or interface units
  kInterfaceUnit,    // "si-0/1/0.0", "st0.1"
  kInterfaceOrUnit,  // "ae0" or "ae0.0"
  kAsciiSecret,      // a pre-shared key; a $9$ string must decode
  kHexSecret,        // hexadecimal key: an even number of hex digits ($9$ allowed)
};

enum class Applied { kModeled, kNotModeled };

struct SchemaRow {
  // Keywords from the top, values left out: "security ipsec vpn ike gateway".
  // Children of `interfaces` are the interface names, written "<interface>".
  std::string_view path;
  ValueKind value = ValueKind::kNone;
  Applied applied = Applied::kModeled;
  // kChoice: the words allowed, separated by spaces.
  std::string_view choices = {};
  // Of the allowed choices, those the model applies (the others are listed
  // as not modeled); empty: all of them.
  std::string_view modeled_choices = {};
  // Children are not checked: a subtree the model ignores as a whole and
  // whose syntax we do not keep (it is listed as not modeled).
  bool open = false;
  long long min = 0, max = 0;  // kNumber
};

// The row for a statement path, or nullptr when Junos has no such statement
// in a checked hierarchy.
const SchemaRow* find_schema_row(std::string_view path);

// The rows directly below `path` (their last keywords), for "expected one of".
std::vector<std::string_view> schema_children(std::string_view path);

// The schema path of statement `keyword` under the statement at
// `parent_path`: "interfaces" + "ae0" -> "interfaces <interface>". The body
// of a group (`groups NAME ...`) has the same paths as the top. nullopt when
// the parent is outside the schema.
// The parent path a mac-vrf routing instance is walked from: its
// statements take the "routing-instances <mac-vrf>" rows, not a VRF's.
inline constexpr std::string_view kMacVrfParent = "routing-instances (mac-vrf)";
std::optional<std::string> child_schema_path(const std::optional<std::string>& parent_path, std::string_view keyword);

// How many words the statement at `path` takes: 0, 1 or -1 (all the rest).
int schema_arity(const SchemaRow& row);

// Top-level hierarchies whose syntax is checked against the table.
bool is_checked_hierarchy(std::string_view top_keyword);

// Top-level hierarchies Junos has and the model does not apply, listed as not
// modeled without checking their syntax ("protocols", "system", ...).
// `by_child`: list each child ("protocols bgp") rather than the hierarchy.
bool is_known_unchecked_hierarchy(std::string_view top_keyword, bool* by_child);

// All rows, for tests and the documentation.
const std::vector<SchemaRow>& schema_rows();

}  // namespace trio6sim::junos
