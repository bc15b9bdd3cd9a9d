// Sharding: which points of a sweep one process runs. `--shard I/N` takes
// every point whose index is I modulo N, so each shard gets a similar mix of
// cheap and expensive points (a sweep file usually orders its points by
// axis, and the expensive ones cluster), and the union of shards 0..N-1 is
// every point exactly once.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "packet/expected.h"

namespace trio6sim::sweep {

struct Shard {
  std::size_t index = 0;  // I, from 0
  std::size_t count = 1;  // N
  bool whole() const { return count == 1; }
};

// "I/N" with 0 <= I < N <= 100000; the error says what was expected.
Expected<Shard, std::string> parse_shard(const std::string& text);

// The indices, ascending, of the points of a sweep of `total` points that `shard` runs.
std::vector<std::size_t> points_of(const Shard& shard, std::size_t total);

}  // namespace trio6sim::sweep
