#include "crypto/ikev2/diffie_hellman.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>

#include <algorithm>
#include <string_view>

#include "crypto/ikev2/ike_algorithms.h"
#include "crypto/ikev2/key_derivation.h"

namespace trio6sim::crypto::ikev2 {
namespace {

// RAII holders for the OpenSSL objects used here.
struct BnFree {
  void operator()(BIGNUM* b) const { BN_clear_free(b); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;
struct BnCtxFree {
  void operator()(BN_CTX* c) const { BN_CTX_free(c); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
struct BldFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct GroupFree {
  void operator()(EC_GROUP* g) const { EC_GROUP_free(g); }
};
struct PointFree {
  void operator()(EC_POINT* p) const { EC_POINT_free(p); }
};
using Point = std::unique_ptr<EC_POINT, PointFree>;

Bn new_bn() { return Bn(BN_new()); }

Bn bn_from(std::span<const uint8_t> bytes) {
  return Bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
}

std::vector<uint8_t> bn_bytes(const BIGNUM* b, std::size_t width) {
  std::vector<uint8_t> out(width);
  if (BN_bn2binpad(b, out.data(), static_cast<int>(width)) < 0) return {};
  return out;
}

// The RFC 5903 curve of an ECP group, 0 for a MODP group.
int curve_nid(uint16_t group) {
  switch (group) {
    case 19: return NID_X9_62_prime256v1;
    case 20: return NID_secp384r1;
    case 21: return NID_secp521r1;
    default: return 0;
  }
}
const char* curve_name(uint16_t group) {
  switch (group) {
    case 19: return "prime256v1";
    case 20: return "secp384r1";
    case 21: return "secp521r1";
    default: return nullptr;
  }
}

// The MODP prime of RFC 2409 sec. 6.2 (group 2) or RFC 3526 (5, 14, 15, 16);
// the generator is 2 for all of them.
Bn modp_prime(uint16_t group) {
  switch (group) {
    case 2: return Bn(BN_get_rfc2409_prime_1024(nullptr));
    case 5: return Bn(BN_get_rfc3526_prime_1536(nullptr));
    case 14: return Bn(BN_get_rfc3526_prime_2048(nullptr));
    case 15: return Bn(BN_get_rfc3526_prime_3072(nullptr));
    case 16: return Bn(BN_get_rfc3526_prime_4096(nullptr));
    default: return nullptr;
  }
}

// The order of the subgroup private values are taken modulo: the curve's
// order n for ECP; q = (p - 1) / 2 for the safe-prime MODP groups.
Bn subgroup_order(uint16_t group) {
  if (int nid = curve_nid(group)) {
    std::unique_ptr<EC_GROUP, GroupFree> g(EC_GROUP_new_by_curve_name(nid));
    if (!g) return nullptr;
    return Bn(BN_dup(EC_GROUP_get0_order(g.get())));
  }
  Bn q = modp_prime(group);
  if (!q || !BN_rshift1(q.get(), q.get())) return nullptr;
  return q;
}

std::size_t private_bytes(uint16_t group) {
  Bn order = subgroup_order(group);
  return order ? static_cast<std::size_t>(BN_num_bytes(order.get())) : 0;
}

// The ECP public value x || y for private value `priv`.
std::vector<uint8_t> ecp_public(uint16_t group, const BIGNUM* priv) {
  std::unique_ptr<EC_GROUP, GroupFree> g(EC_GROUP_new_by_curve_name(curve_nid(group)));
  std::unique_ptr<BN_CTX, BnCtxFree> ctx(BN_CTX_new());
  if (!g || !ctx) return {};
  Point pub(EC_POINT_new(g.get()));
  if (!pub || !EC_POINT_mul(g.get(), pub.get(), priv, nullptr, nullptr, ctx.get())) return {};
  // Uncompressed SEC 1 encoding 04 || x || y; the KE payload drops the 04 (RFC 5903 sec. 7).
  std::vector<uint8_t> sec1(1 + dh_public_bytes(group));
  if (EC_POINT_point2oct(g.get(), pub.get(), POINT_CONVERSION_UNCOMPRESSED, sec1.data(), sec1.size(), ctx.get()) !=
      sec1.size())
    return {};
  return {sec1.begin() + 1, sec1.end()};
}

// An EVP_PKEY of the group with the given private (may be null) and public values.
Pkey make_pkey(uint16_t group, const BIGNUM* priv, std::span<const uint8_t> pub) {
  std::unique_ptr<OSSL_PARAM_BLD, BldFree> bld(OSSL_PARAM_BLD_new());
  if (!bld) return nullptr;
  Bn p, g, pub_bn;
  std::vector<uint8_t> sec1;
  const bool ecp = curve_nid(group) != 0;
  if (ecp) {
    sec1.reserve(pub.size() + 1);
    sec1.push_back(0x04);
    sec1.insert(sec1.end(), pub.begin(), pub.end());
    if (!OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve_name(group), 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, sec1.data(), sec1.size()))
      return nullptr;
  } else {
    p = modp_prime(group);
    g = new_bn();
    pub_bn = bn_from(pub);
    if (!p || !g || !pub_bn || !BN_set_word(g.get(), 2) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_P, p.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_G, g.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub_bn.get()))
      return nullptr;
  }
  if (priv && !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv)) return nullptr;
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, ecp ? "EC" : "DH", nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) return nullptr;
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
    return nullptr;
  return Pkey(raw);
}

}  // namespace

void DhKeyPair::PkeyFree::operator()(evp_pkey_st* p) const { EVP_PKEY_free(p); }

DhKeyPair::DhKeyPair(DhKeyPair&&) noexcept = default;
DhKeyPair& DhKeyPair::operator=(DhKeyPair&&) noexcept = default;
DhKeyPair::~DhKeyPair() = default;

Expected<DhKeyPair, std::string> DhKeyPair::generate(uint16_t group, std::span<const uint8_t> private_seed) {
  if (!dh_group_supported(group)) return unexpected("unsupported Diffie-Hellman group " + std::to_string(group));
  if (private_seed.size() < 64)
    return unexpected("a Diffie-Hellman private seed needs at least 64 bytes, got " +
                      std::to_string(private_seed.size()));
  Bn order = subgroup_order(group);
  if (!order) return unexpected(std::string("OpenSSL could not make the group's order"));
  // Expand the seed with HMAC-SHA512 in counter mode to the order's size plus
  // 8 bytes, then reduce into [1, order - 1]: the extra 64 bits make the
  // modulo bias negligible (FIPS 186-5 A.2.1, "extra random bits"). The label
  // and group keep one seed from giving related values in two groups.
  const std::size_t want = static_cast<std::size_t>(BN_num_bytes(order.get())) + 8;
  std::vector<uint8_t> expanded;
  for (uint8_t counter = 1; expanded.size() < want; ++counter) {
    static constexpr std::string_view kLabel = "trio6sim IKEv2 DH private value";
    std::vector<uint8_t> block(kLabel.begin(), kLabel.end());
    block.push_back(static_cast<uint8_t>(group >> 8));
    block.push_back(static_cast<uint8_t>(group));
    block.push_back(counter);
    std::vector<uint8_t> t = prf(PrfId::kHmacSha512, private_seed, block);
    expanded.insert(expanded.end(), t.begin(), t.end());
  }
  expanded.resize(want);
  Bn e = bn_from(expanded), order_minus_1(BN_dup(order.get())), x = new_bn();
  std::unique_ptr<BN_CTX, BnCtxFree> ctx(BN_CTX_new());
  if (!e || !order_minus_1 || !x || !ctx || !BN_sub_word(order_minus_1.get(), 1) ||
      !BN_mod(x.get(), e.get(), order_minus_1.get(), ctx.get()) || !BN_add_word(x.get(), 1))
    return unexpected(std::string("OpenSSL failed reducing the private value"));
  return from_private(group, bn_bytes(x.get(), static_cast<std::size_t>(BN_num_bytes(order.get()))));
}

Expected<DhKeyPair, std::string> DhKeyPair::from_private(uint16_t group, std::span<const uint8_t> private_value) {
  if (!dh_group_supported(group)) return unexpected("unsupported Diffie-Hellman group " + std::to_string(group));
  Bn x = bn_from(private_value);
  if (!x) return unexpected(std::string("OpenSSL could not read the private value"));
  DhKeyPair pair;
  pair.group_ = group;
  if (curve_nid(group) != 0) {
    Bn order = subgroup_order(group);
    if (!order || BN_is_zero(x.get()) || BN_cmp(x.get(), order.get()) >= 0)
      return unexpected("private value out of [1, n - 1] for group " + std::to_string(group));
    pair.public_ = ecp_public(group, x.get());
    pair.private_ = bn_bytes(x.get(), static_cast<std::size_t>(BN_num_bytes(order.get())));
  } else {
    Bn p = modp_prime(group), p_minus_1, g = new_bn(), y = new_bn();
    std::unique_ptr<BN_CTX, BnCtxFree> ctx(BN_CTX_new());
    if (!p || !g || !y || !ctx || !BN_set_word(g.get(), 2))
      return unexpected(std::string("OpenSSL failed making the MODP group"));
    p_minus_1.reset(BN_dup(p.get()));
    if (!p_minus_1 || !BN_sub_word(p_minus_1.get(), 1) || BN_cmp(x.get(), BN_value_one()) <= 0 ||
        BN_cmp(x.get(), p_minus_1.get()) >= 0)
      return unexpected("private value out of [2, p - 2] for group " + std::to_string(group));
    if (!BN_mod_exp(y.get(), g.get(), x.get(), p.get(), ctx.get()))
      return unexpected(std::string("OpenSSL failed computing g^x mod p"));
    pair.public_ = bn_bytes(y.get(), dh_public_bytes(group));
    pair.private_ = bn_bytes(x.get(), private_bytes(group));
  }
  if (pair.public_.empty()) return unexpected(std::string("OpenSSL failed computing the public value"));
  pair.pkey_.reset(make_pkey(group, x.get(), pair.public_).release());
  if (!pair.pkey_) return unexpected(std::string("OpenSSL refused the key pair (EVP_PKEY_fromdata)"));
  return pair;
}

Expected<std::vector<uint8_t>, std::string> DhKeyPair::shared_secret(std::span<const uint8_t> peer_public) const {
  if (!pkey_) return unexpected(std::string("no key pair (moved from?)"));
  const std::size_t want = dh_public_bytes(group_);
  if (peer_public.size() != want)
    return unexpected("peer public value of " + std::to_string(peer_public.size()) + " bytes, group " +
                      std::to_string(group_) + " needs " + std::to_string(want));
  const bool ecp = curve_nid(group_) != 0;
  if (!ecp) {
    // RFC 7296 sec. 5 / NIST SP 800-56A 5.6.2.3.1: refuse 0, 1, p - 1 and anything >= p.
    Bn p = modp_prime(group_), y = bn_from(peer_public);
    if (!p || !y || !BN_sub_word(p.get(), 1)) return unexpected(std::string("OpenSSL failed reading the peer value"));
    if (BN_cmp(y.get(), BN_value_one()) <= 0 || BN_cmp(y.get(), p.get()) >= 0)
      return unexpected(std::string("invalid MODP peer public value (0, 1, p - 1 or >= p)"));
  } else {
    std::unique_ptr<EC_GROUP, GroupFree> g(EC_GROUP_new_by_curve_name(curve_nid(group_)));
    Point point(g ? EC_POINT_new(g.get()) : nullptr);
    std::vector<uint8_t> sec1{0x04};
    sec1.insert(sec1.end(), peer_public.begin(), peer_public.end());
    if (!point || !EC_POINT_oct2point(g.get(), point.get(), sec1.data(), sec1.size(), nullptr) ||
        EC_POINT_is_at_infinity(g.get(), point.get()) || EC_POINT_is_on_curve(g.get(), point.get(), nullptr) != 1)
      return unexpected(std::string("invalid ECP peer public value (not a point on the curve)"));
  }
  Pkey peer = make_pkey(group_, nullptr, peer_public);
  if (!peer) return unexpected(std::string("OpenSSL refused the peer public value"));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_.get(), nullptr));
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0)
    return unexpected(std::string("OpenSSL failed starting the key agreement"));
  if (!ecp && EVP_PKEY_CTX_set_dh_pad(ctx.get(), 1) <= 0)
    return unexpected(std::string("OpenSSL refused DH padding"));
  if (EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), 1) <= 0)
    return unexpected(std::string("OpenSSL refused the peer public value"));
  std::size_t len = 0;
  if (EVP_PKEY_derive(ctx.get(), nullptr, &len) <= 0) return unexpected(std::string("OpenSSL key agreement failed"));
  std::vector<uint8_t> secret(len);
  if (EVP_PKEY_derive(ctx.get(), secret.data(), &len) <= 0)
    return unexpected(std::string("OpenSSL key agreement failed"));
  secret.resize(len);
  // g^ir is as long as p (MODP) or a coordinate (ECP): left-pad should OpenSSL strip zeros.
  const std::size_t width = ecp ? want / 2 : want;
  if (secret.size() < width) secret.insert(secret.begin(), width - secret.size(), 0);
  return secret;
}

}  // namespace trio6sim::crypto::ikev2
