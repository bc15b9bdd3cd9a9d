#!/usr/bin/python3
"""Interop: ten simulated minutes of two trio6sim IKEv2 daemons (IKE_SA_INIT,
IKE_AUTH, Child SA rekeys with REKEY_SA, IKE SA rekeys, DELETEs), checked by
an independent recomputation of every key and by Wireshark.

The ike_lifecycle_capture program (IKE_LIFECYCLE_CAPTURE) writes, for each
suite (AES-256-GCM-16 / PRF-HMAC-SHA256 / group 19, and the bare proposal:
3DES-CBC / HMAC-SHA1-96 / PRF-HMAC-SHA1 / group 2), ike.pcap, esp_sa,
ikev2_decryption_table, the DH key log and the PSK into a temporary
directory. check_ike_keys.py recomputes SKEYSEED, SK_*, both AUTH payloads of
each IKE_AUTH and every Child SA's KEYMAT from the capture, the key log and
the PSK alone, and compares them with esp_sa and ikev2_decryption_table.
tshark, with that ikev2_decryption_table in a temporary configuration
directory (WIRESHARK_CONFIG_DIR), must decrypt every encrypted message (no
"Decryption failed", nothing "Malformed", every checksum correct), show the
AUTH data of each IKE_AUTH message and the REKEY_SA notify of each Child SA
rekey request.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

TSHARK = shutil.which("tshark", path="/usr/bin:/usr/local/bin:" + os.environ.get("PATH", ""))
CAPTURE = os.environ.get("IKE_LIFECYCLE_CAPTURE")
CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_ike_keys.py")
IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL = "35", "36", "37"
REKEY_SA = "16393"
PROTO_IKE, PROTO_ESP = "1", "3"
FIELDS = ["frame.number", "isakmp.exchangetype", "isakmp.flag_r", "isakmp.enc.pad_length", "isakmp.auth.data",
          "isakmp.notify.msgtype", "isakmp.prop.protoid"]


class Lifecycle:
    """One suite's run; the subclasses name the suite."""

    SUITE = None

    @classmethod
    def setUpClass(cls):
        if not TSHARK:
            raise SystemExit("tshark not found (Debian package tshark; scripts/install-deps.sh installs it)")
        if not CAPTURE:
            raise SystemExit("set IKE_LIFECYCLE_CAPTURE to the ike_lifecycle_capture program")
        cls.tmp = tempfile.TemporaryDirectory(prefix="trio6sim-ike-lifecycle-")
        out = cls.tmp.name
        config = os.path.join(out, "config")
        os.makedirs(config)
        subprocess.run([CAPTURE, out, cls.SUITE], check=True)
        cls.check = subprocess.run([sys.executable, CHECK, out], capture_output=True, text=True)
        print(cls.check.stdout, end="", file=sys.stderr)
        shutil.copy(os.path.join(out, "ikev2_decryption_table"), config)
        env = dict(os.environ, WIRESHARK_CONFIG_DIR=config)
        base = [TSHARK, "-n", "-r", os.path.join(out, "ike.pcap")]
        fields = ["-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,"]
        for f in FIELDS:
            fields += ["-e", f]
        r = subprocess.run(base + fields, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError("tshark failed (%d): %s" % (r.returncode, r.stderr))
        cls.rows = [dict(zip(FIELDS, line.split("|"))) for line in r.stdout.splitlines()]
        cls.verbose = subprocess.run(base + ["-V"], env=env, capture_output=True, text=True).stdout

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def protected(self):
        return [r for r in self.rows if r["isakmp.exchangetype"] in (IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL)]

    @staticmethod
    def is_request(row):
        return row["isakmp.flag_r"] in ("0", "False")

    def test_independent_key_check(self):
        self.assertEqual(self.check.returncode, 0, self.check.stdout + self.check.stderr)
        self.assertIn("\nOK: ", self.check.stdout)
        summary = self.check.stdout
        # The lifecycle is all there: 2 AUTH payloads, >= 3 Child rekeys, >= 2 IKE rekeys.
        self.assertRegex(summary, r"AUTH: 2 payloads verified")
        rekeys = int(re.search(r"of which (\d+) with REKEY_SA", summary).group(1))
        self.assertGreaterEqual(rekeys, 3, summary)
        ike_rekeys = int(re.search(r"(\d+) by IKE SA rekey", summary).group(1))
        self.assertGreaterEqual(ike_rekeys, 2, summary)

    def tampered(self, name, change):
        """The check on a copy of the run with one file changed: (exit code, output)."""
        copy = os.path.join(self.tmp.name, "tampered-" + name)
        shutil.copytree(self.tmp.name, copy, ignore=shutil.ignore_patterns("config", "tampered-*"))
        path = os.path.join(copy, name)
        with open(path) as f:
            lines = f.read().splitlines()
        change(lines)
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        r = subprocess.run([sys.executable, CHECK, copy], capture_output=True, text=True)
        return r.returncode, r.stdout

    def test_the_check_names_a_wrong_key(self):
        def esp_key(lines):  # the first hex digit of the third SA's key
            f = lines[3].split(",")
            f[5] = '"0x%x' % (int(f[5][3], 16) ^ 1) + f[5][4:]
            lines[3] = ",".join(f)

        code, out = self.tampered("esp_sa", esp_key)
        self.assertEqual(code, 1, out)
        self.assertRegex(out, r"MISMATCH: esp_sa line 4: SPI 0x[0-9a-f]{8} .*: key\|\|salt ")

        def sk_er(lines):  # the last IKE SA's SK_er, last hex digit
            f = lines[-1].split(",")
            f[3] = f[3][:-1] + "%x" % (int(f[3][-1], 16) ^ 1)
            lines[-1] = ",".join(f)

        code, out = self.tampered("ikev2_decryption_table", sk_er)
        self.assertEqual(code, 1, out)
        self.assertRegex(out, r"MISMATCH: ikev2_decryption_table line 6: .*: SK_er ")

        code, out = self.tampered("psk", lambda lines: lines.__setitem__(0, lines[0] + "x"))
        self.assertEqual(code, 1, out)
        self.assertIn("IKE_AUTH request 13.10.1.1 -> 13.10.2.2, message ID 1): the AUTH payload is not the PSK's", out)

    def test_every_encrypted_message_decrypts(self):
        self.assertNotIn("Decryption failed", self.verbose)
        self.assertNotIn("Malformed", self.verbose)
        self.assertNotIn("[incorrect", self.verbose)
        protected = self.protected()
        self.assertGreater(len(protected), 20)
        for row in protected:
            # The pad length is inside the encrypted data: shown only once decrypted.
            self.assertTrue(row["isakmp.enc.pad_length"], row)
        # Wireshark verifies every message's ICV (GCM tag or HMAC) with the table's keys.
        self.assertEqual(len(re.findall(r"Integrity Checksum Data: .*\[correct\]", self.verbose)), len(protected))

    def test_ike_auth_shows_auth_data(self):
        auth = [r for r in self.rows if r["isakmp.exchangetype"] == IKE_AUTH]
        self.assertEqual(len(auth), 2, auth)  # the request and its response, no retransmission on this wire
        for row in auth:
            self.assertRegex(row["isakmp.auth.data"].replace(":", ""), r"^[0-9a-f]{40,}$", row)

    def test_create_child_sa_shows_rekey_sa(self):
        requests = [r for r in self.rows if r["isakmp.exchangetype"] == CREATE_CHILD_SA and self.is_request(r)]
        child = [r for r in requests if r["isakmp.prop.protoid"] == PROTO_ESP]
        ike = [r for r in requests if r["isakmp.prop.protoid"] == PROTO_IKE]
        self.assertEqual(len(child) + len(ike), len(requests), requests)
        self.assertGreaterEqual(len(child), 3)
        self.assertGreaterEqual(len(ike), 2)
        for row in child:  # one selector: every Child SA after IKE_AUTH's is a rekey
            self.assertIn(REKEY_SA, row["isakmp.notify.msgtype"].split(","), row)
        for row in ike:  # an IKE SA rekey has no REKEY_SA (RFC 7296 1.3.2)
            self.assertNotIn(REKEY_SA, row["isakmp.notify.msgtype"].split(","), row)


class AesGcm(Lifecycle, unittest.TestCase):
    SUITE = "gcm"


class Bare(Lifecycle, unittest.TestCase):
    SUITE = "bare"


if __name__ == "__main__":
    unittest.main(verbosity=2)
