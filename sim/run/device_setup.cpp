#include "device_setup.h"

#include <algorithm>
#include <fmt/core.h>
#include <random>

#include "control/learned_routes.h"
#include "junos/commit_check.h"
#include "models/simulation.h"

namespace trio6sim::run {

namespace {

// Labels the scenario's learned routes push toward a device (labeled BGP:
// the protocol next hop's owner allocated them) are that device's to pop.
std::vector<uint32_t> labels_allocated_by(const junos::DeviceConfig& config,
                                          const std::vector<scenario::LearnedRouteSpec>& learned) {
  std::vector<uint32_t> labels;
  for (const auto& l : learned) {
    if (!l.push_label || !l.protocol_next_hop) continue;
    IpAddress nh = *l.protocol_next_hop;
    if (nh.is_v6()) {  // ::ffff:a.b.c.d, IPv4-mapped (6PE)
      const uint8_t* b = nh.data();
      bool mapped = b[10] == 0xff && b[11] == 0xff;
      for (int i = 0; i < 10; ++i) mapped = mapped && b[i] == 0;
      if (mapped) nh = IpAddress::v4(b + 12);
    }
    bool owns = false;
    for (const auto& ifd : config.interfaces)
      for (const auto& u : ifd.units)
        for (const auto& f : u.families)
          for (const auto& p : f.ip_prefixes()) owns = owns || p.address == nh;
    if (owns && std::find(labels.begin(), labels.end(), *l.push_label) == labels.end()) labels.push_back(*l.push_label);
  }
  return labels;
}

}  // namespace

Expected<void, std::string> commit_devices(const scenario::ScenarioSpec& spec, Devices& devices) {
  for (const auto& dev : spec.devices) {
    auto config = dev.config_text.empty() ? junos::commit_config_file(dev.config_path)
                                          : junos::commit_config_text(dev.config_text, dev.where.str());
    if (!config)
      return unexpected(fmt::format("{}: device {}: its configuration does not commit:\n{}", dev.where.str(), dev.name,
                                    config.error()));
    auto d = std::make_unique<DeviceState>();
    d->name = dev.name;
    d->config = std::move(*config);
    devices.push_back(std::move(d));
  }
  return {};
}

Expected<control::NegotiationResult, std::string> plan_devices(const scenario::ScenarioSpec& spec, Devices& devices,
                                                               uint64_t seed) {
  std::vector<control::DeviceRef> refs;
  for (const auto& d : devices) refs.push_back({d->name, &d->config});
  std::mt19937_64 rng(seed);
  control::NegotiationResult negotiation = control::negotiate(refs, rng);
  for (std::size_t i = 0; i < devices.size(); ++i) {
    DeviceState& d = *devices[i];
    control::add_config_routes(d.rib, d.config);
    control::add_learned_routes(d.rib, d.name, spec.learned_routes);
    d.rib.resolve();
    auto plan = control::plan_router(d.name, d.config, d.rib, spec.devices[i].lmics, negotiation);
    if (!plan) return unexpected(fmt::format("{}: device {}: {}", spec.devices[i].where.str(), d.name, plan.error()));
    d.plan = std::move(*plan);
  }
  return negotiation;
}

Expected<void, std::string> build_models(const scenario::ScenarioSpec& spec, Devices& devices, bool timing_only) {
  models::fresh_simulation_context();
  models::Trio6Params params;
  for (const auto& [key, value] : spec.parameters) {
    try {
      params.set(key, value);
    } catch (const std::exception& e) {
      return unexpected(fmt::format("{}: parameters: {}", spec.file, e.what()));
    }
  }
  if (timing_only) params.ipsec.timing_only = true;
  for (auto& d : devices) {
    auto model = build_device(d->plan, d->config, labels_allocated_by(d->config, spec.learned_routes), params);
    if (!model) return unexpected(model.error());
    d->model = std::move(*model);
  }
  return {};
}

}  // namespace trio6sim::run
