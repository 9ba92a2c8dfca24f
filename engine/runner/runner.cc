// The real-process runner: one trial's life cycle and the summary of many (see runner.h).
#include "engine/runner/runner.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "engine/runner/child.h"
#include "engine/runner/region.h"

namespace racecheck {

Status CheckRunnable(const System& sys, const TrialOptions& options) {
  if (sys.num_processes() > options.max_processes) {
    return Status::Error(fmt::format(
        "the model has {} processes; real mode runs at most {} per trial "
        "(--max-processes)",
        sys.num_processes(), options.max_processes));
  }
  StoreVars vars;
  if (Status st = vars.Init(sys); !st.ok()) return st;
  if (options.store != StoreKind::kInPlaceFile && options.faults.torn_pause > 0) {
    return Status::Error("the torn-write fault needs the in-place file store");
  }
  return Status::Ok();
}

double DefaultTimeout(const System& sys, double time_scale, double start_interval) {
  double total = 0;
  for (const Template& t : sys.templates()) {
    double per = 0;
    for (const PInstr& ins : t.code) {
      if (ins.kind == InstrKind::kSleep) per += ins.sleep_hi;
    }
    total += per * t.instances;
  }
  return 5.0 + 2.0 * total * time_scale + start_interval * sys.num_processes();
}

namespace {

constexpr char kTrialDirStem[] = "racecheck-run-";

// How often the parent looks whether every unfinished process is blocked, and how long the
// picture must stay the same before it counts as proved.
constexpr double kWatchEvery = 0.01;
constexpr double kBlockedFor = 0.05;

// Everything a trial owns, released in reverse order on every path.
class TrialResources {
 public:
  explicit TrialResources(Os& os) : os_(os) {}
  ~TrialResources() {
    if (region != nullptr) region->Destroy(os_);
    if (!dir.empty()) (void)os_.RemoveTree(dir);
  }
  std::string dir;
  std::unique_ptr<Region> region;

 private:
  Os& os_;
};

std::string Plural(int n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// The parent's side of a running trial: reaps the children, drives a forced schedule, and
// watches for the end of the trial (see runner.h).
class Supervisor {
 public:
  Supervisor(Os& os, const System& sys, const TrialOptions& opt, Region& region,
             TrialResult* out)
      : os_(os),
        sys_(sys),
        opt_(opt),
        region_(region),
        out_(out),
        n_(sys.num_processes()),
        exits_(n_),
        before_kill_(n_, false) {}

  // Forks every process. On failure, kills and reaps those started and returns the error.
  Status StartAll(const std::vector<ChildConfig>& configs);
  // Waits until every live process waits at the start barrier (or the deadline or an
  // interrupt), then releases them all. Returns the release time.
  double Release(double fork_deadline);
  void DriveSchedule();
  // Reaps every child; kills the group at the deadline, on an interrupt, or once every
  // unfinished process is proved blocked. Returns the time the last child was reaped.
  double WaitAll();

  void set_deadline(double d) { deadline_ = d; }
  const std::optional<ChildExit>& exit(int p) const { return exits_[p]; }
  bool ended_before_kill(int p) const { return before_kill_[p]; }
  bool killed() const { return killed_; }

 private:
  bool Interrupted() const { return opt_.interrupt != nullptr && opt_.interrupt->load(); }
  ProcState State(int p) const { return static_cast<ProcState>(region_.slot(p)->state.load()); }
  // Ended as the process says (finished, crashed, violated), or reaped.
  bool Ended(int p) const {
    ProcState st = State(p);
    return exits_[p].has_value() || st == ProcState::kFinished || st == ProcState::kCrashed ||
           st == ProcState::kViolated;
  }
  // Reaps every child that has ended; returns how many.
  int Reap();
  void Kill();
  // Every live, unfinished process waits for something no running process can give it.
  bool AllBlocked() const;
  void Watch(double now);

  Os& os_;
  const System& sys_;
  const TrialOptions& opt_;
  Region& region_;
  TrialResult* out_;
  const int n_;
  int pgid_ = 0;
  std::vector<int> pids_;
  std::vector<std::optional<ChildExit>> exits_;
  std::vector<bool> before_kill_;  // ended before the runner killed the group
  size_t reaped_ = 0;
  bool killed_ = false;
  double deadline_ = 0;
  double last_reap_ = 0;
  // Watching for a blocked trial.
  double next_watch_ = 0;
  bool armed_ = false;
  uint64_t armed_events_ = 0;
  double armed_since_ = 0;
};

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
    if (!sys_.Enabled(m.data(), p) || Ended(p)) break;
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
  bool any = false;
  for (int p = 0; p < n_; ++p) {
    if (Ended(p)) continue;
    const int32_t w = region_.slot(p)->waiting.load();
    if (w == -1) return false;  // running, sleeping, or between two steps
    any = true;
    if (w == kWaitingAwait) continue;
    // Every unit of the sync is accounted for by a record: nobody got one that it has not yet
    // counted (between sem_wait and the count, a process would look blocked).
    const SyncInfo& sy = sys_.syncs()[w];
    if (os_.SemValue(region_.sync(w)) != 0) return false;
    int64_t held = 0;
    for (int q = 0; q < n_; ++q) held += region_.held(q, w).load();
    if (held != (sy.is_semaphore ? sy.init : 1)) return false;
    // Every holder is blocked or has ended.
    for (int q = 0; q < n_; ++q) {
      if (q == p || region_.held(q, w).load() <= 0 || Ended(q)) continue;
      if (region_.slot(q)->waiting.load() == -1) return false;
    }
  }
  return any;
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

// The names of the processes holding a unit of sync `s`.
std::vector<int> Holders(const Region& region, int n, int s) {
  std::vector<int> out;
  for (int q = 0; q < n; ++q) {
    if (region.held(q, s).load() > 0) out.push_back(q);
  }
  return out;
}

// Fills out->processes from the slots and the exits, and labels what happened (runner.h).
void ClassifyProcesses(const System& sys, Region& region, const Supervisor& sup,
                       TrialResult* out) {
  const int n = sys.num_processes();
  out->processes.assign(n, ProcessResult{});
  auto name = [&sys](int p) { return sys.processes()[p].name; };
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
    } else if (sup.killed() && !sup.ended_before_kill(p)) {
      open[p] = true;
    } else {
      pr.end = ProcEnd::kCrashed;
      pr.reason = !e          ? "was not reaped"
                  : e->exited ? fmt::format("exited with code {} before finishing", e->code)
                              : fmt::format("killed by signal {}", e->signal);
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
    const int32_t w = region.slot(p)->waiting.load();
    std::string what;
    if (w >= 0) {
      what = "waits in sem_wait for '" + sys.syncs()[w].name + "'";
      std::vector<int> holders = Holders(region, n, w);
      holders.erase(std::remove(holders.begin(), holders.end(), p), holders.end());
      if (holders.empty()) {
        what += ", which no unfinished process holds";
      } else {
        what += ", held by " + name(holders.front());
        if (ended_badly(holders.front())) {
          what += ", which " + std::string(ProcEndName(out->processes[holders.front()].end));
        } else if (!open[holders.front()]) {
          what += ", which finished without releasing it";
        }
      }
    } else if (w == kWaitingAwait) {
      const Template& t = sys.templates()[sys.processes()[p].tmpl];
      const int32_t pc = region.slot(p)->waiting_pc.load();
      const PInstr* ins = pc >= 0 && pc < static_cast<int32_t>(t.code.size()) ? &t.code[pc]
                                                                              : nullptr;
      what = "waits at 'await: " +
             (ins != nullptr && ins->step != nullptr ? ins->step->text.text : std::string("?")) +
             "', which no running process can make true";
    }
    if (out->blocked) {
      pr.end = ProcEnd::kStuck;
      pr.reason = what;
    } else {
      pr.end = ProcEnd::kTimedOut;
      if (out->interrupted) {
        pr.reason = "still running when the run was interrupted";
      } else if (w == -1) {
        pr.reason = "timed out while running or sleeping (raise --timeout)";
      } else {
        pr.reason = "timed out while it " + what + " (raise --timeout)";
      }
    }
  }
  // A process that died holding a lock: say so, and whether the others waited for it.
  for (int p = 0; p < n; ++p) {
    if (!ended_badly(p)) continue;
    for (int s = 0; s < static_cast<int>(sys.syncs().size()); ++s) {
      if (region.held(p, s).load() <= 0) continue;
      bool waited = false;
      for (int q = 0; q < n; ++q) waited = waited || (open[q] && region.slot(q)->waiting == s);
      out->processes[p].reason += " while holding '" + sys.syncs()[s].name + "'";
      if (waited) out->processes[p].reason += " — the others waited for it";
    }
  }
  if (out->blocked) {
    // Describe the wait: from the first stuck process, follow "held by" while it leads to a
    // stuck process not yet visited.
    int p = -1;
    for (int q = 0; q < n && p < 0; ++q) {
      if (open[q]) p = q;
    }
    std::vector<bool> seen(n, false);
    std::string how;
    while (p >= 0 && !seen[p]) {
      seen[p] = true;
      const int32_t w = region.slot(p)->waiting.load();
      how += (how.empty() ? name(p) : std::string(", which")) +
             (w >= 0 ? " waits for '" + sys.syncs()[w].name + "'"
                     : std::string(" waits for an 'await' condition"));
      int next = -1;
      if (w >= 0) {
        for (int q : Holders(region, n, w)) {
          if (q == p) continue;
          how += ", held by " + name(q);
          if (ended_badly(q)) how += std::string(", which ") + ProcEndName(out->processes[q].end);
          if (open[q]) next = q;
          break;
        }
      }
      p = next;
    }
    if (p >= 0) how += " (a cycle)";
    out->blocked_how = how;
  }
  for (const ProcessResult& pr : out->processes) {
    if (pr.end == ProcEnd::kCrashed) ++out->crashed;
    if (pr.end == ProcEnd::kStuck) ++out->stuck;
    if (pr.end == ProcEnd::kTimedOut) ++out->timed_out_processes;
  }
}

// Why the `final` properties cannot be checked on this trial, or "".
std::string FinalUnchecked(const System& sys, const TrialResult& t) {
  bool has_final = false;
  for (const PropertyInfo& p : sys.properties()) has_final = has_final || p.kind == PropertyKind::kFinal;
  if (!has_final) return "";
  int crashed = 0, violated = 0, stuck = 0, timed_out = 0;
  for (const ProcessResult& pr : t.processes) {
    crashed += pr.end == ProcEnd::kCrashed;
    violated += pr.end == ProcEnd::kViolated;
    stuck += pr.end == ProcEnd::kStuck;
    timed_out += pr.end == ProcEnd::kTimedOut;
  }
  std::vector<std::string> why;
  if (crashed) why.push_back(Plural(crashed, "process crashed", "processes crashed"));
  if (violated) why.push_back(Plural(violated, "process stopped at a violation",
                                     "processes stopped at a violation"));
  if (stuck) why.push_back(Plural(stuck, "process is stuck", "processes are stuck"));
  if (timed_out) why.push_back(Plural(timed_out, "process timed out", "processes timed out"));
  if (why.empty() && !t.final_ok) why.push_back("the final store could not be read");
  std::string out;
  for (size_t i = 0; i < why.size(); ++i) out += (i ? ", " : "") + why[i];
  return out;
}

void Judge(const System& sys, const StoreVars& vars, const TrialOptions& opt,
           const std::vector<LogOp>& ops, bool overflowed, TrialResult* out) {
  std::vector<uint64_t> s(sys.words());
  sys.Initial(s.data());
  for (size_t i = 0; i < sys.shared().size(); ++i) {
    sys.layout().field(sys.shared()[i].field).Set(s.data(), out->values[i]);
  }
  for (int p = 0; p < sys.num_processes(); ++p) {
    const ProcessInfo& pi = sys.processes()[p];
    if (out->processes[p].end == ProcEnd::kFinished) {
      sys.layout().field(pi.pc_field).Set(s.data(), sys.templates()[pi.tmpl].end_pc);
    }
  }
  out->final_unchecked = FinalUnchecked(sys, *out);
  std::vector<bool> violated(sys.properties().size(), false);
  for (const LogOp& op : ops) {
    if (op.kind == OpKind::kViolation && op.property >= 0) violated[op.property] = true;
  }
  for (size_t k = 0; k < sys.properties().size(); ++k) {
    PropertyKind kind = sys.properties()[k].kind;
    int32_t id = static_cast<int32_t>(k);
    if (kind == PropertyKind::kInvariant && !sys.Holds(id, s.data())) violated[k] = true;
    if (kind == PropertyKind::kFinal && out->final_unchecked.empty() &&
        !sys.Holds(id, s.data())) {
      violated[k] = true;
    }
  }
  // Blocked for good, and not behind a process that died holding the lock: a deadlock.
  if (out->blocked && out->crashed == 0 && sys.deadlock_property() >= 0) {
    violated[sys.deadlock_property()] = true;
  }
  if (!out->interrupted) {
    TrialObservation obs;
    obs.ops = ops;
    obs.log_overflowed = overflowed;
    obs.final_ok = out->final_ok;
    for (const ProcessResult& pr : out->processes) {
      obs.ends.push_back(pr.end);
      obs.reasons.push_back(pr.reason);
    }
    for (int v : vars.store_vars) obs.final_store.push_back(out->values[v]);
    for (int v : vars.ghost_vars) obs.final_ghosts.push_back(out->values[v]);
    ConformanceOptions co;
    co.max_nodes = opt.max_search_nodes;
    co.interrupt = opt.interrupt;
    out->conformance = CheckConformance(sys, vars, obs, co);
    if (out->conformance.violated_property >= 0) {
      violated[out->conformance.violated_property] = true;
    }
  } else {
    out->conformance.verdict = ConformanceVerdict::kNotChecked;
    out->conformance.reason = "the trial was interrupted";
  }
  for (size_t k = 0; k < violated.size(); ++k) {
    if (violated[k]) out->violated.push_back(static_cast<int32_t>(k));
  }
}

}  // namespace

std::string TrialDirPrefix(Os& os) {
  const int pid = os.Pid();
  return fmt::format("{}{}-{}-", kTrialDirStem, pid, os.ProcessStartTime(pid).value_or(0));
}

int RemoveOrphanedTrialDirs(Os& os) {
  const std::string root = os.TempRoot();
  std::vector<std::string> names;
  if (!os.ListDir(root, &names).ok()) return 0;
  const int me = os.Pid();
  int removed = 0;
  for (const std::string& name : names) {
    // racecheck-run-<pid>-<start time>-XXXXXX; a name without them is not ours to judge.
    if (name.rfind(kTrialDirStem, 0) != 0) continue;
    const char* p = name.c_str() + sizeof kTrialDirStem - 1;
    char* end = nullptr;
    const long pid = std::strtol(p, &end, 10);
    if (end == p || *end != '-' || pid <= 0) continue;
    p = end + 1;
    const unsigned long long started = std::strtoull(p, &end, 10);
    if (end == p || *end != '-') continue;
    if (pid == me) continue;
    std::optional<uint64_t> now = os.ProcessStartTime(static_cast<int>(pid));
    if (now && *now == started) continue;  // its owner still runs
    if (os.RemoveTree(root + "/" + name).ok()) ++removed;
  }
  return removed;
}

Status RunTrial(Os& os, const System& sys, const TrialOptions& opt, int trial, TrialResult* out) {
  *out = TrialResult();
  out->trial = trial;
  Status st = CheckRunnable(sys, opt);
  if (!st.ok()) return st;
  const int n = sys.num_processes();
  StoreVars vars;
  (void)vars.Init(sys);  // fits: CheckRunnable says so
  TrialResources res(os);
  st = os.MakeTempDir(TrialDirPrefix(os), &res.dir);
  if (!st.ok()) return st;
  uint32_t capacity = static_cast<uint32_t>(std::max(4096, std::min(1 << 20, n * 256)));
  uint32_t print_capacity =
      opt.capture_prints ? static_cast<uint32_t>(std::clamp(n * 2048, 1 << 16, 8 << 20)) : 0;
  st = Region::Create(os, n, static_cast<int>(sys.syncs().size()), capacity, print_capacity,
                      &res.region);
  if (!st.ok()) return st;
  Region& region = *res.region;
  for (size_t i = 0; i < sys.syncs().size(); ++i) {
    const SyncInfo& sy = sys.syncs()[i];
    int64_t count = sy.is_semaphore ? sy.init : 1;
    for (int64_t k = 0; k < count && st.ok(); ++k)
      st = os.SemPost(region.sync(static_cast<int>(i)));
    if (!st.ok()) return st;
  }
  std::vector<uint64_t> init(sys.words());
  sys.Initial(init.data());
  int64_t values[kMaxRunVars] = {};
  for (size_t i = 0; i < vars.store_vars.size(); ++i) {
    values[i] = sys.layout().field(sys.shared()[vars.store_vars[i]].field).Get(init.data());
  }
  for (size_t i = 0; i < vars.ghost_vars.size(); ++i) {
    region.header()->ghosts[i] =
        sys.layout().field(sys.shared()[vars.ghost_vars[i]].field).Get(init.data());
  }
  region.header()->start_interval = opt.start_interval;
  Store store(&os, opt.store, opt.faults, res.dir, &sys, &vars, &region);
  st = store.Init(values);
  if (!st.ok()) return st;

  std::vector<ChildConfig> configs(n);
  for (int p = 0; p < n; ++p) {
    ChildConfig& cfg = configs[p];
    cfg.sys = &sys;
    cfg.os = &os;
    cfg.region = &region;
    cfg.store = &store;
    cfg.vars = &vars;
    cfg.process = p;
    cfg.parent_pid = os.Pid();
    cfg.gated = opt.gated;
    cfg.capture_prints = opt.capture_prints;
    cfg.time_scale = opt.time_scale;
    cfg.seed = opt.seed;
    cfg.trial = trial;
  }
  os.FlushStdio();
  Supervisor sup(os, sys, opt, region, out);
  const double t_fork = os.Now();
  st = sup.StartAll(configs);
  if (!st.ok()) return st;
  // Starting the processes is not part of the trial: its time and its timeout start when they
  // are released together.
  const double t0 = sup.Release(t_fork + opt.timeout);
  out->start_seconds = t0 - t_fork;
  sup.set_deadline(t0 + opt.timeout);
  if (opt.gated) sup.DriveSchedule();
  out->seconds = std::max(0.0, sup.WaitAll() - t0);

  ClassifyProcesses(sys, region, sup, out);
  // The final values: the store's, and the ghosts from shared memory.
  Result<StoreRead> final_read = store.Read();
  if (final_read.ok()) out->final_text = final_read->raw;
  out->final_ok = final_read.ok() && final_read->parse_error.empty();
  out->values.assign(sys.shared().size(), 0);
  for (size_t i = 0; i < vars.store_vars.size(); ++i) {
    out->values[vars.store_vars[i]] = out->final_ok ? final_read->values[i] : 0;
  }
  for (size_t i = 0; i < vars.ghost_vars.size(); ++i) {
    out->values[vars.ghost_vars[i]] = region.header()->ghosts[i];
  }
  if (opt.capture_prints) {
    for (Region::Print& pr : region.Prints()) {
      out->prints.push_back({pr.process, std::move(pr.text)});
    }
    out->prints_dropped = static_cast<int>(region.header()->prints_dropped.load());
  }
  std::vector<LogOp> ops;
  ops.reserve(region.log_size());
  for (uint32_t i = 0; i < region.log_size(); ++i) ops.push_back(region.op(i));
  bool overflowed = region.log_overflowed();
  // Judge after the region and the directory are gone: nothing is left behind even if the
  // conformance search is interrupted.
  res.region->Destroy(os);
  res.region.reset();
  st = os.RemoveTree(res.dir);
  res.dir.clear();
  if (!st.ok()) return st;
  Judge(sys, vars, opt, ops, overflowed, out);
  return Status::Ok();
}

std::string OutcomeKey(const System& sys, const TrialResult& t) {
  std::string key;
  for (size_t i = 0; i < sys.shared().size(); ++i) {
    const VarInfo& v = sys.shared()[i];
    if (!key.empty()) key += " ";
    bool unreadable = !t.final_ok && !v.ghost;
    key += v.name + "=" + (unreadable ? std::string("?") : sys.FormatValue(v.field, t.values[i]));
  }
  if (!t.final_ok) key += " (store unreadable)";
  if (!t.violated.empty()) {
    key += "; violates";
    for (size_t k = 0; k < t.violated.size(); ++k) {
      key += (k ? ", " : " ") + sys.properties()[t.violated[k]].name;
    }
  }
  if (t.crashed > 0) key += fmt::format("; {} crashed", t.crashed);
  if (t.stuck > 0) key += fmt::format("; {} stuck", t.stuck);
  if (t.timed_out_processes > 0 && !t.interrupted) {
    key += fmt::format("; {} timed out", t.timed_out_processes);
  }
  if (t.interrupted) key += "; interrupted";
  return key;
}

VariantSummary Summarize(const System& sys, const std::vector<TrialResult>& trials) {
  VariantSummary s;
  std::map<std::string, int> counts;
  std::vector<double> secs, start_secs;
  for (const TrialResult& t : trials) {
    ++s.trials;
    if (!t.violated.empty()) ++s.violating;
    if (t.crashed > 0) ++s.crashed;
    if (t.stuck > 0) ++s.stuck;
    if (t.timed_out_processes > 0) ++s.timed_out;
    if (!t.final_unchecked.empty()) ++s.final_unchecked;
    if (t.reachable == 0) ++s.unreachable;
    switch (t.conformance.verdict) {
      case ConformanceVerdict::kExplained:
        ++s.explained;
        break;
      case ConformanceVerdict::kDiverged:
        ++s.diverged;
        break;
      case ConformanceVerdict::kUndecided:
        ++s.undecided;
        break;
      case ConformanceVerdict::kNotChecked:
        ++s.not_checked;
        break;
    }
    ++counts[OutcomeKey(sys, t)];
    secs.push_back(t.seconds);
    start_secs.push_back(t.start_seconds);
  }
  auto median = [](std::vector<double>& v) {
    std::sort(v.begin(), v.end());
    const size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
  };
  if (!secs.empty()) {
    s.median_seconds = median(secs);
    s.min_seconds = secs.front();
    s.max_seconds = secs.back();
    s.median_start_seconds = median(start_secs);
  }
  s.histogram.assign(counts.begin(), counts.end());
  std::stable_sort(s.histogram.begin(), s.histogram.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return s;
}

}  // namespace racecheck
