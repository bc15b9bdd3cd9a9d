// A scenario's traffic generator attached to one router port: its streams'
// IPv4/IPv6 UDP packets (real bytes from the frame builder) at each
// stream's rate from its start to its stop, injected into the port's chip
// with their exact first-bit times. It wakes once per batch, not per packet.
// Address ranges are walked in order (packet k uses the k-th source and
// destination of their ranges), IMIX sizes are cycled in order, so a run is
// the same on every machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/port_group.h"
#include "models/trio6.h"
#include "scenario/scenario_spec.h"

namespace trio6sim::run {

struct SourceStream {
  uint32_t stream_id = 0;  // index of the stream in the run (PacketMeta::stream_id)
  const scenario::StreamSpec* spec = nullptr;
};

// sc_stop() without SystemC's "Info: Simulation stopped by user." on stdout:
// the run reports why it stopped.
void stop_simulation();

// The L1 bits per second a stream offers its port (frames, preamble and
// inter-frame gap, as the port group serializes them: PortGroup::l1_bytes),
// over its frame mix: a port can take at most its line rate of these.
double offered_l1_bits_per_second(const scenario::StreamSpec& s, const models::PortGroup& port_group);

// The most packets a run's streams may offer together: 1e10, about five
// hours of wall time at the 0.5 M simulated packets per wall second a chain
// of routers runs at (docs/scenarios.md). Long simulated times are cheap when
// the rates are low (time advances by events); a long time at a high rate is
// refused before the run instead of running for days.
inline constexpr double kMaxOfferedPackets = 1e10;

// The packets a stream offers from its start to min(stop, end_ps).
double offered_packets(const scenario::StreamSpec& s, uint64_t end_ps);

// An error naming the busiest stream (its line) when the streams together
// offer more than kMaxOfferedPackets before `end_ps`.
std::optional<std::string> offered_packets_error(const scenario::ScenarioSpec& spec, uint64_t end_ps);

class StreamSource : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(StreamSource);
  // `end_ps`: no stream sends at or after it (the run's duration).
  StreamSource(const sc_core::sc_module_name& name, models::Trio6& chip, int port, std::vector<SourceStream> streams,
               uint64_t end_ps, uint64_t batch_ps = 100'000'000);

  // Packets sent so far by the i-th stream given to the constructor.
  uint64_t sent(std::size_t i) const { return streams_[i].sent; }
  // What stopped the simulation from inside this generator ("" when nothing
  // did): an exception is caught in the process and the run stopped
  // (sc_stop), instead of crossing SystemC's scheduler.
  const std::string& fault() const { return fault_; }

 private:
  struct Stream {
    SourceStream source;
    // First bit of the next packet: whole picoseconds and the fraction of
    // one the intervals add up to (integers stay exact for any run length;
    // a double sum would round to 16 ps steps after a day).
    uint64_t next_ps = 0;
    double next_fraction_ps = 0;
    uint64_t stop_ps = 0;
    uint64_t imix_total = 0;  // sum of the IMIX weights (0 without IMIX)
    uint64_t sent = 0;
  };
  void wake();
  bool send_batch();  // true when a stream has packets after this batch (false on a fault)
  bool emit(Stream& s, uint64_t first_bit_ps);  // false (and fault_ set) when it cannot

  models::Trio6& chip_;
  int port_;
  std::vector<Stream> streams_;
  uint64_t batch_ps_;
  uint64_t next_id_ = 0;
  std::string fault_;
};

}  // namespace trio6sim::run
