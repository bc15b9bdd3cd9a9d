// The reports' JSON (config/json.h, through nlohmann-json): the key order as
// written, numbers as the reports always printed them, strings escaped per
// RFC 8259. The output is read back by yaml-cpp (which reads results.json)
// and, where Python is present, by Python's json module.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <limits>

#include "config/json.h"

namespace trio6sim::config {
namespace {

Json sample() {
  Json j;
  j["offered_gbps"] = json_number(399.99999999);
  j["packets"] = uint64_t{18446744073709551615ull};
  j["name"] = "si-0/1/0.0 \"inside\"\n\ttab\x01 \\ caf\xc3\xa9";
  j["drops"] = {{"buffer full", 3}};
  j["empty"] = Json::object();
  j["list"] = {1, -2, true, nullptr};
  j["nan"] = json_number(std::numeric_limits<double>::quiet_NaN());
  return j;
}

TEST(Json, KeysKeepTheOrderTheyAreWrittenIn) {
  Json j;
  j["zeta"] = 1;
  j["alpha"] = 2;
  j["mid"]["b"] = 3;
  j["mid"]["a"] = 4;
  EXPECT_EQ(json_text(j, -1), "{\"zeta\":1,\"alpha\":2,\"mid\":{\"b\":3,\"a\":4}}");
}

TEST(Json, CompactOutputIsExact) {
  EXPECT_EQ(json_text(sample(), -1),
            "{\"offered_gbps\":399.99999999,\"packets\":18446744073709551615,"
            "\"name\":\"si-0/1/0.0 \\\"inside\\\"\\n\\ttab\\u0001 \\\\ caf\xc3\xa9\",\"drops\":{\"buffer full\":3},"
            "\"empty\":{},\"list\":[1,-2,true,null],\"nan\":null}");
}

TEST(Json, IndentedOutputHasOneValueALine) {
  Json j;
  j["a"] = {{"b", 1}};
  j["empty_object"] = Json::object();
  j["empty_list"] = Json::array();
  EXPECT_EQ(json_text(j), "{\n  \"a\": {\n    \"b\": 1\n  },\n  \"empty_object\": {},\n  \"empty_list\": []\n}");
}

TEST(Json, NumbersAreIntegersWhenIntegralAndShortestOtherwise) {
  auto text = [](double v) { return json_text(json_number(v), -1); };
  EXPECT_EQ(text(300.0), "300");
  EXPECT_EQ(text(-2.0), "-2");
  EXPECT_EQ(text(2e6), "2000000");
  EXPECT_EQ(text(0.1), "0.1");
  EXPECT_EQ(text(12.346), "12.346");  // a value rounded to 3 decimals prints as 3 decimals at most
  EXPECT_EQ(text(0.1 + 0.2), "0.30000000000000004");  // every digit needed to read back the same double
  EXPECT_EQ(text(1.5e-7), "1.5e-07");
  EXPECT_EQ(text(1e300), "1e+300");
  EXPECT_EQ(std::stod(text(1.0 / 3)), 1.0 / 3);
}

TEST(Json, NonFiniteNumbersAreNull) {
  EXPECT_TRUE(json_number(std::numeric_limits<double>::quiet_NaN()).is_null());
  EXPECT_TRUE(json_number(std::numeric_limits<double>::infinity()).is_null());
  EXPECT_TRUE(json_number(-std::numeric_limits<double>::infinity()).is_null());
}

TEST(Json, StringsEscapeControlCharactersAndKeepUtf8) {
  EXPECT_EQ(json_string("a\"b\\c\b\f\n\r\t\x1f\x7f"), "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u001f\x7f\"");
  EXPECT_EQ(json_string("caf\xc3\xa9 \xe2\x82\xac"), "\"caf\xc3\xa9 \xe2\x82\xac\"");
  // A byte that is not UTF-8 (Latin-1 e-acute) becomes U+FFFD, not an exception.
  EXPECT_EQ(json_string("caf\xe9"), "\"caf\xef\xbf\xbd\"");
}

TEST(Json, YamlCppReadsItBack) {
  const auto doc = YAML::Load(json_text(sample()));
  EXPECT_DOUBLE_EQ(doc["offered_gbps"].as<double>(), 399.99999999);
  EXPECT_EQ(doc["packets"].as<uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ(doc["name"].as<std::string>(), "si-0/1/0.0 \"inside\"\n\ttab\x01 \\ caf\xc3\xa9");
  EXPECT_EQ(doc["drops"]["buffer full"].as<int>(), 3);
  EXPECT_EQ(doc["list"].size(), 4u);
}

TEST(Json, PythonJsonReadsIt) {
  if (std::system("command -v /usr/bin/python3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  const std::string path = ::testing::TempDir() + "/w.json";
  std::ofstream(path) << json_text(sample());
  const std::string cmd =
      "/usr/bin/python3 -c \"import json,sys; d=json.load(open('" + path +
      "', encoding='utf-8')); sys.exit(0 if d['list']==[1,-2,True,None] and d['nan'] is None and d['empty']=={} "
      "and d['name'].endswith('caf\\u00e9') else 1)\"";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

}  // namespace
}  // namespace trio6sim::config
