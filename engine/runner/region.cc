// Region: layout, creation and teardown of a trial's shared memory (see region.h).
#include "engine/runner/region.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <new>

namespace racecheck {

namespace {
size_t AlignUp(size_t n, size_t a) { return (n + a - 1) / a * a; }
}  // namespace

Status Region::Create(Os& os, int processes, int syncs, int mirror, uint32_t log_capacity,
                      uint32_t print_capacity, std::unique_ptr<Region>* out) {
  std::unique_ptr<Region> r(new Region());
  r->processes_ = processes;
  r->syncs_ = syncs;
  r->log_capacity_ = log_capacity;
  r->print_capacity_ = print_capacity;
  const size_t n = static_cast<size_t>(processes), k = static_cast<size_t>(syncs);
  size_t off_sems = AlignUp(sizeof(RegionHeader), 64);
  size_t nsems = k + n + 1;
  size_t off_orders = AlignUp(off_sems + nsems * sizeof(OsSem), 64);
  size_t off_slots = AlignUp(off_orders + k * sizeof(std::atomic<int64_t>), 64);
  size_t off_held = AlignUp(off_slots + n * sizeof(ProcSlot), 64);
  size_t off_mirror = AlignUp(off_held + n * k * sizeof(std::atomic<int32_t>), 64);
  size_t off_log = AlignUp(off_mirror + static_cast<size_t>(mirror) * sizeof(int64_t), 64);
  size_t off_prints = AlignUp(off_log + static_cast<size_t>(log_capacity) * sizeof(LogOp), 64);
  r->bytes_ = AlignUp(off_prints + print_capacity, 4096);
  Status st = os.MapShared(r->bytes_, &r->base_);
  if (!st.ok()) return st;
  char* base = static_cast<char*>(r->base_);
  r->header_ = new (base) RegionHeader();
  r->header_->seq.store(1);
  r->header_->print_end.store(print_capacity);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_condattr_t cattr;
  pthread_condattr_init(&cattr);
  pthread_condattr_setpshared(&cattr, PTHREAD_PROCESS_SHARED);
  pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC);
  int err = pthread_mutex_init(&r->header_->ghost_lock, &attr);
  if (err == 0) {
    err = pthread_mutex_init(&r->header_->store_lock, &attr);
    if (err != 0) pthread_mutex_destroy(&r->header_->ghost_lock);
  }
  if (err == 0) {
    err = pthread_cond_init(&r->header_->mirror_changed, &cattr);
    if (err != 0) {
      pthread_mutex_destroy(&r->header_->ghost_lock);
      pthread_mutex_destroy(&r->header_->store_lock);
    }
  }
  pthread_condattr_destroy(&cattr);
  pthread_mutexattr_destroy(&attr);
  if (err != 0) {
    os.Unmap(r->base_, r->bytes_);
    return Status::FromErrno("pthread_mutex_init", err);
  }
  r->mutexes_ready_ = true;
  r->sems_ = reinterpret_cast<OsSem*>(base + off_sems);
  r->acquire_order_ = reinterpret_cast<std::atomic<int64_t>*>(base + off_orders);
  for (size_t i = 0; i < k; ++i) new (r->acquire_order_ + i) std::atomic<int64_t>(0);
  r->slots_ = reinterpret_cast<ProcSlot*>(base + off_slots);
  for (int p = 0; p < processes; ++p) {
    ProcSlot* s = new (r->slots_ + p) ProcSlot();
    s->state.store(static_cast<int32_t>(ProcState::kStarting));
    s->waiting.store(-1);
    s->waiting_pc.store(-1);
    s->property = -1;
    s->reason[0] = '\0';
    s->reason_text[0] = '\0';
  }
  r->held_ = reinterpret_cast<std::atomic<int32_t>*>(base + off_held);
  for (size_t i = 0; i < n * k; ++i) new (r->held_ + i) std::atomic<int32_t>(0);
  r->mirror_ = reinterpret_cast<int64_t*>(base + off_mirror);  // zero pages
  r->log_ = reinterpret_cast<LogOp*>(base + off_log);          // zero pages: written before read
  r->prints_ = base + off_prints;
  for (size_t i = 0; i < nsems; ++i) {
    st = os.SemInit(r->sems_ + i, 0);
    if (!st.ok()) {
      r->Destroy(os);
      return st;
    }
    r->sems_ready_ = static_cast<int>(i) + 1;
  }
  *out = std::move(r);
  return Status::Ok();
}

void Region::Destroy(Os& os) {
  for (int i = 0; i < sems_ready_; ++i) os.SemDestroy(sems_ + i);
  sems_ready_ = 0;
  if (mutexes_ready_) {
    pthread_mutex_destroy(&header_->ghost_lock);
    pthread_mutex_destroy(&header_->store_lock);
    // Not pthread_cond_destroy: glibc's waits until every waiter has woken, and a waiter killed
    // in pthread_cond_timedwait (a stuck trial) never does. The condition owns no resource
    // beyond the mapping, which goes below.
    mutexes_ready_ = false;
  }
  if (base_ != nullptr) os.Unmap(base_, bytes_);
  base_ = nullptr;
  header_ = nullptr;
}

uint32_t Region::log_size() const {
  uint32_t n = header_->log_next.load();
  return n > log_capacity_ ? log_capacity_ : n;
}

bool Region::log_overflowed() const { return header_->log_next.load() > log_capacity_; }

bool Region::Append(const LogOp& op) {
  uint32_t i = header_->log_next.fetch_add(1);
  if (i >= log_capacity_) return false;
  log_[i] = op;
  return true;
}

void Region::SetWaiting(int p, int32_t what, int32_t pc) {
  slots_[p].waiting_pc.store(pc);
  slots_[p].waiting.store(what);
  header_->events.fetch_add(1);
}

void Region::AddHeld(int p, int s, int32_t delta) {
  held(p, s).fetch_add(delta);
  header_->events.fetch_add(1);
}

namespace {
// A print record in the arena: this header, then `length` bytes of text, padded to 8.
struct PrintHeader {
  uint32_t length;
  int32_t process;
};
}  // namespace

bool Region::AppendPrint(int p, const std::string& text) {
  const uint32_t bytes =
      static_cast<uint32_t>(AlignUp(sizeof(PrintHeader) + text.size(), alignof(PrintHeader)));
  uint32_t at = header_->print_next.fetch_add(bytes);
  if (bytes > print_capacity_ || at > print_capacity_ - bytes) {
    // Every later reservation starts further on, so nothing after `at` fits either.
    uint32_t end = header_->print_end.load();
    while (at < end && !header_->print_end.compare_exchange_weak(end, at)) {
    }
    header_->prints_dropped.fetch_add(1);
    return false;
  }
  PrintHeader h{static_cast<uint32_t>(text.size()), p};
  std::memcpy(prints_ + at, &h, sizeof h);
  std::memcpy(prints_ + at + sizeof h, text.data(), text.size());
  return true;
}

std::vector<Region::Print> Region::Prints(int* torn) const {
  std::vector<Print> out;
  *torn = 0;
  const uint32_t used =
      std::min({header_->print_next.load(), header_->print_end.load(), print_capacity_});
  uint32_t at = 0;
  while (at + sizeof(PrintHeader) <= used) {
    PrintHeader h;
    std::memcpy(&h, prints_ + at, sizeof h);
    const uint32_t bytes =
        static_cast<uint32_t>(AlignUp(sizeof(PrintHeader) + h.length, alignof(PrintHeader)));
    if (bytes > used - at) break;
    if (h.process < 0 || h.process >= processes_) {
      ++*torn;
    } else {
      out.push_back({h.process, std::string(prints_ + at + sizeof h, h.length)});
    }
    at += bytes;
  }
  return out;
}

void Region::WaitMirror(double seconds) {
  timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  const auto nanos = static_cast<int64_t>(seconds * 1e9) + until.tv_nsec;
  until.tv_sec += static_cast<time_t>(nanos / 1000000000);
  until.tv_nsec = static_cast<long>(nanos % 1000000000);
  if (pthread_cond_timedwait(&header_->mirror_changed, &header_->ghost_lock, &until) ==
      EOWNERDEAD) {
    pthread_mutex_consistent(&header_->ghost_lock);
  }
}

void Region::Lock(pthread_mutex_t* m) {
  // EOWNERDEAD: the holder died (killed); its update of the guarded values either happened or
  // did not, each value is a whole word, so take the mutex over.
  if (pthread_mutex_lock(m) == EOWNERDEAD) pthread_mutex_consistent(m);
}

}  // namespace racecheck
