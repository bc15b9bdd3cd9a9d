// The routing engines' side of a run and the links as modules: a packet the
// host of R0 sends to R1's LAN address goes through R0's tunnel, the link and
// R1's decryption to R1's host; a crafted frame put on the link reaches R1's
// host like any frame; the report counts both and conservation holds.
#include <gtest/gtest.h>

#include <vector>

#include "inline_scenario.h"
#include "packet/ipv4.h"
#include "run/network.h"

namespace trio6sim::run {
namespace {

std::vector<uint8_t> ipv4_packet(const char* src, const char* dst, std::size_t l3_bytes) {
  std::vector<uint8_t> bytes(l3_bytes, 0x5a);
  Ipv4Fields f;
  f.total_length = static_cast<uint16_t>(l3_bytes);
  f.protocol = 17;
  f.ttl = 64;
  const IpAddress s = *IpAddress::parse(src), d = *IpAddress::parse(dst);
  std::copy(s.data(), s.data() + 4, f.src.begin());
  std::copy(d.data(), d.data() + 4, f.dst.begin());
  write_ipv4_header(bytes.data(), f);
  return bytes;
}

TEST(HostPathRun, HostPacketsCrossTheTunnelAndCraftedFramesArriveFromTheLink) {
  const std::string text = header() + links() + generators();
  const auto spec = parse(text);
  struct Heard {
    int device;
    std::vector<uint8_t> bytes;
    uint64_t at_ps;
  };
  std::vector<Heard> heard;
  const std::vector<uint8_t> to_lan = ipv4_packet("1.1.1.1", "2.2.2.1", 200);
  const std::vector<uint8_t> crafted = ipv4_packet("16.1.1.2", "2.2.2.1", 120);
  RunOptions options;
  options.quiet = true;
  options.on_wired = [&](Network& net) {
    net.set_host_receiver([&](int device, const Packet& p, uint64_t at_ps) {
      heard.push_back({device, {p.bytes().begin(), p.bytes().end()}, at_ps});
    });
    // After IKE (1 ms): R0's host to R1's LAN address, through st0.
    const int r0 = net.device_index("R0");
    PacketPtr p = net.devices[r0]->model.router->chip(0).pool().acquire();
    ASSERT_TRUE(p->assign(to_lan));
    net.send_from_host(r0, std::move(p), 2'000'000'000);
    // Off the cable into R1's et-0/2/10 (clear: R1 forwards it to its host).
    scenario::PortRef toward;
    toward.device = "R1";
    toward.interface = "et-0/2/10";
    ASSERT_TRUE(net.inject_on_link(toward, crafted, 3'000'000'000).has_value());
  };
  auto result = run_scenario(spec, options);
  ASSERT_TRUE(result.has_value()) << result.error();
  ASSERT_EQ(heard.size(), 2u);
  EXPECT_EQ(heard[0].device, 1);
  EXPECT_EQ(heard[0].bytes, to_lan);  // decrypted: the bytes R0's host sent
  EXPECT_GT(heard[0].at_ps, 2'000'000'000u);
  EXPECT_EQ(heard[1].device, 1);
  EXPECT_EQ(heard[1].bytes[8], 64);  // delivered, not forwarded: the TTL as sent
  EXPECT_GT(heard[1].at_ps, 3'000'000'000u + 1'000'000u);  // after the link's 1 us
  const auto& r = result->report;
  EXPECT_EQ(r.devices.at("R0").host_sent, 1u);
  EXPECT_EQ(r.devices.at("R1").host_received, 2u);
  EXPECT_EQ(r.conservation.from_host, 1u);
  EXPECT_EQ(r.conservation.injected_on_links, 1u);
  EXPECT_EQ(r.conservation.unaccounted(), 0);
  EXPECT_TRUE(result->conserved);
}

}  // namespace
}  // namespace trio6sim::run
