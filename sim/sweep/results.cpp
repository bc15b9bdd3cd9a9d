#include "results.h"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "columns.h"
#include "config/json.h"
#include "config/yaml_reader.h"

namespace trio6sim::sweep {

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

using config::json_string;

// A number cell as it goes into results.json: its text as the row's writer
// formatted it (300.000, not nlohmann's 300.0), so that the CSV of a merge,
// read back from the shards' JSON, has the single run's bytes. Text that is
// not a JSON number ("nan" from a formatter) is null.
std::string json_number_text(const std::string& text) {
  const auto n = config::Json::parse(text, nullptr, /*allow_exceptions=*/false);
  return n.is_number() ? text : "null";
}

// "column": value, one cell of a row or of the provenance.
std::string json_cell(const Cell& c) {
  return json_string(c.column) + ": " + (c.number ? json_number_text(c.text) : json_string(c.text));
}

Expected<void, std::string> write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return unexpected("cannot write " + path);
  out << text;
  out.close();
  if (!out) return unexpected("cannot write " + path);
  return {};
}

bool same_columns(const Row& a, const Row& b) {
  if (a.cells.size() != b.cells.size()) return false;
  for (std::size_t i = 0; i < a.cells.size(); ++i)
    if (a.cells[i].column != b.cells[i].column || a.cells[i].number != b.cells[i].number) return false;
  return true;
}

// A comment line's value: one line whatever the text holds.
std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r") : std::string(1, c);
  return out;
}

// results.json's "provenance", read back with each value's kind: a quoted
// scalar was a JSON string.
Provenance read_provenance(config::MapReader& top, const YAML::Node& node) {
  Provenance p;
  config::MapReader pr = top.map_of(node, "provenance");
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    pr.maybe(key);
    if (key == "parameters") {
      config::MapReader par = pr.map_of(kv.second, "parameters");
      for (const auto& pv : kv.second) {
        const std::string name = pv.first.Scalar();
        par.maybe(name);
        p.parameters.push_back({name, par.string_of(pv.second, name), pv.second.Tag() != "!"});
      }
      continue;
    }
    p.fields.push_back({key, pr.string_of(kv.second, key), kv.second.Tag() != "!"});
  }
  return p;
}

// The first field two provenances disagree on, "command" aside; "" if none.
std::string provenance_difference(const Provenance& a, const Provenance& b) {
  auto without_command = [](const Provenance& p) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const Cell& c : p.fields)
      if (c.column != "command") out.emplace_back(c.column, c.text);
    for (const Cell& c : p.parameters) out.emplace_back("parameters." + c.column, c.text);
    return out;
  };
  const auto x = without_command(a), y = without_command(b);
  for (std::size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    if (i < x.size() && i < y.size() && x[i] == y[i]) continue;
    const std::string key = i < x.size() ? x[i].first : y[i].first;
    return fmt::format("{} ('{}' here, '{}' there)", key, i < x.size() ? x[i].second : "", i < y.size() ? y[i].second : "");
  }
  return "";
}

}  // namespace

std::string to_json(const Provenance& p) {
  std::string out = "{";
  for (const Cell& c : p.fields) out += json_cell(c) + ", ";
  out += "\"parameters\": {";
  for (std::size_t i = 0; i < p.parameters.size(); ++i) out += (i ? ", " : "") + json_cell(p.parameters[i]);
  return out + "}}";
}

std::string to_csv_comments(const Provenance& p) {
  std::string out;
  for (const Cell& c : p.fields) out += fmt::format("# {}: {}\n", c.column, one_line(c.text));
  for (const Cell& c : p.parameters) out += fmt::format("# parameters.{}: {}\n", c.column, one_line(c.text));
  return out;
}

std::string to_csv(const ResultSet& r) {
  std::string out = to_csv_comments(r.provenance);
  if (r.rows.empty()) return out;
  for (std::size_t i = 0; i < r.rows[0].cells.size(); ++i)
    out += (i ? "," : "") + csv_field(r.rows[0].cells[i].column);
  out += "\n";
  for (const Row& row : r.rows) {
    for (std::size_t i = 0; i < row.cells.size(); ++i) out += (i ? "," : "") + csv_field(row.cells[i].text);
    out += "\n";
  }
  return out;
}

std::string to_json(const ResultSet& r) {
  // One row a line, so that a diff of two sweeps reads by point: nlohmann
  // writes every string, the lines and the numbers' text are the rows'.
  std::string out = "{\n";
  out += fmt::format("  \"sweep\": {},\n  \"digest\": {},\n  \"seed\": {},\n  \"points\": {},\n",
                     json_string(r.sweep), json_string(r.digest), r.seed, r.total_points);
  if (!r.shard.whole()) out += fmt::format("  \"shard\": {{\"index\": {}, \"count\": {}}},\n", r.shard.index, r.shard.count);
  if (!r.provenance.empty()) out += "  \"provenance\": " + to_json(r.provenance) + ",\n";
  out += "  \"columns\": [";
  if (!r.rows.empty())
    for (std::size_t i = 0; i < r.rows[0].cells.size(); ++i)
      out += fmt::format("{}{{\"name\": {}, \"kind\": \"{}\"}}", i ? ", " : "", json_string(r.rows[0].cells[i].column),
                         r.rows[0].cells[i].number ? "number" : "text");
  out += "],\n  \"rows\": [";
  for (std::size_t k = 0; k < r.rows.size(); ++k) {
    out += k ? ",\n    {" : "\n    {";
    const Row& row = r.rows[k];
    for (std::size_t i = 0; i < row.cells.size(); ++i) out += (i ? ", " : "") + json_cell(row.cells[i]);
    out += "}";
  }
  out += r.rows.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

Expected<void, std::string> write_results(const ResultSet& r, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return unexpected("cannot create " + dir + ": " + ec.message());
  if (auto w = write_file(dir + "/results.csv", to_csv(r)); !w) return w;
  return write_file(dir + "/results.json", to_json(r));
}

Expected<ResultSet, std::string> read_results(const std::string& dir) {
  const std::string path = dir + "/results.json";
  try {
    const YAML::Node root = config::load_yaml_file(path);
    config::MapReader top(root, path);
    ResultSet r;
    r.sweep = top.string_of(top.need("sweep"), "sweep");
    r.digest = top.string_of(top.need("digest"), "digest");
    r.seed = top.uint_of(top.need("seed"), "seed", UINT64_MAX);
    r.total_points = top.uint_of(top.need("points"), "points", 100'000);
    if (auto s = top.maybe("shard"); s.IsDefined()) {
      config::MapReader sr = top.map_of(s, "shard");
      r.shard.index = sr.uint_of(sr.need("index"), "index", 100'000);
      r.shard.count = sr.uint_of(sr.need("count"), "count", 100'000);
      sr.reject_unknown();
    }
    if (auto p = top.maybe("provenance"); p.IsDefined()) r.provenance = read_provenance(top, p);
    const YAML::Node columns = top.need("columns"), rows = top.need("rows");
    top.reject_unknown();
    if (!columns.IsSequence()) top.fail(columns, "columns", "expected a list");
    if (!rows.IsSequence()) top.fail(rows, "rows", "expected a list");
    std::vector<std::pair<std::string, bool>> cols;
    for (const auto& c : columns) {
      config::MapReader cr = top.map_of(c, "columns");
      const std::string name = cr.string_of(cr.need("name"), "name");
      const YAML::Node kind = cr.need("kind");
      const std::string k = cr.string_of(kind, "kind");
      if (k != "number" && k != "text") cr.fail(kind, "kind", "expected number or text");
      cr.reject_unknown();
      cols.emplace_back(name, k == "number");
    }
    for (const auto& rn : rows) {
      config::MapReader rr = top.map_of(rn, "rows");
      Row row;
      for (const auto& [name, number] : cols) {
        const YAML::Node v = rr.need(name);
        row.cells.push_back({name, rr.string_of(v, name), number});
        if (name == "point") row.point = rr.uint_of(v, name, 100'000);
      }
      rr.reject_unknown();
      r.rows.push_back(std::move(row));
    }
    return r;
  } catch (const config::InputError& e) {
    return unexpected(std::string(e.what()));
  }
}

Expected<ResultSet, std::string> merge(const std::vector<ResultSet>& parts, const std::vector<std::string>& sources) {
  if (parts.empty()) return unexpected(std::string("--merge: expected at least one directory"));
  ResultSet out = parts[0];
  // The provenance of the lowest shard, whatever order the directories come in.
  std::size_t lowest = parts[0].shard.index;
  for (const ResultSet& p : parts)
    if (p.shard.index < lowest) {
      lowest = p.shard.index;
      out.provenance = p.provenance;
    }
  out.shard = Shard{};
  out.rows.clear();
  std::map<std::size_t, std::size_t> from;  // point -> part
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const ResultSet& p = parts[i];
    if (p.digest != out.digest || p.total_points != out.total_points || p.seed != out.seed)
      return unexpected(fmt::format("{}: sweep '{}' ({} points, digest {}) is not the sweep of {} ('{}', {} points, "
                                    "digest {})",
                                    sources[i], p.sweep, p.total_points, p.digest, sources[0], out.sweep,
                                    out.total_points, out.digest));
    if (auto d = provenance_difference(p.provenance, parts[0].provenance); !d.empty())
      return unexpected(fmt::format("{}: not made like {}: provenance {} (another build of trio6sim, or another "
                                    "sweep file?)",
                                    sources[i], sources[0], d));
    for (const Row& row : p.rows) {
      if (row.point >= p.total_points)
        return unexpected(fmt::format("{}: point {} is beyond the sweep's {} points", sources[i], row.point,
                                      p.total_points));
      if (auto [it, fresh] = from.emplace(row.point, i); !fresh)
        return unexpected(fmt::format("{}: point {} is also in {} (the same shard twice?)", sources[i], row.point,
                                      sources[it->second]));
      out.rows.push_back(row);
    }
  }
  if (from.size() != out.total_points) {
    std::string missing;
    int shown = 0;
    for (std::size_t p = 0; p < out.total_points && shown < 10; ++p)
      if (!from.count(p)) missing += fmt::format("{}{}", shown++ ? ", " : "", p);
    return unexpected(fmt::format("--merge: {} of the sweep's {} points are missing (points {}{}): a shard's "
                                  "directory not given, or a shard that did not finish",
                                  out.total_points - from.size(), out.total_points, missing,
                                  out.total_points - from.size() > 10 ? ", ..." : ""));
  }
  std::sort(out.rows.begin(), out.rows.end(), [](const Row& a, const Row& b) { return a.point < b.point; });
  // A shard aligned its sparse columns over its own points only.
  align_sparse_columns(out.rows);
  for (const Row& row : out.rows)
    if (!same_columns(row, out.rows[0]))
      return unexpected(fmt::format("{}: point {} has other columns than point {}", sources[from[row.point]], row.point,
                                    out.rows[0].point));
  return out;
}

std::string serialize(const Row& row) {
  std::string out = fmt::format("point\t{}\n", row.point);
  for (const Cell& c : row.cells) out += fmt::format("{}\t{}\t{}\n", c.number ? 'n' : 't', c.column, c.text);
  return out;
}

Expected<Row, std::string> deserialize(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  Row row;
  if (!std::getline(in, line) || line.rfind("point\t", 0) != 0)
    return unexpected(std::string("worker output: expected 'point' first"));
  row.point = std::stoul(line.substr(6));
  while (std::getline(in, line)) {
    const auto a = line.find('\t');
    const auto b = a == std::string::npos ? a : line.find('\t', a + 1);
    if (a != 1 || b == std::string::npos || (line[0] != 'n' && line[0] != 't'))
      return unexpected("worker output: malformed line '" + line + "'");
    row.cells.push_back({line.substr(2, b - 2), line.substr(b + 1), line[0] == 'n'});
  }
  return row;
}

}  // namespace trio6sim::sweep
