// PE1's routing table from its blog configuration plus the routes BGP and
// IS-IS would have learned: the resolutions the blog's `show route` output
// shows must come out.
#include <gtest/gtest.h>

#include "control/rib.h"
#include "junos/commit_check.h"

namespace trio6sim::control {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

Rib pe1_rib() {
  auto config = junos::commit_config_file(std::string(TRIO6SIM_SCENARIOS_DIR) + "/configs/blog-global-v4v6/PE1.conf");
  EXPECT_TRUE(config.has_value());
  Rib rib;
  add_config_routes(rib, *config);
  auto learned = [&](const char* prefix, int len, Protocol p, std::optional<IpAddress> gateway,
                     std::optional<IpAddress> pnh, std::optional<uint32_t> label) {
    RibRoute r;
    r.prefix = {ip(prefix), len};
    r.protocol = p;
    r.preference = default_preference(p);
    if (gateway) r.next_hops.push_back({"", gateway, std::nullopt, false, false});
    r.protocol_next_hop = pnh;
    r.push_label = label;
    rib.add(r);
  };
  learned("60.1.2.0", 24, Protocol::kBgp, std::nullopt, ip("12.1.1.2"), std::nullopt);
  learned("3000:60:1:1::", 64, Protocol::kBgp, std::nullopt, ip("::ffff:12.1.1.2"), 17);
  learned("50.1.1.0", 24, Protocol::kBgp, ip("13.11.1.2"), std::nullopt, std::nullopt);
  learned("13.10.2.0", 24, Protocol::kIsis, ip("13.10.1.2"), std::nullopt, std::nullopt);
  learned("12.1.1.2", 32, Protocol::kIsis, ip("13.10.1.2"), std::nullopt, std::nullopt);
  rib.resolve();
  return rib;
}

TEST(Rib, StaticBeatsIsisForTheRemoteLoopback) {
  // Blog: 12.1.1.2/32 *[Static/5] via st0.1, [IS-IS/18] to 13.10.1.2 via ae0.0.
  const Rib rib = pe1_rib();
  const auto routes = rib.routes_for(ip("12.1.1.2"));
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_TRUE(routes[0]->active);
  EXPECT_EQ(routes[0]->protocol, Protocol::kStatic);
  EXPECT_EQ(routes[0]->forwarding.at(0).interface, "st0.1");
  EXPECT_FALSE(routes[1]->active);
  EXPECT_EQ(routes[1]->protocol, Protocol::kIsis);
  EXPECT_EQ(routes[1]->forwarding.at(0).interface, "ae0.0");
  EXPECT_EQ(routes[1]->forwarding.at(0).gateway->to_string(), "13.10.1.2");
}

TEST(Rib, BgpRoutesResolveThroughTheTunnel) {
  const Rib rib = pe1_rib();
  const RibRoute* v4 = rib.lookup(ip("60.1.2.7"));
  ASSERT_NE(v4, nullptr);
  EXPECT_EQ(v4->protocol, Protocol::kBgp);
  ASSERT_EQ(v4->forwarding.size(), 1u);
  EXPECT_EQ(v4->forwarding[0].interface, "st0.1");
  EXPECT_FALSE(v4->forwarding[0].push_label.has_value());
  // IPv6 with protocol next hop ::ffff:12.1.1.2, via the inet6.0 static route, label 17 pushed.
  const RibRoute* v6 = rib.lookup(ip("3000:60:1:1::1"));
  ASSERT_NE(v6, nullptr);
  ASSERT_EQ(v6->forwarding.size(), 1u);
  EXPECT_EQ(v6->forwarding[0].interface, "st0.1");
  EXPECT_EQ(v6->forwarding[0].push_label.value(), 17u);
}

TEST(Rib, GatewaysResolveThroughDirectRoutes) {
  const Rib rib = pe1_rib();
  const RibRoute* ce = rib.lookup(ip("50.1.1.9"));
  ASSERT_NE(ce, nullptr);
  EXPECT_EQ(ce->forwarding.at(0).interface, "et-0/2/10.0");
  EXPECT_EQ(ce->forwarding.at(0).gateway->to_string(), "13.11.1.2");
  const RibRoute* peer = rib.lookup(ip("13.10.2.2"));
  ASSERT_NE(peer, nullptr);
  EXPECT_EQ(peer->forwarding.at(0).interface, "ae0.0");
  const RibRoute* own = rib.lookup(ip("13.10.1.1"));
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(own->protocol, Protocol::kLocal);
  EXPECT_TRUE(own->forwarding.at(0).local);
  EXPECT_EQ(rib.lookup(ip("99.9.9.9")), nullptr);
}

TEST(Rib, UnresolvableNextHopsStayInactive) {
  Rib rib;
  RibRoute r;
  r.prefix = {ip("70.0.0.0"), 8};
  r.protocol = Protocol::kBgp;
  r.preference = 170;
  r.protocol_next_hop = ip("1.2.3.4");
  rib.add(r);
  rib.resolve();
  EXPECT_EQ(rib.lookup(ip("70.1.1.1")), nullptr);
  EXPECT_EQ(rib.counts(IpAddress::Family::kV4).routes, 1u);
  EXPECT_EQ(rib.counts(IpAddress::Family::kV4).active, 0u);
}

TEST(Rib, NetworkOfMasksHostBits) {
  EXPECT_EQ(network_of({ip("13.10.1.1"), 24}).to_string(), "13.10.1.0/24");
  EXPECT_EQ(network_of({ip("2002:13:11:1::1"), 64}).to_string(), "2002:13:11:1::/64");
  EXPECT_EQ(network_of({ip("10.255.255.255"), 12}).to_string(), "10.240.0.0/12");
}

}  // namespace
}  // namespace trio6sim::control
