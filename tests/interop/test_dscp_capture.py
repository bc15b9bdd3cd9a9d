#!/usr/bin/env python3
"""Interop: scenarios/dscp-remark.yaml's captures, the DSCP read by tshark.

Both CEs send IPv4 marked EF (46). Each PE copies the inner DSCP to the outer
header on encryption; the P1 - PE2 links re-mark the outer header to AF11
(10); PE2 (copy-outer-dscp) gives the inner packet the outer DSCP, PE1
(without it) keeps the inner one. So, with ESP decrypted from the written
esp_sa:
  PE1 -> P1 (et-0/2/3, et-0/2/4):  outer 46, inner 46
  P1 -> PE2 (et-0/0/0, et-0/2/2):  outer 10, inner 46
  PE2 -> CE2 (et-0/0/4):           10 (copied from the outer header)
  PE2 -> P1 (et-0/0/10, et-0/0/11): outer 10 (re-marked as it left), inner 46
  PE1 -> CE1 (et-0/2/10):          46 (PE1 does not copy)

Run with TRIO6SIM=/path/to/trio6sim /usr/bin/python3 tests/interop/test_dscp_capture.py.
"""
import os
import unittest

from capture_common import ScenarioCaptureTest

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "..", "scenarios", "dscp-remark.yaml")
FIELDS = ["ip.src", "ip.dsfield.dscp", "esp.spi"]


class DscpCapture(ScenarioCaptureTest):
    SCENARIO = SCENARIO
    PREFIX = "trio6sim-dscp-"

    def dscps(self, *captures):
        """The (outer, inner) DSCPs of each ESP frame, or (DSCP,) of each clear one."""
        rows = [row for name in captures for row in self.captures.fields(name, FIELDS, 120)]
        self.assertTrue(rows, captures)
        return [tuple(int(v) for v in row["ip.dsfield.dscp"]) for row in rows]

    def expect(self, captures, values, packets):
        got = self.dscps(*captures)
        self.assertEqual(set(got), {values}, captures)
        self.assertEqual(len(got), packets)

    def test_encryption_copies_the_inner_dscp_outward(self):
        self.expect(["PE1-et-0_2_3.pcap", "PE1-et-0_2_4.pcap"], (46, 46),
                    self.report["devices"]["PE1"]["ipsec"]["encrypted_packets"])

    def test_the_core_re_marks_the_outer_header_only(self):
        self.expect(["P1-et-0_0_0.pcap", "P1-et-0_2_2.pcap"], (10, 46),
                    self.report["streams"]["ce1-ce2-ipv4-ef"]["tx_packets"])
        self.expect(["PE2-et-0_0_10.pcap", "PE2-et-0_0_11.pcap"], (10, 46),
                    self.report["devices"]["PE2"]["ipsec"]["encrypted_packets"])

    def test_copy_outer_dscp_gives_ce2_the_re_marked_dscp(self):
        self.expect(["PE2-et-0_0_4.pcap"], (10,), self.report["streams"]["ce1-ce2-ipv4-ef"]["rx_packets"])

    def test_without_copy_outer_dscp_ce1_keeps_the_original(self):
        self.expect(["PE1-et-0_2_10.pcap"], (46,), self.report["streams"]["ce2-ce1-ipv4-ef"]["rx_packets"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
