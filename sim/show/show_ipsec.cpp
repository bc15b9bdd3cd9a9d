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

std::string ike_security_associations_detail(const std::vector<IkeSaDetailView>& sas) {
  std::string out;
  for (const auto& d : sas) {
    out += fmt::format("IKE peer {}, Index {}, Gateway Name: {}\n", d.remote_address, d.sa.index, d.gateway_name);
    out += fmt::format("  Role: {}, State: {}\n", d.responder ? "Responder" : "Initiator", d.sa.up ? "UP" : "DOWN");
    out += fmt::format("  Initiator cookie: {:016x}, Responder cookie: {:016x}\n", d.sa.initiator_cookie,
                       d.sa.responder_cookie);
    out += "  Exchange type: IKEv2, Authentication method: Pre-shared-keys\n";
    out += fmt::format("  Local gateway interface: {}\n", d.local_interface);
    out += "  Routing instance: default\n";
    out += fmt::format("  Local: {}:{}, Remote: {}:{}\n", d.local_address, d.local_port, d.remote_address, d.remote_port);
    out += fmt::format("  Lifetime: Expires in {} seconds\n", d.lifetime_s);
    out += d.reauth_lifetime_s ? fmt::format("  Reauth Lifetime: Expires in {} seconds\n", *d.reauth_lifetime_s)
                               : std::string("  Reauth Lifetime: Disabled\n");
    out += "  IKE Fragmentation: Enabled, Size: 576\n";
    out += "  Remote Access Client Info: Unknown Client\n";
    out += fmt::format("  Peer ike-id: {}\n", d.remote_address);
    out += "  AAA assigned IP: 0.0.0.0\n";
    out += "  PPK-profile: None\n";
    out += "  Algorithms:\n";
    out += fmt::format("   Authentication        : {}\n", d.authentication);
    out += fmt::format("   Encryption            : {}\n", d.encryption);
    out += fmt::format("   Pseudo random function: {}\n", d.prf);
    out += fmt::format("   Diffie-Hellman group  : DH-group-{}\n", d.dh_group);
    out += "  Traffic statistics:\n";
    out += fmt::format("   Input  bytes  : {:>20}\n", d.bytes_in);
    out += fmt::format("   Output bytes  : {:>20}\n", d.bytes_out);
    out += fmt::format("   Input  packets: {:>20}\n", d.packets_in);
    out += fmt::format("   Output packets: {:>20}\n", d.packets_out);
    out += "   Input  fragmented packets:       0\n";
    out += "   Output fragmented packets:       0\n";
    out += fmt::format("  IPSec security associations: {} created, {} deleted\n", d.children_created,
                       d.children_deleted);
    out += "  Phase 2 negotiations in progress: 0\n";
    std::string ids;
    for (uint32_t id : d.tunnel_ids) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    out += fmt::format("  IPSec Tunnel IDs: {}\n\n", ids);
    out += "  IPsec SA Rekey CREATE_CHILD_SA exchange stats:\n";
    out += "   Initiator stats:                                  Responder stats:\n";
    auto row = [&](const char* a, uint32_t x, const char* b, uint32_t y) {
      out += fmt::format("    {:<24}: {:<24}{:<23}: {:<20}\n", a, x, b, y);
    };
    row("Request Out", d.request_out, "Request In", d.request_in);
    row("Response In", d.response_in, "Response Out", d.response_out);
    row("No Proposal Chosen In", d.no_proposal_in, "No Proposal Chosen Out", d.no_proposal_out);
    row("Invalid KE In", d.invalid_ke_in, "Invalid KE Out", d.invalid_ke_out);
    row("TS Unacceptable In", d.ts_unacceptable_in, "TS Unacceptable Out", d.ts_unacceptable_out);
    row("Res DH Compute Key Fail", d.dh_fail_initiator, "Res DH Compute Key Fail", d.dh_fail_responder);
    out += fmt::format("    {:<24}: {:<20}\n", "Res Verify SA Fail", d.verify_sa_fail);
    out += fmt::format("    {:<24}: {:<20}\n", "Res Verify DH Group Fail", d.verify_dh_fail);
    out += fmt::format("    {:<24}: {}\n", "Res Verify TS Fail", d.verify_ts_fail);
  }
  return out;
}

std::string ipsec_security_associations(const std::vector<IpsecTunnelView>& tunnels) {
  std::string out = fmt::format("  Total active tunnels: {:<6}Total IPsec sas: {}\n", tunnels.size(), tunnels.size());
  out += "  ID      Algorithm       SPI      Life:sec/kb  Mon lsys Port  Gateway\n";
  for (const auto& t : tunnels) {
    const std::string algorithm = fmt::format("ESP:aes-gcm-{}/aes{}-gcm", t.key_bits, t.key_bits);
    const uint16_t port = t.ike_port;
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
