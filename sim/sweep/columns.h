// Sparse columns: a scenario sweep's drops by device, place and cause
// ("drops.PE1.lmic0.pfe0.ipsec_engine.queue_full") are known only where a
// point dropped, so each point's row has its own. Every row of a results
// file has the same columns (a tidy CSV), so the rows are aligned once they
// are all known: the union of the sparse columns, in name order, after the
// others, 0 where a point has none. The order depends on the names alone,
// so a single run and a merge of its shards align to the same bytes.
#pragma once

#include <string>
#include <vector>

#include "results.h"

namespace trio6sim::sweep {

bool is_sparse(const std::string& column);

// Gives every row every sparse column any row has. Rows without sparse
// columns (a probe sweep's) are left as they are.
void align_sparse_columns(std::vector<Row>& rows);

}  // namespace trio6sim::sweep
