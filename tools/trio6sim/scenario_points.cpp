#include "scenario_points.h"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "run/rate_scale.h"
#include "run/scenario_run.h"
#include "scenario/scenario_loader.h"
#include "sweep/columns.h"
#include "sweep/provenance.h"

namespace trio6sim::cli {

namespace {

// The scenario as its file says, loaded once per process (every point of a
// sweep starts from it).
const Expected<scenario::ScenarioSpec, std::string>& loaded(const std::string& path) {
  static std::map<std::string, Expected<scenario::ScenarioSpec, std::string>> cache;
  auto it = cache.find(path);
  if (it == cache.end()) it = cache.emplace(path, scenario::load_scenario(path)).first;
  return it->second;
}

std::string stream_names(const scenario::ScenarioSpec& s) {
  std::string names;
  for (const auto& g : s.generators)
    for (const auto& st : g.streams) names += (names.empty() ? "" : ", ") + st.name;
  return names;
}

scenario::StreamSpec* find_stream(scenario::ScenarioSpec& s, const std::string& name) {
  for (auto& g : s.generators)
    for (auto& st : g.streams)
      if (st.name == name) return &st;
  return nullptr;
}

// A point's scenario and load scale: the sweep's overrides and the point's
// knobs applied. Errors say what the point asks that the scenario cannot do.
struct PointScenario {
  scenario::ScenarioSpec spec;
  double scale = 1;
};

// `scale`: a throughput search's trial scale instead of the point's.
Expected<PointScenario, std::string> point_scenario(const sweep::SweepSpec& sweep, const sweep::Point& point,
                                                    std::optional<double> scale = std::nullopt) {
  const sweep::ScenarioSweep& sc = *sweep.scenario;
  const auto& base = loaded(sc.path);
  if (!base) return unexpected(base.error());
  if (base->bridge)
    return unexpected(fmt::format("{}: a bridged scenario (bridge:) runs paced to the wall clock against one peer "
                                  "outside the simulation, on fixed host ports: it cannot be a sweep's point",
                                  sc.as_written));
  PointScenario out{*base, 1};
  scenario::ScenarioSpec& s = out.spec;
  if (sc.seed) s.seed = *sc.seed;
  if (sc.duration_ps) s.duration_ps = *sc.duration_ps;
  if (sc.warmup_ps) s.warmup_ps = *sc.warmup_ps;
  if (s.warmup_ps >= s.duration_ps)
    return unexpected(fmt::format("the warm-up ({}) is not shorter than the run ({})",
                                  scenario::format_duration(s.warmup_ps), scenario::format_duration(s.duration_ps)));
  for (const auto& [key, value] : point.knobs) {
    if (value == "default") continue;
    if (key == "scale_rates") {
      out.scale = std::stod(value);
    } else if (key.rfind("config.", 0) == 0) {
      const std::string device = key.substr(7);
      auto d = std::find_if(s.devices.begin(), s.devices.end(), [&](const auto& x) { return x.name == device; });
      if (d == s.devices.end()) return unexpected(fmt::format("config: {} has no device {}", sc.as_written, device));
      const std::filesystem::path file = value[0] == '/' ? std::filesystem::path(value) : std::filesystem::path(sc.folder) / value;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(file, ec))
        return unexpected(fmt::format("config.{}: cannot read {}", device, file.lexically_normal().string()));
      d->config_path = file.lexically_normal().string();
      d->config_text.clear();
    } else {  // stream.NAME.rate | .frame_size | .flows
      const auto last = key.rfind('.');
      const std::string name = key.substr(7, last - 7), field = key.substr(last + 1);
      scenario::StreamSpec* st = find_stream(s, name);
      if (!st)
        return unexpected(fmt::format("stream: {} has no stream {} (its streams: {})", sc.as_written, name,
                                      stream_names(s)));
      if (field == "rate") {
        st->rate = *scenario::parse_rate(value);  // checked as the sweep file was read
      } else if (field == "flows") {
        st->source.count = st->destination.count = static_cast<uint32_t>(std::stoul(value));
        if (scenario::range_wraps(st->source) || scenario::range_wraps(st->destination))
          return unexpected(fmt::format("stream {}: {} flows run its source or destination addresses past the "
                                        "last address",
                                        name, value));
      } else if (value == "imix") {
        st->frame_bytes = 0;
        st->imix = scenario::simple_imix();
      } else {
        const auto bytes = static_cast<uint32_t>(std::stoul(value));
        const uint32_t min = st->family == IpAddress::Family::kV6 ? scenario::kMinFrameBytesV6 : scenario::kMinFrameBytesV4;
        if (bytes < min)
          return unexpected(fmt::format("stream {}: a frame of {} B is below the {} B an {} UDP frame needs", name,
                                        bytes, min, st->family == IpAddress::Family::kV6 ? "IPv6" : "IPv4"));
        st->frame_bytes = bytes;
        st->imix.clear();
      }
    }
  }
  for (const auto& [key, value] : point.parameters)
    if (value != "default") s.parameters[key] = value;
  if (scale) out.scale = *scale;
  // The scaled rates must stay within what a generator can send.
  if (auto scaled = run::scale_rates(s, out.scale); !scaled) return unexpected(scaled.error());
  return out;
}

run::RunOptions options_of(const sweep::SweepSpec& sweep, const PointScenario& p) {
  run::RunOptions o;
  o.scale_rates = p.scale;
  o.timing_only = sweep.timing_only;
  o.quiet = true;
  return o;
}

// The sweep file's line that made the point, then what went wrong.
[[noreturn]] void fail(const sweep::SweepSpec& sweep, const sweep::Point& point, const std::string& why) {
  throw std::runtime_error(fmt::format("{}:{}: {}", sweep.file, point.line, why));
}

// A place's name as a column's part: no spaces (CSV readers split on them less, people type them less).
std::string tidy(std::string s) {
  std::replace(s.begin(), s.end(), ' ', '_');
  return s;
}

// Packets the streams sent and did not receive, over all streams.
uint64_t lost_packets(const report::RunReport& r) {
  uint64_t lost = 0;
  for (const auto& [name, s] : r.streams) lost += s.lost();
  return lost;
}

// Nothing dropped, nothing a stream sent left unreceived.
bool loss_free(const run::RunResult& r) {
  return r.report.conservation.dropped == 0 && lost_packets(r.report) == 0;
}

// The point's row from its run (at the throughput scale in a search).
sweep::Row row_of(const sweep::Point& point, const run::RunResult& result) {
  const report::RunReport& r = result.report;
  sweep::Row row;
  row.point = point.index;
  auto num = [&](const std::string& column, std::string text) { row.cells.push_back({column, std::move(text), true}); };
  auto text = [&](const std::string& column, std::string t) { row.cells.push_back({column, std::move(t), false}); };
  auto count = [&](const std::string& column, uint64_t v) { num(column, std::to_string(v)); };
  auto f1 = [](double v) { return fmt::format("{:.1f}", v); };
  auto f4 = [](double v) { return fmt::format("{:.4f}", v); };

  count("point", point.index);
  for (const auto& [key, value] : point.knobs) {
    if (key == "scale_rates") num(key, value == "default" ? "1" : value);
    else text(key, value);
  }
  for (const auto& [key, value] : point.parameters) text(key, value);

  std::size_t failed = 0;
  for (const auto& e : result.expectations) failed += e.passed ? 0 : 1;
  const report::Conservation& c = r.conservation;
  count("offered_packets", c.offered + c.from_host + c.injected_on_links);
  count("delivered_packets", c.delivered);
  count("dropped_packets", c.dropped);
  count("in_flight_on_links", c.in_flight_on_links);
  num("unaccounted_packets", std::to_string(c.unaccounted()));
  count("lost_packets", lost_packets(r));
  text("loss_free", loss_free(result) ? "yes" : "no");
  text("conserved", result.conserved ? "yes" : "no");
  count("expectations_passed", result.expectations.size() - failed);
  count("expectations_failed", failed);
  for (const auto& [name, s] : r.streams) {
    const std::string k = "stream." + name + ".";
    count(k + "tx_packets", s.tx_packets);
    count(k + "rx_packets", s.rx_packets);
    count(k + "lost_packets", s.lost());
    num(k + "latency_p50_ns", f1(s.latency_ns.p50));
    num(k + "latency_p99_ns", f1(s.latency_ns.p99));
    num(k + "latency_max_ns", f1(s.latency_ns.max));
  }
  // Each device's limiting block: the place busiest over the measurement
  // window (all of them when they tie to the printed precision, e.g. both
  // PFEs); its busiest interval beside it.
  std::vector<sweep::Cell> drops;
  for (const auto& [name, d] : r.devices) {
    const std::string k = "device." + name + ".";
    std::string limiting;
    double top = -1;
    for (const auto& [place, u] : d.utilization) {
      const double shown = std::stod(f4(u));
      if (shown > top) {
        top = shown;
        limiting = place;
      } else if (shown == top) {
        limiting += " + " + place;
      }
    }
    double peak = 0;
    for (const auto& [place, u] : d.peak_utilization) peak = std::max(peak, u);
    uint64_t dropped = 0;
    for (const auto& [cause, n] : d.drops) dropped += n;
    text(k + "limiting_block", limiting);
    num(k + "limiting_utilization", f4(std::max(top, 0.0)));
    num(k + "peak_utilization", f4(peak));
    count(k + "dropped_packets", dropped);
    text(k + "saturated", d.saturated.empty() ? "" : d.saturated.front().place);
    for (const auto& [place, causes] : d.drops_by_place)
      for (const auto& [cause, n] : causes)
        drops.push_back({fmt::format("drops.{}.{}.{}", name, tidy(place), tidy(cause)), std::to_string(n), true});
  }
  // Sparse: only where this point dropped, by name (sweep::align_sparse_columns).
  std::sort(drops.begin(), drops.end(), [](const auto& a, const auto& b) { return a.column < b.column; });
  for (auto& d : drops) row.cells.push_back(std::move(d));
  return row;
}

// Where a lossy trial lost: each dropping device's place with the most
// drops and its cause ("PE1: lmic1.pfe0.ipsec_engine (crypto queue full)").
std::string where_lost(const run::RunResult& r) {
  std::string out;
  for (const auto& [device, d] : r.report.devices) {
    std::string place, cause;
    uint64_t most = 0;
    for (const auto& [p, causes] : d.drops_by_place)
      for (const auto& [c, n] : causes)
        if (n > most) std::tie(most, place, cause) = std::tuple(n, p, c);
    if (most) out += fmt::format("{}{}: {} ({})", out.empty() ? "" : "; ", device, place, cause);
  }
  return out.empty() ? "streams lost packets without a drop (still in flight at the end)" : out;
}

// `load: throughput` for a scenario: the highest scale_rates at which the
// run loses nothing, from the point's scale (1 by default) doubled until a
// trial loses or is refused (a generator above its line rate), or halved
// until one does not, then halved between the two to the sweep's
// resolution. Each trial is the whole scenario.
sweep::Row search_scale(const sweep::SweepSpec& spec, const sweep::Point& point) {
  constexpr int kMaxTrials = 80;    // doubling from 1e-6 to 1e6 and 20 halvings fit
  constexpr double kLowest = 1e-6;  // of the starting scale: below it, "not found"
  double start = 1;
  for (const auto& [key, value] : point.knobs)
    if (key == "scale_rates" && value != "default") start = std::stod(value);
  std::optional<run::RunResult> at_lo, at_hi;
  double lo = 0, hi = 0;
  std::string limited_by;
  int trials = 0;
  // Runs a trial; true when it lost nothing.
  auto trial = [&](double x) {
    ++trials;
    auto p = point_scenario(spec, point, x);
    Expected<run::RunResult, std::string> r = p ? run::run_scenario(p->spec, options_of(spec, *p))
                                                : Expected<run::RunResult, std::string>(unexpected(p.error()));
    if (r && loss_free(*r)) {
      lo = x;
      at_lo = std::move(*r);
      return true;
    }
    hi = x;
    if (r) {
      limited_by = where_lost(*r);
      at_hi = std::move(*r);
    } else {
      // Refused at this scale though the point ran at its own: the scale is why.
      limited_by = r.error().find("above its line rate") != std::string::npos ? "a generator's line rate"
                                                                              : "refused: " + r.error();
      at_hi.reset();
    }
    return false;
  };
  if (trial(start)) {
    while (hi == 0 && trials < kMaxTrials) trial(lo * 2);
  } else {
    for (double x = start / 2; lo == 0 && x >= start * kLowest && trials < kMaxTrials; x /= 2) trial(x);
  }
  while (lo > 0 && hi > 0 && hi - lo > lo * spec.scale_resolution && trials < kMaxTrials) trial((lo + hi) / 2);
  if (!at_lo && !at_hi) fail(spec, point, "no trial ran: " + limited_by);
  sweep::Row row = row_of(point, at_lo ? *at_lo : *at_hi);
  auto add = [&](const std::string& column, std::string text, bool number) {
    row.cells.push_back({column, std::move(text), number});
  };
  add("throughput_scale", fmt::format("{:.9g}", lo), true);
  add("throughput_found", lo > 0 && hi > 0 ? "yes" : "no", false);
  add("throughput_limited_by", hi > 0 ? limited_by : "", false);
  add("trials", std::to_string(trials), true);
  // Sparse columns stay last (sweep::align_sparse_columns moves them anyway).
  std::stable_partition(row.cells.begin(), row.cells.end(),
                        [](const sweep::Cell& c) { return !sweep::is_sparse(c.column); });
  return row;
}

}  // namespace

sweep::Row run_scenario_point(const sweep::SweepSpec& spec, const sweep::Point& point) {
  if (spec.find_throughput) return search_scale(spec, point);
  auto p = point_scenario(spec, point);
  if (!p) fail(spec, point, p.error());
  auto result = run::run_scenario(p->spec, options_of(spec, *p));
  if (!result) fail(spec, point, result.error());
  return row_of(point, *result);
}

std::optional<std::string> check_scenario_point(const sweep::SweepSpec& spec, const sweep::Point& point) {
  auto p = point_scenario(spec, point);
  if (!p) return p.error();
  return std::nullopt;
}

void build_scenario_point(const sweep::SweepSpec& spec, const sweep::Point& point) {
  auto p = point_scenario(spec, point);
  if (!p) fail(spec, point, p.error());
  run::RunOptions o = options_of(spec, *p);
  o.build_only = true;
  if (auto r = run::run_scenario(p->spec, o); !r) fail(spec, point, r.error());
}


std::optional<ScenarioWindow> scenario_window(const sweep::SweepSpec& spec) {
  const auto& s = loaded(spec.scenario->path);
  if (!s) return std::nullopt;
  auto sha = sweep::file_sha256(spec.scenario->path);
  return ScenarioWindow{spec.scenario->seed.value_or(s->seed), spec.scenario->duration_ps.value_or(s->duration_ps),
                        spec.scenario->warmup_ps.value_or(s->warmup_ps), sha ? *sha : ""};
}

}  // namespace trio6sim::cli
