// Reads the known-answer files in tests/crypto/data: blocks of `name = value`
// lines separated by blank lines, `#` comments at the top.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace trio6sim::test {

using VectorBlock = std::map<std::string, std::string>;

// Throws std::runtime_error naming the file and line on a malformed file.
std::vector<VectorBlock> read_vector_file(const std::string& name);

}  // namespace trio6sim::test
