// TraceSampler: puts values the model computes when read (queue occupancy,
// busy states: timing is arithmetic, nothing toggles) into an sc_trace_file,
// by sampling them every `period_ps`. Values are kept as doubles (SystemC's
// VCD writer emits them as `real`), names sanitised to what GTKWave reads
// without warnings ([A-Za-z0-9_], '.' for hierarchy). It wakes only while
// the simulation runs and costs nothing when nobody traces.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <systemc>
#include <vector>

namespace trio6sim::models {

class TraceSampler : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(TraceSampler);
  TraceSampler(const sc_core::sc_module_name& name, sc_core::sc_trace_file* file, uint64_t period_ps);

  // Adds a traced value; call before the simulation starts.
  void add(const std::string& name, std::function<double(uint64_t now_ps)> read);
  std::size_t size() const { return sources_.size(); }
  // "pfe0.si-F/P/0.backlog" -> "pfe0.si_F_P_0.backlog"
  static std::string vcd_name(const std::string& name);

 private:
  void sample();
  void start_of_simulation() override;

  sc_core::sc_trace_file* file_;
  uint64_t period_ps_;
  std::vector<std::function<double(uint64_t)>> sources_;
  std::vector<double> values_;
  std::vector<std::string> names_;
  sc_core::sc_event tick_;
};

}  // namespace trio6sim::models
