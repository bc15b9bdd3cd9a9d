// pcap files through libpcap, with nanosecond timestamps (the simulator's
// clock is in picoseconds; microseconds would merge back-to-back 64 B frames
// at 400 Gb/s, which are 1.68 ns apart).
//
// Errors are values carrying a message that names the file; the handles are
// RAII (closed, and the writer flushed, on destruction) and move-only.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include "expected.h"
#include "packet.h"

// libpcap's handle types, kept out of this header.
struct pcap;
struct pcap_dumper;

namespace trio6sim {

enum class PcapLinkType : uint8_t {
  kEthernet,  // LINKTYPE_ETHERNET (1): frames without FCS
  kRaw,       // LINKTYPE_RAW (101): packets starting at the IPv4 or IPv6 header
};

class PcapWriter {
 public:
  // Creates (truncates) `path`. snaplen is the largest packet kept whole.
  static Expected<PcapWriter, std::string> open(const std::string& path, PcapLinkType link_type,
                                                uint32_t snaplen = 65535);
  PcapWriter(PcapWriter&& other) noexcept;
  PcapWriter& operator=(PcapWriter&& other) noexcept;
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;
  ~PcapWriter();

  // Writes one record. `original_length` is the length on the wire when
  // `bytes` is a truncated capture (0: bytes.size()). Packets longer than the
  // snaplen are an error rather than silently truncated.
  Expected<void, std::string> write(std::span<const uint8_t> bytes, uint64_t timestamp_ns,
                                    uint32_t original_length = 0);
  // Writes pkt.bytes() stamped with pkt.meta.timestamp_ps (rounded down to ns).
  Expected<void, std::string> write(const Packet& pkt);
  Expected<void, std::string> flush();
  // Flushes and closes; further writes are errors. Also done by the destructor.
  Expected<void, std::string> close();

  const std::string& path() const { return path_; }
  uint64_t records() const { return records_; }

 private:
  PcapWriter(std::string path, pcap* handle, pcap_dumper* dumper, uint32_t snaplen)
      : path_(std::move(path)), handle_(handle), dumper_(dumper), snaplen_(snaplen) {}
  std::string error(const std::string& what) const;

  std::string path_;
  pcap* handle_ = nullptr;
  pcap_dumper* dumper_ = nullptr;
  uint32_t snaplen_ = 0;
  uint64_t records_ = 0;
};

struct PcapRecord {
  uint64_t timestamp_ns = 0;
  uint32_t original_length = 0;     // length on the wire
  std::span<const uint8_t> bytes;   // captured bytes; valid until the next read
};

class PcapReader {
 public:
  // Opens a pcap file of link type Ethernet or RAW (other link types are an
  // error naming the type); timestamps are delivered in ns whatever the
  // file's own precision.
  static Expected<PcapReader, std::string> open(const std::string& path);
  PcapReader(PcapReader&& other) noexcept;
  PcapReader& operator=(PcapReader&& other) noexcept;
  PcapReader(const PcapReader&) = delete;
  PcapReader& operator=(const PcapReader&) = delete;
  ~PcapReader();

  // The next record, std::nullopt at the end of the file, or an error (a
  // truncated record, for instance) naming the file and the record number.
  Expected<std::optional<PcapRecord>, std::string> next();
  PcapLinkType link_type() const { return link_type_; }
  const std::string& path() const { return path_; }

 private:
  PcapReader(std::string path, pcap* handle, PcapLinkType link_type)
      : path_(std::move(path)), handle_(handle), link_type_(link_type) {}

  std::string path_;
  pcap* handle_ = nullptr;
  PcapLinkType link_type_ = PcapLinkType::kEthernet;
  uint64_t records_ = 0;
};

}  // namespace trio6sim
