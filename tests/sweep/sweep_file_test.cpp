// Sweep files: which points a file stands for, in which order, and the
// FILE:LINE errors of files that stand for none.
#include <gtest/gtest.h>

#include "sweep/shard.h"
#include "sweep/sweep_file.h"

namespace trio6sim::sweep {
namespace {

// A stand-in for the chip's parameter table: one key, positive numbers.
std::optional<std::string> check(const std::string& key, const std::string& value) {
  if (key != "ipsec.bytes_per_cycle") return "unknown parameter '" + key + "'";
  if (value.empty() || value[0] == '-' || value == "0") return "expected a number above zero, got '" + value + "'";
  return std::nullopt;
}

SweepSpec read(const std::string& text) {
  auto spec = read_sweep_text(text, "s.yaml", check);
  EXPECT_TRUE(spec.has_value()) << (spec ? "" : spec.error());
  return spec ? *spec : SweepSpec{};
}

std::string error_of(const std::string& text) {
  auto spec = read_sweep_text(text, "s.yaml", check);
  EXPECT_FALSE(spec.has_value()) << "accepted:\n" << text;
  return spec ? "" : spec.error();
}

TEST(SweepFile, EveryPointIsCheckedWholeAsTheFileIsRead) {
  // A stand-in for the probe's own limits: at most 10 tunnels per slice.
  PointCheck at_most_ten_per_slice = [](const Point& p) -> std::optional<std::string> {
    if (p.tunnels > 10u * static_cast<uint32_t>(p.slices)) return "too many tunnels";
    return std::nullopt;
  };
  const std::string text = "axes:\n  slices: [1, 2]\n  tunnels: [5, 15]\n";
  auto spec = read_sweep_text(text, "s.yaml", check, at_most_ten_per_slice);
  ASSERT_FALSE(spec.has_value());
  // The first refused point: slices 1 with 15 tunnels (the second of four),
  // at the line of its tunnels.
  EXPECT_NE(spec.error().find("s.yaml:3: point 1 ("), std::string::npos) << spec.error();
  EXPECT_NE(spec.error().find("tunnels=15 slices=1): too many tunnels"), std::string::npos) << spec.error();
  auto fine = read_sweep_text("axes:\n  slices: [2]\n  tunnels: [5, 15]\n", "s.yaml", check, at_most_ten_per_slice);
  ASSERT_TRUE(fine.has_value()) << fine.error();
  EXPECT_EQ(fine->points.size(), 2u);
}

TEST(SweepFile, CrossProductHasTheFirstAxisOutermost) {
  const SweepSpec s = read("axes:\n  family: [ipv4, ipv6]\n  frame_size: [64, 1500, imix]\n");
  ASSERT_EQ(s.points.size(), 6u);
  EXPECT_EQ(describe(s.points[0]), "frame_size=64 family=ipv4 direction=encrypt offered=400g tunnels=1 slices=1");
  EXPECT_EQ(s.points[1].frames.label, "1500");
  EXPECT_EQ(s.points[2].frames.label, "imix");
  EXPECT_EQ(s.points[3].family, "ipv6");
  EXPECT_EQ(s.points[5].index, 5u);
  EXPECT_EQ(s.name, "s");  // the file's name without .yaml
}

TEST(SweepFile, RangesIncludeBothEnds) {
  const SweepSpec s = read(
      "axes:\n  frame_size: {from: 64, to: 256, step: 64}\n  offered: [{from: 100g, to: 400g, step: 150g}]\n");
  ASSERT_EQ(s.points.size(), 4u * 3u);
  EXPECT_EQ(s.points[0].frames.frame_bytes, std::vector<uint32_t>{64});
  EXPECT_DOUBLE_EQ(s.points[1].offered_gbps, 250);
  EXPECT_DOUBLE_EQ(s.points[2].offered_gbps, 400);
  EXPECT_EQ(s.points[11].frames.frame_bytes, std::vector<uint32_t>{256});
}

TEST(SweepFile, ImixAndNamedMixesCarryTheirWeights) {
  const SweepSpec s = read("mixes:\n  tri: {frames: [100, 200], weights: [3, 1]}\naxes:\n  frame_size: [imix, tri]\n");
  ASSERT_EQ(s.points.size(), 2u);
  EXPECT_EQ(s.points[0].frames.weights, (std::vector<uint32_t>{7, 4, 1}));
  EXPECT_NEAR(s.points[0].frames.mean_frame_bytes(), (78.0 * 7 + 570 * 4 + 1450) / 12, 1e-9);
  EXPECT_EQ(s.points[1].frames.label, "tri");
  EXPECT_DOUBLE_EQ(s.points[1].frames.mean_frame_bytes(), 125);
}

TEST(SweepFile, ListedPointsTakeTheDefaultsForWhatTheyDoNotSay) {
  const SweepSpec s = read(
      "defaults: {family: ipv6, slices: 2, tunnels: 4, offered: 800g, set: {ipsec.bytes_per_cycle: 16}}\n"
      "points:\n  - {frame_size: 512}\n  - {direction: both, set: {ipsec.bytes_per_cycle: 8}}\n");
  ASSERT_EQ(s.points.size(), 2u);
  EXPECT_EQ(describe(s.points[0]),
            "frame_size=512 family=ipv6 direction=encrypt offered=800g tunnels=4 slices=2 ipsec.bytes_per_cycle=16");
  EXPECT_EQ(describe(s.points[1]),
            "frame_size=1500 family=ipv6 direction=both offered=800g tunnels=4 slices=2 ipsec.bytes_per_cycle=8");
}

TEST(SweepFile, ParameterAxesGiveEveryPointEveryParameterColumn) {
  const SweepSpec s = read("points:\n  - {frame_size: 64}\n  - {set: {ipsec.bytes_per_cycle: 16}}\n");
  ASSERT_EQ(s.parameter_keys, std::vector<std::string>{"ipsec.bytes_per_cycle"});
  EXPECT_EQ(s.points[0].parameters.at(0).second, "default");
  EXPECT_EQ(s.points[1].parameters.at(0).second, "16");
}

TEST(SweepFile, TheDigestChangesWithAnyPointOrSetting) {
  const auto a = read("axes: {frame_size: [64, 128]}\n").digest();
  EXPECT_EQ(a, read("axes: {frame_size: [64, 128]}\n").digest());
  EXPECT_NE(a, read("axes: {frame_size: [64, 129]}\n").digest());
  EXPECT_NE(a, read("seed: 2\naxes: {frame_size: [64, 128]}\n").digest());
  EXPECT_NE(a, read("duration: 50us\naxes: {frame_size: [64, 128]}\n").digest());
  EXPECT_EQ(a, read("load: fixed\naxes: {frame_size: [64, 128]}\n").digest());
  const auto t = read("load: throughput\naxes: {frame_size: [64, 128]}\n").digest();
  EXPECT_NE(a, t);
  EXPECT_NE(t, read("load: throughput\nresolution: 2g\naxes: {frame_size: [64, 128]}\n").digest());
}

TEST(SweepFile, ThroughputLoadSearchesToTheResolutionGiven) {
  const SweepSpec s = read("load: throughput\nresolution: 500m\ntrial: 2ms\naxes: {frame_size: [64, imix]}\n");
  EXPECT_TRUE(s.find_throughput);
  EXPECT_DOUBLE_EQ(s.resolution_gbps, 0.5);
  EXPECT_EQ(s.trial_ps, 2'000'000'000u);
  EXPECT_EQ(s.points.size(), 2u);
  EXPECT_FALSE(read("axes: {frame_size: [64]}\n").find_throughput);
}

TEST(SweepFile, ErrorsNameTheFileTheLineAndWhatWasExpected) {
  struct Case {
    std::string text, fragment;
  };
  const std::vector<Case> cases{
      {"axes:\n  colour: [red]\n", "s.yaml:2: field 'axes.colour': unknown axis"},
      {"axes:\n  family: [ipv4, ipv5]\n", "s.yaml:2: field 'axes.family': expected ipv4 or ipv6, got 'ipv5'"},
      {"axes:\n  frame_size: [64,\n    20000]\n", "s.yaml:3: field 'axes.frame_size': expected a frame size of 64..9216"},
      {"axes:\n  frame_size: [jumbo]\n", "s.yaml:2: field 'axes.frame_size': expected a frame size"},
      {"axes:\n  direction: [sideways]\n", "expected encrypt, decrypt, both or clear, got 'sideways'"},
      {"axes:\n  offered: [fast]\n", "s.yaml:2: field 'axes.offered': expected an L1 rate from 1m with a unit"},
      // The probe's ranges and units: a load without a unit, a duration the probe refuses.
      {"axes:\n  offered: [400]\n", "s.yaml:2: field 'axes.offered': expected an L1 rate from 1m with a unit"},
      {"axes:\n  offered: [100k]\n", "s.yaml:2: field 'axes.offered': expected an L1 rate from 1m"},
      {"duration: 2s\naxes: {frame_size: [64]}\n", "s.yaml:1: field 'duration': expected a time from 1ps to 1s"},
      {"duration: 100\naxes: {frame_size: [64]}\n", "s.yaml:1: field 'duration': expected a time from 1ps to 1s"},
      {"load: throughput\naxes:\n  offered: [100g]\n", "s.yaml:3: field 'axes.offered': the offered rate is what"},
      {"load: maximal\naxes: {frame_size: [64]}\n", "s.yaml:1: field 'load': expected fixed or throughput"},
      {"resolution: 1g\naxes: {frame_size: [64]}\n", "s.yaml:1: field 'resolution': goes with 'load: throughput'"},
      {"load: throughput\nresolution: 1\naxes: {frame_size: [64]}\n", "s.yaml:2: field 'resolution': expected a rate"},
      {"axes:\n  offered: [800g]\n", "s.yaml:2: offered 800 Gbps with 1 slice(s) is more than 400 Gbps per slice"},
      {"axes:\n  slices: [3]\n", "s.yaml:2: field 'axes.slices': value 3 exceeds 2"},
      {"axes:\n  slices: [2]\n", "s.yaml:2: 1 tunnel(s) with 2 slices: expected at least one tunnel per slice"},
      {"axes:\n  tunnels: [0]\n", "s.yaml:2: field 'axes.tunnels': expected at least 1"},
      {"axes:\n  frame_size: {from: 64, to: 128, step: 0}\n", "s.yaml:2: field 'axes.frame_size.step': expected a step"},
      {"axes:\n  frame_size: {from: 64, to: 9000, step: 1}\n  tunnels: {from: 1, to: 100, step: 1}\n",
       "more than 100000 points"},
      {"axes:\n  frame_size: {from: 256, to: 128, step: 64}\n", "expected 'to' at least 'from'"},
      {"axes:\n  frame_size: {from: 64, to: 128}\n", "field 'axes.frame_size.step': missing"},
      {"axes:\n  set:\n    ipsec.bytes_per_cycle: [16, -1]\n",
       "s.yaml:3: field 'axes.set.ipsec.bytes_per_cycle': expected a number above zero, got '-1'"},
      {"axes:\n  set:\n    ipsec.bytes_per_second: [16]\n", "s.yaml:3: field 'axes.set.ipsec.bytes_per_second': unknown parameter"},
      {"axes: {frame_size: [64]}\npoints:\n  - {frame_size: 64}\n", "s.yaml:1: expected exactly one of 'axes'"},
      {"duration: 50us\n", "s.yaml:1: expected exactly one of 'axes'"},
      {"axes: {frame_size: [64]}\ncolour: red\n", "s.yaml:2: field 'colour': unknown field"},
      {"duration: soon\naxes: {frame_size: [64]}\n", "s.yaml:1: field 'duration': expected a time from 1ps to 1s"},
      {"duration: 10us\nwarmup: 10us\naxes: {frame_size: [64]}\n", "s.yaml:2: field 'warmup': expected a time shorter"},
      {"points: []\n", "s.yaml:1: field 'points': expected a non-empty list"},
      {"points:\n  - {frame_size: [64, 128]}\n", "s.yaml:2: field 'points[0].frame_size': expected one value here"},
      {"defaults: {frame_size: 64, color: red}\naxes: {family: [ipv4]}\n", "field 'defaults.color': unknown field"},
      {"mixes:\n  tri: {frames: [100, 200], weights: [1]}\naxes: {frame_size: [tri]}\n",
       "s.yaml:2: field 'mixes.tri.weights': expected a list of weights, one per frame size"},
      {"axes:\n  frame_size: [64\n", "s.yaml:"},
      {"axes: []\n", "s.yaml:1: field 'axes': expected a mapping"},
  };
  for (const auto& c : cases) {
    const std::string e = error_of(c.text);
    EXPECT_NE(e.find(c.fragment), std::string::npos) << "error: " << e << "\nexpected: " << c.fragment;
  }
}

TEST(Shard, ParsesIOverNAndRefusesTheRest) {
  auto s = parse_shard("2/5");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->index, 2u);
  EXPECT_EQ(s->count, 5u);
  for (const char* bad : {"5/5", "1/0", "-1/2", "1", "a/b", "1/2/3", "", "0/100001"})
    EXPECT_FALSE(parse_shard(bad).has_value()) << bad;
}

TEST(Shard, EveryPointBelongsToExactlyOneShard) {
  for (std::size_t n : {1u, 2u, 3u, 7u, 40u}) {
    std::vector<int> seen(23, 0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t p : points_of(Shard{i, n}, seen.size())) ++seen.at(p);
    for (int times : seen) EXPECT_EQ(times, 1) << n << " shards";
  }
}

}  // namespace
}  // namespace trio6sim::sweep

namespace trio6sim::sweep {
namespace {

// Scenario sweeps (issue 16): the knobs of a named scenario, each point a
// run of it.
TEST(ScenarioSweep, KnobsExpandInFileOrderWithTheirLines) {
  const SweepSpec s = read(
      "scenario: ../scenarios/x.yaml\n"       // 1
      "duration: 14ms\n"                      // 2
      "axes:\n"                               // 3
      "  scale_rates: {from: 0.1, to: 0.3, step: 0.1}\n"  // 4
      "  stream:\n"                           // 5
      "    ce1: {frame_size: [64, imix]}\n"   // 6
      "  config:\n"                           // 7
      "    PE1: [a.conf]\n");                 // 8
  ASSERT_TRUE(s.scenario.has_value());
  EXPECT_EQ(s.scenario->path, "../scenarios/x.yaml");  // relative to s.yaml's folder (here the working one)
  EXPECT_EQ(s.scenario->duration_ps, 14'000'000'000u);
  EXPECT_FALSE(s.scenario->seed.has_value());  // the scenario's own
  EXPECT_EQ(s.knob_keys, (std::vector<std::string>{"scale_rates", "stream.ce1.frame_size", "config.PE1"}));
  ASSERT_EQ(s.points.size(), 6u);
  // 12 significant digits: 0.1 + 2 x 0.1 reads 0.3.
  EXPECT_EQ(s.points[5].knobs, (std::vector<std::pair<std::string, std::string>>{
                                   {"scale_rates", "0.3"}, {"stream.ce1.frame_size", "imix"}, {"config.PE1", "a.conf"}}));
  EXPECT_EQ(s.points[5].line, 8);
  EXPECT_EQ(describe(s.points[0]), "scale_rates=0.1 stream.ce1.frame_size=64 config.PE1=a.conf");
}

TEST(ScenarioSweep, PointsKeepTwoDevicesFilesInStepAndDefaultsFillTheRest) {
  const SweepSpec s = read(
      "scenario: /abs/x.yaml\n"
      "defaults: {scale_rates: 2}\n"
      "points:\n"
      "  - {config: {ce1: c1-200.conf, ce2: c2-200.conf}}\n"
      "  - {config: {ce1: c1-2000.conf, ce2: c2-2000.conf}, stream: {v4: {rate: 5g}}}\n");
  EXPECT_EQ(s.scenario->path, "/abs/x.yaml");
  ASSERT_EQ(s.points.size(), 2u);
  EXPECT_EQ(s.points[0].knobs, (std::vector<std::pair<std::string, std::string>>{
                                   {"scale_rates", "2"}, {"config.ce1", "c1-200.conf"}, {"config.ce2", "c2-200.conf"},
                                   {"stream.v4.rate", "default"}}));
  EXPECT_EQ(s.points[1].knobs.back(), (std::pair<std::string, std::string>{"stream.v4.rate", "5g"}));
}

TEST(ScenarioSweep, RateRangesKeepTheirUnitAndTheDigestNamesTheScenario) {
  const SweepSpec s = read("scenario: x.yaml\naxes:\n  stream:\n    a: {rate: {from: 10g, to: 30g, step: 10g}}\n");
  ASSERT_EQ(s.points.size(), 3u);
  EXPECT_EQ(s.points[2].knobs[0].second, "30g");
  const SweepSpec pps = read("scenario: x.yaml\naxes:\n  stream:\n    a: {rate: {from: 1000pps, to: 2000pps, step: 1000pps}}\n");
  EXPECT_EQ(pps.points[1].knobs[0].second, "2000pps");
  EXPECT_NE(read("scenario: y.yaml\naxes:\n  stream:\n    a: {rate: {from: 10g, to: 30g, step: 10g}}\n").digest(),
            s.digest());
}

TEST(ScenarioSweep, RefusesWhatDoesNotApplyWithItsLine) {
  EXPECT_NE(error_of("scenario: x.yaml\naxes:\n  offered: [10g]\n").find("s.yaml:3"), std::string::npos);
  EXPECT_NE(error_of("scenario: x.yaml\naxes:\n  offered: [10g]\n").find("is a probe sweep's axis"), std::string::npos);
  EXPECT_NE(error_of("axes:\n  scale_rates: [1]\n").find("goes with 'scenario:'"), std::string::npos);
  EXPECT_NE(error_of("scenario: x.yaml\nflows: 4\naxes:\n  scale_rates: [1]\n").find("s.yaml:2"), std::string::npos);
  EXPECT_NE(error_of("scenario: x.yaml\naxes:\n  scale_rates: [0]\n").find("expected a decimal above 0"),
            std::string::npos);
  EXPECT_NE(error_of("scenario: x.yaml\naxes:\n  stream:\n    a: {rate: [400]}\n").find("s.yaml:4"), std::string::npos);
  EXPECT_NE(error_of("scenario: x.yaml\naxes:\n  stream:\n    a: {colour: [red]}\n").find("expected rate, frame_size or flows"),
            std::string::npos);
  EXPECT_NE(error_of("scenario: x.yaml\naxes:\n  stream:\n    a: {rate: {from: 1g, to: 2000pps, step: 1g}}\n")
                .find("the same kind of rate"),
            std::string::npos);
  EXPECT_NE(error_of("scenario: x.yaml\npoints:\n  - {scale_rates: [1, 2]}\n").find("belong under 'axes'"),
            std::string::npos);
}

}  // namespace
}  // namespace trio6sim::sweep

namespace trio6sim::sweep {
namespace {

TEST(ScenarioSweep, FlowsAreAWholeCountOfAtLeastOne) {
  const SweepSpec s = read("scenario: x.yaml\naxes:\n  stream:\n    a: {flows: {from: 250, to: 1000, step: 250}}\n");
  ASSERT_EQ(s.points.size(), 4u);
  EXPECT_EQ(s.points[3].knobs[0], (std::pair<std::string, std::string>{"stream.a.flows", "1000"}));
  EXPECT_NE(error_of("scenario: x.yaml\naxes:\n  stream:\n    a: {flows: [0]}\n").find("s.yaml:4"), std::string::npos);
}

TEST(ScenarioSweep, ThroughputSearchTakesAShareOfTheScaleAsItsResolution) {
  const SweepSpec s = read("scenario: x.yaml\nload: throughput\nresolution: 0.5%\naxes:\n  scale_rates: [10]\n");
  EXPECT_TRUE(s.find_throughput);
  EXPECT_DOUBLE_EQ(s.scale_resolution, 0.005);
  EXPECT_NE(s.digest(), read("scenario: x.yaml\nload: throughput\naxes:\n  scale_rates: [10]\n").digest());
  EXPECT_NE(error_of("scenario: x.yaml\nload: throughput\nresolution: 1g\naxes:\n  scale_rates: [1]\n")
                .find("s.yaml:3: field 'resolution': expected a share of the scale"),
            std::string::npos);
  EXPECT_NE(error_of("scenario: x.yaml\nload: throughput\nresolution: 60%\naxes:\n  scale_rates: [1]\n").find("s.yaml:3"),
            std::string::npos);
}

}  // namespace
}  // namespace trio6sim::sweep
