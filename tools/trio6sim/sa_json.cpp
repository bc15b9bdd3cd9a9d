#include "sa_json.h"

#include "config/yaml_reader.h"
#include "crypto/sa_policy.h"
#include "packet/hex.h"

namespace trio6sim::cli {

namespace {

using config::MapReader;

crypto::SaConfig read(MapReader& r) {
  crypto::SaConfig sa;
  if (auto n = r.maybe("protocol"); n.IsDefined()) {
    auto ok = crypto::check_protocol(r.string_of(n, "protocol"));
    if (!ok) r.fail(n, "protocol", ok.error());
  }
  if (auto n = r.maybe("mode"); n.IsDefined()) {
    auto ok = crypto::check_mode(r.string_of(n, "mode"));
    if (!ok) r.fail(n, "mode", ok.error());
  }
  {
    auto n = r.need("spi");
    sa.spi = static_cast<uint32_t>(r.uint_of(n, "spi", 0xffffffffu));
    if (sa.spi < 256)
      r.fail(n, "spi", "expected 256 to 4294967295 (0 and 1..255 are reserved, RFC 4303 section 2.1), got " +
                           std::to_string(sa.spi));
  }
  {
    auto n = r.need("algorithm");
    auto cipher = crypto::parse_esp_cipher(r.string_of(n, "algorithm"));
    if (!cipher) r.fail(n, "algorithm", cipher.error());
    sa.cipher = *cipher;
  }
  {
    auto n = r.need("key");
    auto key = parse_hex(r.string_of(n, "key"));
    if (!key) r.fail(n, "key", key.error());
    if (key->size() != crypto::key_bytes(sa.cipher))
      r.fail(n, "key", "expected " + std::to_string(crypto::key_bytes(sa.cipher) * 2) + " hex digits for " +
                           std::string(crypto::to_string(sa.cipher)) + ", got " + std::to_string(key->size() * 2));
    sa.key = std::move(*key);
  }
  {
    auto n = r.need("salt");
    const std::string text = r.string_of(n, "salt");
    auto salt = parse_hex(text);
    if (!salt) r.fail(n, "salt", "expected 8 hex digits: " + salt.error());
    if (salt->size() != 4) r.fail(n, "salt", "expected 8 hex digits, got " + std::to_string(salt->size() * 2));
    sa.salt = (uint32_t{(*salt)[0]} << 24) | (uint32_t{(*salt)[1]} << 16) | (uint32_t{(*salt)[2]} << 8) | (*salt)[3];
  }
  sa.esn = r.bool_of(r.need("esn"), "esn");
  sa.replay_window = static_cast<uint32_t>(r.uint_of(r.need("replay_window"), "replay_window", 4096));
  sa.replay_top = r.uint_of(r.need("replay_top"), "replay_top", sa.esn ? UINT64_MAX : 0xffffffffu);
  sa.source = r.address_of(r.need("local"), "local");
  sa.destination = r.address_of(r.need("remote"), "remote");
  if (sa.source.family() != sa.destination.family())
    r.fail(r.need("remote"), "remote", "address family differs from 'local'");
  if (auto n = r.need("udp_encap"); !n.IsNull()) {
    if (!n.IsMap()) r.fail(n, "udp_encap", "expected null or {\"sport\": N, \"dport\": N}");
    MapReader u = r.map_of(n, "udp_encap");
    crypto::UdpEncapsulation encap;
    encap.source_port = static_cast<uint16_t>(u.uint_of(u.need("sport"), "sport", 65535));
    auto dport = u.need("dport");
    encap.destination_port = static_cast<uint16_t>(u.uint_of(dport, "dport", 65535));
    if (encap.destination_port == 0) u.fail(dport, "dport", "expected 1..65535");
    u.reject_unknown();
    sa.udp_encap = encap;
  }
  {
    auto n = r.need("dscp");
    if (n.IsScalar() && n.Scalar() == "copy") sa.outer_dscp.reset();
    else sa.outer_dscp = static_cast<uint8_t>(r.uint_of(n, "dscp", 63));
  }
  sa.copy_outer_dscp = r.bool_of(r.need("copy_outer_dscp"), "copy_outer_dscp");
  {
    auto n = r.need("df");
    const std::string df = r.string_of(n, "df");
    if (auto policy = crypto::parse_df_policy(df)) sa.df = *policy;
    else r.fail(n, "df", "expected clear, set or copy, got '" + df + "'");
  }
  {
    auto n = r.need("tunnel_mtu");
    sa.tunnel_mtu = static_cast<uint16_t>(r.uint_of(n, "tunnel_mtu", 65535));
    const unsigned min_mtu = sa.source.is_v4() ? 68 : 1280;  // RFC 791 / RFC 8200 minimum link MTUs
    if (sa.tunnel_mtu != 0 && sa.tunnel_mtu < min_mtu)
      r.fail(n, "tunnel_mtu", "expected 0 (none) or " + std::to_string(min_mtu) + " to 65535 for an IPv" +
                                  (sa.source.is_v4() ? "4" : "6") + " tunnel, got " + std::to_string(sa.tunnel_mtu));
  }
  r.reject_unknown();
  if (auto error = crypto::validate(sa)) r.fail_here("invalid SA: " + *error);
  return sa;
}

}  // namespace

Expected<crypto::SaConfig, std::string> parse_sa_json(const std::string& text, const std::string& source_name) {
  try {
    YAML::Node root = config::load_yaml_text(text, source_name);
    if (!root.IsMap()) return unexpected(source_name + ":1: expected a JSON object");
    MapReader r(root, source_name);
    return read(r);
  } catch (const config::InputError& e) {
    return unexpected(std::string(e.what()));
  }
}

Expected<crypto::SaConfig, std::string> load_sa_json(const std::string& path) {
  try {
    YAML::Node root = config::load_yaml_file(path);
    if (!root.IsMap()) return unexpected(path + ":1: expected a JSON object");
    MapReader r(root, path);
    return read(r);
  } catch (const config::InputError& e) {
    return unexpected(std::string(e.what()));
  }
}

}  // namespace trio6sim::cli
