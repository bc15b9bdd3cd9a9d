#!/usr/bin/python3
"""Interop: packets sealed by trio6sim, decrypted by Wireshark's ESP dissector (tshark).

trio6sim seals a set of packets (outer IPv4 and IPv6, AES-128-GCM and
AES-256-GCM, with and without UDP encapsulation, inner IPv4 and IPv6); the
test writes them to a pcap (LINKTYPE_RAW, 101), writes an `esp_sa` UAT file
into a temporary Wireshark configuration directory (WIRESHARK_CONFIG_DIR) and
runs tshark once with

    -o esp.enable_encryption_decode:TRUE -o esp.enable_authentication_check:TRUE
    -d udp.port==4501,udpencap     (4500 is decoded as UDP-encapsulated ESP by default)

then compares the decrypted inner fields and Wireshark's ICV verdict.
Run with TRIO6SIM=/path/to/trio6sim /usr/bin/python3 tests/interop/test_tshark_esp.py,
or `ctest -R interop`. See docs/interop.md.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_common import (KEY128, KEY256, SALT, V4_LOCAL, V4_REMOTE, V6_LOCAL, V6_REMOTE, Trio6sim,  # noqa: E402
                            inner_v4, inner_v6, make_sa, pad_bytes_for)

TSHARK = shutil.which("tshark", path="/usr/bin:/usr/local/bin:" + os.environ.get("PATH", ""))

# Wireshark 4.0's names for the esp_sa UAT enumerations.
WS_GCM16 = "AES-GCM with 16 octet ICV [RFC4106]"
WS_NULL_AUTH = "NULL"  # AES-GCM must be paired with NULL authentication


class Case:
    def __init__(self, name, key, outer_v6, udp, inner_kind, size, seq, esn=False, corrupt=False):
        self.name, self.key, self.outer_v6, self.udp = name, key, outer_v6, udp
        self.inner_kind, self.size, self.seq, self.esn, self.corrupt = inner_kind, size, seq, esn, corrupt


# Each case gets its own SPI (0x7100_0000 + index) so the UAT rows never clash.
CASES = [
    Case("v4 aes128 esp, inner v4", KEY128, False, None, "v4", 64, 1),
    Case("v4 aes256 esp, inner v6", KEY256, False, None, "v6", 97, 2),
    Case("v6 aes128 esp, inner v6", KEY128, True, None, "v6", 150, 3),
    Case("v6 aes256 esp, inner v4", KEY256, True, None, "v4", 31, 4),
    Case("v4 aes128 udp 4500, inner v4", KEY128, False, (4500, 4500), "v4", 29, 5),
    Case("v4 aes256 udp 0->4500, inner v6", KEY256, False, (0, 4500), "v6", 48, 0xFFFFFFFE),
    Case("v6 aes256 udp 4500, inner v4", KEY256, True, (4500, 4500), "v4", 1400, 7),
    Case("v6 aes128 udp 4500->4501, inner v6", KEY128, True, (4500, 4501), "v6", 51, 8),
    Case("v4 aes256 esn low, inner v4", KEY256, False, None, "v4", 66, 9, esn=True),
    Case("v6 aes128 esn high, inner v6", KEY128, True, (4500, 4500), "v6", 70, 0x100000005, esn=True),
    Case("v4 aes256 flipped ciphertext bit", KEY256, False, None, "v4", 80, 11, corrupt=True),
]

FIELDS = ["frame.number", "esp.spi", "esp.sequence", "esp.icv_good", "esp.icv_bad", "esp.pad_len",
          "esp.protocol", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "udp.srcport", "udp.dstport"]


def write_pcap(path, packets):
    """Classic pcap, LINKTYPE_RAW (101): each record starts at the IP header."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101))
        for i, p in enumerate(packets):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(p), len(p)))
            f.write(p)


def uat_row(spi, case):
    src, dst = (V6_LOCAL, V6_REMOTE) if case.outer_v6 else (V4_LOCAL, V4_REMOTE)
    # The encryption key given to Wireshark is the AES key followed by the 4-byte salt.
    return '"%s","%s","%s","0x%08x","%s","0x%s","%s",""\n' % (
        "IPv6" if case.outer_v6 else "IPv4", src, dst, spi, WS_GCM16, (case.key + SALT).hex(), WS_NULL_AUTH)


class TsharkDecryptsTrio6sim(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if TSHARK is None:
            raise SystemExit("tshark not found (Debian package tshark; scripts/install-deps.sh installs it)")
        cls.tmp = tempfile.TemporaryDirectory(prefix="trio6sim-tshark-")
        t6 = Trio6sim()
        packets, uat = [], []
        cls.inners = []
        try:
            for i, case in enumerate(CASES):
                spi = 0x71000000 + i
                sa = make_sa(key=case.key, esn=case.esn, outer_v6=case.outer_v6, udp=case.udp, spi=spi)
                n = i + 1
                if case.inner_kind == "v4":
                    inner = inner_v4(case.size, src="10.9.%d.1" % n, dst="10.8.%d.2" % n, sport=1000 + n, dport=2000 + n)
                else:
                    inner = inner_v6(case.size, src="2001:db8:9:%x::1" % n, dst="2001:db8:8:%x::2" % n,
                                     sport=3000 + n, dport=4000 + n)
                outer = bytearray(t6.seal(sa, inner, seq=case.seq))
                if case.corrupt:
                    outer[-20] ^= 0x01  # inside the ciphertext (the ICV is the last 16 bytes)
                packets.append(bytes(outer))
                uat.append(uat_row(spi, case))
                cls.inners.append(inner)
        finally:
            t6.close()
        pcap = os.path.join(cls.tmp.name, "esp.pcap")
        write_pcap(pcap, packets)
        config = os.path.join(cls.tmp.name, "wireshark")
        os.mkdir(config)
        with open(os.path.join(config, "esp_sa"), "w") as f:
            f.write("# esp_sa UAT written by test_tshark_esp.py\n")
            f.writelines(uat)
        cmd = [TSHARK, "-n", "-r", pcap,
               "-o", "esp.enable_encryption_decode:TRUE",
               "-o", "esp.enable_authentication_check:TRUE",
               "-d", "udp.port==4501,udpencap",
               "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"]
        for f in FIELDS:
            cmd += ["-e", f]
        env = dict(os.environ, WIRESHARK_CONFIG_DIR=config)
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
        if r.returncode != 0:
            raise AssertionError("tshark failed (%d): %s" % (r.returncode, r.stderr))
        cls.rows = [dict(zip(FIELDS, line.split("\t"))) for line in r.stdout.splitlines() if line]
        cls.tshark_stderr = r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def row(self, i):
        self.assertEqual(len(self.rows), len(CASES), self.tshark_stderr)
        row = self.rows[i]
        self.assertEqual(row["frame.number"], str(i + 1))
        return row

    @staticmethod
    def values(row, field):
        return [v for v in row[field].split(",") if v]

    def check_inner(self, i, case, row):
        """Wireshark dissected the decrypted inner packet: addresses and UDP ports."""
        n = i + 1
        self.assertEqual(int(self.values(row, "esp.spi")[0], 16), 0x71000000 + i)
        self.assertEqual(int(self.values(row, "esp.sequence")[0]), case.seq & 0xFFFFFFFF)
        if case.inner_kind == "v4":
            self.assertEqual(self.values(row, "ip.src")[-1], "10.9.%d.1" % n)
            self.assertEqual(self.values(row, "ip.dst")[-1], "10.8.%d.2" % n)
            ports = (1000 + n, 2000 + n)
        else:
            self.assertEqual(self.values(row, "ipv6.src")[-1], "2001:db8:9:%x::1" % n)
            self.assertEqual(self.values(row, "ipv6.dst")[-1], "2001:db8:8:%x::2" % n)
            ports = (3000 + n, 4000 + n)
        sports = [int(p) for p in self.values(row, "udp.srcport")]
        dports = [int(p) for p in self.values(row, "udp.dstport")]
        self.assertEqual((sports[-1], dports[-1]), ports)
        # Outer addresses, and the outer UDP header when encapsulated.
        outer_src = self.values(row, "ipv6.src" if case.outer_v6 else "ip.src")[0]
        self.assertEqual(outer_src, V6_LOCAL if case.outer_v6 else V4_LOCAL)
        if case.udp:
            self.assertEqual(len(sports), 2)
            self.assertEqual(dports[0], case.udp[1])
            if case.udp[0]:
                self.assertEqual(sports[0], case.udp[0])
            else:
                self.assertTrue(49152 <= sports[0] <= 65535)
        else:
            self.assertEqual(len(sports), 1)
        # Trailer as Wireshark read it.
        self.assertEqual(int(row["esp.pad_len"]), pad_bytes_for(case.size))
        self.assertEqual(int(row["esp.protocol"], 16), 4 if case.inner_kind == "v4" else 41)

    def test_decrypts_and_authenticates(self):
        checked = 0
        for i, case in enumerate(CASES):
            if case.esn or case.corrupt:
                continue
            with self.subTest(case=case.name):
                row = self.row(i)
                self.check_inner(i, case, row)
                self.assertEqual((row["esp.icv_good"], row["esp.icv_bad"]), ("1", "0"), "ICV verified by Wireshark")
                checked += 1
        self.assertEqual(checked, 8)

    def test_esn_payload_decrypts(self):
        # GCM's keystream does not depend on the AAD, so Wireshark 4.0 recovers
        # the inner packet of an ESN SA even though it cannot authenticate it.
        for i, case in enumerate(CASES):
            if case.esn:
                with self.subTest(case=case.name):
                    self.check_inner(i, case, self.row(i))

    def test_esn_icv(self):
        # Wireshark 4.0's esp_sa UAT has only protocol, addresses, SPI,
        # encryption algorithm/key and authentication algorithm/key: no ESN
        # flag and no high-order sequence bits. Its RFC 4106 AAD is always
        # SPI + 32-bit SN (8 bytes), so an ESN packet (12-byte AAD, RFC 4106
        # section 5) shows "ICV incorrect" there. The ESN ICV is checked
        # against scapy instead (test_scapy_esp.py).
        for i, case in enumerate(CASES):
            if case.esn:
                row = self.row(i)
                if row["esp.icv_good"] == "1":
                    return  # a Wireshark that handles ESN: covered
        self.skipTest("Wireshark %s cannot authenticate ESN (no ESN field in the esp_sa UAT); "
                      "inner-packet decryption of ESN SAs is still checked" % tshark_version())

    def test_flipped_bit_fails_icv(self):
        for i, case in enumerate(CASES):
            if case.corrupt:
                row = self.row(i)
                self.assertEqual((row["esp.icv_good"], row["esp.icv_bad"]), ("0", "1"))


def tshark_version():
    try:
        out = subprocess.run([TSHARK, "--version"], capture_output=True, text=True, timeout=30).stdout
        return out.split("\n")[0].split(" ")[2]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


if __name__ == "__main__":
    unittest.main(verbosity=2)
