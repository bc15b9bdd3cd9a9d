// Fuzz target: the lookup engine's header walk (sim/packet/parser.h) on any
// bytes, as an Ethernet frame and as a bare IP packet, with every option
// combination. Properties: no read outside the bytes (ASan), and every
// offset a successful parse reports lies inside the bytes.
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "packet/parser.h"

using namespace trio6sim;

namespace {

void check_layer(const IpLayer& layer, std::size_t size) {
  if (layer.l3 == kNoOffset) return;
  FUZZ_CHECK(layer.l3 < size);
  FUZZ_CHECK(layer.end != kNoOffset && layer.end <= size && layer.l3 < layer.end);
  if (layer.l4 != kNoOffset) FUZZ_CHECK(layer.l4 >= layer.l3 && layer.l4 <= layer.end);
  if (layer.payload != kNoOffset) FUZZ_CHECK(layer.payload <= layer.end);
}

void check(const Expected<ParsedFrame, PacketError>& parsed, std::size_t size) {
  if (!parsed) return;
  check_layer(parsed->outer, size);
  check_layer(parsed->inner, size);
  if (parsed->inner.l3 != kNoOffset && parsed->outer.end != kNoOffset)
    FUZZ_CHECK(parsed->inner.end <= parsed->outer.end);  // the inner packet lives inside the outer one
  FUZZ_CHECK(parsed->vlan_count <= kMaxVlanTags);
  FUZZ_CHECK(parsed->mpls_depth <= kMaxMplsLabels);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::span<const uint8_t> bytes(data, size);
  for (int variant = 0; variant < 4; ++variant) {
    ParseOptions options;
    options.verify_ipv4_checksum = (variant & 1) == 0;
    options.verify_l4_checksum = (variant & 2) != 0;
    options.hash.inner = (variant & 2) != 0;
    check(parse_frame(bytes, options), size);
    check(parse_l3(bytes, L3Family::kUnknown, options), size);
  }
  check(parse_l3(bytes, L3Family::kIpv4), size);
  check(parse_l3(bytes, L3Family::kIpv6), size);
  return 0;
}
