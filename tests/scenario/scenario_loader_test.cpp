// The scenario file format (docs/scenarios.md): the delivered scenarios load
// with the values they state, and every bad input names the file, the line
// and what was expected.
#include <gtest/gtest.h>

#include <filesystem>

#include "scenario/scenario_loader.h"

namespace trio6sim::scenario {
namespace {

const std::string kMinimal = R"(scenario: tiny
duration: 1ms
devices:
  R1: {platform: mx304, config_text: "system { host-name R1; }"}
  R2: {platform: mx304, lmics: [0], config_text: "system { host-name R2; }"}
links:
  - {a: R1:et-0/0/0, b: R2:et-0/0/0, delay: 1us}
generators:
  G:
    attach: R1:et-0/0/1
    streams:
      s1:
        family: ipv4
        source: 10.0.0.1
        destination: {first: 20.0.0.1, count: 4, step: 0.0.1.0}
        frame_size: 64
        rate: 1mpps
)";

std::string error_of(const std::string& text) {
  auto r = parse_scenario(text, "t.yaml", ".");
  EXPECT_FALSE(r.has_value());
  return r.has_value() ? "" : r.error();
}

std::string with(const std::string& extra) { return kMinimal + extra; }

TEST(ScenarioLoader, MinimalScenario) {
  auto s = parse_scenario(kMinimal, "t.yaml", ".");
  ASSERT_TRUE(s.has_value()) << s.error();
  EXPECT_EQ(s->name, "tiny");
  EXPECT_EQ(s->duration_ps, 1'000'000'000u);
  ASSERT_EQ(s->devices.size(), 2u);
  EXPECT_EQ(s->devices[0].name, "R1");
  EXPECT_EQ(s->devices[0].lmics, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(s->devices[1].lmics, (std::vector<int>{0}));
  ASSERT_EQ(s->links.size(), 1u);
  EXPECT_EQ(s->links[0].b.str(), "R2:et-0/0/0");
  EXPECT_EQ(s->links[0].delay_ps, 1'000'000u);
  const auto& st = s->generators.at(0).streams.at(0);
  EXPECT_EQ(st.frame_bytes, 64u);
  EXPECT_DOUBLE_EQ(st.rate.packets_per_second, 1e6);
  EXPECT_EQ(address_at(st.destination, 3).to_string(), "20.0.3.1");
  EXPECT_EQ(address_at(st.source, 0).to_string(), "10.0.0.1");
}

TEST(ScenarioLoader, AddressRangesCarryAcrossBytes) {
  AddressRange r{*IpAddress::parse("10.0.255.250"), 10, *IpAddress::parse("0.0.0.3")};
  EXPECT_EQ(address_at(r, 2).to_string(), "10.1.0.0");
  AddressRange v6{*IpAddress::parse("3000:60:1:ffff::1"), 3, *IpAddress::parse("0:0:0:1::")};
  EXPECT_EQ(address_at(v6, 1).to_string(), "3000:60:2::1");
}

TEST(ScenarioLoader, ErrorsNameFileLineAndField) {
  EXPECT_EQ(error_of("scenario: x\n"), "t.yaml:1: field 'duration': missing");
  EXPECT_EQ(error_of(with("colour: blue\n")), "t.yaml:18: field 'colour': unknown field");
  EXPECT_NE(error_of(with("seed: -3\n")).find("t.yaml:18: field 'seed': expected an unsigned integer"),
            std::string::npos);
  auto bad_platform = kMinimal;
  bad_platform.replace(bad_platform.find("R2: {platform: mx304"), 20, "R2: {platform: mx960");
  EXPECT_NE(error_of(bad_platform).find("t.yaml:5: field 'devices.R2.platform': expected mx304"), std::string::npos);
  auto bad_link = kMinimal;
  bad_link.replace(bad_link.find("b: R2:et-0/0/0"), 14, "b: R3:et-0/0/0");
  EXPECT_NE(error_of(bad_link).find("t.yaml:7: field 'links[0].b': no device named 'R3'"), std::string::npos);
  auto bad_rate = kMinimal;
  bad_rate.replace(bad_rate.find("rate: 1mpps"), 11, "rate: fast");
  EXPECT_NE(error_of(bad_rate).find("t.yaml:17: field 'generators.G.streams.s1.rate': expected a rate"),
            std::string::npos);
  auto bad_family = kMinimal;
  bad_family.replace(bad_family.find("source: 10.0.0.1"), 16, "source: 2001:db8::1");
  EXPECT_NE(error_of(bad_family).find("address family differs"), std::string::npos);
  EXPECT_NE(error_of(with("show:\n  - {device: R1, command: show version, at: 5ms}\n")).find("after the end of the run"),
            std::string::npos);
  EXPECT_NE(error_of(with("expect:\n  - {device: R1, counter: drops.total}\n")).find("exactly one comparison"),
            std::string::npos);
  EXPECT_NE(error_of("scenario: [unclosed\n").find("not valid YAML"), std::string::npos);
}

// kMinimal with `from` (which must be there) replaced by `to`.
std::string replaced(const std::string& from, const std::string& to) {
  std::string t = kMinimal;
  const auto at = t.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? t : t.replace(at, from.size(), to);
}

TEST(ScenarioLoader, DuplicateKeysAreErrorsAtTheSecond) {
  EXPECT_EQ(error_of(with("seed: 1\nseed: 2\n")), "t.yaml:19: duplicate key 'seed' (first at line 18)");
  // A device twice: yaml-cpp would keep both, and SystemC rename one.
  EXPECT_EQ(error_of(replaced("  R2: {platform: mx304, lmics: [0]", "  R1: {platform: mx304, lmics: [0]")),
            "t.yaml:5: duplicate key 'R1' (first at line 4)");
}

TEST(ScenarioLoader, StreamNamesAreUniqueAcrossGenerators) {
  const std::string e = error_of(with("  H:\n    attach: R2:et-0/0/1\n    streams:\n"
                                      "      s1: {family: ipv4, source: 1.1.1.1, destination: 2.2.2.2, frame_size: 64, "
                                      "rate: 1mpps}\n"));
  EXPECT_NE(e.find("t.yaml:21: field 'generators.H.streams.s1': stream 's1' is already defined at t.yaml:13"),
            std::string::npos)
      << e;
}

TEST(ScenarioLoader, DeviceAndGeneratorNamesAreModuleSafe) {
  EXPECT_NE(error_of(replaced("  R2: {", "  R.2: {")).find("t.yaml:5: field 'devices.R.2': expected a device name of "
                                                          "letters, digits, '-' and '_', got 'R.2'"),
            std::string::npos);
  EXPECT_NE(error_of(replaced("  G:\n", "  \"G 1\":\n")).find("expected a generator name"), std::string::npos);
}

TEST(ScenarioLoader, TimesAreBoundedWholePicoseconds) {
  EXPECT_NE(error_of(replaced("duration: 1ms", "duration: 1e9s")).find("t.yaml:2: field 'duration': '1e9s' is longer "
                                                                       "than the maximum of 1000000s"),
            std::string::npos);
  EXPECT_NE(error_of(replaced("delay: 1us", "delay: 2000000s")).find("field 'links[0].delay'"), std::string::npos);
  EXPECT_NE(error_of(replaced("rate: 1mpps", "rate: 1mpps\n        start: 0.5ps")).find("whole number of picoseconds"),
            std::string::npos);
  auto s = parse_scenario(replaced("delay: 1us", "delay: 1000000s"), "t.yaml", ".");
  ASSERT_TRUE(s.has_value()) << s.error();  // the maximum itself is a valid delay
  EXPECT_EQ(s->links[0].delay_ps, 1'000'000'000'000'000'000u);
}

TEST(ScenarioLoader, RatesAGeneratorCanFollow) {
  for (const char* rate : {"1e30pps", "1e-9pps", "0.5pps", "1e20g", "100"}) {
    const std::string e = error_of(replaced("rate: 1mpps", std::string("rate: ") + rate));
    EXPECT_NE(e.find("t.yaml:17: field 'generators.G.streams.s1.rate'"), std::string::npos) << rate << ": " << e;
    EXPECT_NE(e.find("outside the rates a generator can send"), std::string::npos) << rate << ": " << e;
  }
  for (const char* rate : {"1pps", "100gpps", "1k", "100t"})
    EXPECT_TRUE(parse_scenario(replaced("rate: 1mpps", std::string("rate: ") + rate), "t.yaml", ".").has_value())
        << rate;
}

TEST(ScenarioLoader, Ipv6FramesHoldTheirHeaders) {
  const std::string v6 = replaced("family: ipv4\n        source: 10.0.0.1\n        destination: {first: 20.0.0.1, "
                                  "count: 4, step: 0.0.1.0}",
                                  "family: ipv6\n        source: 2001:db8::1\n        destination: 2001:db8:1::1");
  EXPECT_NE(error_of(v6).find("field 'generators.G.streams.s1.frame_size': expected 66..9216 B"), std::string::npos);
  const std::string v6_66 = [&] {
    std::string t = v6;
    return t.replace(t.find("frame_size: 64"), 14, "frame_size: 66");
  }();
  EXPECT_TRUE(parse_scenario(v6_66, "t.yaml", ".").has_value());
  std::string v6_mix = v6;
  v6_mix.replace(v6_mix.find("frame_size: 64"), 14, "frame_size: [[64, 1], [1500, 1]]");
  EXPECT_NE(error_of(v6_mix).find("frames are 66..9216 B"), std::string::npos);
}

// `ethernet`: a stream of Ethernet frames with MAC addresses and an 802.1Q
// tag; each bad value names its line and field.
TEST(ScenarioLoader, EthernetStreams) {
  const std::string eth = replaced("frame_size: 64",
                                   "frame_size: 64\n        ethernet: {source: \"00:11:01:00:00:01\", "
                                   "destination: \"00:12:01:00:00:0A\", vlan: 10}");
  auto s = parse_scenario(eth, "t.yaml", ".");
  ASSERT_TRUE(s.has_value()) << s.error();
  const auto& st = s->generators.at(0).streams.at(0);
  ASSERT_TRUE(st.ethernet.has_value());
  EXPECT_EQ(format_mac(st.ethernet->source), "00:11:01:00:00:01");
  EXPECT_EQ(format_mac(st.ethernet->destination), "00:12:01:00:00:0a");
  EXPECT_EQ(st.ethernet->vlan, 10);
  auto bad = [&](const std::string& from, const std::string& to) {
    std::string t = eth;
    return error_of(t.replace(t.find(from), from.size(), to));
  };
  EXPECT_NE(bad("vlan: 10", "vlan: 4095").find("t.yaml:17: field 'generators.G.streams.s1.ethernet.vlan'"),
            std::string::npos);
  EXPECT_NE(bad("vlan: 10", "vlan: 0").find("expected a VLAN ID 1..4094"), std::string::npos);
  EXPECT_NE(bad("00:11:01:00:00:01", "00:11:01:00:00").find("expected a MAC address"), std::string::npos);
  EXPECT_NE(bad("00:11:01:00:00:01", "01:00:5e:00:00:01").find("unicast"), std::string::npos);
  EXPECT_NE(bad("vlan: 10", "vlan: 10, pcp: 3").find("field 'generators.G.streams.s1.ethernet.pcp': unknown field"),
            std::string::npos);
  // An IPv6 UDP frame with a tag holds 70 B at least.
  std::string v6 = eth;
  v6.replace(v6.find("family: ipv4\n        source: 10.0.0.1\n        destination: {first: 20.0.0.1, count: 4, "
                     "step: 0.0.1.0}"),
             101, "family: ipv6\n        source: 2001:db8::1\n        destination: 2001:db8:1::1");
  EXPECT_NE(error_of(v6).find("expected 70..9216 B"), std::string::npos);
  EXPECT_TRUE(parse_scenario(v6.replace(v6.find("frame_size: 64"), 14, "frame_size: 70"), "t.yaml", ".").has_value());
}

TEST(ScenarioLoader, RangesDoNotPassTheEndOfTheAddressSpace) {
  const std::string e = error_of(replaced("source: 10.0.0.1", "source: {first: 255.255.255.250, count: 10}"));
  EXPECT_NE(e.find("t.yaml:14: field 'generators.G.streams.s1.source': the range passes the end of the address "
                   "space (10 addresses from 255.255.255.250 by 0.0.0.1)"),
            std::string::npos)
      << e;
  // The last address itself is fine.
  EXPECT_TRUE(
      parse_scenario(replaced("source: 10.0.0.1", "source: {first: 255.255.255.250, count: 6}"), "t.yaml", ".")
          .has_value());
  EXPECT_FALSE(range_wraps({*IpAddress::parse("fff0::"), 16, *IpAddress::parse("1::")}));  // up to ffff::
  EXPECT_TRUE(range_wraps({*IpAddress::parse("fff0::"), 17, *IpAddress::parse("1::")}));
}

TEST(ScenarioLoader, LearnedPrefixes) {
  auto route = [](const std::string& prefixes) {
    return with("learned_routes:\n  - {device: R1, protocol: bgp, prefixes: " + prefixes +
                ", protocol_next_hop: 10.0.0.2}\n");
  };
  EXPECT_NE(error_of(route("9.9.9.0/24abc")).find("t.yaml:19: field 'learned_routes[0].prefixes': expected a prefix "
                                                  "length 0..32 after the '/' in '9.9.9.0/24abc'"),
            std::string::npos);
  for (const char* bad : {"9.9.9.0/+24", "9.9.9.0/", "9.9.9.0/ 24", "9.9.9.0/33", "2001:db8::/129"})
    EXPECT_NE(error_of(route(bad)).find("expected a prefix length"), std::string::npos) << bad;
  EXPECT_NE(error_of(route("{first: 255.255.255.0/24, count: 2}")).find("the 2 prefixes from 255.255.255.0/24 pass "
                                                                        "the end of the address space"),
            std::string::npos);
  EXPECT_NE(error_of(route("{first: 0.0.0.0/0, count: 2}")).find("pass the end"), std::string::npos);
  EXPECT_NE(error_of(route("{first: \"ffff:ffff::/32\", count: 2}")).find("pass the end"), std::string::npos);
  auto ok = parse_scenario(route("{first: 255.255.254.0/24, count: 2}"), "t.yaml", ".");
  ASSERT_TRUE(ok.has_value()) << ok.error();
  EXPECT_EQ(address_at(prefix_range(ok->learned_routes[0]), 1).to_string(), "255.255.255.0");
}

TEST(ScenarioLoader, Expectations) {
  auto s = parse_scenario(with("expect:\n"
                               "  - {device: R1, counter: interfaces.st0.1.output_pps, \"==\": 10000, tolerance: 1%, at: 1ms}\n"
                               "  - {device: R2, counter: ipsec.decrypted_packets, ge: \"R1:ipsec.encrypted_packets\"}\n"),
                          "t.yaml", ".");
  ASSERT_TRUE(s.has_value()) << s.error();
  ASSERT_EQ(s->expectations.size(), 2u);
  EXPECT_EQ(s->expectations[0].op, Comparison::kEq);
  EXPECT_DOUBLE_EQ(s->expectations[0].value.value(), 10000);
  EXPECT_DOUBLE_EQ(s->expectations[0].tolerance, 0.01);
  EXPECT_EQ(s->expectations[0].at_ps.value(), 1'000'000'000u);
  EXPECT_EQ(s->expectations[1].op, Comparison::kGe);
  EXPECT_EQ(s->expectations[1].value_of.value(), "R1:ipsec.encrypted_packets");
  EXPECT_EQ(s->expectations[1].where.line, 20);
}

TEST(ScenarioLoader, BlogScenarioFileLoads) {
  const std::string path = std::string(TRIO6SIM_SCENARIOS_DIR) + "/blog-global-v4v6.yaml";
  if (!std::filesystem::exists(std::string(TRIO6SIM_SCENARIOS_DIR) + "/configs/blog-global-v4v6/PE1.conf"))
    GTEST_SKIP() << "device configurations not present yet";
  auto s = load_scenario(path);
  ASSERT_TRUE(s.has_value()) << s.error();
  EXPECT_EQ(s->devices.size(), 3u);
  EXPECT_EQ(s->links.size(), 4u);
  EXPECT_EQ(s->generators.size(), 2u);
  EXPECT_EQ(s->learned_routes.size(), 10u);
  EXPECT_EQ(s->learned_routes[1].push_label.value(), 17u);
  EXPECT_EQ(s->learned_routes[1].protocol_next_hop->to_string(), "::ffff:12.1.1.2");
  EXPECT_GE(s->expectations.size(), 10u);
}

}  // namespace
}  // namespace trio6sim::scenario

namespace trio6sim::scenario {
namespace {

// An MX10004/MX10008 device names its line cards by FPC slot
// (docs/scenarios.md, docs/platform-mx10k.md).
std::string mx10k(const std::string& device) {
  return "scenario: t\nduration: 1ms\ndevices:\n  ce1: " + device + "\n";
}

TEST(ScenarioLoader, Mx10004SlotsNameTheCardAndTheSimulatedPics) {
  auto s = parse_scenario(mx10k("{platform: mx10004, slots: {2: {card: lc9600, pics: [1]}}, config_text: x}"), "t.yaml",
                          ".");
  ASSERT_TRUE(s.has_value()) << s.error();
  const DeviceSpec& d = s->devices.at(0);
  EXPECT_EQ(d.platform, "mx10004");
  EXPECT_TRUE(d.lmics.empty());
  ASSERT_EQ(d.slots.size(), 1u);
  EXPECT_EQ(d.slots[0].fpc, 2);
  EXPECT_EQ(d.slots[0].card, "lc9600");
  EXPECT_EQ(d.slots[0].pics, std::vector<int>{1});
  EXPECT_EQ(d.slots[0].where.line, 4);
  // pics default to the card's six chips; an MX10008 has slots 0..7.
  auto all = parse_scenario(mx10k("{platform: mx10008, slots: {7: {card: lc9600}, 0: {card: lc9600, pics: [5]}}, "
                                  "config_text: x}"),
                            "t.yaml", ".");
  ASSERT_TRUE(all.has_value()) << all.error();
  ASSERT_EQ(all->devices[0].slots.size(), 2u);
  EXPECT_EQ(all->devices[0].slots[0].fpc, 7);
  EXPECT_EQ(all->devices[0].slots[0].pics, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(ScenarioLoader, Mx10kSlotErrorsNameTheFieldAndTheLine) {
  auto e = [](const std::string& device) { return error_of(mx10k(device)); };
  EXPECT_NE(e("{platform: mx10004, slots: {4: {card: lc9600}}, config_text: x}")
                .find("t.yaml:4: field 'devices.ce1.slots.4': FPC slot 4 does not exist: an mx10004 has FPC slots 0..3"),
            std::string::npos);
  EXPECT_NE(e("{platform: mx10004, slots: {2: {card: lc4800}}, config_text: x}")
                .find("the lc4800 is a Trio 6 card but not modeled: expected lc9600"),
            std::string::npos);
  EXPECT_NE(e("{platform: mx10004, slots: {2: {card: mpc10e}}, config_text: x}").find("expected lc9600, got 'mpc10e'"),
            std::string::npos);
  EXPECT_NE(e("{platform: mx10004, slots: {2: {card: lc9600, pics: [6]}}, config_text: x}").find("exceeds 5"),
            std::string::npos);
  EXPECT_NE(e("{platform: mx10004, slots: {2: {card: lc9600, pics: [1, 1]}}, config_text: x}")
                .find("PIC 1 is listed twice"),
            std::string::npos);
  EXPECT_NE(e("{platform: mx10004, config_text: x}").find("t.yaml:4: field 'devices.ce1.slots': missing"), std::string::npos);
  EXPECT_NE(e("{platform: mx10004, lmics: [0], slots: {2: {card: lc9600}}, config_text: x}")
                .find("an mx10004 holds line cards: name them with 'slots'"),
            std::string::npos);
  EXPECT_NE(e("{platform: mx304, slots: {0: {card: lc9600}}, config_text: x}")
                .find("an MX304 has no line-card slots: name its LMICs with 'lmics'"),
            std::string::npos);
  EXPECT_NE(e("{platform: mx10004, slots: {2: {card: lc9600, pic: [1]}}, config_text: x}").find("pic"),
            std::string::npos);
  EXPECT_NE(e("{platform: mx10004, slots: {2: {card: lc9600}, 02: {card: lc9600}}, config_text: x}")
                .find("FPC 2 is listed twice"),
            std::string::npos);
}

}  // namespace
}  // namespace trio6sim::scenario
