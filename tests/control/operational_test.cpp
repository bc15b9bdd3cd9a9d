// `show route` from PE1's own routing table (configuration + the blog
// scenario's learned routes) gives the blog's route lines; `show interfaces
// terse` lists the configured units.
#include <gtest/gtest.h>

#include "control/learned_routes.h"
#include "control/operational.h"
#include "junos/commit_check.h"
#include "scenario/scenario_loader.h"

namespace trio6sim::control {
namespace {

struct Pe1 {
  scenario::ScenarioSpec spec =
      scenario::load_scenario(std::string(TRIO6SIM_SCENARIOS_DIR) + "/blog-global-v4v6.yaml").value();
  junos::DeviceConfig config = junos::commit_config_file(spec.devices.at(0).config_path).value();
  Rib rib;
  Pe1() {
    add_config_routes(rib, config);
    add_learned_routes(rib, "PE1", spec.learned_routes);
    RibRoute isis;  // the blog's IS-IS route to PE2's loopback, behind the static one
    isis.prefix = {*IpAddress::parse("12.1.1.2"), 32};
    isis.protocol = Protocol::kIsis;
    isis.preference = 18;
    isis.metric = 20;
    isis.next_hops.push_back({"", IpAddress::parse("13.10.1.2"), std::nullopt, false, false});
    rib.add(isis);
    rib.resolve();
  }
};

TEST(Operational, ShowRouteGivesTheBlogsLines) {
  Pe1 pe1;
  const std::string lo = pe1.rib.routes().empty() ? "" : show_route(pe1.rib, "12.1.1.2", 0).value();
  EXPECT_NE(lo.find("12.1.1.2/32        *[Static/5] 00:00:00\n                    >  via st0.1\n"
                    "                    [IS-IS/18] 00:00:00, metric 20\n"
                    "                    >  to 13.10.1.2 via ae0.0\n"),
            std::string::npos)
      << lo;
  const std::string v4 = show_route(pe1.rib, "60.1.1.0", 0).value();
  EXPECT_NE(v4.find("60.1.1.0/24        *[BGP/170] 00:00:00, localpref 100, from 12.1.1.2\n"
                    "                      AS path: 20002 I, validation-state: unverified\n"
                    "                    >  via st0.1\n"),
            std::string::npos)
      << v4;
  const std::string v6 = show_route(pe1.rib, "3000:60:1:1::1", 0).value();
  EXPECT_NE(v6.find("3000:60:1:1::/64   *[BGP/170] 00:00:00, localpref 100, from ::ffff:12.1.1.2\n"), std::string::npos)
      << v6;
  EXPECT_NE(v6.find(">  via st0.1, Push 17\n"), std::string::npos);
  EXPECT_EQ(v6.substr(0, 8), "inet6.0:");
  EXPECT_FALSE(show_route(pe1.rib, "not-an-address", 0).has_value());
}

TEST(Operational, InterfacesTerseListsUnits) {
  Pe1 pe1;
  const std::string t = show_interfaces_terse(pe1.config);
  EXPECT_NE(t.find("st0.1                   up    up   inet     \n                                   inet6"), std::string::npos) << t;
  EXPECT_NE(t.find("et-0/2/10.0             up    up   inet     13.11.1.1/24\n"), std::string::npos) << t;
  EXPECT_NE(t.find("si-0/1/0                up    up\n"), std::string::npos) << t;
}

}  // namespace
}  // namespace trio6sim::control
