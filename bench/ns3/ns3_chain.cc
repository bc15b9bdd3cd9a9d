// The speed peer of issue 20: ns-3 (Debian's libns3-dev) simulating the same
// chain as bench/blog-chain-64b.yaml, CE1 - PE1 - P1 - PE2 - CE2 on
// point-to-point links of 400 Gbps and 500 ns, doing plain IPv4 forwarding
// (no IPsec: ns-3 has none), one UDP stream of 46 B IP packets (a 64 B
// Ethernet frame's) at 10 Mpps for 4 ms of simulated time. It prints what
// bench/speed_targets.py reads: packets delivered to CE2 and the wall time
// of Simulator::Run alone (building the topology is not counted, as the
// trio6sim side counts its whole run: the ratio favours ns-3 slightly).
#include <chrono>
#include <cstdio>
#include <string>

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

using namespace ns3;

int main(int argc, char** argv) {
  // Defaults match bench/blog-chain-64b.yaml's stream.
  double rate_pps = 10e6;
  double traffic_us = 4000;
  uint32_t ip_bytes = 46;  // 64 B frame - 14 B Ethernet header - 4 B FCS
  CommandLine cmd;
  cmd.AddValue("rate", "packets per second", rate_pps);
  cmd.AddValue("traffic_us", "how long the client sends, in simulated microseconds", traffic_us);
  cmd.AddValue("ip_bytes", "IP packet size (>= 40: 20 IP + 8 UDP + 12 sequence/timestamp)", ip_bytes);
  cmd.Parse(argc, argv);
  if (ip_bytes < 40 || rate_pps <= 0 || traffic_us <= 0) {
    std::fprintf(stderr, "ns3_chain: need ip_bytes >= 40, rate > 0, traffic_us > 0\n");
    return 2;
  }

  NodeContainer nodes;
  nodes.Create(5);  // CE1, PE1, P1, PE2, CE2
  PointToPointHelper link;
  link.SetDeviceAttribute("DataRate", StringValue("400Gbps"));
  link.SetChannelAttribute("Delay", StringValue("500ns"));
  InternetStackHelper stack;
  stack.Install(nodes);
  Ipv4AddressHelper addresses;
  Ipv4InterfaceContainer last;
  for (uint32_t i = 0; i + 1 < nodes.GetN(); ++i) {
    NetDeviceContainer devices = link.Install(nodes.Get(i), nodes.Get(i + 1));
    addresses.SetBase(Ipv4Address(("10.0." + std::to_string(i) + ".0").c_str()), "255.255.255.0");
    last = addresses.Assign(devices);
  }
  Ipv4GlobalRoutingHelper::PopulateRoutingTables();

  const uint16_t port = 9;
  UdpServerHelper server(port);
  ApplicationContainer server_app = server.Install(nodes.Get(4));
  const Time stop = MicroSeconds(traffic_us);
  server_app.Start(Seconds(0));
  UdpClientHelper client(last.GetAddress(1), port);
  client.SetAttribute("MaxPackets", UintegerValue(static_cast<uint64_t>(rate_pps * traffic_us * 1e-6) + 1));
  client.SetAttribute("Interval", TimeValue(Seconds(1.0 / rate_pps)));
  client.SetAttribute("PacketSize", UintegerValue(ip_bytes - 28));
  ApplicationContainer client_app = client.Install(nodes.Get(0));
  client_app.Start(Seconds(0));
  client_app.Stop(stop);
  Simulator::Stop(stop + MicroSeconds(100));  // drain: the chain's latency is a few microseconds

  const auto t0 = std::chrono::steady_clock::now();
  Simulator::Run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const uint64_t delivered = DynamicCast<UdpServer>(server_app.Get(0))->GetReceived();
  Simulator::Destroy();
  std::printf("ns3_chain delivered %llu wall_s %.6f packets_per_wall_s %.0f\n",
              static_cast<unsigned long long>(delivered), wall, delivered / wall);
  return delivered > 0 ? 0 : 1;
}
