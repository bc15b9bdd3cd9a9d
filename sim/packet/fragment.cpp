#include "fragment.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "ipv4.h"

namespace trio6sim {

namespace {

constexpr std::size_t kMaxIpv4HeaderBytes = 60;
constexpr uint8_t kOptionEnd = 0;   // End of Option List
constexpr uint8_t kOptionNop = 1;   // No Operation
constexpr uint8_t kOptionCopied = 0x80;

// What every fragment shares, worked out once from the input.
struct Plan {
  std::span<const uint8_t> l2;
  std::span<const uint8_t> header;  // the input's IP header, options included
  std::span<const uint8_t> data;    // the input's IP payload
  std::array<uint8_t, kMaxIpv4HeaderBytes> later_header{};  // header of fragments after the first
  std::size_t later_header_length = kIpv4HeaderBytes;
  uint16_t offset_units = 0;  // the input's own fragment offset
  bool more_fragments = false;
  bool fits = false;
  std::size_t mtu = 0;

  std::size_t header_length(std::size_t index) const { return index == 0 ? header.size() : later_header_length; }
  // Data bytes a non-last fragment with this header can carry: a multiple of 8.
  std::size_t max_data(std::size_t index) const { return (mtu - header_length(index)) & ~std::size_t{7}; }
};

// Copies the options with the copied flag into the later fragments' header.
Expected<void, PacketError> copy_options(Plan& plan) {
  std::memcpy(plan.later_header.data(), plan.header.data(), kIpv4HeaderBytes);
  const std::span<const uint8_t> options = plan.header.subspan(kIpv4HeaderBytes);
  std::size_t n = kIpv4HeaderBytes;
  for (std::size_t i = 0; i < options.size();) {
    const uint8_t type = options[i];
    if (type == kOptionEnd) break;
    if (type == kOptionNop) {
      ++i;
      continue;
    }
    if (i + 1 >= options.size()) return unexpected(PacketError::kBadHeaderLength);
    const std::size_t len = options[i + 1];
    if (len < 2 || i + len > options.size()) return unexpected(PacketError::kBadHeaderLength);
    if (type & kOptionCopied) {
      std::memcpy(plan.later_header.data() + n, options.data() + i, len);
      n += len;
    }
    i += len;
  }
  // Pad with End of Option List (zero) to a 32-bit boundary.
  while (n % 4 != 0) plan.later_header[n++] = kOptionEnd;
  plan.later_header[0] = static_cast<uint8_t>(0x40 | (n / 4));
  plan.later_header_length = n;
  return {};
}

Expected<Plan, PacketError> make_plan(const Packet& in, std::size_t mtu) {
  const std::size_t l2_length = in.meta.l2_length;
  if (l2_length > in.size()) return unexpected(PacketError::kTruncated);
  auto ip = parse_ipv4(in.bytes().subspan(l2_length));
  if (!ip) return unexpected(ip.error());
  Plan plan;
  plan.mtu = mtu;
  plan.l2 = in.bytes().first(l2_length);
  plan.header = in.bytes().subspan(l2_length, ip->header_length());
  plan.data = in.bytes().subspan(l2_length + ip->header_length(), ip->total_length() - ip->header_length());
  plan.offset_units = ip->fragment_offset();
  plan.more_fragments = ip->mf();
  // The reassembled datagram must fit a 16-bit total length (RFC 791).
  if (std::size_t{plan.offset_units} * 8 + plan.data.size() > 0xffff) return unexpected(PacketError::kBadFragment);
  if (ip->total_length() <= mtu) {
    plan.fits = true;
    return plan;
  }
  if (ip->df()) return unexpected(PacketError::kFragmentNeeded);
  if (mtu < kIpv4MinimumMtu) return unexpected(PacketError::kUnsupported);
  auto copied = copy_options(plan);
  if (!copied) return unexpected(copied.error());
  if (mtu < plan.header.size() + 8) return unexpected(PacketError::kUnsupported);
  return plan;
}

std::size_t count_fragments(const Plan& plan) {
  if (plan.fits) return 1;
  std::size_t count = 0;
  for (std::size_t done = 0; done < plan.data.size(); ++count) done += plan.max_data(count);
  return count;
}

}  // namespace

Expected<std::size_t, PacketError> ipv4_fragment_count(const Packet& in, std::size_t mtu) {
  auto plan = make_plan(in, mtu);
  if (!plan) return unexpected(plan.error());
  return count_fragments(*plan);
}

Expected<std::size_t, PacketError> fragment_ipv4(const Packet& in, std::size_t mtu, std::span<Packet* const> out) {
  auto planned = make_plan(in, mtu);
  if (!planned) return unexpected(planned.error());
  const Plan& plan = *planned;
  const std::size_t count = count_fragments(plan);
  if (out.size() < count) return unexpected(PacketError::kNoRoom);

  std::size_t done = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const bool last = i + 1 == count;
    const std::size_t hlen = plan.header_length(i);
    const std::size_t data_len = last ? plan.data.size() - done : plan.max_data(i);
    Packet& frag = *out[i];
    frag.reset();
    frag.meta = in.meta;
    uint8_t* p = frag.push_back(plan.l2.size() + hlen + data_len);
    if (p == nullptr) return unexpected(PacketError::kNoRoom);
    std::memcpy(p, plan.l2.data(), plan.l2.size());
    p += plan.l2.size();
    std::memcpy(p, i == 0 ? plan.header.data() : plan.later_header.data(), hlen);
    std::memcpy(p + hlen, plan.data.data() + done, data_len);
    if (!plan.fits) {
      Ipv4View ip(p);
      ip.set_total_length(static_cast<uint16_t>(hlen + data_len));
      ip.set_fragment_offset(static_cast<uint16_t>(plan.offset_units + done / 8));
      ip.set_mf(!last || plan.more_fragments);
      ip.update_checksum();
    }
    done += data_len;
  }
  return count;
}

}  // namespace trio6sim
