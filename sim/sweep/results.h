// A sweep's results: one row per point (its axes, then what the probe
// measured), written as a tidy CSV and a JSON with the same columns, read
// back and merged across shards. Numbers are kept as the text they were
// first formatted to (fixed formats chosen by the writer of the row), so
// a merge of shard outputs is byte-identical to a single run: nothing is
// re-formatted, and nothing in a file depends on wall time or the shard
// layout except the "shard" key of a shard's own output.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "packet/expected.h"
#include "shard.h"

namespace trio6sim::sweep {

struct Cell {
  std::string column;
  std::string text;     // as written in the CSV
  bool number = false;  // JSON number (else a JSON string)
};

struct Row {
  std::size_t point = 0;
  std::vector<Cell> cells;  // the same columns, in the same order, in every row of a sweep
};

// How the results were made (issue 16), so that a figure can be reproduced
// and signed: the simulator's version, the sweep file's SHA-256, the command,
// seed, window and every parameter that differs from its default. Written
// in this order, as JSON (results.json's "provenance") and as `# key: value`
// lines above the CSV's header. No wall time: the same inputs, the same bytes.
// Empty in results written before provenance was recorded.
struct Provenance {
  std::vector<Cell> fields;      // "simulator", "sweep_file_sha256", "command", "seed", "duration_ps", ...
  std::vector<Cell> parameters;  // key -> value (text), only those that differ from the default
  bool empty() const { return fields.empty() && parameters.empty(); }
};
// One line: {"simulator": ..., ..., "parameters": {...}}.
std::string to_json(const Provenance& p);
// "# key: value" lines ("# parameters.KEY: value" for a parameter).
std::string to_csv_comments(const Provenance& p);

struct ResultSet {
  std::string sweep;   // the sweep's name
  std::string digest;  // SweepSpec::digest(): shards of different sweeps do not merge
  uint64_t seed = 1;
  std::size_t total_points = 0;  // of the whole sweep, not of this shard
  Shard shard;                   // whole() for a single run or a merge
  Provenance provenance;
  std::vector<Row> rows;         // ascending by point
};

std::string to_csv(const ResultSet& r);
std::string to_json(const ResultSet& r);

// DIR/results.csv and DIR/results.json (DIR is created if missing).
Expected<void, std::string> write_results(const ResultSet& r, const std::string& dir);
// Reads DIR/results.json as written by write_results.
Expected<ResultSet, std::string> read_results(const std::string& dir);

// Combines shard outputs into the whole sweep: the same sweep (digest), every
// point exactly once, the same columns, the same provenance but for the
// command (the merge keeps the lowest shard's; shard runs record no
// shard-selection options, so it is the single run's). Errors name the directory at fault
// (`sources[i]` for `parts[i]`).
Expected<ResultSet, std::string> merge(const std::vector<ResultSet>& parts, const std::vector<std::string>& sources);

// One row as lines of text, for a worker process to hand its row to the
// parent through a pipe, and back.
std::string serialize(const Row& row);
Expected<Row, std::string> deserialize(const std::string& text);

}  // namespace trio6sim::sweep
