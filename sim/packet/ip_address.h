// An IPv4 or IPv6 address held as bytes in network order.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trio6sim {

class IpAddress {
 public:
  enum class Family : uint8_t { kV4 = 4, kV6 = 6 };

  IpAddress() = default;
  static IpAddress v4(const uint8_t bytes[4]);
  static IpAddress v6(const uint8_t bytes[16]);
  static IpAddress v4(uint32_t host_order);
  // Parses dotted-quad IPv4 or RFC 4291 IPv6 text; nullopt when neither.
  static std::optional<IpAddress> parse(std::string_view text);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::kV4; }
  bool is_v6() const { return family_ == Family::kV6; }
  // 4 bytes for IPv4, 16 for IPv6.
  std::size_t size() const { return is_v4() ? 4 : 16; }
  const uint8_t* data() const { return bytes_.data(); }
  std::string to_string() const;

  auto operator<=>(const IpAddress&) const = default;

 private:
  Family family_ = Family::kV4;
  std::array<uint8_t, 16> bytes_{};  // IPv4 uses the first 4
};

}  // namespace trio6sim
