#!/usr/bin/python3
"""Independent re-check of gcm_vectors.txt and esp_gcm_vectors.txt.
Exit status 0 only if every block verifies."""
import sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

def blocks(path):
    out, cur = [], {}
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur: out.append(cur); cur = {}
            continue
        k, sep, v = line.partition(" =")
        assert sep, f"{path}: bad line {line!r}"
        cur[k] = v.strip()
    if cur: out.append(cur)
    return out

H = bytes.fromhex
bad = 0

def dec(key, nonce, data, aad):
    try:
        return AESGCM(key).decrypt(nonce, data, aad)
    except Exception:                              # InvalidTag
        return None

for b in blocks("gcm_vectors.txt"):
    key, iv, aad, pt, ct, tag = (H(b[f]) for f in ("key", "iv", "aad", "plaintext", "ciphertext", "tag"))
    ok = (len(iv) == 12 and len(tag) == 16 and len(key) in (16, 24, 32)
          and AESGCM(key).encrypt(iv, pt, aad) == ct + tag
          and dec(key, iv, ct + tag, aad) == pt)
    print(f"{'OK  ' if ok else 'FAIL'} {b['name']}"); bad += not ok

for b in blocks("esp_gcm_vectors.txt"):
    key, salt, spi, seq, iv, aad, pt, esp, tag = (H(b[f]) for f in
        ("key", "salt", "spi", "seq", "iv", "aad", "plaintext", "esp", "tag"))
    esn = b["esn"] == "true"
    seq_hi, seq_lo = (seq[:4], seq[4:]) if esn else (b"", seq)
    exp_aad = spi + seq_hi + seq_lo                # 8 bytes, or 12 with ESN
    out = AESGCM(key).encrypt(salt + iv, pt, exp_aad)
    checks = {
        "lengths": len(salt) == 4 and len(iv) == 8 and len(spi) == 4 and len(seq) == (8 if esn else 4),
        "aad": aad == exp_aad,
        "encrypt": esp[16:] == out,                # ciphertext||ICV after SPI||seq||IV
        "header": esp[:16] == spi + seq_lo + iv,
        "tag": esp[-16:] == tag,
        "decrypt": dec(key, salt + esp[8:16], esp[16:], exp_aad) == pt,
    }
    if "inner" in b:                               # plaintext = inner||pad||padlen||nh
        inner = H(b["inner"]); padlen = pt[-2]
        checks["inner"] = (pt[:len(inner)] == inner and len(pt) == len(inner) + padlen + 2
                           and pt[len(inner):-2] == bytes(range(1, padlen + 1)))
    ok = all(checks.values())
    print(f"{'OK  ' if ok else 'FAIL'} {b['name']}" + ("" if ok else f" {[k for k, v in checks.items() if not v]}"))
    bad += not ok

print("ALL OK" if not bad else f"{bad} FAILED")
sys.exit(1 if bad else 0)
