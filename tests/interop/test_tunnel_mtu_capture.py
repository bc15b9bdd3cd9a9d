#!/usr/bin/env python3
"""Interop: scenarios/tunnel-mtu-df.yaml's captures, read by tshark and scapy.

PE1 has `tunnel-mtu 1400` and `df-bit copy`: on its core links (ae0 members
et-0/2/3 and et-0/2/4) tshark must find every ESP packet at most 1,400 B, the
9,000 B packets of CE1 as inner IPv4 fragments (decrypted from the written
esp_sa) with the outer DF clear, and the small DF packets whole with the outer
DF set. On PE2's CE port (et-0/0/4) scapy must reassemble CE1's fragments into
exactly the datagrams the generator sent (rebuilt here from the stream: UDP
1024 -> 1024, identification = the packet's number, the payload bytes counting
up from 0, the TTL less PE1's and PE2's hops). PE2 has no tunnel MTU: its
9,050 B ESP frames leave ae1 (Junos' default MTU, 1,514) cut into IPv4
fragments of ESP, which PE1 cannot decrypt.

Run with TRIO6SIM=/path/to/trio6sim /usr/bin/python3 tests/interop/test_tunnel_mtu_capture.py.
"""
import os
import unittest

from capture_common import ScenarioCaptureTest
from scapy.all import IP, UDP, Raw, defragment, rdpcap  # Debian's python3-scapy

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "..", "scenarios", "tunnel-mtu-df.yaml")
FIELDS = ["ip.src", "ip.dst", "ip.len", "ip.flags.df", "ip.flags.mf", "ip.frag_offset", "esp.spi"]
TUNNEL_MTU = 1400
JUMBO_IP_BYTES = 9000 - 18  # the frame less Ethernet header and FCS


def flag(value):
    return value in ("1", "True", "true")


class TunnelMtuCapture(ScenarioCaptureTest):
    SCENARIO = SCENARIO
    PREFIX = "trio6sim-tunnel-mtu-"

    def rows(self, *captures):
        return [row for name in captures for row in self.captures.fields(name, FIELDS, 120)]

    def test_pe1_core_links_carry_esp_within_the_tunnel_mtu(self):
        rows = self.rows("PE1-et-0_2_3.pcap", "PE1-et-0_2_4.pcap")
        esp = [r for r in rows if r["esp.spi"]]
        self.assertEqual(len(esp), self.report["devices"]["PE1"]["ipsec"]["encrypted_packets"])
        fragments = whole = 0
        for r in esp:
            self.assertEqual(r["ip.src"][0], "13.10.1.1")
            self.assertLessEqual(int(r["ip.len"][0]), TUNNEL_MTU, r)
            self.assertEqual(len(r["ip.src"]), 2, r)  # decrypted: the inner IPv4 header
            inner_fragment = flag(r["ip.flags.mf"][1]) or int(r["ip.frag_offset"][1]) != 0
            if inner_fragment:
                # Pre-fragmented: an inner fragment of CE1's jumbo stream, no
                # DF inside, so none copied outside (df-bit copy).
                self.assertEqual(r["ip.src"][1], "50.1.1.1")
                self.assertFalse(flag(r["ip.flags.df"][0]), r)
                fragments += 1
            else:
                self.assertEqual(r["ip.src"][1], "50.1.1.3")  # the small DF stream, whole
                self.assertTrue(flag(r["ip.flags.df"][1]), r)
                self.assertTrue(flag(r["ip.flags.df"][0]), r)  # copied outward
                whole += 1
        tx = self.report["streams"]
        self.assertEqual(fragments, 7 * tx["ce1-jumbo"]["tx_packets"])
        self.assertEqual(whole, tx["ce1-df-fits"]["tx_packets"])
        self.assertGreater(whole, 0)

    def test_ce2_reassembles_exactly_what_ce1_sent(self):
        packets = rdpcap(os.path.join(self.captures.dir, "PE2-et-0_0_4.pcap"))
        jumbo = [p for p in packets if IP in p and p[IP].src == "50.1.1.1"]
        self.assertEqual(len(jumbo), 7 * self.report["streams"]["ce1-jumbo"]["tx_packets"])
        for p in jumbo:
            self.assertLessEqual(p[IP].len, TUNNEL_MTU)
        datagrams = [p[IP] for p in defragment(jumbo) if IP in p]
        self.assertEqual(len(datagrams), self.report["streams"]["ce1-jumbo"]["tx_packets"])
        for got in datagrams:
            self.assertEqual(got.flags.MF, 0)
            self.assertEqual(got.frag, 0)
            # What the generator sent (sim/run/stream_source.cpp): its n-th
            # packet has identification n, the payload counts up from 0; PE1
            # and PE2 each decremented the TTL once (P1 forwarded the ESP).
            payload = bytes(i & 0xFF for i in range(JUMBO_IP_BYTES - 28))
            sent = IP(src="50.1.1.1", dst="60.1.1.1", id=got.id, ttl=62, tos=0) / UDP(sport=1024, dport=1024) / Raw(payload)
            self.assertEqual(bytes(got), bytes(IP(bytes(sent))), "datagram %d differs" % got.id)
        self.assertEqual(sorted(d.id for d in datagrams), list(range(len(datagrams))))

    def test_pe2_core_port_fragments_esp_that_pe1_cannot_decrypt(self):
        rows = self.rows("PE2-et-0_0_10.pcap", "PE2-et-0_0_11.pcap")
        esp_fragments = [r for r in rows if r["ip.src"] and r["ip.src"][0] == "13.10.2.2" and
                         (flag(r["ip.flags.mf"][0]) or int(r["ip.frag_offset"][0]) != 0)]
        for r in rows:
            self.assertLessEqual(int(r["ip.len"][0]), 1500, r)  # ae1's MTU: 1,514 B frames
        self.assertEqual(len(esp_fragments), self.report["devices"]["PE1"]["ipsec"]["bad_headers"])
        self.assertEqual(len(esp_fragments), 7 * self.report["streams"]["ce2-jumbo"]["tx_packets"])
        self.assertEqual(self.report["streams"]["ce2-jumbo"]["rx_packets"], 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
