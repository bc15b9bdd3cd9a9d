#!/usr/bin/python3
"""ESP in UDP between strongSwan and the simulated PE1, counted on both sides
(docs/interop.md, tests/interop/strongswan_ike.sh).

  strongswan_traffic.py LIST_SAS RUN_JSON PCAP_DIR SENT RECEIVED

LIST_SAS: `swanctl --list-sas` after the run (the CHILD_SA's packets and
bytes in and out); RUN_JSON: the run's --json report; PCAP_DIR: its --pcap
folder (PE1-bridge.pcap, what crossed the bridge; PE1-et-0_0_4.pcap, what
left PE1 toward the simulated CE; esp_sa); SENT: datagrams the test sent from
strongSwan's side (10.1.0.1 to the CE's 10.2.0.2, UDP port 7) into strongSwan's
tunnel; RECEIVED: datagrams the test received on 10.1.0.1:9999 from the CE's
stream, decrypted by strongSwan.

Checks, packet for packet: strongSwan's CHILD_SA out = SENT = the
simulator's decrypted packets = ESP from the host on the bridge = what the CE
received (PE1's et-0/0/4.0 output, its capture, the CE generator's count of
packets not of its streams); strongSwan's in = the
simulator's encrypted packets = ESP to the host on the bridge = the CE's
stream = RECEIVED; the decrypted and encrypted bytes agree as well; and,
with tshark, every ESP packet of the bridge's capture decrypts with the
simulator's esp_sa. Exit 0 when all hold, 1 otherwise, saying which.
"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

from pcap_records import ip_packet, read_pcap

CE_STREAM = "ce-to-strongswan"
TO_CE_PORT = 7  # the test's datagrams from 10.1.0.1 to 10.2.0.2


def child_counters(list_sas):
    """(bytes, packets) in and out of the INSTALLED CHILD_SA."""
    m = re.search(r"INSTALLED, TUNNEL-in-UDP.*?\n\s+in\s+[0-9a-f]{8},\s+(\d+) bytes,\s+(\d+) packets.*?"
                  r"\n\s+out\s+[0-9a-f]{8},\s+(\d+) bytes,\s+(\d+) packets", list_sas, re.S)
    if not m:
        return None
    b_in, p_in, b_out, p_out = map(int, m.groups())
    return {"in": (b_in, p_in), "out": (b_out, p_out)}


def ce_frames(path):
    """UDP frames from 10.1.0.1 to 10.2.0.2 port TO_CE_PORT in an Ethernet pcap."""
    link_type, records = read_pcap(path)
    n = 0
    for _number, _seconds, record in records:
        ip = ip_packet(link_type, record)
        if ip is None or len(ip) < 28 or ip[0] >> 4 != 4 or ip[9] != 17:
            continue
        ihl = (ip[0] & 15) * 4
        if ip[12:16] == bytes([10, 1, 0, 1]) and ip[16:20] == bytes([10, 2, 0, 2]) and \
                struct.unpack(">H", ip[ihl + 2:ihl + 4])[0] == TO_CE_PORT:
            n += 1
    return n


def tshark_decrypts(pcap_dir):
    """(ESP packets, of which decrypted to the inner UDP) in the bridge's capture, or None without tshark."""
    tshark = shutil.which("tshark")
    if not tshark:
        return None
    with tempfile.TemporaryDirectory(prefix="trio6sim-esp-") as config:
        shutil.copy(os.path.join(pcap_dir, "esp_sa"), os.path.join(config, "esp_sa"))
        r = subprocess.run([tshark, "-n", "-r", os.path.join(pcap_dir, "PE1-bridge.pcap"),
                            "-o", "esp.enable_encryption_decode:TRUE", "-Y", "esp",
                            "-T", "fields", "-e", "esp.spi", "-e", "udp.dstport"],
                           env=dict(os.environ, WIRESHARK_CONFIG_DIR=config), capture_output=True, text=True)
    rows = [line.split("\t") for line in r.stdout.splitlines() if line.strip()]
    # udp.dstport lists the outer 4500 and, once decrypted, the inner port.
    inner = [row for row in rows if len(row) > 1 and len(row[1].split(",")) > 1]
    return len(rows), len(inner)


def main():
    list_sas, run, pcap_dir = open(sys.argv[1]).read(), json.load(open(sys.argv[2])), sys.argv[3]
    sent, received = int(sys.argv[4]), int(sys.argv[5])
    ok = True

    def check(what, values):
        nonlocal ok
        same = len(set(values.values())) == 1
        print(("traffic: " if same else "FAIL: traffic: ") + what + ": " +
              ", ".join(f"{k} {v}" for k, v in values.items()))
        ok = ok and same

    ss = child_counters(list_sas)
    if not ss:
        print("FAIL: traffic: no INSTALLED CHILD_SA with counters in swanctl --list-sas")
        return 1
    pe1 = run["devices"]["PE1"]
    ipsec, bridge = pe1["ipsec"], run["bridge"]
    ce_out = pe1["interfaces"].get("et-0/0/4.0", {}).get("output_packets", 0)
    stream = run["streams"][CE_STREAM]
    check("strongSwan -> CE (packets)", {
        "sent into strongSwan's tunnel": sent,
        "strongSwan's CHILD_SA out": ss["out"][1],
        "bridge ESP from host": bridge["esp_from_host"],
        "PE1 decrypted": ipsec["decrypted_packets"],
        "PE1 et-0/0/4.0 output": ce_out,
        "received by the CE": run.get("generators", {}).get("CE1", {}).get("received_not_of_streams", 0),
        "in the CE's capture": ce_frames(os.path.join(pcap_dir, "PE1-et-0_0_4.pcap")),
    })
    check("CE -> strongSwan (packets)", {
        "the CE's stream": stream["tx_packets"],
        "PE1 encrypted": ipsec["encrypted_packets"],
        "bridge ESP to host": bridge["esp_to_host"],
        "strongSwan's CHILD_SA in": ss["in"][1],
        "received behind strongSwan": received,
    })
    check("strongSwan -> CE (bytes of the inner packets)", {
        "strongSwan's CHILD_SA out": ss["out"][0], "PE1 decrypted": ipsec["decrypted_bytes"]})
    check("CE -> strongSwan (bytes of the inner packets)", {
        "PE1 encrypted": ipsec["encrypted_bytes"], "strongSwan's CHILD_SA in": ss["in"][0]})
    if sent == 0 or received == 0:
        print("FAIL: traffic: nothing crossed one way")
        ok = False
    decrypted = tshark_decrypts(pcap_dir)
    if decrypted is None:
        print("note: no tshark: the bridge's ESP is not decrypted")
    else:
        check("tshark: ESP in the bridge's capture (decrypted with the simulator's esp_sa)", {
            "ESP packets": decrypted[0], "decrypted": decrypted[1],
            "ESP both ways on the bridge": bridge["esp_from_host"] + bridge["esp_to_host"]})
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
