// A Google Benchmark console reporter that also keeps one user counter per
// benchmark run name, so a benchmark's main() can print ratios of figures
// measured in the same run. With --benchmark_repetitions the median is kept.
#pragma once

#include <benchmark/benchmark.h>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace trio6sim::bench {

class RateReporter : public benchmark::ConsoleReporter {
 public:
  explicit RateReporter(std::string counter) : counter_(std::move(counter)) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      if (r.error_occurred) continue;
      const bool median = r.run_type == Run::RT_Aggregate && r.aggregate_name == "median";
      if (r.run_type != Run::RT_Iteration && !median) continue;
      auto it = r.counters.find(counter_);
      if (it == r.counters.end()) continue;
      const std::string name = r.run_name.str();
      if (median || !medians_.count(name)) rates_[name] = it->second.value;
      if (median) medians_.insert(name);
    }
  }

  // The counter of the run named exactly `name`, 0 when it did not run.
  double get(const std::string& name) const {
    auto it = rates_.find(name);
    return it == rates_.end() ? 0.0 : it->second;
  }
  // The counter of the first run whose name starts with `prefix`.
  double get_prefix(const std::string& prefix) const {
    for (const auto& [name, v] : rates_)
      if (name.rfind(prefix, 0) == 0) return v;
    return 0;
  }

 private:
  std::string counter_;
  std::map<std::string, double> rates_;
  std::set<std::string> medians_;
};

}  // namespace trio6sim::bench
