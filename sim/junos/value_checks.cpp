#include "junos/value_checks.h"

#include <fmt/core.h>

#include <cctype>
#include <charconv>

#include "junos/secret9.h"
#include "packet/ip_address.h"

namespace trio6sim::junos {

namespace {

std::optional<long long> decimal(std::string_view s) {
  long long v = 0;
  if (s.empty() || s.size() > 12 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

std::string_view family_name(AddressFamily f) {
  return f == AddressFamily::kV4 ? "an IPv4 address" : f == AddressFamily::kV6 ? "an IPv6 address" : "an IP address";
}

// Junos logical unit numbers: 0 through 16,384 on all but demux and PPPoE
// interfaces [Junos OS, "unit (Interfaces)"].
constexpr long long kMaxUnit = 16384;

std::optional<FpcPicPort> fpc_pic_port(std::string_view name, std::string_view prefix, int max_fpc, int max_pic,
                                       int max_port) {
  if (!name.starts_with(prefix)) return std::nullopt;
  auto fpp = FpcPicPort::parse(name);
  if (!fpp || fpp->fpc < 0 || fpp->fpc > max_fpc || fpp->pic < 0 || fpp->pic > max_pic || fpp->port < 0 ||
      fpp->port > max_port)
    return std::nullopt;
  if (name != fmt::format("{}{}/{}/{}", prefix, fpp->fpc, fpp->pic, fpp->port)) return std::nullopt;
  return fpp;
}

// The modeled platforms' ranges together: FPC 0-7 (MX10008's eight slots
// [HW2101]), PIC 0-5 (LC9600's six [L]), ports 0-15 (MX304 LMIC [M]).
constexpr int kMaxFpc = 7, kMaxPic = 5, kMaxPort = 15;

}  // namespace

std::optional<FpcPicPort> mx304_ethernet_port(std::string_view name) { return fpc_pic_port(name, "et-", 0, 2, 15); }
std::optional<FpcPicPort> mx304_services_port(std::string_view name) { return fpc_pic_port(name, "si-", 0, 2, 3); }
std::optional<FpcPicPort> ethernet_port(std::string_view name) {
  return fpc_pic_port(name, "et-", kMaxFpc, kMaxPic, kMaxPort);
}
std::optional<FpcPicPort> services_port(std::string_view name) {
  return fpc_pic_port(name, "si-", kMaxFpc, kMaxPic, 3);
}

ValueProblem check_ip_address(std::string_view text, AddressFamily family) {
  auto a = IpAddress::parse(text);
  const bool ok = a && (family == AddressFamily::kAny || (family == AddressFamily::kV4) == a->is_v4());
  if (ok) return std::nullopt;
  return fmt::format("expected {} such as {}, found '{}'", family_name(family),
                     family == AddressFamily::kV6 ? "2002:13:11:1::1" : "13.10.1.1", text);
}

ValueProblem check_ip_prefix(std::string_view text, AddressFamily family, int min_length) {
  const auto slash = text.find('/');
  const std::string_view address = text.substr(0, slash);
  auto a = IpAddress::parse(address);
  const std::string example = family == AddressFamily::kV6 ? "2002:13:11:1::1/64" : "13.10.1.1/24";
  if (!a || (family != AddressFamily::kAny && (family == AddressFamily::kV4) != a->is_v4()))
    return fmt::format("expected {} with a prefix length, such as {}, found '{}'", family_name(family), example, text);
  const int max = a->is_v4() ? 32 : 128;
  if (slash == std::string_view::npos)
    return fmt::format("expected a prefix length after '{}' (/{} to /{}): the simulator does not assume one", text,
                       min_length, max);
  auto len = decimal(text.substr(slash + 1));
  if (!len || *len < min_length || *len > max)
    return fmt::format("prefix length '{}' out of range: expected {} to {} for an {} address", text.substr(slash + 1),
                       min_length, max, a->is_v4() ? "IPv4" : "IPv6");
  return std::nullopt;
}

ValueProblem check_iso_address(std::string_view text) {
  bool ok = !text.empty() && text.front() != '.' && text.back() != '.';
  for (char c : text) ok = ok && (std::isxdigit(static_cast<unsigned char>(c)) || c == '.');
  if (ok) return std::nullopt;
  return fmt::format("expected an ISO network entity title such as 49.0002.0120.0100.1001.00, found '{}'", text);
}

ValueProblem check_unit_number(std::string_view text) {
  auto n = decimal(text);
  if (n && *n <= kMaxUnit) return std::nullopt;
  return fmt::format("expected a logical unit number from 0 to {}, found '{}'", kMaxUnit, text);
}

ValueProblem check_interface_name(std::string_view name) {
  if (name == "lo0" || name == "st0" || name == "irb" || name == "fxp0" || name == "em0" || name == "em1")
    return std::nullopt;
  if (name.starts_with("ae") && decimal(name.substr(2)) && *decimal(name.substr(2)) < 65536) return std::nullopt;
  if (ethernet_port(name) || services_port(name)) return std::nullopt;
  return fmt::format(
      "'{}' is not an interface of an MX304 or an MX10004/MX10008: expected et-FPC/PIC/PORT (FPC 0-7, PIC 0-5, "
      "PORT 0-15; an MX304 has FPC 0 and PIC 0-2), si-FPC/PIC/0..3 (si-0/PIC/0..3 on an MX304), aeN, lo0, st0, irb or fxp0",
      name);
}

ValueProblem check_interface_unit(std::string_view text, bool unit_optional) {
  const auto dot = text.rfind('.');
  if (dot == std::string_view::npos) {
    if (unit_optional) return check_interface_name(text);
    return fmt::format("expected an interface unit such as st0.1 or si-0/1/0.0, found '{}'", text);
  }
  if (auto p = check_interface_name(text.substr(0, dot))) return p;
  return check_unit_number(text.substr(dot + 1));
}

ValueProblem check_next_hop(std::string_view text, AddressFamily family) {
  if (IpAddress::parse(text)) return check_ip_address(text, family);
  if (text.find('.') != std::string_view::npos && !std::isdigit(static_cast<unsigned char>(text.front())) &&
      !check_interface_unit(text, false))
    return std::nullopt;
  return fmt::format("expected a next hop: {} or an interface unit such as st0.1, found '{}'", family_name(family),
                     text);
}

ValueProblem check_ascii_secret(std::string_view text) {
  if (!is_secret9(text)) return std::nullopt;
  if (auto d = decode_secret9(text); !d) return fmt::format("'{}' is not a valid $9$ string: {}", text, d.error());
  return std::nullopt;
}

ValueProblem check_hex_secret(std::string_view text) {
  std::string plain(text);
  if (is_secret9(text)) {
    auto d = decode_secret9(text);
    if (!d) return fmt::format("'{}' is not a valid $9$ string: {}", text, d.error());
    plain = *d;
  }
  if (plain.starts_with("0x") || plain.starts_with("0X")) plain.erase(0, 2);
  for (char c : plain)
    if (!std::isxdigit(static_cast<unsigned char>(c)))
      return fmt::format("expected hexadecimal digits (0-9, a-f), found '{}'", c);
  if (plain.empty()) return std::string("expected hexadecimal digits, found none");
  if (plain.size() % 2 != 0)
    return fmt::format("odd number of hexadecimal digits ({}): a key is whole bytes, two digits each", plain.size());
  return std::nullopt;
}

}  // namespace trio6sim::junos
