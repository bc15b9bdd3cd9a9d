#!/usr/bin/env python3
"""Interop: the blog scenario's core-link captures, decrypted by Wireshark (tshark).

`trio6sim run scenarios/blog-global-v4v6.yaml --pcap DIR` writes one capture per
port (the frames the port sends) and DIR/esp_sa, Wireshark's ESP SA table with
the keys IKE (modeled) drew from the seed. With that table, tshark must find in
PE1's core links (ae0 members et-0/2/3 and et-0/2/4) every CE1 -> CE2 packet of
the report's streams inside ESP from 13.10.1.1 to 13.10.2.2: IPv4 50.1.x.1 ->
60.1.x.1 and, behind label 17 (6PE), IPv6 3000:50:1:x::1 -> 3000:60:1:x::1; and
in P1's links toward PE1 the CE2 -> CE1 packets under the other SPI.

Run with TRIO6SIM=/path/to/trio6sim /usr/bin/python3 tests/interop/test_scenario_capture.py.
"""
import os
import unittest

from capture_common import ScenarioCaptureTest

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "..", "scenarios", "blog-global-v4v6.yaml")
FIELDS = ["ip.src", "ip.dst", "esp.spi", "mpls.label", "ipv6.src", "ipv6.dst", "udp.dstport"]


def esp_sa_rows(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cells = [c.strip('"') for c in line.strip().split(",")]
            rows.append({"src": cells[1], "dst": cells[2], "spi": int(cells[3], 16)})
    return rows


class BlogCoreLinkCapture(ScenarioCaptureTest):
    SCENARIO = SCENARIO
    PREFIX = "trio6sim-capture-"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sas = esp_sa_rows(os.path.join(cls.captures.dir, "esp_sa"))

    def frames(self, *captures):
        return [row for name in captures for row in self.captures.fields(name, FIELDS, 120)]

    def check_direction(self, captures, gateway_src, gateway_dst, inner4, inner6, streams):
        sa = [s for s in self.sas if s["src"] == gateway_src and s["dst"] == gateway_dst]
        self.assertEqual(len(sa), 1, self.sas)
        rows = self.frames(*captures)
        v4 = v6 = 0
        for row in rows:
            self.assertEqual(row["ip.src"][0], gateway_src)
            self.assertEqual(row["ip.dst"][0], gateway_dst)
            self.assertEqual(int(row["esp.spi"][0], 16), sa[0]["spi"])
            if len(row["ip.src"]) == 2:  # decrypted: an inner IPv4 packet
                src, dst = row["ip.src"][1], row["ip.dst"][1]
                self.assertTrue(src.startswith(inner4[0]) and dst.startswith(inner4[1]), row)
                self.assertEqual(row["udp.dstport"], ["1024"])
                v4 += 1
            else:  # label 17 (6PE), then the inner IPv6 packet
                self.assertEqual(row["mpls.label"], ["17"], row)
                self.assertTrue(row["ipv6.src"][0].startswith(inner6[0]) and row["ipv6.dst"][0].startswith(inner6[1]), row)
                v6 += 1
        self.assertEqual(v4, self.report["streams"][streams[0]]["tx_packets"])
        self.assertEqual(v6, self.report["streams"][streams[1]]["tx_packets"])
        self.assertGreater(v4, 0)
        self.assertGreater(v6, 0)
        return len(rows)

    def test_pe1_core_links_carry_ce1_traffic_in_esp(self):
        n = self.check_direction(["PE1-et-0_2_3.pcap", "PE1-et-0_2_4.pcap"], "13.10.1.1", "13.10.2.2",
                                 ("50.1.", "60.1."), ("3000:50:1:", "3000:60:1:"), ("ce1-ce2-ipv4", "ce1-ce2-ipv6"))
        self.assertEqual(n, self.report["devices"]["PE1"]["ipsec"]["encrypted_packets"])

    def test_p1_links_toward_pe1_carry_ce2_traffic_in_esp(self):
        n = self.check_direction(["P1-et-0_2_0.pcap", "P1-et-0_2_1.pcap"], "13.10.2.2", "13.10.1.1",
                                 ("60.1.", "50.1."), ("3000:60:1:", "3000:50:1:"), ("ce2-ce1-ipv4", "ce2-ce1-ipv6"))
        self.assertEqual(n, self.report["devices"]["PE2"]["ipsec"]["encrypted_packets"])

    def test_ce2_port_sends_the_decrypted_packets_in_clear(self):
        rows = self.frames("PE2-et-0_0_4.pcap")
        self.assertTrue(rows)
        for row in rows:
            self.assertEqual(row["esp.spi"], [])
            self.assertEqual(row["mpls.label"], [])  # PE2 popped its label 17
        expected = sum(self.report["streams"][s]["tx_packets"] for s in ("ce1-ce2-ipv4", "ce1-ce2-ipv6"))
        self.assertEqual(len(rows), expected)


if __name__ == "__main__":
    unittest.main(verbosity=2)
