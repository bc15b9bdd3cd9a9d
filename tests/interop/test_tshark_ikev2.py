#!/usr/bin/python3
"""Interop: IKEv2 messages made by trio6sim's crypto/ikev2 library, decrypted
by Wireshark's IKEv2 dissector (tshark).

The ikev2_capture program (IKEV2_CAPTURE) writes a capture of two IKE SAs'
IKE_SA_INIT and SK-protected IKE_AUTH exchanges (AES-256-GCM-16 and
AES-CBC-256 + HMAC-SHA2-256-128), the `ikev2_decryption_table` UAT from
report::ikev2_decryption_table and the AUTH and ID values it encoded. tshark
runs with that UAT in a temporary configuration directory
(WIRESHARK_CONFIG_DIR); the test asserts that every IKE_AUTH decrypts, that
isakmp.auth.data and the ID data equal what was encoded, that the integrity
checksum of the CBC SA is correct, and that no "Decryption failed" appears.
"""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

TSHARK = shutil.which("tshark", path="/usr/bin:/usr/local/bin:" + os.environ.get("PATH", ""))
CAPTURE = os.environ.get("IKEV2_CAPTURE")


class TsharkIkev2(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not TSHARK:
            raise SystemExit("tshark not found (Debian package tshark; scripts/install-deps.sh installs it)")
        if not CAPTURE:
            raise SystemExit("set IKEV2_CAPTURE to the ikev2_capture program")
        cls.tmp = tempfile.TemporaryDirectory(prefix="trio6sim-ikev2-")
        out = cls.tmp.name
        config = os.path.join(out, "config")
        os.makedirs(config)
        subprocess.run([CAPTURE, out], check=True)
        shutil.copy(os.path.join(out, "ikev2_decryption_table"), config)
        with open(os.path.join(out, "expected.txt")) as f:
            cls.expected = [line.split() for line in f if line.strip()]
        env = dict(os.environ, WIRESHARK_CONFIG_DIR=config)
        base = [TSHARK, "-n", "-r", os.path.join(out, "ikev2.pcap")]
        fields = ["-T", "fields", "-E", "separator=|", "-e", "frame.number", "-e", "isakmp.exchangetype",
                  "-e", "isakmp.auth.data", "-e", "isakmp.id.data.ipv4_addr", "-e", "isakmp.id.data.fqdn", "-e", "isakmp.ts.start_ipv4"]
        r = subprocess.run(base + fields, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError("tshark failed (%d): %s" % (r.returncode, r.stderr))
        cls.rows = [line.split("|") for line in r.stdout.splitlines()]
        cls.verbose = subprocess.run(base + ["-V"], env=env, capture_output=True, text=True).stdout
        with open(os.path.join(config, "ikev2_decryption_table")) as f:
            cls.table = f.read()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_auth_and_id_decrypted(self):
        auth_rows = [row for row in self.rows if row[1] == "35"]
        self.assertEqual(len(auth_rows), 4, self.rows)
        for row, (auth, ident) in zip(auth_rows, self.expected):
            self.assertEqual(row[2].replace(":", ""), auth, row)
            self.assertEqual(row[3] or row[4], ident, row)  # IDi: ID_IPV4_ADDR; IDr: ID_FQDN
            self.assertEqual(row[5], "10.0.0.0,10.1.0.0", row)  # TSi, TSr starts

    def test_no_decryption_failure(self):
        self.assertNotIn("Decryption failed", self.verbose)
        self.assertNotIn("Malformed", self.verbose)
        self.assertIn("Decrypted Data", self.verbose)

    def test_checksum_verified_for_cbc(self):
        # Wireshark verifies the HMAC of each CBC message (and the GCM tag of the others).
        self.assertEqual(self.verbose.count("<HMAC_SHA2_256_128 [RFC4868]>[correct]"), 2)
        self.assertEqual(len(re.findall(r"Integrity Checksum Data: .*\[correct\]", self.verbose)), 4)
        self.assertNotIn("[incorrect", self.verbose)

    def test_table_format(self):
        lines = [l for l in self.table.splitlines() if not l.startswith("#")]
        self.assertEqual(len(lines), 2)
        self.assertIn('"AES-GCM-256 with 16 octet ICV [RFC5282]",,,"NONE [RFC4306]"', lines[0])
        self.assertIn('"AES-CBC-256 [RFC3602]"', lines[1])
        self.assertTrue(lines[1].endswith('"HMAC_SHA2_256_128 [RFC4868]"'))


if __name__ == "__main__":
    unittest.main(verbosity=2)
