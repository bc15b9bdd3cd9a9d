// Sweep files: the axes of a capacity sweep (frame sizes, families,
// directions, offered loads, tunnel counts, slices, chip parameters by their
// `--set` key) and how they combine (the cross product, or listed points),
// read strictly: every error names FILE:LINE and what was expected. The
// result is the full, ordered list of points; running them is the caller's
// business (`trio6sim sweep` runs each point as a probe). A sweep file that
// names a scenario sweeps the scenario's knobs instead (its load scale, a
// stream's rate or frame size, a device's configuration file, chip
// parameters): each point is a run of the scenario. No SystemC here.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "packet/expected.h"

namespace trio6sim::sweep {

// Cleartext frame sizes of one point: one size, IMIX, or a named mix.
struct FrameMix {
  std::string label;  // "1500", "imix", or the mix's name
  std::vector<uint32_t> frame_bytes;
  std::vector<uint32_t> weights;
  double mean_frame_bytes() const;  // weighted, for goodput
};

// One probe's settings.
struct Point {
  std::size_t index = 0;  // position in the sweep, from 0
  FrameMix frames;
  std::string family = "ipv4";        // ipv4 | ipv6
  std::string direction = "encrypt";  // encrypt | decrypt | both | clear
  double offered_gbps = 400;          // L1, total over the slices used
  uint32_t tunnels = 1;
  int slices = 1;
  // Chip parameters by their --set key, in the order of SweepSpec::parameter_keys.
  std::vector<std::pair<std::string, std::string>> parameters;
  // A scenario sweep's knobs by key ("scale_rates", "stream.NAME.rate",
  // "stream.NAME.frame_size", "config.DEVICE"), in the order of
  // SweepSpec::knob_keys; "default" where the point keeps the scenario's.
  // Empty in a probe sweep, whose axes are the fields above.
  std::vector<std::pair<std::string, std::string>> knobs;
  bool of_scenario = false;  // a scenario sweep's point
  int line = 0;  // where the point's last knob or axis value was written (its errors name it)
};

// `scenario: FILE`: the points are runs of that scenario file.
struct ScenarioSweep {
  std::string path;       // resolved against the sweep file's folder
  std::string as_written; // the path as the sweep file gives it (provenance)
  std::string folder;     // the sweep file's: `config` knobs name files relative to it
  int line = 0;
  // Set by the sweep file; otherwise the scenario's own.
  std::optional<uint64_t> seed, duration_ps, warmup_ps;
};

struct SweepSpec {
  std::string name;  // `name:`, else the file's base name without .yaml
  uint64_t seed = 1;
  uint64_t duration_ps = 100'000'000;  // 100 us
  uint64_t warmup_ps = 0;              // 0: the probe's default, a fifth of the duration
  bool timing_only = true;             // sizes and times identical, no cipher: sweeps are about capacity
  uint32_t flows = 256;
  // `load: throughput`: each point is an RFC 2544 throughput search (its
  // offered rate found, not given) to `resolution`, each trial `trial` long
  // (0: from the buffers); `load: fixed` (the default) offers `offered`.
  bool find_throughput = false;
  double resolution_gbps = 1;
  // A scenario sweep's `load: throughput` finds the highest loss-free
  // scale_rates (starting from the point's, 1 by default) to this share of
  // itself (`resolution: 1%`); each trial is a run of the scenario.
  double scale_resolution = 0.01;
  uint64_t trial_ps = 0;
  std::vector<std::string> parameter_keys;  // every --set key any point sets, first use first
  std::optional<ScenarioSweep> scenario;    // a scenario sweep
  std::vector<std::string> knob_keys;       // every scenario knob any point sets, first use first
  std::string file;         // the sweep file's path as given (messages)
  std::string file_sha256;  // of the file's bytes as read (provenance); not part of digest()
  std::vector<Point> points;
  // A digest of everything above: shards of one sweep carry the same one,
  // so merging refuses outputs of different sweeps.
  std::string digest() const;
};

// Says whether `value` is acceptable for chip parameter `key`: nullopt when
// it is, else what is wrong. The chip model's table (Trio6Params::set) in
// the program; a stand-in in tests.
using ParameterCheck = std::function<std::optional<std::string>(const std::string& key, const std::string& value)>;

// Says whether a whole point can run: nullopt when it can, else why (the
// program asks the probe, e.g. its tunnel limit under the point's chip
// parameters). Checked for every point as the file is read, so `--list`
// and a run refuse the same file before any point runs. Not called for a
// scenario sweep's points: the program checks those against the scenario.
using PointCheck = std::function<std::optional<std::string>(const Point& point)>;

// Errors are "FILE:LINE: what was expected".
Expected<SweepSpec, std::string> read_sweep_file(const std::string& path, const ParameterCheck& check,
                                                 const PointCheck& point_check = {});
Expected<SweepSpec, std::string> read_sweep_text(const std::string& text, const std::string& file_name,
                                                 const ParameterCheck& check, const PointCheck& point_check = {});

// "frame_size=1500 family=ipv4 ..." for messages; a scenario point's knobs
// and parameters ("scale_rates=600 stream.ce1-ce2-ipv4.frame_size=64").
std::string describe(const Point& p);

}  // namespace trio6sim::sweep
