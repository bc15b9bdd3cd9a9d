// A VCD of every queue: two 400G ports of slice 0 send into one 400G port of
// slice 1 for 20 us, twice what it can send, so the fabric queue and the
// egress queue fill (the packet buffer holds the excess) and drain after.
// Traced with Trio6::trace into trace_queues.vcd, which GTKWave opens (or
// vcd2fst converts).
//
//   trace_queues [FILE.vcd]
#include <cstdio>

#include "models/probe.h"
#include "models/simulation.h"
#include "models/traffic_generator.h"
#include "models/trio6.h"
#include "models/units.h"

using namespace trio6sim;
using namespace trio6sim::models;

extern "C" int sc_main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "trace_queues";  // SystemC adds .vcd
  Trio6Params params;
  for (int p = 0; p < kPortsPerChip; ++p) params.port_group.port_gbps[p] = 0;
  params.port_group.port_gbps[12] = 400;  // slice 0: a 400G port on PG0
  params.port_group.port_gbps[8] = 400;   // and one on PG1
  params.port_group.port_gbps[0] = 400;   // slice 1: the port they both send to
  Trio6 chip("chip", params);
  chip.add_physical_interface("et-0/0/12", 12);
  chip.add_physical_interface("et-0/0/8", 8);
  const IfIndex out = chip.add_physical_interface("et-0/0/0", 0);
  chip.add_route(*IpAddress::parse("192.168.0.0"), 16, NextHop::interface(out));

  StreamSpec s;
  s.stream_id = 1;
  s.port = 12;
  s.l1_gbps = 400;
  s.frame_bytes = {1500};
  s.targets = {{*IpAddress::parse("192.168.1.1"), -1}};
  s.stop_ps = 20 * kPsPerUs;
  StreamSpec s2 = s;
  s2.stream_id = 2;
  s2.port = 8;
  s2.targets = {{*IpAddress::parse("192.168.2.1"), -1}};
  TrafficGenerator generator("generator", chip, {s, s2}, 1, true);

  sc_core::sc_trace_file* vcd = sc_core::sc_create_vcd_trace_file(path);
  vcd->set_time_unit(1, sc_core::SC_NS);
  chip.trace(vcd, 100'000);  // every 100 ns
  run_until_drained(chip);
  sc_core::sc_close_vcd_trace_file(vcd);
  std::printf("traced %s.vcd: %llu frames offered, %llu delivered, %llu dropped\n", path,
              static_cast<unsigned long long>(chip.traffic().offered_packets),
              static_cast<unsigned long long>(chip.traffic().delivered_packets),
              static_cast<unsigned long long>(chip.traffic().drops.total()));
  return chip.traffic().delivered_packets > 0 ? 0 : 1;
}
