// Supervisor (supervisor.h).
#include "engine/runner/supervisor.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>

#include "engine/runner/store.h"
#include "engine/runner/trial_text.h"
#include "engine/support/messages.h"

namespace racecheck {

namespace {

// How often the parent looks whether every unfinished process is blocked, and how long the
// picture must stay the same before it counts as proved.
constexpr double kWatchEvery = 0.01;
constexpr double kBlockedFor = 0.05;

}  // namespace

Status Supervisor::StartAll(const std::vector<ChildConfig>& configs) {
  for (int p = 0; p < n_; ++p) {
    const ChildConfig& cfg = configs[p];
    int pid = 0;
    Status st = os_.Fork(
        pgid_, [&cfg]() { return RunChild(cfg); }, &pid);
    if (!st.ok()) {
      Kill();
      while (reaped_ < pids_.size()) {
        if (Reap() == 0) os_.Sleep(0.001);
      }
      return Status::Error(
          fmt::format("{} (after starting {} of {} processes; they were "
                      "stopped and everything was removed)",
                      st.message(), p, n_));
    }
    if (pgid_ == 0) pgid_ = pid;
    pids_.push_back(pid);
  }
  return Status::Ok();
}

int Supervisor::Reap() {
  int got = 0;
  while (reaped_ < pids_.size()) {
    std::optional<ChildExit> e;
    Status st = os_.TryWait(pgid_, &e);
    if (!st.ok()) {  // ECHILD: nothing left to reap (cannot happen while some are unreaped)
      for (int p = 0; p < static_cast<int>(pids_.size()); ++p) {
        if (!exits_[p]) {
          exits_[p] = ChildExit{pids_[p], false, 0, 0};
          ++reaped_;
        }
      }
      break;
    }
    if (!e) break;
    auto it = std::find(pids_.begin(), pids_.end(), e->pid);
    if (it == pids_.end()) continue;
    const size_t p = static_cast<size_t>(it - pids_.begin());
    exits_[p] = e;
    before_kill_[p] = !killed_;
    ++reaped_;
    ++got;
  }
  if (got > 0) last_reap_ = os_.Now();
  return got;
}

void Supervisor::Kill() {
  if (!killed_) (void)os_.KillGroup(pgid_, SIGKILL);
  killed_ = true;
}

double Supervisor::Release(double fork_deadline) {
  RegionHeader* h = region_.header();
  for (;;) {
    Reap();
    // A process that died before it reached the barrier will never count itself ready.
    if (h->ready.load() + reaped_ >= static_cast<size_t>(n_)) break;
    if (Interrupted() || os_.Now() >= fork_deadline) break;
    bool timed_out = false;
    (void)os_.WaitWhile(&h->ready, h->ready.load(), 0.005, &timed_out);
  }
  const double t0 = os_.Now();
  h->release_time = t0;
  h->started.store(1);
  os_.WakeAll(&h->started);
  return t0;
}

void Supervisor::DriveSchedule() {
  std::vector<uint64_t> m(sys_.words()), next(sys_.words());
  sys_.Initial(m.data());
  for (size_t i = 0; i < opt_.schedule.size(); ++i) {
    const int p = opt_.schedule[i];
    // A step real mode cannot take (a spurious wake-up) ends the forcing, as a dead mover does.
    if (!RunEnabled(sys_, m.data(), p) || Ended(p)) break;
    if (!os_.SemPost(region_.go(p)).ok()) break;
    bool done = false;
    while (!done && !Interrupted()) {
      double left = deadline_ - os_.Now();
      if (left <= 0) break;
      bool timed_out = false;
      if (!os_.SemWait(region_.done(), std::min(0.005, left), &timed_out).ok()) break;
      done = !timed_out;
      // The mover died without saying so (killed): stop forcing, let the others go on.
      if (!done && (Reap(), exits_[p].has_value())) break;
    }
    if (!done) break;
    if (sys_.Step(m.data(), p, next.data()).status != StepStatus::kOk) break;
    m.swap(next);
  }
  region_.header()->free_run.store(1);
  for (int p = 0; p < n_; ++p) (void)os_.SemPost(region_.go(p));
}

bool Supervisor::AllBlocked() const {
  // First the cheap test: every live, unfinished process waits for something.
  bool any = false;
  for (int p = 0; p < n_; ++p) {
    if (Ended(p)) continue;
    if (region_.slot(p)->waiting.load() == -1) return false;  // running, sleeping, between steps
    any = true;
  }
  if (!any) return false;
  // A barrier's, queue's or condition's step that waits on the mirror's condition: blocked only
  // while the mirror does not let it go (a waiter woken by a change may not have looked yet).
  if (!MirrorBlocks()) return false;
  // Then, per sync: every unit is accounted for by a record (nobody got one that it has not
  // yet counted: between sem_wait and the count a process would look blocked), and every
  // holder is blocked or has ended.
  const int k = static_cast<int>(sys_.syncs().size());
  for (int s = 0; s < k; ++s) {
    bool waited = false;
    for (int p = 0; p < n_ && !waited; ++p) {
      waited = !Ended(p) && region_.slot(p)->waiting.load() == s;
    }
    if (!waited) continue;
    const SyncInfo& sy = sys_.syncs()[s];
    if (os_.SemValue(region_.sync(s)) != 0) return false;
    int64_t held = 0;
    for (int q = 0; q < n_; ++q) {
      const int32_t units = region_.held(q, s).load();
      held += units;
      if (units > 0 && !Ended(q) && region_.slot(q)->waiting.load() == -1) return false;
    }
    if (held != (sy.is_semaphore ? sy.init : 1)) return false;
  }
  return true;
}

bool Supervisor::MirrorBlocks() const {
  bool any = false;
  for (int p = 0; p < n_ && !any; ++p) {
    any = !Ended(p) && region_.slot(p)->waiting.load() == kWaitingCond;
  }
  if (!any) return true;
  std::vector<uint64_t> s(sys_.words());
  sys_.Initial(s.data());
  RegionHeader* h = region_.header();
  Region::Lock(&h->ghost_lock);
  for (size_t i = 0; i < vars_.sync_fields.size(); ++i) {
    sys_.layout().field(vars_.sync_fields[i]).Set(s.data(), region_.mirror()[i]);
  }
  bool blocked = true;
  for (int p = 0; p < n_ && blocked; ++p) {
    if (Ended(p) || region_.slot(p)->waiting.load() != kWaitingCond) continue;
    const int32_t pc = region_.slot(p)->waiting_pc.load();
    if (pc < 0) {
      blocked = false;
      break;
    }
    sys_.layout().field(sys_.processes()[p].pc_field).Set(s.data(), pc);
    blocked = !RunEnabled(sys_, s.data(), p);
  }
  Region::Unlock(&h->ghost_lock);
  return blocked;
}

void Supervisor::Watch(double now) {
  if (now < next_watch_) return;
  next_watch_ = now + kWatchEvery;
  RegionHeader* h = region_.header();
  const uint64_t before = h->events.load();
  if (!AllBlocked()) {
    armed_ = false;
    return;
  }
  if (!armed_ || before != armed_events_) {
    armed_ = true;
    armed_events_ = before;
    armed_since_ = now;
    return;
  }
  if (now - armed_since_ < kBlockedFor || h->events.load() != armed_events_) return;
  out_->blocked = true;
  Kill();
}

double Supervisor::WaitAll() {
  double nap = 0.00005;
  last_reap_ = os_.Now();
  while (reaped_ < pids_.size()) {
    if (Reap() > 0) {
      nap = 0.00005;
      continue;
    }
    const double now = os_.Now();
    if (!killed_) {
      if (Interrupted() || now >= deadline_) {
        out_->interrupted = Interrupted();
        out_->timed_out = !out_->interrupted;
        Kill();
      } else {
        Watch(now);
      }
    }
    os_.Sleep(nap);
    nap = std::min(nap * 2, 0.001);
  }
  return last_reap_;
}

namespace {

// The processes holding a unit of sync `s`.
std::vector<int> Holders(const Region& region, int n, int s) {
  std::vector<int> out;
  for (int q = 0; q < n; ++q) {
    if (region.held(q, s).load() > 0) out.push_back(q);
  }
  return out;
}

}  // namespace

void ClassifyProcesses(const System& sys, Region& region, const Supervisor& sup, TrialResult* out,
                       Lang lang) {
  // A text in English (ProcessResult::reason) and, unless that is `lang`, in `lang`.
  auto both = [lang](ProcessResult& pr, auto&&... say) {
    pr.reason += Say(Lang::kEn, say...);
    if (lang != Lang::kEn) pr.reason_text += Say(lang, say...);
  };
  const int n = sys.num_processes();
  out->processes.assign(n, ProcessResult{});
  // First how each process ended on its own.
  std::vector<bool> open(n, false);  // had not ended when the runner killed the group
  for (int p = 0; p < n; ++p) {
    ProcSlot* slot = region.slot(p);
    auto state = static_cast<ProcState>(slot->state.load());
    ProcessResult& pr = out->processes[p];
    const std::optional<ChildExit>& e = sup.exit(p);
    if (state == ProcState::kFinished) {
      pr.end = ProcEnd::kFinished;
    } else if (state == ProcState::kCrashed || state == ProcState::kViolated) {
      pr.end = state == ProcState::kCrashed ? ProcEnd::kCrashed : ProcEnd::kViolated;
      pr.reason = slot->reason;
      // What the process said about itself is quoted as it said it; a violation's detail the
      // process worded in the report's language too.
      if (lang != Lang::kEn) {
        pr.reason_text = state == ProcState::kViolated && slot->reason_text[0] != '\0'
                             ? std::string(slot->reason_text)
                             : pr.reason;
      }
    } else if (sup.killed() && !sup.ended_before_kill(p)) {
      open[p] = true;
    } else {
      pr.end = ProcEnd::kCrashed;
      if (!e) {
        both(pr, Msg::kProcNotReaped);
      } else if (e->exited) {
        both(pr, Msg::kProcExited, fmt::arg("code", e->code));
      } else {
        both(pr, Msg::kProcKilled, fmt::arg("signal", e->signal));
      }
    }
  }
  auto ended_badly = [&](int q) {
    return !open[q] && (out->processes[q].end == ProcEnd::kCrashed ||
                        out->processes[q].end == ProcEnd::kViolated);
  };
  // Then those the runner stopped: what each waited for, and whom that waited on.
  for (int p = 0; p < n; ++p) {
    if (!open[p]) continue;
    ProcessResult& pr = out->processes[p];
    pr.end = out->blocked ? ProcEnd::kStuck : ProcEnd::kTimedOut;
    pr.waits = region.slot(p)->waiting.load();
    if (pr.waits == kWaitingAwait || pr.waits == kWaitingCond)
      pr.await_pc = region.slot(p)->waiting_pc.load();
    if (pr.waits >= 0) {
      for (int q : Holders(region, n, pr.waits)) {
        if (q == p) continue;
        pr.holder = q;
        break;
      }
    }
  }
  for (int p = 0; p < n; ++p) {
    if (open[p]) out->processes[p].reason = ProcessReason(sys, *out, p);
  }
  // A process that died holding a lock: say so, and whether the others waited for it.
  for (int p = 0; p < n; ++p) {
    if (!ended_badly(p)) continue;
    for (int s = 0; s < static_cast<int>(sys.syncs().size()); ++s) {
      if (region.held(p, s).load() <= 0) continue;
      bool waited = false;
      for (int q = 0; q < n; ++q) waited = waited || (open[q] && region.slot(q)->waiting == s);
      both(out->processes[p], Msg::kProcWhileHolding, fmt::arg("sync", sys.syncs()[s].name));
      if (waited) both(out->processes[p], Msg::kProcOthersWaited);
    }
  }
  // Describe the wait: from the first stuck process, follow "held by" while it leads to a stuck
  // process not yet visited.
  if (out->blocked) out->blocked_how = BlockedText(sys, *out);
  for (const ProcessResult& pr : out->processes) {
    if (pr.end == ProcEnd::kCrashed) ++out->crashed;
    if (pr.end == ProcEnd::kStuck) ++out->stuck;
    if (pr.end == ProcEnd::kTimedOut) ++out->timed_out_processes;
  }
}

}  // namespace racecheck
