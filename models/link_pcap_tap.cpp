#include "link_pcap_tap.h"

#include <algorithm>

#include "config_error.h"

namespace trio6sim::models {

namespace {

PcapWriter open_or_throw(const std::string& path) {
  auto w = PcapWriter::open(path, PcapLinkType::kEthernet);
  if (!w) throw ConfigError("LinkPcapTap: " + w.error());
  return std::move(*w);
}

}  // namespace

std::vector<uint8_t> capture_frame(const Packet& p, std::array<uint8_t, 3> port_id) {
  // An Ethernet frame (bridged) is captured as it is, its own header first.
  if (p.meta.l2_length != 0) return {p.bytes().begin(), p.bytes().end()};
  const auto [a, b, c] = port_id;
  std::array<uint8_t, 14> eth = {0x06, 0x00, 0x00, a, b, c, 0x02, 0x00, 0x00, a, b, c, 0x08, 0x00};
  const uint8_t version = p.empty() ? 0 : p.data()[0] >> 4;
  const uint16_t type = version == 4 ? 0x0800 : version == 6 ? 0x86dd : 0x8847;
  eth[12] = static_cast<uint8_t>(type >> 8);
  eth[13] = static_cast<uint8_t>(type);
  std::vector<uint8_t> frame(eth.size() + p.size());
  std::copy(eth.begin(), eth.end(), frame.begin());
  std::copy(p.bytes().begin(), p.bytes().end(), frame.begin() + eth.size());
  return frame;
}

LinkPcapTap::LinkPcapTap(const std::string& path) : writer_(open_or_throw(path)) {}

void LinkPcapTap::frame_on_link(const Link& link, int from_end, const Packet& packet, uint64_t first_bit_ps) {
  const auto port = static_cast<uint8_t>(link.end(from_end).port);
  const auto frame = capture_frame(packet, {0, static_cast<uint8_t>(from_end), port});
  // A write error cannot be thrown across the simulation's process: the
  // first one is kept, and close() reports it.
  if (auto ok = writer_.write(frame, first_bit_ps / 1000); !ok && error_.empty()) error_ = ok.error();
}

void LinkPcapTap::close() {
  if (auto ok = writer_.close(); !ok && error_.empty()) error_ = ok.error();
  if (!error_.empty()) throw ConfigError("LinkPcapTap: " + error_);
}

}  // namespace trio6sim::models
