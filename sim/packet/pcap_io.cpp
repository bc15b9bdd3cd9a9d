#include "pcap_io.h"

#include <pcap/pcap.h>

#include <utility>

namespace trio6sim {

namespace {
constexpr uint64_t kNsPerSecond = 1'000'000'000;
constexpr uint64_t kPsPerNs = 1'000;

// DLT_RAW is 12 on most systems (14 on OpenBSD); libpcap maps it to
// LINKTYPE_RAW (101) in the file, and some readers report 101 itself.
constexpr int kLinktypeRaw = 101;

int dlt_of(PcapLinkType t) { return t == PcapLinkType::kEthernet ? DLT_EN10MB : DLT_RAW; }
}  // namespace

// ---------------------------------------------------------------- PcapWriter

Expected<PcapWriter, std::string> PcapWriter::open(const std::string& path, PcapLinkType link_type,
                                                   uint32_t snaplen) {
  pcap_t* handle = pcap_open_dead_with_tstamp_precision(dlt_of(link_type), static_cast<int>(snaplen),
                                                        PCAP_TSTAMP_PRECISION_NANO);
  if (handle == nullptr) return unexpected("pcap: cannot create a handle for " + path);
  pcap_dumper_t* dumper = pcap_dump_open(handle, path.c_str());
  if (dumper == nullptr) {
    std::string message = path + ": cannot open for writing: " + pcap_geterr(handle);
    pcap_close(handle);
    return unexpected(std::move(message));
  }
  return PcapWriter(path, handle, dumper, snaplen);
}

PcapWriter::PcapWriter(PcapWriter&& o) noexcept
    : path_(std::move(o.path_)),
      handle_(std::exchange(o.handle_, nullptr)),
      dumper_(std::exchange(o.dumper_, nullptr)),
      snaplen_(o.snaplen_),
      records_(o.records_) {}

PcapWriter& PcapWriter::operator=(PcapWriter&& o) noexcept {
  if (this != &o) {
    (void)close();
    path_ = std::move(o.path_);
    handle_ = std::exchange(o.handle_, nullptr);
    dumper_ = std::exchange(o.dumper_, nullptr);
    snaplen_ = o.snaplen_;
    records_ = o.records_;
  }
  return *this;
}

PcapWriter::~PcapWriter() { (void)close(); }

std::string PcapWriter::error(const std::string& what) const { return path_ + ": " + what; }

Expected<void, std::string> PcapWriter::write(std::span<const uint8_t> bytes, uint64_t timestamp_ns,
                                              uint32_t original_length) {
  if (dumper_ == nullptr) return unexpected(error("write after close"));
  if (bytes.size() > snaplen_)
    return unexpected(error("record " + std::to_string(records_) + " of " + std::to_string(bytes.size()) +
                            " bytes exceeds the snaplen " + std::to_string(snaplen_)));
  pcap_pkthdr header{};
  header.ts.tv_sec = static_cast<time_t>(timestamp_ns / kNsPerSecond);
  // With nanosecond precision the "usec" field holds nanoseconds.
  header.ts.tv_usec = static_cast<suseconds_t>(timestamp_ns % kNsPerSecond);
  header.caplen = static_cast<bpf_u_int32>(bytes.size());
  header.len = original_length != 0 ? original_length : header.caplen;
  pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, bytes.data());
  ++records_;
  return {};
}

Expected<void, std::string> PcapWriter::write(const Packet& pkt) {
  return write(pkt.bytes(), pkt.meta.timestamp_ps / kPsPerNs);
}

Expected<void, std::string> PcapWriter::flush() {
  if (dumper_ == nullptr) return unexpected(error("flush after close"));
  if (pcap_dump_flush(dumper_) != 0) return unexpected(error("write failed (disk full?)"));
  return {};
}

Expected<void, std::string> PcapWriter::close() {
  if (dumper_ == nullptr) return {};
  const bool flushed = pcap_dump_flush(dumper_) == 0;
  pcap_dump_close(dumper_);
  pcap_close(handle_);
  dumper_ = nullptr;
  handle_ = nullptr;
  if (!flushed) return unexpected(error("write failed (disk full?)"));
  return {};
}

// ---------------------------------------------------------------- PcapReader

Expected<PcapReader, std::string> PcapReader::open(const std::string& path) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* handle = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (handle == nullptr) return unexpected(path + ": cannot open pcap: " + errbuf);
  const int dlt = pcap_datalink(handle);
  PcapLinkType type;
  if (dlt == DLT_EN10MB) {
    type = PcapLinkType::kEthernet;
  } else if (dlt == DLT_RAW || dlt == kLinktypeRaw) {
    type = PcapLinkType::kRaw;
  } else {
    const char* name = pcap_datalink_val_to_name(dlt);
    pcap_close(handle);
    return unexpected(path + ": unsupported link type " + std::to_string(dlt) + " (" + (name ? name : "?") +
                      "), expected EN10MB or RAW");
  }
  return PcapReader(path, handle, type);
}

PcapReader::PcapReader(PcapReader&& o) noexcept
    : path_(std::move(o.path_)),
      handle_(std::exchange(o.handle_, nullptr)),
      link_type_(o.link_type_),
      records_(o.records_) {}

PcapReader& PcapReader::operator=(PcapReader&& o) noexcept {
  if (this != &o) {
    if (handle_ != nullptr) pcap_close(handle_);
    path_ = std::move(o.path_);
    handle_ = std::exchange(o.handle_, nullptr);
    link_type_ = o.link_type_;
    records_ = o.records_;
  }
  return *this;
}

PcapReader::~PcapReader() {
  if (handle_ != nullptr) pcap_close(handle_);
}

Expected<std::optional<PcapRecord>, std::string> PcapReader::next() {
  if (handle_ == nullptr) return unexpected(path_ + ": read from a moved-from reader");
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  const int rc = pcap_next_ex(handle_, &header, &data);
  if (rc == PCAP_ERROR_BREAK) return std::optional<PcapRecord>{};  // end of file
  if (rc != 1)
    return unexpected(path_ + ": record " + std::to_string(records_) + ": " + pcap_geterr(handle_));
  ++records_;
  PcapRecord r;
  r.timestamp_ns = static_cast<uint64_t>(header->ts.tv_sec) * kNsPerSecond + static_cast<uint64_t>(header->ts.tv_usec);
  r.original_length = header->len;
  r.bytes = {data, header->caplen};
  return std::optional<PcapRecord>{r};
}

}  // namespace trio6sim
