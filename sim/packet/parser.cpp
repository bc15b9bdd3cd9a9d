#include "parser.h"

#include <algorithm>

#include "esp_header.h"
#include "gre.h"
#include "ip_protocol.h"
#include "ipv4.h"
#include "ipv6.h"
#include "udp.h"
#include "vxlan.h"

namespace trio6sim {

namespace {

constexpr std::size_t kTcpMinHeaderBytes = 20;
constexpr std::size_t kIpv6FragmentHeaderBytes = 8;

// IPv6 extension header numbers (RFC 8200 section 4, RFC 4302 for AH).
namespace ext {
constexpr uint8_t kHopByHop = 0;
constexpr uint8_t kRouting = 43;
constexpr uint8_t kFragment = 44;
constexpr uint8_t kDestinationOptions = 60;
}  // namespace ext

using Bytes = std::span<const uint8_t>;
using Status = Expected<void, PacketError>;

// One walker per parse, holding the frame and the options; methods fill a
// ParsedFrame. `allow_tunnel` is false for the inner layer, so that the walk
// descends at most one tunnel level (what one parser pass does).
class Walker {
 public:
  Walker(Bytes frame, const ParseOptions& options, ParsedFrame& out) : f_(frame), opt_(options), r_(out) {}

  Status from_ethertype(std::size_t off, uint16_t type) {
    if (type == ethertype::kMpls) return mpls(off);
    if (type == ethertype::kIpv4) return ip(off, L3Family::kIpv4, r_.outer, true);
    if (type == ethertype::kIpv6) return ip(off, L3Family::kIpv6, r_.outer, true);
    r_.outer.payload = static_cast<uint32_t>(off);  // ARP, LLDP, ...: no L3
    return {};
  }

  Status ip(std::size_t off, L3Family family, IpLayer& layer, bool allow_tunnel) {
    if (family == L3Family::kUnknown) {
      if (off >= f_.size()) return unexpected(PacketError(PacketError::kTruncated, PacketField::kIpv4Header, 0, 1));
      const uint8_t version = f_[off] >> 4;
      if (version == 4) family = L3Family::kIpv4;
      else if (version == 6) family = L3Family::kIpv6;
      else return unexpected(PacketError(PacketError::kBadVersion, PacketField::kIpVersion, version, 0));
    }
    layer.family = family;
    layer.l3 = static_cast<uint32_t>(off);
    std::size_t l4 = 0;
    std::size_t end = 0;
    if (family == L3Family::kIpv4) {
      auto v = parse_ipv4(f_.subspan(off), opt_.verify_ipv4_checksum);
      if (!v) return unexpected(v.error());
      l4 = off + v->header_length();
      end = off + v->total_length();
      layer.protocol = v->protocol();
      layer.ttl = v->ttl();
      layer.is_fragment = v->is_fragment();
      layer.fragment_offset = v->fragment_offset();
      layer.more_fragments = v->mf();
      layer.key.src = IpAddress::v4(v->src());
      layer.key.dst = IpAddress::v4(v->dst());
    } else {
      auto v = parse_ipv6(f_.subspan(off));
      if (!v) return unexpected(v.error());
      end = off + kIpv6HeaderBytes + v->payload_length();
      layer.ttl = v->hop_limit();
      layer.key.src = IpAddress::v6(v->src());
      layer.key.dst = IpAddress::v6(v->dst());
      auto after = ipv6_extensions(off + kIpv6HeaderBytes, end, v->next_header(), layer);
      if (!after) return unexpected(after.error());
      l4 = *after;
    }
    layer.end = static_cast<uint32_t>(end);
    layer.key.protocol = layer.protocol;
    if (layer.is_fragment && layer.fragment_offset != 0) {
      layer.payload = static_cast<uint32_t>(l4);  // no L4 header in this fragment
      return {};
    }
    layer.l4 = static_cast<uint32_t>(l4);
    return upper(l4, end, layer, allow_tunnel);
  }

 private:
  // Walks hop-by-hop, routing, destination options, fragment and AH headers,
  // leaving layer.protocol at the first other one; returns where it starts.
  Expected<std::size_t, PacketError> ipv6_extensions(std::size_t off, std::size_t end, uint8_t next,
                                                     IpLayer& layer) {
    for (std::size_t n = 0;; ++n) {
      std::size_t len = 0;
      const auto left = static_cast<uint32_t>(end - std::min(off, end));
      if (next == ext::kHopByHop || next == ext::kRouting || next == ext::kDestinationOptions) {
        if (off + 2 > end) return unexpected(PacketError(PacketError::kBadLength, PacketField::kIpv6ExtensionHeader, 2, left));
        len = (std::size_t{f_[off + 1]} + 1) * 8;  // RFC 8200 section 4.3: 8-octet units, not counting the first 8
      } else if (next == ext::kFragment) {
        len = kIpv6FragmentHeaderBytes;
        if (off + len > end)
          return unexpected(PacketError(PacketError::kBadLength, PacketField::kIpv6ExtensionHeader, 8, left));
        const uint16_t word = load_be16(f_.data() + off + 2);
        layer.fragment_offset = word >> 3;
        layer.more_fragments = (word & 1) != 0;
        layer.is_fragment = layer.more_fragments || layer.fragment_offset != 0;
      } else if (next == ipproto::kAh) {
        if (off + 2 > end) return unexpected(PacketError(PacketError::kBadLength, PacketField::kIpv6ExtensionHeader, 2, left));
        len = (std::size_t{f_[off + 1]} + 2) * 4;  // RFC 4302 section 2.2: 32-bit words minus 2
      } else {
        layer.protocol = next;
        return off;
      }
      if (n == kMaxIpv6ExtensionHeaders)
        return unexpected(PacketError(PacketError::kUnsupported, PacketField::kIpv6ExtensionChain,
                                      static_cast<uint32_t>(n + 1), kMaxIpv6ExtensionHeaders));
      if (off + len > end)
        return unexpected(PacketError(PacketError::kBadLength, PacketField::kIpv6ExtensionHeader,
                                      static_cast<uint32_t>(len), left));
      next = f_[off];
      off += len;
    }
  }

  // The L4 header at [off, end). A first fragment yields only its ports: the
  // rest of the datagram (and any tunnel behind it) is not here.
  Status upper(std::size_t off, std::size_t end, IpLayer& layer, bool allow_tunnel) {
    const Bytes l4 = f_.subspan(off, end - off);
    layer.payload = static_cast<uint32_t>(off);
    const uint8_t proto = layer.protocol;
    if (layer.is_fragment) {
      if ((proto == ipproto::kUdp || proto == ipproto::kTcp) && l4.size() >= 4) set_ports(layer, l4);
      return {};
    }
    switch (proto) {
      case ipproto::kUdp: return udp(off, end, layer, allow_tunnel);
      case ipproto::kTcp: {
        const auto present = static_cast<uint32_t>(l4.size());
        if (l4.size() < kTcpMinHeaderBytes)
          return unexpected(PacketError(PacketError::kTruncated, PacketField::kTcpHeader, present, kTcpMinHeaderBytes));
        const std::size_t data_offset = static_cast<std::size_t>(l4[12] >> 4) * 4;  // RFC 9293 section 3.1
        if (data_offset < kTcpMinHeaderBytes || data_offset > l4.size())
          return unexpected(PacketError(PacketError::kBadHeaderLength, PacketField::kTcpDataOffset,
                                        static_cast<uint32_t>(data_offset), present));
        set_ports(layer, l4);
        layer.payload = static_cast<uint32_t>(off + data_offset);
        return {};
      }
      case ipproto::kEsp: return esp(off, end, layer);
      case ipproto::kGre: return gre(off, end, layer, allow_tunnel);
      case ipproto::kIpv4:
      case ipproto::kIpv6:
        if (!allow_tunnel) return {};
        r_.tunnel = Tunnel::kIpInIp;
        return ip_inner(off, end, proto == ipproto::kIpv4 ? L3Family::kIpv4 : L3Family::kIpv6);
      default: return {};
    }
  }

  Status udp(std::size_t off, std::size_t end, IpLayer& layer, bool allow_tunnel) {
    auto u = parse_udp(f_.subspan(off, end - off));
    if (!u) return unexpected(u.error());
    const Bytes datagram = f_.subspan(off, u->length());
    if (opt_.verify_l4_checksum) {
      const bool ok = layer.family == L3Family::kIpv4
                          ? udp_checksum_ok_v4(layer.key.src.data(), layer.key.dst.data(), datagram)
                          : udp_checksum_ok_v6(layer.key.src.data(), layer.key.dst.data(), datagram);
      if (!ok) return unexpected(PacketError(PacketError::kBadChecksum, PacketField::kUdpChecksum, load_be16(datagram.data() + 6)));
    }
    set_ports(layer, datagram);
    const std::size_t body = off + kUdpHeaderBytes;
    const std::size_t udp_end = off + u->length();
    layer.payload = static_cast<uint32_t>(body);
    if (u->dst_port() == kEspInUdpPort || u->src_port() == kEspInUdpPort) {
      // RFC 3948 section 2.2: a zero first word is IKE's non-ESP marker, and
      // a 1-byte 0xff datagram is a NAT keepalive; anything else is ESP.
      if (udp_end - body >= kEspHeaderBytes && load_be32(f_.data() + body) != 0) {
        layer.esp_in_udp = true;
        return esp(body, udp_end, layer);
      }
      return {};
    }
    if (u->dst_port() == kVxlanUdpPort && allow_tunnel) {
      auto vx = parse_vxlan(f_.subspan(body, udp_end - body));
      if (!vx) return unexpected(vx.error());
      r_.tunnel = Tunnel::kVxlan;
      r_.vxlan_vni = vx->vni();
      layer.payload = static_cast<uint32_t>(body + kVxlanHeaderBytes);
      return ethernet_inner(body + kVxlanHeaderBytes, udp_end);
    }
    return {};
  }

  Status esp(std::size_t off, std::size_t end, IpLayer& layer) {
    auto e = parse_esp_header(f_.subspan(off, end - off));
    if (!e) return unexpected(e.error());
    layer.has_esp = true;
    layer.esp_spi = e->spi();
    layer.esp_sequence = e->sequence();
    layer.key.spi = e->spi();
    layer.payload = static_cast<uint32_t>(off + kEspHeaderBytes);
    return {};
  }

  Status gre(std::size_t off, std::size_t end, IpLayer& layer, bool allow_tunnel) {
    const Bytes bytes = f_.subspan(off, end - off);
    auto g = parse_gre(bytes);
    if (!g) return unexpected(g.error());
    if (opt_.verify_l4_checksum && !gre_checksum_ok(bytes))
      return unexpected(PacketError(PacketError::kBadChecksum, PacketField::kGreChecksum));
    const std::size_t body = off + g->length;
    layer.payload = static_cast<uint32_t>(body);
    if (!allow_tunnel) return {};
    r_.tunnel = Tunnel::kGre;
    r_.gre_protocol = g->fields.protocol;
    r_.has_gre_key = g->fields.key.has_value();
    r_.gre_key = g->fields.key.value_or(0);
    switch (g->fields.protocol) {
      case ethertype::kIpv4: return ip_inner(body, end, L3Family::kIpv4);
      case ethertype::kIpv6: return ip_inner(body, end, L3Family::kIpv6);
      case ethertype::kTransparentEthernet: return ethernet_inner(body, end);
      default: return {};
    }
  }

  // The inner headers live inside the outer packet: the walk sees only the
  // outer payload, so an inner length field cannot reach past it.
  Status ip_inner(std::size_t off, std::size_t end, L3Family family) {
    Walker inner(f_.first(end), opt_, r_);
    return inner.ip(off, family, r_.inner, false);
  }

  Status ethernet_inner(std::size_t off, std::size_t end) {
    auto eth = parse_ethernet(f_.subspan(off, end - off));
    if (!eth) return unexpected(eth.error());
    r_.inner_l2 = static_cast<uint32_t>(off);
    const std::size_t l3 = off + ethernet_header_length(*eth);
    if (eth->ethertype == ethertype::kIpv4) return ip_inner(l3, end, L3Family::kIpv4);
    if (eth->ethertype == ethertype::kIpv6) return ip_inner(l3, end, L3Family::kIpv6);
    return {};
  }

  Status mpls(std::size_t off) {
    auto stack = parse_mpls_stack(f_.subspan(off));
    if (!stack) return unexpected(stack.error());
    r_.mpls_depth = stack->depth;
    for (std::size_t i = 0; i < stack->depth; ++i) r_.mpls_labels[i] = stack->labels[i].label;
    const std::size_t l3 = off + stack->length();
    // The label stack does not name its payload. Explicit-null labels do
    // (RFC 3032 section 2.1); otherwise look at the first nibble, as
    // LSRs do for ECMP (RFC 7325 section 2.4.3). Other nibbles (a pseudowire
    // control word, 0) leave the frame without L3.
    const uint32_t bottom = stack->labels[stack->depth - 1].label;
    if (bottom == mpls_label::kIpv4ExplicitNull) return ip(l3, L3Family::kIpv4, r_.outer, true);
    if (bottom == mpls_label::kIpv6ExplicitNull) return ip(l3, L3Family::kIpv6, r_.outer, true);
    if (l3 >= f_.size()) return unexpected(PacketError(PacketError::kTruncated, PacketField::kMplsPayload));
    const uint8_t nibble = f_[l3] >> 4;
    if (nibble == 4) return ip(l3, L3Family::kIpv4, r_.outer, true);
    if (nibble == 6) return ip(l3, L3Family::kIpv6, r_.outer, true);
    r_.outer.payload = static_cast<uint32_t>(l3);
    return {};
  }

  static void set_ports(IpLayer& layer, Bytes l4) {
    layer.has_ports = true;
    layer.src_port = load_be16(l4.data());
    layer.dst_port = load_be16(l4.data() + 2);
    layer.key.src_port = layer.src_port;
    layer.key.dst_port = layer.dst_port;
  }

  Bytes f_;
  const ParseOptions& opt_;
  ParsedFrame& r_;
};

Expected<ParsedFrame, PacketError> finish(Status status, ParsedFrame& r, const ParseOptions& options) {
  if (!status) return unexpected(status.error());
  const bool use_inner = options.hash.inner && r.inner.l3 != kNoOffset;
  r.flow_hash = flow_hash(use_inner ? r.inner.key : r.outer.key, options.hash);
  return r;
}

}  // namespace

Expected<ParsedFrame, PacketError> parse_frame(std::span<const uint8_t> frame, const ParseOptions& options) {
  auto eth = parse_ethernet(frame);
  if (!eth) return unexpected(eth.error());
  ParsedFrame r;
  r.l2 = 0;
  r.ethertype = eth->ethertype;
  r.vlan_count = eth->vlan_count;
  for (std::size_t i = 0; i < eth->vlan_count; ++i) r.vlan_ids[i] = eth->vlans[i].vid;
  Walker w(frame, options, r);
  return finish(w.from_ethertype(ethernet_header_length(*eth), eth->ethertype), r, options);
}

Expected<ParsedFrame, PacketError> parse_l3(std::span<const uint8_t> packet, L3Family family,
                                            const ParseOptions& options) {
  ParsedFrame r;
  Walker w(packet, options, r);
  return finish(w.ip(0, family, r.outer, true), r, options);
}

}  // namespace trio6sim
