#!/usr/bin/python3
"""Interop: the IKEv2 lifecycle of a whole scenario, on the simulated wire,
checked from its core-link captures alone.

`trio6sim run scenarios/blog-rekey.yaml --scale-rates 0.01 --pcap DIR
--ike-key-log FILE` runs PE1, P1 and PE2 for eight simulated minutes with
180 s lifetimes: IKE_SA_INIT, IKE_AUTH, Child SA rekeys and IKE SA rekeys
cross the same cables as the ESP. The frames both ways between PE1 and P1
(PE1's et-0/2/3 and et-0/2/4, P1's et-0/2/0 and et-0/2/1: each capture holds
what its port sends) are merged in time order into ike.pcap; with the key log
and the pre-shared key, decoded here from PE1's `$9$` line by this file's
own decoder, tests/interop/check_ike_keys.py recomputes every IKE and ESP key
from the RFCs and compares them with the run's esp_sa and
ikev2_decryption_table. Then tshark, with those two tables in a temporary
configuration folder, must decrypt every ESP frame of the core links (each
Child SA of the run seen) and every encrypted IKE message.

Run with TRIO6SIM=/path/to/trio6sim /usr/bin/python3 tests/interop/test_scenario_lifecycle.py.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
SCENARIO = os.path.join(ROOT, "scenarios", "blog-rekey.yaml")
PE1_CONF = os.path.join(ROOT, "scenarios", "configs", "blog-rekey", "PE1.conf")
PE2_CONF = os.path.join(ROOT, "scenarios", "configs", "blog-rekey", "PE2.conf")
CHECK = os.path.join(HERE, "check_ike_keys.py")
TRIO6SIM = os.environ.get("TRIO6SIM", "trio6sim")
SEARCH = "/usr/bin:/usr/local/bin:" + os.environ.get("PATH", "")
TSHARK = shutil.which("tshark", path=SEARCH)
MERGECAP = shutil.which("mergecap", path=SEARCH)  # wireshark-common, which tshark depends on
CORE = ["PE1-et-0_2_3.pcap", "PE1-et-0_2_4.pcap", "P1-et-0_2_0.pcap", "P1-et-0_2_1.pcap"]
IKE_SA_INIT = "34"

# --- Junos' $9$ obfuscation, decoded from the published algorithm (Kevin
# Brintnall's Crypt::Juniper): after "$9$", a salt letter whose family says
# how many random letters follow it; then each plain byte is a group of
# letters, each letter's distance from the previous one in the 65-letter
# alphabet (minus one) times a weight, the weights cycling over seven groups.
FAMILIES = ["QzF3n6/9CAtpu0O", "B1IREhcSyrleKvMW8LXx", "7N-dVbwsY2g4oaJZGUDj", "iHkq.mPf5T"]
ALPHABET = "".join(FAMILIES)
WEIGHTS = [[1, 4, 32], [1, 16, 32], [1, 8, 32], [1, 64], [1, 32], [1, 4, 16, 128], [1, 32, 64]]


def decode_secret9(secret):
    assert secret.startswith("$9$"), secret
    salt, rest = secret[3], secret[4:]
    rest = rest[next(3 - i for i, f in enumerate(FAMILIES) if salt in f):]
    prev, plain = salt, bytearray()
    while rest:
        weights = WEIGHTS[len(plain) % len(WEIGHTS)]
        group, rest = rest[:len(weights)], rest[len(weights):]
        assert len(group) == len(weights), "truncated $9$ secret"
        value = 0
        for letter, weight in zip(group, weights):
            value += ((ALPHABET.index(letter) - ALPHABET.index(prev)) % len(ALPHABET) - 1) * weight
            prev = letter
        plain.append(value % 256)
    return bytes(plain)


def config_psk(path):
    with open(path) as f:
        secrets = re.findall(r'pre-shared-key ascii-text "(\$9\$[^"]+)"', f.read())
    assert len(secrets) == 1, (path, secrets)
    return decode_secret9(secrets[0])


class BlogRekeyLifecycle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not TSHARK or not MERGECAP:
            raise SystemExit("tshark and mergecap not found (Debian packages tshark, wireshark-common; "
                             "scripts/install-deps.sh installs them)")
        cls.tmp = tempfile.TemporaryDirectory(prefix="trio6sim-lifecycle-")
        cls.dir = os.path.join(cls.tmp.name, "pcap")
        os.mkdir(cls.dir)  # --ike-key-log wants its folder to exist
        r = subprocess.run([TRIO6SIM, "run", SCENARIO, "--quiet", "--scale-rates", "0.01", "--pcap", cls.dir,
                            "--ike-key-log", os.path.join(cls.dir, "ike_keys.jsonl")],
                           capture_output=True, text=True, timeout=120)
        cls.run_result = r
        if r.returncode != 0:
            raise AssertionError("trio6sim run failed (%d): %s%s" % (r.returncode, r.stdout, r.stderr))
        # Both directions between PE1 and P1, in time order; nanosecond pcap,
        # which check_ike_keys.py reads (mergecap writes pcapng by default).
        cls.ike_pcap = os.path.join(cls.dir, "ike.pcap")
        subprocess.run([MERGECAP, "-F", "nsecpcap", "-w", cls.ike_pcap] + [os.path.join(cls.dir, c) for c in CORE],
                       check=True, capture_output=True, timeout=60)
        cls.psk = config_psk(PE1_CONF)
        with open(os.path.join(cls.dir, "psk"), "wb") as f:
            f.write(cls.psk)
        cls.check = subprocess.run([sys.executable, CHECK, cls.dir], capture_output=True, text=True, timeout=120)
        print(cls.check.stdout, end="", file=sys.stderr)
        # tshark reads both tables from its configuration folder.
        config = os.path.join(cls.tmp.name, "wireshark")
        os.mkdir(config)
        for table in ("esp_sa", "ikev2_decryption_table"):
            shutil.copy(os.path.join(cls.dir, table), config)
        cls.env = dict(os.environ, WIRESHARK_CONFIG_DIR=config)
        fields = ["frame.number", "esp.spi", "esp.protocol", "ip.src", "ip.dst", "ipv6.src", "mpls.label",
                  "isakmp.exchangetype", "isakmp.enc.pad_length"]
        cmd = [TSHARK, "-n", "-r", cls.ike_pcap, "-o", "esp.enable_encryption_decode:TRUE", "-T", "fields",
               "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,"]
        for f in fields:
            cmd += ["-e", f]
        r = subprocess.run(cmd, env=cls.env, capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            raise AssertionError("tshark failed (%d): %s" % (r.returncode, r.stderr))
        cls.rows = []
        for line in r.stdout.splitlines():
            values = line.split("|")
            cls.rows.append({k: (values[i].split(",") if values[i] else []) for i, k in enumerate(fields)})
        r = subprocess.run([TSHARK, "-n", "-r", cls.ike_pcap, "-Y", "isakmp", "-V"], env=cls.env,
                           capture_output=True, text=True, timeout=120)
        cls.ike_verbose = r.stdout

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_psk_decoded_independently(self):
        self.assertEqual(self.psk, b"Juniper_HPE")
        # PE2's line is another encoding (another salt) of the same key.
        self.assertEqual(config_psk(PE2_CONF), self.psk)

    def test_independent_key_check(self):
        out = self.check.stdout
        self.assertEqual(self.check.returncode, 0, out + self.check.stderr)
        self.assertIn("\nOK: ", out)
        self.assertRegex(out, r"AUTH: 2 payloads verified")
        self.assertGreaterEqual(int(re.search(r"of which (\d+) with REKEY_SA", out).group(1)), 3, out)
        self.assertGreaterEqual(int(re.search(r"(\d+) by IKE SA rekey", out).group(1)), 2, out)
        # Every line of both tables was compared: 2 ESP SAs per Child SA, one line per IKE SA.
        children = int(re.search(r"Child SAs: (\d+) ", out).group(1))
        esp_lines, ike_lines = map(int, re.search(r"esp_sa: (\d+) lines; ikev2_decryption_table: (\d+) lines",
                                                  out).groups())
        self.assertEqual(esp_lines, 2 * children, out)
        self.assertEqual(ike_lines, int(re.search(r"IKE SAs: (\d+) derived", out).group(1)), out)

    def test_every_esp_frame_decrypts(self):
        esp = [r for r in self.rows if r["esp.spi"]]
        # Decrypted: ESP's next header is shown, and behind it the inner packet
        # (a second IPv4 header, or label 17 and IPv6 for 6PE).
        decrypted = [r for r in esp if r["esp.protocol"] and (len(r["ip.src"]) == 2 or
                                                             (r["mpls.label"] == ["17"] and r["ipv6.src"]))]
        self.assertGreater(len(esp), 0)
        self.assertGreater(len(decrypted), 0)
        self.assertEqual(len(decrypted), len(esp))
        # Each Child SA of the run carried traffic, and Wireshark opened it.
        with open(os.path.join(self.dir, "esp_sa")) as f:
            table = {int(line.split(",")[3].strip('"'), 16) for line in f if line.strip() and not line.startswith("#")}
        seen = {int(r["esp.spi"][0], 16) for r in decrypted}
        self.assertGreaterEqual(len(seen), 8, sorted(map(hex, seen)))
        self.assertEqual(seen, table)

    def test_every_ike_message_decrypts(self):
        ike = [r for r in self.rows if r["isakmp.exchangetype"]]
        protected = [r for r in ike if r["isakmp.exchangetype"] != [IKE_SA_INIT]]
        self.assertGreaterEqual(len(ike), 3 + 2 + 2 * (3 + 2))  # SA_INIT, AUTH, a pair per rekey at least
        for row in protected:
            self.assertTrue(row["isakmp.enc.pad_length"], row)  # inside the encrypted data
        self.assertNotIn("Decryption failed", self.ike_verbose)
        self.assertNotIn("Malformed", self.ike_verbose)
        self.assertNotIn("[incorrect", self.ike_verbose)
        self.assertEqual(len(re.findall(r"Integrity Checksum Data: .*\[correct\]", self.ike_verbose)), len(protected))
        # The capture's IKE messages are the ones the independent check walked.
        walked = int(re.search(r"capture: (\d+) IKEv2 datagrams", self.check.stdout).group(1))
        self.assertEqual(len(ike), walked)


if __name__ == "__main__":
    unittest.main(verbosity=2)
