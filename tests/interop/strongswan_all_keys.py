#!/usr/bin/python3
"""Every key strongSwan derived agrees with the simulator's (docs/interop.md,
"Lifecycle and failures against strongSwan"): across rekeys, whoever
initiated them.

  strongswan_all_keys.py CHARON_LOG PCAP_DIR [MIN_IKE_SAS MIN_CHILD_SAS]

CHARON_LOG: charon's file log at `ike = 4`, `chd = 4` and `enc = 1`;
PCAP_DIR: the simulator's --pcap folder (ikev2_decryption_table, esp_sa).
Each IKE SA charon keyed (its "Sk_ei secret" and "Sk_er secret" dumps) must
be a row of the simulator's ikev2_decryption_table, and each ESP SA charon
installed ("adding inbound|outbound ESP SA", "SPI 0x...") must be in its
esp_sa with the same key and salt. Which of charon's two dumped keys an SA
carries follows from charon's role in the exchange that created it (RFC 7296
2.17: the exchange's initiator sends with the "initiator" key), read from
the last "parsed ... request|response" line before the keys. At least
MIN_IKE_SAS IKE SAs and MIN_CHILD_SAS Child SA pairs must have been
compared (default 1 and 1). Exit 0 when all agree, 1 otherwise.
"""
import csv
import re
import sys

from strongswan_keys import dumps


def child_sas(log):
    """(spi, key, direction) of every ESP SA charon installed, in order."""
    out, lines = [], log.splitlines()
    role, keys, pending = None, {}, None
    for i, line in enumerate(lines):
        m = re.search(r"parsed \S+ (request|response) \d+", line)
        if m:
            role = "initiator" if m.group(1) == "response" else "responder"
            continue
        m = re.search(r"encryption (initiator|responder) key => (\d+) bytes @", line)
        if m:
            keys[m.group(1)] = dumps("\n".join(lines[i:i + 8]), f"encryption {m.group(1)} key")[0]
            continue
        m = re.search(r"adding (inbound|outbound) ESP SA", line)
        if m:
            pending = m.group(1)
            continue
        m = re.search(r"SPI 0x([0-9a-f]{8}), src", line)
        if m and pending:
            # We send with our role's key and receive with the other's.
            ours = role == "initiator"
            use = "initiator" if (pending == "outbound") == ours else "responder"
            out.append((m.group(1), keys.get(use), pending))
            pending = None
    return out


def main():
    log = open(sys.argv[1], errors="replace").read()
    pcap = sys.argv[2]
    min_ike = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    min_child = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    ok = True

    table = {}
    for row in open(pcap + "/ikev2_decryption_table"):
        if row.startswith("#"):
            continue
        f = row.strip().split(",")
        table[(f[2].lower(), f[3].lower())] = (f[0], f[1])
    pairs = list(zip(dumps(log, "Sk_ei secret"), dumps(log, "Sk_er secret")))
    for ei, er in pairs:
        if (ei, er) in table:
            spi_i, spi_r = table[(ei, er)]
            print(f"keys: IKE SA {spi_i}/{spi_r}: SK_ei and SK_er agree")
        else:
            print(f"keys: strongSwan's IKE SA keys SK_ei {ei[:16]}... are in no row of the simulator's table")
            ok = False
    if len(pairs) < min_ike:
        print(f"keys: {len(pairs)} IKE SAs keyed by strongSwan, at least {min_ike} expected")
        ok = False

    esp = {}
    for row in csv.reader(line for line in open(pcap + "/esp_sa") if not line.startswith("#")):
        esp[row[3].lower().removeprefix("0x")] = row[5].lower().removeprefix("0x")
    sas = child_sas(log)
    for spi, key, direction in sas:
        if spi not in esp:
            print(f"keys: the simulator's esp_sa has no SA 0x{spi} (strongSwan's {direction})")
            ok = False
        elif key != esp[spi]:
            print(f"keys: ESP SA 0x{spi} (strongSwan's {direction}): key {key} != simulator's {esp[spi]}")
            ok = False
        else:
            print(f"keys: ESP SA 0x{spi} (strongSwan's {direction}): key and salt agree")
    if len(sas) < 2 * min_child:
        print(f"keys: {len(sas) // 2} Child SA pairs installed by strongSwan, at least {min_child} expected")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
