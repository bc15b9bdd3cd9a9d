// Trio6::trace with the user's own stimulus: a VCD samples the chip's queues
// for as long as anything is pending, whatever drives the chip (a user's
// SC_THREAD source bound to a port socket, starting late or at once), and
// stops when the simulation has nothing left to do.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <string>

#include <tlm_utils/passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include "harness.h"
#include "models/job_socket.h"
#include "models/simulation.h"
#include "models/units.h"

namespace trio6sim::models {
namespace {

using test::Harness;
using test::ip;

// The user's source: an SC_THREAD that waits `start` and then sends one
// frame per `gap` through a tlm_utils initiator socket, waiting between
// frames (no temporal decoupling).
struct UserSource : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<UserSource, 0, JobProtocol> out{"out"};
  SC_HAS_PROCESS(UserSource);
  UserSource(const sc_core::sc_module_name& name, Harness& h, int frames, sc_core::sc_time start, sc_core::sc_time gap)
      : sc_core::sc_module(name), h_(h), frames_(frames), start_(start), gap_(gap) {
    SC_THREAD(run);
  }
  void run() {
    wait(start_);
    for (int i = 0; i < frames_; ++i) {
      Job job;
      job.packet = h_.ipv4("10.0.0.1", "192.168.1.1", 1482, 64);
      sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
      out->b_transport(job, delay);
      wait(gap_);
    }
  }
  Harness& h_;
  int frames_;
  sc_core::sc_time start_, gap_;
};

struct UserSink : sc_core::sc_module {
  tlm_utils::passthrough_target_socket<UserSink, 0, JobProtocol> in{"in"};
  explicit UserSink(const sc_core::sc_module_name& name) : sc_core::sc_module(name) {
    in.register_b_transport(this, &UserSink::frame);
  }
  void frame(Job& job, sc_core::sc_time&) {
    ++frames;
    job.packet.reset();
  }
  uint64_t frames = 0;
};

struct VcdSummary {
  int time_stamps = 0;     // "#<time>" lines after the header
  uint64_t last_time = 0;  // in the VCD's unit (ps)
  int nonzero_values = 0;  // "r<value> <id>" with value != 0
};

VcdSummary read_vcd(const std::string& path) {
  VcdSummary s;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() > 1 && line[0] == '#') {
      ++s.time_stamps;
      s.last_time = std::stoull(line.substr(1));
    } else if (line.size() > 1 && line[0] == 'r' && line.rfind("r0 ", 0) != 0) {
      ++s.nonzero_values;
    }
  }
  return s;
}

// A 2,000-frame run of the user's source, traced every 100 ns: 1,500 B
// frames 20 ns apart (600 Gbps) into a 100 Gbps port, so its queue fills
// and drops (`accounted`: delivered + dropped).
VcdSummary traced_run(sc_core::sc_time start, const std::string& name, uint64_t& accounted) {
  Harness h;
  h.chip->add_physical_interface("et-0/0/12", 12);
  const IfIndex out = h.chip->add_physical_interface("et-0/0/0", 0);
  h.chip->add_route(ip("192.168.0.0"), 16, NextHop::interface(out));
  UserSource source("source", h, 2000, start, sc_core::sc_time(20, sc_core::SC_NS));
  UserSink sink("sink");
  source.out.bind(h.chip->port_in[12]);
  h.chip->port_out[0].bind(sink.in);
  const std::string path = ::testing::TempDir() + "/" + name;
  sc_core::sc_trace_file* vcd = sc_core::sc_create_vcd_trace_file(path.c_str());
  h.chip->trace(vcd, 100'000);
  run_until_drained(*h.chip);
  sc_core::sc_close_vcd_trace_file(vcd);
  EXPECT_GT(sink.frames, 0u);
  accounted = sink.frames + h.chip->traffic().drops.total();
  return read_vcd(path + ".vcd");
}

TEST(Trace, SamplesAUserThreadThatStartsLate) {
  // The source's first frame is at 5 us: nothing but its wait is pending
  // when the sampler first looks.
  uint64_t accounted = 0;
  const VcdSummary s = traced_run(sc_core::sc_time(5, sc_core::SC_US), "trace_late", accounted);
  EXPECT_EQ(accounted, 2000u);
  // 2,000 frames 20 ns apart from 5 us: about 45 us, sampled every 100 ns.
  EXPECT_GT(s.time_stamps, 400) << "the sampler stopped early";
  EXPECT_GE(s.last_time, 45'000'000u);
  EXPECT_GT(s.nonzero_values, 0) << "no queue was ever seen busy";
}

TEST(Trace, SamplesAUserThreadThatStartsAtOnce) {
  uint64_t accounted = 0;
  const VcdSummary s = traced_run(sc_core::SC_ZERO_TIME, "trace_at_once", accounted);
  EXPECT_EQ(accounted, 2000u);
  EXPECT_GT(s.time_stamps, 400);
  EXPECT_GE(s.last_time, 40'000'000u);
  EXPECT_GT(s.nonzero_values, 0);
}

}  // namespace
}  // namespace trio6sim::models
