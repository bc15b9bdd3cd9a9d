#include "bridge/host_bridge.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fmt/core.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "packet/bytes.h"
#include "packet/frame_builder.h"
#include "packet/ip_protocol.h"
#include "packet/ipv4.h"
#include "packet/ipv6.h"
#include "packet/udp.h"

namespace trio6sim::bridge {

namespace {

constexpr uint16_t kIkePort = 500, kNatTPort = 4500;
constexpr std::size_t kMarkerBytes = 4;      // the non-ESP marker (RFC 3948 2.2)
constexpr uint8_t kNatKeepalive = 0xff;      // RFC 3948 2.3
constexpr std::size_t kMaxDatagram = 65535;  // the largest UDP payload
constexpr uint8_t kTtl = 64;                 // the peer host's default TTL (Linux)

socklen_t to_sockaddr(const IpAddress& a, uint16_t port, sockaddr_storage& ss) {
  std::memset(&ss, 0, sizeof ss);
  if (a.is_v4()) {
    auto* s = reinterpret_cast<sockaddr_in*>(&ss);
    s->sin_family = AF_INET;
    s->sin_port = htons(port);
    std::memcpy(&s->sin_addr, a.data(), 4);
    return sizeof(sockaddr_in);
  }
  auto* s = reinterpret_cast<sockaddr_in6*>(&ss);
  s->sin6_family = AF_INET6;
  s->sin6_port = htons(port);
  std::memcpy(&s->sin6_addr, a.data(), 16);
  return sizeof(sockaddr_in6);
}

std::pair<IpAddress, uint16_t> from_sockaddr(const sockaddr_storage& ss) {
  if (ss.ss_family == AF_INET) {
    const auto* s = reinterpret_cast<const sockaddr_in*>(&ss);
    return {IpAddress::v4(reinterpret_cast<const uint8_t*>(&s->sin_addr)), ntohs(s->sin_port)};
  }
  const auto* s = reinterpret_cast<const sockaddr_in6*>(&ss);
  return {IpAddress::v6(reinterpret_cast<const uint8_t*>(&s->sin6_addr)), ntohs(s->sin6_port)};
}

Expected<int, std::string> bind_udp(const IpAddress& a, uint16_t port) {
  const int fd = ::socket(a.is_v4() ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return unexpected(fmt::format("socket: {}", std::strerror(errno)));
  sockaddr_storage ss;
  const socklen_t len = to_sockaddr(a, port, ss);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) {
    const int e = errno;
    ::close(fd);
    return unexpected(fmt::format("cannot bind UDP {}:{}: {}", a.to_string(), port, std::strerror(e)));
  }
  return fd;
}

}  // namespace

Carries carries(uint16_t port, std::span<const uint8_t> payload) {
  if (port != kNatTPort) return Carries::kIke;
  if (payload.size() == 1 && payload[0] == kNatKeepalive) return Carries::kNatKeepalive;
  if (payload.size() >= kMarkerBytes && load_be32(payload.data()) == 0) return Carries::kIke;
  return Carries::kEsp;
}

Expected<std::unique_ptr<HostBridge>, std::string> HostBridge::open(const scenario::BridgeSpec& spec,
                                                                      const IpAddress& local) {
  std::unique_ptr<HostBridge> b(new HostBridge(spec, local));
  auto ike = bind_udp(spec.host.address, spec.host.ike_port);
  if (!ike) return unexpected(fmt::format("{}: bridge: {}", spec.where.str(), ike.error()));
  b->ike_fd_ = *ike;
  auto nat_t = bind_udp(spec.host.address, spec.host.nat_t_port);
  if (!nat_t) return unexpected(fmt::format("{}: bridge: {}", spec.where.str(), nat_t.error()));
  b->nat_t_fd_ = *nat_t;
  return b;
}

HostBridge::~HostBridge() {
  for (int fd : {ike_fd_, nat_t_fd_})
    if (fd >= 0) ::close(fd);
}

void HostBridge::drain(int fd, bool nat_t, std::vector<UdpDatagram>& out) {
  std::vector<uint8_t> buf(kMaxDatagram);
  for (;;) {
    sockaddr_storage from;
    socklen_t from_len = sizeof from;
    const ssize_t n = ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n < 0) return;  // EAGAIN: nothing more queued (or an ICMP error for a past send)
    const auto [address, port] = from_sockaddr(from);
    const auto& peer = spec_.peer_host;
    if (address != peer.address || (port != peer.ike_port && port != peer.nat_t_port)) {
      ++counters_.foreign_dropped;
      continue;
    }
    UdpDatagram d;
    d.source = spec_.peer;
    d.destination = local_;
    d.source_port = port == peer.ike_port ? kIkePort : kNatTPort;
    d.destination_port = nat_t ? kNatTPort : kIkePort;
    d.payload.assign(buf.begin(), buf.begin() + n);
    switch (carries(d.destination_port, d.payload)) {
      case Carries::kIke: ++counters_.ike_from_host; break;
      case Carries::kEsp: ++counters_.esp_from_host; break;
      case Carries::kNatKeepalive: ++counters_.keepalives_from_host; break;
    }
    out.push_back(std::move(d));
  }
}

std::vector<UdpDatagram> HostBridge::wait(std::chrono::steady_clock::time_point deadline) {
  std::vector<UdpDatagram> out;
  pollfd fds[2] = {{ike_fd_, POLLIN, 0}, {nat_t_fd_, POLLIN, 0}};
  for (;;) {
    const int64_t left_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline - std::chrono::steady_clock::now()).count();
    const int64_t wait_ns = std::clamp<int64_t>(left_ns, 0, 1'000'000'000);
    const timespec timeout{static_cast<time_t>(wait_ns / 1'000'000'000), static_cast<long>(wait_ns % 1'000'000'000)};
    const int ready = ::ppoll(fds, 2, &timeout, nullptr);
    if (ready < 0 && errno != EINTR) return out;
    if (ready > 0) {
      drain(ike_fd_, false, out);
      drain(nat_t_fd_, true, out);
      if (!out.empty()) return out;
    }
    if (std::chrono::steady_clock::now() >= deadline) return out;
  }
}

bool HostBridge::send(std::span<const uint8_t> l3) {
  // UDP from the gateway address to the peer, to 500 or 4500, unfragmented.
  std::size_t udp_at = 0, end = 0;
  IpAddress source, destination;
  uint8_t l4 = 0;
  if (!l3.empty() && l3[0] >> 4 == 4) {
    auto v4 = parse_ipv4(l3, /*verify_checksum=*/false);
    if (v4 && !v4->is_fragment()) {
      l4 = v4->protocol();
      udp_at = v4->header_length();
      end = std::min<std::size_t>(v4->total_length(), l3.size());
      source = IpAddress::v4(l3.data() + 12);
      destination = IpAddress::v4(l3.data() + 16);
    }
  } else if (!l3.empty() && l3[0] >> 4 == 6) {
    auto v6 = parse_ipv6(l3);
    if (v6) {
      l4 = v6->next_header();
      udp_at = kIpv6HeaderBytes;
      end = std::min<std::size_t>(kIpv6HeaderBytes + v6->payload_length(), l3.size());
      source = IpAddress::v6(l3.data() + 8);
      destination = IpAddress::v6(l3.data() + 24);
    }
  }
  const uint8_t* u = l3.data() + udp_at;
  if (l4 != ipproto::kUdp || end < udp_at + kUdpHeaderBytes || destination != spec_.peer || source != local_ ||
      (load_be16(u + 2) != kIkePort && load_be16(u + 2) != kNatTPort) ||
      (load_be16(u) != kIkePort && load_be16(u) != kNatTPort)) {
    ++counters_.not_for_peer_dropped;
    return false;
  }
  const uint16_t source_port = load_be16(u), destination_port = load_be16(u + 2);
  const std::span<const uint8_t> payload = l3.subspan(udp_at + kUdpHeaderBytes, end - udp_at - kUdpHeaderBytes);
  // The peer's host port for the simulation's 500 and 4500, from the
  // bridge's socket for the source port.
  const auto& peer = spec_.peer_host;
  sockaddr_storage to;
  const socklen_t len = to_sockaddr(peer.address, destination_port == kIkePort ? peer.ike_port : peer.nat_t_port, to);
  if (::sendto(source_port == kNatTPort ? nat_t_fd_ : ike_fd_, payload.data(), payload.size(), 0,
               reinterpret_cast<sockaddr*>(&to), len) < 0) {
    ++counters_.send_errors;
    return false;
  }
  switch (carries(destination_port, payload)) {
    case Carries::kIke: ++counters_.ike_to_host; break;
    case Carries::kEsp: ++counters_.esp_to_host; break;
    case Carries::kNatKeepalive: ++counters_.keepalives_to_host; break;
  }
  return true;
}

bool HostBridge::write_packet(const UdpDatagram& d, Packet& out) {
  FrameSpec f;
  f.ethernet = false;
  f.src_ip = d.source;
  f.dst_ip = d.destination;
  f.ttl = kTtl;
  f.df = true;
  f.src_port = d.source_port;
  f.dst_port = d.destination_port;
  f.pattern = PayloadPattern::kFixed;
  f.udp_checksum = false;  // computed below, over the real payload
  const std::size_t ip = d.source.is_v4() ? kIpv4HeaderBytes : kIpv6HeaderBytes;
  f.frame_bytes = ip + kUdpHeaderBytes + d.payload.size();
  if (!build_udp_frame(out, f)) return false;
  uint8_t* u = out.data() + ip;
  std::copy(d.payload.begin(), d.payload.end(), u + kUdpHeaderBytes);
  const std::span<const uint8_t> datagram(u, kUdpHeaderBytes + d.payload.size());
  store_be16(u + 6, d.source.is_v4() ? udp_checksum_v4(d.source.data(), d.destination.data(), datagram)
                                     : udp_checksum_v6(d.source.data(), d.destination.data(), datagram));
  return true;
}

}  // namespace trio6sim::bridge
