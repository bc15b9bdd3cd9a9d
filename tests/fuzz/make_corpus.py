#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/) from the
repository's own inputs: Junos configurations and scenarios, the scapy
reference frames of tests/packet, the SA.json example, and ESP packets sealed
here with the SAs of esp_fuzz_sa.h (AES-GCM from python3-cryptography, an
implementation independent of ours). Run from anywhere; rewrites the folders.
Kept small on purpose: libFuzzer grows its own corpus from these.
"""
import os
import re
import shutil
import struct

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")


def out_dir(target):
    d = os.path.join(CORPUS, target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def write(d, name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def copy_files(target, paths):
    d = out_dir(target)
    for p in paths:
        with open(os.path.join(REPO, p), "rb") as f:
            write(d, p.replace("/", "_"), f.read())


def reference_frames():
    text = open(os.path.join(REPO, "tests/packet/reference_frames.h")).read()
    frames = {}
    for name, body in re.findall(r"std::array<uint8_t, \d+> (\w+) = \{(.*?)\};", text, re.S):
        frames[name] = bytes(int(b, 16) for b in re.findall(r"0x([0-9a-fA-F]{2})", body))
    return frames


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(src, dst, proto, payload, tos=0):
    h = struct.pack("!BBHHHBBH4s4s", 0x45, tos, 20 + len(payload), 1, 0, 64, proto, 0, bytes(src), bytes(dst))
    h = h[:10] + struct.pack("!H", checksum(h)) + h[12:]
    return h + payload


def ipv6(src, dst, nh, payload):
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), nh, 64, bytes(src), bytes(dst)) + payload


# esp_fuzz_sa.h, byte by byte.
SPI = 0x6D0C6331
SALT = bytes.fromhex("cafebabe")


def seal(choice, inner, seq, next_header):
    v6, udp, esn, framing = choice & 1, choice & 2, choice & 4, choice & 0x10
    key = bytes((i * 7 + 1) & 0xFF for i in range(16 if choice & 0x20 else 32))
    pad = (-(len(inner) + 2)) % 4
    plain = inner + bytes(range(1, pad + 1)) + bytes([pad, next_header])
    iv = struct.pack("!Q", seq)
    aad = struct.pack("!II", SPI, seq >> 32) + struct.pack("!I", seq & 0xFFFFFFFF) if esn else struct.pack("!II", SPI, seq & 0xFFFFFFFF)
    body = plain + bytes(16) if framing else AESGCM(key).encrypt(SALT + iv, plain, aad)
    esp = struct.pack("!II", SPI, seq & 0xFFFFFFFF) + iv + body
    if udp:
        esp = struct.pack("!HHHH", 50000, 4500, 8 + len(esp), 0) + esp
    proto = 17 if udp else 50
    if v6:
        return ipv6(bytes.fromhex("20010db8001300100000000000000001"), bytes.fromhex("20010db8001300100000000000000002"), proto, esp)
    return ipv4([13, 10, 1, 1], [13, 10, 2, 2], proto, esp)


def main():
    frames = reference_frames()
    d = out_dir("frame_parser")
    for name, frame in sorted(frames.items()):
        write(d, name, frame)
        if frame[12:14] == b"\x08\x00" or frame[12:14] == b"\x86\xdd":
            write(d, name + "_l3", frame[14:])

    inners = {name: f[14:] for name, f in frames.items() if f[12:14] in (b"\x08\x00", b"\x86\xdd")}
    d = out_dir("esp_roundtrip")
    for i, (name, inner) in enumerate(sorted(inners.items())):
        for choice in (0x00, 0x07, 0x0B, 0x15, 0x2C):
            seq = [0, 7, 0xFFFFFFF0, 1, 100][i % 5]
            write(d, f"{name}_{choice:02x}", bytes([choice]) + struct.pack("!I", seq) + bytes([2 * i]) + inner)
    write(d, "mpls_0d", bytes([0x0D, 0, 0, 0, 5, 1]) + bytes.fromhex("0001f140") + inners["kScapyUdpV4"])

    d = out_dir("esp_open")
    for i, (name, inner) in enumerate(sorted(inners.items())):
        for choice in (0x00, 0x03, 0x06, 0x0C, 0x11, 0x27):
            nh = 4 if inner[0] >> 4 == 4 else 41
            write(d, f"{name}_{choice:02x}", bytes([choice, 0]) + seal(choice, inner, 5 + i, nh))
            if choice & 4:  # ESN: a packet of the second epoch, then a late one of the first
                a = seal(choice, inner, (1 << 32) + 3, nh)
                b = seal(choice, inner, 0xFFFFFFF0, nh)
                write(d, f"{name}_{choice:02x}_esn_pair", bytes([choice, 1]) + a + b)

    sa = open(os.path.join(REPO, "docs/examples/sa.json"), "rb").read()
    d = out_dir("sa_json")
    write(d, "docs_examples_sa.json", sa)
    write(d, "v6_udp.json", b'{"spi": 4096, "algorithm": "aes-128-gcm", "key": "000102030405060708090a0b0c0d0e0f", '
          b'"salt": "01020304", "esn": false, "replay_window": 0, "replay_top": 12, "local": "2001:db8::1", '
          b'"remote": "2001:db8::2", "udp_encap": {"sport": 0, "dport": 4500}, "dscp": 46, '
          b'"copy_outer_dscp": true, "df": "copy", "tunnel_mtu": 1400, "protocol": "esp", "mode": "tunnel"}')
    write(d, "yaml_form.yaml", b"spi: 0x100\nalgorithm: aes-256-gcm\nkey: " + b"ab" * 32 +
          b"\nsalt: '00000000'\nesn: true\nreplay_window: 4096\nreplay_top: 0\nlocal: 10.0.0.1\n"
          b"remote: 10.0.0.2\nudp_encap: null\ndscp: copy\ncopy_outer_dscp: false\ndf: set\ntunnel_mtu: 0\n")

    copy_files("scenario", sorted("scenarios/" + f for f in os.listdir(os.path.join(REPO, "scenarios")) if f.endswith(".yaml")))
    configs = []
    for sub in ("blog-global-v4v6", "blog-evpn-vxlan", "blog-udp-encap", "mpls-gre-ipsec", "tunnel-mtu-df", "dscp-remark",
                "techlib-p2p", "unsupported-ah", "errors"):
        for f in sorted(os.listdir(os.path.join(REPO, "scenarios/configs", sub))):
            if f.endswith(".conf") and f not in ("too-many-tunnels.conf", "too-many-sa-pairs.conf"):  # 178, 106 kB: too big for a seed
                configs.append(f"scenarios/configs/{sub}/{f}")
    copy_files("junos_config", configs)


if __name__ == "__main__":
    main()
