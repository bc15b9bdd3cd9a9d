#include "scenario_routers.h"

#include <fmt/core.h>

#include "device_setup.h"
#include "models/config_error.h"
#include "scenario/scenario_loader.h"

namespace trio6sim::run {

Expected<std::unique_ptr<ScenarioRouters>, std::string> ScenarioRouters::load(const std::string& scenario_path) {
  auto spec = scenario::load_scenario(scenario_path);
  if (!spec) return unexpected(spec.error());
  if (spec->ike_mode == scenario::IkeMode::kWire)
    return unexpected(fmt::format("{}: ike: wire needs IKE to travel the scenario's links; ScenarioRouters builds "
                                  "the routers only (use `ike_negotiation`, or trio6sim run)",
                                  spec->file));
  auto routers = std::unique_ptr<ScenarioRouters>(new ScenarioRouters);
  routers->spec_ = std::move(*spec);
  const scenario::ScenarioSpec& s = routers->spec_;
  if (auto ok = commit_devices(s, routers->devices_); !ok) return unexpected(ok.error());
  if (auto ok = plan_devices(s, routers->devices_, s.seed); !ok) return unexpected(ok.error());
  if (auto ok = build_models(s, routers->devices_, false); !ok) return unexpected(ok.error());
  for (auto& d : routers->devices_) install_tunnels(d->model);
  return routers;
}

DeviceState& ScenarioRouters::device(const std::string& name) {
  std::string names;
  for (auto& d : devices_) {
    if (d->name == name) return *d;
    names += (names.empty() ? "" : ", ") + d->name;
  }
  throw models::ConfigError(fmt::format("{}: no device {} (the file has {})", spec_.file, name, names));
}

models::MxRouter& ScenarioRouters::router(const std::string& name) { return *device(name).model.router; }

models::LinkEnd ScenarioRouters::port(const std::string& name, const std::string& interface) {
  DeviceState& d = device(name);
  auto it = d.model.ports.find(interface);
  if (it == d.model.ports.end())
    throw models::ConfigError(fmt::format("{}: {} has no configured port {}", spec_.file, name, interface));
  return {&d.model.router->chip(it->second.chip), it->second.port};
}

}  // namespace trio6sim::run
