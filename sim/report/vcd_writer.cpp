#include "vcd_writer.h"

#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>

namespace trio6sim::report {

std::string VcdWriter::code_of(SignalId id) {
  // Identifier codes are strings of printable ASCII 33..126 (base 94).
  std::string code;
  do {
    code += static_cast<char>(33 + id % 94);
    id /= 94;
  } while (id > 0);
  return code;
}

VcdWriter::SignalId VcdWriter::declare(const std::string& dotted_path) {
  if (!changes_.empty()) throw std::logic_error("VcdWriter: declare after the first change");
  paths_.push_back(dotted_path);
  last_.push_back(0);
  written_.push_back(false);
  return paths_.size() - 1;
}

void VcdWriter::change(uint64_t time_ps, SignalId id, double value) {
  if (id >= paths_.size()) throw std::out_of_range("VcdWriter: unknown signal");
  if (time_ps < last_time_) throw std::logic_error("VcdWriter: changes must come in time order");
  last_time_ = time_ps;
  if (written_[id] && last_[id] == value) return;
  written_[id] = true;
  last_[id] = value;
  changes_[time_ps].emplace_back(id, value);
}

void VcdWriter::write(std::ostream& out) const {
  out << "$version trio6sim $end\n$timescale 1 ps $end\n";
  // Scopes: sort signals by path so that each scope opens once.
  std::vector<SignalId> order(paths_.size());
  for (SignalId i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](SignalId a, SignalId b) { return paths_[a] < paths_[b]; });
  std::vector<std::string> open;
  for (SignalId id : order) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot; (dot = paths_[id].find('.', start)) != std::string::npos; start = dot + 1)
      parts.push_back(paths_[id].substr(start, dot - start));
    const std::string leaf = paths_[id].substr(start);
    std::size_t common = 0;
    while (common < open.size() && common < parts.size() && open[common] == parts[common]) ++common;
    for (std::size_t i = open.size(); i > common; --i) out << "$upscope $end\n";
    open.resize(common);
    for (std::size_t i = common; i < parts.size(); ++i) {
      out << "$scope module " << parts[i] << " $end\n";
      open.push_back(parts[i]);
    }
    out << "$var real 64 " << code_of(id) << " " << leaf << " $end\n";
  }
  for (std::size_t i = open.size(); i > 0; --i) out << "$upscope $end\n";
  out << "$enddefinitions $end\n";
  for (const auto& [time, values] : changes_) {
    out << '#' << time << '\n';
    for (const auto& [id, v] : values) out << fmt::format("r{:.17g} {}\n", v, code_of(id));
  }
}

}  // namespace trio6sim::report
