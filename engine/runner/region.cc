// Region: layout, creation and teardown of a trial's shared memory (see region.h).
#include "engine/runner/region.h"

#include <sched.h>

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

void Region::SpinLock(std::atomic<uint32_t>& l) {
  uint32_t expected = 0;
  int spins = 0;
  while (!l.compare_exchange_weak(expected, 1, std::memory_order_acquire)) {
    expected = 0;
    if (++spins > 64) sched_yield();
  }
}

}  // namespace racecheck
