// One IPsec tunnel on a test chip, as the forwarding, UDP-encapsulation and
// tunnel-MTU suites need it: st0.1 anchored on si-0/0/0 (PFE 0) with an SA
// pair between 192.0.2.1 (this chip, behind et-0/0/13) and 198.51.100.1;
// 10.10/16 routes into the tunnel, 172.16/12 leaves et-0/0/13 in clear, ESP
// to 192.0.2.1 goes to si-0/0/0.1. Frames come in on et-0/0/12.
#pragma once

#include <functional>
#include <utility>
#include <vector>

#include "crypto/security_association.h"
#include "harness.h"

namespace trio6sim::models::test {

struct OneTunnel {
  crypto::SaConfig out, in;  // this chip's outbound (sealing) and inbound (opening) SAs
  IfIndex st0 = 0, wan_in = 0, wan_out = 0, si_outside = 0;
};

// `tune` adjusts the two SAs (SPIs 0x101 / 0x202, keys of 0x11 / 0x22
// bytes by default) before they are installed.
inline OneTunnel build_one_tunnel(Harness& h, const std::function<void(OneTunnel&)>& tune = {}) {
  OneTunnel t;
  t.wan_in = h.chip->add_physical_interface("et-0/0/12", 12);
  t.wan_out = h.chip->add_physical_interface("et-0/0/13", 13);
  const IfIndex inside = h.chip->add_si_unit(0, 0, 0);
  t.si_outside = h.chip->add_si_unit(0, 0, 1);
  const uint32_t ss = h.chip->add_service_set("ss0", inside, t.si_outside);
  t.st0 = h.chip->add_st0_unit(1);
  t.out.spi = 0x101;
  t.out.key = std::vector<uint8_t>(32, 0x11);
  t.out.source = ip("192.0.2.1");
  t.out.destination = ip("198.51.100.1");
  t.in = t.out;
  t.in.spi = 0x202;
  t.in.key = std::vector<uint8_t>(32, 0x22);
  std::swap(t.in.source, t.in.destination);
  if (tune) tune(t);
  const uint32_t o = h.chip->add_sa(t.out, SaDirection::kOutbound, 0);
  const uint32_t i = h.chip->add_sa(t.in, SaDirection::kInbound, 0);
  h.chip->bind_tunnel(t.st0, ss, o, i);
  h.chip->add_route(ip("10.10.0.0"), 16, NextHop::st0(t.st0));
  h.chip->add_route(ip("198.51.100.1"), 32, NextHop::interface(t.wan_out));
  h.chip->add_route(ip("192.0.2.1"), 32, NextHop::si_outside(t.si_outside));
  h.chip->add_route(ip("172.16.0.0"), 12, NextHop::interface(t.wan_out));
  return t;
}

}  // namespace trio6sim::models::test
