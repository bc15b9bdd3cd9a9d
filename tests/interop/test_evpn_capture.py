#!/usr/bin/env python3
"""Interop: EVPN-VXLAN over IPsec on the core links, decrypted by Wireshark (tshark).

`trio6sim run scenarios/blog-evpn-vxlan.yaml --pcap DIR` writes a capture per
port and DIR/esp_sa. With that table tshark must find in PE1's core links
(ae0 members et-0/2/3, et-0/2/4) every CE1 -> CE2 data frame inside ESP from
13.10.1.1 to 13.10.2.2, as the blog's capture figure shows: (decrypted)
IPv4 12.1.1.1 -> 12.1.1.2 / UDP 4789 / VXLAN VNI 10010 / Ethernet
00:11:01:00:00:01 -> 00:12:01:00:00:01 (its VLAN tag removed) / IPv4
13.11.1.11 -> 13.11.1.12; and in P1's links toward PE1 the CE2 -> CE1 frames.
Each CE's broadcast hello is flooded by ingress replication: one VXLAN copy
to the other PE in ESP (Ethernet to ff:ff:ff:ff:ff:ff, IPv4 to 13.11.1.255),
which floods it to its CE port. The CE ports' captures hold the bridged
frames and the far CE's hello with their VLAN 10 tag.

Routed through the irb (asymmetric IRB, docs/bridging.md): each CE's ARP
request for its virtual gateway comes back from its PE as an ARP reply
(tshark reads ARP, opcode 2, from 00:00:5e:00:01:01, the CE's VLAN tag);
CE1's VLAN 10 frames to the gateway MAC for 13.11.2.12 cross the core as
VXLAN VNI 10020 carrying the rewritten frame (from PE1's irb MAC
d4:99:6c:92:48:fc to the host's 00:12:01:00:00:02, IPv4 TTL 63), and
CE2's VLAN 20 frames for 13.11.1.11 as VNI 10010 from PE2's irb MAC
a4:7f:1b:ce:2a:91.

Run with TRIO6SIM=/path/to/trio6sim /usr/bin/python3 tests/interop/test_evpn_capture.py.
"""
import os
import unittest

from capture_common import ScenarioCaptureTest

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "..", "..", "scenarios", "blog-evpn-vxlan.yaml")
BROADCAST = "ff:ff:ff:ff:ff:ff"
FIELDS = ["ip.src", "ip.dst", "esp.spi", "udp.dstport", "vxlan.vni", "eth.src", "eth.dst", "vlan.id", "ip.ttl",
          "arp.opcode", "arp.src.proto_ipv4"]
GATEWAY_MAC = "00:00:5e:00:01:01"
PE1_IRB_MAC, PE2_IRB_MAC = "d4:99:6c:92:48:fc", "a4:7f:1b:ce:2a:91"


class EvpnCoreLinkCapture(ScenarioCaptureTest):
    SCENARIO = SCENARIO
    PREFIX = "trio6sim-evpn-"

    def check_direction(self, captures, gateways, vteps, macs, hosts, stream, routed):
        all_rows = [row for name in captures for row in self.captures.fields(name, FIELDS, 120)]
        # Routed by the irb: the frame rewritten from the irb's MAC to the
        # host's, in the target domain's VNI, its IPv4 TTL one less.
        routed_stream, vni, irb_mac, host_mac, routed_hosts = routed
        routed_rows = [row for row in all_rows if row["eth.src"][-1:] == [irb_mac]]
        self.assertEqual(len(routed_rows), self.report["streams"][routed_stream]["tx_packets"])
        self.assertGreater(len(routed_rows), 0)
        for row in routed_rows:
            self.assertEqual(row["ip.src"], [gateways[0], vteps[0], routed_hosts[0]], row)
            self.assertEqual(row["ip.dst"], [gateways[1], vteps[1], routed_hosts[1]], row)
            self.assertEqual(row["vxlan.vni"], [vni], row)
            self.assertEqual(row["eth.dst"][-1], host_mac, row)
            self.assertEqual(row["vlan.id"], [], row)
            self.assertEqual(row["ip.ttl"][-1], "63", row)
        all_rows = [row for row in all_rows if row not in routed_rows]
        # The hello, flooded: one VXLAN copy of the broadcast frame.
        hellos = [row for row in all_rows if row["eth.dst"][-1:] == [BROADCAST]]
        self.assertEqual(len(hellos), 1, hellos)
        self.assertEqual(hellos[0]["ip.dst"], [gateways[1], vteps[1], "13.11.1.255"], hellos[0])
        self.assertEqual(hellos[0]["vxlan.vni"], ["10010"], hellos[0])
        self.assertEqual(hellos[0]["eth.src"][-1], macs[0], hellos[0])
        self.assertEqual(hellos[0]["vlan.id"], [], hellos[0])
        rows = [row for row in all_rows if row not in hellos]
        for row in rows:
            # Outer ESP between the gateways; decrypted: the VTEPs' VXLAN, then the hosts' packet.
            self.assertEqual(row["ip.src"], [gateways[0], vteps[0], hosts[0]], row)
            self.assertEqual(row["ip.dst"], [gateways[1], vteps[1], hosts[1]], row)
            self.assertEqual(row["udp.dstport"][0], "4789", row)
            self.assertEqual(row["vxlan.vni"], ["10010"], row)
            self.assertEqual(row["eth.src"][-1], macs[0], row)
            self.assertEqual(row["eth.dst"][-1], macs[1], row)
            self.assertEqual(row["vlan.id"], [], row)  # VXLAN carries the frame untagged
        self.assertEqual(len(rows), self.report["streams"][stream]["tx_packets"])
        self.assertGreater(len(rows), 0)

    def test_pe1_core_links_carry_ce1_frames_in_vxlan_in_esp(self):
        self.check_direction(["PE1-et-0_2_3.pcap", "PE1-et-0_2_4.pcap"], ("13.10.1.1", "13.10.2.2"),
                             ("12.1.1.1", "12.1.1.2"), ("00:11:01:00:00:01", "00:12:01:00:00:01"),
                             ("13.11.1.11", "13.11.1.12"), "ce1-ce2-vlan10",
                             ("ce1-ce2-routed", "10020", PE1_IRB_MAC, "00:12:01:00:00:02", ("13.11.1.11", "13.11.2.12")))

    def test_p1_links_toward_pe1_carry_ce2_frames_in_vxlan_in_esp(self):
        self.check_direction(["P1-et-0_2_0.pcap", "P1-et-0_2_1.pcap"], ("13.10.2.2", "13.10.1.1"),
                             ("12.1.1.2", "12.1.1.1"), ("00:12:01:00:00:01", "00:11:01:00:00:01"),
                             ("13.11.1.12", "13.11.1.11"), "ce2-ce1-vlan10",
                             ("ce2-ce1-routed", "10010", PE2_IRB_MAC, "00:11:01:00:00:01", ("13.11.2.12", "13.11.1.11")))

    def test_ce_ports_receive_the_frames_tagged(self):
        for capture, src, stream in (("PE2-et-0_0_4.pcap", "00:11:01:00:00:01", "ce1-ce2-vlan10"),
                                     ("PE1-et-0_2_10.pcap", "00:12:01:00:00:01", "ce2-ce1-vlan10")):
            all_rows = self.captures.fields(capture, FIELDS, 120)
            # The CE's ARP request answered by its own PE, and the frames the
            # PE routed to it: all left out of other rows.
            answers = [row for row in all_rows if row["arp.opcode"]]
            self.assertEqual(len(answers), 1, answers)
            self.assertEqual(answers[0]["arp.opcode"], ["2"], answers[0])
            self.assertEqual(answers[0]["eth.src"], [GATEWAY_MAC], answers[0])
            routed = [row for row in all_rows if row["eth.src"] in ([PE1_IRB_MAC], [PE2_IRB_MAC])]
            self.assertGreater(len(routed), 0)
            for row in routed:
                self.assertEqual(row["ip.ttl"], ["63"], row)
                self.assertEqual(row["esp.spi"], [], row)
            all_rows = [row for row in all_rows if row not in answers and row not in routed]
            # The far CE's hello, flooded to this CE port, tagged.
            hellos = [row for row in all_rows if row["eth.dst"] == [BROADCAST]]
            self.assertEqual(len(hellos), 1, hellos)
            self.assertEqual(hellos[0]["eth.src"], [src], hellos[0])
            self.assertEqual(hellos[0]["vlan.id"], ["10"], hellos[0])
            rows = [row for row in all_rows if row not in hellos]
            self.assertEqual(len(rows), self.report["streams"][stream]["rx_packets"])
            for row in rows:
                self.assertEqual(row["eth.src"], [src], row)
                self.assertEqual(row["vlan.id"], ["10"], row)
                self.assertEqual(row["esp.spi"], [], row)


if __name__ == "__main__":
    unittest.main()
