// IKEv2 messages as bytes (RFC 7296 sec. 3): the fixed header, the payloads
// an IKEv2 exchange of the simulator uses, and the Encrypted and
// Authenticated (SK) payload (sec. 3.14) with AES-GCM (RFC 5282) or a CBC
// cipher with an HMAC integrity transform. Encoding gives real lengths and
// next-payload chains; decoding never reads out of bounds on any input and
// reports what was wrong as a value.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "crypto/ikev2/ike_algorithms.h"
#include "packet/expected.h"
#include "packet/ip_address.h"

namespace trio6sim::crypto::ikev2 {

inline constexpr std::size_t kIkeHeaderBytes = 28;
inline constexpr std::size_t kGenericPayloadHeaderBytes = 4;
inline constexpr uint16_t kIkeUdpPort = 500;
// IKE after a NAT was detected, and ESP in UDP, with the 4-byte non-ESP
// marker before IKE messages (RFC 7296 2.23, RFC 3948 2.2).
inline constexpr uint16_t kIkeNatTPort = 4500;

enum class ExchangeType : uint8_t { kIkeSaInit = 34, kIkeAuth = 35, kCreateChildSa = 36, kInformational = 37 };
enum class PayloadType : uint8_t {
  kNone = 0,
  kSa = 33,
  kKe = 34,
  kIdi = 35,
  kIdr = 36,
  kAuth = 39,
  kNonce = 40,
  kNotify = 41,
  kDelete = 42,
  kVendorId = 43,
  kTsi = 44,
  kTsr = 45,
  kSk = 46,
};
enum class ProtocolId : uint8_t { kIke = 1, kAh = 2, kEsp = 3 };
enum class TransformType : uint8_t { kEncr = 1, kPrf = 2, kInteg = 3, kDh = 4, kEsn = 5 };

// One transform (sec. 3.3.2); key_bits is the Key Length attribute (type 14, TV).
struct Transform {
  TransformType type;
  uint16_t id;
  std::optional<uint16_t> key_bits;
  bool operator==(const Transform&) const = default;
};
struct Proposal {
  uint8_t number = 1;
  ProtocolId protocol = ProtocolId::kIke;
  std::vector<uint8_t> spi;  // empty in an IKE_SA_INIT, 8 bytes for a rekeyed IKE SA, 4 for ESP
  std::vector<Transform> transforms;
  bool operator==(const Proposal&) const = default;
};
struct SaPayload {
  std::vector<Proposal> proposals;
  bool operator==(const SaPayload&) const = default;
};
struct KePayload {
  uint16_t group = 0;
  std::vector<uint8_t> data;
  bool operator==(const KePayload&) const = default;
};
struct NoncePayload {
  std::vector<uint8_t> data;
  bool operator==(const NoncePayload&) const = default;
};
// 1 ID_IPV4_ADDR, 5 ID_IPV6_ADDR, 2 ID_FQDN, 3 ID_RFC822_ADDR, 11 ID_KEY_ID.
struct IdPayload {
  uint8_t id_type = 1;
  std::vector<uint8_t> data;
  // The payload body after the generic header: ID type, 3 reserved zero
  // bytes, data. What psk_auth() signs.
  std::vector<uint8_t> body() const;
  bool operator==(const IdPayload&) const = default;
};
struct AuthPayload {
  uint8_t method = 2;  // 2: shared key message integrity code
  std::vector<uint8_t> data;
  bool operator==(const AuthPayload&) const = default;
};
struct NotifyPayload {
  ProtocolId protocol{0};  // ProtocolId(0) for none
  std::vector<uint8_t> spi;
  uint16_t type = 0;
  std::vector<uint8_t> data;
  bool operator==(const NotifyPayload&) const = default;
};
struct DeletePayload {
  ProtocolId protocol = ProtocolId::kEsp;
  std::vector<std::vector<uint8_t>> spis;  // IKE: none (SPI size 0); ESP: 4-byte SPIs
  bool operator==(const DeletePayload&) const = default;
};
struct TrafficSelectorEntry {
  uint8_t ts_type = 7;  // 7 TS_IPV4_ADDR_RANGE, 8 TS_IPV6_ADDR_RANGE
  uint8_t ip_protocol = 0;
  uint16_t start_port = 0, end_port = 65535;
  IpAddress start, end;
  bool operator==(const TrafficSelectorEntry&) const = default;
};
struct TsPayload {
  std::vector<TrafficSelectorEntry> selectors;
  bool operator==(const TsPayload&) const = default;
};
struct VendorIdPayload {
  std::vector<uint8_t> data;
  bool operator==(const VendorIdPayload&) const = default;
};

struct Payload {
  PayloadType type;
  bool critical = false;
  std::variant<SaPayload, KePayload, NoncePayload, IdPayload, AuthPayload, NotifyPayload, DeletePayload, TsPayload,
               VendorIdPayload>
      body;
  bool operator==(const Payload&) const = default;
};

struct IkeHeader {
  uint64_t spi_i = 0, spi_r = 0;
  ExchangeType exchange = ExchangeType::kIkeSaInit;
  bool initiator = false, response = false;
  uint32_t message_id = 0;
  uint32_t length = 0;  // filled in by encode(); read by decode()
  PayloadType first_payload = PayloadType::kNone;  // filled in by encode()
};

// payloads: the cleartext ones, or those inside the SK payload when
// protected_by_sk (an SK payload always carries every payload of the
// message, as RFC 7296 requires of the exchanges after IKE_SA_INIT).
struct Message {
  IkeHeader header;
  std::vector<Payload> payloads;
  bool protected_by_sk = false;
};

// The first payload of `type` in a message, as T, or nullptr.
template <class T>
const T* find_payload(const Message& m, PayloadType type) {
  for (const Payload& p : m.payloads) {
    if (p.type == type) {
      if (const T* body = std::get_if<T>(&p.body)) return body;
    }
  }
  return nullptr;
}

// The keys of one direction of an IKE SA: the sender's SK_e / SK_a to encode,
// the same keys for the receiver to decode (SK_ei/SK_ai for messages from the
// original initiator, SK_er/SK_ar for the other direction).
struct SkKeys {
  IkeSuite suite;
  std::vector<uint8_t> sk_e, sk_a;
};

// Encodes with real lengths and next-payload chains. protected_by_sk wraps
// the payloads in an SK payload encrypted with `keys` (required then: throws
// std::invalid_argument without them or with keys of the wrong length) and
// `iv` as the explicit IV's source (GCM: the 8-byte explicit IV, big-endian;
// CBC: the cipher's block of AES-ECB(SK_e, iv) / 3DES-ECB, a deterministic IV
// unpredictable to an observer). The caller gives a deterministic value, e.g.
// a per-SA counter, never reused under one key.
std::vector<uint8_t> encode(const Message&, const SkKeys* keys = nullptr, uint64_t iv = 0);
// The fixed header only (for the receiver to find its SA by SPIs). Checks
// the version (2.0) and that the length field fits the datagram.
Expected<IkeHeader, std::string> peek_header(std::span<const uint8_t> datagram);

enum class DecodeErrorKind : uint8_t { kMalformed, kIntegrity, kUnsupported };
struct DecodeError {
  DecodeErrorKind kind;
  std::string what;
};
// Decodes and, for an SK payload, verifies and decrypts with `keys` (nullptr:
// an SK payload is a kIntegrity error). Never crashes or reads out of bounds
// on any input; unknown non-critical payloads are skipped, unknown critical
// ones are kUnsupported.
Expected<Message, DecodeError> decode(std::span<const uint8_t> datagram, const SkKeys* keys = nullptr);

}  // namespace trio6sim::crypto::ikev2
