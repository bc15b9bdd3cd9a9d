// pcap round trips with nanosecond timestamps, RAW link type, errors that
// name the file, and (when installed) that tshark reads what we write.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "packet/frame_builder.h"
#include "packet/pcap_io.h"

namespace trio6sim {
namespace {

namespace fs = std::filesystem;

// A file name unique to this test and process, removed afterwards.
class PcapFile : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = (fs::temp_directory_path() / ("trio6sim_" + std::string(info->name()) + "_" +
                                          std::to_string(::getpid()) + ".pcap")).string();
  }
  void TearDown() override { fs::remove(path_); }
  std::string path_;
};

Packet udp_frame(std::size_t size, uint16_t port) {
  FrameSpec spec;
  spec.frame_bytes = size;
  spec.src_port = port;
  Packet pkt;
  EXPECT_TRUE(build_udp_frame(pkt, spec));
  return pkt;
}

// Timestamps 1.68 ns apart would merge at microsecond precision.
const std::vector<uint64_t> kTimes = {0, 1, 1'000'000'001, 1'700'000'000'123'456'789};

TEST_F(PcapFile, EthernetRoundTripKeepsBytesAndNanoseconds) {
  std::vector<Packet> sent;
  {
    auto w = PcapWriter::open(path_, PcapLinkType::kEthernet);
    ASSERT_TRUE(w) << w.error();
    for (std::size_t i = 0; i < kTimes.size(); ++i) {
      sent.push_back(udp_frame(64 + 100 * i, static_cast<uint16_t>(1000 + i)));
      ASSERT_TRUE(w->write(sent.back().bytes(), kTimes[i]));
    }
    EXPECT_EQ(w->records(), kTimes.size());
  }  // closed by the destructor
  auto r = PcapReader::open(path_);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->link_type(), PcapLinkType::kEthernet);
  for (std::size_t i = 0; i < kTimes.size(); ++i) {
    auto rec = r->next();
    ASSERT_TRUE(rec) << rec.error();
    ASSERT_TRUE(rec->has_value());
    const PcapRecord& got = **rec;
    EXPECT_EQ(got.timestamp_ns, kTimes[i]);
    EXPECT_EQ(got.original_length, sent[i].size());
    ASSERT_EQ(got.bytes.size(), sent[i].size());
    EXPECT_TRUE(std::equal(got.bytes.begin(), got.bytes.end(), sent[i].data()));
  }
  auto end = r->next();
  ASSERT_TRUE(end);
  EXPECT_FALSE(end->has_value());
}

TEST_F(PcapFile, RawLinkTypeAndPacketTimestampFromMeta) {
  FrameSpec spec;
  spec.ethernet = false;
  spec.frame_bytes = 100;
  Packet pkt;
  ASSERT_TRUE(build_udp_frame(pkt, spec));
  pkt.meta.timestamp_ps = 5'000'001'999;  // rounds down to 5,000,001 ns
  {
    auto w = PcapWriter::open(path_, PcapLinkType::kRaw);
    ASSERT_TRUE(w) << w.error();
    ASSERT_TRUE(w->write(pkt));
    ASSERT_TRUE(w->close());
    EXPECT_FALSE(w->write(pkt));  // closed
  }
  auto r = PcapReader::open(path_);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->link_type(), PcapLinkType::kRaw);
  auto rec = r->next();
  ASSERT_TRUE(rec && rec->has_value());
  EXPECT_EQ((*rec)->timestamp_ns, 5'000'001u);
  EXPECT_EQ((*rec)->bytes.size(), 100u);
  EXPECT_EQ((*rec)->bytes[0], 0x45);
}

TEST_F(PcapFile, TruncatedCaptureKeepsOriginalLengthAndSnaplenIsEnforced) {
  Packet big = udp_frame(1518, 1);
  {
    auto w = PcapWriter::open(path_, PcapLinkType::kEthernet, 128);
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->write(big.bytes().first(128), 7, static_cast<uint32_t>(big.size())));
    auto too_big = w->write(big.bytes(), 8);
    ASSERT_FALSE(too_big);
    EXPECT_NE(too_big.error().find(path_), std::string::npos) << too_big.error();
  }
  auto r = PcapReader::open(path_);
  ASSERT_TRUE(r);
  auto rec = r->next();
  ASSERT_TRUE(rec && rec->has_value());
  EXPECT_EQ((*rec)->bytes.size(), 128u);
  EXPECT_EQ((*rec)->original_length, big.size());
}

TEST_F(PcapFile, ErrorsNameTheFile) {
  const std::string missing = "/nonexistent-dir/x.pcap";
  auto w = PcapWriter::open(missing, PcapLinkType::kEthernet);
  ASSERT_FALSE(w);
  EXPECT_NE(w.error().find(missing), std::string::npos) << w.error();
  auto r = PcapReader::open(missing);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find(missing), std::string::npos) << r.error();
  std::ofstream(path_) << "this is not a pcap file";
  auto garbage = PcapReader::open(path_);
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error().find(path_), std::string::npos) << garbage.error();
}

TEST_F(PcapFile, TruncatedFileIsAnErrorNotACrash) {
  {
    auto w = PcapWriter::open(path_, PcapLinkType::kEthernet);
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->write(udp_frame(200, 1).bytes(), 1));
  }
  fs::resize_file(path_, fs::file_size(path_) - 50);
  auto r = PcapReader::open(path_);
  ASSERT_TRUE(r);
  auto rec = r->next();
  ASSERT_FALSE(rec);
  EXPECT_NE(rec.error().find(path_), std::string::npos) << rec.error();
}

std::string run(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return out;
}

TEST_F(PcapFile, TsharkReadsWhatWeWrite) {
  if (!fs::exists("/usr/bin/tshark")) GTEST_SKIP() << "tshark not installed";
  {
    auto w = PcapWriter::open(path_, PcapLinkType::kEthernet);
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->write(udp_frame(64, 4242).bytes(), 1'000'000'001));
  }
  const std::string out = run("/usr/bin/tshark -r " + path_ +
                              " -T fields -e frame.time_epoch -e udp.srcport -e ip.dst -e frame.len 2>/dev/null");
  EXPECT_NE(out.find("1.000000001"), std::string::npos) << out;
  EXPECT_NE(out.find("4242"), std::string::npos) << out;
  EXPECT_NE(out.find("198.51.100.1"), std::string::npos) << out;
  EXPECT_NE(out.find("60"), std::string::npos) << out;

  // LINKTYPE_RAW: tshark must decode the IP header without an L2 header.
  FrameSpec raw;
  raw.ethernet = false;
  raw.frame_bytes = 100;
  raw.src_port = 4343;
  Packet pkt;
  ASSERT_TRUE(build_udp_frame(pkt, raw));
  {
    auto w = PcapWriter::open(path_, PcapLinkType::kRaw);
    ASSERT_TRUE(w);
    ASSERT_TRUE(w->write(pkt.bytes(), 2));
  }
  const std::string raw_out = run("/usr/bin/tshark -r " + path_ + " -T fields -e udp.srcport -e ip.len 2>/dev/null");
  EXPECT_NE(raw_out.find("4343\t100"), std::string::npos) << raw_out;
}

}  // namespace
}  // namespace trio6sim
