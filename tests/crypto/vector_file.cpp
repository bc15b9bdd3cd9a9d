#include "vector_file.h"

#include <fstream>
#include <stdexcept>

namespace trio6sim::test {

std::vector<VectorBlock> read_vector_file(const std::string& name) {
  const std::string path = std::string(TRIO6SIM_TEST_DATA_DIR) + "/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::vector<VectorBlock> blocks;
  VectorBlock current;
  std::string line;
  int line_no = 0;
  auto flush = [&] {
    if (!current.empty()) blocks.push_back(std::move(current));
    current.clear();
  };
  while (std::getline(in, line)) {
    ++line_no;
    if (line.starts_with("#")) continue;
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      flush();
      continue;
    }
    const auto eq = line.find(" =");
    if (eq == std::string::npos) throw std::runtime_error(path + ":" + std::to_string(line_no) + ": expected 'name = value'");
    std::string value = line.substr(eq + 2);
    if (!value.empty() && value.front() == ' ') value.erase(0, 1);
    current[line.substr(0, eq)] = value;
  }
  flush();
  return blocks;
}

}  // namespace trio6sim::test
