#!/usr/bin/env python3
"""Interop: UDP encapsulation of ESP (`packet-encapsulation`) on the chip path,
read by Wireshark (tshark).

`scenarios/blog-udp-encap.yaml` (at --scale-rates 0.01: the same traffic, a
hundredth of the packets) writes a capture per port and the ESP SA table. On
P1's two ae1 members toward PE2, tshark must read every frame as IPv4 / UDP to
the configured port 4600 / ESP (decoded as Wireshark's `udpencap`, since 4600
is not NAT-T's 4500) and decrypt it with the table to the CE1 -> CE2 packet
inside (IPv4 50.1.x.1 -> 60.1.x.1, or label 17 and IPv6). The source ports
lie in 49152-65535 [T] and are many (one per inner flow's hash), both members
carry the tunnel, and the ESP sequence numbers of the one SA are all distinct.

Run with TRIO6SIM=/path/to/trio6sim /usr/bin/python3 tests/interop/test_udp_encap_capture.py.
"""
import os
import unittest

from capture_common import ScenarioCaptureTest

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "..", "scenarios", "blog-udp-encap.yaml")
FIELDS = ["ip.src", "ip.dst", "udp.srcport", "udp.dstport", "esp.spi", "esp.sequence", "mpls.label", "ipv6.src",
          "ipv6.dst"]
PORT = 4600


class UdpEncapCapture(ScenarioCaptureTest):
    SCENARIO = SCENARIO
    PREFIX = "trio6sim-udp-encap-"
    EXTRA_ARGS = ("--scale-rates", "0.01")

    def rows(self, capture):
        return self.captures.fields(capture, FIELDS, 120, decode_as=[f"udp.port=={PORT},udpencap"])

    def test_core_members_carry_esp_in_udp_that_decrypts(self):
        per_member = {}
        sports, sequences = set(), set()
        v4 = v6 = 0
        for capture in ("P1-et-0_0_0.pcap", "P1-et-0_2_2.pcap"):
            rows = self.rows(capture)
            per_member[capture] = len(rows)
            for row in rows:
                self.assertEqual(row["ip.src"][0], "13.10.1.1", row)
                self.assertEqual(row["ip.dst"][0], "13.10.2.2", row)
                self.assertEqual(row["udp.dstport"][0], str(PORT), row)  # the outer UDP (the inner packet has its own)
                sport = int(row["udp.srcport"][0])
                self.assertTrue(49152 <= sport <= 65535, row)
                sports.add(sport)
                self.assertEqual(len(row["esp.spi"]), 1, row)
                sequences.add(int(row["esp.sequence"][0]))
                if len(row["ip.src"]) == 2:  # decrypted: the inner IPv4 packet
                    self.assertTrue(row["ip.src"][1].startswith("50.1.") and row["ip.dst"][1].startswith("60.1."), row)
                    v4 += 1
                else:  # decrypted: label 17, then the inner IPv6 packet (6PE)
                    self.assertEqual(row["mpls.label"], ["17"], row)
                    self.assertTrue(row["ipv6.src"][0].startswith("3000:50:1:"), row)
                    v6 += 1
        streams = self.captures.report["streams"]
        self.assertEqual(v4, streams["ce1-ce2-ipv4"]["rx_packets"])
        self.assertEqual(v6, streams["ce1-ce2-ipv6"]["rx_packets"])
        self.assertEqual(len(sequences), v4 + v6)
        for capture, n in per_member.items():
            self.assertGreater(n, (v4 + v6) // 4, per_member)
        self.assertGreater(len(sports), (v4 + v6) // 4)


if __name__ == "__main__":
    unittest.main()
