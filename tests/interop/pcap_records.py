"""Records of a libpcap capture, for the interop checks that read captures
without tshark: the link type and each record's number, time and bytes, and
the IP packet inside a record (an Ethernet frame's payload, or the record
itself in a raw-IP capture such as the host bridge's)."""
import struct

_FORMATS = {b"\xd4\xc3\xb2\xa1": ("<", 1e6), b"\xa1\xb2\xc3\xd4": (">", 1e6),
            b"\x4d\x3c\xb2\xa1": ("<", 1e9), b"\xa1\xb2\x3c\x4d": (">", 1e9)}
ETHERNET, RAW, RAW_IPV4 = 1, 101, 228


def read_pcap(path):
    """(link type, [(record number, seconds, bytes)]) of a libpcap file (micro- or
    nanosecond); ValueError when it is not one or is cut short."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise ValueError("%s: not a pcap file" % path)
    if data[:4] not in _FORMATS:
        raise ValueError("%s: not a pcap file (magic %s)" % (path, data[:4].hex()))
    endian, fraction = _FORMATS[data[:4]]
    link_type = struct.unpack(endian + "I", data[20:24])[0]
    records, at, number = [], 24, 0
    while at < len(data):
        if at + 16 > len(data):
            raise ValueError("%s: truncated record header" % path)
        sec, frac, incl, _orig = struct.unpack(endian + "IIII", data[at:at + 16])
        at += 16
        if at + incl > len(data):
            raise ValueError("%s: truncated record" % path)
        number += 1
        records.append((number, sec + frac / fraction, data[at:at + incl]))
        at += incl
    return link_type, records


def ip_packet(link_type, record):
    """The IPv4 or IPv6 packet a record holds, else None."""
    if link_type in (RAW, RAW_IPV4):
        return record
    if link_type == ETHERNET and len(record) >= 14 and record[12:14] in (b"\x08\x00", b"\x86\xdd"):
        return record[14:]
    return None
