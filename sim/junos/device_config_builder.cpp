// Builds DeviceConfig from the statement tree. What is not applied is listed
// from the statement schema (statement_check.h), not from what is read here:
// reading a statement does not apply it.
#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <tuple>

#include "junos/device_config.h"

namespace trio6sim::junos {

namespace {

std::string join_path(const std::string& path, const ConfigNode& n) {
  return path.empty() ? n.statement() : path + " " + n.statement();
}

// Whether `address` (an interface address, "13.11.1.1/24") has `inside`
// ("13.11.1.254") in its subnet, in the same family.
bool in_subnet(std::string_view address, std::string_view inside) {
  const auto prefix = IpPrefix::parse(address);
  const auto a = IpAddress::parse(inside);
  if (!prefix || !a || prefix->address.is_v4() != a->is_v4()) return false;
  for (int bit = 0; bit < prefix->length; ++bit) {
    const uint8_t m = static_cast<uint8_t>(0x80u >> (bit % 8));
    if ((prefix->address.data()[bit / 8] & m) != (a->data()[bit / 8] & m)) return false;
  }
  return true;
}

}  // namespace

class DeviceConfigBuilder {
 public:
  explicit DeviceConfigBuilder(const ConfigTree& tree) : tree_(tree) { cfg_.file = tree.file; }

  Expected<DeviceConfig, ModelError> build() {
    const ConfigNode& root = tree_.root;
    for (const ConfigNode* c : all(root, "chassis")) chassis(*c, join_path("", *c));
    for (const ConfigNode* c : all(root, "interfaces")) interfaces(*c, join_path("", *c));
    for (const ConfigNode* c : all(root, "services")) services(*c, join_path("", *c));
    for (const ConfigNode* c : all(root, "security")) security(*c, join_path("", *c));
    for (const ConfigNode* c : all(root, "routing-options")) routing_options(*c, join_path("", *c));
    policies();
    for (const ConfigNode* ri : all(root, "routing-instances")) mac_vrfs(*ri, join_path("", *ri));
    // Protocols are not run, but each one is listed by name ("protocols
    // bgp"); BGP's inet-vpn neighbors are read for the VPN route exchange.
    for (const ConfigNode* p : all(root, "protocols")) {
      list_protocols(*p);
      for (const ConfigNode* bgp : all(*p, "bgp")) inet_vpn_peerings(*bgp, join_path(join_path("", *p), *bgp));
    }
    for (const ConfigNode* ri : all(root, "routing-instances"))
      for (const auto& instance : ri->children)
        if (!instance.inactive) {
          for (const auto& p : instance.children)
            if (p.keyword == "protocols" && !p.inactive) list_protocols(p);
          if (text(instance, "instance-type") == "vrf") routing_instance(instance, join_path("", *ri));
        }
    if (error_) return unexpected(*error_);
    cfg_.not_modeled_statements_ = check_statements(tree_).not_modeled;
    for (const auto& n : cfg_.not_modeled_statements_)
      if (std::find(cfg_.not_modeled_.begin(), cfg_.not_modeled_.end(), n.statement) == cfg_.not_modeled_.end())
        cfg_.not_modeled_.push_back(n.statement);
    return std::move(cfg_);
  }

 private:
  // Active children with this keyword.
  std::vector<const ConfigNode*> all(const ConfigNode& n, std::string_view kw) {
    std::vector<const ConfigNode*> out;
    for (const auto& c : n.children)
      if (c.keyword == kw && !c.inactive) out.push_back(&c);
    return out;
  }
  const ConfigNode* one(const ConfigNode& n, std::string_view kw) {
    auto v = all(n, kw);
    return v.empty() ? nullptr : v.back();
  }
  std::string text(const ConfigNode& n, std::string_view kw) {
    const ConfigNode* c = one(n, kw);
    return c ? c->value() : std::string();
  }
  bool flag(const ConfigNode& n, std::string_view kw) { return one(n, kw) != nullptr; }
  // Reads leaf `kw` of `n` (at hierarchy `path`) into `value` and `where`;
  // leaves both alone when the leaf is absent.
  void leaf(const ConfigNode& n, std::string_view kw, const std::string& path, std::string& value, Origin& where) {
    if (const ConfigNode* c = one(n, kw)) {
      value = c->value();
      where = origin(path, *c);
    }
  }
  Origin origin(const std::string& path, const ConfigNode& n) const { return Origin{path, n.statement(), n.where}; }

  template <class Int>
  std::optional<Int> number(const std::string& path, const ConfigNode& n, std::string_view what) {
    Int v{};
    const std::string& s = n.value();
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
      fail(origin(path, n), fmt::format("expected {} in '{}', found '{}'", what, n.statement(), s));
      return std::nullopt;
    }
    return v;
  }
  void fail(Origin o, std::string message) {
    if (!error_) error_ = ModelError{std::move(o), std::move(message)};
  }

  void chassis(const ConfigNode& node, const std::string& path) {
    for (const ConfigNode* fpc : all(node, "fpc")) {
      const std::string fpc_path = join_path(path, *fpc);
      auto f = number<int>(path, *fpc, "an FPC slot number");
      for (const ConfigNode* pic : all(*fpc, "pic")) {
        const std::string pic_path = join_path(fpc_path, *pic);
        auto p = number<int>(fpc_path, *pic, "a PIC slot number");
        const ConfigNode* is = one(*pic, "inline-services");
        if (!is || !f || !p) continue;
        InlineServices s{*f, *p, std::nullopt, std::nullopt, origin(pic_path, *is)};
        if (const ConfigNode* bw = one(*is, "bandwidth")) {
          s.bandwidth = bw->value();
          s.bandwidth_bps = parse_bandwidth(bw->value());
        }
        cfg_.inline_services.push_back(std::move(s));
      }
    }
  }

  static std::optional<uint64_t> parse_bandwidth(std::string_view s) {
    uint64_t scale = 1;
    if (!s.empty()) {
      switch (s.back()) {
        case 'k':
          scale = 1'000;
          break;
        case 'm':
          scale = 1'000'000;
          break;
        case 'g':
          scale = 1'000'000'000;
          break;
        case 't':
          scale = 1'000'000'000'000;
          break;
        default:
          break;
      }
      if (scale != 1) s.remove_suffix(1);
    }
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v * scale;
  }

  void interfaces(const ConfigNode& node, const std::string& path) {
    for (const auto& c : node.children) {
      if (c.inactive) continue;
      const std::string ifd_path = join_path(path, c);
      Interface ifd;
      ifd.name = c.keyword;
      ifd.kind = interface_kind(c.keyword);
      ifd.origin = origin(path, c);
      ifd.description = text(c, "description");
      if (const ConfigNode* m = one(c, "mtu")) ifd.mtu = number<int>(ifd_path, *m, "an MTU in bytes");
      for (std::string_view opts : {"gigether-options", "ether-options"})
        if (const ConfigNode* o = one(c, opts))
          if (const ConfigNode* b = one(*o, "802.3ad")) ifd.bundle = b->value();
      if (const ConfigNode* agg = one(c, "aggregated-ether-options"))
        if (const ConfigNode* lacp = one(*agg, "lacp")) {
          ifd.lacp = true;
          ifd.lacp_active = flag(*lacp, "active");
          ifd.lacp_periodic = text(*lacp, "periodic");
        }
      for (const ConfigNode* u : all(c, "unit")) {
        const std::string unit_path = join_path(ifd_path, *u);
        LogicalUnit unit;
        auto n = number<int>(ifd_path, *u, "a unit number");
        if (!n) continue;
        unit.number = *n;
        unit.origin = origin(ifd_path, *u);
        unit.description = text(*u, "description");
        for (const ConfigNode* f : all(*u, "family")) {
          FamilyConfig fam;
          fam.name = f->value();
          for (const ConfigNode* a : all(*f, "address")) {
            fam.addresses.push_back(a->value());
            if (const ConfigNode* g = one(*a, "virtual-gateway-address")) {
              // Junos commits a virtual gateway only inside its address's subnet.
              const auto parsed = IpAddress::parse(g->value());
              if (!parsed || !in_subnet(a->value(), g->value()))
                fail(origin(join_path(join_path(unit_path, *f), *a), *g),
                     "expected a virtual-gateway-address of the same family inside " + a->value());
              else
                fam.virtual_gateways.push_back({a->value(), g->value(), *parsed, g->where});
            }
          }
          if (const ConfigNode* m = one(*f, "mtu"))
            fam.mtu = number<int>(join_path(unit_path, *f), *m, "an MTU in bytes");
          unit.families.push_back(std::move(fam));
        }
        if (const ConfigNode* sd = one(*u, "service-domain")) {
          if (sd->value() == "inside")
            unit.service_domain = ServiceDomain::kInside;
          else if (sd->value() == "outside")
            unit.service_domain = ServiceDomain::kOutside;
          else
            fail(origin(unit_path, *sd), "expected 'service-domain inside' or 'service-domain outside'");
        }
        unit.encapsulation = text(*u, "encapsulation");
        if (const ConfigNode* v = one(*u, "vlan-id")) unit.vlan_id = number<int>(unit_path, *v, "a VLAN ID");
        ifd.units.push_back(std::move(unit));
      }
      cfg_.interfaces.push_back(std::move(ifd));
    }
  }

  void services(const ConfigNode& node, const std::string& path) {
    for (const ConfigNode* s : all(node, "service-set")) {
      const std::string ss_path = join_path(path, *s);
      ServiceSet ss;
      ss.name = s->value();
      ss.origin = origin(path, *s);
      if (const ConfigNode* nh = one(*s, "next-hop-service")) {
        const std::string nh_path = join_path(ss_path, *nh);
        leaf(*nh, "inside-service-interface", nh_path, ss.inside_service_interface, ss.inside_origin);
        leaf(*nh, "outside-service-interface", nh_path, ss.outside_service_interface, ss.outside_origin);
      }
      for (const ConfigNode* v : all(*s, "ipsec-vpn"))
        for (const auto& name : v->values) {
          ss.ipsec_vpns.push_back(name);
          ss.ipsec_vpn_origins.push_back(origin(ss_path, *v));
        }
      cfg_.service_sets.push_back(std::move(ss));
    }
  }

  void security(const ConfigNode& node, const std::string& path) {
    for (const ConfigNode* ike : all(node, "ike")) ike_section(*ike, join_path(path, *ike));
    for (const ConfigNode* ipsec : all(node, "ipsec")) ipsec_section(*ipsec, join_path(path, *ipsec));
  }

  void ike_section(const ConfigNode& node, const std::string& path) {
    for (const ConfigNode* p : all(node, "proposal")) {
      const std::string prop_path = join_path(path, *p);
      IkeProposal prop;
      prop.name = p->value();
      prop.origin = origin(path, *p);
      prop.description = text(*p, "description");
      prop.authentication_method = text(*p, "authentication-method");
      leaf(*p, "dh-group", prop_path, prop.dh_group, prop.dh_group_origin);
      leaf(*p, "encryption-algorithm", prop_path, prop.encryption_algorithm, prop.encryption_origin);
      leaf(*p, "authentication-algorithm", prop_path, prop.authentication_algorithm,
           prop.authentication_algorithm_origin);
      seconds(*p, "lifetime-seconds", prop_path, prop.lifetime_seconds, prop.lifetime_origin);
      cfg_.ike_proposals.push_back(std::move(prop));
    }
    for (const ConfigNode* p : all(node, "policy")) {
      const std::string pol_path = join_path(path, *p);
      IkePolicy pol;
      pol.name = p->value();
      pol.origin = origin(path, *p);
      pol.mode = text(*p, "mode");
      for (const ConfigNode* pr : all(*p, "proposals"))
        pol.proposals.insert(pol.proposals.end(), pr->values.begin(), pr->values.end());
      if (const ConfigNode* psk = one(*p, "pre-shared-key"))
        for (std::string_view format : {"ascii-text", "hexadecimal"})
          if (const ConfigNode* k = one(*psk, format))
            pol.pre_shared_key = PreSharedKey{std::string(format), k->value()};
      if (const ConfigNode* r = one(*p, "reauth-frequency")) {
        pol.reauth_frequency = number<uint32_t>(pol_path, *r, "a number of IKE lifetimes");
        pol.reauth_origin = origin(pol_path, *r);
      }
      cfg_.ike_policies.push_back(std::move(pol));
    }
    if (const ConfigNode* pe = one(node, "packet-encapsulation"))
      if (const ConfigNode* d = one(*pe, "dest-port")) {
        const std::string pe_path = join_path(path, *pe);
        auto& global = cfg_.ike_packet_encapsulation;
        global.dest_port_origin = origin(pe_path, *d);
        global.dest_port = number<uint16_t>(pe_path, *d, "a UDP port, 1025-65535");
        // The TechLibrary: "You cannot configure 4500 as the destination port
        // because it is a well-known port for NAT traversals" [T].
        if (global.dest_port == 4500)
          fail(global.dest_port_origin, "expected a UDP port 1025-65535 other than 4500 (NAT traversal's) in "
                                        "'packet-encapsulation dest-port', found '4500'");
      }
    for (const ConfigNode* g : all(node, "gateway")) {
      const std::string gw_path = join_path(path, *g);
      IkeGateway gw;
      gw.name = g->value();
      gw.origin = origin(path, *g);
      gw.ike_policy = text(*g, "ike-policy");
      for (const ConfigNode* a : all(*g, "address"))
        gw.addresses.insert(gw.addresses.end(), a->values.begin(), a->values.end());
      gw.local_address = text(*g, "local-address");
      gw.external_interface = text(*g, "external-interface");
      if (const ConfigNode* v = one(*g, "version")) {
        gw.version = v->value();
        gw.version_origin = origin(gw_path, *v);
      }
      if (const ConfigNode* d = one(*g, "dead-peer-detection")) gw.dead_peer_detection = dead_peer_detection(*d, gw_path);
      if (const ConfigNode* pe = one(*g, "packet-encapsulation")) {
        gw.packet_encapsulation = true;
        gw.packet_encapsulation_origin = origin(gw_path, *pe);
        gw.use_global_dest_port = flag(*pe, "use-global-dest-port");
        // The global port is "required to register or open-up the port" [T].
        if (gw.use_global_dest_port && !cfg_.ike_packet_encapsulation.dest_port)
          fail(origin(join_path(gw_path, *pe), *one(*pe, "use-global-dest-port")),
               "expected 'security ike packet-encapsulation dest-port' for 'use-global-dest-port'");
      }
      cfg_.ike_gateways.push_back(std::move(gw));
    }
  }

  // `dead-peer-detection { MODE; interval N; threshold N; }`; what is not
  // configured keeps the defaults of a bare `dead-peer-detection`.
  DeadPeerDetection dead_peer_detection(const ConfigNode& d, const std::string& gw_path) {
    const std::string dpd_path = join_path(gw_path, d);
    DeadPeerDetection dpd;
    dpd.origin = origin(gw_path, d);
    for (const auto& c : d.children) {
      if (c.inactive) continue;
      if (c.keyword == "optimized" || c.keyword == "probe-idle-tunnel" || c.keyword == "always-send")
        dpd.mode_origins.push_back(origin(dpd_path, c));
    }
    // The statements as written, whatever the order of the children: the
    // second mode is the one the commit check names.
    std::stable_sort(dpd.mode_origins.begin(), dpd.mode_origins.end(), [](const Origin& a, const Origin& b) {
      return std::tie(a.where.file, a.where.line) < std::tie(b.where.file, b.where.line);
    });
    if (!dpd.mode_origins.empty()) dpd.mode = dpd.mode_origins.front().statement;
    if (const ConfigNode* i = one(d, "interval"))
      if (auto v = number<uint32_t>(dpd_path, *i, "an interval in seconds")) dpd.interval_s = *v;
    if (const ConfigNode* t = one(d, "threshold"))
      if (auto v = number<uint32_t>(dpd_path, *t, "a number of probes")) dpd.threshold = *v;
    return dpd;
  }

  // A `lifetime-seconds` leaf of `n` into `value` and `where`; both are left
  // alone when it is absent.
  void seconds(const ConfigNode& n, std::string_view kw, const std::string& path, std::optional<uint32_t>& value,
               Origin& where) {
    if (const ConfigNode* c = one(n, kw)) {
      value = number<uint32_t>(path, *c, "a lifetime in seconds");
      where = origin(path, *c);
    }
  }

  void ipsec_section(const ConfigNode& node, const std::string& path) {
    for (const ConfigNode* p : all(node, "proposal")) {
      const std::string prop_path = join_path(path, *p);
      IpsecProposal prop;
      prop.name = p->value();
      prop.origin = origin(path, *p);
      prop.description = text(*p, "description");
      leaf(*p, "protocol", prop_path, prop.protocol, prop.protocol_origin);
      leaf(*p, "encryption-algorithm", prop_path, prop.encryption_algorithm, prop.encryption_origin);
      prop.authentication_algorithm = text(*p, "authentication-algorithm");
      prop.extended_sequence_number = flag(*p, "extended-sequence-number");
      seconds(*p, "lifetime-seconds", prop_path, prop.lifetime_seconds, prop.lifetime_origin);
      cfg_.ipsec_proposals.push_back(std::move(prop));
    }
    for (const ConfigNode* p : all(node, "policy")) {
      const std::string pol_path = join_path(path, *p);
      IpsecPolicy pol;
      pol.name = p->value();
      pol.origin = origin(path, *p);
      for (const ConfigNode* pr : all(*p, "proposals"))
        pol.proposals.insert(pol.proposals.end(), pr->values.begin(), pr->values.end());
      if (const ConfigNode* pfs = one(*p, "perfect-forward-secrecy")) {
        pol.pfs_origin = origin(pol_path, *pfs);
        leaf(*pfs, "keys", join_path(pol_path, *pfs), pol.pfs_group, pol.pfs_origin);
      }
      cfg_.ipsec_policies.push_back(std::move(pol));
    }
    for (const ConfigNode* v : all(node, "vpn")) {
      const std::string vpn_path = join_path(path, *v);
      IpsecVpn vpn;
      vpn.name = v->value();
      vpn.origin = origin(path, *v);
      leaf(*v, "bind-interface", vpn_path, vpn.bind_interface, vpn.bind_origin);
      vpn.copy_outer_dscp = flag(*v, "copy-outer-dscp");
      vpn.df_bit = text(*v, "df-bit");
      if (const ConfigNode* m = one(*v, "tunnel-mtu"))
        vpn.tunnel_mtu = number<uint16_t>(vpn_path, *m, "an MTU in bytes").value_or(0);  // the schema checked 256..9192
      vpn.establish_tunnels = text(*v, "establish-tunnels");
      if (const ConfigNode* ike = one(*v, "ike")) {
        const std::string ike_path = join_path(vpn_path, *ike);
        leaf(*ike, "gateway", ike_path, vpn.ike_gateway, vpn.ike_gateway_origin);
        vpn.ipsec_policy = text(*ike, "ipsec-policy");
        if (const ConfigNode* w = one(*ike, "anti-replay-window-size")) {
          vpn.anti_replay_window_size = number<uint32_t>(ike_path, *w, "a window size in packets");
          vpn.anti_replay_origin = origin(ike_path, *w);
        }
      }
      for (const ConfigNode* t : all(*v, "traffic-selector")) {
        TrafficSelector ts;
        ts.name = t->value();
        ts.origin = origin(vpn_path, *t);
        const std::string ts_path = join_path(vpn_path, *t);
        for (auto [kw, field, at] : {std::tuple{"local-ip", &ts.local_ip, &ts.local_origin},
                                     std::tuple{"remote-ip", &ts.remote_ip, &ts.remote_origin}})
          if (const ConfigNode* ip = one(*t, kw)) {
            *at = origin(ts_path, *ip);
            *field = IpPrefix::parse(ip->value());
            if (!*field) fail(*at, "expected an address with a prefix length, e.g. 10.0.0.0/16");
          }
        vpn.traffic_selectors.push_back(std::move(ts));
      }
      cfg_.ipsec_vpns.push_back(std::move(vpn));
    }
    for (const ConfigNode* s : all(node, "security-association")) {
      ManualSecurityAssociation sa;
      sa.name = s->value();
      leaf(*s, "mode", join_path(path, *s), sa.mode, sa.mode_origin);
      cfg_.manual_security_associations.push_back(std::move(sa));
    }
  }

  void static_routes(const ConfigNode& st, const std::string& path, const std::string& rib,
                     std::vector<StaticRoute>* out = nullptr) {
    for (const ConfigNode* r : all(st, "route")) {
      StaticRoute route;
      route.rib = rib;
      route.origin = origin(path, *r);
      auto prefix = IpPrefix::parse(r->value());
      if (!prefix) {
        fail(route.origin, fmt::format("expected a destination prefix such as 12.1.1.2/32, found '{}'", r->value()));
        continue;
      }
      route.destination = *prefix;
      for (const ConfigNode* nh : all(*r, "next-hop"))
        route.next_hops.insert(route.next_hops.end(), nh->values.begin(), nh->values.end());
      (out ? *out : cfg_.static_routes).push_back(std::move(route));
    }
  }

  void routing_instance(const ConfigNode& node, const std::string& path) {
    RoutingInstance ri;
    ri.name = node.keyword;
    ri.origin = origin(path, node);
    const std::string ri_path = join_path(path, node);
    ri.instance_type = text(node, "instance-type");
    for (const ConfigNode* i : all(node, "interface")) {
      ri.interfaces.push_back(i->value());
      ri.interface_origins.push_back(origin(ri_path, *i));
    }
    ri.route_distinguisher = text(node, "route-distinguisher");
    leaf(node, "vrf-target", ri_path, ri.vrf_target, ri.vrf_target_origin);
    ri.vrf_table_label = flag(node, "vrf-table-label");
    if (const ConfigNode* ro = one(node, "routing-options")) {
      const std::string ro_path = join_path(ri_path, *ro);
      // An instance's static routes land in its own table (NAME.inet.0).
      for (const ConfigNode* st : all(*ro, "static"))
        static_routes(*st, join_path(ro_path, *st), "inet.0", &ri.static_routes);
    }
    cfg_.routing_instances.push_back(std::move(ri));
  }

  void routing_options(const ConfigNode& node, const std::string& path) {
    for (const ConfigNode* st : all(node, "static")) static_routes(*st, join_path(path, *st), "inet.0");
    for (const ConfigNode* rib : all(node, "rib")) {
      // Other tables (inet.3, ...) are listed as not modeled.
      if (rib->value() != "inet.0" && rib->value() != "inet6.0") continue;
      const std::string rib_path = join_path(path, *rib);
      for (const ConfigNode* st : all(*rib, "static")) static_routes(*st, join_path(rib_path, *st), rib->value());
    }
    for (const ConfigNode* dt : all(node, "dynamic-tunnels")) dynamic_tunnels(*dt, join_path(path, *dt));
    if (const ConfigNode* id = one(node, "router-id")) {
      cfg_.router_id = IpAddress::parse(id->value());
      if (!cfg_.router_id) fail(origin(path, *id), "expected an IPv4 address");
    }
    if (const ConfigNode* as = one(node, "autonomous-system"))
      cfg_.autonomous_system = number<uint32_t>(path, *as, "an AS number");
    if (const ConfigNode* ft = one(node, "forwarding-table"))
      for (const ConfigNode* e : all(*ft, "export"))
        cfg_.forwarding_table.export_policies.insert(cfg_.forwarding_table.export_policies.end(), e->values.begin(),
                                                     e->values.end());
  }

  // Next-hop-based dynamic GRE tunnels: `gre next-hop-based-tunnel` and the
  // named tunnels (keywords other than the hierarchy's own statements).
  void dynamic_tunnels(const ConfigNode& node, const std::string& path) {
    cfg_.dynamic_tunnels_origin = origin(path, node);
    for (const auto& c : node.children) {
      if (c.inactive) continue;
      if (c.keyword == "gre") {
        if (c.value() == "next-hop-based-tunnel") cfg_.gre_next_hop_based_tunnels = true;
        continue;
      }
      if (c.children.empty()) continue;  // other statements of the hierarchy (listed by the schema)
      DynamicTunnel t;
      t.name = c.keyword;
      t.origin = origin(path, c);
      const std::string t_path = join_path(path, c);
      if (const ConfigNode* src = one(c, "source-address")) {
        t.source_origin = origin(t_path, *src);
        t.source_address = IpAddress::parse(src->value());
        if (!t.source_address || !t.source_address->is_v4())
          fail(t.source_origin, "expected the tunnel's IPv4 source address, e.g. 12.1.1.1");
      }
      t.gre = flag(c, "gre");
      if (const ConfigNode* dn = one(c, "destination-networks"))
        for (const auto& n : dn->children) {
          if (n.inactive) continue;
          auto prefix = IpPrefix::parse(n.keyword);
          if (!prefix || !prefix->address.is_v4())
            fail(origin(join_path(t_path, *dn), n), fmt::format("expected an IPv4 prefix such as 12.1.1.0/24, found '{}'", n.keyword));
          else
            t.destination_networks.push_back(*prefix);
        }
      cfg_.dynamic_tunnels.push_back(std::move(t));
    }
  }

  void inet_vpn_peerings(const ConfigNode& bgp, const std::string& path) {
    for (const ConfigNode* g : all(bgp, "group")) {
      bool inet_vpn = false, evpn = false;
      for (const ConfigNode* f : all(*g, "family")) {
        inet_vpn = inet_vpn || f->value() == "inet-vpn";
        evpn = evpn || f->value() == "evpn";
      }
      if (evpn) {
        EvpnPeering e;
        e.group = g->value();
        if (const ConfigNode* t = one(*g, "type")) e.internal = t->value() == "internal";
        if (const ConfigNode* a = one(*g, "peer-as")) {
          uint32_t as = 0;
          const std::string& v = a->value();
          if (std::from_chars(v.data(), v.data() + v.size(), as).ec == std::errc()) e.peer_as = as;
        }
        for (const ConfigNode* n : all(*g, "neighbor"))
          if (auto a = IpAddress::parse(n->value())) e.neighbors.push_back(*a);
        cfg_.evpn_peerings.push_back(std::move(e));
      }
      if (!inet_vpn) continue;
      InetVpnPeering peering;
      peering.origin = origin(path, *g);
      if (const ConfigNode* la = one(*g, "local-address")) peering.local_address = IpAddress::parse(la->value());
      for (const ConfigNode* n : all(*g, "neighbor"))
        if (auto a = IpAddress::parse(n->value())) peering.neighbors.push_back(*a);
      cfg_.inet_vpn_peerings.push_back(std::move(peering));
    }
  }

  // Reads only the policies the forwarding table exports, and of them only
  // `then load-balance per-flow`.
  void policies() {
    const auto& exports = cfg_.forwarding_table.export_policies;
    if (exports.empty()) return;
    for (const ConfigNode* po : all(tree_.root, "policy-options"))
      for (const auto& ps : po->children) {
        if (ps.keyword != "policy-statement" || ps.inactive ||
            std::find(exports.begin(), exports.end(), ps.value()) == exports.end())
          continue;
        for (const ConfigNode* term : all(ps, "term"))
          if (const ConfigNode* then = one(*term, "then"))
            if (const ConfigNode* lb = one(*then, "load-balance"))
              if (lb->value() == "per-flow" || lb->value() == "per-packet")
                cfg_.forwarding_table.per_flow_load_balancing = true;
      }
  }

  // The mac-vrf instances' bridge domains (the other instance types are not
  // modeled and stay on the not-modeled list).
  void mac_vrfs(const ConfigNode& node, const std::string& path) {
    for (const auto& instance : node.children) {
      if (instance.inactive || text(instance, "instance-type") != "mac-vrf") continue;
      const std::string ri_path = join_path(path, instance);
      MacVrf vrf;
      vrf.name = instance.keyword;
      vrf.origin = origin(path, instance);
      vrf.vtep_source_interface = text(instance, "vtep-source-interface");
      vrf.route_distinguisher = text(instance, "route-distinguisher");
      for (const ConfigNode* bds : all(instance, "bridge-domains"))
        for (const auto& b : bds->children) {
          if (b.inactive) continue;
          const std::string bd_path = join_path(join_path(ri_path, *bds), b);
          BridgeDomain bd;
          bd.name = b.keyword;
          bd.origin = origin(join_path(ri_path, *bds), b);
          if (const ConfigNode* v = one(b, "vlan-id")) bd.vlan_id = number<int>(bd_path, *v, "a VLAN ID").value_or(0);
          for (const ConfigNode* i : all(b, "interface")) bd.interfaces.push_back(i->value());
          bd.routing_interface = text(b, "routing-interface");
          if (const ConfigNode* vx = one(b, "vxlan"))
            if (const ConfigNode* vni = one(*vx, "vni")) bd.vni = number<uint32_t>(bd_path, *vni, "a VNI");
          vrf.bridge_domains.push_back(std::move(bd));
        }
      cfg_.mac_vrfs.push_back(std::move(vrf));
    }
  }

  void list_protocols(const ConfigNode& protocols) {
    auto& out = cfg_.not_modeled_protocols_;
    for (const auto& p : protocols.children)
      if (!p.inactive && std::find(out.begin(), out.end(), p.keyword) == out.end()) out.push_back(p.keyword);
  }

  const ConfigTree& tree_;
  DeviceConfig cfg_;
  std::optional<ModelError> error_;
};

Expected<DeviceConfig, ModelError> build_device_config(const ConfigTree& tree) {
  return DeviceConfigBuilder(tree).build();
}

}  // namespace trio6sim::junos
