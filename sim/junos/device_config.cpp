// Small value types of the model and DeviceConfig's look-ups.
#include "junos/device_config.h"

#include <cctype>
#include <charconv>

#include "junos/secret9.h"

namespace trio6sim::junos {

namespace {

std::optional<int> to_int(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

template <class T>
const T* by_name(const std::vector<T>& items, std::string_view name) {
  for (const auto& i : items)
    if (i.name == name) return &i;
  return nullptr;
}

}  // namespace

std::optional<IpPrefix> IpPrefix::parse(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto addr = IpAddress::parse(text.substr(0, slash));
  auto len = to_int(text.substr(slash + 1));
  if (!addr || !len || *len < 0 || *len > (addr->is_v4() ? 32 : 128)) return std::nullopt;
  return IpPrefix{*addr, *len};
}

std::string IpPrefix::to_string() const { return address.to_string() + "/" + std::to_string(length); }

std::optional<InterfaceUnitName> InterfaceUnitName::parse(std::string_view text) {
  const auto dot = text.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  auto unit = to_int(text.substr(dot + 1));
  if (!unit || *unit < 0) return std::nullopt;
  return InterfaceUnitName{std::string(text.substr(0, dot)), *unit};
}

std::string InterfaceUnitName::to_string() const { return interface + "." + std::to_string(unit); }

std::optional<FpcPicPort> FpcPicPort::parse(std::string_view name) {
  const auto dash = name.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view rest = name.substr(dash + 1);
  int parts[3];
  for (int k = 0; k < 3; ++k) {
    const auto end = k < 2 ? rest.find('/') : rest.find_first_of(":.");
    auto v = to_int(rest.substr(0, end));
    if (!v) return std::nullopt;
    parts[k] = *v;
    if (k < 2) {
      if (end == std::string_view::npos) return std::nullopt;
      rest.remove_prefix(end + 1);
    }
  }
  return FpcPicPort{parts[0], parts[1], parts[2]};
}

std::string_view to_string(InterfaceKind kind) {
  switch (kind) {
    case InterfaceKind::kEthernet:
      return "ethernet";
    case InterfaceKind::kAggregatedEthernet:
      return "aggregated-ethernet";
    case InterfaceKind::kLoopback:
      return "loopback";
    case InterfaceKind::kServices:
      return "services";
    case InterfaceKind::kSecureTunnel:
      return "secure-tunnel";
    case InterfaceKind::kIrb:
      return "irb";
    case InterfaceKind::kOther:
      return "other";
  }
  return "other";
}

InterfaceKind interface_kind(std::string_view name) {
  if (name.starts_with("et-") || name.starts_with("xe-") || name.starts_with("ge-")) return InterfaceKind::kEthernet;
  if (name.starts_with("ae") && name.size() > 2 && std::isdigit(static_cast<unsigned char>(name[2])))
    return InterfaceKind::kAggregatedEthernet;
  if (name == "lo0") return InterfaceKind::kLoopback;
  if (name.starts_with("si-")) return InterfaceKind::kServices;
  if (name == "st0") return InterfaceKind::kSecureTunnel;
  if (name == "irb") return InterfaceKind::kIrb;
  return InterfaceKind::kOther;
}

std::vector<IpPrefix> FamilyConfig::ip_prefixes() const {
  std::vector<IpPrefix> out;
  for (const auto& a : addresses)
    if (auto p = IpPrefix::parse(a)) out.push_back(*p);
  return out;
}

const FamilyConfig* LogicalUnit::family(std::string_view name) const { return by_name(families, name); }

const LogicalUnit* Interface::unit(int number) const {
  for (const auto& u : units)
    if (u.number == number) return &u;
  return nullptr;
}

Expected<std::string, std::string> PreSharedKey::secret() const {
  if (is_secret9(text)) return decode_secret9(text);
  return text;
}

const Interface* DeviceConfig::interface(std::string_view name) const { return by_name(interfaces, name); }

const LogicalUnit* DeviceConfig::unit(std::string_view interface_unit) const {
  auto n = InterfaceUnitName::parse(interface_unit);
  if (!n) return nullptr;
  const Interface* ifd = interface(n->interface);
  return ifd ? ifd->unit(n->unit) : nullptr;
}

const ServiceSet* DeviceConfig::service_set(std::string_view name) const { return by_name(service_sets, name); }
const IkeGateway* DeviceConfig::ike_gateway(std::string_view name) const { return by_name(ike_gateways, name); }
std::optional<uint16_t> DeviceConfig::packet_encapsulation_port(const IkeGateway& gateway) const {
  if (!gateway.packet_encapsulation) return std::nullopt;
  // The builder refuses use-global-dest-port without a global port.
  if (gateway.use_global_dest_port && ike_packet_encapsulation.dest_port) return ike_packet_encapsulation.dest_port;
  return kDefaultPacketEncapsulationPort;
}
const IkePolicy* DeviceConfig::ike_policy(std::string_view name) const { return by_name(ike_policies, name); }
const IpsecProposal* DeviceConfig::ipsec_proposal(std::string_view name) const {
  return by_name(ipsec_proposals, name);
}
const IpsecPolicy* DeviceConfig::ipsec_policy(std::string_view name) const { return by_name(ipsec_policies, name); }
const IpsecVpn* DeviceConfig::ipsec_vpn(std::string_view name) const { return by_name(ipsec_vpns, name); }

const InlineServices* DeviceConfig::inline_services_on(int fpc, int pic) const {
  for (const auto& s : inline_services)
    if (s.fpc == fpc && s.pic == pic) return &s;
  return nullptr;
}

const RoutingInstance* DeviceConfig::routing_instance(std::string_view name) const {
  for (const auto& r : routing_instances)
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace trio6sim::junos
