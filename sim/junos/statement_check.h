// Checks every statement of a loaded configuration against the statement
// schema (statement_schema.h), as Junos does when it loads a file: a
// statement it does not have at that place is a syntax error, a value of the
// wrong form an error naming what was expected. It also lists the statements
// Junos has and the model does not apply, so that none is taken as applied
// without a word.
#pragma once

#include <string>
#include <vector>

#include "junos/config_tree.h"

namespace trio6sim::junos {

struct StatementError {
  SourceLocation where;
  int column = 0;
  std::string edit_path;  // "security ipsec vpn ipsec_vpn" (empty at the top)
  std::string statement;  // "frobnicate 7"
  bool syntax = false;    // a statement Junos does not have there (else a bad value)
  std::string word;       // the word Junos names: "frobnicate", "13.10.1.300/24"
  std::string message;    // what was expected
};

// Junos' layout ("test configuration" sample output in the Junos OS CLI
// reference, juniper.net/documentation/en_US/junos13.1/topics/reference/
// command-summary/test-configuration.html: `terminal:3:(8) syntax error:
// paris`, then the [edit] block, the statement and "syntax error"):
//   r1.conf:12:(13) syntax error: frobnicate
//     [edit security ipsec vpn ipsec_vpn]
//       'frobnicate 7;'
//         syntax error: expected one of: bind-interface, copy-outer-dscp, ...
std::string format_statement_error(const StatementError& error);

// A statement Junos has that the model does not apply.
struct NotModeledStatement {
  std::string statement;  // its hierarchy path: "security ipsec vpn v1 traffic-selector ts1"
  SourceLocation where;
  bool operator==(const NotModeledStatement&) const = default;
};

struct StatementCheck {
  std::vector<StatementError> errors;
  std::vector<NotModeledStatement> not_modeled;
};

// `tree` as loaded (groups applied). Inactive statements are checked but not
// listed (they are not applied by Junos either).
StatementCheck check_statements(const ConfigTree& tree);

}  // namespace trio6sim::junos
