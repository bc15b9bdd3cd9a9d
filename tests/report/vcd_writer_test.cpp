#include <gtest/gtest.h>

#include <sstream>

#include "report/vcd_writer.h"

namespace trio6sim::report {
namespace {

TEST(VcdWriter, ScopesDefinitionsAndChanges) {
  VcdWriter w;
  const auto q = w.declare("PE1.pfe0.ipsec_engine.queue_bytes");
  const auto r = w.declare("PE1.pfe0.lookup.queue_bytes");
  const auto g = w.declare("PE2.pfe1.rate_gbps");
  w.change(0, q, 0);
  w.change(0, r, 0);
  w.change(1000, q, 1500);
  w.change(2000, q, 1500);  // unchanged: not written
  w.change(2000, g, 299.5);
  EXPECT_THROW(w.change(1000, q, 1), std::logic_error);
  EXPECT_THROW(w.declare("late"), std::logic_error);
  std::ostringstream out;
  w.write(out);
  EXPECT_EQ(out.str(),
            "$version trio6sim $end\n$timescale 1 ps $end\n"
            "$scope module PE1 $end\n$scope module pfe0 $end\n"
            "$scope module ipsec_engine $end\n$var real 64 ! queue_bytes $end\n$upscope $end\n"
            "$scope module lookup $end\n$var real 64 \" queue_bytes $end\n$upscope $end\n"
            "$upscope $end\n$upscope $end\n"
            "$scope module PE2 $end\n$scope module pfe1 $end\n$var real 64 # rate_gbps $end\n$upscope $end\n$upscope $end\n"
            "$enddefinitions $end\n#0\nr0 !\nr0 \"\n#1000\nr1500 !\n#2000\nr299.5 #\n");
}

}  // namespace
}  // namespace trio6sim::report
