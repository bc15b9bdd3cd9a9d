#include "sweep_command.h"

#include <fmt/core.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "command_line.h"
#include "models/config_error.h"
#include "models/parameters.h"
#include "models/probe.h"
#include "models/throughput_search.h"
#include "packet/drop_cause.h"
#include "sweep/provenance.h"
#include "sweep/results.h"
#include "sweep/shard.h"
#include "sweep/sweep_file.h"
#include "scenario_points.h"
#include "sweep/columns.h"
#include "sweep_workers.h"
#include "version.h"

extern char** environ;

namespace po = boost::program_options;

namespace trio6sim::cli {

namespace {

constexpr const char* kUsage =
    "usage: trio6sim sweep FILE.yaml --out DIR [--shard I/N] [--jobs N] [--no-plots]\n"
    "       trio6sim sweep FILE.yaml --list [--shard I/N]\n"
    "       trio6sim sweep --merge DIR... --out DIR [--no-plots]\n"
    "Runs every point of a sweep file (each one `trio6sim probe`, or a run of the scenario the\n"
    "file names) and writes DIR/results.csv,\n"
    "DIR/results.json and plots (python3-matplotlib). --jobs: points run at once (default: the\n"
    "usable cores). --shard I/N runs points I, I+N, I+2N, ... (I from 0) and draws no plots;\n"
    "--merge combines shard outputs into the bytes a single run writes. --list prints the points\n"
    "and runs none. Format: docs/sweep.md.\n";

int usage_error(const std::string& message) {
  std::cerr << "trio6sim sweep: " << message << "\n" << kUsage;
  return 2;
}

// The chip model's own table decides what a --set key accepts.
std::optional<std::string> check_parameter(const std::string& key, const std::string& value) {
  try {
    models::Trio6Params p;
    p.set(key, value);
    p.validate();
    return std::nullopt;
  } catch (const models::ConfigError& e) {
    return std::string(e.what());
  }
}

models::ProbeDirection direction_of(const std::string& d) {
  if (d == "decrypt") return models::ProbeDirection::kDecrypt;
  if (d == "both") return models::ProbeDirection::kBoth;
  if (d == "clear") return models::ProbeDirection::kClear;
  return models::ProbeDirection::kEncrypt;
}

// A point's probe (the sweep-wide settings from `spec` when given).
models::ProbeConfig probe_config(const sweep::Point& p, const sweep::SweepSpec* spec) {
  models::ProbeConfig c;
  c.frame_bytes = p.frames.frame_bytes;
  c.weights = p.frames.weights;
  c.ipv6 = p.family == "ipv6";
  c.offered_gbps = p.offered_gbps;
  c.direction = direction_of(p.direction);
  c.tunnels = p.tunnels;
  c.slices = p.slices;
  if (spec) {
    c.duration_ps = spec->duration_ps;
    c.warmup_ps = spec->warmup_ps;
    c.timing_only = spec->timing_only;
    c.seed = spec->seed;
    c.flows = spec->flows;
  }
  for (const auto& [key, value] : p.parameters)
    if (value != "default") c.params.set(key, value);
  return c;
}

// What the probe would refuse in a point, asked as the sweep file is read.
std::optional<std::string> check_point(const sweep::Point& p) {
  try {
    models::validate_probe_config(probe_config(p, nullptr));
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

// One point: a probe, and its row. Fixed formats, no wall time: the same
// sweep file and seed give the same bytes.
sweep::Row run_point(const sweep::SweepSpec& spec, const sweep::Point& p) {
  if (spec.scenario) return run_scenario_point(spec, p);
  const models::ProbeConfig c = probe_config(p, &spec);
  models::ThroughputResult search;
  if (spec.find_throughput) search = models::find_throughput(c, {spec.resolution_gbps, spec.trial_ps});
  else search.at_throughput = models::run_probe(c);
  const models::ProbeResult& r = search.at_throughput;

  sweep::Row row;
  row.point = p.index;
  auto num = [&](const std::string& column, std::string text) { row.cells.push_back({column, std::move(text), true}); };
  auto text = [&](const std::string& column, std::string t) { row.cells.push_back({column, std::move(t), false}); };
  auto f3 = [](double v) { return fmt::format("{:.3f}", v); };
  const double mean_bytes = p.frames.mean_frame_bytes();

  num("point", std::to_string(p.index));
  text("frame_size", p.frames.label);
  num("mean_frame_bytes", fmt::format("{:.2f}", mean_bytes));
  text("family", p.family);
  text("direction", p.direction);
  num("slices", std::to_string(p.slices));
  num("tunnels", std::to_string(p.direction == "clear" ? 0 : p.tunnels));
  num("load_gbps", f3(spec.find_throughput ? search.throughput_gbps : p.offered_gbps));
  for (const auto& [key, value] : p.parameters) text(key, value);
  num("offered_l1_gbps", f3(r.offered_gbps));
  num("delivered_l1_gbps", f3(r.delivered_gbps));
  // Cleartext goodput: the customer's frames (header and FCS, no preamble or
  // gap) actually offered and delivered, whichever form they had on the wire.
  num("offered_goodput_gbps", f3(r.offered_cleartext_frame_gbps));
  num("delivered_goodput_gbps", f3(r.delivered_cleartext_frame_gbps));
  num("offered_mpps", f3(r.offered_mpps));
  num("delivered_mpps", f3(r.delivered_mpps));
  num("latency_p50_ns", fmt::format("{:.1f}", r.latency_p50_ns));
  num("latency_p99_ns", fmt::format("{:.1f}", r.latency_p99_ns));
  num("latency_max_ns", fmt::format("{:.1f}", r.latency_max_ns));
  num("offered_packets", std::to_string(r.offered_packets));
  num("delivered_packets", std::to_string(r.delivered_packets));
  num("dropped_packets", std::to_string(r.dropped_packets));
  // Every cause, zero or not, so that every row (and every shard) has the same columns.
  for (std::size_t i = 1; i < static_cast<std::size_t>(DropCause::kCount); ++i) {
    std::string cause(to_string(static_cast<DropCause>(i)));
    auto it = r.drops.find(cause);
    std::replace(cause.begin(), cause.end(), ' ', '_');  // tidy column names
    num("drop." + cause, std::to_string(it == r.drops.end() ? 0 : it->second));
  }
  text("saturated_block", r.saturated_block);
  for (const auto& u : r.utilization) num("util." + u.block, fmt::format("{:.4f}", u.fraction));
  text("conserved", r.conserved ? "yes" : "no");
  // Added by issue 16, after the columns scripts already read.
  num("offered_cleartext_l1_gbps", f3(r.offered_cleartext_l1_gbps));
  num("delivered_cleartext_l1_gbps", f3(r.delivered_cleartext_l1_gbps));
  num("delivered_mean_frame_bytes", fmt::format("{:.2f}", r.delivered_mean_frame_bytes));
  text("steady", r.steady ? "yes" : "no");
  text("loss_free", r.loss_free() ? "yes" : "no");
  text("limiting_block", r.limiting_block);
  num("limiting_bound_gbps", f3(r.limiting_bound_gbps));
  num("limiting_bound_cleartext_l1_gbps", f3(r.limiting_bound_cleartext_l1_gbps));
  text("drop_place", r.drop_place);
  if (spec.find_throughput) {
    num("throughput_gbps", f3(search.throughput_gbps));
    num("throughput_cleartext_l1_gbps", f3(r.offered_cleartext_l1_gbps));
    num("throughput_cleartext_frame_gbps", f3(r.offered_cleartext_frame_gbps));
    num("throughput_mpps", f3(r.offered_mpps));
    text("throughput_found", search.found ? "yes" : "no");
    num("trial_us", fmt::format("{:.1f}", static_cast<double>(search.trial_ps) / 1e6));
    num("trials", std::to_string(search.trials.size()));
  }
  return row;
}

// What the results were made with (docs/sweep.md, "Provenance"). The command
// leaves out --out, --shard, --jobs and --no-plots: they say where points run
// and land, not what they compute, and a shard's output must merge into the
// bytes of a single run.
sweep::Provenance provenance_of(const sweep::SweepSpec& spec, const ScenarioWindow& window, int argc, char** argv) {
  sweep::Provenance p;
  auto text = [](std::vector<sweep::Cell>& to, const std::string& key, std::string value) {
    to.push_back({key, std::move(value), false});
  };
  auto number = [](std::vector<sweep::Cell>& to, const std::string& key, uint64_t value) {
    to.push_back({key, std::to_string(value), true});
  };
  text(p.fields, "simulator", simulator_version());
  text(p.fields, "sweep_file_sha256", spec.file_sha256);
  text(p.fields, "command", sweep::command_text(argc, argv, {"--out", "--shard", "--jobs"}, {"--no-plots"}));
  if (spec.scenario) {  // the scenario's window unless the sweep file set it
    text(p.fields, "scenario", spec.scenario->as_written);
    text(p.fields, "scenario_sha256", window.scenario_sha256);
    number(p.fields, "seed", window.seed);
    number(p.fields, "duration_ps", window.duration_ps);
    number(p.fields, "warmup_ps", window.warmup_ps);
  } else {
    number(p.fields, "seed", spec.seed);
    number(p.fields, "duration_ps", spec.duration_ps);
    number(p.fields, "warmup_ps", spec.warmup_ps ? spec.warmup_ps : spec.duration_ps / 5);  // the probe's default
  }
  const sweep::SweepSpec defaults;
  if (spec.timing_only != defaults.timing_only) text(p.parameters, "timing_only", spec.timing_only ? "true" : "false");
  if (spec.flows != defaults.flows) number(p.parameters, "flows", spec.flows);
  if (spec.find_throughput && spec.scenario) {
    text(p.parameters, "load", "throughput");
    text(p.parameters, "scale_resolution", fmt::format("{}", spec.scale_resolution));
  } else if (spec.find_throughput) {
    text(p.parameters, "load", "throughput");
    text(p.parameters, "resolution_gbps", fmt::format("{}", spec.resolution_gbps));
    if (spec.trial_ps) number(p.parameters, "trial_ps", spec.trial_ps);
  }
  // A chip parameter's values over the sweep, first use first ("default"
  // where a point leaves it alone); its column gives each point's.
  for (const std::string& key : spec.parameter_keys) {
    std::vector<std::string> seen;
    for (const sweep::Point& point : spec.points)
      for (const auto& [k, v] : point.parameters)
        if (k == key && std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(v);
    std::string values;
    for (const std::string& v : seen) values += (values.empty() ? "" : ", ") + v;
    text(p.parameters, key, values);
  }
  return p;
}

// A scenario sweep's points, checked whole before any runs (as `--list`
// does): each against the scenario here, then each built (configurations
// committed, routers wired, no traffic) in worker processes, which is what
// refuses a stream above its port's line rate. nullopt, or the first error.
std::optional<std::string> check_scenario(const sweep::SweepSpec& spec, int jobs) {
  for (const sweep::Point& p : spec.points)
    if (auto problem = check_scenario_point(spec, p))
      return fmt::format("{}:{}: point {} ({}): {}", spec.file, p.line, p.index, sweep::describe(p), *problem);
  std::vector<const sweep::Point*> all;
  for (const sweep::Point& p : spec.points) all.push_back(&p);
  auto built = run_in_workers(
      all, jobs,
      [&](const sweep::Point& p) {
        build_scenario_point(spec, p);
        return sweep::Row{p.index, {}};
      },
      Progress::kNone);
  if (!built) return built.error();
  return std::nullopt;
}

// The interpreter that has matplotlib: Debian's, unless TRIO6SIM_PYTHON says otherwise.
std::string python() {
  if (const char* p = std::getenv("TRIO6SIM_PYTHON")) return p;
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

// TRIO6SIM_PLOT_SCRIPT, else the installed copy (PREFIX/share/trio6sim beside
// PREFIX/bin/trio6sim), else the source tree this program was built from.
std::string plot_script() {
  if (const char* p = std::getenv("TRIO6SIM_PLOT_SCRIPT")) return p;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "trio6sim" / "plot_sweep.py";
    if (std::filesystem::exists(installed, ec)) return installed.string();
  }
  return std::string(TRIO6SIM_SOURCE_DIR) + "/scripts/plot_sweep.py";
}

// Runs scripts/plot_sweep.py on DIR; its own messages go to standard error.
bool draw_plots(const std::string& dir) {
  const std::string py = python(), script = plot_script();
  std::vector<std::string> args{py, script, dir};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  pid_t pid = 0;
  if (posix_spawnp(&pid, py.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
    std::cerr << "trio6sim sweep: cannot start " << py << " for the plots\n";
    return false;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  std::cerr << "trio6sim sweep: the plots were not drawn (" << script
            << " failed; it needs python3-matplotlib); results.csv and results.json are written. --no-plots skips "
               "them.\n";
  return false;
}

int finish(const sweep::ResultSet& results, const std::string& out, bool plots) {
  if (auto w = sweep::write_results(results, out); !w) {
    std::cerr << "trio6sim sweep: " << w.error() << "\n";
    return 2;
  }
  const bool drawn = !plots || draw_plots(out);
  std::cout << fmt::format("sweep {}: {} of {} points written to {}/results.csv and results.json{}\n", results.sweep,
                           results.rows.size(), results.total_points, out, plots && drawn ? " with plots" : "");
  // As `trio6sim probe` exits 1 when offered != delivered + drops: a model
  // fault, not a result to plan capacity with.
  std::string broken;
  std::size_t count = 0;
  for (const sweep::Row& row : results.rows)
    for (const sweep::Cell& cell : row.cells)
      if (cell.column == "conserved" && cell.text != "yes" && ++count <= 10)
        broken += fmt::format("{}{}", count > 1 ? ", " : "", row.point);
  if (count > 0) {
    std::cerr << fmt::format("trio6sim sweep: {} point(s) broke conservation (offered != delivered + drops, or "
                             "packets left in flight): point {}{}\n",
                             count, broken, count > 10 ? ", ..." : "");
    return 1;
  }
  return drawn ? 0 : 1;
}

}  // namespace

int sweep_command(int argc, char** argv) {
  po::options_description opts;
  opts.add_options()("help,h", "")("file", po::value<std::string>(), "")("out", po::value<std::string>(), "")(
      "shard", po::value<std::string>(), "")("jobs", po::value<int>(), "")("no-plots", po::bool_switch(), "")("list", po::bool_switch(), "")(
      "merge", po::value<std::vector<std::string>>()->multitoken(), "");
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  if (auto parsed = parse_command_line(argc, argv, opts, positional, vm); !parsed) return usage_error(parsed.error());
  if (vm.count("help")) {
    std::cout << kUsage;
    return 0;
  }
  const bool merging = vm.count("merge") > 0;
  const bool listing = vm["list"].as<bool>();
  if (listing && merging) return usage_error("--list takes a sweep file, not --merge");
  if (!listing && !vm.count("out")) return usage_error("--out DIR is required");
  const std::string out = listing ? "" : vm["out"].as<std::string>();

  if (merging) {
    if (vm.count("file")) return usage_error("--merge takes shard directories, not a sweep file");
    if (vm.count("shard") || vm.count("jobs")) return usage_error("--merge takes no --shard or --jobs");
    const auto dirs = vm["merge"].as<std::vector<std::string>>();
    std::vector<sweep::ResultSet> parts;
    for (const auto& d : dirs) {
      auto part = sweep::read_results(d);
      if (!part) {
        std::cerr << "trio6sim sweep: --merge: " << part.error() << "\n";
        return 2;
      }
      parts.push_back(std::move(*part));
    }
    auto merged = sweep::merge(parts, dirs);
    if (!merged) {
      std::cerr << "trio6sim sweep: " << merged.error() << "\n";
      return 2;
    }
    return finish(*merged, out, !vm["no-plots"].as<bool>());
  }

  if (!vm.count("file")) return usage_error("expected a sweep file (or --merge DIR...)");
  sweep::Shard shard;
  if (vm.count("shard")) {
    auto s = sweep::parse_shard(vm["shard"].as<std::string>());
    if (!s) return usage_error(s.error());
    shard = *s;
  }
  int jobs = usable_cores();
  if (vm.count("jobs")) {
    jobs = vm["jobs"].as<int>();
    if (jobs < 1 || jobs > 4096) return usage_error("--jobs: expected 1..4096");
  }
  const std::string file = vm["file"].as<std::string>();
  auto spec = sweep::read_sweep_file(file, check_parameter, check_point);
  if (!spec) {
    std::cerr << "trio6sim sweep: " << spec.error() << "\n";
    return 2;
  }

  ScenarioWindow window;
  if (spec->scenario) {
    if (auto problem = check_scenario(*spec, jobs)) {
      std::cerr << "trio6sim sweep: " << *problem << "\n";
      return 2;
    }
    window = *scenario_window(*spec);
  }

  std::vector<const sweep::Point*> mine;
  for (std::size_t i : sweep::points_of(shard, spec->points.size())) mine.push_back(&spec->points[i]);
  if (listing) {
    std::cout << fmt::format("sweep {}: {} of {} points (digest {})\n", spec->name, mine.size(), spec->points.size(),
                             spec->digest());
    for (const sweep::Point* p : mine) std::cout << fmt::format("{:>6} {}\n", p->index, sweep::describe(*p));
    return 0;
  }
  auto rows = run_in_workers(
      mine, jobs, [&](const sweep::Point& p) { return run_point(*spec, p); }, isatty(STDERR_FILENO) != 0 ? Progress::kTerminal : Progress::kLines);
  if (!rows) {
    std::cerr << "trio6sim sweep: " << file << ": " << rows.error() << "\n";
    return 2;
  }
  sweep::ResultSet results;
  results.sweep = spec->name;
  results.digest = spec->digest();
  results.seed = spec->scenario ? window.seed : spec->seed;
  results.total_points = spec->points.size();
  results.shard = shard;
  results.provenance = provenance_of(*spec, window, argc, argv);
  results.rows = std::move(*rows);
  sweep::align_sparse_columns(results.rows);
  // A shard's plots would show a share of the points: the merge draws them.
  return finish(results, out, shard.whole() && !vm["no-plots"].as<bool>());
}

}  // namespace trio6sim::cli
