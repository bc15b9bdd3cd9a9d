// Work that is still writing a packet's bytes on another thread (the IPsec
// engine's cipher on a worker, crypto/cipher_pool.h). The packet points to it
// (Packet::set_pending) and whoever reads the bytes first calls
// Packet::settle(); the pool settles a packet before taking it back.
#pragma once

#include <cstdint>

namespace trio6sim {

class PendingWrite {
 public:
  // Returns once the work stamped `stamp` is done, waiting for it or doing it
  // on the calling thread. A stamp the writer no longer holds was done.
  virtual void settle(uint64_t stamp) = 0;

 protected:
  ~PendingWrite() = default;
};

}  // namespace trio6sim
