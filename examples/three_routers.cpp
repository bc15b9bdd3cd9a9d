// Three routers: the blog's MX304s PE1 - P1 - PE2 ("Inline IPsec on MX
// Series", scenarios/blog-global-v4v6.yaml) joined by the user's own links
// in the user's own sc_main, with the user's own source into PE1 (CE1's
// port et-0/2/10) and sink after PE2 (CE2's port et-0/0/4). PE1 encrypts
// into st0.1 toward PE2 (13.10.1.1 -> 13.10.2.2, AES-256-GCM), P1 forwards
// the ESP over the two LAGs, PE2 decrypts.
//
// The routers are programmed from the blog's Junos configurations by
// run::ScenarioRouters: by hand, each PE is a dozen interfaces on three
// chips (each chip holds the whole FIB, with remote interfaces for the
// others), an aggregate, si units, a service set, st0, an SA pair and ESP
// steering (sim/run/device_builder.cpp is 340 lines of it). The links, the
// source and the sink are this file's. Its latency is the runner's: the
// scenario's ce1-ce2-ipv4 stream (`trio6sim run`, same path, same 500 ns
// links) reports the same 21,578 ns.
//
//   three_routers SCENARIO.yaml [--frames N] [--pcap FILE]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/link.h"
#include "models/link_pcap_tap.h"
#include "models/simulation.h"
#include "models/units.h"
#include "packet/ipv4.h"
#include "run/scenario_routers.h"

using namespace trio6sim;
using namespace trio6sim::models;

// CE1: 512 B IPv4 frames (494 B packets, as the blog's counters show) from
// 50.1.1.1 to 60.1.x.1, one flow per destination, at `gbps`: one frame
// sent at each step of its thread, its first bit now.
struct Source : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Source, 0, JobProtocol> out{"out"};
  SC_HAS_PROCESS(Source);
  Source(sc_core::sc_module_name name, PacketPool& pool, int frames, double gbps)
      : sc_module(name), pool_(pool), frames_(frames), gap_(532 * 8 / gbps, sc_core::SC_NS) {  // + preamble, gap
    SC_THREAD(run);
  }
  void run() {
    for (int i = 0; i < frames_; ++i, wait(gap_)) {
      Job job;
      job.packet = pool_.acquire();
      uint8_t* d = job.packet->push_back(494);
      std::memset(d, 0xab, 494);
      Ipv4Fields f;
      f.total_length = 494;
      f.protocol = 17;
      f.src = {50, 1, 1, 1};
      f.dst = {60, 1, static_cast<uint8_t>(1 + i % 100), 1};
      write_ipv4_header(d, f);
      job.packet->meta.id = static_cast<uint64_t>(i) + 1;
      job.packet->meta.stream_id = 1;
      job.packet->meta.flow_hash = static_cast<uint32_t>(i % 100);
      job.packet->meta.sent_ps = now_ps();  // carried across routers: end-to-end latency
      sc_core::sc_time no_delay = sc_core::SC_ZERO_TIME;
      out->b_transport(job, no_delay);
    }
  }
  PacketPool& pool_;
  int frames_;
  sc_core::sc_time gap_;
};

// CE2: counts what leaves PE2 and its latency from CE1 (last bit - sent).
struct Sink : sc_core::sc_module {
  tlm_utils::simple_target_socket<Sink, 0, JobProtocol> in{"in"};
  explicit Sink(sc_core::sc_module_name name) : sc_module(name) { in.register_b_transport(this, &Sink::frame); }
  void frame(Job& job, sc_core::sc_time& delay) {
    ++frames;
    latency_ns_sum += static_cast<double>(now_ps() + delay.value() - job.packet->meta.sent_ps) / 1000.0;
    job.packet.reset();
  }
  uint64_t frames = 0;
  double latency_ns_sum = 0;
};

extern "C" int sc_main(int argc, char** argv) {
  int frames = 2000;
  std::string pcap;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--frames") == 0) frames = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--pcap") == 0) pcap = argv[i + 1];
  }
  if (argc < 2) return std::fprintf(stderr, "usage: three_routers SCENARIO.yaml [--frames N] [--pcap FILE]\n"), 2;
  // --- The topology: about 30 lines.
  auto built = run::ScenarioRouters::load(argv[1]);  // PE1, P1, PE2: configurations, routes, SAs
  if (!built) return std::fprintf(stderr, "%s\n", built.error().c_str()), 1;
  run::ScenarioRouters& net = **built;
  const LinkParams cable{.delay_ps = 500'000};  // 500 ns of fibre, at the ports' 100G
  Link pe1_p1_a("pe1_p1_a", net.port("PE1", "et-0/2/3"), net.port("P1", "et-0/2/0"), cable);  // PE1 ae0 = P1 ae0
  Link pe1_p1_b("pe1_p1_b", net.port("PE1", "et-0/2/4"), net.port("P1", "et-0/2/1"), cable);
  Link p1_pe2_a("p1_pe2_a", net.port("P1", "et-0/0/0"), net.port("PE2", "et-0/0/10"), cable);  // P1 ae1 = PE2 ae1
  Link p1_pe2_b("p1_pe2_b", net.port("P1", "et-0/2/2"), net.port("PE2", "et-0/0/11"), cable);
  std::unique_ptr<LinkPcapTap> tap;
  if (!pcap.empty()) {
    tap = std::make_unique<LinkPcapTap>(pcap);  // the ESP on the PE1 - P1 links, both ways
    pe1_p1_a.set_tap(tap.get());
    pe1_p1_b.set_tap(tap.get());
  }
  const LinkEnd ce1 = net.port("PE1", "et-0/2/10"), ce2 = net.port("PE2", "et-0/0/4");
  Source source("ce1", ce1.chip->pool(), frames, 10);
  source.out.bind(ce1.chip->port_in[ce1.port]);
  Sink sink("ce2");
  ce2.chip->port_out[ce2.port].bind(sink.in);

  run_until_drained(net.router("PE2"));

  const uint64_t carried = pe1_p1_a.frames_carried(0) + pe1_p1_b.frames_carried(0);
  std::printf("frames in %d, PE1 encrypted %llu, on PE1-P1 links %llu, P1 forwarded %llu, PE2 decrypted %llu, "
              "frames out %llu\n",
              frames, static_cast<unsigned long long>(net.router("PE1").ipsec_statistics().encrypted_packets),
              static_cast<unsigned long long>(carried),
              static_cast<unsigned long long>(net.router("P1").delivered_packets()),
              static_cast<unsigned long long>(net.router("PE2").ipsec_statistics().decrypted_packets),
              static_cast<unsigned long long>(sink.frames));
  std::printf("mean latency CE1 -> CE2 %.0f ns\n", sink.latency_ns_sum / static_cast<double>(sink.frames));
  if (tap) {
    tap->close();
    std::printf("%llu ESP frames on PE1 - P1 in %s\n", static_cast<unsigned long long>(tap->frames()), pcap.c_str());
  }
  return sink.frames == static_cast<uint64_t>(frames) ? 0 : 1;
}
