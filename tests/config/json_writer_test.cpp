// The JSON writer's output is read back by yaml-cpp (JSON is YAML 1.2) and,
// where Python is present, by Python's json module: two independent readers.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <limits>

#include "config/json_writer.h"

namespace trio6sim::config {
namespace {

std::string sample(int indent) {
  JsonWriter w(indent);
  w.begin_object();
  w.key("offered_gbps").value(399.99999999);
  w.key("packets").value(uint64_t{18446744073709551615ull});
  w.key("name").value("si-0/1/0.0 \"inside\"\n\ttab\x01");
  w.key("drops").begin_object().key("buffer full").value(3).end_object();
  w.key("empty").begin_object().end_object();
  w.key("list").begin_array().value(1).value(-2).value(true).null().end_array();
  w.key("nan").value(std::numeric_limits<double>::quiet_NaN());
  w.key("parameters").raw("{\"a\": 1}");
  w.end_object();
  return w.str();
}

TEST(JsonWriter, CompactOutputIsExact) {
  EXPECT_EQ(sample(0),
            "{\"offered_gbps\":399.99999999,\"packets\":18446744073709551615,"
            "\"name\":\"si-0/1/0.0 \\\"inside\\\"\\n\\ttab\\u0001\",\"drops\":{\"buffer full\":3},\"empty\":{},"
            "\"list\":[1,-2,true,null],\"nan\":null,\"parameters\":{\"a\": 1}}");
}

TEST(JsonWriter, IndentedOutputReadsBack) {
  const auto doc = YAML::Load(sample(2));
  EXPECT_DOUBLE_EQ(doc["offered_gbps"].as<double>(), 399.99999999);
  EXPECT_EQ(doc["packets"].as<uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ(doc["name"].as<std::string>(), "si-0/1/0.0 \"inside\"\n\ttab\x01");
  EXPECT_EQ(doc["drops"]["buffer full"].as<int>(), 3);
  EXPECT_EQ(doc["list"].size(), 4u);
  EXPECT_EQ(doc["parameters"]["a"].as<int>(), 1);
}

TEST(JsonWriter, PythonJsonReadsIt) {
  if (std::system("command -v /usr/bin/python3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  const std::string path = ::testing::TempDir() + "/w.json";
  std::ofstream(path) << sample(2);
  const std::string cmd =
      "/usr/bin/python3 -c \"import json,sys; d=json.load(open('" + path +
      "')); sys.exit(0 if d['list']==[1,-2,True,None] and d['nan'] is None and d['empty']=={} else 1)\"";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

TEST(JsonWriter, MisuseThrows) {
  JsonWriter w;
  w.begin_object();
  EXPECT_THROW(w.value(1), std::logic_error);
  EXPECT_THROW(w.str(), std::logic_error);
  JsonWriter a;
  a.begin_array();
  EXPECT_THROW(a.key("x"), std::logic_error);
  EXPECT_THROW(a.end_object(), std::logic_error);
}

}  // namespace
}  // namespace trio6sim::config
