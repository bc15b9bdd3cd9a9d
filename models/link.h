// Link: the cable between two chips' WAN ports, as a module bound between
// their sockets (port_out -> from_port[e], to_port[e] -> port_in). Routers
// are joined by links: Mx304 / MxRouter hand out their chips, and a link
// end is a chip and one of its ports.
//
// Timing. A frame leaves end e's port with its last bit at the annotated
// time; the port sent it at its line rate, so its first bit left one L1
// frame time earlier (64 B minimum, preamble, gap). It reaches the far port
// `delay_ps` after its first bit left, carried at the link's rate.
//
// Rate. Each direction carries at the slowest of the sending port, the cable
// (LinkParams::gbps) and the receiving port: a frame cannot arrive faster
// than the slower side takes it. The far port is handed the frame so that
// its last bit is in when the slowest side has delivered it. When the cable
// is slower than the sending port, frames queue in front of it (a media
// converter's or a circuit's buffer, LinkParams::buffer_bytes) and are lost
// past it. When the receiving port is the slowest, the cable carries at its
// rate, and the same buffer holds what the faster sender offers beyond it.
//
// Up and down: a frame whose first bit leaves while the cable is down is
// lost (counted for the end it left). The routers are not told: a chip's
// interface state is the chip's (Trio6::set_link_up), set by whoever models
// loss of signal or LACP.
//
// A tap sees every frame the cable carries, in each direction, with the time
// its first bit went onto the cable (LinkPcapTap writes a pcap file).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "job_socket.h"
#include "trio6.h"

namespace trio6sim::models {

// One end of a link: a chip and its WAN port (0..15, MX304 numbering:
// ports 8-15 on PFE 0, 0-7 on PFE 1). On a router: router.chip(index).
struct LinkEnd {
  Trio6* chip = nullptr;
  int port = 0;
};

struct LinkParams {
  // Propagation: first bit out to first bit in (about 5 ns a metre of fibre).
  uint64_t delay_ps = 0;
  // The cable's rate in Gbps. 0: the ports' line rate
  // (port_group.port_gbps), which must then be the same at both ends, as
  // Ethernet runs both ends of a cable at one speed (ConfigError otherwise).
  // Set: each direction carries at min(sending port, gbps, receiving port).
  double gbps = 0;
  // L1 bytes that may wait for a direction slower than its sending port; a
  // frame that does not fit is lost (lost_overrun). Used only then. An
  // assumption: the order of a port group's ingress backlog.
  uint64_t buffer_bytes = 64 * 1024;
  // A core that re-marks DSCP (a device on the cable, or the sending
  // router's egress rewrite, neither of them modeled): every IPv4 and IPv6
  // packet goes onto the cable with this DSCP, either way (ECN kept, the
  // IPv4 checksum recomputed), so the tap already sees the re-marked value.
  // Unset: the cable changes nothing.
  std::optional<uint8_t> remark_dscp;
};

class Link;

// What watches a cable: every frame it carries, from which end, and when its
// first bit went onto the cable (the L3 bytes as sent). One tap may watch
// many links.
class LinkTap {
 public:
  virtual ~LinkTap() = default;
  virtual void frame_on_link(const Link& link, int from_end, const Packet& packet, uint64_t first_bit_ps) = 0;
};

// How long `chip`'s port `port` takes to send the frame of an `l3_bytes`
// packet (the port group's L1 size of an untagged frame at the port's line
// rate): a frame's first bit left that long before its last.
uint64_t frame_serialization_ps(const Trio6& chip, int port, std::size_t l3_bytes);
// The same for a packet as it is (a bridged frame carries its own header).
uint64_t frame_serialization_ps(const Trio6& chip, int port, const Packet& packet);

class Link : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Link);
  // from_port[e]: frames leaving end e; to_port[e]: frames arriving at end e.
  // The constructor binds them to the ends' port_out and port_in.
  sc_core::sc_vector<JobTargetSocket<Link>> from_port;
  sc_core::sc_vector<BasicJobInitiatorSocket<>> to_port;

  // ConfigError when an end's port has no line rate, or when gbps is 0 and
  // the ends run at different rates.
  Link(const sc_core::sc_module_name& name, LinkEnd a, LinkEnd b, const LinkParams& params = {});

  const LinkEnd& end(int e) const { return ends_[e]; }
  const LinkParams& params() const { return params_; }
  // The rate a direction carries at (from end `from`): the slowest side.
  double gbps_from(int from) const { return gbps_[from]; }

  void set_tap(LinkTap* tap) { tap_ = tap; }

  // The cable goes up or down at `at_ps` (any order; the latest change at
  // or before a frame's first bit decides).
  void add_state_change(uint64_t at_ps, bool up);
  bool up_at(uint64_t t) const {
    bool up = true;
    for (const auto& [at, state] : changes_)
      if (at <= t) up = state;
    return up;
  }

  // Per end a frame left: frames carried, lost while down, lost past the buffer.
  uint64_t frames_carried(int from) const { return carried_[from]; }
  uint64_t lost_down(int from) const { return lost_down_[from]; }
  uint64_t lost_overrun(int from) const { return lost_overrun_[from]; }
  // Also called for every frame lost while down, with the end it left.
  void set_loss_counter(std::function<void(int from_end)> counter) { count_loss_ = std::move(counter); }
  // Frames on the cable now: left one end, first bit not yet at the other.
  uint64_t in_flight(uint64_t now_ps) const;

  // A crafted frame (L3 bytes) on the cable toward end `toward`, as if the
  // other end's port had sent it with its first bit at `first_bit_ps`: the
  // tap sees it in that direction, and it reaches end `toward` like a sent
  // frame (lost when the cable is down then). It is carried when the
  // simulation reaches `first_bit_ps`, so a port receives put and sent
  // frames in time order.
  void put(int toward, PacketPtr packet, uint64_t first_bit_ps);
  uint64_t frames_put() const { return frames_put_; }

 private:
  void frame_from(int end, Job&& job, uint64_t last_bit_ps);
  // Carries a frame whose first bit left `from`'s port at `first_bit_ps`.
  void carry(int from, PacketPtr packet, uint64_t first_bit_ps);
  void release_put_frames();
  void remark(Packet& p) const;

  std::array<LinkEnd, 2> ends_;
  LinkParams params_;
  std::array<double, 2> gbps_{};  // per sending end: the slowest side
  LinkTap* tap_ = nullptr;
  std::function<void(int)> count_loss_;
  std::vector<std::pair<uint64_t, bool>> changes_;  // (time, up), in time order
  std::array<uint64_t, 2> carried_{}, lost_down_{}, lost_overrun_{};
  // Per direction, when the cable is free again (used only when it is
  // slower than the sending port).
  std::array<uint64_t, 2> free_ps_{};
  // Per direction (index: the sending end), when the first bit of each frame
  // still on the cable reaches the far port (those already there are
  // forgotten as new ones leave): for conservation.
  std::array<std::deque<uint64_t>, 2> arriving_ps_;
  // Frames put by hand, waiting for their time: (first bit, toward end, packet).
  struct PutFrame {
    uint64_t first_bit_ps;
    int toward;
    PacketPtr packet;
  };
  std::deque<PutFrame> put_;
  sc_core::sc_event put_due_;
  uint64_t frames_put_ = 0;
};

}  // namespace trio6sim::models
