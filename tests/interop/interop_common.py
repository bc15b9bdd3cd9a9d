"""Shared helpers for the trio6sim ESP interop tests (scapy and tshark peers).

Runs `trio6sim esp seal|open` as a subprocess, writes SA.json files, and builds
inner test packets with scapy. The trio6sim binary comes from $TRIO6SIM.
"""
import json
import os
import subprocess
import tempfile

from scapy.layers.inet import IP, UDP, TCP
from scapy.layers.inet6 import IPv6
from scapy.packet import raw


def trio6sim_binary():
    path = os.environ.get("TRIO6SIM")
    if not path:
        raise SystemExit("TRIO6SIM is not set: export TRIO6SIM=/path/to/build/tools/trio6sim "
                         "(ctest sets it; see tests/interop/CMakeLists.txt)")
    if not os.access(path, os.X_OK):
        raise SystemExit("TRIO6SIM=%s is not an executable file" % path)
    return path


TRIO6SIM = trio6sim_binary()

KEY128 = bytes.fromhex("feffe9928665731c6d6a8f9467308308")
KEY256 = bytes.fromhex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308")
SALT = bytes.fromhex("cafebabe")
SPI = 0x6D0C6331

V4_LOCAL, V4_REMOTE = "13.10.1.1", "13.10.2.2"
V6_LOCAL, V6_REMOTE = "2001:db8:13:10::1", "2001:db8:13:20::2"


def make_sa(key=KEY256, esn=False, outer_v6=False, udp=None, dscp="copy", df="clear",
            replay_top=0, spi=SPI, salt=SALT):
    """An SA.json dictionary; `udp` is None or (sport, dport)."""
    return {
        "spi": "0x%08x" % spi,
        "algorithm": "aes-128-gcm" if len(key) == 16 else "aes-256-gcm",
        "key": key.hex(),
        "salt": salt.hex(),
        "esn": esn,
        "replay_window": 4096,
        "replay_top": replay_top,
        "local": V6_LOCAL if outer_v6 else V4_LOCAL,
        "remote": V6_REMOTE if outer_v6 else V4_REMOTE,
        "udp_encap": None if udp is None else {"sport": udp[0], "dport": udp[1]},
        "dscp": dscp,
        "copy_outer_dscp": False,
        "df": df,
        "tunnel_mtu": 0,
    }


class Trio6sim:
    """Runs trio6sim esp seal/open with SA files kept in a temporary directory."""

    def __init__(self):
        self._dir = tempfile.TemporaryDirectory(prefix="trio6sim-interop-")
        self._count = 0

    def close(self):
        self._dir.cleanup()

    def sa_file(self, sa):
        self._count += 1
        path = os.path.join(self._dir.name, "sa%d.json" % self._count)
        with open(path, "w") as f:
            json.dump(sa, f)
        return path

    def seal(self, sa, inner, seq=None, iv=None):
        cmd = [TRIO6SIM, "esp", "seal", "--sa", self.sa_file(sa), "--in", bytes(inner).hex()]
        if seq is not None:
            cmd += ["--seq", "0x%x" % seq]
        if iv is not None:
            cmd += ["--iv", iv.hex()]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        if r.returncode != 0:
            raise AssertionError("trio6sim esp seal failed (%d): %s\n%s" % (r.returncode, r.stderr, " ".join(cmd)))
        return bytes.fromhex(r.stdout.strip())

    def open(self, sa, outer):
        """Returns (exit code, inner bytes or None, stderr text)."""
        cmd = [TRIO6SIM, "esp", "open", "--sa", self.sa_file(sa), "--in", bytes(outer).hex()]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        inner = bytes.fromhex(r.stdout.strip()) if r.returncode == 0 else None
        return r.returncode, inner, r.stderr.strip()


def pad_bytes_for(inner_len):
    """RFC 4303 2.4 with GCM's 1-byte block: inner + pad + 2 is a multiple of 4."""
    return (4 - (inner_len + 2) % 4) % 4


def inner_v4(total_len, tos=0, df=False, src="10.1.0.1", dst="10.2.0.2", sport=1234, dport=5678):
    """An inner IPv4/UDP packet of exactly `total_len` bytes (>= 28)."""
    assert total_len >= 28
    p = IP(src=src, dst=dst, tos=tos, flags="DF" if df else 0, id=0x1234) / UDP(sport=sport, dport=dport) / \
        bytes((i * 7) & 0xFF for i in range(total_len - 28))
    b = raw(p)
    assert len(b) == total_len
    return b


def inner_v6(total_len, tc=0, src="2001:db8:a::1", dst="2001:db8:b::2", sport=4321, dport=8765):
    """An inner IPv6/UDP packet of exactly `total_len` bytes (>= 48)."""
    assert total_len >= 48
    p = IPv6(src=src, dst=dst, tc=tc, fl=0x12345) / UDP(sport=sport, dport=dport) / \
        bytes((i * 13) & 0xFF for i in range(total_len - 48))
    b = raw(p)
    assert len(b) == total_len
    return b


def inner_v4_tcp(total_len, src="10.1.0.1", dst="10.2.0.2"):
    assert total_len >= 40
    b = raw(IP(src=src, dst=dst) / TCP(sport=40000, dport=443, flags="PA") / bytes(total_len - 40))
    assert len(b) == total_len
    return b


# Sizes whose padding is 0, 1, 2 and 3 bytes, for IPv4 (>= 28) and IPv6 (>= 48) inners.
V4_SIZES = [30, 29, 28, 31, 64, 1401]
V6_SIZES = [50, 49, 48, 51, 1280]
assert sorted({pad_bytes_for(n) for n in V4_SIZES}) == [0, 1, 2, 3]
assert sorted({pad_bytes_for(n) for n in V6_SIZES}) == [0, 1, 2, 3]
