// Every show command a scenario may ask for parses to what the runner
// answers, with its pipes; anything else is an error listing the supported
// commands and pipes.
#include <gtest/gtest.h>

#include "run/show_command.h"

namespace trio6sim::run {
namespace {

ShowCommand parse_command(const std::string& text) {
  auto c = parse_show_command(text);
  EXPECT_TRUE(c.has_value()) << text << ": " << (c ? "" : c.error());
  return c ? *c : ShowCommand{};
}

TEST(ShowCommand, SecurityAssociations) {
  EXPECT_EQ(parse_command("show security ike security-associations").kind, ShowKind::kIkeSas);
  auto c = parse_command("show security ipsec security-associations");
  EXPECT_EQ(c.kind, ShowKind::kIpsecSas);
  EXPECT_FALSE(c.detail);
  c = parse_command("show security ipsec security-associations detail");
  EXPECT_EQ(c.kind, ShowKind::kIpsecSas);
  EXPECT_TRUE(c.detail);
}

TEST(ShowCommand, IpsecStatistics) {
  auto c = parse_command("show security ipsec statistics");
  EXPECT_EQ(c.kind, ShowKind::kIpsecStatistics);
  EXPECT_EQ(c.argument, "");
  c = parse_command("show security ipsec statistics index 500001");
  EXPECT_EQ(c.kind, ShowKind::kIpsecStatistics);
  EXPECT_EQ(c.argument, "500001");
  auto bad = parse_show_command("show security ipsec statistics index st0.1");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().find("tunnel ID"), std::string::npos) << bad.error();
}

TEST(ShowCommand, InterfaceExtensiveEitherOrderWithAnyPipes) {
  for (const char* text : {"show interfaces extensive et-0/2/10.0 | match pps",
                           "show interfaces et-0/2/10.0 extensive |match pps",
                           "show interfaces extensive et-0/2/10.0|match pps",
                           "show interfaces et-0/2/10.0 extensive | match pps"}) {
    auto c = parse_command(text);
    EXPECT_EQ(c.kind, ShowKind::kInterfaceExtensive) << text;
    EXPECT_EQ(c.argument, "et-0/2/10.0") << text;
    ASSERT_EQ(c.pipes.size(), 1u) << text;
    EXPECT_EQ(c.pipes[0].kind, show::PipeKind::kMatch);
    EXPECT_EQ(c.pipes[0].argument, "pps");
  }
  EXPECT_EQ(parse_command("show interfaces extensive ae0 | match pps").argument, "ae0");
  EXPECT_EQ(parse_command("show interfaces st0.1 extensive |match pps").argument, "st0.1");
  EXPECT_TRUE(parse_command("show interfaces extensive ae0").pipes.empty());
  EXPECT_EQ(parse_command("show interfaces extensive ae0 | match bps | count").pipes.size(), 2u);
  // Without the interface it names nothing.
  EXPECT_FALSE(parse_show_command("show interfaces extensive | match pps").has_value());
}

TEST(ShowCommand, InterfacesTerseAllOrOne) {
  auto c = parse_command("show interfaces terse");
  EXPECT_EQ(c.kind, ShowKind::kInterfacesTerse);
  EXPECT_EQ(c.argument, "");
  for (const char* text : {"show interfaces terse st0", "show interfaces st0 terse"}) {
    c = parse_command(text);
    EXPECT_EQ(c.kind, ShowKind::kInterfacesTerse) << text;
    EXPECT_EQ(c.argument, "st0") << text;
  }
  // The blog's scale commands.
  c = parse_command("show interfaces st0 terse |match inet | count |except inet6");
  EXPECT_EQ(c.argument, "st0");
  ASSERT_EQ(c.pipes.size(), 3u);
  EXPECT_EQ(c.pipes[1].kind, show::PipeKind::kCount);
  EXPECT_EQ(c.pipes[2].kind, show::PipeKind::kExcept);
  c = parse_command("show interfaces terse si-2/1/0 |except inet6 | count");
  EXPECT_EQ(c.argument, "si-2/1/0");
  EXPECT_EQ(c.pipes.size(), 2u);
  EXPECT_EQ(parse_command("show interfaces terse | match si-").pipes.size(), 1u);
  EXPECT_EQ(parse_command("show interfaces terse | match \"si-|st0\"").pipes[0].argument, "si-|st0");
}

TEST(ShowCommand, EveryCommandTakesPipes) {
  EXPECT_EQ(parse_command("show security ike security-associations |match UP | count").pipes.size(), 2u);
  EXPECT_EQ(parse_command("show security ipsec security-associations | last 4").pipes[0].n, 4u);
  EXPECT_TRUE(parse_command("show security ipsec security-associations detail | no-more").detail);
  EXPECT_EQ(parse_command("show security ipsec statistics index 500001 | find Errors").argument, "500001");
  EXPECT_EQ(parse_command("show route 60.1.2.0 extensive | trim 5").argument, "60.1.2.0 extensive");
}

TEST(ShowCommand, BadPipesListTheSupportedOnes) {
  for (const char* text : {"show interfaces terse | grep si", "show interfaces terse | match \"(\"",
                           "show interfaces terse | last 0", "show interfaces terse | count x"}) {
    auto c = parse_show_command(text);
    ASSERT_FALSE(c.has_value()) << text;
    EXPECT_NE(c.error().find(show::supported_pipes()), std::string::npos) << c.error();
  }
}

TEST(ShowCommand, Route) {
  auto c = parse_command("show route 60.1.2.0");
  EXPECT_EQ(c.kind, ShowKind::kRoute);
  EXPECT_EQ(c.argument, "60.1.2.0");
  c = parse_command("show route 60.1.2.0 extensive");
  EXPECT_EQ(c.kind, ShowKind::kRoute);
  EXPECT_EQ(c.argument, "60.1.2.0 extensive");
  c = parse_command("show route 3000:60:1:1::1 extensive");
  EXPECT_EQ(c.argument, "3000:60:1:1::1 extensive");
}

// The address is read before the run as the show reads it: trailing text, an
// octet past 255 or a prefix length past the family's is an error naming the
// word and what was expected, not an "error:" line in the show's output.
TEST(ShowCommand, RouteAddressesAreCheckedBeforeTheRun) {
  EXPECT_EQ(parse_command("show route 10.0.0.0/24").argument, "10.0.0.0/24");
  EXPECT_EQ(parse_command("show route 0.0.0.0/0 extensive").argument, "0.0.0.0/0 extensive");
  EXPECT_EQ(parse_command("show route 2001:db8::/128").argument, "2001:db8::/128");
  EXPECT_EQ(parse_command("show route ::ffff:10.0.0.1").argument, "::ffff:10.0.0.1");
  struct Case {
    const char* text;
    const char* fragment;
  };
  for (const Case& c :
       {Case{"show route 10.0.0.1x", "'10.0.0.1x' is not an address: expected an IPv4 address (four octets 0-255"},
        Case{"show route 10.0.0.256", "'10.0.0.256' is not an address"},
        Case{"show route 10.0.1", "'10.0.1' is not an address"},
        Case{"show route 10.0.0.1x extensive", "'10.0.0.1x' is not an address"},
        Case{"show route 2001:db8::1x", "'2001:db8::1x' is not an address"},
        Case{"show route 2001:db8:::1", "'2001:db8:::1' is not an address"},
        Case{"show route ::ffff:10.0.0.256", "'::ffff:10.0.0.256' is not an address"},
        Case{"show route 10.0.0.0/33", "'33' is not a prefix length of 10.0.0.0: expected 0 to 32 (IPv4)"},
        Case{"show route 10.0.0.0/24junk", "'24junk' is not a prefix length of 10.0.0.0: expected 0 to 32"},
        Case{"show route 10.0.0.0/", "'' is not a prefix length of 10.0.0.0"},
        Case{"show route 10.0.0.0/-1", "'-1' is not a prefix length"},
        Case{"show route 2001:db8::/129", "'129' is not a prefix length of 2001:db8::: expected 0 to 128 (IPv6)"},
        Case{"show route 2001:db8::/99999999999", "expected 0 to 128 (IPv6)"},
        Case{"show route 10.0.0.0/24 junk", "unsupported show command"},
        Case{"show route 10.0.0.256 | count", "'10.0.0.256' is not an address"}}) {
    auto r = parse_show_command(c.text);
    ASSERT_FALSE(r.has_value()) << c.text;
    EXPECT_NE(r.error().find(c.fragment), std::string::npos) << c.text << " -> " << r.error();
  }
}

TEST(ShowCommand, IkeSecurityAssociationsTakeAnIndexAndDetail) {
  auto a = parse_show_command("show security ike security-associations index 4 detail");
  ASSERT_TRUE(a.has_value()) << a.error();
  EXPECT_EQ(a->kind, ShowKind::kIkeSas);
  EXPECT_EQ(a->argument, "4");
  EXPECT_TRUE(a->detail);
  auto b = parse_show_command("show security ike security-associations detail");
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(b->detail);
  EXPECT_TRUE(b->argument.empty());
  auto c = parse_show_command("show security ike security-associations index 1");
  ASSERT_TRUE(c.has_value());
  EXPECT_FALSE(c->detail);
  for (const char* bad : {"show security ike security-associations index", "show security ike security-associations index x1"}) {
    auto e = parse_show_command(bad);
    ASSERT_FALSE(e.has_value()) << bad;
    EXPECT_NE(e.error().find("index is the IKE SA's index"), std::string::npos) << e.error();
  }
}

TEST(ShowCommand, UnsupportedListsTheSupportedOnes) {
  for (const char* text : {"show version", "show security ipsec sa", "show route 60.1.2.0 detail",
                           "show interfaces ae0", "show interfaces extensive ae0 et-0/0/0", "",
                           "show interfaces terse extensive", "show security ike security-associations detail extensive",
                           "show security ike security-associations detail index 1"}) {
    auto c = parse_show_command(text);
    ASSERT_FALSE(c.has_value()) << text;
    EXPECT_NE(c.error().find("unsupported show command"), std::string::npos) << c.error();
    for (const char* supported :
         {"show security ike security-associations", "show security ipsec security-associations [detail]",
          "show security ipsec statistics [index N]", "show interfaces extensive INTERFACE",
          "show interfaces terse [INTERFACE]", "show route ADDRESS [extensive]", "| match REGEX", "| count"})
      EXPECT_NE(c.error().find(supported), std::string::npos) << text << " -> " << c.error();
  }
}

}  // namespace
}  // namespace trio6sim::run

#include <chrono>

#include "inline_scenario.h"

namespace trio6sim::run {
namespace {

// A router with `units` st0 units (family inet only, as the blog's scale
// test: research note 3.2) and as many si-0/0/0 units (inet and inet6, as the
// blog's si units), generated as Junos set statements.
std::string many_units_scenario(int units) {
  std::string config = "set chassis fpc 0 pic 0 inline-services\\n"
                       "set interfaces et-0/0/0 unit 0 family inet address 10.0.0.1/24\\n"
                       "set interfaces et-0/0/4 unit 0 family inet address 10.0.1.1/24\\n";
  for (int u = 1; u <= units; ++u) config += "set interfaces st0 unit " + std::to_string(u) + " family inet\\n";
  for (int u = 0; u < units; ++u) {
    const std::string unit = "set interfaces si-0/0/0 unit " + std::to_string(u);
    config += unit + " family inet\\n" + unit + " family inet6\\n";
  }
  return "scenario: many-units\n"
         "duration: 100us\n"
         "devices:\n"
         "  R1: {platform: mx304, lmics: [0], config_text: \"" + config + "\"}\n"
         "generators:\n"
         "  In:\n"
         "    attach: R1:et-0/0/0\n"
         "    streams:\n"
         "      a: {family: ipv4, source: 10.0.0.2, destination: 10.0.1.5, frame_size: 512, rate: 1mpps}\n"
         "  Out:\n"
         "    attach: R1:et-0/0/4\n"
         "    streams: {}\n"
         "show:\n"
         "  - {device: R1, command: 'show interfaces st0 terse |match inet | count |except inet6'}\n"
         "  - {device: R1, command: 'show interfaces terse si-0/0/0 |except inet6 | count'}\n"
         "  - {device: R1, command: 'show interfaces terse | match si-0/0/[123]'}\n"
         "  - {device: R1, command: 'show interfaces terse st0.7'}\n"
         "  - {device: R1, command: 'show interfaces extensive st0 | match \"Physical|Logical\" | count'}\n";
}

std::string text_of(const RunResult& r, const std::string& command_start) {
  for (const auto& s : r.shows)
    if (s.command.starts_with(command_start)) return s.text;
  std::string all;
  for (const auto& s : r.shows) all += s.command + "\n";
  ADD_FAILURE() << "no show " << command_start << " among:\n" << all;
  return {};
}

// The blog's scale counts (`Count: 2000 lines`, `Count: 2002 lines`) from a
// run of a router with 2,000 st0 units and 2,000 si units, in well under a
// second of show work.
TEST(ShowInRun, BlogScaleCountsOnTwoThousandUnits) {
  const auto spec = parse(many_units_scenario(2000));
  const auto start = std::chrono::steady_clock::now();
  const RunResult r = run_ok(spec);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(text_of(r, "show interfaces st0 terse"), "Count: 2000 lines\n");
  EXPECT_EQ(text_of(r, "show interfaces terse si-0/0/0"), "Count: 2002 lines\n");
  // inline-services creates si-0/0/0..3; the three without units are listed too.
  EXPECT_EQ(text_of(r, "show interfaces terse | match"),
            "si-0/0/1                up    up\nsi-0/0/2                up    up\nsi-0/0/3                up    up\n");
  EXPECT_EQ(text_of(r, "show interfaces terse st0.7"),
            "Interface               Admin Link Proto    Local                 Remote\n"
            "st0.7                   up    up   inet     \n");
  EXPECT_EQ(text_of(r, "show interfaces extensive st0"), "Count: 2001 lines\n");
  EXPECT_LT(seconds, 60.0);  // the whole run, SystemC elaboration included; the shows are linear
}

}  // namespace
}  // namespace trio6sim::run

#include <fmt/core.h>

#include "control/operational.h"

namespace trio6sim::run {
namespace {

// 2,000 tunnels up on ce1, each with its own gateway 173.(1 + k/250).(k%250).1
// (research note A14), VPN, st0 unit and service set: the IKE and IPsec SA
// shows keep the blog's format and run in linear time.
TEST(ShowAtScale, TwoThousandTunnelsInTheBlogsFormat) {
  constexpr int kTunnels = 2000;
  junos::DeviceConfig ce1, ce2;
  std::vector<junos::IpsecVpn> vpns(kTunnels);
  std::vector<junos::IkeGateway> local(kTunnels), remote(kTunnels);
  for (int k = 0; k < kTunnels; ++k) {
    vpns[k].name = "vpn" + std::to_string(k);
    vpns[k].bind_interface = "st0." + std::to_string(k + 1);
    remote[k].local_address = fmt::format("173.{}.{}.1", 1 + k / 250, k % 250);
    local[k].local_address = fmt::format("172.{}.{}.1", 1 + k / 250, k % 250);
    local[k].addresses = {remote[k].local_address};
    junos::ServiceSet ss;
    ss.inside_service_interface = fmt::format("si-0/1/{}.{}", k < 1000 ? 0 : 2, 2 * (k % 1000));
    ss.ipsec_vpns = {vpns[k].name};
    ce1.service_sets.push_back(ss);
  }
  control::NegotiationResult neg;
  for (int k = 0; k < kTunnels; ++k) {
    control::Tunnel t;
    t.a = {"ce1", &ce1, &vpns[k], &local[k]};
    t.b = {"ce2", &ce2, &vpns[k], &remote[k]};
    t.up = true;
    t.ike_sa_index_a = 100 + k;
    t.a_to_b.spi = 0x10000000u + k;
    t.b_to_a.spi = 0x20000000u + k;
    neg.tunnels.push_back(t);
  }
  const auto start = std::chrono::steady_clock::now();
  const std::string ike = control::show_ike_security_associations("ce1", neg);
  const std::string ipsec = control::show_ipsec_security_associations("ce1", neg, false, 0, 0);
  const std::string detail = control::show_ipsec_security_associations("ce1", neg, true, 0, 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  EXPECT_EQ(show::apply_pipes(ike, parse_command("show security ike security-associations |match UP | count").pipes),
            "Count: 2000 lines\n");
  EXPECT_EQ(ipsec.rfind("  Total active tunnels: 2000  Total IPsec sas: 2000\n"
                        "  ID      Algorithm       SPI      Life:sec/kb  Mon lsys Port  Gateway\n",
                        0),
            0u);
  EXPECT_NE(ipsec.find("\n  <502000 ESP:aes-gcm-256/aes256-gcm 0x200007cf 3600/ unlim - root 500 173.8.249.1     \n"),
            std::string::npos);
  EXPECT_EQ(show::apply_pipes(ipsec, show::parse_pipes("x | match \"^  [<>]5\" | count")->pipes),
            "Count: 4000 lines\n");
  // Each tunnel's anchor from its own service set.
  EXPECT_EQ(show::apply_pipes(detail, show::parse_pipes("x | match \"Distribution-Profile: si-0/1/2\" | count")->pipes),
            "Count: 1000 lines\n");
  EXPECT_LT(seconds, 5.0);  // quadratic work at 2,000 tunnels took far longer than the whole run's shows
}

}  // namespace
}  // namespace trio6sim::run
