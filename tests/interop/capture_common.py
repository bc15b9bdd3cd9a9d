"""Shared by the scenario-capture interop tests: run a scenario with --pcap and
--json, and read a capture's fields with tshark, decrypting ESP with the SA
table (esp_sa) the run wrote.

The trio6sim binary comes from $TRIO6SIM (ctest sets it).
"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

TRIO6SIM = os.environ.get("TRIO6SIM", "trio6sim")
TSHARK = shutil.which("tshark", path="/usr/bin:/usr/local/bin:" + os.environ.get("PATH", ""))


class ScenarioCaptures:
    """`trio6sim run SCENARIO --quiet --pcap DIR --json FILE` in a temporary folder."""

    def __init__(self, scenario, prefix, timeout, extra_args=()):
        if TSHARK is None:
            raise SystemExit("tshark not found (Debian package tshark; scripts/install-deps.sh installs it)")
        self.tmp = tempfile.TemporaryDirectory(prefix=prefix)
        self.dir = os.path.join(self.tmp.name, "pcap")
        report = os.path.join(self.tmp.name, "report.json")
        r = subprocess.run([TRIO6SIM, "run", scenario, "--quiet", "--pcap", self.dir, "--json", report, *extra_args],
                           capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0:
            raise AssertionError("trio6sim run failed (%d): %s%s" % (r.returncode, r.stdout, r.stderr))
        with open(report) as f:
            self.report = json.load(f)
        # tshark reads the ESP SA table from its configuration folder.
        self.config = os.path.join(self.tmp.name, "wireshark")
        os.mkdir(self.config)
        shutil.copy(os.path.join(self.dir, "esp_sa"), os.path.join(self.config, "esp_sa"))

    def fields(self, capture, fields, timeout=300, decode_as=()):
        """Each frame of `capture` as {field: [values]}, ESP decrypted; `decode_as`:
        tshark -d rules (such as ESP in UDP on a port other than 4500)."""
        cmd = [TSHARK, "-n", "-r", os.path.join(self.dir, capture), "-o", "esp.enable_encryption_decode:TRUE",
               *[a for rule in decode_as for a in ("-d", rule)],
               "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=,"]
        for f in fields:
            cmd += ["-e", f]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                           env=dict(os.environ, WIRESHARK_CONFIG_DIR=self.config))
        if r.returncode != 0:
            raise AssertionError("tshark failed: " + r.stderr)
        rows = []
        for line in r.stdout.splitlines():
            values = line.split("\t")
            rows.append({k: (values[i].split(",") if i < len(values) and values[i] else []) for i, k in enumerate(fields)})
        return rows

    def cleanup(self):
        self.tmp.cleanup()


class ScenarioCaptureTest(unittest.TestCase):
    """A test class over one scenario's run: `captures` (ScenarioCaptures) and
    `report` (its JSON) made once for the class. Subclasses set SCENARIO and
    PREFIX, and TIMEOUT or EXTRA_ARGS when the defaults do not fit."""

    SCENARIO = None
    PREFIX = "trio6sim-capture-"
    TIMEOUT = 300
    EXTRA_ARGS = ()

    @classmethod
    def setUpClass(cls):
        cls.captures = ScenarioCaptures(cls.SCENARIO, cls.PREFIX, cls.TIMEOUT, cls.EXTRA_ARGS)
        cls.report = cls.captures.report

    @classmethod
    def tearDownClass(cls):
        cls.captures.cleanup()
