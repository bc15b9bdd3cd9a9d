// Configuration groups: `groups NAME { ... }` holds statements that
// `apply-groups NAME` (at the top or at any level) brings into the
// configuration. Statements written outside the group win over inherited
// ones; with several groups the first listed wins. Names written `<pattern>`
// in a group (`interfaces { <et-*> { mtu 9192; } }`) match existing
// statements with `*` and `?` wildcards. `apply-groups-except` stops the
// inheritance of the named groups below its level. Inherited statements keep
// the file and line of the group, so errors point into the group.
#pragma once

#include "junos/config_tree.h"
#include "packet/expected.h"

namespace trio6sim::junos {

// Applies every group and removes the `groups` and `apply-groups` statements.
// Fails when `apply-groups` names a group that is not defined.
Expected<void, ParseError> expand_groups(ConfigTree& tree);

// Glob match with `*` and `?` (used for `<pattern>` names in groups).
bool wildcard_match(std::string_view pattern, std::string_view text);

}  // namespace trio6sim::junos
