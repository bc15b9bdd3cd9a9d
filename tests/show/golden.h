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

}  // namespace trio6sim::show::golden
