#!/usr/bin/python3
"""The keys strongSwan and the simulator derived agree (docs/interop.md).

  strongswan_keys.py CHARON_LOG LIST_SAS PCAP_DIR

CHARON_LOG: charon's file log at `ike = 4` and `chd = 4` (it dumps SK_ei,
SK_er and the CHILD_SA's "encryption initiator/responder key"); LIST_SAS:
`swanctl --list-sas` (the IKE SPIs and the CHILD_SA's SPIs); PCAP_DIR: the
simulator's --pcap folder (ikev2_decryption_table and esp_sa, the tables
Wireshark reads). Either side may have initiated. Exit 0 when every key
matches, 1 otherwise, saying which.
"""
import csv
import re
import sys


def dumps(log, label):
    """Every hex dump logged after '<label> => N bytes @ 0x...', in order."""
    out, lines = [], log.splitlines()
    for i, line in enumerate(lines):
        m = re.search(re.escape(label) + r" => (\d+) bytes @", line)
        if not m:
            continue
        size, data = int(m.group(1)), ""
        for follow in lines[i + 1:]:
            d = re.search(r"[\]>]\s+(\d+): ((?:[0-9A-F]{2} ){1,16})", follow)
            if not d:
                break
            data += d.group(2).replace(" ", "")
        out.append(data[: 2 * size].lower())
    return out


def main():
    log = open(sys.argv[1], errors="replace").read()
    sas = open(sys.argv[2]).read()
    pcap = sys.argv[3]
    ok = True

    m = re.search(r"ESTABLISHED, IKEv2, ([0-9a-f]{16})_i(\*?) ([0-9a-f]{16})_r", sas)
    if not m:
        print("keys: no ESTABLISHED IKE_SA in swanctl --list-sas")
        return 1
    spi_i, spi_r = m.group(1), m.group(3)
    strongswan_initiated = m.group(2) == "*"  # swanctl marks its own side's SPI
    table = {}
    for row in open(pcap + "/ikev2_decryption_table"):
        if row.startswith("#"):
            continue
        f = row.strip().split(",")
        table[(f[0], f[1])] = (f[2].lower(), f[3].lower())
    sim = table.get((spi_i, spi_r))
    ei, er = dumps(log, "Sk_ei secret"), dumps(log, "Sk_er secret")
    if not sim:
        print(f"keys: the simulator's ikev2_decryption_table has no IKE SA {spi_i}/{spi_r}")
        ok = False
    elif not ei or not er or (ei[-1], er[-1]) != sim:
        print(f"keys: IKE SA {spi_i}/{spi_r}: strongSwan SK_ei/SK_er {ei[-1:]} {er[-1:]} != simulator's {sim}")
        ok = False
    else:
        print(f"keys: IKE SA {spi_i}/{spi_r}: SK_ei and SK_er agree ({len(sim[0]) // 2} bytes each)")

    c = re.search(r"INSTALLED, TUNNEL-in-UDP.*?\n\s+in\s+([0-9a-f]{8}),.*?\n\s+out\s+([0-9a-f]{8}),", sas, re.S)
    if not c:
        print("keys: no INSTALLED CHILD_SA in swanctl --list-sas: Child SA keys not compared")
        return 1
    spi_in, spi_out = c.groups()
    esp = {}
    for row in csv.reader(line for line in open(pcap + "/esp_sa") if not line.startswith("#")):
        esp[row[3].lower().removeprefix("0x")] = row[5].lower().removeprefix("0x")
    init_key, resp_key = dumps(log, "encryption initiator key"), dumps(log, "encryption responder key")
    # The SA from the IKE initiator to the responder uses the "initiator"
    # key (RFC 7296 2.17): strongSwan's outbound when it initiated, its
    # inbound when the simulated PE did.
    i_to_r, r_to_i = (spi_out, spi_in) if strongswan_initiated else (spi_in, spi_out)
    for spi, keys, what in ((i_to_r, init_key, "initiator"), (r_to_i, resp_key, "responder")):
        if spi not in esp:
            print(f"keys: the simulator's esp_sa has no SA 0x{spi}")
            ok = False
        elif not keys or keys[-1] != esp[spi]:
            print(f"keys: ESP SA 0x{spi}: strongSwan's {what} key {keys[-1:]} != simulator's {esp[spi]}")
            ok = False
        else:
            print(f"keys: ESP SA 0x{spi} ({what} to {'responder' if what == 'initiator' else 'initiator'}): "
                  f"key and salt agree ({len(esp[spi]) // 2} bytes)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
