// The job protocol with every tlm_utils socket kind a user may bind to the
// chip's WAN ports: simple and multi-passthrough initiators into port_in,
// simple, simple-tagged, passthrough and multi-passthrough targets on
// port_out. Each carries the same frames through the chip, and every frame
// arrives (the chip's own sockets take the user's b_transport, and the
// user's targets receive the chip's).
#include <gtest/gtest.h>

#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "harness.h"
#include "models/job_socket.h"
#include "models/simulation.h"

namespace trio6sim::models {
namespace {

using test::Harness;
using test::ip;

constexpr int kFrames = 100;

// Sends kFrames frames, 100 ns apart, through `send(i, job, delay)`.
template <class Send>
void send_frames(Harness& h, Send send) {
  for (int i = 0; i < kFrames; ++i) {
    Job job;
    job.packet = h.ipv4("10.0.0.1", "192.168.1.1", 500, 64, static_cast<uint32_t>(i));
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    send(i, job, delay);
    sc_core::wait(100, sc_core::SC_NS);
  }
}

struct SimpleSource : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<SimpleSource, 0, JobProtocol> out{"out"};
  SC_HAS_PROCESS(SimpleSource);
  SimpleSource(const sc_core::sc_module_name& n, Harness& h) : sc_core::sc_module(n), h_(h) { SC_THREAD(run); }
  void run() {
    send_frames(h_, [this](int, Job& job, sc_core::sc_time& d) { out->b_transport(job, d); });
  }
  Harness& h_;
};

// One socket bound to two ports, frames alternating between them.
struct MultiSource : sc_core::sc_module {
  tlm_utils::multi_passthrough_initiator_socket<MultiSource, 0, JobProtocol> out{"out"};
  SC_HAS_PROCESS(MultiSource);
  MultiSource(const sc_core::sc_module_name& n, Harness& h) : sc_core::sc_module(n), h_(h) { SC_THREAD(run); }
  void run() {
    send_frames(h_, [this](int i, Job& job, sc_core::sc_time& d) { out[i % 2]->b_transport(job, d); });
  }
  Harness& h_;
};

struct Count {
  uint64_t frames = 0;
  void take(Job& job) {
    ++frames;
    job.packet.reset();
  }
};

struct SimpleSink : sc_core::sc_module, Count {
  tlm_utils::simple_target_socket<SimpleSink, 0, JobProtocol> in{"in"};
  explicit SimpleSink(const sc_core::sc_module_name& n) : sc_core::sc_module(n) {
    in.register_b_transport(this, &SimpleSink::frame);
  }
  void frame(Job& job, sc_core::sc_time&) { take(job); }
};

struct TaggedSink : sc_core::sc_module, Count {
  tlm_utils::simple_target_socket_tagged<TaggedSink, 0, JobProtocol> in{"in"};
  explicit TaggedSink(const sc_core::sc_module_name& n) : sc_core::sc_module(n) {
    in.register_b_transport(this, &TaggedSink::frame, 7);
  }
  void frame(int tag, Job& job, sc_core::sc_time&) {
    EXPECT_EQ(tag, 7);
    take(job);
  }
};

struct PassthroughSink : sc_core::sc_module, Count {
  tlm_utils::passthrough_target_socket<PassthroughSink, 0, JobProtocol> in{"in"};
  explicit PassthroughSink(const sc_core::sc_module_name& n) : sc_core::sc_module(n) {
    in.register_b_transport(this, &PassthroughSink::frame);
  }
  void frame(Job& job, sc_core::sc_time&) { take(job); }
};

struct MultiSink : sc_core::sc_module, Count {
  tlm_utils::multi_passthrough_target_socket<MultiSink, 0, JobProtocol> in{"in"};
  explicit MultiSink(const sc_core::sc_module_name& n) : sc_core::sc_module(n) {
    in.register_b_transport(this, &MultiSink::frame);
  }
  void frame(int port, Job& job, sc_core::sc_time&) {
    ++per_port[port];
    take(job);
  }
  uint64_t per_port[2] = {0, 0};
};

// A chip routing 192.168/16 out of et-0/0/0 and, for two-port sinks, also
// out of et-0/0/1 by the flow's ECMP (both ports in one aggregate would do
// the same; two routes keep it plain: 192.168.1/24 by flow to either).
struct Chip {
  Harness h;
  Chip() {
    h.chip->add_physical_interface("et-0/0/12", 12);
    h.chip->add_physical_interface("et-0/0/13", 13);
    out0 = h.chip->add_physical_interface("et-0/0/0", 0);
    h.chip->add_route(ip("192.168.0.0"), 16, NextHop::interface(out0));
  }
  IfIndex out0 = 0;
};

// The user's simple source on et-0/0/12 and `Sink` on et-0/0/0: every frame arrives.
template <class Sink>
void simple_source_into() {
  Chip c;
  SimpleSource source("source", c.h);
  Sink sink("sink");
  source.out.bind(c.h.chip->port_in[12]);
  c.h.chip->port_out[0].bind(sink.in);
  run_until_drained(*c.h.chip);
  EXPECT_EQ(sink.frames, static_cast<uint64_t>(kFrames));
}

TEST(SocketKinds, SimpleInitiatorIntoSimpleTarget) { simple_source_into<SimpleSink>(); }

TEST(SocketKinds, SimpleInitiatorIntoTaggedTarget) { simple_source_into<TaggedSink>(); }

TEST(SocketKinds, MultiPassthroughInitiatorIntoPassthroughTarget) {
  Chip c;
  MultiSource source("source", c.h);
  PassthroughSink sink("sink");
  source.out.bind(c.h.chip->port_in[12]);
  source.out.bind(c.h.chip->port_in[13]);
  c.h.chip->port_out[0].bind(sink.in);
  run_until_drained(*c.h.chip);
  EXPECT_EQ(sink.frames, static_cast<uint64_t>(kFrames));
  EXPECT_EQ(c.h.chip->counters(c.h.chip->port_interface(12)).input_packets, static_cast<uint64_t>(kFrames / 2));
  EXPECT_EQ(c.h.chip->counters(c.h.chip->port_interface(13)).input_packets, static_cast<uint64_t>(kFrames / 2));
}

TEST(SocketKinds, SimpleInitiatorIntoMultiPassthroughTarget) {
  Chip c;
  const IfIndex out1 = c.h.chip->add_physical_interface("et-0/0/1", 1);
  c.h.chip->add_route(ip("192.168.1.0"), 24, NextHop::interface(out1));
  SimpleSource source("source", c.h);
  MultiSink sink("sink");
  source.out.bind(c.h.chip->port_in[12]);
  c.h.chip->port_out[0].bind(sink.in);
  c.h.chip->port_out[1].bind(sink.in);
  run_until_drained(*c.h.chip);
  EXPECT_EQ(sink.frames, static_cast<uint64_t>(kFrames));
  EXPECT_EQ(sink.per_port[1], static_cast<uint64_t>(kFrames));  // the /24 is more specific: all on et-0/0/1
}

}  // namespace
}  // namespace trio6sim::models
