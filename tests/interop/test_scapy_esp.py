#!/usr/bin/python3
"""Interop: trio6sim's ESP engine against scapy 2.5's IPsec implementation.

Run with Debian's /usr/bin/python3 (scapy 2.5 and cryptography are Debian
packages) and TRIO6SIM=/path/to/trio6sim:
    TRIO6SIM=build/tools/trio6sim /usr/bin/python3 tests/interop/test_scapy_esp.py
or `ctest -R interop`.

Directions checked:
  * trio6sim seals -> scapy's SecurityAssociation decrypts (and its ESP bytes
    equal scapy's own encryption of the same inner packet with the same IV);
  * scapy seals -> `trio6sim esp open` recovers the inner packet;
  * negative cases: the Junos counter name trio6sim prints on stderr.
See docs/interop.md.
"""
import os
import struct
import sys
import unittest

sys.dont_write_bytecode = True  # keep the source tree clean of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_common import (KEY128, KEY256, SALT, SPI, V4_LOCAL, V4_REMOTE, V6_LOCAL, V6_REMOTE, V4_SIZES,  # noqa: E402
                            V6_SIZES, Trio6sim, inner_v4, inner_v4_tcp, inner_v6, make_sa, pad_bytes_for)

from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402
from scapy.layers.inet import IP, UDP  # noqa: E402
from scapy.layers.inet6 import IPv6  # noqa: E402
from scapy.layers.ipsec import ESP, SecurityAssociation  # noqa: E402
from scapy.packet import raw  # noqa: E402

KEYS = [("aes-128-gcm", KEY128), ("aes-256-gcm", KEY256)]
# (esn, 64-bit sequence number): 32-bit sequence numbers, and ESN with and
# without high bits (0x1_0000_0005 puts 1 in the high half of the AAD).
SEQUENCES = [(False, 1), (False, 0xFFFFFFFE), (True, 5), (True, 0x100000005)]
UDP_ENCAPS = [None, (4500, 4500)]
INNERS = [("v4", n) for n in V4_SIZES] + [("v6", n) for n in V6_SIZES]

IPPROTO_IPIP, IPPROTO_IPV6, IPPROTO_UDP, IPPROTO_ESP = 4, 41, 17, 50


def sa_matrix():
    """(algorithm name, key, esn, 64-bit SN, outer v6, udp) for every SA of the matrix."""
    for alg, key in KEYS:
        for esn, seq in SEQUENCES:
            for outer_v6 in (False, True):
                for udp in UDP_ENCAPS:
                    yield alg, key, esn, seq, outer_v6, udp


MATRIX_SIZE = len(KEYS) * len(SEQUENCES) * 2 * len(UDP_ENCAPS) * len(INNERS)


def build_inner(kind, size, **kw):
    return inner_v4(size, **kw) if kind == "v4" else inner_v6(size, **kw)


def scapy_sa(key, esn, seq, outer_v6, udp, spi=SPI):
    """scapy 2.5 SA for one direction: crypt_key is the AES key followed by the
    4-byte salt; esn_en/esn carry the ESN flag and the high 32 bits."""
    tunnel = IPv6(src=V6_LOCAL, dst=V6_REMOTE) if outer_v6 else IP(src=V4_LOCAL, dst=V4_REMOTE)
    return SecurityAssociation(ESP, spi=spi, seq_num=seq & 0xFFFFFFFF, crypt_algo="AES-GCM",
                               crypt_key=key + SALT, tunnel_header=tunnel,
                               nat_t_header=UDP(sport=udp[0], dport=udp[1]) if udp else None,
                               esn_en=esn, esn=seq >> 32)


def scapy_encrypt(ssa, inner, **kw):
    """SecurityAssociation.encrypt, returned as bytes, with scapy 2.5's NAT-T
    length bug fixed: over IPv4, _encrypt_esp re-parses the outer header
    before the ESP payload is attached, freezing the UDP length at 8 (see
    ScapyQuirks.test_scapy_nat_t_ipv4_udp_length). The length is recomputed;
    nothing else changes (the ESP bytes are scapy's own)."""
    pkt = ssa.encrypt(parse_outer(inner), **kw)
    if UDP in pkt:
        del pkt[UDP].len
        if pkt.version == 4:
            del pkt[IP].len
            del pkt[IP].chksum
    return raw(pkt)


def parse_outer(outer):
    return IPv6(outer) if outer[0] >> 4 == 6 else IP(outer)


def with_esp_layer(pkt):
    """scapy binds UDP->ESP only on port 4500; force the ESP layer otherwise."""
    if ESP not in pkt and UDP in pkt:
        pkt[UDP].payload = ESP(raw(pkt[UDP].payload))
    return pkt


def esp_offset(outer):
    return (40 if outer[0] >> 4 == 6 else 20) + (8 if (outer[9] if outer[0] >> 4 == 4 else outer[6]) == 17 else 0)


def gcm_plaintext(key, esp, esn, seq):
    """Independent RFC 4106 decryption (cryptography's AESGCM) returning the
    whole plaintext, trailer included: scapy 2.5's _ESPPlain.padding is sliced
    after the data was cut and so does not hold the pad bytes."""
    spi, seq_low = struct.unpack("!LL", esp[:8])
    aad = struct.pack("!LLL", spi, seq >> 32, seq_low) if esn else struct.pack("!LL", spi, seq_low)
    return AESGCM(key).decrypt(SALT + esp[8:16], esp[16:], aad)


class ScapyCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.t6 = Trio6sim()

    @classmethod
    def tearDownClass(cls):
        cls.t6.close()

    def check_outer(self, outer, outer_v6, udp, esp_len):
        pkt = parse_outer(outer)
        l4 = IPPROTO_UDP if udp else IPPROTO_ESP
        if outer_v6:
            self.assertEqual(pkt.version, 6)
            self.assertEqual((pkt.src, pkt.dst), (V6_LOCAL, V6_REMOTE))
            self.assertEqual(pkt.nh, l4)
            self.assertEqual(pkt.plen, len(outer) - 40)
            self.assertGreater(pkt.hlim, 0)
        else:
            self.assertEqual(pkt.version, 4)
            self.assertEqual(pkt.ihl, 5)
            self.assertEqual((pkt.src, pkt.dst), (V4_LOCAL, V4_REMOTE))
            self.assertEqual(pkt.proto, l4)
            self.assertEqual(pkt.len, len(outer))
            self.assertEqual(pkt.frag, 0)
            self.assertFalse(pkt.flags.MF)
            self.assertGreater(pkt.ttl, 0)
            ref = pkt.copy()
            del ref.chksum
            self.assertEqual(IP(raw(ref)).chksum, pkt.chksum, "outer IPv4 header checksum")
        if udp:
            u = pkt[UDP]
            if udp[0]:
                self.assertEqual(u.sport, udp[0])
            self.assertEqual(u.dport, udp[1])
            self.assertEqual(u.len, 8 + esp_len)
            if outer_v6:  # IPv6 needs a UDP checksum; compare with scapy's
                self.assertNotEqual(u.chksum, 0)
                ref = pkt.copy()
                del ref[UDP].chksum
                self.assertEqual(IPv6(raw(ref))[UDP].chksum, u.chksum, "outer UDP checksum over IPv6")
            else:  # RFC 3948 2.1: zero over IPv4
                self.assertEqual(u.chksum, 0)
        return pkt


class Trio6simSealsScapyOpens(ScapyCase):
    """trio6sim esp seal -> scapy SecurityAssociation.decrypt."""

    def test_matrix(self):
        count = 0
        for alg, key, esn, seq, outer_v6, udp in sa_matrix():
            sa = make_sa(key=key, esn=esn, outer_v6=outer_v6, udp=udp)
            for kind, size in INNERS:
                with self.subTest(alg=alg, esn=esn, seq=hex(seq), outer="v6" if outer_v6 else "v4",
                                  udp=udp, inner=kind, size=size):
                    self.one(key, esn, seq, outer_v6, udp, sa, build_inner(kind, size))
                    count += 1
        self.assertEqual(count, MATRIX_SIZE)

    def one(self, key, esn, seq, outer_v6, udp, sa, inner):
        outer = self.t6.seal(sa, inner, seq=seq)
        pad = pad_bytes_for(len(inner))
        esp_len = 8 + 8 + len(inner) + pad + 2 + 16
        self.assertEqual(len(outer), (40 if outer_v6 else 20) + (8 if udp else 0) + esp_len)
        pkt = self.check_outer(outer, outer_v6, udp, esp_len)
        esp = outer[esp_offset(outer):]
        self.assertEqual(esp[:4], struct.pack("!L", SPI))
        self.assertEqual(esp[4:8], struct.pack("!L", seq & 0xFFFFFFFF), "ESP carries the low 32 bits only")
        self.assertEqual(esp[8:16], struct.pack("!Q", seq), "default IV is the 64-bit sequence number")

        # scapy decrypts the whole tunnel packet back to the exact inner bytes.
        ssa = scapy_sa(key, esn, seq, outer_v6, udp)
        clear = ssa.decrypt(with_esp_layer(pkt))
        self.assertEqual(raw(clear), inner)
        # scapy's view of the trailer: pad length and next header.
        plain = ssa.crypt_algo.decrypt(ssa, with_esp_layer(parse_outer(outer))[ESP], ssa.crypt_key,
                                       esn_en=esn, esn=seq >> 32)
        nh = IPPROTO_IPIP if inner[0] >> 4 == 4 else IPPROTO_IPV6
        self.assertEqual((plain.padlen, plain.nh), (pad, nh))
        # The pad bytes themselves: 1, 2, 3, ... (RFC 4303 2.4).
        pt = gcm_plaintext(key, esp, esn, seq)
        self.assertEqual(pt, inner + bytes(range(1, pad + 1)) + bytes([pad, nh]))

        # Byte equality: scapy's own encryption with the same sequence number
        # and IV produces the same ESP bytes (SPI to ICV).
        ref = scapy_sa(key, esn, seq, outer_v6, udp).encrypt(parse_outer(inner), seq_num=seq & 0xFFFFFFFF,
                                                             iv=struct.pack("!Q", seq))
        self.assertEqual(raw(with_esp_layer(ref)[ESP]), esp)

    def test_explicit_iv(self):
        iv = bytes.fromhex("0123456789abcdef")
        inner = inner_v4(61)
        sa = make_sa(key=KEY128, esn=True)
        outer = self.t6.seal(sa, inner, seq=0x100000005, iv=iv)
        self.assertEqual(outer[20 + 8:20 + 16], iv)
        clear = scapy_sa(KEY128, True, 0x100000005, False, None).decrypt(IP(outer))
        self.assertEqual(raw(clear), inner)

    def test_default_sequence_is_one(self):
        inner = inner_v6(100)
        sa = make_sa(key=KEY256, outer_v6=True)
        outer = self.t6.seal(sa, inner)
        self.assertEqual(outer[40 + 4:40 + 16], struct.pack("!LQ", 1, 1))
        self.assertEqual(raw(scapy_sa(KEY256, False, 1, True, None).decrypt(IPv6(outer))), inner)

    def test_tcp_inner(self):
        inner = inner_v4_tcp(333)
        for outer_v6 in (False, True):
            with self.subTest(outer_v6=outer_v6):
                outer = self.t6.seal(make_sa(outer_v6=outer_v6, udp=(4500, 4500)), inner, seq=9)
                clear = scapy_sa(KEY256, False, 9, outer_v6, (4500, 4500)).decrypt(parse_outer(outer))
                self.assertEqual(raw(clear), inner)


class OuterHeaderPolicy(ScapyCase):
    """DSCP, ECN, DF and UDP source port of the outer header written by trio6sim."""

    def seal_and_decrypt(self, sa, inner, outer_v6, udp=None, seq=3):
        outer = self.t6.seal(sa, inner, seq=seq)
        pkt = parse_outer(outer)
        self.assertEqual(raw(scapy_sa(KEY256, False, seq, outer_v6, udp).decrypt(with_esp_layer(parse_outer(outer)))),
                         inner)
        return pkt

    @staticmethod
    def outer_tos(pkt):
        return pkt.tc if pkt.version == 6 else pkt.tos

    def test_dscp_copy(self):
        for outer_v6 in (False, True):
            for kind in ("v4", "v6"):
                for tos in (0x00, 0xB8, 0x29, 0xFE):  # DSCP 46 ECN 0; DSCP 10 ECN 1; DSCP 63 ECN 2
                    with self.subTest(outer_v6=outer_v6, inner=kind, tos=hex(tos)):
                        inner = inner_v4(80, tos=tos) if kind == "v4" else inner_v6(80, tc=tos)
                        pkt = self.seal_and_decrypt(make_sa(outer_v6=outer_v6, dscp="copy"), inner, outer_v6)
                        self.assertEqual(self.outer_tos(pkt) >> 2, tos >> 2, "DSCP copied from the inner header")
                        self.assertEqual(self.outer_tos(pkt) & 3, tos & 3, "ECN copied (RFC 6040 normal mode)")

    def test_dscp_fixed(self):
        for outer_v6 in (False, True):
            for tos in (0x00, 0xB8, 0x02):
                with self.subTest(outer_v6=outer_v6, tos=hex(tos)):
                    pkt = self.seal_and_decrypt(make_sa(outer_v6=outer_v6, dscp=10), inner_v4(90, tos=tos), outer_v6)
                    self.assertEqual(self.outer_tos(pkt) >> 2, 10, "fixed DSCP")
                    self.assertEqual(self.outer_tos(pkt) & 3, tos & 3, "ECN still copied")

    def test_df_policy(self):
        cases = [  # (policy, inner kind, inner DF, expected outer DF)
            ("clear", "v4", True, False), ("clear", "v4", False, False),
            ("set", "v4", False, True), ("set", "v4", True, True), ("set", "v6", False, True),
            ("copy", "v4", True, True), ("copy", "v4", False, False), ("copy", "v6", False, False),
        ]
        for policy, kind, inner_df, want in cases:
            with self.subTest(df=policy, inner=kind, inner_df=inner_df):
                inner = inner_v4(70, df=inner_df) if kind == "v4" else inner_v6(70)
                pkt = self.seal_and_decrypt(make_sa(df=policy), inner, False)
                self.assertEqual(bool(pkt.flags.DF), want)

    def test_udp_source_port_from_flow_hash(self):
        for outer_v6 in (False, True):
            for i in range(12):
                inner = inner_v4(60, sport=1000 + i) if i % 2 else inner_v6(60, sport=2000 + i)
                with self.subTest(outer_v6=outer_v6, flow=i):
                    sa = make_sa(outer_v6=outer_v6, udp=(0, 4500))
                    pkt = self.seal_and_decrypt(sa, inner, outer_v6, udp=(0, 4500))
                    self.assertTrue(49152 <= pkt[UDP].sport <= 65535, pkt[UDP].sport)
                    self.assertEqual(pkt[UDP].dport, 4500)
                    # Deterministic per flow.
                    self.assertEqual(parse_outer(self.t6.seal(sa, inner, seq=4))[UDP].sport, pkt[UDP].sport)

    # The source port comes from the inner flow hash: different flows spread
    # over 49152..65535 (and over IPv6 flow labels) for the core's ECMP.
    def test_udp_source_port_differs_between_flows(self):
        ports = set()
        for i in range(16):
            inner = inner_v4(60, src="10.1.0.%d" % (i + 1), sport=1000 + i)
            ports.add(parse_outer(self.t6.seal(make_sa(udp=(0, 4500)), inner, seq=1))[UDP].sport)
        self.assertGreater(len(ports), 1, "16 different flows all got one UDP source port")

    def test_udp_non_4500_ports(self):
        inner = inner_v6(77)
        for outer_v6 in (False, True):
            with self.subTest(outer_v6=outer_v6):
                pkt = self.seal_and_decrypt(make_sa(outer_v6=outer_v6, udp=(1701, 4501)), inner, outer_v6,
                                            udp=(1701, 4501))
                self.assertEqual((pkt[UDP].sport, pkt[UDP].dport), (1701, 4501))


class ScapySealsTrio6simOpens(ScapyCase):
    """scapy SecurityAssociation.encrypt -> trio6sim esp open."""

    def test_matrix(self):
        count = 0
        for alg, key, esn, seq, outer_v6, udp in sa_matrix():
            # The inbound SA infers the ESN high half from its replay window:
            # start it just below the packet's sequence number.
            sa = make_sa(key=key, esn=esn, outer_v6=outer_v6, udp=udp, replay_top=seq - 1)
            for n, (kind, size) in enumerate(INNERS):
                with self.subTest(alg=alg, esn=esn, seq=hex(seq), outer="v6" if outer_v6 else "v4",
                                  udp=udp, inner=kind, size=size):
                    self.one(key, esn, seq, outer_v6, udp, sa, build_inner(kind, size), n)
                    count += 1
        self.assertEqual(count, MATRIX_SIZE)

    def one(self, key, esn, seq, outer_v6, udp, sa, inner, n):
        # Random IV (scapy's default) on odd cases, the sequence number on even ones.
        iv = struct.pack("!Q", seq) if n % 2 == 0 else None
        enc = scapy_encrypt(scapy_sa(key, esn, seq, outer_v6, udp), inner, seq_num=seq & 0xFFFFFFFF, iv=iv)
        rc, got, err = self.t6.open(sa, enc)
        self.assertEqual((rc, err), (0, ""))
        self.assertEqual(got, inner)
        if iv is not None:  # same IV: trio6sim's own seal gives the same ESP bytes
            mine = self.t6.seal(sa, inner, seq=seq)
            self.assertEqual(mine[esp_offset(mine):], enc[esp_offset(enc):])

    def test_tcp_inner_sport_not_4500(self):
        inner = inner_v4_tcp(200)
        for outer_v6 in (False, True):
            with self.subTest(outer_v6=outer_v6):
                sa = make_sa(outer_v6=outer_v6, udp=(0, 4500))
                enc = scapy_encrypt(scapy_sa(KEY256, False, 77, outer_v6, (55555, 4500)), inner, seq_num=77)
                rc, got, err = self.t6.open(sa, enc)
                self.assertEqual((rc, err, got), (0, "", inner))


class ScapyQuirks(ScapyCase):
    """Pins the scapy 2.5 behaviour the other tests work around."""

    def test_scapy_nat_t_ipv4_udp_length(self):
        ssa = scapy_sa(KEY256, False, 1, False, (4500, 4500))
        enc = raw(ssa.encrypt(IP(inner_v4(64)), seq_num=1))
        self.assertEqual(IP(enc)[UDP].len, 8, "scapy fixed its NAT-T UDP length: drop the fix in scapy_encrypt")
        # trio6sim checks the UDP length against the IP length (RFC 768).
        self.assertEqual(self.t6.open(make_sa(udp=(4500, 4500)), enc)[1:], (None, "Bad headers"))
        self.assertEqual(self.t6.open(make_sa(udp=(4500, 4500)), scapy_encrypt(ssa, inner_v4(64), seq_num=1))[0], 0)

    def test_scapy_nat_t_ipv6_zero_udp_checksum(self):
        # scapy writes a zero UDP checksum over IPv6 too; trio6sim does not
        # verify the outer UDP checksum and accepts it (RFC 6935 allows zero
        # for tunnels).
        ssa = scapy_sa(KEY256, False, 1, True, (4500, 4500))
        enc = scapy_encrypt(ssa, inner_v4(64), seq_num=1)
        self.assertEqual(IPv6(enc)[UDP].chksum, 0)
        self.assertEqual(self.t6.open(make_sa(outer_v6=True, udp=(4500, 4500)), enc)[0], 0)


class NegativeCases(ScapyCase):
    """What trio6sim esp open refuses, and the counter it names."""

    def open_expect(self, sa, outer, counter):
        rc, got, err = self.t6.open(sa, outer)
        self.assertEqual(rc, 1)
        self.assertIsNone(got)
        self.assertEqual(err, counter)

    def test_flipped_ciphertext_bit_trio6sim_sealed(self):
        for outer_v6 in (False, True):
            for udp in UDP_ENCAPS:
                sa = make_sa(outer_v6=outer_v6, udp=udp, esn=True)
                outer = self.t6.seal(sa, inner_v4(100), seq=0x100000005)
                off = esp_offset(outer)
                sa_in = dict(sa, replay_top=0x100000000)
                # First ciphertext byte, a middle one, the last ICV byte, and the IV.
                for pos, bit in ((off + 16, 0x01), (off + 60, 0x80), (len(outer) - 1, 0x10), (off + 8, 0x04)):
                    with self.subTest(outer_v6=outer_v6, udp=udp, pos=pos):
                        bad = bytearray(outer)
                        bad[pos] ^= bit
                        self.open_expect(sa_in, bytes(bad), "ESP authentication failures")
                with self.subTest(outer_v6=outer_v6, udp=udp, pos="none"):
                    self.assertEqual(self.t6.open(sa_in, outer)[0], 0)

    def test_flipped_ciphertext_bit_scapy_sealed(self):
        sa = make_sa(key=KEY128)
        enc = bytearray(raw(scapy_sa(KEY128, False, 11, False, None).encrypt(IP(inner_v4(64)), seq_num=11)))
        self.assertEqual(self.t6.open(sa, bytes(enc))[0], 0)
        enc[20 + 16 + 5] ^= 0x02
        self.open_expect(sa, bytes(enc), "ESP authentication failures")

    def test_wrong_esn_high_bits(self):
        # scapy seals with high half 1; the receiver's window says 0: the AAD differs.
        enc = scapy_sa(KEY256, True, 0x100000005, False, None).encrypt(IP(inner_v4(64)), seq_num=5)
        self.open_expect(make_sa(esn=True, replay_top=0), raw(enc), "ESP authentication failures")
        # ESN on one side only: AAD of 12 vs 8 bytes.
        enc = scapy_sa(KEY256, True, 5, False, None).encrypt(IP(inner_v4(64)), seq_num=5)
        self.open_expect(make_sa(esn=False), raw(enc), "ESP authentication failures")

    def test_wrong_salt_or_key(self):
        enc = raw(scapy_sa(KEY256, False, 2, False, None).encrypt(IP(inner_v4(64)), seq_num=2))
        self.open_expect(make_sa(salt=bytes(4)), enc, "ESP authentication failures")
        self.open_expect(make_sa(key=bytes(32)), enc, "ESP authentication failures")

    def test_wrong_spi(self):
        enc = scapy_sa(KEY256, False, 1, False, None, spi=SPI ^ 1).encrypt(IP(inner_v4(64)), seq_num=1)
        self.open_expect(make_sa(), raw(enc), "no SA")

    def test_wrong_destination(self):
        pkt = scapy_sa(KEY256, False, 1, False, None).encrypt(IP(inner_v4(64)), seq_num=1)
        pkt[IP].dst = "13.10.2.3"
        del pkt[IP].chksum
        self.open_expect(make_sa(), raw(pkt), "no SA")

    def test_udp_sa_without_udp(self):
        for outer_v6 in (False, True):
            with self.subTest(outer_v6=outer_v6):
                outer = self.t6.seal(make_sa(outer_v6=outer_v6), inner_v4(64), seq=1)
                self.open_expect(make_sa(outer_v6=outer_v6, udp=(4500, 4500)), outer, "UDP encapsulation: no UDP header")
                # scapy-sealed plain ESP too.
                enc = scapy_sa(KEY256, False, 1, outer_v6, None).encrypt(IP(inner_v4(64)), seq_num=1)
                self.open_expect(make_sa(outer_v6=outer_v6, udp=(4500, 4500)), raw(enc), "UDP encapsulation: no UDP header")

    def test_udp_wrong_port(self):
        enc = scapy_encrypt(scapy_sa(KEY256, False, 1, False, (4500, 4501)), inner_v4(64), seq_num=1)
        self.open_expect(make_sa(udp=(4500, 4500)), enc, "UDP encapsulation mismatch")

    def test_udp_packet_for_plain_sa(self):
        enc = scapy_encrypt(scapy_sa(KEY256, False, 1, False, (4500, 4500)), inner_v4(64), seq_num=1)
        self.open_expect(make_sa(), enc, "Bad headers")

    def test_replay(self):
        enc = raw(scapy_sa(KEY256, False, 40, False, None).encrypt(IP(inner_v4(64)), seq_num=40))
        self.assertEqual(self.t6.open(make_sa(replay_top=39), enc)[0], 0)
        self.open_expect(make_sa(replay_top=40), enc, "Replay errors")
        self.open_expect(make_sa(replay_top=40 + 4096), enc, "Replay errors")


if __name__ == "__main__":
    unittest.main(verbosity=2)
