// Own testbench: a Trio 6 chip built by hand in the architect's own sc_main,
// with their own SystemC traffic source and sink modules bound to the chip's
// WAN port sockets (no inject(), no egress observer). The source offers
// 1,500 B frames at 80 Gbps into et-0/0/12 (slice 0); the chip routes them
// to et-0/0/0 (slice 1, across the fabric); the sink measures what arrives.
// Both ends are tlm_utils simple sockets over JobProtocol. With --vcd the
// chip's queues are traced while the user's own thread drives it.
//
//   own_testbench [--frames N] [--vcd FILE]     (SystemC adds .vcd)
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/job_socket.h"
#include "models/replaceable_blocks.h"  // the fabric's interface, for its counters
#include "models/simulation.h"
#include "models/trio6.h"
#include "models/units.h"
#include "packet/ipv4.h"

using namespace trio6sim;
using namespace trio6sim::models;

// A source of IPv4 frames at a fixed rate. It works a microsecond ahead of
// the simulation (temporal decoupling): each frame's first bit is the
// annotated delay of its b_transport.
struct Source : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Source, 0, JobProtocol> out{"out"};
  SC_HAS_PROCESS(Source);
  Source(sc_core::sc_module_name name, PacketPool& pool, int frames, double gbps)
      : sc_module(name), pool_(pool), frames_(frames), gap_ps_(1520 * 8 * 1000 / gbps) {
    SC_THREAD(run);
  }
  void run() {
    for (int i = 0; i < frames_; ++i) {
      const uint64_t first_bit = static_cast<uint64_t>(i * gap_ps_);
      while (first_bit > now_ps() + 1'000'000) wait(sc_core::sc_time(1, sc_core::SC_US));
      Job job;
      job.packet = frame(static_cast<uint32_t>(i));
      sc_core::sc_time delay = sc_core::sc_time::from_value(first_bit - now_ps());
      out->b_transport(job, delay);
    }
  }
  PacketPtr frame(uint32_t i) {
    PacketPtr p = pool_.acquire();
    uint8_t* d = p->push_back(1482);  // + 14 B header + 4 B FCS = 1,500 B
    std::memset(d, 0xab, 1482);
    Ipv4Fields f;
    f.total_length = 1482;
    f.protocol = 17;
    f.src = {10, 0, 0, 1};
    f.dst = {192, 168, 1, static_cast<uint8_t>(1 + i % 200)};
    write_ipv4_header(d, f);
    p->meta.id = i + 1;
    p->meta.stream_id = 1;
    p->meta.flow_hash = i % 64;
    return p;
  }
  PacketPool& pool_;
  int frames_;
  double gap_ps_;
};

// A sink that counts what leaves a port: the annotated delay is the last
// bit's time; the sink owns the packet (and lets it go).
struct Sink : sc_core::sc_module {
  tlm_utils::simple_target_socket<Sink, 0, JobProtocol> in{"in"};
  explicit Sink(sc_core::sc_module_name name) : sc_module(name) { in.register_b_transport(this, &Sink::frame); }
  void frame(Job& job, sc_core::sc_time& delay) {
    const uint64_t last_bit = now_ps() + delay.value();
    if (frames == 0) first_bit_ps = last_bit;
    ++frames;
    bytes += job.packet->size() + 18;
    last_bit_ps = last_bit;
    latency_ns_sum += static_cast<double>(last_bit - job.packet->meta.created_ps) / 1000.0;
    job.packet.reset();
  }
  uint64_t frames = 0, bytes = 0, first_bit_ps = 0, last_bit_ps = 0;
  double latency_ns_sum = 0;
};

extern "C" int sc_main(int argc, char** argv) {
  int frames = 20000;
  const char* vcd = nullptr;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--frames") == 0) frames = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--vcd") == 0) vcd = argv[i + 1];
  }

  Trio6 chip("chip");
  const IfIndex in = chip.add_physical_interface("et-0/0/12", 12);
  const IfIndex out = chip.add_physical_interface("et-0/0/0", 0);
  chip.add_route(*IpAddress::parse("192.168.0.0"), 16, NextHop::interface(out));
  Source source("source", chip.pool(), frames, 80);
  Sink sink("sink");
  source.out.bind(chip.port_in[12]);  // the chip's WAN port sockets
  chip.port_out[0].bind(sink.in);
  sc_core::sc_trace_file* trace = vcd ? sc_core::sc_create_vcd_trace_file(vcd) : nullptr;
  if (trace) chip.trace(trace);  // samples every 100 ns while anything is pending

  run_until_drained(chip);
  if (trace) sc_core::sc_close_vcd_trace_file(trace);

  const double seconds = static_cast<double>(sink.last_bit_ps - sink.first_bit_ps) * 1e-12;
  std::printf("frames in %llu, out %llu (%.1f Gbps of frames), mean latency %.0f ns\n",
              static_cast<unsigned long long>(chip.counters(in).input_packets),
              static_cast<unsigned long long>(sink.frames), static_cast<double>(sink.bytes) * 8 / seconds / 1e9,
              sink.latency_ns_sum / static_cast<double>(sink.frames));
  std::printf("fabric crossings %llu, saturated block: %s\n",
              static_cast<unsigned long long>(chip.fabric().counters(1).packets), chip.saturated_block().c_str());
  return sink.frames == static_cast<uint64_t>(frames) ? 0 : 1;
}
