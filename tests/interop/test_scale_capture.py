#!/usr/bin/env python3
"""Interop: the 2,000-tunnel scale test's core link, decrypted by Wireshark (tshark).

`trio6sim run scenarios/blog-scale-2000.yaml --pcap DIR` writes ce1's and ce2's
captures and DIR/esp_sa with the 4,000 SAs IKE (modeled) drew from the seed.
With that table tshark must decrypt every ESP packet on the ce1 - ce2 link, and
each packet's inner addresses must lie inside the traffic selectors of the
tunnel its SPI belongs to (generate.py's numbering: tunnel k's gateway pair
172/173.(1 + k div 250).(k mod 250).1; PFE 0's IPv4 tunnels carry the j-th /24
from 50.1.0.0 <-> 60.1.0.0, PFE 1's IPv6 tunnels 3000:50:1:J::/64 <->
3000:60:1:J::/64), and every tunnel must appear in both directions.

Run with TRIO6SIM=/path/to/trio6sim /usr/bin/python3 tests/interop/test_scale_capture.py.
"""
import ipaddress
import os
import unittest

from capture_common import ScenarioCaptureTest

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "..", "scenarios", "blog-scale-2000.yaml")
FIELDS = ["ip.src", "ip.dst", "esp.spi", "ipv6.src", "ipv6.dst"]


def tunnel_of(gateway):
    """k of a gateway address 17x.(1 + k div 250).(k mod 250).1."""
    octets = [int(o) for o in gateway.split(".")]
    return (octets[1] - 1) * 250 + octets[2]


def selectors(k):
    """(ce1 side, ce2 side) networks of tunnel k."""
    j = k % 1000
    if k < 1000:
        return (ipaddress.ip_network(f"50.{1 + j // 256}.{j % 256}.0/24"),
                ipaddress.ip_network(f"60.{1 + j // 256}.{j % 256}.0/24"))
    return ipaddress.ip_network(f"3000:50:1:{j:x}::/64"), ipaddress.ip_network(f"3000:60:1:{j:x}::/64")


class ScaleCoreLinkCapture(ScenarioCaptureTest):
    SCENARIO = SCENARIO
    PREFIX = "trio6sim-scale-"
    TIMEOUT = 600

    def check(self, capture, sender, device):
        """Every frame ESP from `sender`'s gateways, decrypted, inside its tunnel's selectors."""
        seen = set()
        n = 0
        for row in self.captures.fields(capture, FIELDS):
            n += 1
            self.assertTrue(row["esp.spi"], row)
            outer_src, outer_dst = row["ip.src"][0], row["ip.dst"][0]
            k = tunnel_of(outer_src)
            self.assertEqual(k, tunnel_of(outer_dst), row)
            self.assertTrue(outer_src.startswith("172." if sender == "ce1" else "173."), row)
            near, far = selectors(k)
            if sender == "ce2":
                near, far = far, near
            if k < 1000:
                self.assertEqual(len(row["ip.src"]), 2, f"not decrypted: {row}")
                src, dst = ipaddress.ip_address(row["ip.src"][1]), ipaddress.ip_address(row["ip.dst"][1])
            else:
                self.assertTrue(row["ipv6.src"], f"not decrypted: {row}")
                src, dst = ipaddress.ip_address(row["ipv6.src"][0]), ipaddress.ip_address(row["ipv6.dst"][0])
            self.assertIn(src, near, row)
            self.assertIn(dst, far, row)
            seen.add(k)
        self.assertEqual(n, self.report["devices"][device]["ipsec"]["encrypted_packets"])
        self.assertEqual(seen, set(range(2000)))

    def test_ce1_sends_every_tunnel_inside_its_selectors(self):
        self.check("ce1-et-2_1_0.pcap", "ce1", "ce1")

    def test_ce2_sends_every_tunnel_inside_its_selectors(self):
        self.check("ce2-et-2_1_0.pcap", "ce2", "ce2")


if __name__ == "__main__":
    unittest.main(verbosity=2)
