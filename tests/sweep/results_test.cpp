// Results: CSV and JSON from the same rows, read back without re-formatting,
// and merged from shards to the bytes of the whole.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sweep/columns.h"
#include "sweep/results.h"

namespace trio6sim::sweep {
namespace {

Row row(std::size_t point, const std::string& block, const std::string& gbps) {
  return Row{point,
             {{"point", std::to_string(point), true},
              {"frame_size", point % 2 ? "imix" : "1500", false},
              {"delivered_l1_gbps", gbps, true},
              {"saturated_block", block, false}}};
}

ResultSet whole() {
  ResultSet r;
  r.sweep = "t";
  r.digest = "00ff";
  r.seed = 3;
  r.total_points = 5;
  r.provenance.fields = {{"simulator", "v0.1-3-gabc1234-dirty", false},
                         {"sweep_file_sha256", "ab12", false},
                         {"command", "trio6sim sweep 'my \"sweep\".yaml'", false},
                         {"seed", "3", true},
                         {"duration_ps", "20000000", true}};
  r.provenance.parameters = {{"ipsec.bytes_per_cycle", "16, 31.25", false}};
  for (std::size_t p = 0; p < 5; ++p) r.rows.push_back(row(p, p == 3 ? "pfe0,\"odd\"" : "pfe0.ipsec_engine", "300.000"));
  return r;
}

ResultSet shard_of(const ResultSet& all, std::size_t i, std::size_t n) {
  ResultSet s = all;
  s.shard = Shard{i, n};
  s.rows.clear();
  for (const Row& r : all.rows)
    if (r.point % n == i) s.rows.push_back(r);
  return s;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ResultsOnDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sweep_results_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string path(const std::string& sub) const { return (dir_ / sub).string(); }
  std::filesystem::path dir_;
};

TEST(Results, CsvQuotesOnlyWhatNeedsIt) {
  const std::string csv = to_csv(whole());
  const auto header = csv.find("\npoint,");
  ASSERT_NE(header, std::string::npos);
  EXPECT_EQ(csv.substr(header + 1, csv.find('\n', header + 1) - header - 1), "point,frame_size,delivered_l1_gbps,saturated_block");
  EXPECT_NE(csv.find("\n0,1500,300.000,pfe0.ipsec_engine\n"), std::string::npos);
  EXPECT_NE(csv.find("\n3,imix,300.000,\"pfe0,\"\"odd\"\"\"\n"), std::string::npos);
}

TEST(Results, ProvenanceIsCommentLinesAboveTheCsvHeaderAndAJsonObject) {
  const std::string csv = to_csv(whole());
  EXPECT_EQ(csv.substr(0, csv.find("\npoint,") + 1),
            "# simulator: v0.1-3-gabc1234-dirty\n"
            "# sweep_file_sha256: ab12\n"
            "# command: trio6sim sweep 'my \"sweep\".yaml'\n"
            "# seed: 3\n"
            "# duration_ps: 20000000\n"
            "# parameters.ipsec.bytes_per_cycle: 16, 31.25\n");
  EXPECT_NE(to_json(whole()).find(
                "\n  \"provenance\": {\"simulator\": \"v0.1-3-gabc1234-dirty\", \"sweep_file_sha256\": \"ab12\", "
                "\"command\": \"trio6sim sweep 'my \\\"sweep\\\".yaml'\", \"seed\": 3, \"duration_ps\": 20000000, "
                "\"parameters\": {\"ipsec.bytes_per_cycle\": \"16, 31.25\"}},\n"),
            std::string::npos)
      << to_json(whole());
}

TEST(Results, JsonHasNoShardKeyForAWholeRun) {
  EXPECT_EQ(to_json(whole()).find("\"shard\""), std::string::npos);
  EXPECT_NE(to_json(shard_of(whole(), 1, 2)).find("\"shard\": {\"index\": 1, \"count\": 2}"), std::string::npos);
}

TEST_F(ResultsOnDisk, ReadingBackKeepsEveryByte) {
  const ResultSet r = shard_of(whole(), 0, 2);
  ASSERT_TRUE(write_results(r, path("a")).has_value());
  auto back = read_results(path("a"));
  ASSERT_TRUE(back.has_value()) << back.error();
  EXPECT_EQ(back->shard.count, 2u);
  EXPECT_EQ(to_json(*back), slurp(path("a/results.json")));
  EXPECT_EQ(to_csv(*back), slurp(path("a/results.csv")));
}

TEST_F(ResultsOnDisk, ShardsMergeToTheWholeRunsBytesInAnyOrder) {
  const ResultSet all = whole();
  for (std::size_t n : {1u, 2u, 3u}) {
    std::vector<ResultSet> parts;
    std::vector<std::string> names;
    for (std::size_t i = n; i-- > 0;) {  // the last shard first
      ASSERT_TRUE(write_results(shard_of(all, i, n), path("s" + std::to_string(i))).has_value());
      auto back = read_results(path("s" + std::to_string(i)));
      ASSERT_TRUE(back.has_value()) << back.error();
      parts.push_back(*back);
      names.push_back(path("s" + std::to_string(i)));
    }
    auto merged = merge(parts, names);
    ASSERT_TRUE(merged.has_value()) << merged.error();
    EXPECT_EQ(to_json(*merged), to_json(all)) << n << " shards";
    EXPECT_EQ(to_csv(*merged), to_csv(all));
  }
}

// The merge path end to end on disk: files written, read back and merged
// are written again with the bytes of the single run's files, strings that
// need escaping and numbers with trailing zeros included.
TEST_F(ResultsOnDisk, FilesReadBackAndMergedAreWrittenWithTheSameBytes) {
  ResultSet all = whole();
  all.sweep = "t \"quoted\" caf\xc3\xa9\ttab\x01";
  all.rows[1].cells[3].text = "pfe0\\back\nslash \xe2\x82\xac";
  all.rows[2].cells[2].text = "0.500";
  ASSERT_TRUE(write_results(all, path("single")).has_value());
  std::vector<ResultSet> parts;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string dir = path("s" + std::to_string(i));
    ASSERT_TRUE(write_results(shard_of(all, i, 2), dir).has_value());
    auto back = read_results(dir);
    ASSERT_TRUE(back.has_value()) << back.error();
    parts.push_back(*back);
    names.push_back(dir);
  }
  auto merged = merge(parts, names);
  ASSERT_TRUE(merged.has_value()) << merged.error();
  ASSERT_TRUE(write_results(*merged, path("merged")).has_value());
  EXPECT_EQ(slurp(path("merged/results.json")), slurp(path("single/results.json")));
  EXPECT_EQ(slurp(path("merged/results.csv")), slurp(path("single/results.csv")));
  EXPECT_NE(slurp(path("single/results.json")).find("\"delivered_l1_gbps\": 0.500,"), std::string::npos);
}

TEST(Results, ANumberThatIsNotFiniteIsNullInTheJson) {
  ResultSet r = whole();
  r.rows[0].cells[2].text = "nan";
  const std::string json = to_json(r);
  EXPECT_NE(json.find("\"delivered_l1_gbps\": null,"), std::string::npos) << json;
  EXPECT_NE(to_csv(r).find("\n0,1500,nan,"), std::string::npos);
}

TEST(Merge, RefusesMissingDuplicateForeignAndMismatchedParts) {
  const ResultSet all = whole();
  auto s0 = shard_of(all, 0, 2), s1 = shard_of(all, 1, 2);
  auto missing = merge({s0}, {"out/s0"});
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().find("2 of the sweep's 5 points are missing (points 1, 3)"), std::string::npos)
      << missing.error();
  auto twice = merge({s0, s1, s0}, {"a", "b", "c"});
  ASSERT_FALSE(twice.has_value());
  EXPECT_NE(twice.error().find("c: point 0 is also in a"), std::string::npos) << twice.error();
  auto foreign = s1;
  foreign.digest = "1234";
  auto other = merge({s0, foreign}, {"a", "b"});
  ASSERT_FALSE(other.has_value());
  EXPECT_NE(other.error().find("b: sweep 't'"), std::string::npos) << other.error();
  auto odd = s1;
  odd.rows[0].cells.pop_back();
  auto columns = merge({s0, odd}, {"a", "b"});
  ASSERT_FALSE(columns.has_value());
  EXPECT_NE(columns.error().find("b: point 1 has other columns"), std::string::npos) << columns.error();
  EXPECT_FALSE(merge({}, {}).has_value());
}

TEST_F(ResultsOnDisk, ReadingReportsWhatIsWrongWithAResultsFile) {
  std::filesystem::create_directories(path("bad"));
  EXPECT_NE(read_results(path("none")).error().find("cannot open"), std::string::npos);
  std::ofstream(path("bad/results.json")) << "{\"sweep\": \"t\"}\n";
  const auto e = read_results(path("bad"));
  ASSERT_FALSE(e.has_value());
  EXPECT_NE(e.error().find("results.json:1: field 'digest': missing"), std::string::npos) << e.error();
}

TEST(Serialize, ARowSurvivesThePipe) {
  const Row r = row(7, "pfe1.lookup.threads", "12.500");
  auto back = deserialize(serialize(r));
  ASSERT_TRUE(back.has_value()) << back.error();
  EXPECT_EQ(back->point, 7u);
  ASSERT_EQ(back->cells.size(), r.cells.size());
  for (std::size_t i = 0; i < r.cells.size(); ++i) {
    EXPECT_EQ(back->cells[i].column, r.cells[i].column);
    EXPECT_EQ(back->cells[i].text, r.cells[i].text);
    EXPECT_EQ(back->cells[i].number, r.cells[i].number);
  }
  EXPECT_FALSE(deserialize("garbage").has_value());
  EXPECT_FALSE(deserialize("point\t1\nx\ty\n").has_value());
}

}  // namespace
TEST_F(ResultsOnDisk, ShardsOfAnotherBuildDoNotMergeAndTheCommandIsTheLowestShards) {
  ResultSet a = shard_of(whole(), 0, 2), b = shard_of(whole(), 1, 2);
  b.provenance.fields[2].text = "trio6sim sweep /elsewhere/my.yaml";  // another path to the same file
  ASSERT_TRUE(write_results(a, path("a")).has_value());
  ASSERT_TRUE(write_results(b, path("b")).has_value());
  auto merged = merge({*read_results(path("b")), *read_results(path("a"))}, {path("b"), path("a")});
  ASSERT_TRUE(merged.has_value()) << merged.error();
  EXPECT_EQ(to_json(*merged), to_json(whole()));

  b.provenance.fields[0].text = "v0.2";
  ASSERT_TRUE(write_results(b, path("b")).has_value());
  merged = merge({*read_results(path("a")), *read_results(path("b"))}, {path("a"), path("b")});
  ASSERT_FALSE(merged.has_value());
  EXPECT_NE(merged.error().find("provenance simulator ('v0.2' here, 'v0.1-3-gabc1234-dirty' there)"), std::string::npos)
      << merged.error();
}

}  // namespace trio6sim::sweep

namespace trio6sim::sweep {
namespace {

// A scenario sweep's drops by place are columns only where a point dropped:
// aligned to their union, in name order, 0 elsewhere; a merge of shards
// aligned apart gives the single run's rows.
Row with_drops(std::size_t point, std::vector<std::pair<std::string, std::string>> drops) {
  Row r{point, {{"point", std::to_string(point), true}, {"loss_free", drops.empty() ? "yes" : "no", false}}};
  for (auto& [column, n] : drops) r.cells.push_back({column, n, true});
  return r;
}

TEST(SparseColumns, RowsGetTheUnionInNameOrderAndShardsMergeToTheSameRows) {
  std::vector<Row> rows{with_drops(0, {}), with_drops(1, {{"drops.PE1.ipsec_engine.queue_full", "7"}}),
                        with_drops(2, {{"drops.P1.et-0/0/0_egress.queue_full", "2"},
                                       {"drops.PE1.ipsec_engine.queue_full", "1"}})};
  std::vector<Row> single = rows;
  align_sparse_columns(single);
  for (const Row& r : single) {
    ASSERT_EQ(r.cells.size(), 4u);
    EXPECT_EQ(r.cells[2].column, "drops.P1.et-0/0/0_egress.queue_full");
    EXPECT_EQ(r.cells[3].column, "drops.PE1.ipsec_engine.queue_full");
  }
  EXPECT_EQ(single[0].cells[3].text, "0");
  EXPECT_EQ(single[1].cells[3].text, "7");

  ResultSet a, b;
  for (ResultSet* s : {&a, &b}) {
    s->sweep = "t";
    s->digest = "00ff";
    s->total_points = 3;
  }
  a.shard = Shard{0, 2};
  b.shard = Shard{1, 2};
  a.rows = {rows[0], rows[2]};
  b.rows = {rows[1]};
  align_sparse_columns(a.rows);
  align_sparse_columns(b.rows);
  auto merged = merge({b, a}, {"b", "a"});
  ASSERT_TRUE(merged.has_value()) << merged.error();
  ASSERT_EQ(merged->rows.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(serialize(merged->rows[i]), serialize(single[i]));
}

TEST(SparseColumns, ProbeRowsAreLeftAsTheyAre) {
  std::vector<Row> rows{row(0, "x", "1.000"), row(1, "y", "2.000")};
  const std::vector<Row> before = rows;
  align_sparse_columns(rows);
  for (std::size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(serialize(rows[i]), serialize(before[i]));
}

}  // namespace
}  // namespace trio6sim::sweep
