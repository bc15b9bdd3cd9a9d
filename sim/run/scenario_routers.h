// ScenarioRouters: the routers of a scenario file, built and programmed as
// `trio6sim run` builds them, and nothing else, for a user's own sc_main
// that joins them with its own links (models::Link), sources and sinks
// (docs/library.md, "A router topology").
//
// From the file it takes the devices (platform, LMICs, Junos configuration),
// the learned routes (what BGP and IS-IS, not modeled, would install), the
// chip parameters and the seed. Each configuration is committed, IKE is
// negotiated (modeled), each router is planned and its chips programmed in a
// fresh SystemC context, and the tunnels' SAs are installed at once: the
// runner installs them at the file's ike_negotiation time, here IKE is done
// before the simulation starts. The file's links, generators, events, show
// commands and expectations are not used: they are the runner's. A file
// with `ike: wire` is refused (IKE would have to travel links this class
// does not know).
//
// Junos names stay here: port() turns "et-0/2/10" into a chip and its port.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/link.h"
#include "models/mx_router.h"
#include "network.h"
#include "packet/expected.h"
#include "scenario/scenario_spec.h"

namespace trio6sim::run {

class ScenarioRouters {
 public:
  // Errors name the file and line, as `trio6sim run` does.
  static Expected<std::unique_ptr<ScenarioRouters>, std::string> load(const std::string& scenario_path);

  // The router named `device` in the file; ConfigError naming the devices there are.
  models::MxRouter& router(const std::string& device);
  // The chip and chip port of `device`'s configured port `interface`
  // ("et-0/2/10"): a link's end, or where a user's source or sink binds
  // (end.chip->port_in[end.port]). ConfigError when there is none.
  models::LinkEnd port(const std::string& device, const std::string& interface);

 private:
  DeviceState& device(const std::string& name);

  scenario::ScenarioSpec spec_;
  std::vector<std::unique_ptr<DeviceState>> devices_;
};

}  // namespace trio6sim::run
