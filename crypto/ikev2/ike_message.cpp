#include "crypto/ikev2/ike_message.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>

#include "crypto/aes_gcm.h"
#include "crypto/ikev2/key_derivation.h"

namespace trio6sim::crypto::ikev2 {
namespace {

// Header flag bits (RFC 7296 sec. 3.1).
constexpr uint8_t kFlagInitiator = 0x08;
constexpr uint8_t kFlagResponse = 0x20;
constexpr uint8_t kVersion2 = 0x20;  // major 2, minor 0
constexpr uint8_t kCriticalBit = 0x80;
constexpr uint16_t kAttrKeyLength = 14;  // transform attribute (sec. 3.3.5)
constexpr uint16_t kAttrFormatTv = 0x8000;
constexpr uint8_t kTsIpv4Range = 7, kTsIpv6Range = 8;

// ---- writing ----

void put8(std::vector<uint8_t>& o, uint8_t v) { o.push_back(v); }
void put16(std::vector<uint8_t>& o, uint16_t v) {
  o.push_back(static_cast<uint8_t>(v >> 8));
  o.push_back(static_cast<uint8_t>(v));
}
void put32(std::vector<uint8_t>& o, uint32_t v) {
  put16(o, static_cast<uint16_t>(v >> 16));
  put16(o, static_cast<uint16_t>(v));
}
void put64(std::vector<uint8_t>& o, uint64_t v) {
  put32(o, static_cast<uint32_t>(v >> 32));
  put32(o, static_cast<uint32_t>(v));
}
void put(std::vector<uint8_t>& o, std::span<const uint8_t> b) { o.insert(o.end(), b.begin(), b.end()); }
void set16(std::vector<uint8_t>& o, std::size_t at, std::size_t v) {
  if (v > 0xffff) throw std::invalid_argument("IKEv2 payload longer than 65535 bytes");
  o[at] = static_cast<uint8_t>(v >> 8);
  o[at + 1] = static_cast<uint8_t>(v);
}
uint8_t checked8(std::size_t v, const char* what) {
  if (v > 0xff) throw std::invalid_argument(std::string("IKEv2: too many ") + what);
  return static_cast<uint8_t>(v);
}

void write_body(std::vector<uint8_t>& o, const SaPayload& sa) {
  for (std::size_t p = 0; p < sa.proposals.size(); ++p) {
    const Proposal& prop = sa.proposals[p];
    const std::size_t start = o.size();
    put8(o, p + 1 == sa.proposals.size() ? 0 : 2);
    put8(o, 0);
    put16(o, 0);
    put8(o, prop.number);
    put8(o, static_cast<uint8_t>(prop.protocol));
    put8(o, checked8(prop.spi.size(), "SPI bytes"));
    put8(o, checked8(prop.transforms.size(), "transforms"));
    put(o, prop.spi);
    for (std::size_t t = 0; t < prop.transforms.size(); ++t) {
      const Transform& tr = prop.transforms[t];
      const std::size_t tstart = o.size();
      put8(o, t + 1 == prop.transforms.size() ? 0 : 3);
      put8(o, 0);
      put16(o, 0);
      put8(o, static_cast<uint8_t>(tr.type));
      put8(o, 0);
      put16(o, tr.id);
      if (tr.key_bits) {
        put16(o, kAttrFormatTv | kAttrKeyLength);
        put16(o, *tr.key_bits);
      }
      set16(o, tstart + 2, o.size() - tstart);
    }
    set16(o, start + 2, o.size() - start);
  }
}
void write_body(std::vector<uint8_t>& o, const KePayload& ke) {
  put16(o, ke.group);
  put16(o, 0);
  put(o, ke.data);
}
void write_body(std::vector<uint8_t>& o, const NoncePayload& n) { put(o, n.data); }
void write_body(std::vector<uint8_t>& o, const IdPayload& id) { put(o, id.body()); }
void write_body(std::vector<uint8_t>& o, const AuthPayload& a) {
  put8(o, a.method);
  put8(o, 0);
  put16(o, 0);
  put(o, a.data);
}
void write_body(std::vector<uint8_t>& o, const NotifyPayload& n) {
  put8(o, static_cast<uint8_t>(n.protocol));
  put8(o, checked8(n.spi.size(), "SPI bytes"));
  put16(o, n.type);
  put(o, n.spi);
  put(o, n.data);
}
void write_body(std::vector<uint8_t>& o, const DeletePayload& d) {
  const std::size_t spi_size = d.spis.empty() ? 0 : d.spis.front().size();
  for (const auto& spi : d.spis)
    if (spi.size() != spi_size) throw std::invalid_argument("IKEv2 Delete: SPIs of different sizes");
  if (d.spis.size() > 0xffff) throw std::invalid_argument("IKEv2 Delete: too many SPIs");
  put8(o, static_cast<uint8_t>(d.protocol));
  put8(o, checked8(spi_size, "SPI bytes"));
  put16(o, static_cast<uint16_t>(d.spis.size()));
  for (const auto& spi : d.spis) put(o, spi);
}
void write_body(std::vector<uint8_t>& o, const TsPayload& ts) {
  put8(o, checked8(ts.selectors.size(), "traffic selectors"));
  put8(o, 0);
  put16(o, 0);
  for (const TrafficSelectorEntry& e : ts.selectors) {
    const std::size_t start = o.size();
    put8(o, e.ts_type);
    put8(o, e.ip_protocol);
    put16(o, 0);
    put16(o, e.start_port);
    put16(o, e.end_port);
    put(o, std::span<const uint8_t>(e.start.data(), e.start.size()));
    put(o, std::span<const uint8_t>(e.end.data(), e.end.size()));
    set16(o, start + 2, o.size() - start);
  }
}
void write_body(std::vector<uint8_t>& o, const VendorIdPayload& v) { put(o, v.data); }

// The payloads as a chain; returns the bytes, the first payload's type is payloads[0].type.
std::vector<uint8_t> write_chain(const std::vector<Payload>& payloads) {
  std::vector<uint8_t> o;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const std::size_t start = o.size();
    put8(o, static_cast<uint8_t>(i + 1 < payloads.size() ? payloads[i + 1].type : PayloadType::kNone));
    put8(o, payloads[i].critical ? kCriticalBit : 0);
    put16(o, 0);
    std::visit([&](const auto& body) { write_body(o, body); }, payloads[i].body);
    set16(o, start + 2, o.size() - start);
  }
  return o;
}

void write_header(std::vector<uint8_t>& o, const IkeHeader& h, PayloadType first, uint32_t length) {
  put64(o, h.spi_i);
  put64(o, h.spi_r);
  put8(o, static_cast<uint8_t>(first));
  put8(o, kVersion2);
  put8(o, static_cast<uint8_t>(h.exchange));
  put8(o, static_cast<uint8_t>((h.initiator ? kFlagInitiator : 0) | (h.response ? kFlagResponse : 0)));
  put32(o, h.message_id);
  put32(o, length);
}

// ---- ciphers ----

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

const char* cbc_name(const IkeSuite& s) {
  if (s.encr == EncrId::k3desCbc) return "DES-EDE3-CBC";
  switch (s.encr_key_bits) {
    case 128: return "AES-128-CBC";
    case 192: return "AES-192-CBC";
    case 256: return "AES-256-CBC";
    default: return nullptr;
  }
}

// CBC with no padding by OpenSSL (IKEv2 pads itself). Returns false on an OpenSSL error.
bool cbc(const IkeSuite& s, std::span<const uint8_t> key, std::span<const uint8_t> iv, std::span<const uint8_t> in,
         uint8_t* out, bool encrypt) {
  const char* name = cbc_name(s);
  if (!name) return false;
  std::unique_ptr<EVP_CIPHER, decltype(&EVP_CIPHER_free)> cipher(EVP_CIPHER_fetch(nullptr, name, nullptr),
                                                                 &EVP_CIPHER_free);
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  if (!cipher || !ctx) return false;
  if (EVP_CipherInit_ex2(ctx.get(), cipher.get(), key.data(), iv.data(), encrypt ? 1 : 0, nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1)
    return false;
  int len = 0, fin = 0;
  if (!in.empty() && EVP_CipherUpdate(ctx.get(), out, &len, in.data(), static_cast<int>(in.size())) != 1) return false;
  return EVP_CipherFinal_ex(ctx.get(), out + len, &fin) == 1 && static_cast<std::size_t>(len + fin) == in.size();
}

const char* integ_digest(IntegId id) {
  switch (id) {
    case IntegId::kHmacSha1_96: return "SHA1";
    case IntegId::kHmacSha256_128: return "SHA256";
    case IntegId::kHmacSha384_192: return "SHA384";
    case IntegId::kHmacSha512_256: return "SHA512";
    case IntegId::kNone: break;
  }
  return nullptr;
}

// The truncated HMAC checksum of the integrity transform (RFC 2404, RFC 4868).
std::vector<uint8_t> integ_icv(IntegId id, std::span<const uint8_t> key, std::span<const uint8_t> data) {
  uint8_t full[64];
  std::size_t len = 0;
  if (!EVP_Q_mac(nullptr, "HMAC", nullptr, integ_digest(id), nullptr, key.data(), key.size(), data.data(), data.size(),
                 full, sizeof full, &len))
    throw std::runtime_error("OpenSSL HMAC failed");
  return {full, full + integ_icv_bytes(id)};
}

bool constant_time_equal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  uint8_t diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<uint8_t>(a[i] ^ b[i]);
  return diff == 0;
}

// Whether the keys fit the suite (lengths), so the ciphers cannot be handed a short key.
bool keys_fit(const SkKeys& k) {
  const IkeSuite& s = k.suite;
  if (s.encr != EncrId::k3desCbc && s.encr_key_bits != 128 && s.encr_key_bits != 192 && s.encr_key_bits != 256)
    return false;
  if (k.sk_e.size() != encr_key_bytes(s.encr, s.encr_key_bits) + encr_salt_bytes(s.encr)) return false;
  if (is_aead(s.encr)) return s.integ == IntegId::kNone;
  return s.integ != IntegId::kNone && integ_digest(s.integ) && k.sk_a.size() == integ_key_bytes(s.integ);
}

// ---- reading ----

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> b) : b_(b) {}
  std::size_t left() const { return b_.size() - at_; }
  bool u8(uint8_t& v) {
    if (left() < 1) return false;
    v = b_[at_++];
    return true;
  }
  bool u16(uint16_t& v) {
    if (left() < 2) return false;
    v = static_cast<uint16_t>(b_[at_] << 8 | b_[at_ + 1]);
    at_ += 2;
    return true;
  }
  bool u32(uint32_t& v) {
    uint16_t hi = 0, lo = 0;
    if (left() < 4 || !u16(hi) || !u16(lo)) return false;
    v = static_cast<uint32_t>(hi) << 16 | lo;
    return true;
  }
  bool u64(uint64_t& v) {
    uint32_t hi = 0, lo = 0;
    if (left() < 8 || !u32(hi) || !u32(lo)) return false;
    v = static_cast<uint64_t>(hi) << 32 | lo;
    return true;
  }
  bool bytes(std::size_t n, std::span<const uint8_t>& out) {
    if (left() < n) return false;
    out = b_.subspan(at_, n);
    at_ += n;
    return true;
  }
  bool vec(std::size_t n, std::vector<uint8_t>& out) {
    std::span<const uint8_t> s;
    if (!bytes(n, s)) return false;
    out.assign(s.begin(), s.end());
    return true;
  }
  std::span<const uint8_t> rest() {
    auto r = b_.subspan(at_);
    at_ = b_.size();
    return r;
  }

 private:
  std::span<const uint8_t> b_;
  std::size_t at_ = 0;
};

using BodyResult = Expected<Payload, DecodeError>;

DecodeError malformed(std::string what) { return {DecodeErrorKind::kMalformed, std::move(what)}; }

Expected<SaPayload, DecodeError> read_sa(std::span<const uint8_t> body) {
  SaPayload sa;
  Reader r(body);
  uint8_t last = 2;
  while (last == 2) {
    uint8_t reserved = 0, spi_size = 0, count = 0, protocol = 0;
    uint16_t length = 0;
    Proposal prop;
    if (!r.u8(last) || !r.u8(reserved) || !r.u16(length)) return unexpected(malformed("SA: truncated proposal header"));
    if (last != 0 && last != 2) return unexpected(malformed("SA: bad proposal substructure type"));
    std::span<const uint8_t> pbytes;
    if (length < 8 || !r.bytes(length - 4u, pbytes)) return unexpected(malformed("SA: bad proposal length"));
    Reader p(pbytes);
    if (!p.u8(prop.number) || !p.u8(protocol) || !p.u8(spi_size) || !p.u8(count) || !p.vec(spi_size, prop.spi))
      return unexpected(malformed("SA: truncated proposal"));
    prop.protocol = static_cast<ProtocolId>(protocol);
    for (uint8_t t = 0; t < count; ++t) {
      uint8_t tlast = 0, type = 0;
      uint16_t tlen = 0, id = 0;
      std::span<const uint8_t> tbytes;
      if (!p.u8(tlast) || !p.u8(reserved) || !p.u16(tlen) || tlen < 8 || !p.bytes(tlen - 4u, tbytes))
        return unexpected(malformed("SA: bad transform length"));
      if ((tlast == 0) != (t + 1 == count)) return unexpected(malformed("SA: transform count and last flag disagree"));
      Reader tr(tbytes);
      if (!tr.u8(type) || !tr.u8(reserved) || !tr.u16(id)) return unexpected(malformed("SA: truncated transform"));
      Transform transform{static_cast<TransformType>(type), id, std::nullopt};
      while (tr.left() > 0) {
        uint16_t attr = 0, value = 0;
        if (!tr.u16(attr) || !tr.u16(value)) return unexpected(malformed("SA: truncated transform attribute"));
        if (attr & kAttrFormatTv) {
          if ((attr & 0x7fff) == kAttrKeyLength) transform.key_bits = value;
        } else {
          std::span<const uint8_t> skip;
          if (!tr.bytes(value, skip)) return unexpected(malformed("SA: bad transform attribute length"));
        }
      }
      prop.transforms.push_back(transform);
    }
    if (p.left() != 0) return unexpected(malformed("SA: proposal length and transforms disagree"));
    sa.proposals.push_back(std::move(prop));
  }
  if (r.left() != 0) return unexpected(malformed("SA: bytes after the last proposal"));
  return sa;
}

Expected<TsPayload, DecodeError> read_ts(std::span<const uint8_t> body) {
  Reader r(body);
  uint8_t count = 0, reserved8 = 0;
  uint16_t reserved16 = 0;
  if (!r.u8(count) || !r.u8(reserved8) || !r.u16(reserved16)) return unexpected(malformed("TS: truncated header"));
  TsPayload ts;
  for (uint8_t i = 0; i < count; ++i) {
    TrafficSelectorEntry e;
    uint16_t length = 0;
    if (!r.u8(e.ts_type) || !r.u8(e.ip_protocol) || !r.u16(length))
      return unexpected(malformed("TS: truncated selector"));
    if (e.ts_type != kTsIpv4Range && e.ts_type != kTsIpv6Range)
      return unexpected(DecodeError{DecodeErrorKind::kUnsupported, "TS: selector type " + std::to_string(e.ts_type)});
    const std::size_t addr = e.ts_type == kTsIpv4Range ? 4 : 16;
    std::span<const uint8_t> a, b;
    if (length != 8 + 2 * addr || !r.u16(e.start_port) || !r.u16(e.end_port) || !r.bytes(addr, a) || !r.bytes(addr, b))
      return unexpected(malformed("TS: bad selector length"));
    e.start = addr == 4 ? IpAddress::v4(a.data()) : IpAddress::v6(a.data());
    e.end = addr == 4 ? IpAddress::v4(b.data()) : IpAddress::v6(b.data());
    ts.selectors.push_back(e);
  }
  if (r.left() != 0) return unexpected(malformed("TS: bytes after the last selector"));
  return ts;
}

// Parses one known payload body; nullopt (as an empty Expected value) for an unknown type.
Expected<std::optional<Payload>, DecodeError> read_body(PayloadType type, bool critical, std::span<const uint8_t> body) {
  Payload p{type, critical, {}};
  Reader r(body);
  switch (type) {
    case PayloadType::kSa: {
      auto sa = read_sa(body);
      if (!sa) return unexpected(sa.error());
      p.body = std::move(*sa);
      break;
    }
    case PayloadType::kKe: {
      KePayload ke;
      uint16_t reserved = 0;
      if (!r.u16(ke.group) || !r.u16(reserved)) return unexpected(malformed("KE: truncated"));
      auto rest = r.rest();
      ke.data.assign(rest.begin(), rest.end());
      p.body = std::move(ke);
      break;
    }
    case PayloadType::kNonce: {
      if (body.size() < 16 || body.size() > 256) return unexpected(malformed("Nonce: not 16 to 256 bytes (sec. 3.9)"));
      p.body = NoncePayload{{body.begin(), body.end()}};
      break;
    }
    case PayloadType::kIdi:
    case PayloadType::kIdr: {
      IdPayload id;
      std::span<const uint8_t> reserved;
      if (!r.u8(id.id_type) || !r.bytes(3, reserved)) return unexpected(malformed("ID: truncated"));
      auto rest = r.rest();
      id.data.assign(rest.begin(), rest.end());
      p.body = std::move(id);
      break;
    }
    case PayloadType::kAuth: {
      AuthPayload a;
      std::span<const uint8_t> reserved;
      if (!r.u8(a.method) || !r.bytes(3, reserved)) return unexpected(malformed("AUTH: truncated"));
      auto rest = r.rest();
      a.data.assign(rest.begin(), rest.end());
      p.body = std::move(a);
      break;
    }
    case PayloadType::kNotify: {
      NotifyPayload n;
      uint8_t protocol = 0, spi_size = 0;
      if (!r.u8(protocol) || !r.u8(spi_size) || !r.u16(n.type) || !r.vec(spi_size, n.spi))
        return unexpected(malformed("Notify: truncated"));
      n.protocol = static_cast<ProtocolId>(protocol);
      auto rest = r.rest();
      n.data.assign(rest.begin(), rest.end());
      p.body = std::move(n);
      break;
    }
    case PayloadType::kDelete: {
      DeletePayload d;
      uint8_t protocol = 0, spi_size = 0;
      uint16_t count = 0;
      if (!r.u8(protocol) || !r.u8(spi_size) || !r.u16(count)) return unexpected(malformed("Delete: truncated"));
      d.protocol = static_cast<ProtocolId>(protocol);
      if (static_cast<std::size_t>(spi_size) * count != r.left())
        return unexpected(malformed("Delete: SPI count and length disagree"));
      for (uint16_t i = 0; i < count; ++i) {
        std::vector<uint8_t> spi;
        if (!r.vec(spi_size, spi)) return unexpected(malformed("Delete: truncated SPI"));
        d.spis.push_back(std::move(spi));
      }
      p.body = std::move(d);
      break;
    }
    case PayloadType::kTsi:
    case PayloadType::kTsr: {
      auto ts = read_ts(body);
      if (!ts) return unexpected(ts.error());
      p.body = std::move(*ts);
      break;
    }
    case PayloadType::kVendorId: p.body = VendorIdPayload{{body.begin(), body.end()}}; break;
    default: return std::optional<Payload>{};
  }
  return std::optional<Payload>{std::move(p)};
}

// Reads a chain of payloads starting with `first` in `bytes` (which it must
// fill exactly). An SK payload stops the chain: its offset (from the start of
// `bytes`) and next-payload value are returned through sk_at / sk_first.
Expected<void, DecodeError> read_chain(PayloadType first, std::span<const uint8_t> bytes, std::vector<Payload>& out,
                                       std::size_t* sk_at, PayloadType* sk_first) {
  PayloadType type = first;
  std::size_t at = 0;
  while (type != PayloadType::kNone) {
    if (bytes.size() - at < kGenericPayloadHeaderBytes)
      return unexpected(malformed("truncated generic payload header at offset " + std::to_string(at)));
    const PayloadType next = static_cast<PayloadType>(bytes[at]);
    const bool critical = (bytes[at + 1] & kCriticalBit) != 0;
    const std::size_t length = static_cast<std::size_t>(bytes[at + 2] << 8 | bytes[at + 3]);
    if (length < kGenericPayloadHeaderBytes || length > bytes.size() - at)
      return unexpected(malformed("payload length " + std::to_string(length) + " at offset " + std::to_string(at) +
                                  " does not fit the message"));
    if (type == PayloadType::kSk) {
      if (!sk_at) return unexpected(malformed("an SK payload inside an SK payload"));
      if (at + length != bytes.size()) return unexpected(malformed("the SK payload is not the last payload"));
      *sk_at = at;
      *sk_first = next;
      return {};
    }
    auto body = read_body(type, critical, bytes.subspan(at + kGenericPayloadHeaderBytes, length - kGenericPayloadHeaderBytes));
    if (!body) return unexpected(body.error());
    if (body->has_value()) {
      out.push_back(std::move(**body));
    } else if (critical) {
      return unexpected(DecodeError{DecodeErrorKind::kUnsupported,
                                    "unknown critical payload type " + std::to_string(static_cast<int>(type))});
    }
    at += length;
    type = next;
  }
  if (at != bytes.size()) return unexpected(malformed("bytes after the last payload"));
  return {};
}

// Verifies and decrypts the SK payload at `sk_at` of `message` (the whole IKE
// message); the plaintext payload chain (without padding) goes to `plain`.
Expected<void, DecodeError> open_sk(std::span<const uint8_t> message, std::size_t sk_at, const SkKeys* keys,
                                    std::vector<uint8_t>& plain) {
  if (!keys) return unexpected(DecodeError{DecodeErrorKind::kIntegrity, "an SK payload and no keys to open it"});
  if (!keys_fit(*keys)) return unexpected(DecodeError{DecodeErrorKind::kUnsupported, "keys do not fit the IKE suite"});
  const IkeSuite& s = keys->suite;
  const std::size_t iv_bytes = encr_iv_bytes(s.encr);
  const std::size_t icv_bytes = is_aead(s.encr) ? encr_icv_bytes(s.encr) : integ_icv_bytes(s.integ);
  const std::size_t body_at = sk_at + kGenericPayloadHeaderBytes;
  const std::size_t body_len = message.size() - body_at;
  if (body_len < iv_bytes + icv_bytes + 1) return unexpected(malformed("SK payload too short"));
  const auto iv = message.subspan(body_at, iv_bytes);
  const auto cipher_text = message.subspan(body_at + iv_bytes, body_len - iv_bytes - icv_bytes);
  const auto icv = message.subspan(message.size() - icv_bytes);
  plain.resize(cipher_text.size());
  if (is_aead(s.encr)) {
    const std::size_t key_len = keys->sk_e.size() - 4;
    std::array<uint8_t, kGcmNonceBytes> nonce{};
    std::copy_n(keys->sk_e.begin() + static_cast<std::ptrdiff_t>(key_len), 4, nonce.begin());
    std::copy(iv.begin(), iv.end(), nonce.begin() + 4);
    AesGcm gcm(std::span<const uint8_t>(keys->sk_e.data(), key_len), GcmUse::kOpen);
    std::array<uint8_t, kGcmTagBytes> tag{};
    std::copy(icv.begin(), icv.end(), tag.begin());
    if (!gcm.open(nonce, message.subspan(0, body_at), cipher_text, plain.data(), tag))
      return unexpected(DecodeError{DecodeErrorKind::kIntegrity, "SK payload: the AES-GCM ICV does not verify"});
  } else {
    const auto expected = integ_icv(s.integ, keys->sk_a, message.subspan(0, message.size() - icv_bytes));
    if (!constant_time_equal(expected, icv))
      return unexpected(DecodeError{DecodeErrorKind::kIntegrity, "SK payload: the integrity checksum does not verify"});
    if (cipher_text.size() % encr_block_bytes(s.encr) != 0)
      return unexpected(malformed("SK payload: encrypted bytes not a multiple of the block size"));
    if (!cbc(s, keys->sk_e, iv, cipher_text, plain.data(), false))
      return unexpected(malformed("SK payload: decryption failed"));
  }
  const std::size_t pad = plain.back();
  if (pad + 1 > plain.size()) return unexpected(malformed("SK payload: pad length longer than the plaintext"));
  plain.resize(plain.size() - pad - 1);
  return {};
}

}  // namespace

std::vector<uint8_t> IdPayload::body() const {
  std::vector<uint8_t> out(4 + data.size(), 0);
  out[0] = id_type;
  std::copy(data.begin(), data.end(), out.begin() + 4);
  return out;
}

std::vector<uint8_t> encode(const Message& m, const SkKeys* keys, uint64_t iv) {
  const std::vector<uint8_t> chain = write_chain(m.payloads);
  const PayloadType first = m.payloads.empty() ? PayloadType::kNone : m.payloads.front().type;
  std::vector<uint8_t> out;
  if (!m.protected_by_sk) {
    out.reserve(kIkeHeaderBytes + chain.size());
    write_header(out, m.header, first, static_cast<uint32_t>(kIkeHeaderBytes + chain.size()));
    put(out, chain);
    return out;
  }
  if (!keys || !keys_fit(*keys)) throw std::invalid_argument("IKEv2 encode: an SK payload needs keys that fit the suite");
  const IkeSuite& s = keys->suite;
  const std::size_t block = encr_block_bytes(s.encr);
  const std::size_t iv_bytes = encr_iv_bytes(s.encr);
  const std::size_t icv_bytes = is_aead(s.encr) ? encr_icv_bytes(s.encr) : integ_icv_bytes(s.integ);
  // Plaintext: payloads | padding | pad length, a whole number of blocks (GCM: no padding).
  std::vector<uint8_t> plain = chain;
  const std::size_t pad = (block - (plain.size() + 1) % block) % block;
  plain.insert(plain.end(), pad, 0);
  plain.push_back(static_cast<uint8_t>(pad));
  const std::size_t sk_len = kGenericPayloadHeaderBytes + iv_bytes + plain.size() + icv_bytes;
  const std::size_t total = kIkeHeaderBytes + sk_len;
  out.reserve(total);
  write_header(out, m.header, PayloadType::kSk, static_cast<uint32_t>(total));
  put8(out, static_cast<uint8_t>(first));
  put8(out, 0);
  put16(out, 0);
  set16(out, kIkeHeaderBytes + 2, sk_len);
  std::vector<uint8_t> iv_block;
  put64(iv_block, iv);
  if (is_aead(s.encr)) {
    // RFC 5282: nonce = salt || 8-byte IV; AAD = IKE header and the SK payload's generic header.
    const std::size_t aad_len = out.size();  // the IV is not authenticated data (RFC 5282 sec. 5.1)
    put(out, iv_block);
    const std::size_t key_len = keys->sk_e.size() - 4;
    std::array<uint8_t, kGcmNonceBytes> nonce{};
    std::copy_n(keys->sk_e.begin() + static_cast<std::ptrdiff_t>(key_len), 4, nonce.begin());
    std::copy(iv_block.begin(), iv_block.end(), nonce.begin() + 4);
    AesGcm gcm(std::span<const uint8_t>(keys->sk_e.data(), key_len), GcmUse::kSeal);
    out.resize(total);
    std::array<uint8_t, kGcmTagBytes> tag{};
    if (!gcm.seal(nonce, std::span<const uint8_t>(out.data(), aad_len), plain, out.data() + aad_len + iv_bytes, tag))
      throw std::runtime_error("OpenSSL AES-GCM seal failed");
    std::copy(tag.begin(), tag.end(), out.end() - static_cast<std::ptrdiff_t>(kGcmTagBytes));
    return out;
  }
  // CBC: the IV is the cipher's encryption (ECB, one block) of the counter,
  // so IVs are unpredictable to an observer (sec. 3.14) yet reproducible.
  iv_block.resize(iv_bytes, 0);
  std::vector<uint8_t> cbc_iv(iv_bytes);
  const std::vector<uint8_t> zero_iv(iv_bytes, 0);
  if (!cbc(s, keys->sk_e, zero_iv, iv_block, cbc_iv.data(), true)) throw std::runtime_error("OpenSSL CBC failed");
  put(out, cbc_iv);
  const std::size_t enc_at = out.size();
  out.resize(enc_at + plain.size());
  if (!cbc(s, keys->sk_e, cbc_iv, plain, out.data() + enc_at, true)) throw std::runtime_error("OpenSSL CBC failed");
  put(out, integ_icv(s.integ, keys->sk_a, out));
  return out;
}

Expected<IkeHeader, std::string> peek_header(std::span<const uint8_t> datagram) {
  Reader r(datagram);
  IkeHeader h;
  uint8_t next = 0, version = 0, exchange = 0, flags = 0;
  if (!r.u64(h.spi_i) || !r.u64(h.spi_r) || !r.u8(next) || !r.u8(version) || !r.u8(exchange) || !r.u8(flags) ||
      !r.u32(h.message_id) || !r.u32(h.length))
    return unexpected("IKE header truncated: " + std::to_string(datagram.size()) + " bytes, need 28");
  if ((version >> 4) != 2) return unexpected("IKE major version " + std::to_string(version >> 4) + ", not 2");
  if (h.length < kIkeHeaderBytes || h.length > datagram.size())
    return unexpected("IKE length " + std::to_string(h.length) + " does not fit the " +
                      std::to_string(datagram.size()) + "-byte datagram");
  h.first_payload = static_cast<PayloadType>(next);
  h.exchange = static_cast<ExchangeType>(exchange);
  h.initiator = (flags & kFlagInitiator) != 0;
  h.response = (flags & kFlagResponse) != 0;
  return h;
}

Expected<Message, DecodeError> decode(std::span<const uint8_t> datagram, const SkKeys* keys) {
  auto header = peek_header(datagram);
  if (!header) return unexpected(malformed(header.error()));
  Message m;
  m.header = *header;
  const auto message = datagram.subspan(0, header->length);
  const auto body = message.subspan(kIkeHeaderBytes);
  std::size_t sk_at = body.size();
  PayloadType sk_first = PayloadType::kNone;
  if (auto r = read_chain(header->first_payload, body, m.payloads, &sk_at, &sk_first); !r) return unexpected(r.error());
  if (sk_at == body.size()) return m;
  m.protected_by_sk = true;
  std::vector<uint8_t> plain;
  if (auto r = open_sk(message, kIkeHeaderBytes + sk_at, keys, plain); !r) return unexpected(r.error());
  if (auto r = read_chain(sk_first, plain, m.payloads, nullptr, nullptr); !r) return unexpected(r.error());
  return m;
}

}  // namespace trio6sim::crypto::ikev2
