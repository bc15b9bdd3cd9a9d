#include "sa_json.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "crypto/sa_policy.h"
#include "packet/hex.h"

namespace trio6sim::cli {

namespace {

// Raised inside this file only, turned into an error value at the edge.
struct FieldError {
  std::string message;
};

class Reader {
 public:
  Reader(const YAML::Node& root, std::string source) : root_(root), source_(std::move(source)) {}

  [[noreturn]] void fail(const YAML::Node& at, const std::string& field, const std::string& what) const {
    const int line = at.Mark().line >= 0 ? at.Mark().line + 1 : root_.Mark().line + 1;
    throw FieldError{source_ + ":" + std::to_string(line) + ": field '" + field + "': " + what};
  }

  [[noreturn]] void fail_whole(const std::string& what) const {
    throw FieldError{source_ + ":" + std::to_string(root_.Mark().line + 1) + ": invalid SA: " + what};
  }

  YAML::Node need(const std::string& field) {
    seen_.insert(field);
    YAML::Node n = root_[field];
    if (!n.IsDefined()) fail(root_, field, "missing");
    return n;
  }

  YAML::Node maybe(const std::string& field) {
    seen_.insert(field);
    return root_[field];
  }

  std::string string_of(const YAML::Node& n, const std::string& field) const {
    if (!n.IsScalar()) fail(n, field, "expected a string");
    return n.Scalar();
  }

  bool bool_of(const YAML::Node& n, const std::string& field) const {
    if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false")) return n.Scalar() == "true";
    fail(n, field, "expected true or false");
  }

  // Unsigned integer in decimal, or hex with 0x, as a JSON number or string.
  uint64_t uint_of(const YAML::Node& n, const std::string& field, uint64_t max) const {
    if (!n.IsScalar()) fail(n, field, "expected a number");
    std::string_view s = n.Scalar();
    int base = 10;
    if (s.starts_with("0x") || s.starts_with("0X")) {
      s.remove_prefix(2);
      base = 16;
    }
    uint64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size())
      fail(n, field, "expected an unsigned integer, got '" + n.Scalar() + "'");
    if (v > max) fail(n, field, "value " + n.Scalar() + " exceeds " + std::to_string(max));
    return v;
  }

  IpAddress address_of(const YAML::Node& n, const std::string& field) const {
    auto a = IpAddress::parse(string_of(n, field));
    if (!a) fail(n, field, "expected an IPv4 or IPv6 address, got '" + n.Scalar() + "'");
    return *a;
  }

  void reject_unknown() const {
    for (const auto& kv : root_) {
      const std::string key = kv.first.Scalar();
      if (!seen_.count(key)) fail(kv.first, key, "unknown field");
    }
  }

 private:
  const YAML::Node& root_;
  std::string source_;
  std::set<std::string> seen_;
};

crypto::SaConfig read(Reader& r) {
  crypto::SaConfig sa;
  if (auto n = r.maybe("protocol"); n.IsDefined()) {
    auto ok = crypto::check_protocol(r.string_of(n, "protocol"));
    if (!ok) r.fail(n, "protocol", ok.error());
  }
  if (auto n = r.maybe("mode"); n.IsDefined()) {
    auto ok = crypto::check_mode(r.string_of(n, "mode"));
    if (!ok) r.fail(n, "mode", ok.error());
  }
  sa.spi = static_cast<uint32_t>(r.uint_of(r.need("spi"), "spi", 0xffffffffu));
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
    auto salt = parse_hex(r.string_of(n, "salt"));
    if (!salt || salt->size() != 4) r.fail(n, "salt", "expected 8 hex digits");
    sa.salt = (uint32_t{(*salt)[0]} << 24) | (uint32_t{(*salt)[1]} << 16) | (uint32_t{(*salt)[2]} << 8) | (*salt)[3];
  }
  sa.esn = r.bool_of(r.need("esn"), "esn");
  sa.replay_window = static_cast<uint32_t>(r.uint_of(r.need("replay_window"), "replay_window", 4096));
  sa.replay_top = r.uint_of(r.need("replay_top"), "replay_top", sa.esn ? UINT64_MAX : 0xffffffffu);
  sa.source = r.address_of(r.need("local"), "local");
  sa.destination = r.address_of(r.need("remote"), "remote");
  if (sa.source.family() != sa.destination.family())
    r.fail(r.need("remote"), "remote", "address family differs from 'local'");
  {
    auto n = r.need("udp_encap");
    if (!n.IsNull()) {
      if (!n.IsMap()) r.fail(n, "udp_encap", "expected null or {\"sport\": N, \"dport\": N}");
      for (const auto& kv : n) {
        const std::string k = kv.first.Scalar();
        if (k != "sport" && k != "dport") r.fail(kv.first, "udp_encap." + k, "unknown field");
      }
      if (!n["sport"].IsDefined()) r.fail(n, "udp_encap.sport", "missing");
      if (!n["dport"].IsDefined()) r.fail(n, "udp_encap.dport", "missing");
      crypto::UdpEncapsulation u;
      u.source_port = static_cast<uint16_t>(r.uint_of(n["sport"], "udp_encap.sport", 65535));
      u.destination_port = static_cast<uint16_t>(r.uint_of(n["dport"], "udp_encap.dport", 65535));
      if (u.destination_port == 0) r.fail(n["dport"], "udp_encap.dport", "expected 1..65535");
      sa.udp_encap = u;
    }
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
    if (df == "clear") sa.df = crypto::DfPolicy::kClear;
    else if (df == "set") sa.df = crypto::DfPolicy::kSet;
    else if (df == "copy") sa.df = crypto::DfPolicy::kCopy;
    else r.fail(n, "df", "expected clear, set or copy, got '" + df + "'");
  }
  {
    auto n = r.need("tunnel_mtu");
    sa.tunnel_mtu = static_cast<uint16_t>(r.uint_of(n, "tunnel_mtu", 65535));
  }
  r.reject_unknown();
  if (auto error = crypto::validate(sa)) r.fail_whole(*error);
  return sa;
}

}  // namespace

Expected<crypto::SaConfig, std::string> parse_sa_json(const std::string& text, const std::string& source_name) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return unexpected(source_name + ":" + std::to_string(e.mark.line + 1) + ": not valid JSON: " + e.msg);
  }
  if (!root.IsMap()) return unexpected(source_name + ":1: expected a JSON object");
  Reader r(root, source_name);
  try {
    return read(r);
  } catch (const FieldError& e) {
    return unexpected(e.message);
  }
}

Expected<crypto::SaConfig, std::string> load_sa_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) return unexpected(path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_sa_json(ss.str(), path);
}

}  // namespace trio6sim::cli
