#include "device_shows.h"

#include <fmt/core.h>

#include "control/operational.h"
#include "show/show_interfaces.h"
#include "show/show_ipsec.h"

namespace trio6sim::run {

using models::IflCounters;

std::string answer_show(const DeviceState& d, const ShowCommand& c, uint64_t now,
                        const ShowContext& context) {
  const bool up = context.tunnels_installed;
  const control::NegotiationResult none;
  const control::NegotiationResult& neg = up ? context.negotiation : none;
  switch (c.kind) {
    case ShowKind::kIkeSas: return control::show_ike_security_associations(d.name, neg);
    case ShowKind::kIpsecSas:
      return control::show_ipsec_security_associations(d.name, neg, c.detail, context.ike_negotiation_ps, now);
    case ShowKind::kIpsecStatistics: {
      if (c.argument.empty()) return show::ipsec_statistics(d.model.router->ipsec_statistics());
      // Tunnel IDs count from 500001 over the device's tunnels that are up,
      // in the order `show security ipsec security-associations` lists them.
      uint32_t id = 500001;
      for (const auto& t : neg.tunnels) {
        if (!t.up || (t.a.device != d.name && t.b.device != d.name)) continue;
        const std::string& vpn = (t.a.device == d.name ? t.a : t.b).vpn->name;
        if (std::to_string(id++) != c.argument) continue;
        crypto::IpsecStatistics s;
        for (const auto& ti : d.model.tunnels)
          if (ti.plan.vpn == vpn)
            for (auto sa : {ti.outbound_sa, ti.inbound_sa})
              if (sa) s += d.model.router->chip(ti.chip).sa_statistics(*sa);
        return show::ipsec_statistics(s);
      }
      return fmt::format("error: no tunnel with index {}\n", c.argument);
    }
    case ShowKind::kInterfacesTerse: return control::show_interfaces_terse(d.config);
    case ShowKind::kRoute: {
      auto r = control::show_route(d.rib, d.config, c.argument, now);
      return r ? *r : "error: " + r.error() + "\n";
    }
    case ShowKind::kInterfacePps: {
      // Packets as counted now (an end-of-run show runs after the drain);
      // rates over the window ending at `now`, read as the report and the
      // expectations read them.
      const IflCounters n = d.model.counters(c.argument);
      auto pps = [&](const char* field) {
        const auto v = context.counters.read(d.name, "interfaces." + c.argument + "." + field, now);
        return static_cast<uint64_t>(v.value_or(0) + 0.5);
      };
      show::PacketRates r;
      r.input_packets = n.input_packets;
      r.output_packets = n.output_packets;
      r.input_pps = pps("input_pps");
      r.output_pps = pps("output_pps");
      if (c.argument.find('.') == std::string::npos) return show::extensive_pps_physical(r);
      const bool service = c.argument.starts_with("st0.") || c.argument.starts_with("si-");
      return show::extensive_pps_logical(r, r, service);
    }
  }
  return {};
}

}  // namespace trio6sim::run
