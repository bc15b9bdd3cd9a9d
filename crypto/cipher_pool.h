// CipherPool: worker threads that run the AES-GCM of independent ESP
// packets while the simulation's own thread goes on. The simulation thread
// decides everything about a packet (sequence number, IV, sizes, every check
// that can drop it, every counter) and hands over only the pure transform
// (OutboundSa::seal's DeferredSeal); the transform's bytes are joined
// (settle) before anything reads them, so the bytes, the order of events and
// every output are those of a synchronous run, whatever the thread count
// (docs/esp.md, "The cipher on worker threads").
//
// One producer: a pool belongs to the thread that made it (for_this_thread)
// and only that thread submits and settles. Each worker has its own ring of
// tasks (single producer, single consumer, lock-free) and its own copy of
// each SA's keyed OpenSSL context (AesGcm lanes), since an EVP_CIPHER_CTX
// is not thread-safe. A settle that finds its task not yet started runs it
// on the calling thread (lane 0) instead of waiting.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "esp_outbound.h"
#include "packet/pending_write.h"

namespace trio6sim::crypto {

class CipherPool {
 public:
  // `threads`: how many threads run the cipher, the calling thread included
  // (threads - 1 workers; at least 2).
  explicit CipherPool(unsigned threads);
  ~CipherPool();
  CipherPool(const CipherPool&) = delete;
  CipherPool& operator=(const CipherPool&) = delete;

  // The calling thread's pool of `threads` threads, made on first use and
  // kept until the thread ends (so a ticket outlives any one simulation).
  static CipherPool& for_this_thread(unsigned threads);
  // What `--cipher-threads 0` means: the cores available (at least 1).
  static unsigned default_threads();
  // The most threads `--cipher-threads` accepts (run and probe alike).
  static constexpr unsigned kMaxThreads = 256;

  unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }

  // A queued transform: writer->settle(stamp) before reading its bytes
  // (Packet::set_pending).
  struct Ticket {
    PendingWrite* writer;
    uint64_t stamp;
  };
  // Queues `task` (its gcm has at least threads() lanes, AesGcm::ensure_lanes).
  Ticket submit(const DeferredSeal& task);
  // Every queued transform done (before an SA's contexts are freed).
  void drain();

 private:
  enum State : uint32_t { kQueued, kRunning, kDone, kFailed };
  // A task's place in a worker's ring. settle(): returns once the task is
  // done (running it here if no worker has started it); throws
  // std::runtime_error if OpenSSL failed.
  struct alignas(64) Slot final : PendingWrite {
    DeferredSeal task;
    uint64_t stamp = 0;  // written and read by the producer only
    std::atomic<uint32_t> state{kDone};
    void settle(uint64_t ticket_stamp) override {
      if (ticket_stamp == stamp) settle_slot(*this);  // else the slot holds a later task: this one was done
    }
  };
  struct Worker {
    static constexpr uint64_t kCapacity = 512;
    std::unique_ptr<Slot[]> slots{new Slot[kCapacity]};
    alignas(64) std::atomic<uint64_t> head{0};  // next position the producer fills
    alignas(64) std::atomic<uint32_t> sleeping{0};
    uint32_t queued_while_asleep = 0;  // the producer's: tasks queued since the worker slept
    std::thread thread;
  };
  static bool run(DeferredSeal& task, std::size_t lane);
  static void settle_slot(Slot& slot);
  void work(Worker& w, std::size_t lane);

  std::vector<std::unique_ptr<Worker>> workers_;
  std::size_t next_worker_ = 0;
  uint64_t next_stamp_ = 0;
  std::atomic<bool> stop_{false};
};

}  // namespace trio6sim::crypto
