// Region: layout, creation and teardown of a trial's shared memory (see region.h).
#include "engine/runner/region.h"

#include <cerrno>
#include <new>

namespace racecheck {

namespace {
size_t AlignUp(size_t n, size_t a) { return (n + a - 1) / a * a; }
}  // namespace

Status Region::Create(Os& os, int processes, int syncs, uint32_t log_capacity,
                      std::unique_ptr<Region>* out) {
  std::unique_ptr<Region> r(new Region());
  r->processes_ = processes;
  r->syncs_ = syncs;
  r->log_capacity_ = log_capacity;
  size_t off_sems = AlignUp(sizeof(RegionHeader), 64);
  size_t nsems = static_cast<size_t>(syncs + processes + 1);
  size_t off_slots = AlignUp(off_sems + nsems * sizeof(OsSem), 64);
  size_t off_log = AlignUp(off_slots + static_cast<size_t>(processes) * sizeof(ProcSlot), 64);
  r->bytes_ = AlignUp(off_log + static_cast<size_t>(log_capacity) * sizeof(LogOp), 4096);
  Status st = os.MapShared(r->bytes_, &r->base_);
  if (!st.ok()) return st;
  char* base = static_cast<char*>(r->base_);
  r->header_ = new (base) RegionHeader();
  r->header_->seq.store(1);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  int err = pthread_mutex_init(&r->header_->ghost_lock, &attr);
  if (err == 0) {
    err = pthread_mutex_init(&r->header_->store_lock, &attr);
    if (err != 0) pthread_mutex_destroy(&r->header_->ghost_lock);
  }
  pthread_mutexattr_destroy(&attr);
  if (err != 0) {
    os.Unmap(r->base_, r->bytes_);
    return Status::FromErrno("pthread_mutex_init", err);
  }
  r->mutexes_ready_ = true;
  r->sems_ = reinterpret_cast<OsSem*>(base + off_sems);
  r->slots_ = reinterpret_cast<ProcSlot*>(base + off_slots);
  for (int p = 0; p < processes; ++p) {
    ProcSlot* s = new (r->slots_ + p) ProcSlot();
    s->state.store(static_cast<int32_t>(ProcState::kStarting));
    s->waiting_sync.store(-1);
    s->property = -1;
    s->reason[0] = '\0';
  }
  r->log_ = reinterpret_cast<LogOp*>(base + off_log);  // zero pages: written before read
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

void Region::Lock(pthread_mutex_t* m) {
  // EOWNERDEAD: the holder died (killed); its update of the guarded values either happened or
  // did not, each value is a whole word, so take the mutex over.
  if (pthread_mutex_lock(m) == EOWNERDEAD) pthread_mutex_consistent(m);
}

}  // namespace racecheck
