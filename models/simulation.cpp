#include "simulation.h"

#include <cstdlib>
#include <systemc>

namespace trio6sim::models {

void fresh_simulation_context() {
  // Keep standard output clean for machine-readable results.
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  sc_core::sc_curr_simcontext = new sc_core::sc_simcontext();
  sc_core::sc_default_global_context = sc_core::sc_curr_simcontext;
  // A run that ends by starvation is how every probe ends; not a warning.
  sc_core::sc_report_handler::set_actions(sc_core::SC_ID_NO_SC_START_ACTIVITY_, sc_core::SC_DO_NOTHING);
}

void run_until_ps(uint64_t t_ps) {
  const uint64_t now = sc_core::sc_time_stamp().value();
  if (t_ps > now) sc_core::sc_start(sc_core::sc_time::from_value(t_ps - now));
}

void run_until_drained(uint64_t (*last_departure_ps)(const void*), const void* model) {
  sc_core::sc_start();
  const uint64_t now = sc_core::sc_time_stamp().value();
  const uint64_t last = last_departure_ps(model);
  if (last > now) sc_core::sc_start(sc_core::sc_time::from_value(last - now));
}

}  // namespace trio6sim::models
