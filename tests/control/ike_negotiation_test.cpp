// Modeled IKEv2 on the blog's own configurations: PE1 and PE2 form one
// tunnel whose SAs follow the configuration (AES-256-GCM, ESN, window 4096,
// copy-outer-dscp), drawn from the seed; a changed key keeps it down.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "control/ike_negotiation.h"
#include "junos/commit_check.h"
#include "junos/config_loader.h"

namespace trio6sim::control {
namespace {

const std::string kDir = std::string(TRIO6SIM_SCENARIOS_DIR) + "/configs/blog-global-v4v6/";

junos::DeviceConfig load(const std::string& path) {
  auto c = junos::commit_config_file(path);
  EXPECT_TRUE(c.has_value()) << (c ? "" : c.error());
  return *c;
}

TEST(IkeNegotiation, TheBlogsPeersBringTheTunnelUp) {
  const auto pe1 = load(kDir + "PE1.conf"), p1 = load(kDir + "P1.conf"), pe2 = load(kDir + "PE2.conf");
  std::mt19937_64 rng(1);
  const auto r = negotiate({{"PE1", &pe1}, {"P1", &p1}, {"PE2", &pe2}}, rng);
  ASSERT_EQ(r.tunnels.size(), 1u);
  EXPECT_TRUE(r.unmatched.empty());
  const auto& t = r.tunnels[0];
  EXPECT_TRUE(t.up) << t.down_reason;  // the two $9$ strings differ as text but decode to one key
  EXPECT_EQ(t.a.device, "PE1");
  EXPECT_EQ(t.b.device, "PE2");
  EXPECT_EQ(t.a.vpn->bind_interface, "st0.1");
  const auto& sa = t.a_to_b;
  EXPECT_EQ(sa.cipher, crypto::EspCipher::kAes256Gcm);
  EXPECT_EQ(sa.key.size(), 32u);
  EXPECT_TRUE(sa.esn);
  EXPECT_EQ(sa.replay_window, 4096u);
  EXPECT_TRUE(sa.copy_outer_dscp);
  EXPECT_EQ(sa.source.to_string(), "13.10.1.1");
  EXPECT_EQ(sa.destination.to_string(), "13.10.2.2");
  EXPECT_EQ(t.b_to_a.source.to_string(), "13.10.2.2");
  EXPECT_NE(t.a_to_b.spi, t.b_to_a.spi);
  EXPECT_NE(t.a_to_b.key, t.b_to_a.key);
  EXPECT_FALSE(crypto::validate(sa).has_value());
}

TEST(IkeNegotiation, SameSeedSameSasOtherSeedOtherSas) {
  const auto pe1 = load(kDir + "PE1.conf"), pe2 = load(kDir + "PE2.conf");
  std::mt19937_64 r1(7), r2(7), r3(8);
  const auto a = negotiate({{"PE1", &pe1}, {"PE2", &pe2}}, r1);
  const auto b = negotiate({{"PE1", &pe1}, {"PE2", &pe2}}, r2);
  const auto c = negotiate({{"PE1", &pe1}, {"PE2", &pe2}}, r3);
  EXPECT_EQ(a.tunnels[0].a_to_b.spi, b.tunnels[0].a_to_b.spi);
  EXPECT_EQ(a.tunnels[0].a_to_b.key, b.tunnels[0].a_to_b.key);
  EXPECT_EQ(a.tunnels[0].initiator_cookie, b.tunnels[0].initiator_cookie);
  EXPECT_NE(a.tunnels[0].a_to_b.spi, c.tunnels[0].a_to_b.spi);
}

std::string with_replaced(const std::string& path, const std::string& from, const std::string& to) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
  const std::string out = ::testing::TempDir() + "/" + std::filesystem::path(path).filename().string();
  std::ofstream(out) << text;
  return out;
}

TEST(IkeNegotiation, DifferentKeysKeepTheTunnelDownWithTheReason) {
  const auto pe1 = load(kDir + "PE1.conf");
  const auto pe2 = load(with_replaced(kDir + "PE2.conf", "$9$fQ3/uORlK8CtK8X7sYfTz601leMWXNs2", "not-the-same"));
  std::mt19937_64 rng(1);
  const auto r = negotiate({{"PE1", &pe1}, {"PE2", &pe2}}, rng);
  ASSERT_EQ(r.tunnels.size(), 1u);
  EXPECT_FALSE(r.tunnels[0].up);
  EXPECT_EQ(r.tunnels[0].down_reason, "pre-shared keys differ (IKE AUTH fails)");
}

TEST(IkeNegotiation, ProposalMismatchAndMissingPeer) {
  const auto pe1 = load(kDir + "PE1.conf");
  const auto pe2 = load(with_replaced(kDir + "PE2.conf", "encryption-algorithm aes-256-gcm", "encryption-algorithm aes-128-gcm"));
  std::mt19937_64 rng(1);
  auto r = negotiate({{"PE1", &pe1}, {"PE2", &pe2}}, rng);
  ASSERT_EQ(r.tunnels.size(), 1u);
  EXPECT_FALSE(r.tunnels[0].up);
  EXPECT_NE(r.tunnels[0].down_reason.find("IPsec proposals differ"), std::string::npos);
  r = negotiate({{"PE1", &pe1}}, rng);
  EXPECT_TRUE(r.tunnels.empty());
  ASSERT_EQ(r.unmatched.size(), 1u);
  EXPECT_NE(r.unmatched[0].reason.find("13.10.2.2"), std::string::npos);
}

// A model built without the commit checks (as a caller that skips them
// would): what the checks refuse must give a tunnel down with a reason, never
// a crash.
junos::DeviceConfig unchecked(const std::string& path) {
  auto tree = junos::load_config_file(path);
  EXPECT_TRUE(tree.has_value());
  auto c = junos::build_device_config(*tree);
  EXPECT_TRUE(c.has_value());
  return *c;
}

TEST(IkeNegotiation, AnAddressThatIsNoAddressKeepsTheTunnelDown) {
  // PE2 points at 13.10.1.300 and PE1 says that is its local address: they
  // match as text, and the SA's addresses used to be read without a check.
  const auto pe1 = unchecked(with_replaced(kDir + "PE1.conf", "local-address 13.10.1.1;", "local-address 13.10.1.300;"));
  const auto pe2 = unchecked(with_replaced(kDir + "PE2.conf", "address 13.10.1.1;", "address 13.10.1.300;"));
  std::mt19937_64 rng(1);
  const auto r = negotiate({{"PE1", &pe1}, {"PE2", &pe2}}, rng);
  ASSERT_EQ(r.tunnels.size(), 1u);
  EXPECT_FALSE(r.tunnels[0].up);
  EXPECT_EQ(r.tunnels[0].down_reason, "PE1: IKE gateway ike_gw local-address '13.10.1.300' is not an IP address");
  // The commit check refuses the same configuration with its line.
  auto committed = junos::commit_config_file(with_replaced(kDir + "PE1.conf", "local-address 13.10.1.1;",
                                                           "local-address 13.10.1.300;"));
  ASSERT_FALSE(committed.has_value());
  EXPECT_NE(committed.error().find("invalid value: 13.10.1.300"), std::string::npos) << committed.error();
}

TEST(IkeNegotiation, AProposalWithoutEncryptionKeepsTheTunnelDown) {
  const auto pe1 = unchecked(with_replaced(kDir + "PE1.conf", "encryption-algorithm aes-256-gcm;", ""));
  const auto pe2 = unchecked(with_replaced(kDir + "PE2.conf", "encryption-algorithm aes-256-gcm;", ""));
  std::mt19937_64 rng(1);
  const auto r = negotiate({{"PE1", &pe1}, {"PE2", &pe2}}, rng);
  ASSERT_EQ(r.tunnels.size(), 1u);
  EXPECT_FALSE(r.tunnels[0].up);
  EXPECT_NE(r.tunnels[0].down_reason.find("PE1: ipsec proposal ipsec_proposal: "), std::string::npos)
      << r.tunnels[0].down_reason;
  auto committed = junos::commit_config_file(with_replaced(kDir + "PE1.conf", "encryption-algorithm aes-256-gcm;", ""));
  ASSERT_FALSE(committed.has_value());
  EXPECT_NE(committed.error().find("ipsec proposal ipsec_proposal has no encryption-algorithm"), std::string::npos)
      << committed.error();
}

}  // namespace
}  // namespace trio6sim::control
