// The run report's JSON has the fixed shape outside scripts read: every key
// the scenario issue names, at its path, read back with Python's json.
#include <gtest/gtest.h>

#include <fstream>

#include <fmt/core.h>

#include "report/run_report.h"

namespace trio6sim::report {
namespace {

RunReport sample() {
  RunReport r;
  r.scenario = "blog-global-v4v6";
  r.seed = 1;
  auto& pe1 = r.devices["PE1"];
  pe1.interfaces["si-0/1/0.0"] = {100, 0, 49400, 0, 10000, 0};
  pe1.interfaces["st0.1"] = {0, 100, 0, 49400, 0, 10000};
  pe1.ipsec.encrypted_packets = 100;
  pe1.drops["tunnel down"] = 2;
  pe1.not_modeled = {"bgp", "isis"};
  pe1.not_modeled_statements = {{"protocols bgp", "PE1.conf", 163},
                                {"security ipsec vpn v traffic-selector ts1", "PE1.conf", 70}};
  r.streams["ce1-ce2-ipv4"] = {100, 98, {1000, 2000, 3000}};
  r.conservation = {100, 98, 2};
  return r;
}

TEST(RunReport, JsonHasTheFixedShape) {
  const std::string path = ::testing::TempDir() + "/report.json";
  std::ofstream(path) << to_json(sample());
  const std::string check =
      "import json,sys\n"
      "d=json.load(open(sys.argv[1]))\n"
      "i=d['devices']['PE1']['interfaces']['si-0/1/0.0']\n"
      "assert set(i)=={'input_packets','output_packets','input_bytes','output_bytes','input_pps','output_pps'}, i\n"
      "assert i['input_pps']==10000\n"
      "s=d['devices']['PE1']['ipsec']\n"
      "assert set(s)>={'encrypted_packets','decrypted_packets','encrypted_bytes','decrypted_bytes',"
      "'esp_authentication_failures','replay_errors','esp_decryption_failures','bad_headers','bad_trailers'}\n"
      "assert d['devices']['PE1']['drops']=={'tunnel down':2}\n"
      "st=d['streams']['ce1-ce2-ipv4']\n"
      "assert st['tx_packets']==100 and st['rx_packets']==98 and st['lost']==2, st\n"
      "assert st['latency_ns']=={'p50':1000,'p99':2000,'max':3000}\n"
      "assert d['devices']['PE1']['not_modeled']==['bgp','isis']\n"
      "assert d['devices']['PE1']['not_modeled_statements'][1]=="
      "{'statement':'security ipsec vpn v traffic-selector ts1','file':'PE1.conf','line':70}\n"
      "assert d['devices']['PE1']['host']=={'sent':0,'received':0}\n"
      "assert d['conservation']=={'offered':100,'delivered':98,'dropped':2,'from_host':0,'injected_on_links':0,"
      "'unaccounted':0}\n";
  const std::string script = ::testing::TempDir() + "/check.py";
  std::ofstream(script) << check;
  if (std::system("test -x /usr/bin/python3") != 0) GTEST_SKIP() << "no python3";
  EXPECT_EQ(std::system(("/usr/bin/python3 " + script + " " + path).c_str()), 0);
}

TEST(RunReport, TextShowsConservationAndWhatIsNotModeled) {
  const std::string text = to_text(sample());
  EXPECT_NE(text.find("conservation: offered 100 = delivered 98 + dropped 2 (exact)"), std::string::npos) << text;
  EXPECT_NE(text.find("not modeled: bgp isis"), std::string::npos);
  EXPECT_NE(text.find("    PE1.conf:70: security ipsec vpn v traffic-selector ts1\n"), std::string::npos) << text;
  RunReport leaky = sample();
  leaky.conservation = {105, 98, 2};
  EXPECT_NE(to_text(leaky).find("UNACCOUNTED 5"), std::string::npos);
  // What the routing engines sent and frames put on links by hand are offered too.
  RunReport hosts = sample();
  hosts.conservation.from_host = 3;
  hosts.conservation.injected_on_links = 2;
  hosts.conservation.delivered = 103;
  EXPECT_EQ(hosts.conservation.unaccounted(), 0);
  EXPECT_NE(to_text(hosts).find("conservation: offered 100 + from host 3 + injected on links 2 = delivered 103 + "
                                "dropped 2 (exact)"),
            std::string::npos)
      << to_text(hosts);
}

// A scale test's thousands of units and generated statements fold in the
// text (the JSON keeps every one): st0 and si units into one row per
// interface with their sums, statements that differ only in names and
// values into one row with a count.
TEST(RunReport, TextFoldsThousandsOfUnitsAndStatements) {
  RunReport r = sample();
  auto& d = r.devices["PE1"];
  for (int k = 1; k <= 100; ++k) {
    d.interfaces[fmt::format("st0.{}", k)] = {1, 2, 0, 0, 10, 20};
    d.not_modeled_statements.push_back(
        {fmt::format("security ike gateway gw-{} external-interface et-2/1/0", k), "ce1.conf", 1000 + k});
  }
  const std::string text = to_text(r);
  EXPECT_NE(text.find("  st0.* (100 units)              100           200        1000        2000\n"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("st0.17 "), std::string::npos) << text;
  EXPECT_NE(text.find("  si-0/1/0.* (1 units)"), std::string::npos) << text;
  EXPECT_NE(text.find("    ce1.conf:1001: security ike gateway gw-1 external-interface et-2/1/0 (and 99 more: "
                      "security ike gateway * external-interface *)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    PE1.conf:163: protocols bgp\n"), std::string::npos) << text;
  // Below the limit every row stays.
  EXPECT_NE(to_text(sample()).find("  st0.1 "), std::string::npos);
}

}  // namespace
}  // namespace trio6sim::report
