// Golden output from "Inline IPSec on MX Series" (Juniper community
// techpost, 2025-12-03), copied from ../shared/seeds/inline-ipsec-mx-series-blog.txt
// with the line numbers named. The web page renders every other space as a
// no-break space (U+00A0); those are plain spaces here, trailing spaces kept.
#pragma once

namespace trio6sim::show::golden {

// Lines 1036-1049: PE1 `show security ipsec statistics`.
inline constexpr const char* kPe1IpsecStatistics = R"(ESP Statistics:
  Encrypted bytes:         19718998
  Decrypted bytes:                0
  Encrypted packets:          39917
  Decrypted packets:              0
AH Statistics:
  Input bytes:                    0
  Output bytes:                   0
  Input packets:                  0
  Output packets:                 0
Errors:
  AH authentication failures: 0, Replay errors: 0
  ESP authentication failures: 0, ESP decryption failures: 0
  Bad headers: 0, Bad trailers: 0
)";

// Lines 768-769: PE1 `show security ike security-associations`.
inline constexpr const char* kPe1IkeSas = R"(Index   State  Initiator cookie  Responder cookie  Mode           Remote Address
75      UP     e0b71d9e1c29c324  1ace68c4dcfa427b  IKEv2          13.10.2.2     
)";

// Lines 771-774: PE1 `show security ipsec security-associations`.
inline constexpr const char* kPe1IpsecSas = R"(  Total active tunnels: 1     Total IPsec sas: 1
  ID      Algorithm       SPI      Life:sec/kb  Mon lsys Port  Gateway
  <500011 ESP:aes-gcm-256/aes256-gcm 0x6d0c6331 1222/ unlim - root 500 13.10.2.2       
  >500011 ESP:aes-gcm-256/aes256-gcm 0xe1ed7345 1222/ unlim - root 500 13.10.2.2       
)";

// Lines 1085-1090: PE2 `show interfaces extensive st0.1 | match pps`.
inline constexpr const char* kPe2St0 = R"(    Input  packets:            264495210                10005 pps
    Output packets:                 1955                    0 pps
     Input  packets:           264495210                10005 pps
     Output packets:                1955                    0 pps
     Input  packets:                   0                    0 pps
     Output packets:                   0                    0 pps
)";

// Lines 830-833: PE1 `show interfaces extensive et-0/2/10.0 | match pps`.
inline constexpr const char* kPe1Et0210 = R"(    Input  packets:               160002                10000 pps
    Output packets:                    0                    0 pps
     Input  packets:              160002                10000 pps
     Output packets:                   0                    0 pps
)";

// Lines 1008-1013: PE1 `show interfaces extensive si-0/1/0.0 | match pps`.
inline constexpr const char* kPe1Si0 = R"(    Input  packets:              4900014                10004 pps
    Output packets:                    0                    0 pps
     Input  packets:             4900014                10004 pps
     Output packets:                   0                    0 pps
     Input  packets:                   0                    0 pps
     Output packets:                   0                    0 pps
)";

// Lines 1028-1031: PE1 `show interfaces extensive ae0 | match pps`.
inline constexpr const char* kPe1Ae0 = R"(   Input  packets:                 1530                    2 pps
   Output packets:              5421597                10006 pps
   Input  packets:                    0                    0 pps
    Statistics        Packets        pps         Bytes          bps
)";

// Lines 776-787: the head of PE1 `show security ipsec security-associations detail`.
inline constexpr const char* kPe1DetailHead = R"(ID: 500011 Virtual-system: root, VPN Name: ipsec_vpn
  Local Gateway: 13.10.1.1, Remote Gateway: 13.10.2.2
  Local Identity: ipv4(0.0.0.0-255.255.255.255)
  Remote Identity: ipv4(0.0.0.0-255.255.255.255)
  TS Type: proxy-id
  Version: IKEv2
  Quantum Secured: No
  Hardware Offloaded: No
  PFS group: N/A, Packet Encapsulation: None, Dest port: 0
  Passive mode tunneling: Disabled
  DF-bit: clear, Copy-Outer-DSCP: Enabled, Bind-interface: st0.1 , Policy-name: ipsec_policy
  Port: 500, Nego#: 0, Fail#: 0, Def-Del#: 0 Flag: 0 
)";

// Lines 802-812: its inbound direction.
inline constexpr const char* kPe1DetailInbound = R"(  Direction: inbound, SPI: 0x3160cdce, AUX-SPI: 0
                              , VPN Monitoring: -
    Hard lifetime: Expires in 715 seconds
    Lifesize Remaining:  Unlimited
    Soft lifetime: Expires in 12 seconds
    Mode: Tunnel(0 0), Type: dynamic, State: installed
    Protocol: ESP, Authentication: aes256-gcm, Encryption: aes-gcm (256 bits)
    Anti-replay service: counter-based enabled, Replay window size: 4096
    Extended-Sequence-Number: Enabled
    tunnel-establishment: establish-tunnels-immediately
    IKE SA Index: 75
)";

// Lines 838-843: PE1 `show route 12.1.1.2`.
inline constexpr const char* kPe1Route12 = R"(inet.0: 227 destinations, 228 routes (227 active, 0 holddown, 0 hidden)
+ = Active Route, - = Last Active, * = Both
12.1.1.2/32        *[Static/5] 02:29:23
                    >  via st0.1
                    [IS-IS/18] 02:29:26, metric 20
                    >  to 13.10.1.2 via ae0.0
)";

// Lines 848-852: PE1 `show route 60.1.1.0`.
inline constexpr const char* kPe1Route60 = R"(inet.0: 227 destinations, 228 routes (227 active, 0 holddown, 0 hidden)
+ = Active Route, - = Last Active, * = Both
60.1.1.0/24        *[BGP/170] 02:28:19, localpref 100, from 12.1.1.2
                      AS path: 20002 I, validation-state: unverified
                    >  via st0.1
)";

// Lines 916-920: PE1 `show route 3000:60:1:1::1`.
inline constexpr const char* kPe1Route3000 = R"(inet6.0: 209 destinations, 209 routes (209 active, 0 holddown, 0 hidden)
+ = Active Route, - = Last Active, * = Both
3000:60:1:1::/64   *[BGP/170] 3d 16:31:06, localpref 100, from 12.1.1.2
                      AS path: 20002 I, validation-state: unverified
                    >  via st0.1, Push 17
)";

// Lines 857-905: PE1 `show route 60.1.2.0 extensive` (line 857 is the first
// line of the constant; a line's blog number is 857 + its index).
inline constexpr const char* kPe1Route60Extensive = R"(inet.0: 227 destinations, 228 routes (227 active, 0 holddown, 0 hidden)
60.1.2.0/24 (1 entry, 1 announced)
TSI:
KRT in-kernel 60.1.2.0/24 -> {indirect(1048574)}
Page 0 idx 0, (group EBGP type External) Type 1 val 0x244f4308 (adv_entry)
   Advertised metrics:
     Nexthop: Self
     AS path: [64512] 20002 I
     Communities:
    Advertise: 00000001
Path 60.1.2.0
from 12.1.1.2
Vector len 4.  Val: 0
        *BGP    Preference: 170/-101
                Next hop type: Indirect, Next hop index: 0
                Address: 0x132147fc
                Next-hop reference count: 200
                Kernel Table Id: 0
                Source: 12.1.1.2
                Next hop type: Router, Next hop index: 577
                Next hop: via st0.1, selected
                Session Id: 140
                Protocol next hop: 12.1.1.2
                Indirect next hop: 0xadb8388 1048574 INH Session ID: 323, INH non-key opaque: 0x0, INH key opaque: 0x0
                State: <Active Int Ext>
                Local AS: 64512 Peer AS: 64512
                Age: 2:29:24    Metric2: 0 
                Validation State: unverified 
                Task: BGP_64512.12.1.1.2
                Announcement bits (3): 0-KRT 5-BGP_RT_Background 6-Resolve tree 4 
                AS path: 20002 I 
                Accepted
                Localpref: 100
                Router ID: 100.1.1.1
                Thread: junos-main 
                Indirect next hops: 1
                        Protocol next hop: 12.1.1.2 ResolvState: Resolved TSP index: 4
                        Indirect next hop: 0xadb8388 1048574 INH Session ID: 323, INH non-key opaque: 0x0, INH key opaque: 0x0
                        Indirect path forwarding next hops: 1
                                Next hop type: Router
                                Next hop: via st0.1
                                Session Id: 140
                                12.1.1.2/32 Originating RIB: inet.0
                                  Node path count: 1
                                  Helper node: 0x16b99100 
                                  Forwarding nexthops: 1
                                        Next hop type: Router
                                        Next hop: via st0.1
                                        Session Id: 140
)";

// Lines 925-988: PE1 `show route 3000:60:1:1::1 extensive` (blog number = 925 + index).
inline constexpr const char* kPe1Route3000Extensive = R"(inet6.0: 209 destinations, 209 routes (209 active, 0 holddown, 0 hidden)
3000:60:1:1::/64 (1 entry, 1 announced)
TSI:
KRT in-kernel 3000:60:1:1::/64 -> {indirect(1048575)}
Page 0 idx 1, (group EBGPv6 type External) Type 1 val 0x2458ca78 (adv_entry)
   Advertised metrics:
     Nexthop: Self
     AS path: [64512] 20002 I
     Communities:
    Advertise: 00000001
Path 3000:60:1:1::
from 12.1.1.2
Vector len 4.  Val: 1
        *BGP    Preference: 170/-101
                Next hop type: Indirect, Next hop index: 0
                Address: 0xacf897c
                Next-hop reference count: 200
                Kernel Table Id: 0
                Source: 12.1.1.2
                Next hop type: Router, Next hop index: 606
                Next hop: via st0.1, selected
                Label operation: Push 17
                Label TTL action: prop-ttl
                Load balance label: Label 17: None; 
                Label element ptr: 0x13330c60
                Label parent element ptr: 0x0
                Label element references: 1
                Label element child references: 0
                Label element lsp id: 0
                Session Id: 16f
                Protocol next hop: ::ffff:12.1.1.2
                Label operation: Push 17
                Label TTL action: prop-ttl
                Load balance label: Label 17: None; 
                Indirect next hop: 0xadbbf88 1048575 INH Session ID: 378, INH non-key opaque: 0x0, INH key opaque: 0x0
                State: <Active Int Ext> 
                Local AS: 64512 Peer AS: 64512
                Age: 3d 16:31:10        Metric2: 0 
                Validation State: unverified 
                Task: BGP_64512.12.1.1.2
                Announcement bits (3): 0-KRT 1-BGP_RT_Background 7-Resolve tree 3 
                AS path: 20002 I 
                Accepted
                Route Label: 17
                Localpref: 100
                Router ID: 100.1.1.1
                Thread: junos-main 
                Indirect next hops: 1
                        Protocol next hop: ::ffff:12.1.1.2 ResolvState: Resolved TSP index: 3
                        Label operation: Push 17
                        Label TTL action: prop-ttl
                        Load balance label: Label 17: None; 
                        Indirect next hop: 0xadbbf88 1048575 INH Session ID: 378, INH non-key opaque: 0x0, INH key opaque: 0x0
                        Indirect path forwarding next hops: 1
                                Next hop type: Router
                                Next hop: via st0.1
                                Session Id: 16f
                                ::ffff:12.1.1.2/128 Originating RIB: inet6.0
                                  Node path count: 1
                                  Helper node: 0x16f23280 
                                  Forwarding nexthops: 1
                                        Next hop type: Router
                                        Next hop: via st0.1
                                        Session Id: 16f
)";

// Not from the blog: the model's full `show interfaces extensive st0.1`
// (docs/show-commands.md gives the layout and its sources); its `| match pps`
// lines are the blog's shape (lines 998-1002).
inline constexpr const char* kSt0ExtensiveModel = R"(  Logical interface st0.1 (Index 345) (SNMP ifIndex 560) (Generation 152)
    Flags: Up Point-To-Point SNMP-Traps 0x4000 Encapsulation: Secure-Tunnel
    Input  bytes  :               125200                    0 bps
    Output bytes  :          16994376700              8000800 bps
    Input  packets:                 1252                    0 pps
    Output packets:            169943767                10001 pps
    Traffic statistics:
     Input  bytes  :              125200
     Output bytes  :         16994376700
     Input  packets:                1252
     Output packets:           169943767
    Local statistics:
     Input  bytes  :                   0
     Output bytes  :                   0
     Input  packets:                   0
     Output packets:                   0
    Transit statistics:
     Input  bytes  :              125200                    0 bps
     Output bytes  :         16994376700              8000800 bps
     Input  packets:                1252                    0 pps
     Output packets:           169943767                10001 pps
    Inline services statistics:
     Input  bytes  :                   0                    0 bps
     Output bytes  :                   0                    0 bps
     Input  packets:                   0                    0 pps
     Output packets:                   0                    0 pps
    Protocol inet, MTU: 9192
      Flags: Sendbcast-pkt-to-re
)";

// Lines 1770-1780: PE1 `show bgp summary` (trailing spaces dropped).
inline constexpr const char* kPe1BgpSummary = R"(Threading mode: BGP I/O
Default eBGP mode: advertise - accept, receive - accept
Groups: 1 Peers: 1 Down peers: 0
Table          Tot Paths  Act Paths Suppressed    History Damp State    Pending
bgp.evpn.0
                      13         13          0          0          0          0
Peer                     AS      InPkt     OutPkt    OutQ   Flaps Last Up/Dwn State|#Active/Received/Accepted/Damped...
12.1.1.2              64512       3041       3047       0       0    22:39:39 Establ
  bgp.evpn.0: 13/13/13/0
  evpn_vxlan_1.evpn.0: 13/13/13/0
  __default_evpn__.evpn.0: 0/0/0/0
)";

// Lines 1796-1819: PE1 `show mac-vrf forwarding mac-ip-table` (trailing spaces dropped).
inline constexpr const char* kPe1MacIpTable = R"(MAC IP flags  (S - Static, D - Dynamic, L - Local , R - Remote, Lp - Local Proxy,
               Rp - Remote Proxy,  K - Kernel, RT - Dest Route, (N)AD - (Not) Advt to remote,
               RE - Re-ARP/ND, RO - Router, OV - Override, Ur - Unresolved, B - Blocked,
               RTS - Dest Route Skipped, RGw - Remote Gateway, RTF - Dest Route Forced,
               SC - Static Config, P - Probe, NLC - No Local Config, LD - Local Down)
 Routing instance : evpn_vxlan_1
 Bridging domain : V_10
   IP                           MAC                  Flags              GBP    Logical            Active
   address                      address                                 Tag    Interface          source
   13.11.1.254                  00:00:5e:00:01:01    S,K                       irb.10
   13.11.1.2                    a4:7f:1b:ce:2a:91    SR,K,RT                   vtep.32769         12.1.1.2
   13.11.1.1                    d4:99:6c:92:48:fc    S,K                       irb.10
MAC IP flags  (S - Static, D - Dynamic, L - Local , R - Remote, Lp - Local Proxy,
               Rp - Remote Proxy,  K - Kernel, RT - Dest Route, (N)AD - (Not) Advt to remote,
               RE - Re-ARP/ND, RO - Router, OV - Override, Ur - Unresolved, B - Blocked,
               RTS - Dest Route Skipped, RGw - Remote Gateway, RTF - Dest Route Forced,
               SC - Static Config, P - Probe, NLC - No Local Config, LD - Local Down)
 Routing instance : evpn_vxlan_1
 Bridging domain : V_20
   IP                           MAC                  Flags              GBP    Logical            Active
   address                      address                                 Tag    Interface          source
   13.11.2.254                  00:00:5e:00:01:01    S,K                       irb.20
   13.11.2.2                    a4:7f:1b:ce:2a:91    SR,K,RT                   vtep.32769         12.1.1.2
   13.11.2.1                    d4:99:6c:92:48:fc    S,K                       irb.20
)";

}  // namespace trio6sim::show::golden
