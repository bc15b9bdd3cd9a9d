#!/usr/bin/env python3
"""ESP-in-UDP packets by SPI in a capture, each way: esp_spis.py PCAP ADDRESS
prints "from:SPI=N,... to:SPI=N,..." for the packets from and to ADDRESS
(IPv4), to or from UDP 4500; IKE (on 500, or on 4500 behind the non-ESP
marker, a zero first word) and NAT keepalives are left out. Used by strongswan_lifecycle.sh to see traffic cross a rekey."""
import ipaddress
import struct
import sys

from pcap_records import ip_packet, read_pcap


def main():
    address = ipaddress.IPv4Address(sys.argv[2]).packed
    link_type, records = read_pcap(sys.argv[1])
    spis = {"from": {}, "to": {}}
    for _number, _seconds, record in records:
        ip = ip_packet(link_type, record)
        if ip is None or len(ip) < 28 or ip[0] >> 4 != 4 or ip[9] != 17:
            continue
        udp = ip[(ip[0] & 15) * 4:]
        ports = struct.unpack(">HH", udp[0:4]) if len(udp) >= 4 else (0, 0)
        if 4500 not in ports or len(udp) < 16 or struct.unpack(">I", udp[8:12])[0] == 0:
            continue  # IKE on 500, IKE on 4500 (the marker), a keepalive
        spi = struct.unpack(">I", udp[8:12])[0]
        way = "from" if ip[12:16] == address else "to"
        spis[way][spi] = spis[way].get(spi, 0) + 1
    print(" ".join(f"{way}:" + ",".join(f"{s:08x}={n}" for s, n in sorted(c.items())) for way, c in spis.items()))


if __name__ == "__main__":
    main()
