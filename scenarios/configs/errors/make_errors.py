#!/usr/bin/env python3
"""Writes the commit-check error configurations: each is base.conf (PE1's
inline IPsec statements from the blog, trimmed) with one change, so each
triggers exactly one commit error. Run from this folder; the files are
committed, this script only documents how they were made."""

BASE = open("base.conf", encoding="utf-8").read()

def variant(name, comment, old, new, base=BASE):
    assert old in base, (name, old)
    text = f"/* {comment} */\n" + base.replace(old, new, 1)
    open(f"{name}.conf", "w", encoding="utf-8").write(text)

variant("ah", "AH is not supported by inline IPsec.",
        "protocol esp;", "protocol ah;")
variant("transport-mode", "Transport mode is not supported by inline IPsec.",
        "    ipsec {\n", "    ipsec {\n        security-association ospf3-sa {\n            mode transport;\n        }\n")
variant("ikev1", "IKEv1 is not supported by inline IPsec.",
        "version v2-only;", "version v1-only;")
variant("ikev1-default", "No version statement: Junos' default is v1-only.",
        "            version v2-only;\n", "")
variant("null-encryption", "NULL encryption (RFC 4543) is not supported by inline IPsec.",
        "encryption-algorithm aes-256-gcm;", "encryption-algorithm null;")
variant("non-gcm", "Only AES-GCM is supported by inline IPsec.",
        "encryption-algorithm aes-256-gcm;", "encryption-algorithm aes-256-cbc;")
variant("anti-replay", "The anti-replay window may not exceed 4096.",
        "anti-replay-window-size 4096;", "anti-replay-window-size 8192;")
variant("si-interface-missing", "The service set names si-0/1/2, which is not configured.",
        "outside-service-interface si-0/1/0.1;", "outside-service-interface si-0/1/2.1;")
variant("si-unit-missing", "The service set names unit 5 of si-0/1/0, which is not configured.",
        "inside-service-interface si-0/1/0.0;", "inside-service-interface si-0/1/0.5;")
variant("no-inline-services", "si-0/1/0 without chassis fpc 0 pic 1 inline-services.",
        "chassis {\n    fpc 0 {\n        pic 1 {\n            inline-services;\n        }\n    }\n}\n", "")
variant("st0-unit-missing", "The VPN is bound to st0.2, which is not configured.",
        "bind-interface st0.1;", "bind-interface st0.2;")

# More than 1,000 tunnels on PFE 0 of FPC 0 PIC 1: 1,001 VPNs, each bound to
# its own st0 unit, all in service sets anchored on si-0/1/0 and si-0/1/1
# (both PFE 0). Set form.
lines = ["# 1,001 inline IPsec VPNs on PFE 0 (si-0/1/0 and si-0/1/1): one more than the",
         "# 1,000 tunnels a PFE's IPsec engine holds.",
         "set chassis fpc 0 pic 1 inline-services",
         "set security ike gateway gw address 13.10.2.2",
         "set security ike gateway gw version v2-only"]
for si in (0, 1):
    lines += [f"set interfaces si-0/1/{si} unit 0 family inet",
              f"set interfaces si-0/1/{si} unit 0 service-domain inside",
              f"set interfaces si-0/1/{si} unit 1 family inet",
              f"set interfaces si-0/1/{si} unit 1 service-domain outside",
              f"set services service-set ss{si} next-hop-service inside-service-interface si-0/1/{si}.0",
              f"set services service-set ss{si} next-hop-service outside-service-interface si-0/1/{si}.1"]
for n in range(1, 1002):
    si = 0 if n <= 500 else 1
    lines += [f"set interfaces st0 unit {n} family inet",
              f"set security ipsec vpn v{n} bind-interface st0.{n}",
              f"set security ipsec vpn v{n} ike gateway gw",
              f"set services service-set ss{si} ipsec-vpn v{n}"]
open("too-many-tunnels.conf", "w").write("\n".join(lines) + "\n")

# More than 1,000 IPsec SA pairs on PFE 0 of FPC 0 PIC 1 with six VPNs: each
# VPN has 200 traffic selectors (the most Junos takes), one SA pair each, so
# 1,200 pairs in 6 tunnels. The VPN count is far below 1,000; the pairs are
# not: the first selector of v6 is pair 1,001. Curly form, a selector a line.
text = ["/* Six traffic-selector VPNs of 200 selectors each on PFE 0 (si-0/1/0): 1,200",
        "   IPsec SA pairs, 200 more than the PFE's IPsec engine holds. */",
        "chassis { fpc 0 { pic 1 { inline-services; } } }",
        "interfaces {",
        "    si-0/1/0 { unit 0 { family inet; service-domain inside; } unit 1 { family inet; service-domain outside; } }",
        "    st0 {"]
text += [f"        unit {v} {{ family inet; }}" for v in range(1, 7)]
text += ["    }", "}",
         "services {",
         "    service-set ss0 {",
         "        next-hop-service { inside-service-interface si-0/1/0.0; outside-service-interface si-0/1/0.1; }"]
text += [f"        ipsec-vpn v{v};" for v in range(1, 7)]
text += ["    }", "}",
         "security {",
         "    ike { gateway gw { address 13.10.2.2; local-address 13.10.1.1; version v2-only; } }",
         "    ipsec {"]
for v in range(1, 7):
    text += [f"        vpn v{v} {{", f"            bind-interface st0.{v};", "            ike { gateway gw; }"]
    text += [f"            traffic-selector t{v}-{k} {{ local-ip 10.{v}.{k}.0/24; remote-ip 20.{v}.{k}.0/24; }}"
             for k in range(200)]
    text += ["        }"]
text += ["    }", "}"]
open("too-many-sa-pairs.conf", "w").write("\n".join(text) + "\n")
