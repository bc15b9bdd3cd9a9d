#include "packet_error.h"

#include <algorithm>

namespace trio6sim {

namespace {

std::string n(uint32_t v) { return std::to_string(v); }

std::string hex16(uint32_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "0x0000";
  for (int i = 0; i < 4; ++i) s[5 - i] = kDigits[(v >> (4 * i)) & 15];
  return s;
}

std::string bytes_present(uint32_t b) { return "the " + n(b) + " byte" + (b == 1 ? "" : "s") + " present"; }

}  // namespace

std::string describe(const PacketError& e) {
  const uint32_t v = e.value;
  const uint32_t l = e.limit;
  switch (e.field) {
    case PacketField::kNone: break;
    case PacketField::kEthernetHeader:
      return "Ethernet header: " + n(v) + " bytes, expected at least " + n(l);
    case PacketField::kEthertype:
      return "EtherType " + hex16(v) + ": expected a type (0x0600 or more), not an 802.3 length";
    case PacketField::kVlanTags:
      return "VLAN tags: more than " + n(l) + ", expected at most " + n(l);
    case PacketField::kMplsStack:
      return "MPLS label stack: no bottom of stack within " + n(l) + " labels";
    case PacketField::kMplsLabel:
      return "MPLS label stack: " + n(v) + " bytes, expected " + n(l) + " (no bottom of stack before the end)";
    case PacketField::kMplsPayload:
      return "MPLS payload: no bytes after the bottom of the label stack, expected a packet";
    case PacketField::kIpVersion:
      return "IP version is " + n(v) + ": expected " + (l == 0 ? std::string("4 or 6") : n(l));
    case PacketField::kIpv4Header:
      return "IPv4 header: " + n(v) + " bytes, expected at least 20";
    case PacketField::kIpv4Ihl:
      if (v < 5) return "IPv4 IHL is " + n(v) + " (" + n(v * 4) + " bytes): expected at least 5 (20 bytes)";
      return "IPv4 IHL is " + n(v) + " (" + n(v * 4) + " bytes): expected 5 to " + n(std::max<uint32_t>(5, l / 4)) +
             " for " + bytes_present(l);
    case PacketField::kIpv4TotalLength:
      if (e.kind == PacketError::kBadTotalLength)
        return "IPv4 total length is " + n(v) + ": expected at least the header length, " + n(l);
      return "IPv4 total length is " + n(v) + ": expected at most " + bytes_present(l);
    case PacketField::kIpv4Checksum:
      return "IPv4 header checksum " + hex16(v) + " does not verify";
    case PacketField::kIpv6Header:
      return "IPv6 header: " + n(v) + " bytes, expected at least 40";
    case PacketField::kIpv6PayloadLength:
      return "IPv6 payload length is " + n(v) + ": expected at most the " + n(l) + " bytes present after the 40-byte header";
    case PacketField::kIpv6ExtensionHeader:
      return "IPv6 extension header of " + n(v) + " bytes: expected at most the " + n(l) + " bytes left in the packet";
    case PacketField::kIpv6ExtensionChain:
      return "IPv6 extension headers: more than " + n(l) + " in a chain, expected at most " + n(l);
    case PacketField::kUdpHeader:
      return "UDP header: " + n(v) + " bytes, expected at least 8";
    case PacketField::kUdpLength:
      if (v < 8) return "UDP length is " + n(v) + ": expected at least 8";
      return "UDP length is " + n(v) + ": expected at most " + bytes_present(l);
    case PacketField::kUdpChecksum:
      return "UDP checksum " + hex16(v) + " does not verify";
    case PacketField::kTcpDataOffset:
      return "TCP data offset is " + n(v) + " bytes: expected 20 to " + n(std::max<uint32_t>(20, std::min<uint32_t>(60, l))) +
             " for " + bytes_present(l);
    case PacketField::kTcpHeader:
      return "TCP header: " + n(v) + " bytes, expected at least 20";
    case PacketField::kEspHeader:
      return "ESP header: " + n(v) + " bytes, expected at least 8 (SPI and sequence number)";
    case PacketField::kEspSpi:
      return "ESP SPI is 0: expected 1 to 0xffffffff (0 is reserved, RFC 4303 section 2.1)";
    case PacketField::kGreHeader:
      return "GRE header: " + n(v) + " bytes, expected " + n(l) + " (from its flags)";
    case PacketField::kGreFlags:
      return "GRE flags and version " + hex16(v) + ": expected version 0 and the reserved bits clear (RFC 2784)";
    case PacketField::kGreChecksum:
      return "GRE checksum does not verify";
    case PacketField::kVxlanHeader:
      return "VXLAN header: " + n(v) + " bytes, expected 8";
    case PacketField::kVxlanFlags:
      return "VXLAN flags " + hex16(v) + ": expected the I flag (0x08) set (RFC 7348)";
  }
  return std::string(to_string(e.kind));
}

}  // namespace trio6sim
