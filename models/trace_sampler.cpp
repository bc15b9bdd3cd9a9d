#include "trace_sampler.h"

#include <cctype>

#include "config_error.h"

namespace trio6sim::models {

TraceSampler::TraceSampler(const sc_core::sc_module_name& name, sc_core::sc_trace_file* file, uint64_t period_ps)
    : sc_core::sc_module(name), file_(file), period_ps_(period_ps) {
  if (!file) throw ConfigError("trace: no trace file");
  if (period_ps == 0) throw ConfigError("trace: the sampling period must be > 0");
  SC_METHOD(sample);
  sensitive << tick_;
  dont_initialize();
}

std::string TraceSampler::vcd_name(const std::string& name) {
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ? c : '_';
  return out;
}

void TraceSampler::add(const std::string& name, std::function<double(uint64_t)> read) {
  sources_.push_back(std::move(read));
  names_.push_back(vcd_name(name));
}

void TraceSampler::start_of_simulation() {
  // The values live in one vector sized once: sc_trace keeps their addresses.
  values_.assign(sources_.size(), 0.0);
  for (std::size_t i = 0; i < sources_.size(); ++i) sc_core::sc_trace(file_, values_[i], names_[i]);
  tick_.notify(sc_core::SC_ZERO_TIME);
}

void TraceSampler::sample() {
  const uint64_t now = sc_core::sc_time_stamp().value();
  for (std::size_t i = 0; i < sources_.size(); ++i) values_[i] = sources_[i](now);
  // A sampler must not keep a simulation that has nothing else to do alive:
  // sc_start() without a limit would never return. It samples again only
  // while anything else is pending, now or later. "Now" counts: the first
  // sample runs in the initialization phase, where SystemC runs methods
  // before threads, so a user's SC_THREAD source has not yet scheduled
  // anything when the sampler first looks (it is only runnable).
  if (sc_core::sc_pending_activity_at_current_time() || sc_core::sc_pending_activity_at_future_time())
    tick_.notify(sc_core::sc_time::from_value(period_ps_));
}

}  // namespace trio6sim::models
