#include "esp_command.h"

#include <fmt/core.h>

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <span>
#include <string>

#include "crypto/esp_inbound.h"
#include "command_line.h"
#include "crypto/esp_outbound.h"
#include "esp_selfcheck.h"
#include "packet/hex.h"
#include "packet/ipv4.h"
#include "packet/ipv6.h"
#include "packet/parser.h"
#include "sa_json.h"

namespace po = boost::program_options;

namespace trio6sim::cli {

namespace {

constexpr const char* kUsage =
    "usage: trio6sim esp seal --sa SA.json --in HEX [--seq N] [--iv HEX]\n"
    "       trio6sim esp open --sa SA.json --in HEX\n"
    "       trio6sim esp selfcheck\n"
    "seal prints the outer packet (from its outer IP header, with UDP when the SA\n"
    "encapsulates) as one line of lowercase hex; open prints the inner packet, or\n"
    "the Junos counter name of the error on standard error and exits 1.\n";

// The inner packet's flow hash, as the chip computes it (0 when it does not
// parse): it picks the UDP source port and the outer IPv6 flow label.
uint32_t flow_hash_of(std::span<const uint8_t> l3_packet) {
  auto parsed = parse_l3(l3_packet);
  return parsed ? parsed->flow_hash : 0;
}

// Why `seal` cannot take these bytes as an inner packet, naming the field
// and what was expected (the packet parser's error values, described); none
// when they are one whole IPv4 or IPv6 packet. Bytes past the IP length are
// refused too: sealed, they would come out of `open` as part of the packet.
std::optional<std::string> inner_packet_problem(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return "empty: expected an IPv4 or IPv6 packet";
  const unsigned version = bytes[0] >> 4;
  std::size_t ip_length = 0;
  if (version == 4) {
    auto v4 = parse_ipv4(bytes, /*verify_checksum=*/false);
    if (!v4) return describe(v4.error());
    ip_length = v4->total_length();
  } else if (version == 6) {
    auto v6 = parse_ipv6(bytes);
    if (!v6) return describe(v6.error());
    ip_length = kIpv6HeaderBytes + v6->payload_length();
  } else {
    return describe(PacketError(PacketError::kBadVersion, PacketField::kIpVersion, version, 0));
  }
  if (ip_length != bytes.size())
    return std::string(version == 4 ? "IPv4 total length is " : "IPv6 payload length gives ") +
           std::to_string(ip_length) + " bytes: expected the " + std::to_string(bytes.size()) +
           " bytes given (trailing bytes would be sealed as part of the packet)";
  return std::nullopt;
}

int usage_error(const std::string& message) {
  std::cerr << "trio6sim esp: " << message << "\n" << kUsage;
  return 2;
}

int seal_or_open(bool seal, int argc, char** argv) {
  po::options_description opts;
  opts.add_options()("sa", po::value<std::string>()->required(), "SA description (JSON)")(
      "in", po::value<std::string>()->required(), "packet as hex")("seq", po::value<std::string>(),
                                                                   "64-bit sequence number (seal)")(
      "iv", po::value<std::string>(), "8-byte IV as hex (seal)");
  po::variables_map vm;
  // No positional argument: a stray word (`seal ... 7`) is refused, not dropped.
  if (auto parsed = parse_command_line(argc, argv, opts, po::positional_options_description{}, vm); !parsed)
    return usage_error(parsed.error());
  if (!seal && (vm.count("seq") || vm.count("iv"))) return usage_error("--seq and --iv apply to seal only");

  auto sa = load_sa_json(vm["sa"].as<std::string>());
  if (!sa) {
    std::cerr << sa.error() << "\n";
    return 2;
  }
  auto bytes = parse_hex(vm["in"].as<std::string>());
  if (!bytes) return usage_error("--in: " + bytes.error());

  Packet p;
  if (!p.assign(*bytes)) return usage_error("--in: packet of " + std::to_string(bytes->size()) + " bytes is too large");

  Expected<void, DropCause> result;
  if (seal) {
    if (auto problem = inner_packet_problem(p.bytes())) {
      std::cerr << to_string(DropCause::kMalformed) << ": --in: " << *problem << "\n";
      return 1;
    }
    crypto::SealOptions options;
    if (vm.count("seq")) {
      options.sequence = parse_uint(vm["seq"].as<std::string>());
      const uint64_t max = sa->esn ? UINT64_MAX : 0xffffffffull;
      // RFC 4303 3.3.3: the first packet is sequence 1, and the counter never wraps.
      if (!options.sequence || *options.sequence == 0 || *options.sequence > max)
        return usage_error(std::string("--seq: expected 1 to ") + (sa->esn ? "2^64-1 (ESN)" : "2^32-1 (no ESN)") +
                           ", got '" + vm["seq"].as<std::string>() + "'");
    }
    if (vm.count("iv")) {
      auto iv = parse_hex(vm["iv"].as<std::string>());
      if (!iv || iv->size() != 8) return usage_error("--iv: expected 16 hex digits");
      options.iv.emplace();
      std::copy(iv->begin(), iv->end(), options.iv->begin());
    }
    p.meta.flow_hash = flow_hash_of(p.bytes());
    crypto::OutboundSa out(*sa);
    result = out.seal(p, options);
  } else {
    crypto::InboundSa in(*sa);
    result = in.open(p);
  }
  if (!result) {
    std::cerr << to_string(result.error()) << "\n";
    return 1;
  }
  std::cout << to_hex(p.bytes()) << "\n";
  return 0;
}

}  // namespace

int esp_command(int argc, char** argv) {
  if (argc < 2) return usage_error("missing subcommand");
  const std::string sub = argv[1];
  if (sub == "--help" || sub == "-h" || sub == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (sub == "seal") return seal_or_open(true, argc - 1, argv + 1);
  if (sub == "open") return seal_or_open(false, argc - 1, argv + 1);
  if (sub == "selfcheck") {
    if (auto stray = stray_argument(argc, argv, 2)) return usage_error(*stray);
    return esp_selfcheck(std::cout);
  }
  return usage_error("unknown subcommand '" + sub + "'");
}

}  // namespace trio6sim::cli
