// What --vcd traces for GTKWave: every chip's queue depths and every unit's
// output rate, sampled at the run clock's times (rates over the interval
// since the previous sample).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "network.h"
#include "report/vcd_writer.h"

namespace trio6sim::run {

class VcdProbes {
 public:
  // Declares the signals of every device built in `network`.
  explicit VcdProbes(const Network& network);
  VcdProbes(const VcdProbes&) = delete;  // the samplers point at this object
  VcdProbes& operator=(const VcdProbes&) = delete;

  void sample(uint64_t t);
  // False when the file cannot be written.
  bool write(const std::string& path) const;

 private:
  report::VcdWriter vcd_;
  // Each writes its signals' values at a sample time (declared in order, so
  // the changes come in time order).
  std::vector<std::function<void(uint64_t)>> samplers_;
};

}  // namespace trio6sim::run
