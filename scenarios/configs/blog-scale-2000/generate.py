#!/usr/bin/env python3
"""Generates the configurations of the blog's 2,000-tunnel scale test.

"Inline IPSec on MX Series" (../../../../shared/seeds/inline-ipsec-mx-series-blog.txt,
section "Inline IPSec Scale") runs 2,000 traffic-selector tunnels on one Trio 6
of a device `ce1`, 1,000 anchored on si-2/1/0 (PFE 0) and 1,000 on si-2/1/2
(PFE 1), but prints only two VPN stanzas (ipsec_vpn_v4_srv6 and
ipsec_vpn_v6_srv6). This script writes the 2,000 from those two, and the peer
`ce2` that holds the other ends, with the numbering below. Run it from
anywhere; it rewrites the files beside it (and the over-limit companion's
in ../blog-scale-over-limit):

    python3 scenarios/configs/blog-scale-2000/generate.py

Numbering (the blog prints none of it; docs/scale-test.md gives the reasons):
- tunnel k = 0..1999; k < 1000 on si-2/1/0, k >= 1000 on si-2/1/2, service set
  `ss-K` with inside unit 2j and outside unit 2j+1 on its si (j = k mod 1000),
  VPN `vpn-K` bound to st0.(k+1), IKE gateway `gw-K`.
- gateways: ce2's end of tunnel k is 173.(1 + k div 250).(k mod 250).1, which
  fits the four gateways the blog prints (173.8.209.1, 173.5.49.1, 173.3.176.1,
  173.3.53.1); ce1's end is 172.(same).(same).1. Both ends on lo0.0.
- selectors, as the blog's two stanzas (IPv4 /16 and IPv6 /48 pairs) narrowed
  to one per tunnel: tunnels on PFE 0 are IPv4, local 50.x.y.0/24 and remote
  60.x.y.0/24 with x.y = 1.0 + j (the j-th /24 from 50.1.0.0); tunnels on PFE 1
  IPv6, local 3000:50:1:J::/64 and remote 3000:60:1:J::/64 (J = j in hex).
  ce2 has the mirror image.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.dirname(HERE)

IKE_KEY = "$9$.fQ3ApBSrv69rvWLVb.P5Ft0SyeKWXVw"  # the blog's PE1/PE2 pre-shared key ("juniper123")


def gateway_address(first_octet, k):
    return f"{first_octet}.{1 + k // 250}.{k % 250}.1"


def ipv4_selectors(j):
    """(local, remote): the j-th /24 from 50.1.0.0 and from 60.1.0.0."""
    return (f"50.{1 + j // 256}.{j % 256}.0/24", f"60.{1 + j // 256}.{j % 256}.0/24")


def selectors(k):
    """(local, remote) of ce1's tunnel k."""
    j = k % 1000
    if k < 1000:
        return ipv4_selectors(j)
    return (f"3000:50:1:{j:x}::/64", f"3000:60:1:{j:x}::/64")


def write_system_chassis_services(w, name, pics, service_sets):
    """`system` (host name), `chassis` (inline services on the PICs
    pics = {fpc: [pic, ...]}) and `services`: service set ss-K per
    (k, si, inside unit, outside unit) of service_sets, with VPN vpn-K."""
    w("system {")
    w(f"    host-name {name};")
    w("}")
    w("chassis {")
    for f, pic_list in pics.items():
        w(f"    fpc {f} {{")
        for p in pic_list:
            w(f"        pic {p} {{")
            w("            inline-services;")
            w("        }")
        w("    }")
    w("    network-services enhanced-ip;")
    w("}")
    w("services {")
    for k, si, inside, outside in service_sets:
        w(f"    service-set ss-{k} {{")
        w("        next-hop-service {")
        w(f"            inside-service-interface {si}.{inside};")
        w(f"            outside-service-interface {si}.{outside};")
        w("        }")
        w(f"        ipsec-vpn vpn-{k};")
        w("    }")
    w("}")


def write_port(w, port, family, address):
    """An `interfaces` entry: unit 0 of `port` with one address of `family`."""
    w(f"    {port} {{")
    w("        unit 0 {")
    w(f"            family {family} {{")
    w(f"                address {address};")
    w("            }")
    w("        }")
    w("    }")


def write_si(w, si, units):
    """An `interfaces` entry: si units, even ones inside, odd ones outside."""
    w(f"    {si} {{")
    for u in units:
        w(f"        unit {u} {{")
        w("            family inet;")
        w("            family inet6;")
        w(f"            service-domain {'inside' if u % 2 == 0 else 'outside'};")
        w("        }")
    w("    }")


def write_security(w, tunnels, mine, theirs, external_interface, sel):
    """The `security` stanza of tunnels `tunnels` through `w`: the blog's IKE and
    IPsec proposals and policies, then gateway gw-K (local address mine(k), peer
    theirs(k), on external_interface) and VPN vpn-K on st0.(k+1) with
    selectors sel(k) = (local, remote) per tunnel. bench/mx10008-full uses it too."""
    w("security {")
    w("    ike {")
    w("        proposal ike_proposal {")
    w("            authentication-method pre-shared-keys;")
    w("        }")
    w("        policy ike_policy {")
    w("            mode main;")
    w("            proposals ike_proposal;")
    w(f"            pre-shared-key ascii-text \"{IKE_KEY}\"; ## SECRET-DATA")
    w("        }")
    for k in tunnels:
        w(f"        gateway gw-{k} {{")
        w("            ike-policy ike_policy;")
        w(f"            address {theirs(k)};")
        w(f"            external-interface {external_interface};")
        w(f"            local-address {mine(k)};")
        w("            version v2-only;")
        w("        }")
    w("    }")
    w("    ipsec {")
    w("        proposal ipsec_proposal {")
    w("            extended-sequence-number;")
    w("            protocol esp;")
    w("            encryption-algorithm aes-256-gcm;")
    w("        }")
    w("        policy ipsec_policy {")
    w("            proposals ipsec_proposal;")
    w("        }")
    for k in tunnels:
        local, remote = sel(k)
        w(f"        vpn vpn-{k} {{")
        w(f"            bind-interface st0.{k + 1};")
        w("            copy-outer-dscp;")
        w("            ike {")
        w(f"                gateway gw-{k};")
        w("                anti-replay-window-size 4096;")
        w("                ipsec-policy ipsec_policy;")
        w("            }")
        w(f"            traffic-selector ts{k + 1} {{")
        w(f"                local-ip {local};")
        w(f"                remote-ip {remote};")
        w("            }")
        w("            establish-tunnels immediately;")
        w("        }")
    w("    }")
    w("}")


def device_config(name, per_pfe, ce1_side, wide=False):
    """The Junos configuration (curly form, as `show configuration` prints it).

    `wide`: each PFE's first tunnel selects all of its family's test traffic
    (50/8 <-> 60/8, 3000:50::/32 <-> 3000:60::/32), so that 2 tunnels carry
    the same 1,000 flows per stream as the 2,000 do (bench/scale_2000.py)."""
    mine, theirs = ("172", "173") if ce1_side else ("173", "172")
    lan4, lan6 = ("10.1.0.1/24", "2001:db8:1::1/64") if ce1_side else ("10.2.0.1/24", "2001:db8:2::1/64")
    lan4_host, lan6_host = ("10.1.0.2", "2001:db8:1::2") if ce1_side else ("10.2.0.2", "2001:db8:2::2")
    core = "10.255.0.1/30" if ce1_side else "10.255.0.2/30"
    core_peer = "10.255.0.2" if ce1_side else "10.255.0.1"
    tunnels = [k for k in range(2000) if (k < 1000 and k < per_pfe[0]) or (k >= 1000 and k - 1000 < per_pfe[1])]
    if per_pfe[0] > 1000:  # the over-limit companion: tunnels past 1,000 on PFE 0
        tunnels += list(range(2000, 2000 + per_pfe[0] - 1000))

    def pfe_of(k):
        return 0 if k < 1000 or k >= 2000 else 1

    def unit_pair(k):
        j = k % 1000 if k < 2000 else k - 1000
        return 2 * j, 2 * j + 1

    def si_of(k):
        return "si-2/1/0" if pfe_of(k) == 0 else "si-2/1/2"

    def sel(k):
        if wide and k in (0, 1000):
            local, remote = ("50.0.0.0/8", "60.0.0.0/8") if k == 0 else ("3000:50::/32", "3000:60::/32")
        elif k < 2000:
            local, remote = selectors(k)
        else:  # over-limit tunnels on PFE 0: the IPv4 /24s after the first 1,000
            local, remote = ipv4_selectors(k - 1000)
        return (local, remote) if ce1_side else (remote, local)

    def gw(first_octet, k):
        return gateway_address(first_octet, k) if k < 2000 else f"{first_octet}.9.{k - 2000}.1"

    out = []
    w = out.append
    w(f"/* {name}: generated by generate.py from the two VPN stanzas of the blog's")
    w("   \"Inline IPSec Scale\" section; do not edit by hand. */")
    write_system_chassis_services(w, name, {2: [1]}, [(k, si_of(k), *unit_pair(k)) for k in tunnels])
    write_security(w, tunnels, lambda k: gw(mine, k), lambda k: gw(theirs, k), "et-2/1/0", sel)
    w("interfaces {")
    w("    et-2/1/0 {")
    w("        unit 0 {")
    w("            family inet {")
    w(f"                address {core};")
    w("            }")
    w("        }")
    w("    }")
    for port, family, address in (("et-2/1/2", "inet", lan4), ("et-2/1/3", "inet6", lan6)):
        write_port(w, port, family, address)
    for si in ("si-2/1/0", "si-2/1/2"):
        units = sorted(u for k in tunnels if si_of(k) == si for u in unit_pair(k))
        if units:
            write_si(w, si, units)
    w("    lo0 {")
    w("        unit 0 {")
    w("            family inet {")
    for k in tunnels:
        w(f"                address {gw(mine, k)}/32;")
    w("            }")
    w("        }")
    w("    }")
    w("    st0 {")
    for k in tunnels:
        local, _ = sel(k)
        w(f"        unit {k + 1} {{")
        w(f"            family {'inet6' if ':' in local else 'inet'};")
        w("        }")
    w("    }")
    w("}")
    w("routing-options {")
    w("    rib inet6.0 {")
    w("        static {")
    w(f"            route {'3000:50::/32' if ce1_side else '3000:60::/32'} next-hop {lan6_host};")
    w("        }")
    w("    }")
    w("    static {")
    w(f"        route {'50.0.0.0/8' if ce1_side else '60.0.0.0/8'} next-hop {lan4_host};")
    w(f"        route {theirs}.0.0.0/8 next-hop {core_peer};")
    w("    }")
    w("}")
    return "\n".join(out) + "\n"


def write(path, text):
    with open(path, "w", encoding="ascii") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(path, SCENARIOS)} ({text.count(chr(10))} lines)")


def main():
    args = sys.argv[1:]
    wide = "--wide" in args
    if wide:
        args.remove("--wide")
    if args and args[0] == "--per-pfe" and len(args) == 4 and args[2] == "--out" and 1 <= int(args[1]) <= 1000:
        # A smaller copy of the same test (bench/scale_2000.py compares the
        # cost per packet of 2 tunnels with 2,000): N tunnels per PFE.
        n = int(args[1])
        os.makedirs(args[3], exist_ok=True)
        write(os.path.join(args[3], "ce1.conf"), device_config("ce1", (n, n), True, wide))
        write(os.path.join(args[3], "ce2.conf"), device_config("ce2", (n, n), False, wide))
        return
    if args and (args[0] != "--into" or len(args) != 2):
        sys.exit(__doc__ + "\nusage: generate.py [--into CONFIGS_DIR | --per-pfe N --out DIR [--wide]]")
    configs = args[1] if args else SCENARIOS
    scale = os.path.join(configs, "blog-scale-2000")
    over = os.path.join(configs, "blog-scale-over-limit")
    os.makedirs(scale, exist_ok=True)
    os.makedirs(over, exist_ok=True)
    write(os.path.join(scale, "ce1.conf"), device_config("ce1", (1000, 1000), True))
    write(os.path.join(scale, "ce2.conf"), device_config("ce2", (1000, 1000), False))
    # 1,001 tunnels on PFE 0 (si-2/1/0) and 1,000 on PFE 1: the 1,001st on the
    # PFE and the 2,001st on the chip are both over the published limits.
    write(os.path.join(over, "ce1.conf"), device_config("ce1", (1001, 1000), True))


if __name__ == "__main__":
    main()
