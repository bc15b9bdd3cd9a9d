#include "cipher_pool.h"

#include <map>
#include <stdexcept>

#include "esp_transform.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TRIO6SIM_PAUSE() _mm_pause()
#else
#define TRIO6SIM_PAUSE() std::this_thread::yield()
#endif

namespace trio6sim::crypto {

namespace {
// How long an idle worker polls its ring before it sleeps (a pause is 10 to
// 140 cycles by CPU: 0.1 to 1 ms): long enough that a worker stays awake
// between the engine's batches while traffic flows. Measured (chip_bench
// ipsec_1420_cipher_threads_2 / raw AES-GCM, one run each): 1,000 pauses and
// a wake per 8 tasks 0.55 (the worker slept, 2% of the samples, and the
// simulation's thread ran nearly every transform itself); 20,000 pauses and
// a wake per task 0.86 against 0.62 for one thread.
constexpr int kSpinsBeforeSleep = 20000;
// A sleeping worker is woken once this many tasks wait for it, not for each:
// sparse traffic then costs a system call per few packets, not per packet
// (blog-rekey, 4 threads, a wake per task: 43 s of system time); the
// simulation's thread runs the few queued tasks itself when it settles them.
constexpr uint32_t kWakeBatch = 4;
}  // namespace

CipherPool::CipherPool(unsigned threads) {
  if (threads < 2) throw std::invalid_argument("a cipher pool runs on at least 2 threads (1 is the synchronous cipher)");
  workers_.reserve(threads - 1);
  for (unsigned i = 0; i + 1 < threads; ++i) workers_.push_back(std::make_unique<Worker>());
  // Lane 0 is the simulation's thread; worker i uses lane i + 1.
  for (std::size_t i = 0; i < workers_.size(); ++i)
    workers_[i]->thread = std::thread([this, i] { work(*workers_[i], i + 1); });
}

CipherPool::~CipherPool() {
  drain();
  stop_.store(true, std::memory_order_seq_cst);
  for (auto& w : workers_) {
    w->sleeping.store(0, std::memory_order_seq_cst);
    w->sleeping.notify_one();
  }
  for (auto& w : workers_) w->thread.join();
}

CipherPool& CipherPool::for_this_thread(unsigned threads) {
  thread_local std::map<unsigned, std::unique_ptr<CipherPool>> pools;
  auto& pool = pools[threads];
  if (!pool) pool = std::make_unique<CipherPool>(threads);
  return *pool;
}

unsigned CipherPool::default_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

bool CipherPool::run(DeferredSeal& t, std::size_t lane) {
  return esp_encrypt(*t.gcm, {t.spi, t.sequence, t.esn, t.salt}, t.esp, t.sealed, lane);
}

CipherPool::Ticket CipherPool::submit(const DeferredSeal& task) {
  Worker& w = *workers_[next_worker_];
  if (++next_worker_ == workers_.size()) next_worker_ = 0;
  const uint64_t position = w.head.load(std::memory_order_relaxed);
  Slot& slot = w.slots[position % Worker::kCapacity];
  // The slot's previous task done (here if need be) before reuse. The worker
  // need not have passed it: a worker behind its ring runs whatever task it
  // finds queued there and skips the rest, so a descheduled worker never
  // holds the producer up.
  settle_slot(slot);
  slot.task = task;
  slot.stamp = ++next_stamp_;
  slot.state.store(kQueued, std::memory_order_release);  // the task's fields, for the worker's claim
  w.head.store(position + 1, std::memory_order_seq_cst);  // publishes the slot
  if (!w.sleeping.load(std::memory_order_seq_cst)) {
    w.queued_while_asleep = 0;
  } else if (++w.queued_while_asleep >= kWakeBatch) {
    w.queued_while_asleep = 0;
    w.sleeping.store(0, std::memory_order_seq_cst);
    w.sleeping.notify_one();
  }
  return {&slot, slot.stamp};
}

void CipherPool::settle_slot(Slot& slot) {
  uint32_t state = slot.state.load(std::memory_order_acquire);
  if (state == kQueued && slot.state.compare_exchange_strong(state, kRunning, std::memory_order_acq_rel)) {
    state = run(slot.task, 0) ? kDone : kFailed;
    slot.state.store(state, std::memory_order_release);
  }
  for (int spins = 0; (state = slot.state.load(std::memory_order_acquire)) == kRunning; ++spins) {
    if (spins < kSpinsBeforeSleep) TRIO6SIM_PAUSE();
    else std::this_thread::yield();  // a worker descheduled on a busy machine
  }
  if (state == kFailed) {
    slot.state.store(kDone, std::memory_order_relaxed);
    throw std::runtime_error("OpenSSL AES-GCM encryption failed");
  }
}

void CipherPool::drain() {
  for (auto& w : workers_)
    for (uint64_t i = 0; i < Worker::kCapacity; ++i) settle_slot(w->slots[i]);
}

void CipherPool::work(Worker& w, std::size_t lane) {
  uint64_t position = 0;
  for (;;) {
    if (w.head.load(std::memory_order_acquire) == position) {
      int spins = 0;
      while (w.head.load(std::memory_order_acquire) == position && spins < kSpinsBeforeSleep) {
        TRIO6SIM_PAUSE();
        ++spins;
      }
      if (w.head.load(std::memory_order_acquire) == position) {
        if (stop_.load(std::memory_order_seq_cst)) return;
        // Sleep; the producer clears the flag and wakes us after publishing.
        w.sleeping.store(1, std::memory_order_seq_cst);
        if (w.head.load(std::memory_order_seq_cst) == position && !stop_.load(std::memory_order_seq_cst))
          w.sleeping.wait(1, std::memory_order_seq_cst);
        w.sleeping.store(0, std::memory_order_relaxed);
        continue;
      }
    }
    Slot& slot = w.slots[position % Worker::kCapacity];
    uint32_t expected = kQueued;
    if (slot.state.compare_exchange_strong(expected, kRunning, std::memory_order_acq_rel))
      slot.state.store(run(slot.task, lane) ? kDone : kFailed, std::memory_order_release);
    ++position;
  }
}

}  // namespace trio6sim::crypto
