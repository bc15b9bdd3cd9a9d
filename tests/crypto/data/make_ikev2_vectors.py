#!/usr/bin/python3
"""Writes ikev2_vectors.txt: IKEv2 known answers computed independently of
trio6sim's C++ (python3-cryptography 38 for HMAC, DH and ECDH; RFC 7296's
formulas written out here from the RFC text, not from the C++).

    cd tests/crypto/data && /usr/bin/python3 make_ikev2_vectors.py > ikev2_vectors.txt

Inputs are pseudo-random bytes from random.Random(7296), so the file is
reproducible byte for byte.
"""
import random

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric import dh, ec

RNG = random.Random(7296)
HASH = {2: hashes.SHA1, 5: hashes.SHA256, 6: hashes.SHA384, 7: hashes.SHA512}
PRF_LEN = {2: 20, 5: 32, 6: 48, 7: 64}
INTEG_KEY = {0: 0, 2: 20, 12: 32, 13: 48, 14: 64}
# (encr id, key bits) -> SK_e bytes (RFC 5282: AES-GCM adds a 4-byte salt)
ENCR_KEY = lambda e, bits: 24 if e == 3 else bits // 8 + (4 if e == 20 else 0)

# RFC 3526 sec. 3 (group 14, 2048-bit MODP), as printed there.
MODP14 = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AACAA68FFFFFFFFFFFFFFFF", 16)
# RFC 2409 sec. 6.2 (group 2, 1024-bit MODP).
MODP2 = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF", 16)
MODP = {2: MODP2, 14: MODP14}
CURVES = {19: ec.SECP256R1(), 20: ec.SECP384R1(), 21: ec.SECP521R1()}
# The curves' orders n (SEC 2 / FIPS 186-4 D.1.2, as `openssl ecparam -param_enc explicit -text` prints them).
ORDERS = {
    19: 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    20: int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973", 16),
    21: int("01" + "FF" * 32 + "FA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409", 16),
}


def rb(n):
    return bytes(RNG.getrandbits(8) for _ in range(n))


def prf(p, key, data):
    h = hmac.HMAC(key if key else b"\0", HASH[p]())
    h.update(data)
    return h.finalize()


def prf_plus(p, key, seed, length):
    out, t, n = b"", b"", 1
    while len(out) < length:
        t = prf(p, key, t + seed + bytes([n]))
        out += t
        n += 1
    return out[:length]


def sk_sizes(p, encr, bits, integ):
    return [PRF_LEN[p], INTEG_KEY[integ], INTEG_KEY[integ], ENCR_KEY(encr, bits), ENCR_KEY(encr, bits),
            PRF_LEN[p], PRF_LEN[p]]


def derive(p, encr, bits, integ, skeyseed, seed):
    """{SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, seed) (RFC 7296 2.14)."""
    sizes = sk_sizes(p, encr, bits, integ)
    stream = prf_plus(p, skeyseed, seed, sum(sizes))
    out, at = [], 0
    for s in sizes:
        out.append(stream[at:at + s])
        at += s
    return out


NAMES = ["sk_d", "sk_ai", "sk_ar", "sk_ei", "sk_er", "sk_pi", "sk_pr"]


def block(**kv):
    for k, v in kv.items():
        print(f"{k} = {v.hex() if isinstance(v, bytes) else v}")
    print()


def modp_pub(group, x):
    p = MODP[group]
    pn = dh.DHParameterNumbers(p, 2)
    y = pow(2, x, p)
    key = dh.DHPrivateNumbers(x, dh.DHPublicNumbers(y, pn)).private_key()
    return key, key.public_key().public_numbers().y.to_bytes(len_p(group), "big")


def len_p(group):
    return (MODP[group].bit_length() + 7) // 8


def ec_pub(group, x):
    key = ec.derive_private_key(x, CURVES[group])
    n = key.public_key().public_numbers()
    size = (CURVES[group].key_size + 7) // 8
    return key, n.x.to_bytes(size, "big") + n.y.to_bytes(size, "big")


def dh_vectors():
    # Group 21: this python3-cryptography build refuses ECDH on P-521 (an OpenSSL
    # 'operation not supported' error), so its exchange is checked in C++ by both sides agreeing.
    for group in (2, 14, 19, 20):
        if group in MODP:
            q = (MODP[group] - 1) // 2
            xi, xr = RNG.randrange(2, q), RNG.randrange(2, q)
            ki, pi = modp_pub(group, xi)
            kr, pr = modp_pub(group, xr)
            shared = ki.exchange(kr.public_key()).rjust(len_p(group), b"\0")
            width = (q.bit_length() + 7) // 8
        else:
            xi, xr = RNG.randrange(1, ORDERS[group]), RNG.randrange(1, ORDERS[group])
            ki, pi = ec_pub(group, xi)
            kr, pr = ec_pub(group, xr)
            shared = ki.exchange(ec.ECDH(), kr.public_key())
            width = (ORDERS[group].bit_length() + 7) // 8
        block(kind="dh", group=group, priv_i=xi.to_bytes(width, "big"), pub_i=pi, priv_r=xr.to_bytes(width, "big"),
              pub_r=pr, shared=shared)


def seed_vectors():
    # docs/ikev2.md: expand the seed with HMAC-SHA512(seed, label | group (2 bytes) | counter),
    # counter 1, 2, ..., to len(order) + 8 bytes; x = (E mod (order - 1)) + 1;
    # order = the curve's n, or q = (p - 1) / 2 for MODP.
    for group in (2, 14, 19, 20, 21):
        seed = rb(64)
        order = ORDERS[group] if group in ORDERS else (MODP[group] - 1) // 2
        width = (order.bit_length() + 7) // 8
        expanded, counter = b"", 1
        while len(expanded) < width + 8:
            expanded += prf(7, seed, b"trio6sim IKEv2 DH private value" + group.to_bytes(2, "big") + bytes([counter]))
            counter += 1
        x = int.from_bytes(expanded[:width + 8], "big") % (order - 1) + 1
        _, pub = modp_pub(group, x) if group in MODP else ec_pub(group, x)
        block(kind="dh_seed", group=group, seed=seed, priv=x.to_bytes(width, "big"), pub=pub)


SUITES = [  # (prf, encr, key bits, integ)
    (5, 20, 256, 0),
    (5, 20, 128, 0),
    (2, 3, 192, 2),
    (6, 12, 256, 13),
    (7, 12, 128, 12),
    (7, 20, 256, 0),
]


def ike_vectors():
    for p, encr, bits, integ in SUITES:
        ni, nr, g_ir = rb(32), rb(32), rb(64)
        spi_i, spi_r = rb(8), rb(8)
        skeyseed = prf(p, ni + nr, g_ir)
        keys = derive(p, encr, bits, integ, skeyseed, ni + nr + spi_i + spi_r)
        block(kind="ike_sa", prf=p, encr=encr, bits=bits, integ=integ, ni=ni, nr=nr, g_ir=g_ir, spi_i=spi_i,
              spi_r=spi_r, skeyseed=skeyseed, **dict(zip(NAMES, keys)))
        # Rekeyed IKE SA (sec. 2.18): the old SA's prf over the old SK_d.
        new_ni, new_nr, new_g = rb(32), rb(32), rb(32)
        new_spi_i, new_spi_r = rb(8), rb(8)
        old_prf = 2 if p != 2 else 5
        old_sk_d = rb(PRF_LEN[old_prf])
        skeyseed = prf(old_prf, old_sk_d, new_g + new_ni + new_nr)
        keys = derive(p, encr, bits, integ, skeyseed, new_ni + new_nr + new_spi_i + new_spi_r)
        block(kind="rekey_ike_sa", prf=p, encr=encr, bits=bits, integ=integ, old_prf=old_prf, old_sk_d=old_sk_d,
              ni=new_ni, nr=new_nr, g_ir=new_g, spi_i=new_spi_i, spi_r=new_spi_r, skeyseed=skeyseed,
              **dict(zip(NAMES, keys)))


def prf_plus_vectors():
    for p in (2, 5, 6, 7):
        key, seed = rb(RNG.randrange(1, 80)), rb(RNG.randrange(0, 100))
        length = RNG.randrange(1, 300)
        block(kind="prf_plus", prf=p, key=key, seed=seed, length=length, out=prf_plus(p, key, seed, length))


def auth_vectors():
    for p in (2, 5, 6, 7):
        psk = b"juniper123" if p == 5 else rb(RNG.randrange(8, 40))
        first, nonce, sk_p = rb(RNG.randrange(200, 500)), rb(32), rb(PRF_LEN[p])
        id_body = bytes([1, 0, 0, 0]) + rb(4)
        signed = first + nonce + prf(p, sk_p, id_body)
        auth = prf(p, prf(p, psk, b"Key Pad for IKEv2"), signed)
        block(kind="psk_auth", prf=p, psk=psk, first=first, nonce=nonce, sk_p=sk_p, id_body=id_body, auth=auth)


def child_vectors():
    for p, key_bytes, with_ke in ((5, 36, False), (5, 36, True), (2, 20, False), (7, 36, True)):
        sk_d, ni, nr = rb(PRF_LEN[p]), rb(32), rb(32)
        g = rb(64) if with_ke else b""
        keymat = prf_plus(p, sk_d, g + ni + nr, 2 * key_bytes)
        block(kind="child_sa", prf=p, sk_d=sk_d, g_ir=g, ni=ni, nr=nr, key_bytes=key_bytes,
              i_to_r=keymat[:key_bytes], r_to_i=keymat[key_bytes:])


print("# IKEv2 known answers (RFC 7296 2.13-2.18, RFC 5282, RFC 3526, RFC 5903), generated by")
print("# make_ikev2_vectors.py with python3-cryptography (independent of the C++). Do not edit.")
print("# Empty value = zero-length. kind: dh, dh_seed, ike_sa, rekey_ike_sa, prf_plus, psk_auth, child_sa.")
print()
dh_vectors()
seed_vectors()
prf_plus_vectors()
ike_vectors()
auth_vectors()
child_vectors()
