// Runs a sweep's points in worker processes, `jobs` at a time. SystemC has
// one global simulation context per process, so points run in parallel only
// as processes: each point is a fork of this (SystemC-free until then)
// process that runs one probe and hands its row back through a pipe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "packet/expected.h"
#include "sweep/results.h"
#include "sweep/sweep_file.h"

namespace trio6sim::cli {

// Runs in the worker; throws for a point that cannot run (the message is
// reported with the point).
using PointRunner = std::function<sweep::Row(const sweep::Point&)>;

// How a sweep reports its progress on standard error: one line redrawn in
// place (a terminal), plain lines at most every kProgressLineSeconds and at
// the end (a batch log: a Slurm task's output file), or nothing (a check
// that runs before the points).
enum class Progress { kTerminal, kLines, kNone };
inline constexpr double kProgressLineSeconds = 30;

// The rows of `points`, in their order, with their progress and an ETA on
// standard error. The first failing point is the error (the points already
// running finish; no new one starts).
Expected<std::vector<sweep::Row>, std::string> run_in_workers(const std::vector<const sweep::Point*>& points,
                                                              int jobs, const PointRunner& run, Progress progress);

// Cores this process may use (its CPU affinity: a Slurm allocation or taskset).
int usable_cores();

}  // namespace trio6sim::cli
