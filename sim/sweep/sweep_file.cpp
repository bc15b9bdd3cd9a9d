#include "sweep_file.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>
#include <map>

#include "config/yaml_reader.h"
#include "provenance.h"
#include "scenario/units.h"

namespace trio6sim::sweep {

namespace {

using config::InputError;
using config::MapReader;

// Bounds that keep a sweep's memory and time finite whatever the file says.
constexpr std::size_t kMaxPoints = 100'000;
constexpr std::size_t kMaxRangeValues = 10'000;
constexpr uint32_t kMinFrameBytes = 64, kMaxFrameBytes = 9216;  // as `trio6sim probe --frame-size`
constexpr uint64_t kMaxTunnels = 100'000;  // the probe checks the chip's own limit per point
constexpr uint64_t kMaxFlows = 1u << 24;    // a scenario's address range count

constexpr uint64_t kMaxDurationPs = 1000ull * 1000 * 1000 * 1000;  // 1 s, as `probe --duration`

// A number followed by a unit: "400g", "100us", not "400".
bool has_unit(const std::string& text) {
  const auto last = text.find_last_not_of(' ');
  return last != std::string::npos && std::isalpha(static_cast<unsigned char>(text[last]));
}

const std::vector<std::string> kAxes{"frame_size", "family", "direction", "offered", "tunnels", "slices", "set"};
// A scenario sweep's (docs/sweep.md, "Scenario sweeps"): `stream` and
// `config` are maps (stream name -> rate / frame_size, device -> files).
const std::vector<std::string> kScenarioAxes{"scale_rates", "stream", "config", "set"};

// IMIX as published for the SRX4700 single-tunnel test [S] (models/probe.h's kImix*).
const FrameMix kImix{"imix", {78, 570, 1450}, {7, 4, 1}};

// One value of one axis, where it was written, and what it does to a point.
struct Setting {
  std::string axis;  // "frame_size", ..., or a parameter key
  int line = 0;
  std::function<void(Point&)> apply;
};
using Axis = std::vector<Setting>;

std::string format_number(double v) { return fmt::format("{}", v); }
// A range's value as a knob's text: 12 significant digits, so that 0.1 + 2 x
// 0.1 reads 0.3, not 0.30000000000000004.
std::string knob_number(double v) { return fmt::format("{:.12g}", v); }

class Reader {
 public:
  Reader(const std::string& file, const ParameterCheck& check, const PointCheck& point_check)
      : file_(file), check_(check), point_check_(point_check) {}

  SweepSpec read(const YAML::Node& root) {
    MapReader top(root, file_);
    SweepSpec spec;
    if (auto n = top.maybe("name"); n.IsDefined()) spec.name = top.string_of(n, "name");
    if (auto n = top.maybe("scenario"); n.IsDefined()) {
      ScenarioSweep sc;
      sc.as_written = top.string_of(n, "scenario");
      if (sc.as_written.empty()) top.fail(n, "scenario", "expected a scenario file");
      sc.path = resolve(sc.as_written);
      sc.folder = file_.substr(0, file_.find_last_of('/') + 1);  // "" for a file in the working folder
      sc.line = config::line_of(n);
      spec.scenario = std::move(sc);
    }
    scenario_ = spec.scenario.has_value();
    if (auto n = top.maybe("seed"); n.IsDefined()) spec.seed = top.uint_of(n, "seed", UINT64_MAX);
    if (auto n = top.maybe("duration"); n.IsDefined()) spec.duration_ps = duration(top, n, "duration");
    if (auto n = top.maybe("warmup"); n.IsDefined()) {
      spec.warmup_ps = duration(top, n, "warmup");
      if (spec.warmup_ps >= spec.duration_ps) top.fail(n, "warmup", "expected a time shorter than the duration");
    }
    if (scenario_) {
      // Only what the file sets overrides the scenario's own.
      if (auto n = top.maybe("seed"); n.IsDefined()) spec.scenario->seed = spec.seed;
      if (auto n = top.maybe("duration"); n.IsDefined()) spec.scenario->duration_ps = spec.duration_ps;
      if (auto n = top.maybe("warmup"); n.IsDefined()) spec.scenario->warmup_ps = spec.warmup_ps;
      for (const char* probe_only : {"flows", "trial", "mixes"})
        if (auto n = top.maybe(probe_only); n.IsDefined())
          top.fail(n, probe_only,
                   "goes with probe sweeps, not with 'scenario:' (a scenario's streams say their flows and frame "
                   "sizes, its duration is each trial's)");
    }
    if (auto n = top.maybe("timing_only"); n.IsDefined()) spec.timing_only = top.bool_of(n, "timing_only");
    if (auto n = top.maybe("flows"); n.IsDefined()) {
      spec.flows = static_cast<uint32_t>(top.uint_of(n, "flows", 1'000'000));
      if (spec.flows == 0) top.fail(n, "flows", "expected at least 1");
    }
    if (auto n = top.maybe("load"); n.IsDefined()) {
      const std::string load = top.string_of(n, "load");
      if (load != "fixed" && load != "throughput") top.fail(n, "load", "expected fixed or throughput, got '" + load + "'");
      spec.find_throughput = load == "throughput";
    }
    if (auto n = top.maybe("resolution"); n.IsDefined() && scenario_) {
      // A scenario's throughput is a load scale, found to a share of itself.
      if (!spec.find_throughput) top.fail(n, "resolution", "goes with 'load: throughput'");
      const std::string text = top.string_of(n, "resolution");
      const double pct = text.ends_with("%") ? std::atof(text.c_str()) : 0;
      if (!(pct >= 0.01 && pct <= 50) || text.find_first_not_of("0123456789.%") != std::string::npos)
        top.fail(n, "resolution", "expected a share of the scale from 0.01% to 50%, like 1%, got '" + text + "'");
      spec.scale_resolution = pct / 100;
    } else if (n.IsDefined()) {
      auto r = scenario::parse_rate(top.string_of(n, "resolution"));
      if (!spec.find_throughput) top.fail(n, "resolution", "goes with 'load: throughput'");
      if (!r || r->packets_per_second > 0 || !(r->bits_per_second >= 1e6) || !has_unit(n.Scalar()))
        top.fail(n, "resolution", "expected a rate of at least 1m with a unit like 1g, got '" + n.Scalar() + "'");
      spec.resolution_gbps = r->bits_per_second / 1e9;
    }
    if (auto n = top.maybe("trial"); n.IsDefined()) {
      if (!spec.find_throughput) top.fail(n, "trial", "goes with 'load: throughput'");
      spec.trial_ps = duration(top, n, "trial");
    }
    find_throughput_ = spec.find_throughput;
    if (auto n = top.maybe("mixes"); n.IsDefined()) read_mixes(top.map_of(n, "mixes"), n);

    Point base;
    base.frames = FrameMix{"1500", {1500}, {1}};
    std::map<std::string, int> base_lines;
    if (auto n = top.maybe("defaults"); n.IsDefined()) {
      MapReader d = top.map_of(n, "defaults");
      for (const Setting& s : read_single_point(d)) {
        s.apply(base);
        base_lines[s.axis] = s.line;
      }
    }
    const YAML::Node axes = top.maybe("axes");
    const YAML::Node points = top.maybe("points");
    top.reject_unknown();
    if (axes.IsDefined() == points.IsDefined())
      top.fail_here("expected exactly one of 'axes' (the cross product) or 'points' (a list of points)");
    const int scenario_line = scenario_ ? spec.scenario->line : 1;

    std::vector<std::vector<Setting>> combinations;
    if (axes.IsDefined()) {
      MapReader a = top.map_of(axes, "axes");
      std::vector<Axis> all = read_axes(a, axes);
      std::size_t total = 1;
      for (const Axis& axis : all) {
        total *= axis.size();
        if (total > kMaxPoints) a.fail_here(fmt::format("more than {} points in the cross product", kMaxPoints));
      }
      std::vector<std::size_t> at(all.size(), 0);
      for (std::size_t k = 0; k < total; ++k) {  // the first axis outermost, the last one fastest
        std::vector<Setting> combo;
        for (std::size_t i = 0; i < all.size(); ++i) combo.push_back(all[i][at[i]]);
        combinations.push_back(std::move(combo));
        for (std::size_t i = all.size(); i-- > 0;) {
          if (++at[i] < all[i].size()) break;
          at[i] = 0;
        }
      }
    } else {
      if (!points.IsSequence() || points.size() == 0)
        top.fail(points, "points", "expected a non-empty list of points (maps of axis: value)");
      if (points.size() > kMaxPoints) top.fail(points, "points", fmt::format("more than {} points", kMaxPoints));
      for (std::size_t i = 0; i < points.size(); ++i) {
        MapReader p = top.map_of(points[i], fmt::format("points[{}]", i));
        combinations.push_back(read_single_point(p));
      }
    }

    for (const auto& combo : combinations) {
      Point p = base;
      p.of_scenario = scenario_;
      p.line = scenario_line;
      std::map<std::string, int> lines = base_lines;
      for (const auto& [axis, line] : base_lines) p.line = std::max(p.line, line);
      for (const Setting& s : combo) {
        s.apply(p);
        lines[s.axis] = s.line;
        p.line = s.line;
      }
      p.index = spec.points.size();
      check_point(p, lines);
      spec.points.push_back(std::move(p));
    }
    // Every point gets every parameter column, in first-use order.
    spec.parameter_keys = parameter_keys_;
    for (Point& p : spec.points) {
      p.parameters = in_key_order(parameter_keys_, p.parameters);
      p.knobs = in_key_order(knob_keys_, p.knobs);
    }
    spec.knob_keys = knob_keys_;
    return spec;
  }

 private:
  // Every key of `keys`, in that order, with the point's value or "default".
  static std::vector<std::pair<std::string, std::string>> in_key_order(
      const std::vector<std::string>& keys, const std::vector<std::pair<std::string, std::string>>& values) {
    std::vector<std::pair<std::string, std::string>> ordered;
    for (const auto& key : keys) {
      std::string value = "default";
      for (const auto& [k, v] : values)
        if (k == key) value = v;
      ordered.emplace_back(key, value);
    }
    return ordered;
  }

  // A path in the sweep file, relative to the sweep file's folder.
  std::string resolve(const std::string& path) const {
    if (path.empty() || path[0] == '/') return path;
    const auto slash = file_.find_last_of('/');
    return slash == std::string::npos ? path : file_.substr(0, slash + 1) + path;
  }

  uint64_t duration(const MapReader& r, const YAML::Node& n, const std::string& field) const {
    auto t = scenario::parse_duration_ps(r.string_of(n, field));
    // The probe's range (docs/probe.md): 1 ps to 1 s, with a unit.
    if (!t || *t == 0 || *t > kMaxDurationPs || !has_unit(n.Scalar()))
      r.fail(n, field, "expected a time from 1ps to 1s with a unit like 100us, got '" + n.Scalar() + "'");
    return *t;
  }

  void read_mixes(MapReader mixes, const YAML::Node& node) {
    for (const auto& kv : node) {
      const std::string name = kv.first.Scalar();
      MapReader m = mixes.map_of(mixes.maybe(name), name);
      FrameMix mix{name, {}, {}};
      const YAML::Node frames = m.need("frames");
      const YAML::Node weights = m.need("weights");
      m.reject_unknown();
      if (!frames.IsSequence() || frames.size() == 0) m.fail(frames, "frames", "expected a list of frame sizes");
      if (!weights.IsSequence() || weights.size() != frames.size())
        m.fail(weights, "weights", "expected a list of weights, one per frame size");
      for (const auto& f : frames) mix.frame_bytes.push_back(frame_bytes(m, f, "frames"));
      for (const auto& w : weights) {
        const auto weight = static_cast<uint32_t>(m.uint_of(w, "weights", 1'000'000));
        if (weight == 0) m.fail(w, "weights", "expected a weight of at least 1");
        mix.weights.push_back(weight);
      }
      if (name == "imix" || is_integer(name)) mixes.fail(kv.first, name, "a mix cannot be named like a frame size");
      mixes_[name] = std::move(mix);
    }
  }
  static bool is_integer(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
  }

  // A range of frame sizes {from, to, step}: whole bytes, each a frame size
  // (a probe's frame_size axis and a scenario stream's frame_size knob).
  std::vector<uint32_t> frame_size_range(const MapReader& r, const std::string& field, const YAML::Node& n) const {
    auto bytes_of = [&](const YAML::Node& x) { return double(frame_bytes(r, x, field)); };
    auto step_of = [&](const YAML::Node& x) { return double(r.uint_of(x, field + ".step", kMaxFrameBytes)); };
    std::vector<uint32_t> out;
    for (double b : range(r, field, n, bytes_of, step_of)) {
      const auto bytes = static_cast<uint32_t>(b);
      if (static_cast<double>(bytes) != b) r.fail(n, field, "expected whole bytes in the range");
      out.push_back(bytes);
    }
    return out;
  }

  uint32_t frame_bytes(const MapReader& r, const YAML::Node& n, const std::string& field) const {
    const uint64_t b = r.uint_of(n, field, UINT32_MAX);
    if (b < kMinFrameBytes || b > kMaxFrameBytes)
      r.fail(n, field, fmt::format("expected a frame size of {}..{} bytes, got {}", kMinFrameBytes, kMaxFrameBytes, b));
    return static_cast<uint32_t>(b);
  }

  // The settings of a single point (`defaults:` or one of `points:`): one value per axis.
  std::vector<Setting> read_single_point(MapReader& r) {
    std::vector<Setting> out;
    for (const std::string& axis : scenario_ ? kScenarioAxes : kAxes) {
      const YAML::Node n = r.maybe(axis);
      if (!n.IsDefined()) continue;
      if (axis == "stream" || axis == "config") {
        for (Axis& knob : knob_axes(r, axis, n)) {
          if (knob.size() != 1) r.fail(n, axis, "expected one value per knob here (lists and ranges belong under 'axes')");
          out.push_back(std::move(knob.front()));
        }
        continue;
      }
      if (axis == "set") {
        MapReader set = r.map_of(n, "set");
        for (const auto& kv : n) {
          const std::string key = kv.first.Scalar();
          set.maybe(key);
          if (!kv.second.IsScalar()) set.fail(kv.second, key, "expected one value");
          out.push_back(parameter_setting(set, key, kv.second, kv.second.Scalar()));
        }
        set.reject_unknown();
        continue;
      }
      if (!n.IsScalar()) r.fail(n, axis, "expected one value here (lists and ranges belong under 'axes')");
      std::vector<Setting> v = values(r, axis, n);
      out.push_back(v.front());
    }
    reject_other_mode(r);
    return out;
  }

  // A probe axis in a scenario sweep, or a scenario knob in a probe sweep:
  // an error that says which kind of sweep takes it.
  void reject_other_mode(MapReader& r) const {
    for (const std::string& axis : scenario_ ? kAxes : kScenarioAxes) {
      if (axis == "set") continue;
      if (auto n = r.maybe(axis); n.IsDefined())
        r.fail(n, axis,
               scenario_ ? "is a probe sweep's axis; a scenario sweep's are scale_rates, stream, config and set"
                         : "goes with 'scenario:' (a scenario sweep); a probe sweep's axes are frame_size, family, "
                           "direction, offered, tunnels, slices and set");
    }
    r.reject_unknown();
  }

  std::vector<Axis> read_axes(MapReader& r, const YAML::Node& node) {
    std::vector<Axis> out;
    // File order: yaml-cpp keeps a map's keys in document order.
    const std::vector<std::string>& known = scenario_ ? kScenarioAxes : kAxes;
    for (const auto& kv : node) {
      const std::string axis = kv.first.Scalar();
      if (std::find(known.begin(), known.end(), axis) == known.end()) {
        if (std::find(kAxes.begin(), kAxes.end(), axis) != kAxes.end() ||
            std::find(kScenarioAxes.begin(), kScenarioAxes.end(), axis) != kScenarioAxes.end())
          reject_other_mode(r);
        r.fail(kv.first, axis,
               scenario_ ? "unknown axis (expected scale_rates, stream, config or set)"
                         : "unknown axis (expected frame_size, family, direction, offered, tunnels, slices or set)");
      }
      r.maybe(axis);
      const YAML::Node& n = kv.second;
      if (axis == "stream" || axis == "config") {
        for (Axis& knob : knob_axes(r, axis, n)) out.push_back(std::move(knob));
        continue;
      }
      if (axis == "set") {
        MapReader set = r.map_of(n, "set");
        for (const auto& p : n) {
          const std::string key = p.first.Scalar();
          set.maybe(key);
          Axis a;
          for (const YAML::Node& item : items(set, key, p.second)) {
            if (item.IsMap()) {
              for (double v : range(set, key, item, [&](const YAML::Node& x) { return set.double_of(x, key); }))
                a.push_back(parameter_setting(set, key, item, format_number(v)));
            } else {
              if (!item.IsScalar()) set.fail(item, key, "expected a value or a range {from, to, step}");
              a.push_back(parameter_setting(set, key, item, item.Scalar()));
            }
          }
          out.push_back(std::move(a));
        }
        continue;
      }
      Axis a;
      for (const YAML::Node& item : items(r, axis, n))
        for (Setting& s : values(r, axis, item)) a.push_back(std::move(s));
      out.push_back(std::move(a));
    }
    r.reject_unknown();
    if (out.empty()) r.fail_here("expected at least one axis");
    return out;
  }

  // An axis' list; a single value or range stands for a list of one.
  static std::vector<YAML::Node> items(const MapReader& r, const std::string& field, const YAML::Node& n) {
    std::vector<YAML::Node> out;
    if (n.IsSequence()) {
      if (n.size() == 0) r.fail(n, field, "expected at least one value");
      for (const auto& item : n) out.push_back(item);
    } else if (n.IsScalar() || n.IsMap()) {
      out.push_back(n);
    } else {
      r.fail(n, field, "expected a value, a list or a range {from, to, step}");
    }
    return out;
  }

  // {from, to, step}: from, from + step, ... up to and including to.
  template <class Parse>
  static std::vector<double> range(const MapReader& parent, const std::string& field, const YAML::Node& n,
                                   Parse parse) {
    return range(parent, field, n, parse, parse);
  }
  // `parse_step` for a step that is not itself a value of the axis (a frame size's step of 2 bytes).
  template <class Parse, class ParseStep>
  static std::vector<double> range(const MapReader& parent, const std::string& field, const YAML::Node& n,
                                   Parse parse, ParseStep parse_step) {
    MapReader m = parent.map_of(n, field);
    const YAML::Node from_n = m.need("from"), to_n = m.need("to"), step_n = m.need("step");
    m.reject_unknown();
    const double from = parse(from_n), to = parse(to_n), step = parse_step(step_n);
    if (!(step > 0)) m.fail(step_n, "step", "expected a step above zero");
    if (to < from) m.fail(to_n, "to", "expected 'to' at least 'from'");
    const double count = std::floor((to - from) / step * (1 + 1e-12)) + 1;
    if (count > static_cast<double>(kMaxRangeValues))
      m.fail(step_n, "step", fmt::format("the range has more than {} values", kMaxRangeValues));
    std::vector<double> out;
    for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) out.push_back(from + step * static_cast<double>(i));
    return out;
  }

  // The settings one item of an axis stands for (a range gives several).
  std::vector<Setting> values(const MapReader& r, const std::string& axis, const YAML::Node& n) {
    const int line = config::line_of(n);
    std::vector<Setting> out;
    auto add = [&](std::function<void(Point&)> f) { out.push_back({axis, line, std::move(f)}); };
    if (axis == "frame_size") {
      if (n.IsMap()) {
        for (uint32_t bytes : frame_size_range(r, axis, n))
          add([bytes](Point& p) { p.frames = FrameMix{std::to_string(bytes), {bytes}, {1}}; });
        return out;
      }
      const std::string text = r.string_of(n, axis);
      if (text == "imix") {
        add([](Point& p) { p.frames = kImix; });
      } else if (auto m = mixes_.find(text); m != mixes_.end()) {
        add([mix = m->second](Point& p) { p.frames = mix; });
      } else if (is_integer(text)) {
        const uint32_t bytes = frame_bytes(r, n, axis);
        add([bytes](Point& p) { p.frames = FrameMix{std::to_string(bytes), {bytes}, {1}}; });
      } else {
        r.fail(n, axis, fmt::format("expected a frame size of {}..{} bytes, imix, a mix named under 'mixes' or a "
                                    "range {{from, to, step}}, got '{}'",
                                    kMinFrameBytes, kMaxFrameBytes, text));
      }
    } else if (axis == "family") {
      const std::string f = r.string_of(n, axis);
      if (f != "ipv4" && f != "ipv6") r.fail(n, axis, "expected ipv4 or ipv6, got '" + f + "'");
      add([f](Point& p) { p.family = f; });
    } else if (axis == "direction") {
      const std::string d = r.string_of(n, axis);
      if (d != "encrypt" && d != "decrypt" && d != "both" && d != "clear")
        r.fail(n, axis, "expected encrypt, decrypt, both or clear, got '" + d + "'");
      add([d](Point& p) { p.direction = d; });
    } else if (axis == "offered") {
      auto rate = [&](const YAML::Node& x) {
        auto parsed = scenario::parse_rate(r.string_of(x, axis));
        // As `probe --offered`: at least 1m, with a unit (a bare 400 would be 400 bps), no pps.
        if (!parsed || parsed->packets_per_second > 0 || !(parsed->bits_per_second >= 1e6) || !has_unit(x.Scalar()))
          r.fail(x, axis, "expected an L1 rate from 1m with a unit like 400g, got '" + x.Scalar() + "'");
        if (find_throughput_)
          r.fail(x, axis, "the offered rate is what 'load: throughput' finds; remove the 'offered' axis");
        return parsed->bits_per_second / 1e9;
      };
      if (n.IsMap()) {
        for (double g : range(r, axis, n, rate)) add([g](Point& p) { p.offered_gbps = g; });
      } else {
        const double g = rate(n);
        add([g](Point& p) { p.offered_gbps = g; });
      }
    } else if (axis == "scale_rates") {
      // As `run --scale-rates X`: a decimal above 0; where a throughput
      // search starts.
      auto scale = [&](const YAML::Node& x) {
        const double v = r.double_of(x, axis);
        if (!(v > 0) || !std::isfinite(v))
          r.fail(x, axis, "expected a decimal above 0 such as 2 or 0.5, got '" + x.Scalar() + "'");
        return v;
      };
      if (n.IsMap()) {
        for (double v : range(r, axis, n, scale)) out.push_back(knob_setting(axis, line, knob_number(v)));
      } else {
        scale(n);
        out.push_back(knob_setting(axis, line, n.Scalar()));
      }
    } else if (axis == "tunnels" || axis == "slices") {
      const uint64_t max = axis == "tunnels" ? kMaxTunnels : 2;
      auto whole = [&](const YAML::Node& x) {
        const uint64_t v = r.uint_of(x, axis, max);
        if (v == 0) r.fail(x, axis, axis == "slices" ? "expected 1 or 2" : "expected at least 1");
        return static_cast<double>(v);
      };
      std::vector<double> vs = n.IsMap() ? range(r, axis, n, whole) : std::vector<double>{whole(n)};
      for (double v : vs) {
        if (axis == "tunnels") add([t = static_cast<uint32_t>(v)](Point& p) { p.tunnels = t; });
        else add([s = static_cast<int>(v)](Point& p) { p.slices = s; });
      }
    }
    return out;
  }

  // One axis per knob under `stream` (NAME: {rate: ..., frame_size: ...})
  // or `config` (DEVICE: a configuration file or a list of them).
  std::vector<Axis> knob_axes(const MapReader& r, const std::string& axis, const YAML::Node& n) {
    MapReader m = r.map_of(n, axis);
    std::vector<Axis> out;
    for (const auto& kv : n) {
      const std::string name = kv.first.Scalar();
      m.maybe(name);
      if (axis == "config") {
        Axis a;
        for (const YAML::Node& item : items(m, name, kv.second)) {
          if (!item.IsScalar() || item.Scalar().empty()) m.fail(item, name, "expected a configuration file");
          a.push_back(knob_setting("config." + name, config::line_of(item), item.Scalar()));
        }
        out.push_back(std::move(a));
        continue;
      }
      MapReader stream = m.map_of(kv.second, name);
      for (const auto& f : kv.second) {
        const std::string field = f.first.Scalar();
        if (field != "rate" && field != "frame_size" && field != "flows")
          stream.fail(f.first, field, "expected rate, frame_size or flows (the knobs of a stream)");
        stream.maybe(field);
        Axis a;
        for (const YAML::Node& item : items(stream, field, f.second))
          for (Setting& st : stream_values(stream, "stream." + name + "." + field, field, item)) a.push_back(std::move(st));
        out.push_back(std::move(a));
      }
      stream.reject_unknown();
    }
    m.reject_unknown();
    if (out.empty()) r.fail(n, axis, axis == "config" ? "expected DEVICE: file" : "expected NAME: {rate: ..., frame_size: ...}");
    return out;
  }

  // A stream's rate (pps or bps, with a unit), frame size (bytes, or imix)
  // or flows (how many source and destination addresses it walks, as its
  // `count`s), one value or a range {from, to, step}.
  std::vector<Setting> stream_values(const MapReader& r, const std::string& key, const std::string& field,
                                     const YAML::Node& n) {
    const int line = config::line_of(n);
    std::vector<Setting> out;
    if (field == "flows") {
      auto count = [&](const YAML::Node& x) {
        const uint64_t v = r.uint_of(x, field, kMaxFlows);
        if (v == 0) r.fail(x, field, "expected at least 1");
        return static_cast<double>(v);
      };
      for (double v : n.IsMap() ? range(r, field, n, count) : std::vector<double>{count(n)})
        out.push_back(knob_setting(key, line, knob_number(v)));
      return out;
    }
    if (field == "frame_size") {
      if (n.IsMap()) {
        for (uint32_t bytes : frame_size_range(r, field, n)) out.push_back(knob_setting(key, line, std::to_string(bytes)));
      } else if (n.IsScalar() && n.Scalar() == "imix") {
        out.push_back(knob_setting(key, line, "imix"));
      } else {
        out.push_back(knob_setting(key, line, std::to_string(frame_bytes(r, n, field))));
      }
      return out;
    }
    bool packets = false;
    auto rate = [&](const YAML::Node& x) {
      auto parsed = scenario::parse_rate(r.string_of(x, field));
      if (!parsed || !has_unit(x.Scalar()) || !(parsed->packets_per_second > 0 || parsed->bits_per_second > 0))
        r.fail(x, field, "expected a rate with a unit like 10000pps or 10g, got '" + x.Scalar() + "'");
      packets = parsed->packets_per_second > 0;
      return packets ? parsed->packets_per_second : parsed->bits_per_second;
    };
    if (!n.IsMap()) {
      rate(n);
      out.push_back(knob_setting(key, line, n.Scalar()));
      return out;
    }
    MapReader m = r.map_of(n, field);
    const bool from_packets = (rate(m.need("from")), packets);
    if ((rate(m.need("to")), packets) != from_packets || (rate(m.need("step")), packets) != from_packets)
      r.fail(n, field, "expected 'from', 'to' and 'step' in the same kind of rate (all pps or all bps)");
    for (double v : range(r, field, n, rate))
      out.push_back(knob_setting(key, line, from_packets ? knob_number(v) + "pps" : knob_number(v / 1e9) + "g"));
    return out;
  }

  Setting knob_setting(const std::string& key, int line, const std::string& value) {
    if (std::find(knob_keys_.begin(), knob_keys_.end(), key) == knob_keys_.end()) knob_keys_.push_back(key);
    return {key, line, [key, value](Point& p) {
              for (auto& kv : p.knobs)
                if (kv.first == key) {
                  kv.second = value;
                  return;
                }
              p.knobs.emplace_back(key, value);
            }};
  }

  Setting parameter_setting(const MapReader& r, const std::string& key, const YAML::Node& at,
                            const std::string& value) {
    if (auto problem = check_(key, value)) r.fail(at, key, *problem);
    if (std::find(parameter_keys_.begin(), parameter_keys_.end(), key) == parameter_keys_.end())
      parameter_keys_.push_back(key);
    return {key, config::line_of(at), [key, value](Point& p) {
              for (auto& kv : p.parameters)
                if (kv.first == key) {
                  kv.second = value;
                  return;
                }
              p.parameters.emplace_back(key, value);
            }};
  }

  // What every point must satisfy whatever combination made it.
  void check_point(const Point& p, const std::map<std::string, int>& lines) const {
    // The line of the first of `axes` that the file sets.
    auto line = [&](std::initializer_list<const char*> axes) {
      for (const char* axis : axes)
        if (auto it = lines.find(axis); it != lines.end()) return it->second;
      return 1;
    };
    if (scenario_) return;  // the program checks it against the scenario, once the file is read
    if (p.offered_gbps / p.slices > 400 + 1e-9)
      throw InputError(fmt::format("{}:{}: offered {} Gbps with {} slice(s) is more than 400 Gbps per slice (one "
                                   "400G port group per slice)",
                                   file_, line({"offered", "slices"}), format_number(p.offered_gbps), p.slices));
    if (p.direction != "clear" && p.tunnels < static_cast<uint32_t>(p.slices))
      throw InputError(fmt::format("{}:{}: {} tunnel(s) with {} slices: expected at least one tunnel per slice",
                                   file_, line({"tunnels", "slices"}), p.tunnels, p.slices));
    if (point_check_)
      if (auto problem = point_check_(p))
        throw InputError(fmt::format("{}:{}: point {} ({}): {}", file_, line({"tunnels", "slices", "set", "frame_size"}),
                                     p.index, describe(p), *problem));
  }

  std::string file_;
  bool find_throughput_ = false;
  bool scenario_ = false;
  std::vector<std::string> knob_keys_;
  const ParameterCheck& check_;
  const PointCheck& point_check_;
  std::map<std::string, FrameMix> mixes_;
  std::vector<std::string> parameter_keys_;
};

}  // namespace

double FrameMix::mean_frame_bytes() const {
  double sum = 0, weight = 0;
  for (std::size_t i = 0; i < frame_bytes.size(); ++i) {
    sum += static_cast<double>(frame_bytes[i]) * weights[i];
    weight += weights[i];
  }
  return weight > 0 ? sum / weight : 0;
}

std::string describe(const Point& p) {
  if (p.of_scenario) {
    std::string s;
    for (const auto& [k, v] : p.knobs) s += fmt::format("{}{}={}", s.empty() ? "" : " ", k, v);
    for (const auto& [k, v] : p.parameters) s += fmt::format(" {}={}", k, v);
    return s;
  }
  std::string s = fmt::format("frame_size={} family={} direction={} offered={}g tunnels={} slices={}", p.frames.label,
                              p.family, p.direction, format_number(p.offered_gbps), p.tunnels, p.slices);
  for (const auto& [k, v] : p.parameters) s += fmt::format(" {}={}", k, v);
  return s;
}

std::string SweepSpec::digest() const {
  std::string canon = fmt::format("{}|{}|{}|{}|{}|{}", name, seed, duration_ps, warmup_ps, timing_only, flows);
  // Only a throughput sweep adds its settings, so fixed-load sweeps keep their digests.
  if (find_throughput)
    canon += scenario ? fmt::format("|throughput|{}", scale_resolution)
                      : fmt::format("|throughput|{}|{}", resolution_gbps, trial_ps);
  // Only a scenario sweep adds its scenario, so probe sweeps keep their digests.
  if (scenario)
    canon += fmt::format("|scenario|{}|{}|{}|{}", scenario->as_written, scenario->seed.value_or(0),
                         scenario->duration_ps.value_or(0), scenario->warmup_ps.value_or(0));
  canon += "\n";
  for (const Point& p : points) {
    canon += describe(p);
    for (std::size_t i = 0; i < p.frames.frame_bytes.size(); ++i)
      canon += fmt::format(" {}x{}", p.frames.frame_bytes[i], p.frames.weights[i]);
    canon += "\n";
  }
  uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  for (unsigned char c : canon) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

Expected<SweepSpec, std::string> read_sweep_text(const std::string& text, const std::string& file_name,
                                                 const ParameterCheck& check, const PointCheck& point_check) {
  try {
    const YAML::Node root = config::load_yaml_text(text, file_name);
    SweepSpec spec = Reader(file_name, check, point_check).read(root);
    spec.file = file_name;
    spec.file_sha256 = sha256_hex(text);
    if (spec.name.empty()) {
      std::string base = file_name.substr(file_name.find_last_of('/') + 1);
      if (auto dot = base.rfind(".yaml"); dot != std::string::npos && dot + 5 == base.size()) base.resize(dot);
      spec.name = base;
    }
    return spec;
  } catch (const InputError& e) {
    return unexpected(std::string(e.what()));
  } catch (const YAML::Exception& e) {
    return unexpected(fmt::format("{}:{}: {}", file_name, e.mark.line + 1, e.msg));
  }
}

Expected<SweepSpec, std::string> read_sweep_file(const std::string& path, const ParameterCheck& check,
                                                 const PointCheck& point_check) {
  std::ifstream in(path);
  if (!in) return unexpected(path + ": cannot open the sweep file");
  std::stringstream ss;
  ss << in.rdbuf();
  return read_sweep_text(ss.str(), path, check, point_check);
}

}  // namespace trio6sim::sweep
