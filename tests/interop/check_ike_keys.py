#!/usr/bin/python3
"""Independent check of the simulator's IKEv2 keys (docs/ikev2.md, "Independent
key check").

    check_ike_keys.py DIR

DIR is what ike_lifecycle_capture writes. The keys are recomputed from three
files only, with python3-cryptography and the standard library, from the RFC
text and never from trio6sim's C++:

    ike.pcap        the IKEv2 datagrams (Ethernet / IPv4 / UDP 500)
    ike_keys.jsonl  each Diffie-Hellman private value with its public value
    psk             the pre-shared key

Walking the exchanges in capture order, for each IKE_SA_INIT pair it
computes g^ir from the KE payloads (the private value found by its public
value in the key log), SKEYSEED and SK_d..SK_pr (RFC 7296 2.13, 2.14); it
verifies and decrypts every SK payload itself (AES-GCM: RFC 5282; CBC + HMAC:
RFC 7296 3.14); it verifies both AUTH payloads of each IKE_AUTH with the PSK
(2.15); it computes the KEYMAT of every Child SA, from IKE_AUTH and from each
CREATE_CHILD_SA (2.17), and follows IKE SA rekeys (2.18). Only then does it
read the two tables the simulator wrote, and compares:

    esp_sa                  every line equals an ESP SA derived here (SPI,
                            addresses, key, salt), and every ESP SA derived
                            from a completed exchange is a line
    ikev2_decryption_table  every line equals an IKE SA derived here
                            (SK_ei, SK_er, SK_ai, SK_ar, algorithm names), and
                            every established IKE SA is a line

It prints a summary and exits 0; on any mismatch it names each one and exits
1 (2: the input could not be read at all).
"""
import csv
import json
import os
import struct
import sys
import warnings

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import constant_time, hashes, hmac
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import pcap_records

try:  # newer python3-cryptography keeps 3DES apart; Debian bookworm's 38 has it here
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # pragma: no cover
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        TripleDES = algorithms.TripleDES

# --- RFC 7296 sec. 3 numbers.
IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL = 34, 35, 36, 37
EXCHANGE_NAMES = {34: "IKE_SA_INIT", 35: "IKE_AUTH", 36: "CREATE_CHILD_SA", 37: "INFORMATIONAL"}
PL_SA, PL_KE, PL_IDI, PL_IDR, PL_AUTH, PL_NONCE, PL_NOTIFY, PL_DELETE, PL_TSI, PL_TSR, PL_SK = (
    33, 34, 35, 36, 39, 40, 41, 42, 44, 45, 46)
FLAG_INITIATOR, FLAG_RESPONSE = 0x08, 0x20
PROTO_IKE, PROTO_ESP = 1, 3
T_ENCR, T_PRF, T_INTEG, T_DH, T_ESN = 1, 2, 3, 4, 5
ATTR_KEY_LENGTH = 14
REKEY_SA = 16393  # sec. 3.10.1; types below 16384 are errors

# --- Algorithms by IANA transform ID (RFC 7296 sec. 3.3.2).
PRF_HASH = {2: hashes.SHA1, 5: hashes.SHA256, 6: hashes.SHA384, 7: hashes.SHA512}
PRF_NAME = {2: "PRF-HMAC-SHA1", 5: "PRF-HMAC-SHA256", 6: "PRF-HMAC-SHA384", 7: "PRF-HMAC-SHA512"}
# INTEG id -> (key bytes, ICV bytes, hash): RFC 2404 (HMAC-SHA1-96), RFC 4868 sec. 2.1.1 / 2.3.
INTEG = {0: (0, 0, None), 2: (20, 12, hashes.SHA1), 12: (32, 16, hashes.SHA256), 13: (48, 24, hashes.SHA384),
         14: (64, 32, hashes.SHA512)}
INTEG_NAME = {0: "NONE", 2: "HMAC-SHA1-96", 12: "HMAC-SHA2-256-128", 13: "HMAC-SHA2-384-192", 14: "HMAC-SHA2-512-256"}
ENCR_3DES, ENCR_AES_CBC, ENCR_AES_GCM_16 = 3, 12, 20
# Wireshark's names (epan/dissectors/packet-isakmp.c, vs_ikev2_encr_algs and
# vs_ikev2_auth_algs), which its ikev2_decryption_table UAT matches.
WIRESHARK_INTEG = {0: "NONE [RFC4306]", 2: "HMAC_SHA1_96 [RFC2404]", 12: "HMAC_SHA2_256_128 [RFC4868]",
                   13: "HMAC_SHA2_384_192 [RFC4868]", 14: "HMAC_SHA2_512_256 [RFC4868]"}


class Mismatch(Exception):
    """The capture or a table disagrees with what the RFCs give."""


class Malformed(Exception):
    """The input cannot be parsed."""


# ----------------------------------------------------------------- the suites

class Suite:
    """One IKE SA's algorithms, from the responder's chosen proposal."""

    def __init__(self, transforms):
        self.encr, self.key_bits = None, None
        self.prf, self.integ, self.dh = None, 0, None
        for t_type, t_id, key_bits in transforms:
            if t_type == T_ENCR:
                self.encr, self.key_bits = t_id, key_bits
            elif t_type == T_PRF:
                self.prf = t_id
            elif t_type == T_INTEG:
                self.integ = t_id
            elif t_type == T_DH:
                self.dh = t_id
        if self.encr not in (ENCR_3DES, ENCR_AES_CBC, ENCR_AES_GCM_16):
            raise Malformed("ENCR transform %s is not one this check knows" % self.encr)
        if self.encr != ENCR_3DES and self.key_bits not in (128, 192, 256):
            raise Malformed("ENCR %d without a Key Length attribute" % self.encr)
        if self.prf not in PRF_HASH or self.integ not in INTEG or self.dh is None:
            raise Malformed("PRF %s / INTEG %s / DH %s not known" % (self.prf, self.integ, self.dh))
        if (self.encr == ENCR_AES_GCM_16) != (self.integ == 0):
            raise Malformed("AES-GCM goes without an integrity transform, CBC with one (RFC 5282 sec. 8)")

    def encr_key_bytes(self):
        """SK_e's length: 3DES 24; AES key_bits / 8, plus a 4-byte salt for GCM (RFC 5282 sec. 7.1)."""
        if self.encr == ENCR_3DES:
            return 24
        return self.key_bits // 8 + (4 if self.encr == ENCR_AES_GCM_16 else 0)

    def prf_bytes(self):
        return PRF_HASH[self.prf].digest_size

    def describe(self):
        if self.encr == ENCR_3DES:
            e = "3DES-CBC"
        elif self.encr == ENCR_AES_CBC:
            e = "AES-CBC-%d" % self.key_bits
        else:
            e = "AES-GCM-%d-16" % self.key_bits
        integ = "" if self.integ == 0 else " / " + INTEG_NAME[self.integ]
        return "%s%s / %s / DH group %d" % (e, integ, PRF_NAME[self.prf], self.dh)

    def wireshark_encr(self):
        if self.encr == ENCR_3DES:
            return "3DES [RFC2451]"
        if self.encr == ENCR_AES_CBC:
            return "AES-CBC-%d [RFC3602]" % self.key_bits
        return "AES-GCM-%d with 16 octet ICV [RFC5282]" % self.key_bits


# ------------------------------------------------------- prf, prf+ (sec. 2.13)

def prf(prf_id, key, data):
    # HMAC (RFC 2104) pads a key shorter than the block with zeros; an empty
    # key is therefore one zero byte, which is what this library accepts.
    h = hmac.HMAC(key if key else b"\0", PRF_HASH[prf_id]())
    h.update(data)
    return h.finalize()


def prf_plus(prf_id, key, seed, length):
    """prf+ (K, S) = T1 | T2 | ..., T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n)."""
    out, t, n = b"", b"", 1
    while len(out) < length:
        if n > 255:
            raise Mismatch("prf+ asked for more than 255 blocks")
        t = prf(prf_id, key, t + seed + bytes([n]))
        out += t
        n += 1
    return out[:length]


def split_sk(suite, stream_key, seed):
    """{SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(stream_key, seed) (sec. 2.14)."""
    d, a, e = suite.prf_bytes(), INTEG[suite.integ][0], suite.encr_key_bytes()
    names = [("sk_d", d), ("sk_ai", a), ("sk_ar", a), ("sk_ei", e), ("sk_er", e), ("sk_pi", d), ("sk_pr", d)]
    stream = prf_plus(suite.prf, stream_key, seed, sum(n for _, n in names))
    keys, at = {}, 0
    for name, n in names:
        keys[name] = stream[at:at + n]
        at += n
    return keys


# ----------------------------------------------------------- Diffie-Hellman

def _arctan_inv(x, one):
    """arctan(1/x) * one, by its series, in integers."""
    total = term = one // x
    x2, n, sign = x * x, 1, -1
    while term:
        term //= x2
        total += sign * (term // (2 * n + 1))
        sign, n = -sign, n + 1
    return total


def _pi_times_2_to(bits):
    """floor(pi * 2^bits), Machin's formula with 64 guard bits."""
    guard = 64
    one = 1 << (bits + guard)
    return (4 * (4 * _arctan_inv(5, one) - _arctan_inv(239, one))) >> guard


def _is_probable_prime(n, rounds=8):
    if n % 2 == 0:
        return n == 2
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19)[:rounds]:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


# The MODP primes as RFC 2409 sec. 6.2 and RFC 3526 define them:
# p = 2^n - 2^(n-64) - 1 + 2^64 * { [2^(n-130) pi] + k }, generator 2.
MODP_DEFINITION = {2: (1024, 129093), 5: (1536, 741804), 14: (2048, 124476), 15: (3072, 1690314),
                   16: (4096, 240904)}
_MODP_CACHE = {}


def modp_prime(group):
    if group not in _MODP_CACHE:
        n, k = MODP_DEFINITION[group]
        p = 2 ** n - 2 ** (n - 64) - 1 + 2 ** 64 * (_pi_times_2_to(n - 130) + k)
        # A safe prime, as the RFCs say: p and (p - 1) / 2 both prime.
        if not (_is_probable_prime(p) and _is_probable_prime((p - 1) // 2)):
            raise Malformed("the group %d prime computed from its RFC definition is not a safe prime" % group)
        _MODP_CACHE[group] = p
    return _MODP_CACHE[group]


# RFC 5903: ECP groups 19, 20, 21; coordinates of 32, 48, 66 bytes.
ECP_CURVES = {19: (ec.SECP256R1, 32), 20: (ec.SECP384R1, 48), 21: (ec.SECP521R1, 66)}


def dh_public(group, private):
    """The KE payload data for a private value: MODP g^x mod p padded to len(p); ECP x || y (RFC 5903 sec. 7)."""
    x = int.from_bytes(private, "big")
    if group in MODP_DEFINITION:
        p = modp_prime(group)
        return pow(2, x, p).to_bytes((p.bit_length() + 7) // 8, "big")
    curve, size = ECP_CURVES[group]
    n = ec.derive_private_key(x, curve()).public_key().public_numbers()
    return n.x.to_bytes(size, "big") + n.y.to_bytes(size, "big")


def dh_shared(group, private, peer_public):
    """g^ir: MODP padded to len(p) (RFC 7296 2.14); ECP the x coordinate (RFC 5903 sec. 7)."""
    x = int.from_bytes(private, "big")
    if group in MODP_DEFINITION:
        p = modp_prime(group)
        length = (p.bit_length() + 7) // 8
        y = int.from_bytes(peer_public, "big")
        if len(peer_public) != length or not 1 < y < p - 1:
            raise Mismatch("group %d: a KE value out of range" % group)
        return pow(y, x, p).to_bytes(length, "big")
    if group not in ECP_CURVES:
        raise Malformed("DH group %d is not one this check knows" % group)
    curve, size = ECP_CURVES[group]
    if len(peer_public) != 2 * size:
        raise Mismatch("group %d: a KE value of %d bytes, not %d" % (group, len(peer_public), 2 * size))
    try:
        peer = ec.EllipticCurvePublicNumbers(int.from_bytes(peer_public[:size], "big"),
                                             int.from_bytes(peer_public[size:], "big"), curve()).public_key()
        secret = ec.derive_private_key(x, curve()).exchange(ec.ECDH(), peer)
    except ValueError as err:  # a point off the curve, a private value out of range
        raise Mismatch("group %d: %s" % (group, err))
    return secret.rjust(size, b"\0")


class KeyLog:
    """ike_keys.jsonl: {"device", "group", "public", "private"} per line."""

    def __init__(self, path):
        self.by_public = {}
        self.lines = 0
        with open(path) as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    e = json.loads(line)
                    entry = (e["device"], int(e["group"]), bytes.fromhex(e["public"]), bytes.fromhex(e["private"]))
                except (ValueError, KeyError) as err:
                    raise Malformed("%s:%d: %s" % (path, number, err))
                self.by_public[entry[2]] = entry
                self.lines += 1
        self.checked = set()

    def private_for(self, group, public):
        """(device, private value) for a KE payload's public value, or None. Each
        private value is checked once to give its public value."""
        entry = self.by_public.get(public)
        if entry is None:
            return None
        device, g, pub, private = entry
        if g != group:
            raise Mismatch("key log: the public value of %s is for group %d, the KE payload says %d" % (device, g, group))
        if pub not in self.checked:
            if dh_public(group, private) != pub:
                raise Mismatch("key log: %s's private value does not give its public value (group %d)" % (device, group))
            self.checked.add(pub)
        return device, private


def agree(log, group, public_i, public_r, what):
    """g^ir from two KE payloads, with whichever private value the log has;
    with both, both ways, which must agree."""
    results = []
    for mine, theirs in ((public_i, public_r), (public_r, public_i)):
        found = log.private_for(group, mine)
        if found:
            results.append(dh_shared(group, found[1], theirs))
    if not results:
        raise Mismatch("%s: neither KE value is in the key log" % what)
    if len(results) == 2 and results[0] != results[1]:
        raise Mismatch("%s: g^ir differs computed from the initiator's and from the responder's private value" % what)
    return results[0]


# ------------------------------------------------------------- the capture

def read_pcap(path):
    """[(frame number, seconds, Ethernet frame)] from a libpcap file (micro- or nanosecond)."""
    try:
        link_type, frames = pcap_records.read_pcap(path)
    except ValueError as e:
        raise Malformed(str(e))
    if link_type != pcap_records.ETHERNET:
        raise Malformed("%s: not an Ethernet capture" % path)
    return frames


def udp_of(frame):
    """(source, destination, sport, dport, payload) of an Ethernet / IPv4 / UDP frame, else None."""
    if len(frame) < 14 + 20 + 8 or frame[12:14] != b"\x08\x00":
        return None
    ip = frame[14:]
    ihl = (ip[0] & 15) * 4
    if ip[0] >> 4 != 4 or ip[9] != 17 or len(ip) < ihl + 8:
        return None
    total = struct.unpack(">H", ip[2:4])[0]
    udp = ip[ihl:total]
    sport, dport, ulen = struct.unpack(">HHH", udp[:6])
    src = ".".join(str(b) for b in ip[12:16])
    dst = ".".join(str(b) for b in ip[16:20])
    return src, dst, sport, dport, udp[8:ulen]


class Payload:
    def __init__(self, ptype, body, next_type):
        self.type, self.body, self.next = ptype, body, next_type


def parse_chain(buf, first, at, end, where):
    """The payloads of a chain; an SK payload ends it (it must be the last)."""
    out, ptype = [], first
    while ptype != 0:
        if at + 4 > end:
            raise Malformed("%s: payload %d runs past the end" % (where, ptype))
        nxt, length = buf[at], struct.unpack(">H", buf[at + 2:at + 4])[0]
        if length < 4 or at + length > end:
            raise Malformed("%s: payload %d has length %d" % (where, ptype, length))
        p = Payload(ptype, buf[at + 4:at + length], nxt)
        p.offset, p.length = at, length
        out.append(p)
        at += length
        if ptype == PL_SK:
            if at != end:
                raise Malformed("%s: the SK payload is not the last" % where)
            return out
        ptype = nxt
    return out


def parse_sa(body, where):
    """[(protocol, spi, [(type, id, key_bits)])] of an SA payload (sec. 3.3)."""
    proposals, at = [], 0
    while at < len(body):
        # last (0: the last proposal), reserved, length, number, protocol, SPI size, transforms
        last, _, length, _, proto, spi_size, ntrans = struct.unpack(">BBHBBBB", body[at:at + 8])
        if length < 8 or at + length > len(body):
            raise Malformed("%s: bad proposal length" % where)
        spi = body[at + 8:at + 8 + spi_size]
        t_at, t_end, transforms = at + 8 + spi_size, at + length, []
        for _ in range(ntrans):
            t_len = struct.unpack(">H", body[t_at + 2:t_at + 4])[0]
            if t_len < 8 or t_at + t_len > t_end:
                raise Malformed("%s: bad transform length" % where)
            t_type, t_id = body[t_at + 4], struct.unpack(">H", body[t_at + 6:t_at + 8])[0]
            key_bits, a_at = None, t_at + 8
            while a_at < t_at + t_len:
                a_type, a_val = struct.unpack(">HH", body[a_at:a_at + 4])
                if not a_type & 0x8000:  # TLV: skip
                    a_at += 4 + a_val
                    continue
                if a_type & 0x7FFF == ATTR_KEY_LENGTH:
                    key_bits = a_val
                a_at += 4
            transforms.append((t_type, t_id, key_bits))
            t_at += t_len
        proposals.append((proto, spi, transforms))
        at += length
        if last == 0:
            break
    return proposals


def notifies(payloads):
    """[(type, protocol, spi, data)] of the Notify payloads (sec. 3.10)."""
    out = []
    for p in payloads:
        if p.type == PL_NOTIFY:
            b = p.body
            spi_size = b[1]
            out.append((struct.unpack(">H", b[2:4])[0], b[0], b[4:4 + spi_size], b[4 + spi_size:]))
    return out


def first(payloads, ptype):
    for p in payloads:
        if p.type == ptype:
            return p
    return None


class Message:
    def __init__(self, frame, time, src, dst, raw):
        self.frame, self.time, self.src, self.dst, self.raw = frame, time, src, dst, raw
        where = "frame %d" % frame
        if len(raw) < 28:
            raise Malformed("%s: shorter than an IKE header" % where)
        self.spi_i, self.spi_r = struct.unpack(">QQ", raw[:16])
        first_type, version, self.exchange, flags = raw[16], raw[17], raw[18], raw[19]
        self.message_id, length = struct.unpack(">II", raw[20:28])
        if version != 0x20 or length != len(raw):
            raise Malformed("%s: not IKEv2, or the length field is not the datagram's" % where)
        self.from_original_initiator = bool(flags & FLAG_INITIATOR)
        self.response = bool(flags & FLAG_RESPONSE)
        self.outer = parse_chain(raw, first_type, 28, len(raw), where)
        self.sk = self.outer[-1] if self.outer and self.outer[-1].type == PL_SK else None
        self.payloads = self.outer if self.sk is None else None  # set on decryption
        self.where = "frame %d (%s %s %s -> %s, message ID %d)" % (
            frame, EXCHANGE_NAMES.get(self.exchange, str(self.exchange)),
            "response" if self.response else "request", src, dst, self.message_id)


# -------------------------------------------------- the SK payload (sec. 3.14)

def open_sk(msg, suite, sk_e, sk_a):
    """Verifies and decrypts msg's SK payload with one direction's keys; its payloads."""
    raw, sk = msg.raw, msg.sk
    body_at, body_end = sk.offset + 4, sk.offset + sk.length
    if suite.encr == ENCR_AES_GCM_16:
        # RFC 5282: 8-byte explicit IV after the generic header, 16-byte ICV at
        # the end; nonce = salt (SK_e's last 4 bytes) || IV; AAD = the IKE
        # header through the SK payload's generic header (sec. 5.1).
        if body_end - body_at < 8 + 16:
            raise Malformed("%s: SK payload too short" % msg.where)
        iv = raw[body_at:body_at + 8]
        aad = raw[:body_at]
        try:
            plain = AESGCM(sk_e[:-4]).decrypt(sk_e[-4:] + iv, raw[body_at + 8:body_end], aad)
        except InvalidTag:
            raise Mismatch("%s: the AES-GCM ICV does not verify with the derived SK_e" % msg.where)
    else:
        # CBC: IV of one block, the ciphertext, then the integrity checksum,
        # an HMAC truncated to the ICV length over the whole message from the
        # IKE header through the ciphertext.
        _, icv_len, digest = INTEG[suite.integ]
        block = 8 if suite.encr == ENCR_3DES else 16
        if body_end - body_at < block + icv_len + block:
            raise Malformed("%s: SK payload too short" % msg.where)
        mac = hmac.HMAC(sk_a, digest())
        mac.update(raw[:len(raw) - icv_len])
        if not constant_time.bytes_eq(mac.finalize()[:icv_len], raw[len(raw) - icv_len:]):
            raise Mismatch("%s: the integrity checksum does not verify with the derived SK_a" % msg.where)
        iv = raw[body_at:body_at + block]
        cipher_text = raw[body_at + block:body_end - icv_len]
        if len(cipher_text) % block:
            raise Malformed("%s: the ciphertext is not whole blocks" % msg.where)
        algorithm = TripleDES(sk_e) if suite.encr == ENCR_3DES else algorithms.AES(sk_e)
        d = Cipher(algorithm, modes.CBC(iv)).decryptor()
        plain = d.update(cipher_text) + d.finalize()
    pad = plain[-1] if plain else 0
    if pad + 1 > len(plain):
        raise Mismatch("%s: decrypted, the pad length is longer than the plaintext" % msg.where)
    inner = plain[:len(plain) - pad - 1]
    return parse_chain(inner, sk.next, 0, len(inner), msg.where + " (decrypted)")


# ----------------------------------------------------------------- the walk

class IkeSa:
    def __init__(self, spi_i, spi_r, suite, keys, initiator, responder, origin):
        self.spi_i, self.spi_r, self.suite, self.keys = spi_i, spi_r, suite, keys
        self.initiator, self.responder = initiator, responder  # addresses
        self.origin = origin
        self.established = False
        self.init_request = self.init_response = self.ni = self.nr = None

    def name(self):
        return "IKE SA %016x/%016x" % (self.spi_i, self.spi_r)


class EspSa:
    def __init__(self, spi, src, dst, key, salt, origin):
        self.spi, self.src, self.dst, self.key, self.salt, self.origin = spi, src, dst, key, salt, origin


def esp_keymat_bytes(transforms, where):
    """Bytes of KEYMAT per direction for an ESP proposal: AES-GCM-16 key + 4-byte salt (RFC 4106 sec. 8.1)."""
    for t_type, t_id, key_bits in transforms:
        if t_type == T_ENCR:
            if t_id != ENCR_AES_GCM_16 or key_bits not in (128, 256):
                raise Malformed("%s: ESP transform %d/%s is not AES-GCM-16" % (where, t_id, key_bits))
            return key_bits // 8
    raise Malformed("%s: ESP proposal without an ENCR transform" % where)


class Walk:
    def __init__(self, log, psk):
        self.log, self.psk = log, psk
        self.sas = {}             # (spi_i, spi_r) -> IkeSa
        self.init_requests = {}   # (spi_i, sender) -> Message
        self.pending = {}         # (SPIs, request from the original initiator, message ID) -> request Message
        self.seen = set()
        self.esp = []             # derived ESP SAs, in order
        self.counts = dict(datagrams=0, retransmissions=0, decrypted=0, auth=0, children_auth=0,
                           children_create=0, rekey_sa=0, ike_rekeys=0, ike_init=0, deletes=0,
                           unanswered_init=0, refused=0)
        self.by_exchange = {}

    def run(self, frames):
        for number, time, frame in frames:
            u = udp_of(frame)
            if u is None or 500 not in (u[2], u[3]):
                continue
            src, dst, _, _, payload = u
            self.counts["datagrams"] += 1
            if payload in self.seen:
                self.counts["retransmissions"] += 1  # the same bytes again: nothing new to derive
                continue
            self.seen.add(payload)
            msg = Message(number, time, src, dst, payload)
            self.by_exchange[msg.exchange] = self.by_exchange.get(msg.exchange, 0) + 1
            if msg.exchange == IKE_SA_INIT:
                self.sa_init(msg)
            else:
                self.protected(msg)
        self.counts["unanswered_init"] = len(self.init_requests)

    # IKE_SA_INIT: SKEYSEED = prf(Ni | Nr, g^ir); prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) (2.14).
    def sa_init(self, msg):
        if not msg.response:
            self.init_requests[(msg.spi_i, msg.src)] = msg
            return
        request = self.init_requests.pop((msg.spi_i, msg.dst), None)
        if request is None:
            raise Mismatch("%s: an IKE_SA_INIT response to no request" % msg.where)
        ke_r, nonce_r, sa_r = first(msg.payloads, PL_KE), first(msg.payloads, PL_NONCE), first(msg.payloads, PL_SA)
        if not (ke_r and nonce_r and sa_r):
            self.counts["refused"] += 1  # an error notify (INVALID_KE_PAYLOAD, NO_PROPOSAL_CHOSEN, ...)
            return
        ke_i, nonce_i = first(request.payloads, PL_KE), first(request.payloads, PL_NONCE)
        if not (ke_i and nonce_i):
            raise Mismatch("%s: answers a request without KE or Nonce (%s)" % (msg.where, request.where))
        proposals = parse_sa(sa_r.body, msg.where)
        suite = Suite(proposals[0][2])
        group = struct.unpack(">H", ke_r.body[:2])[0]
        if group != suite.dh or struct.unpack(">H", ke_i.body[:2])[0] != group:
            raise Mismatch("%s: KE groups differ from the chosen proposal's" % msg.where)
        g_ir = agree(self.log, group, ke_i.body[4:], ke_r.body[4:], msg.where)
        ni, nr = nonce_i.body, nonce_r.body
        skeyseed = prf(suite.prf, ni + nr, g_ir)
        keys = split_sk(suite, skeyseed, ni + nr + struct.pack(">QQ", msg.spi_i, msg.spi_r))
        sa = IkeSa(msg.spi_i, msg.spi_r, suite, keys, request.src, msg.src, "IKE_SA_INIT (frames %d, %d)" % (
            request.frame, msg.frame))
        sa.init_request, sa.init_response, sa.ni, sa.nr = request.raw, msg.raw, ni, nr
        self.sas[(msg.spi_i, msg.spi_r)] = sa
        self.counts["ike_init"] += 1

    def protected(self, msg):
        if msg.sk is None:
            raise Mismatch("%s: an exchange after IKE_SA_INIT without an SK payload" % msg.where)
        sa = self.sas.get((msg.spi_i, msg.spi_r))
        if sa is None:
            raise Mismatch("%s: no derived IKE SA has SPIs %016x/%016x" % (msg.where, msg.spi_i, msg.spi_r))
        k = sa.keys
        if msg.from_original_initiator:  # sec. 2.14: SK_ei/SK_ai protect the original initiator's messages
            msg.payloads = open_sk(msg, sa.suite, k["sk_ei"], k["sk_ai"])
        else:
            msg.payloads = open_sk(msg, sa.suite, k["sk_er"], k["sk_ar"])
        self.counts["decrypted"] += 1
        key = (msg.spi_i, msg.spi_r)
        if not msg.response:
            self.pending[(key, msg.from_original_initiator, msg.message_id)] = msg
            if msg.exchange == INFORMATIONAL:
                self.counts["deletes"] += any(p.type == PL_DELETE for p in msg.payloads)
            return
        request = self.pending.pop((key, not msg.from_original_initiator, msg.message_id), None)
        if request is None:
            raise Mismatch("%s: a response to no request" % msg.where)
        if msg.exchange == IKE_AUTH:
            self.ike_auth(sa, request, msg)
        elif msg.exchange == CREATE_CHILD_SA:
            self.create_child(sa, request, msg)

    def verify_auth(self, sa, msg, id_type, by_initiator):
        """AUTH = prf(prf(PSK, "Key Pad for IKEv2"), <SignedOctets>) (sec. 2.15)."""
        idp, auth = first(msg.payloads, id_type), first(msg.payloads, PL_AUTH)
        if idp is None or auth is None:
            raise Mismatch("%s: IKE_AUTH without ID or AUTH" % msg.where)
        if auth.body[0] != 2:
            raise Mismatch("%s: AUTH method %d, not shared key (2)" % (msg.where, auth.body[0]))
        p = sa.suite.prf
        if by_initiator:  # initiator: its IKE_SA_INIT request | Nr | prf(SK_pi, IDi')
            octets = sa.init_request + sa.nr + prf(p, sa.keys["sk_pi"], idp.body)
        else:             # responder: its IKE_SA_INIT response | Ni | prf(SK_pr, IDr')
            octets = sa.init_response + sa.ni + prf(p, sa.keys["sk_pr"], idp.body)
        expected = prf(p, prf(p, self.psk, b"Key Pad for IKEv2"), octets)
        if not constant_time.bytes_eq(expected, auth.body[4:]):
            raise Mismatch("%s: the AUTH payload is not the PSK's (RFC 7296 2.15)" % msg.where)
        self.counts["auth"] += 1

    def ike_auth(self, sa, request, response):
        self.verify_auth(sa, request, PL_IDI, True)
        if any(t < 16384 for t, *_ in notifies(response.payloads)) and first(response.payloads, PL_AUTH) is None:
            return  # AUTHENTICATION_FAILED
        self.verify_auth(sa, response, PL_IDR, False)
        sa.established = True
        sa_i, sa_r = first(request.payloads, PL_SA), first(response.payloads, PL_SA)
        if sa_r is None:
            return  # the IKE SA is up, its Child SA refused
        if sa_i is None:
            raise Mismatch("%s: a Child SA answered to an IKE_AUTH request without SA" % response.where)
        # The first Child SA: KEYMAT = prf+(SK_d, Ni | Nr) with IKE_SA_INIT's nonces (2.17).
        self.child(sa, request, response, sa_i, sa_r, sa.ni, sa.nr, b"", "IKE_AUTH")
        self.counts["children_auth"] += 1

    def create_child(self, sa, request, response):
        sa_i, sa_r = first(request.payloads, PL_SA), first(response.payloads, PL_SA)
        errors = [t for t, *_ in notifies(response.payloads) if t < 16384]
        if sa_r is None or errors:
            self.counts["refused"] += 1  # TEMPORARY_FAILURE (a collision), NO_PROPOSAL_CHOSEN, ...
            return
        nonce_i, nonce_r = first(request.payloads, PL_NONCE), first(response.payloads, PL_NONCE)
        if sa_i is None or nonce_i is None or nonce_r is None:
            raise Mismatch("%s: a CREATE_CHILD_SA exchange without SA or Nonce" % response.where)
        ni, nr = nonce_i.body, nonce_r.body
        ke_i, ke_r = first(request.payloads, PL_KE), first(response.payloads, PL_KE)
        proposals_i, proposals_r = parse_sa(sa_i.body, request.where), parse_sa(sa_r.body, response.where)
        if proposals_r[0][0] == PROTO_IKE:
            return self.rekey_ike(sa, request, response, proposals_i, proposals_r, ni, nr, ke_i, ke_r)
        g_ir = b""
        if ke_i is not None or ke_r is not None:  # PFS: KEYMAT = prf+(SK_d, g^ir (new) | Ni | Nr)
            if ke_i is None or ke_r is None:
                raise Mismatch("%s: a KE payload in one direction only" % response.where)
            group = struct.unpack(">H", ke_r.body[:2])[0]
            g_ir = agree(self.log, group, ke_i.body[4:], ke_r.body[4:], response.where)
        rekey = [n for n in notifies(request.payloads) if n[0] == REKEY_SA]
        if rekey:
            spi = struct.unpack(">I", rekey[0][2])[0]
            # REKEY_SA names an SA the requester receives on (its inbound SPI).
            if not any(e.spi == spi and e.dst == request.src for e in self.esp):
                raise Mismatch("%s: REKEY_SA names SPI 0x%08x, no Child SA derived so far" % (request.where, spi))
            self.counts["rekey_sa"] += 1
        self.child(sa, request, response, sa_i, sa_r, ni, nr, g_ir,
                   "CREATE_CHILD_SA" + (" with REKEY_SA" if rekey else ""))
        self.counts["children_create"] += 1

    def child(self, sa, request, response, sa_i, sa_r, ni, nr, g_ir, what):
        """Two ESP SAs from KEYMAT = prf+(SK_d, [g^ir |] Ni | Nr): the exchange
        initiator-to-responder key first (2.17; sec. 1.3: in CREATE_CHILD_SA
        'initiator' is this exchange's), each key || 4-byte salt (RFC 4106 8.1)."""
        prop_i, prop_r = parse_sa(sa_i.body, request.where)[0], parse_sa(sa_r.body, response.where)[0]
        if prop_i[0] != PROTO_ESP or prop_r[0] != PROTO_ESP or len(prop_i[1]) != 4 or len(prop_r[1]) != 4:
            raise Mismatch("%s: the Child SA is not ESP with 4-byte SPIs" % response.where)
        key_bytes = esp_keymat_bytes(prop_r[2], response.where)
        n = key_bytes + 4
        keymat = prf_plus(sa.suite.prf, sa.keys["sk_d"], g_ir + ni + nr, 2 * n)
        origin = "%s (frames %d, %d)" % (what, request.frame, response.frame)
        i, r = request.src, response.src
        spi_r_in, spi_i_in = struct.unpack(">I", prop_r[1])[0], struct.unpack(">I", prop_i[1])[0]
        self.esp.append(EspSa(spi_r_in, i, r, keymat[:key_bytes], keymat[key_bytes:n], origin))
        self.esp.append(EspSa(spi_i_in, r, i, keymat[n:n + key_bytes], keymat[n + key_bytes:2 * n], origin))

    def rekey_ike(self, sa, request, response, proposals_i, proposals_r, ni, nr, ke_i, ke_r):
        """SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) with the old prf; the
        new SA's SPIs from the proposals, its initiator this exchange's (2.18)."""
        spi_i, spi_r = proposals_i[0][1], proposals_r[0][1]
        if len(spi_i) != 8 or len(spi_r) != 8 or ke_i is None or ke_r is None:
            raise Mismatch("%s: an IKE SA rekey without 8-byte SPIs or KE payloads" % response.where)
        suite = Suite(proposals_r[0][2])
        group = struct.unpack(">H", ke_r.body[:2])[0]
        if group != suite.dh:
            raise Mismatch("%s: the KE group is not the chosen proposal's" % response.where)
        g_ir = agree(self.log, group, ke_i.body[4:], ke_r.body[4:], response.where)
        skeyseed = prf(sa.suite.prf, sa.keys["sk_d"], g_ir + ni + nr)
        new_i, new_r = struct.unpack(">Q", spi_i)[0], struct.unpack(">Q", spi_r)[0]
        keys = split_sk(suite, skeyseed, ni + nr + spi_i + spi_r)
        fresh = IkeSa(new_i, new_r, suite, keys, request.src, response.src,
                      "rekey of %s (frames %d, %d)" % (sa.name(), request.frame, response.frame))
        fresh.established = True
        self.sas[(new_i, new_r)] = fresh
        self.counts["ike_rekeys"] += 1


# ------------------------------------------------------------ the comparison

def uat_rows(path, name, parse):
    """A Wireshark UAT file's lines as dicts (by parse(row)), each with its line number in the file."""
    out = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            row = next(csv.reader([line]))
            try:
                if len(row) != 8:
                    raise ValueError("%d fields, not 8" % len(row))
                out.append(dict(parse(row), line=number))
            except ValueError as err:
                raise Malformed("%s: line %d is not an %s line (%s): %s" % (path, number, name, err, line.strip()))
    return out


def read_esp_sa(path):
    """Wireshark's esp_sa UAT: protocol, source, destination, SPI, encryption, key, authentication, auth key."""
    def parse(row):
        if not row[3].startswith("0x") or not row[5].startswith("0x"):
            raise ValueError("the SPI and the key are 0x...")
        return dict(src=row[1], dst=row[2], spi=int(row[3], 16), encr=row[4], key_salt=bytes.fromhex(row[5][2:]),
                    auth=row[6])
    return uat_rows(path, "esp_sa", parse)


def read_ikev2_table(path):
    """Wireshark's ikev2_decryption_table UAT: SPIi, SPIr, SK_ei, SK_er, encryption, SK_ai, SK_ar, integrity."""
    def parse(row):
        return dict(spi_i=int(row[0], 16), spi_r=int(row[1], 16), sk_ei=bytes.fromhex(row[2]),
                    sk_er=bytes.fromhex(row[3]), encr=row[4], sk_ai=bytes.fromhex(row[5]),
                    sk_ar=bytes.fromhex(row[6]), integ=row[7])
    return uat_rows(path, "ikev2_decryption_table", parse)


def compare_esp(walk, table, problems):
    derived = {(e.spi, e.src, e.dst): e for e in walk.esp}
    listed = set()
    for row in table:
        e = derived.get((row["spi"], row["src"], row["dst"]))
        what = "esp_sa line %d: SPI 0x%08x %s -> %s" % (row["line"], row["spi"], row["src"], row["dst"])
        if e is None:
            problems.append("%s: no Child SA of the capture has it" % what)
            continue
        listed.add((e.spi, e.src, e.dst))
        if row["key_salt"] != e.key + e.salt:
            problems.append("%s (%s): key||salt %s, derived %s" % (
                what, e.origin, row["key_salt"].hex(), (e.key + e.salt).hex()))
        if row["encr"] != "AES-GCM with 16 octet ICV [RFC4106]" or row["auth"] != "NULL":
            problems.append("%s: algorithms %r / %r, negotiated AES-GCM-16 with no integrity" % (
                what, row["encr"], row["auth"]))
    for e in walk.esp:
        if (e.spi, e.src, e.dst) not in listed:
            problems.append("ESP SA 0x%08x %s -> %s (%s) derived from a completed exchange is not in esp_sa" % (
                e.spi, e.src, e.dst, e.origin))


def compare_ike(walk, table, problems):
    listed = set()
    for row in table:
        sa = walk.sas.get((row["spi_i"], row["spi_r"]))
        what = "ikev2_decryption_table line %d: SPIs %016x/%016x" % (row["line"], row["spi_i"], row["spi_r"])
        if sa is None:
            problems.append("%s: no IKE SA of the capture has them" % what)
            continue
        listed.add((sa.spi_i, sa.spi_r))
        for name in ("sk_ei", "sk_er", "sk_ai", "sk_ar"):
            if row[name] != sa.keys[name]:
                problems.append("%s (%s): %s %s, derived %s" % (what, sa.origin, "SK_" + name[3:], row[name].hex(),
                                                               sa.keys[name].hex()))
        if row["encr"] != sa.suite.wireshark_encr() or row["integ"] != WIRESHARK_INTEG[sa.suite.integ]:
            problems.append("%s: algorithms %r / %r, negotiated %s" % (what, row["encr"], row["integ"],
                                                                      sa.suite.describe()))
    for sa in walk.sas.values():
        if sa.established and (sa.spi_i, sa.spi_r) not in listed:
            problems.append("%s (%s), established, is not in ikev2_decryption_table" % (sa.name(), sa.origin))


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        print("usage: check_ike_keys.py DIR  (DIR: ike.pcap, ike_keys.jsonl, psk, esp_sa, ikev2_decryption_table)",
              file=sys.stderr)
        return 2
    d = argv[1]
    problems = []
    try:
        with open(os.path.join(d, "psk"), "rb") as f:
            psk = f.read().rstrip(b"\r\n")  # a line end an editor added is not part of the key
        log = KeyLog(os.path.join(d, "ike_keys.jsonl"))
        frames = read_pcap(os.path.join(d, "ike.pcap"))
        walk = Walk(log, psk)
        try:
            walk.run(frames)
        except Mismatch as err:
            problems.append(str(err))
        # Only now the simulator's own tables.
        esp_table = read_esp_sa(os.path.join(d, "esp_sa"))
        ike_table = read_ikev2_table(os.path.join(d, "ikev2_decryption_table"))
    except (OSError, Malformed) as err:
        print("check_ike_keys: %s" % err, file=sys.stderr)
        return 2
    except (struct.error, IndexError) as err:  # a length field that the parsers above did not check
        print("check_ike_keys: malformed input: %s" % err, file=sys.stderr)
        return 2
    if not problems:
        compare_esp(walk, esp_table, problems)
        compare_ike(walk, ike_table, problems)
    c = walk.counts
    suites = sorted({sa.suite.describe() for sa in walk.sas.values()})
    rekeyed = c["ike_rekeys"]
    print("check_ike_keys: %s" % d)
    print("  suite: %s" % ", ".join(suites))
    print("  capture: %d IKEv2 datagrams (%s), %d retransmitted" % (
        c["datagrams"], ", ".join("%s %d" % (EXCHANGE_NAMES.get(k, k), v) for k, v in sorted(walk.by_exchange.items())),
        c["retransmissions"]))
    print("  key log: %d DH values; %d matched a KE payload, each giving its public value" % (
        log.lines, len(log.checked)))
    print("  IKE SAs: %d derived (%d by IKE_SA_INIT, %d by IKE SA rekey, RFC 7296 2.14/2.18), %d established; "
          "%d IKE_SA_INIT request%s unanswered" % (len(walk.sas), c["ike_init"], rekeyed,
                                                 sum(sa.established for sa in walk.sas.values()), c["unanswered_init"],
                                                 "" if c["unanswered_init"] == 1 else "s"))
    print("  SK payloads: %d verified and decrypted (%d INFORMATIONAL requests with a Delete payload)" % (
        c["decrypted"], c["deletes"]))
    print("  AUTH: %d payloads verified with the PSK (RFC 7296 2.15)" % c["auth"])
    print("  Child SAs: %d (%d by IKE_AUTH, %d by CREATE_CHILD_SA of which %d with REKEY_SA), %d ESP SAs (2.17); "
          "%d exchanges refused" % (c["children_auth"] + c["children_create"], c["children_auth"],
                                    c["children_create"], c["rekey_sa"], len(walk.esp), c["refused"]))
    print("  esp_sa: %d lines; ikev2_decryption_table: %d lines" % (len(esp_table), len(ike_table)))
    if problems:
        for p in problems:
            print("MISMATCH: %s" % p)
        print("FAILED: %d mismatch%s" % (len(problems), "" if len(problems) == 1 else "es"))
        return 1
    print("OK: every esp_sa line is a derived ESP SA and every derived one is listed; every IKE SA's "
          "SK_ei/SK_er/SK_ai/SK_ar equals the table's")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
