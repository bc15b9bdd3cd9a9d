// The load part of the run report (issue 11): utilization, the busiest
// interval, what saturated and the drops by place, in the JSON (added keys,
// read back with Python's json) and in the text an engineer reads.
#include <gtest/gtest.h>

#include <fstream>

#include "report/run_report.h"

namespace trio6sim::report {
namespace {

RunReport loaded() {
  RunReport r;
  r.scenario = "blog-global-v4v6";
  auto& p1 = r.devices["P1"];
  p1.drops["buffer full"] = 26137;
  p1.utilization = {{"et-0/2/2 egress", 0.737}, {"lmic2.pfe1.lookup.threads", 0.017}, {"lmic0.pfe0.mqss", 0.001}};
  p1.peak_utilization = {{"et-0/2/2 egress", 1.0}, {"lmic2.pfe1.lookup.threads", 0.027}, {"lmic0.pfe0.mqss", 0.002}};
  p1.saturated = {{"et-0/2/2 egress", "ae1", 0.737, 1.0, 26137}, {"lmic1.pfe0.ipsec_engine", "", 0.98, 0.99, 0}};
  p1.drops_by_place["et-0/2/2 egress"]["buffer full"] = 26137;
  r.devices["PE1"];  // nothing saturated, no drops
  return r;
}

TEST(LoadReport, JsonAddsTheLoadKeys) {
  const std::string path = ::testing::TempDir() + "/load.json";
  std::ofstream(path) << to_json(loaded());
  const std::string check =
      "import json,sys\n"
      "d=json.load(open(sys.argv[1]))\n"
      "p=d['devices']['P1']\n"
      "assert p['utilization']['et-0/2/2 egress']==0.737, p\n"
      "assert p['peak_utilization']['et-0/2/2 egress']==1, p\n"
      "s=p['saturated']\n"
      "assert s[0]=={'place':'et-0/2/2 egress','member_of':'ae1','utilization':0.737,'peak_utilization':1,"
      "'overflow_drops':26137}, s\n"
      "assert 'member_of' not in s[1], s\n"
      "assert p['drops_by_place']=={'et-0/2/2 egress':{'buffer full':26137}}, p\n"
      "assert p['drops']=={'buffer full':26137}, p\n"
      "e=d['devices']['PE1']\n"
      "assert e['saturated']==[] and e['drops_by_place']=={} and e['utilization']=={}, e\n"
      "assert 'scale_rates' not in d, d\n";
  const std::string script = ::testing::TempDir() + "/check_load.py";
  std::ofstream(script) << check;
  EXPECT_EQ(std::system(("/usr/bin/python3 " + script + " " + path).c_str()), 0);
}

TEST(LoadReport, TextNamesWhatSaturatedFirstAndWhereItDropped) {
  const std::string t = to_text(loaded());
  EXPECT_NE(t.find("  saturated first: et-0/2/2 egress (member of ae1): busy 73.7% (busiest interval 100.0%), 26137 "
                   "dropped as its queue overflowed\n"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("  saturated: lmic1.pfe0.ipsec_engine: busy 98.0% (busiest interval 99.0%)\n"), std::string::npos)
      << t;
  EXPECT_NE(t.find("  drop at et-0/2/2 egress: buffer full 26137\n"), std::string::npos) << t;
  EXPECT_NE(t.find("lmic2.pfe1.lookup.threads"), std::string::npos) << t;
  EXPECT_EQ(t.find("lmic0.pfe0.mqss"), std::string::npos) << t;  // under 1%: left out of the text
  EXPECT_NE(t.find("\nPE1\n"), std::string::npos);
  EXPECT_NE(t.find("  saturated: nothing\n"), std::string::npos) << t;  // PE1
}

}  // namespace
}  // namespace trio6sim::report
