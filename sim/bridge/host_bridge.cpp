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

namespace trio6sim::bridge {

namespace {

constexpr std::size_t kMarkerBytes = 4;      // the non-ESP marker (RFC 3948 2.2)
constexpr std::size_t kMaxDatagram = 65535;  // the largest UDP payload

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

void HostBridge::drain(int fd, bool nat_t, std::vector<control::IkeDatagram>& out) {
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
    std::size_t start = 0;
    if (nat_t) {
      if (static_cast<std::size_t>(n) < kMarkerBytes || std::any_of(buf.begin(), buf.begin() + kMarkerBytes, [](uint8_t b) { return b != 0; })) {
        ++counters_.esp_in_udp_dropped;
        continue;
      }
      start = kMarkerBytes;
    }
    control::IkeDatagram d;
    d.source = spec_.peer;
    d.destination = local_;
    d.source_port = port == peer.ike_port ? crypto::ikev2::kIkeUdpPort : crypto::ikev2::kIkeNatTPort;
    d.destination_port = nat_t ? crypto::ikev2::kIkeNatTPort : crypto::ikev2::kIkeUdpPort;
    d.payload.assign(buf.begin() + static_cast<std::ptrdiff_t>(start), buf.begin() + n);
    ++counters_.from_host;
    out.push_back(std::move(d));
  }
}

std::vector<control::IkeDatagram> HostBridge::wait(std::chrono::steady_clock::time_point deadline) {
  std::vector<control::IkeDatagram> out;
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

void HostBridge::send(const control::IkeDatagram& d) {
  const bool nat_t = d.source_port == crypto::ikev2::kIkeNatTPort;
  std::vector<uint8_t> bytes;
  bytes.reserve((nat_t ? kMarkerBytes : 0) + d.payload.size());
  if (nat_t) bytes.assign(kMarkerBytes, 0);
  bytes.insert(bytes.end(), d.payload.begin(), d.payload.end());
  // The peer's host port for the simulation's 500 and 4500; any other port
  // as it is (a peer that chose its own).
  const auto& peer = spec_.peer_host;
  const uint16_t port = d.destination_port == crypto::ikev2::kIkeUdpPort     ? peer.ike_port
                        : d.destination_port == crypto::ikev2::kIkeNatTPort ? peer.nat_t_port
                                                                            : d.destination_port;
  sockaddr_storage to;
  const socklen_t len = to_sockaddr(peer.address, port, to);
  if (::sendto(nat_t ? nat_t_fd_ : ike_fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to), len) < 0)
    ++counters_.send_errors;
  else
    ++counters_.to_host;
}

}  // namespace trio6sim::bridge
