// `trio6sim check FILE.conf`: loads one device's Junos configuration (curly
// or `set` form), builds the model and runs the inline IPsec commit checks.
// Prints "configuration check succeeds" and returns 0, or prints each error
// as Junos does (plus FILE:LINE) and returns 1. See docs/junos-config.md.
#pragma once

#include <iosfwd>

namespace trio6sim::cli {

int check_command(int argc, char** argv);
// The same, writing to the given streams (for tests).
int check_command(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace trio6sim::cli
