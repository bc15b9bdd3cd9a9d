#include "show_ipsec.h"

#include <fmt/core.h>

namespace trio6sim::show {

namespace {

// Junos right-aligns every counter of this command to column 35 [I].
std::string counter_line(const std::string& label, uint64_t value) {
  const std::size_t width = label.size() < 35 ? 35 - label.size() : 1;
  return fmt::format("{}{:>{}}\n", label, value, width);
}

}  // namespace

std::string ipsec_statistics(const crypto::IpsecStatistics& s) {
  std::string out = "ESP Statistics:\n";
  out += counter_line("  Encrypted bytes:", s.encrypted_bytes);
  out += counter_line("  Decrypted bytes:", s.decrypted_bytes);
  out += counter_line("  Encrypted packets:", s.encrypted_packets);
  out += counter_line("  Decrypted packets:", s.decrypted_packets);
  // Inline IPsec has no AH [T]; Junos still prints the section.
  out += "AH Statistics:\n";
  out += counter_line("  Input bytes:", 0);
  out += counter_line("  Output bytes:", 0);
  out += counter_line("  Input packets:", 0);
  out += counter_line("  Output packets:", 0);
  out += "Errors:\n";
  out += fmt::format("  AH authentication failures: 0, Replay errors: {}\n", s.replay_errors);
  out += fmt::format("  ESP authentication failures: {}, ESP decryption failures: {}\n", s.esp_authentication_failures,
                     s.esp_decryption_failures);
  out += fmt::format("  Bad headers: {}, Bad trailers: {}\n", s.bad_headers, s.bad_trailers);
  return out;
}

std::string ike_security_associations(const std::vector<IkeSaView>& sas) {
  std::string out = "Index   State  Initiator cookie  Responder cookie  Mode           Remote Address\n";
  for (const auto& sa : sas)
    out += fmt::format("{:<8}{:<7}{:016x}  {:016x}  {:<15}{:<14}\n", sa.index, sa.up ? "UP" : "DOWN", sa.initiator_cookie,
                       sa.responder_cookie, "IKEv2", sa.remote_address);
  return out;
}

std::string ipsec_security_associations(const std::vector<IpsecTunnelView>& tunnels) {
  std::string out = fmt::format("  Total active tunnels: {:<6}Total IPsec sas: {}\n", tunnels.size(), tunnels.size());
  out += "  ID      Algorithm       SPI      Life:sec/kb  Mon lsys Port  Gateway\n";
  for (const auto& t : tunnels) {
    const std::string algorithm = fmt::format("ESP:aes-gcm-{}/aes{}-gcm", t.key_bits, t.key_bits);
    const uint16_t port = t.udp_encapsulation ? t.udp_port : 500;
    out += fmt::format("  <{} {} 0x{:08x} {}/ unlim - root {} {:<16}\n", t.id, algorithm, t.inbound.spi,
                       t.inbound.hard_lifetime_s, port, t.remote_gateway);
    out += fmt::format("  >{} {} 0x{:08x} {}/ unlim - root {} {:<16}\n", t.id, algorithm, t.outbound.spi,
                       t.outbound.hard_lifetime_s, port, t.remote_gateway);
  }
  return out;
}

namespace {

void direction(std::string& out, const IpsecTunnelView& t, const char* name, const IpsecSaDirectionView& d) {
  out += fmt::format("  Direction: {}, SPI: 0x{:08x}, AUX-SPI: 0\n", name, d.spi);
  out += "                              , VPN Monitoring: -\n";
  out += fmt::format("    Hard lifetime: Expires in {} seconds\n", d.hard_lifetime_s);
  out += "    Lifesize Remaining:  Unlimited\n";
  out += fmt::format("    Soft lifetime: Expires in {} seconds\n", d.soft_lifetime_s);
  out += "    Mode: Tunnel(0 0), Type: dynamic, State: installed\n";
  out += fmt::format("    Protocol: ESP, Authentication: aes{}-gcm, Encryption: aes-gcm ({} bits)\n", t.key_bits,
                     t.key_bits);
  out += fmt::format("    Anti-replay service: counter-based {}, Replay window size: {}\n",
                     t.anti_replay ? "enabled" : "disabled", t.replay_window);
  out += fmt::format("    Extended-Sequence-Number: {}\n", t.esn ? "Enabled" : "Disabled");
  out += fmt::format("    tunnel-establishment: {}\n", t.establishment);
  out += fmt::format("    IKE SA Index: {}\n", t.ike_sa_index);
}

}  // namespace

std::string ipsec_security_associations_detail(const std::vector<IpsecTunnelView>& tunnels) {
  std::string out;
  for (const auto& t : tunnels) {
    const char* identity = t.ipv6_identities ? "ipv6(::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff)"
                                             : "ipv4(0.0.0.0-255.255.255.255)";
    out += fmt::format("ID: {} Virtual-system: root, VPN Name: {}\n", t.id, t.vpn_name);
    out += fmt::format("  Local Gateway: {}, Remote Gateway: {}\n", t.local_gateway, t.remote_gateway);
    out += fmt::format("  Local Identity: {}\n", identity);
    out += fmt::format("  Remote Identity: {}\n", identity);
    out += "  TS Type: proxy-id\n";
    out += "  Version: IKEv2\n";
    out += "  Quantum Secured: No\n";
    out += "  Hardware Offloaded: No\n";
    out += fmt::format("  PFS group: N/A, Packet Encapsulation: {}, Dest port: {}\n",
                       t.udp_encapsulation ? "UDP" : "None", t.udp_encapsulation ? t.udp_port : 0);
    out += "  Passive mode tunneling: Disabled\n";
    out += fmt::format("  DF-bit: {}, Copy-Outer-DSCP: {}, Bind-interface: {} , Policy-name: {}\n", t.df_bit,
                       t.copy_outer_dscp ? "Enabled" : "Disabled", t.bind_interface, t.policy_name);
    out += "  Port: 500, Nego#: 0, Fail#: 0, Def-Del#: 0 Flag: 0 \n";
    out += "  Tunnel events:\n";
    for (const auto& e : t.events) out += "    " + e + "\n";
    out += fmt::format("  Location: FPC {}, PIC {}\n", t.fpc, t.pic);
    out += "  Anchorship: Thread 0\n";
    out += fmt::format("  Distribution-Profile: {}\n", t.distribution_profile);
    direction(out, t, "inbound", t.inbound);
    direction(out, t, "outbound", t.outbound);
  }
  return out;
}

}  // namespace trio6sim::show
