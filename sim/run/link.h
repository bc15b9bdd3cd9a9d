// Link: the cable between two routers' ports, as a module bound between the
// chips' sockets. A frame leaving end e's port (port_out -> from_port[e],
// its last bit at the annotated time) reaches the other end's port (to_port
// -> port_in) with its first bit `delay` after its first bit left. The
// scenario's link events turn the cable down and up: a frame whose first bit
// leaves while it is down is lost (counted "link down" for the sending end).
// A tap sees every frame the cable carries, in each direction, with the time
// its first bit left: the pcap capture is one. Frames can also be put on the
// cable by hand (put()), for tests that replay or garble what a peer sends.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include "models/job_socket.h"
#include "models/trio6.h"

namespace trio6sim::run {

// How long a port of `chip` takes to send the frame of an `l3_bytes` packet
// (the port group's L1 size of an untagged frame: 64 B minimum, preamble,
// gap, at the port's line rate): a frame's first bit left that long before
// its last.
uint64_t frame_serialization_ps(const models::Trio6& chip, int port, std::size_t l3_bytes);

// One end of a link: a router's port (the network's device index, the
// router's chip index, the chip's port).
struct LinkEnd {
  int device = 0, chip = 0, port = 0;
};

// What watches a cable: every frame it carries, from which end, and when its
// first bit left that end (the L3 bytes as sent).
class LinkTap {
 public:
  virtual ~LinkTap() = default;
  virtual void frame_on_link(const LinkEnd& from, const Packet& packet, uint64_t first_bit_ps) = 0;
};

class Link : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(Link);
  // from_port[e]: frames leaving end e (bind end e's chip's port_out to it);
  // to_port[e]: frames arriving at end e (bind it to that chip's port_in).
  sc_core::sc_vector<models::JobTargetSocket<Link>> from_port;
  sc_core::sc_vector<models::BasicJobInitiatorSocket<>> to_port;

  // The chips are read for each end's line rate and L1 frame size (the
  // serialization time of a frame, to find when its first bit left).
  Link(const sc_core::sc_module_name& name, std::array<LinkEnd, 2> ends,
       std::array<models::Trio6*, 2> chips, uint64_t delay_ps);

  const std::array<LinkEnd, 2>& ends() const { return ends_; }
  uint64_t delay_ps() const { return delay_ps_; }
  void set_tap(LinkTap* tap) { tap_ = tap; }
  // Called for every frame lost because the link was down, with the end it left.
  void set_loss_counter(std::function<void(int from_end)> counter) { count_loss_ = std::move(counter); }

  // The cable goes up or down at `at_ps` (events in time order).
  void add_state_change(uint64_t at_ps, bool up) { changes_.emplace_back(at_ps, up); }
  bool up_at(uint64_t t) const {
    bool up = true;
    for (const auto& [at, state] : changes_)
      if (at <= t) up = state;
    return up;
  }
  // Frames on the cable now: left one end, first bit not yet at the other.
  uint64_t in_flight(uint64_t now_ps) const;

  // A crafted frame (L3 bytes) on the cable toward end `toward`, as if the
  // other end's port had sent it with its first bit at `first_bit_ps`: the
  // tap sees it in that direction, and it reaches end `toward` `delay` later
  // (lost, counted as link down, when the cable is down then). It is carried
  // when the simulation reaches `first_bit_ps`, so a port receives hand-put
  // and sent frames in time order.
  void put(int toward, PacketPtr packet, uint64_t first_bit_ps);
  uint64_t frames_put() const { return frames_put_; }

 private:
  void frame_from(int end, models::Job&& job, uint64_t last_bit_ps);
  // Carries a frame whose first bit left `from` at `first_bit_ps`.
  void carry(int from, PacketPtr packet, uint64_t first_bit_ps);
  void release_put_frames();

  std::array<LinkEnd, 2> ends_;
  std::array<models::Trio6*, 2> chips_;  // the far chip's pool holds what arrives
  uint64_t delay_ps_;
  LinkTap* tap_ = nullptr;
  std::function<void(int)> count_loss_;
  std::vector<std::pair<uint64_t, bool>> changes_;  // (time, up), in time order
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

}  // namespace trio6sim::run
