// RunChild: one real process executing its template's steps (see child.h).
#include "engine/runner/child.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

namespace racecheck {

SleepRng::SleepRng(uint64_t seed, int trial, int process)
    : state_(seed * 0x9E3779B97F4A7C15ULL ^ (static_cast<uint64_t>(trial) << 32) ^
             static_cast<uint64_t>(process) * 0xBF58476D1CE4E5B9ULL) {}

double SleepRng::Uniform(double lo, double hi) {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  double u = static_cast<double>(z >> 11) / static_cast<double>(1ULL << 53);
  return lo + (hi - lo) * u;
}

namespace {

// Collects what one System::Step did.
class ChildRecorder : public StepRecorder {
 public:
  void Pass(int32_t pc) override { passed.push_back(pc); }
  void Read(int field, int64_t) override { reads.push_back(field); }
  void Write(int field, int64_t, int64_t) override { writes.push_back(field); }
  void Print(const std::string& text) override { prints.push_back(text); }
  std::vector<int32_t> passed;
  std::vector<int> reads, writes;
  std::vector<std::string> prints;
};

class Child {
 public:
  explicit Child(const ChildConfig& c)
      : c_(c),
        sys_(*c.sys),
        p_(c.process),
        rng_(c.seed, c.trial, c.process),
        s_(sys_.words()),
        next_(sys_.words()),
        scratch_(sys_.words()) {
    slot_ = c.region->slot(p_);
    for (int v : c.vars->store_vars) store_fields_.push_back(sys_.shared()[v].field);
    for (int v : c.vars->ghost_vars) ghost_fields_.push_back(sys_.shared()[v].field);
    sync_fields_ = c.vars->sync_fields;
    // Per pc: does the step there touch the mirror? (Any instruction of its atomic group.)
    const Template& t = sys_.templates()[sys_.processes()[p_].tmpl];
    mirror_step_.assign(t.code.size(), 0);
    for (size_t pc = 0; pc < t.code.size(); ++pc) {
      const PInstr& in = t.code[pc];
      const size_t from = in.group_begin >= 0 ? static_cast<size_t>(in.group_begin) : pc;
      const size_t to = in.group_begin >= 0 ? static_cast<size_t>(in.group_end) : pc + 1;
      for (size_t q = from; q < to; ++q) {
        const PInstr& x = t.code[q];
        bool touches = x.kind == InstrKind::kAcquire || x.kind == InstrKind::kRelease ||
                       x.kind == InstrKind::kArrive || x.kind == InstrKind::kLeave ||
                       x.kind == InstrKind::kPut || x.kind == InstrKind::kGet ||
                       IsConditionKind(x.kind);
        ForEachSharedRead(x, [&](int f) { touches = touches || c.vars->SyncSlot(f) >= 0; });
        if (touches) mirror_step_[pc] = 1;
      }
    }
  }

  int Run();

 private:
  int StoreIndex(int field) const {
    for (size_t i = 0; i < store_fields_.size(); ++i) {
      if (store_fields_[i] == field) return static_cast<int>(i);
    }
    return -1;
  }
  const Field& F(int field) const { return sys_.layout().field(field); }
  bool IsGhost(int field) const {
    for (int g : ghost_fields_) {
      if (g == field) return true;
    }
    return false;
  }
  // Waits for semaphore `sem` in timed slices, checking that the parent is alive between them.
  // False when it is gone or the wait failed (then *code is the exit code to return).
  bool Wait(OsSem* sem, LogOp* op, int* code);
  // Checks that the parent is alive; when it is not, the process ends quietly.
  bool ParentAlive() const { return c_.os->ParentIs(c_.parent_pid); }
  int WaitForStart();
  // Reads the store into s_ (and op->read_vals); false with the slot set when it crashed.
  bool LoadStore(LogOp* op, int* code);
  // Loads the ghosts and the mirror into s. REQUIRES: the ghost mutex.
  void LoadShared(uint64_t* s);
  // The units of lock or semaphore y that are free in state s (a lock: 1 or 0).
  int FreeUnits(const uint64_t* s, int y) const {
    const SyncInfo& sy = sys_.syncs()[y];
    const int64_t v = F(sy.field).Get(s);
    return sy.is_semaphore ? static_cast<int>(v) : (v == 0 ? 1 : 0);
  }
  void SleepPassed(const std::vector<int32_t>& passed);
  int Crash(LogOp* op, const std::string& reason, ProcState state, int code);
  void SetReason(const std::string& text) { Copy(text, slot_->reason); }
  // Copies `text` into `out`, cut to fit at a character's start (a cut UTF-8 character would
  // garble a Chinese text's end).
  template <size_t kSize>
  static void Copy(const std::string& text, char (&out)[kSize]) {
    size_t n = std::min(text.size(), kSize - 1);
    if (n < text.size()) {
      while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    }
    std::memcpy(out, text.data(), n);
    out[n] = '\0';
  }
  void Done() {
    if (gated_step_) (void)c_.os->SemPost(c_.region->done());
    gated_step_ = false;
  }

  const ChildConfig& c_;
  const System& sys_;
  int p_;
  SleepRng rng_;
  ProcSlot* slot_;
  std::vector<uint64_t> s_, next_, scratch_;
  std::vector<int> store_fields_, ghost_fields_, sync_fields_;
  std::vector<uint8_t> mirror_step_;  // per pc (see Run)
  bool gated_step_ = false;
};

bool Child::LoadStore(LogOp* op, int* code) {
  Result<StoreRead> read = c_.store->Read();
  if (!read.ok()) {
    *code = Crash(op, read.status().message(), ProcState::kCrashed, 4);
    return false;
  }
  if (!read->parse_error.empty()) {
    *code = Crash(op, read->parse_error, ProcState::kCrashed, 3);
    return false;
  }
  for (size_t i = 0; i < store_fields_.size(); ++i) {
    F(store_fields_[i]).Set(s_.data(), read->values[i]);
    op->read_vals[i] = read->values[i];
  }
  return true;
}

void Child::LoadShared(uint64_t* s) {
  const int64_t* g = c_.region->header()->ghosts;
  for (size_t i = 0; i < ghost_fields_.size(); ++i) F(ghost_fields_[i]).Set(s, g[i]);
  const int64_t* m = c_.region->mirror();
  for (size_t i = 0; i < sync_fields_.size(); ++i) F(sync_fields_[i]).Set(s, m[i]);
}

void Child::SleepPassed(const std::vector<int32_t>& passed) {
  const Template& t = sys_.templates()[sys_.processes()[p_].tmpl];
  for (int32_t pc : passed) {
    const PInstr& ins = t.code[pc];
    if (ins.kind != InstrKind::kSleep) continue;
    double secs =
        ins.sleep_hi > ins.sleep_lo ? rng_.Uniform(ins.sleep_lo, ins.sleep_hi) : ins.sleep_lo;
    c_.os->Sleep(secs * c_.time_scale);
  }
}

// How long one slice of a wait lasts before the process checks that its parent is alive.
constexpr double kWaitSlice = 0.2;
constexpr int kParentGone = 5;

bool Child::Wait(OsSem* sem, LogOp* op, int* code) {
  for (;;) {
    bool timed_out = false;
    Status st = c_.os->SemWait(sem, kWaitSlice, &timed_out);
    if (!st.ok()) {
      *code = Crash(op, st.message(), ProcState::kCrashed, 4);
      return false;
    }
    if (!timed_out) return true;
    if (!ParentAlive()) {
      *code = kParentGone;
      return false;
    }
  }
}

int Child::WaitForStart() {
  RegionHeader* h = c_.region->header();
  h->ready.fetch_add(1);
  c_.os->WakeAll(&h->ready);
  while (h->started.load() == 0) {
    bool timed_out = false;
    Status st = c_.os->WaitWhile(&h->started, 0, kWaitSlice, &timed_out);
    if (!st.ok()) {
      SetReason(st.message());
      slot_->state.store(static_cast<int32_t>(ProcState::kCrashed));
      return 4;
    }
    if (timed_out && !ParentAlive()) return kParentGone;
  }
  if (h->start_interval > 0 && p_ > 0) {
    c_.os->Sleep(h->release_time + h->start_interval * p_ - c_.os->Now());
  }
  return 0;
}

int Child::Crash(LogOp* op, const std::string& reason, ProcState state, int code) {
  op->kind = state == ProcState::kViolated ? OpKind::kViolation : OpKind::kCrash;
  op->end = c_.region->Stamp();
  c_.region->Append(*op);
  SetReason(reason);
  slot_->state.store(static_cast<int32_t>(state));
  Done();
  return code;
}

int Child::Run() {
  if (int code = WaitForStart(); code != 0) return code;
  slot_->state.store(static_cast<int32_t>(ProcState::kRunning));
  sys_.Initial(s_.data());
  const Template& t = sys_.templates()[sys_.processes()[p_].tmpl];
  // Sleeps before the first step (control flow up to the entry pc).
  std::vector<int32_t> lead;
  NextStep(t, 0, [&](int32_t pc) { lead.push_back(pc); });
  SleepPassed(lead);
  RegionHeader* h = c_.region->header();
  while (!sys_.Finished(s_.data(), p_)) {
    if (c_.gated && h->free_run.load() == 0) {
      LogOp none;
      int code = 0;
      if (!Wait(c_.region->go(p_), &none, &code)) return code;
      gated_step_ = h->free_run.load() == 0;
    }
    const PInstr& ins = sys_.NextInstr(s_.data(), p_);
    LogOp op;
    op.process = p_;
    op.pc = sys_.Pc(s_.data(), p_);
    op.start = c_.region->Stamp();
    bool loaded = false;
    int code = 0;
    // A step that touches the mirror runs whole under the ghost mutex: the mirror's update, the
    // store it reads and the store it writes, so that it is one step for every other such step.
    const bool mirror_step = mirror_step_[op.pc] != 0;
    bool locked = false;
    auto unlock = [&] {
      if (locked) Region::Unlock(&h->ghost_lock);
      locked = false;
    };
    int32_t sync = -1;  // acquire, release: the lock or semaphore the step names
    bool index_reads_store = false;
    if (ins.kind == InstrKind::kAcquire || ins.kind == InstrKind::kRelease) {
      // An index that reads the store reads it first (the mirror it never reads: store.cc).
      ForEachSharedRead(ins.index, [&](int f) {
        const int i = StoreIndex(f);
        if (i < 0) return;
        index_reads_store = true;
        op.read_mask |= 1u << i;
      });
      if (index_reads_store) {
        if (!LoadStore(&op, &code)) return code;
        loaded = true;
      }
      sync = sys_.SyncOf(s_.data(), p_, ins);  // -1: the step reports the index's error
    }
    if (ins.kind == InstrKind::kAcquire && sync >= 0) {
      // An rlock this process holds already: taken again at once, with no semaphore.
      const bool again = sys_.syncs()[sync].reentrant && c_.region->held(p_, sync).load() > 0;
      if (!again) {
        c_.region->SetWaiting(p_, sync, op.pc);
        if (!Wait(c_.region->sync(sync), &op, &code)) return code;
        c_.region->AddHeld(p_, sync, 1);
        c_.region->SetWaiting(p_, -1);
        // The step starts once the semaphore is ours: waiting is not part of it. Unless its
        // index read the store before the wait: then the step spans that read too.
        if (!index_reads_store) op.start = c_.region->Stamp();
      }
    }
    if (ins.kind == InstrKind::kAwait) {
      // Polls until the condition holds, then keeps the mutex for the step: what made the
      // condition true cannot change before the step runs.
      c_.region->SetWaiting(p_, kWaitingAwait, op.pc);
      for (;;) {
        // A condition on the mirror reads the store under the mutex too (one step with it).
        if (!mirror_step && !LoadStore(&op, &code)) return code;
        Region::Lock(&h->ghost_lock);
        locked = true;
        if (mirror_step && !LoadStore(&op, &code)) {
          unlock();
          return code;
        }
        loaded = true;
        LoadShared(s_.data());
        if (sys_.Enabled(s_.data(), p_)) break;
        unlock();
        if (!ParentAlive()) return kParentGone;
        c_.os->Sleep(0.001);
      }
      c_.region->SetWaiting(p_, -1);
    } else if (mirror_step) {
      Region::Lock(&h->ghost_lock);
      locked = true;
      LoadShared(s_.data());
      // A barrier's, a queue's or a condition's step waits on the mirror's condition variable
      // until the model lets it go (an acquire got its unit in sem_wait: the mirror has it
      // free); a condition's wake-up waits for a notify (RunEnabled: never spuriously).
      bool waited = false;
      while (!RunEnabled(sys_, s_.data(), p_)) {
        if (!waited) c_.region->SetWaiting(p_, kWaitingCond, op.pc);
        waited = true;
        c_.region->WaitMirror(kWaitSlice);
        LoadShared(s_.data());
        if (!ParentAlive()) {
          unlock();
          return kParentGone;
        }
      }
      if (waited) {
        c_.region->SetWaiting(p_, -1);
        op.start = c_.region->Stamp();
      }
    }
    if (!loaded && !store_fields_.empty()) {
      ChildRecorder dry;  // which variables would the step read? (Step is pure)
      (void)sys_.Step(s_.data(), p_, scratch_.data(), &dry);
      bool reads_store = false;
      for (int f : dry.reads) reads_store = reads_store || StoreIndex(f) >= 0;
      if (reads_store) {
        if (!LoadStore(&op, &code)) {
          unlock();
          return code;
        }
        loaded = true;
      }
    }
    if (!locked && !ghost_fields_.empty()) {  // the ghosts' update is atomic with the step
      Region::Lock(&h->ghost_lock);
      locked = true;
      LoadShared(s_.data());
    }
    ChildRecorder rec;
    const StepResult r = sys_.Step(s_.data(), p_, next_.data(), &rec);
    if (locked && r.status == StepStatus::kOk) {
      for (size_t i = 0; i < ghost_fields_.size(); ++i) {
        h->ghosts[i] = F(ghost_fields_[i]).Get(next_.data());
      }
      bool changed = false;
      for (size_t i = 0; i < sync_fields_.size(); ++i) {
        const int64_t v = F(sync_fields_[i]).Get(next_.data());
        changed = changed || c_.region->mirror()[i] != v;
        c_.region->mirror()[i] = v;
      }
      if (changed) c_.region->MirrorChanged();
      bool touched = mirror_step;
      for (int f : rec.reads) touched = touched || IsGhost(f);
      for (int f : rec.writes) touched = touched || IsGhost(f);
      // Under the ghost mutex: the ranks are the order in which the ghosts and the mirror
      // changed, and the order in which each lock or semaphore was taken.
      if (touched) op.ghost_order = static_cast<int64_t>(h->ghost_order.fetch_add(1));
      if (ins.kind == InstrKind::kAcquire && sync >= 0) {
        op.sync = sync;
        op.acquire_order = c_.region->NextAcquireOrder(sync);
      }
    }
    if (!mirror_step) unlock();
    if (loaded) {
      for (int f : rec.reads) {
        int i = StoreIndex(f);
        if (i >= 0) op.read_mask |= 1u << i;
      }
    }
    if (r.status == StepStatus::kViolation) {
      unlock();
      op.property = r.property;
      if (c_.lang != Lang::kEn) {  // the same step, worded for the report (Step is pure)
        StepRecorder told(c_.lang);
        Copy(sys_.Step(s_.data(), p_, scratch_.data(), &told).detail, slot_->reason_text);
      }
      return Crash(&op, r.detail, ProcState::kViolated, 1);
    }
    bool writes_store = false;
    for (int f : rec.writes) writes_store = writes_store || StoreIndex(f) >= 0;
    if (writes_store) {
      int64_t values[kMaxRunVars] = {};
      for (size_t i = 0; i < store_fields_.size(); ++i) {
        values[i] = F(store_fields_[i]).Get(next_.data());
        op.write_vals[i] = values[i];
        op.write_mask |= 1u << i;
      }
      Status st = c_.store->Write(values, p_);
      if (!st.ok()) {
        unlock();
        return Crash(&op, st.message(), ProcState::kCrashed, 4);
      }
    }
    unlock();
    // Each lock or semaphore the step freed units of (a release; an rlock's last one only)
    // gets them back in its semaphore, after the mirror says so.
    for (int y = 0; y < static_cast<int>(sys_.syncs().size()); ++y) {
      const int freed = FreeUnits(next_.data(), y) - FreeUnits(s_.data(), y);
      // A lock has one holder, who may be another process (Python's Lock lets anyone release
      // it): its record loses the unit.
      int holder = p_;
      if (sys_.syncs()[y].is_plain_lock() && F(sys_.syncs()[y].field).Get(s_.data()) > 0) {
        holder = static_cast<int>(F(sys_.syncs()[y].field).Get(s_.data())) - 1;
      }
      for (int k = 0; k < freed; ++k) {
        c_.region->AddHeld(holder, y, -1);  // before the post: a record never claims too much
        Status st = c_.os->SemPost(c_.region->sync(y));
        if (!st.ok()) return Crash(&op, st.message(), ProcState::kCrashed, 4);
      }
    }
    op.end = c_.region->Stamp();
    c_.region->Append(op);
    if (c_.capture_prints) {
      for (const std::string& text : rec.prints) c_.region->AppendPrint(p_, text);
    }
    s_.swap(next_);
    Done();
    SleepPassed(rec.passed);
  }
  slot_->state.store(static_cast<int32_t>(ProcState::kFinished));
  return 0;
}

}  // namespace

int RunChild(const ChildConfig& config) { return Child(config).Run(); }

}  // namespace racecheck
