// The host bridge (sim/bridge, docs/interop.md) without strongSwan: its
// translation of addresses, ports and the non-ESP marker against a plain UDP
// socket; and a paced run in which a peer outside the simulation (an IKEv2
// daemon on its own thread and the wall clock, behind real loopback
// sockets) establishes an IKE SA with the simulated PE1 of
// scenarios/strongswan-peer.yaml, floating to UDP 4500 because the two
// sides' addresses differ (the bridge translates).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <fmt/core.h>

#include "bridge/host_bridge.h"
#include "packet/ipv4.h"
#include "packet/udp.h"
#include "control/ike_daemon.h"
#include "crypto/esp_inbound.h"
#include "crypto/esp_outbound.h"
#include "packet/bytes.h"
#include "packet/frame_builder.h"
#include "run/scenario_run.h"
#include "scenario/scenario_loader.h"

namespace trio6sim::bridge {
namespace {

// Ports no other test uses at once: from the process id, above 20000.
uint16_t base_port() { return static_cast<uint16_t>(20000 + (::getpid() % 9000) * 4); }

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

int udp_socket(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0) << std::strerror(errno);
  return fd;
}

void send_to(int fd, uint16_t port, const std::vector<uint8_t>& bytes) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_GT(::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
}

// One datagram within a second: its bytes and source port.
std::pair<std::vector<uint8_t>, uint16_t> receive(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 1000) != 1) return {};
  std::vector<uint8_t> buf(65535);
  sockaddr_in from{};
  socklen_t len = sizeof from;
  const ssize_t n = ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
  buf.resize(static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
  return {buf, ntohs(from.sin_port)};
}

scenario::BridgeSpec spec(uint16_t base) {
  scenario::BridgeSpec b;
  b.device = "PE1";
  b.peer = ip("198.51.100.2");
  b.host = {ip("127.0.0.1"), base, static_cast<uint16_t>(base + 1)};
  b.peer_host = {ip("127.0.0.1"), static_cast<uint16_t>(base + 2), static_cast<uint16_t>(base + 3)};
  return b;
}

// The IPv4 UDP packet `d` is inside the simulation.
std::vector<uint8_t> packet_of(const UdpDatagram& d) {
  Packet p;
  EXPECT_TRUE(HostBridge::write_packet(d, p));
  return {p.bytes().begin(), p.bytes().end()};
}

TEST(HostBridge, TranslatesAddressesAndPortsAndCarriesPayloadsUnchanged) {
  const uint16_t base = base_port();
  auto bridge = HostBridge::open(spec(base), ip("192.0.2.1"));
  ASSERT_TRUE(bridge) << bridge.error();
  const int peer_ike = udp_socket(base + 2), peer_nat_t = udp_socket(base + 3), stranger = udp_socket(base + 99);
  const auto soon = [] { return std::chrono::steady_clock::now() + std::chrono::seconds(1); };

  // The peer's UDP 500: inside, 198.51.100.2:500 -> 192.0.2.1:500.
  send_to(peer_ike, base, {1, 2, 3});
  auto in = (*bridge)->wait(soon());
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].source, ip("198.51.100.2"));
  EXPECT_EQ(in[0].destination, ip("192.0.2.1"));
  EXPECT_EQ(in[0].source_port, 500);
  EXPECT_EQ(in[0].destination_port, 500);
  EXPECT_EQ(in[0].payload, (std::vector<uint8_t>{1, 2, 3}));
  // Its NAT-T port: 4500 -> 4500, IKE behind the marker, ESP in UDP and a
  // NAT keepalive as they are (the chip tells them apart).
  send_to(peer_nat_t, base + 1, {0, 0, 0, 0, 9, 8});
  send_to(peer_nat_t, base + 1, {0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1});
  send_to(peer_nat_t, base + 1, {0xff});
  std::vector<UdpDatagram> all;
  while (all.size() < 3) {
    auto more = (*bridge)->wait(soon());
    if (more.empty()) break;
    all.insert(all.end(), more.begin(), more.end());
  }
  ASSERT_EQ(all.size(), 3u);
  for (const auto& d : all) {
    EXPECT_EQ(d.source_port, 4500);
    EXPECT_EQ(d.destination_port, 4500);
  }
  EXPECT_EQ(all[0].payload, (std::vector<uint8_t>{0, 0, 0, 0, 9, 8}));
  EXPECT_EQ(all[1].payload, (std::vector<uint8_t>{0x12, 0x34, 0x56, 0x78, 0, 0, 0, 1}));
  EXPECT_EQ(all[2].payload, (std::vector<uint8_t>{0xff}));
  // A stranger's datagram is refused, counted.
  send_to(stranger, base, {7});
  in = (*bridge)->wait(std::chrono::steady_clock::now() + std::chrono::milliseconds(200));
  EXPECT_TRUE(in.empty());
  const auto& c = (*bridge)->counters();
  EXPECT_EQ(c.foreign_dropped, 1u);
  EXPECT_EQ(c.ike_from_host, 2u);
  EXPECT_EQ(c.esp_from_host, 1u);
  EXPECT_EQ(c.keepalives_from_host, 1u);

  // Out of the port: UDP 500 leaves the bridge's 500 socket for the peer's
  // IKE port; 4500 leaves its NAT-T socket for the peer's NAT-T port, the
  // payload unchanged.
  EXPECT_TRUE((*bridge)->send(packet_of({ip("192.0.2.1"), ip("198.51.100.2"), 500, 500, {5, 6}})));
  auto [bytes, from] = receive(peer_ike);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{5, 6}));
  EXPECT_EQ(from, base);
  EXPECT_TRUE((*bridge)->send(packet_of({ip("192.0.2.1"), ip("198.51.100.2"), 4500, 4500, {0, 0, 0, 0, 7}})));
  std::tie(bytes, from) = receive(peer_nat_t);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0, 0, 0, 0, 7}));
  EXPECT_EQ(from, base + 1);
  EXPECT_TRUE((*bridge)->send(packet_of({ip("192.0.2.1"), ip("198.51.100.2"), 4500, 4500, {0xab, 0, 0, 1, 0, 0, 0, 1}})));
  std::tie(bytes, from) = receive(peer_nat_t);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0xab, 0, 0, 1, 0, 0, 0, 1}));
  // Not for the peer: another destination, another port, not from the gateway.
  EXPECT_FALSE((*bridge)->send(packet_of({ip("192.0.2.1"), ip("198.51.100.9"), 4500, 4500, {1, 1, 1, 1}})));
  EXPECT_FALSE((*bridge)->send(packet_of({ip("192.0.2.1"), ip("198.51.100.2"), 4500, 1234, {1, 1, 1, 1}})));
  EXPECT_FALSE((*bridge)->send(packet_of({ip("10.2.0.2"), ip("198.51.100.2"), 4500, 4500, {1, 1, 1, 1}})));
  EXPECT_EQ(c.ike_to_host, 2u);
  EXPECT_EQ(c.esp_to_host, 1u);
  EXPECT_EQ(c.not_for_peer_dropped, 3u);
  EXPECT_EQ(c.send_errors, 0u);
  for (int fd : {peer_ike, peer_nat_t, stranger}) ::close(fd);
}

// The packet a datagram becomes inside the simulation: IPv4 with a valid
// header checksum, UDP with a valid checksum, the payload unchanged.
TEST(HostBridge, WritesTheDatagramAsAValidUdpPacket) {
  const std::vector<uint8_t> bytes = packet_of({ip("198.51.100.2"), ip("192.0.2.1"), 4500, 4500, {0, 0, 0, 0, 1, 2, 3}});
  ASSERT_EQ(bytes.size(), 20u + 8 + 7);
  auto v4 = parse_ipv4(std::span<const uint8_t>(bytes), /*verify_checksum=*/true);
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->protocol(), 17);
  EXPECT_TRUE(udp_checksum_ok_v4(bytes.data() + 12, bytes.data() + 16, std::span<const uint8_t>(bytes).subspan(20)));
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 28, bytes.end()), (std::vector<uint8_t>{0, 0, 0, 0, 1, 2, 3}));
}

TEST(HostBridge, APortTakenIsAnErrorNamingTheLine) {
  const uint16_t base = base_port();
  const int taken = udp_socket(base + 1);
  auto b = spec(base);
  b.where = {"s.yaml", 12};
  auto bridge = HostBridge::open(b, ip("192.0.2.1"));
  ASSERT_FALSE(bridge);
  EXPECT_NE(bridge.error().find("s.yaml:12: bridge: cannot bind UDP 127.0.0.1:" + std::to_string(base + 1)),
            std::string::npos)
      << bridge.error();
  ::close(taken);
}

// An IKEv2 peer outside the simulation: a daemon on its own thread, paced
// by the wall clock, behind two loopback sockets. It knows only host
// addresses (127.0.0.1 both ends), as strongSwan does, so the simulated PE
// sees a NAT. Once its Child SA is up it sends `esp_to_send` datagrams from
// 10.1.0.1 to 10.2.0.2 (behind PE1) as ESP in UDP, and opens the ESP in UDP
// PE1 sends it, as strongSwan's userspace ESP does.
class OutsidePeer {
 public:
  OutsidePeer(uint16_t base) : base_(base), ike_fd_(udp_socket(base + 2)), nat_t_fd_(udp_socket(base + 3)) {
    control::VpnSettings v;
    v.name = "to_pe1";
    v.st0_unit = "st0.1";
    v.local = ip("127.0.0.1");
    v.peer = ip("127.0.0.1");
    v.psk = "trio6sim-interop-psk";
    v.ike_suite = {crypto::ikev2::EncrId::kAesGcm16, 256, crypto::ikev2::PrfId::kHmacSha256,
                   crypto::ikev2::IntegId::kNone, 19};
    v.traffic_selector_mode = true;
    v.selectors = {{"ts1", *junos::IpPrefix::parse("10.1.0.1/32"), *junos::IpPrefix::parse("10.2.0.0/24")}};
    control::IkeTimers timers;
    timers.second_initiator_wait_ps = 0;  // it initiates at once (PE1 is responder-only)
    control::IkeDaemon::Hooks hooks;
    hooks.program = [this](const control::SaProgramming& p) {
      if (p.kind == control::SaProgramming::Kind::kInstallInbound) inbound_.emplace(p.sa);
      if (p.kind == control::SaProgramming::Kind::kInstallOutbound) outbound_.emplace(p.sa);
    };
    hooks.send = [this](control::IkeDatagram d) {
      const bool nat_t = d.source_port == 4500;
      std::vector<uint8_t> bytes(nat_t ? 4 : 0, 0);
      bytes.insert(bytes.end(), d.payload.begin(), d.payload.end());
      send_to(nat_t ? nat_t_fd_ : ike_fd_, d.destination_port == 4500 ? base_ + 1 : base_, bytes);
    };
    daemon_ = std::make_unique<control::IkeDaemon>("outside", std::vector<control::VpnSettings>{v}, timers, 99, hooks);
  }
  ~OutsidePeer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(ike_fd_);
    ::close(nat_t_fd_);
  }
  // Starts after `delay` (once the simulation's sockets are bound).
  void start(std::chrono::milliseconds delay) {
    thread_ = std::thread([this, delay] {
      std::this_thread::sleep_for(delay);
      const auto origin = std::chrono::steady_clock::now();
      auto now_ps = [&] {
        return static_cast<uint64_t>(
                   std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - origin).count()) *
               1000;
      };
      daemon_->start(now_ps());
      while (!stop_) {
        pollfd fds[2] = {{ike_fd_, POLLIN, 0}, {nat_t_fd_, POLLIN, 0}};
        ::poll(fds, 2, 5);
        for (int i = 0; i < 2; ++i) {
          if (!(fds[i].revents & POLLIN)) continue;
          std::vector<uint8_t> buf(65535);
          const ssize_t n = ::recv(fds[i].fd, buf.data(), buf.size(), 0);
          if (n <= (i ? 4 : 0)) continue;
          buf.resize(static_cast<std::size_t>(n));
          if (i && load_be32(buf.data()) != 0) {  // ESP in UDP: open it as the peer's kernel would
            open_esp(buf);
            continue;
          }
          control::IkeDatagram d{ip("127.0.0.1"), ip("127.0.0.1"), static_cast<uint16_t>(i ? 4500 : 500),
                                 static_cast<uint16_t>(i ? 4500 : 500), {}};
          d.payload.assign(buf.begin() + (i ? 4 : 0), buf.end());
          daemon_->receive(d, now_ps());
        }
        daemon_->advance(now_ps());
        // ESP in UDP to the simulated PE, one every 50 ms, from 300 ms after its SA.
        if (outbound_ && esp_sent_ < esp_to_send) {
          if (!sa_at_) sa_at_ = now_ps();
          if (now_ps() >= *sa_at_ + 300'000'000'000 + esp_sent_ * 50'000'000'000ull) send_esp();
        }
      }
    });
  }
  const control::IkeDaemon& daemon() const { return *daemon_; }  // after the thread stopped
  static constexpr uint64_t esp_to_send = 5;
  uint64_t esp_sent() const { return esp_sent_; }
  uint64_t esp_opened() const { return esp_opened_; }

 private:
  // The ESP of ESP in UDP, behind the headers of the peer's own view
  // (127.0.0.1 both ends, 4500), opened with its inbound SA.
  void open_esp(const std::vector<uint8_t>& esp) {
    if (!inbound_) return;
    Packet p;
    if (!HostBridge::write_packet({ip("127.0.0.1"), ip("127.0.0.1"), 4500, 4500, esp}, p)) return;
    crypto::InboundSa sa(*inbound_);
    if (sa.open(p)) ++esp_opened_;
  }
  void send_esp() {
    if (!out_sa_) out_sa_.emplace(*outbound_);
    Packet p;
    FrameSpec f;
    f.ethernet = false;
    f.src_ip = ip("10.1.0.1");
    f.dst_ip = ip("10.2.0.2");
    f.frame_bytes = 100;
    ASSERT_TRUE(build_udp_frame(p, f));
    ASSERT_TRUE(out_sa_->seal(p));
    // What leaves the peer's NAT-T socket: the ESP behind its IP and UDP headers.
    send_to(nat_t_fd_, base_ + 1, std::vector<uint8_t>(p.bytes().begin() + 28, p.bytes().end()));
    ++esp_sent_;
  }

  uint16_t base_;
  int ike_fd_, nat_t_fd_;
  std::unique_ptr<control::IkeDaemon> daemon_;
  std::optional<crypto::SaConfig> inbound_, outbound_;
  std::optional<crypto::OutboundSa> out_sa_;
  std::optional<uint64_t> sa_at_;
  std::atomic<uint64_t> esp_sent_{0}, esp_opened_{0};
  std::thread thread_;
  std::atomic<bool> stop_{false};
};

// ... and ESP in UDP crosses the bridge both ways through PE1's chip: what
// the peer seals PE1 decrypts and sends to its CE (et-0/0/4); what the CE
// sends through st0.1 PE1 encrypts in UDP 4500 and the peer opens.
TEST(HostBridge, AnOutsidePeerEstablishesAnIkeSaWithAPacedRun) {
  const uint16_t base = base_port();
  const std::string text = "scenario: bridged\n"
                           "duration: 2s\n"
                           "ike: wire\n"
                           "ike_negotiation: 1ms\n"
                           "devices:\n"
                           "  PE1: {platform: mx304, lmics: [0, 1, 2], config: " TRIO6SIM_SOURCE_DIR
                           "/scenarios/configs/strongswan-peer/PE1.conf}\n"
                           "generators:\n"
                           "  CE1:\n"
                           "    attach: PE1:et-0/0/4\n"
                           "    streams:\n"
                           "      ce: {family: ipv4, source: 10.2.0.2, destination: 10.1.0.1, frame_size: 128, rate: 10pps, "
                           "start: 1s, stop: 1500ms}\n"
                           "bridge:\n"
                           "  device: PE1\n"
                           "  peer: 198.51.100.2\n" +
                           fmt::format("  host: {{address: 127.0.0.1, ike_port: {}, nat_t_port: {}}}\n", base, base + 1) +
                           fmt::format("  peer_host: {{address: 127.0.0.1, ike_port: {}, nat_t_port: {}}}\n", base + 2,
                                       base + 3) +
                           "show:\n"
                           "  - {device: PE1, command: show security ike security-associations detail, at: 1500ms}\n"
                           "  - {device: PE1, command: show security ipsec security-associations, at: 1500ms}\n";
  auto spec = scenario::parse_scenario(text, "bridged.yaml", TRIO6SIM_SOURCE_DIR "/scenarios");
  ASSERT_TRUE(spec) << spec.error();
  run::RunOptions options;
  options.quiet = true;
  run::RunResult result;
  {
    OutsidePeer peer(base);
    peer.start(std::chrono::milliseconds(200));
    auto r = run::run_scenario(*spec, options);
    ASSERT_TRUE(r) << r.error();
    result = std::move(*r);
    // The outside peer saw the same IKE SA come up, on UDP 4500.
    const auto& st = peer.daemon().status(0);
    EXPECT_TRUE(st.up) << st.down_reason;
    ASSERT_TRUE(st.ike);
    EXPECT_TRUE(st.ike->nat_detected);
    EXPECT_EQ(st.ike->local_port, 4500);
    EXPECT_EQ(peer.esp_sent(), OutsidePeer::esp_to_send);
    EXPECT_EQ(peer.esp_opened(), 5u);  // the CE's stream: 10 pps for 0.5 s
  }
  const auto& pe1 = result.report.devices.at("PE1");
  EXPECT_EQ(pe1.ipsec.decrypted_packets, OutsidePeer::esp_to_send);
  EXPECT_EQ(pe1.ipsec.encrypted_packets, 5u);
  EXPECT_EQ(pe1.interfaces.at("et-0/0/4.0").output_packets, OutsidePeer::esp_to_send);
  EXPECT_EQ(result.report.generators_received_other.at("CE1"), OutsidePeer::esp_to_send);  // the CE took them
  EXPECT_TRUE(pe1.drops.empty());
  EXPECT_EQ(pe1.interfaces.at("st0.1").input_packets, OutsidePeer::esp_to_send);
  ASSERT_EQ(result.shows.size(), 2u);
  const std::string& ike = result.shows[0].text;
  EXPECT_NE(ike.find("IKE peer 198.51.100.2"), std::string::npos) << ike;
  EXPECT_NE(ike.find("Role: Responder, State: UP"), std::string::npos) << ike;
  EXPECT_NE(ike.find("Local: 192.0.2.1:4500, Remote: 198.51.100.2:4500"), std::string::npos) << ike;
  EXPECT_NE(result.shows[1].text.find("Total active tunnels: 1"), std::string::npos) << result.shows[1].text;
  EXPECT_NE(result.shows[1].text.find("root 4500 198.51.100.2"), std::string::npos) << result.shows[1].text;
  // Paced: 2 s simulated took about 2 s of wall time; the lag is reported.
  ASSERT_TRUE(result.report.bridge);
  const auto& b = *result.report.bridge;
  EXPECT_GE(result.report.wall_seconds, 1.9);
  EXPECT_GE(b.ike_from_host, 2u);  // IKE_SA_INIT and IKE_AUTH requests
  EXPECT_GE(b.ike_to_host, 2u);
  EXPECT_EQ(b.foreign_dropped + b.not_for_peer_dropped + b.send_errors, 0u);
  EXPECT_EQ(b.esp_from_host, OutsidePeer::esp_to_send);
  EXPECT_EQ(b.esp_to_host, 5u);
  EXPECT_EQ(result.report.conservation.unaccounted(), 0);
  EXPECT_GT(b.lag_samples, 0u);
  EXPECT_LT(b.lag_max_ms, 500.0);  // far inside IKE's retransmission timeout (4 s)
  EXPECT_LE(b.lag_mean_ms, b.lag_max_ms);
}

}  // namespace
}  // namespace trio6sim::bridge
