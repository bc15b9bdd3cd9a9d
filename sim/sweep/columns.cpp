#include "columns.h"

#include <map>
#include <set>

namespace trio6sim::sweep {

bool is_sparse(const std::string& column) { return column.rfind("drops.", 0) == 0; }

void align_sparse_columns(std::vector<Row>& rows) {
  std::set<std::string> sparse;
  for (const Row& row : rows)
    for (const Cell& c : row.cells)
      if (is_sparse(c.column)) sparse.insert(c.column);
  if (sparse.empty()) return;
  for (Row& row : rows) {
    std::vector<Cell> cells;
    std::map<std::string, Cell> own;
    for (Cell& c : row.cells) {
      if (is_sparse(c.column)) own.emplace(c.column, std::move(c));
      else cells.push_back(std::move(c));
    }
    for (const std::string& column : sparse) {
      auto it = own.find(column);
      cells.push_back(it != own.end() ? std::move(it->second) : Cell{column, "0", true});
    }
    row.cells = std::move(cells);
  }
}

}  // namespace trio6sim::sweep
