// The simulator's version as `trio6sim --version` prints it and every result
// records it (provenance): `git describe --always --dirty` of the source tree
// when the program was built, or the project's version outside a git
// checkout. Its definition is generated at build time (version.cpp.in).
#pragma once

namespace trio6sim::cli {

const char* simulator_version();

}  // namespace trio6sim::cli
