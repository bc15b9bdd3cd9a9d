// Two IKEv2 daemons, PE1 (13.10.1.1) and PE2 (13.10.2.2) as in the blog,
// joined by a wire with a delay and an optional loss filter, run on their own
// clock (no SystemC): the harness of the daemon's tests and of the lifecycle
// capture that the independent key check reads.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "control/ike_daemon.h"

namespace trio6sim::control::ike_pair {

inline constexpr uint64_t kMs = 1'000'000'000;
inline constexpr uint64_t kS = 1000 * kMs;

inline VpnSettings vpn(const char* local, const char* peer) {
  VpnSettings v;
  v.name = "ipsec_vpn";
  v.st0_unit = "st0.1";
  v.local = *IpAddress::parse(local);
  v.peer = *IpAddress::parse(peer);
  v.psk = "juniper123";
  v.ike_suite = {crypto::ikev2::EncrId::kAesGcm16, 256, crypto::ikev2::PrfId::kHmacSha256,
                 crypto::ikev2::IntegId::kNone, 19};
  v.esn = true;
  v.replay_window = 4096;
  SelectorSettings any;
  any.local = *junos::IpPrefix::parse("0.0.0.0/0");
  any.remote = *junos::IpPrefix::parse("0.0.0.0/0");
  v.selectors = {any};
  return v;
}

struct Programmed {
  uint64_t at;
  int side;
  SaProgramming p;
};

// PE1 (13.10.1.1) and PE2 (13.10.2.2), as in the blog.
class Pair {
 public:
  explicit Pair(VpnSettings a = vpn("13.10.1.1", "13.10.2.2"), VpnSettings b = vpn("13.10.2.2", "13.10.1.1"),
                IkeTimers timers = {}, uint64_t seed = 7) {
    for (int side = 0; side < 2; ++side) {
      IkeDaemon::Hooks h;
      h.send = [this, side](IkeDatagram dg) {
        sent[side].push_back(dg.payload);
        log.push_back({now, side, dg});
        if (lose && lose(side, dg)) return;
        if (translate) translate(side, dg);
        wire.insert({now + latency, {1 - side, std::move(dg)}});
      };
      h.program = [this, side](const SaProgramming& p) { programming.push_back({now, side, p}); };
      h.traffic = [this, side](std::size_t) { return traffic[side]; };
      daemons[side] = std::make_unique<IkeDaemon>(side ? "PE2" : "PE1", std::vector<VpnSettings>{side ? b : a}, timers,
                                                  seed + side, h);
    }
  }
  void start() {
    for (auto& d : daemons) d->start(now);
  }
  // Runs the wire and the timers until `until`.
  void run_until(uint64_t until) {
    for (;;) {
      uint64_t next = until;
      if (!wire.empty()) next = std::min(next, wire.begin()->first);
      for (auto& d : daemons)
        if (auto t = d->next_deadline()) next = std::min(next, std::max(*t, now));
      if (next >= until && (wire.empty() || wire.begin()->first > until)) {
        now = until;
        for (auto& d : daemons) d->advance(now);
        return;
      }
      now = next;
      if (!wire.empty() && wire.begin()->first == now) {
        auto [side, dg] = std::move(wire.begin()->second);
        wire.erase(wire.begin());
        daemons[side]->receive(dg, now);
      } else {
        for (auto& d : daemons) d->advance(now);
      }
    }
  }
  const VpnStatus& status(int side) const { return daemons[side]->status(0); }

  std::unique_ptr<IkeDaemon> daemons[2];
  std::multimap<uint64_t, std::pair<int, IkeDatagram>> wire;
  std::vector<Programmed> programming;
  std::vector<std::vector<uint8_t>> sent[2];
  struct Sent {
    uint64_t at;
    int side;
    IkeDatagram datagram;
  };
  std::vector<Sent> log;  // every datagram as it left, lost ones too
  std::function<bool(int side, const IkeDatagram&)> lose;
  // Rewrites what side `side` sent on its way (a NAT between the two).
  std::function<void(int side, IkeDatagram&)> translate;
  std::pair<uint64_t, uint64_t> traffic[2]{};
  uint64_t now = 0;
  uint64_t latency = 50'000'000;  // 50 us each way
};

}  // namespace trio6sim::control::ike_pair
