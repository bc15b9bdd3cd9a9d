// Value Change Dump (IEEE 1364 section 18) of real-valued signals (queue
// depths in bytes, rates in Gbps) for GTKWave. Signals are declared by
// dotted path ("PE1.fpc0.pic1.pfe0.ipsec_engine.queue_bytes"), which becomes
// nested scopes; values are written in time order, only when they change.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace trio6sim::report {

class VcdWriter {
 public:
  using SignalId = std::size_t;

  // Declares a signal; all declarations come before the first change().
  SignalId declare(const std::string& dotted_path);
  // Records a value at `time_ps` (non-decreasing across calls). Equal
  // consecutive values are not written again.
  void change(uint64_t time_ps, SignalId id, double value);
  // Writes the whole dump (header, definitions, changes).
  void write(std::ostream& out) const;

  std::size_t signal_count() const { return paths_.size(); }

 private:
  static std::string code_of(SignalId id);
  std::vector<std::string> paths_;
  std::vector<double> last_;
  std::vector<bool> written_;
  uint64_t last_time_ = 0;
  std::map<uint64_t, std::vector<std::pair<SignalId, double>>> changes_;
};

}  // namespace trio6sim::report
