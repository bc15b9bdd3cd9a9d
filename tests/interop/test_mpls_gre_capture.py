#!/usr/bin/env python3
"""Interop: MPLS over GRE over IPsec on the core link, decrypted by Wireshark (tshark).

`trio6sim run scenarios/mpls-gre-ipsec.yaml --pcap DIR` writes one capture per
port and DIR/esp_sa. With that table, tshark must dissect every frame PE1 sends
on its core links (ae0 members et-0/2/3, et-0/2/4) as ESP from 13.10.1.1 to
13.10.2.2 carrying IPv4 12.1.1.1 -> 12.1.1.2 / GRE (protocol 0x8847) / MPLS
(PE2's VPN label, bottom of stack) / IPv4 50.1.x.1 -> 60.1.x.1; P1's links
toward PE1 the same the other way; and the CE ports the inner packets in clear.

Run with TRIO6SIM=/path/to/trio6sim /usr/bin/python3 tests/interop/test_mpls_gre_capture.py.
"""
import os
import unittest

from capture_common import ScenarioCaptureTest

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "..", "scenarios", "mpls-gre-ipsec.yaml")
FIELDS = ["frame.protocols", "ip.src", "ip.dst", "esp.spi", "gre.proto", "mpls.label", "mpls.bottom"]


class MplsOverGreCapture(ScenarioCaptureTest):
    SCENARIO = SCENARIO
    PREFIX = "trio6sim-mplsgre-"

    def frames(self, *captures):
        return [row for name in captures for row in self.captures.fields(name, FIELDS, 120)]

    def check(self, captures, gateways, loopbacks, inner, stream):
        rows = self.frames(*captures)
        labels = set()
        for row in rows:
            # ESP, then (decrypted) IP / GRE / MPLS / IP, in this order.
            self.assertIn("ip:esp:ip:gre:mpls:ip", row["frame.protocols"][0], row)
            self.assertEqual(row["ip.src"][:2], [gateways[0], loopbacks[0]], row)
            self.assertEqual(row["ip.dst"][:2], [gateways[1], loopbacks[1]], row)
            self.assertEqual(row["gre.proto"], ["0x8847"], row)
            self.assertEqual(row["mpls.bottom"], ["1"], row)
            self.assertTrue(row["ip.src"][2].startswith(inner[0]) and row["ip.dst"][2].startswith(inner[1]), row)
            labels.update(row["mpls.label"])
        self.assertEqual(len(rows), self.report["streams"][stream]["tx_packets"])
        self.assertGreater(len(rows), 0)
        self.assertEqual(len(labels), 1, labels)  # one VPN label: the far PE's VRF table label
        return rows

    def test_pe1_core_links_carry_the_vpn_in_gre_in_esp(self):
        rows = self.check(["PE1-et-0_2_3.pcap", "PE1-et-0_2_4.pcap"], ("13.10.1.1", "13.10.2.2"),
                          ("12.1.1.1", "12.1.1.2"), ("50.1.", "60.1."), "ce1-ce2-ipv4")
        self.assertEqual(len(rows), self.report["devices"]["PE1"]["ipsec"]["encrypted_packets"])

    def test_p1_links_toward_pe1_carry_the_other_direction(self):
        rows = self.check(["P1-et-0_2_0.pcap", "P1-et-0_2_1.pcap"], ("13.10.2.2", "13.10.1.1"),
                          ("12.1.1.2", "12.1.1.1"), ("60.1.", "50.1."), "ce2-ce1-ipv4")
        self.assertEqual(len(rows), self.report["devices"]["PE2"]["ipsec"]["encrypted_packets"])

    def test_ce_ports_send_the_inner_packets_in_clear(self):
        for capture, stream in (("PE2-et-0_0_4.pcap", "ce1-ce2-ipv4"), ("PE1-et-0_2_10.pcap", "ce2-ce1-ipv4")):
            rows = self.frames(capture)
            for row in rows:
                self.assertEqual(row["esp.spi"], [])
                self.assertEqual(row["gre.proto"], [])
                self.assertEqual(row["mpls.label"], [])
            self.assertEqual(len(rows), self.report["streams"][stream]["tx_packets"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
