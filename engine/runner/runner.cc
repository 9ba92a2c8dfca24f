// The real-process runner: one trial's life cycle and the summary of many (see runner.h).
#include "engine/runner/runner.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <map>

#include "engine/runner/child.h"
#include "engine/runner/region.h"

namespace racecheck {

Status CheckRunnable(const System& sys, const TrialOptions& options) {
  if (sys.num_processes() > options.max_processes) {
    return Status::Error(
        fmt::format("the model has {} processes; real mode runs at most {} per trial "
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

bool Interrupted(const TrialOptions& o) { return o.interrupt != nullptr && o.interrupt->load(); }

bool Ended(Region& region, int p) {
  auto st = static_cast<ProcState>(region.slot(p)->state.load());
  return st == ProcState::kFinished || st == ProcState::kCrashed || st == ProcState::kViolated;
}

// Drives a forced schedule (see runner.h). Returns when done, stuck, timed out or interrupted.
void DriveSchedule(Os& os, const System& sys, const TrialOptions& opt, Region& region,
                   double deadline) {
  std::vector<uint64_t> m(sys.words()), next(sys.words());
  sys.Initial(m.data());
  for (size_t i = 0;; ++i) {
    int p = -1;
    if (i < opt.schedule.size()) {
      p = opt.schedule[i];
      if (!sys.Enabled(m.data(), p)) p = -1;
    } else {
      for (int q = 0; q < sys.num_processes() && p < 0; ++q) {
        if (sys.Enabled(m.data(), q)) p = q;
      }
    }
    if (p < 0 || Ended(region, p)) break;
    if (!os.SemPost(region.go(p)).ok()) break;
    bool done = false;
    while (!done && !Interrupted(opt)) {
      double left = deadline - os.Now();
      if (left <= 0) break;
      bool timed_out = false;
      if (!os.SemWait(region.done(), std::min(0.05, left), &timed_out).ok()) break;
      done = !timed_out;
    }
    if (!done) break;
    if (sys.Step(m.data(), p, next.data()).status != StepStatus::kOk) break;
    m.swap(next);
  }
  region.header()->free_run.store(1);
  for (int p = 0; p < sys.num_processes(); ++p) (void)os.SemPost(region.go(p));
}

// Reaps every child of the group; kills the group at the deadline or on interrupt.
void ReapAll(Os& os, const TrialOptions& opt, int pgid, const std::vector<int>& pids,
             double deadline, std::vector<std::optional<ChildExit>>* exits,
             std::vector<bool>* before_kill, TrialResult* out) {
  size_t left = pids.size();
  double nap = 0.00005;
  bool killed = false;
  while (left > 0) {
    std::optional<ChildExit> e;
    Status st = os.TryWait(pgid, &e);
    if (!st.ok()) break;  // ECHILD: nothing left to reap
    if (e) {
      auto it = std::find(pids.begin(), pids.end(), e->pid);
      if (it != pids.end()) {
        (*exits)[it - pids.begin()] = e;
        (*before_kill)[it - pids.begin()] = !killed;
        --left;
      }
      nap = 0.00005;
      continue;
    }
    if (!killed && (Interrupted(opt) || os.Now() >= deadline)) {
      out->interrupted = Interrupted(opt);
      out->timed_out = !out->interrupted;
      (void)os.KillGroup(pgid, SIGKILL);
      killed = true;
    }
    os.Sleep(nap);
    nap = std::min(nap * 2, 0.002);
  }
}

void Judge(const System& sys, const StoreVars& vars, const TrialOptions& opt,
           const std::vector<LogOp>& ops, bool overflowed, TrialResult* out) {
  std::vector<uint64_t> s(sys.words());
  sys.Initial(s.data());
  for (size_t i = 0; i < sys.shared().size(); ++i) {
    sys.layout().field(sys.shared()[i].field).Set(s.data(), out->values[i]);
  }
  bool all_finished = true;
  std::vector<bool> violated(sys.properties().size(), false);
  for (int p = 0; p < sys.num_processes(); ++p) {
    const ProcessInfo& pi = sys.processes()[p];
    if (out->processes[p].end == ProcEnd::kFinished) {
      sys.layout().field(pi.pc_field).Set(s.data(), sys.templates()[pi.tmpl].end_pc);
    } else {
      all_finished = false;
    }
  }
  for (const LogOp& op : ops) {
    if (op.kind == OpKind::kViolation && op.property >= 0) violated[op.property] = true;
  }
  for (size_t k = 0; k < sys.properties().size(); ++k) {
    PropertyKind kind = sys.properties()[k].kind;
    int32_t id = static_cast<int32_t>(k);
    if (kind == PropertyKind::kInvariant && !sys.Holds(id, s.data())) violated[k] = true;
    if (kind == PropertyKind::kFinal && all_finished && out->final_ok && !sys.Holds(id, s.data())) {
      violated[k] = true;
    }
  }
  if (out->stuck > 0 && sys.deadlock_property() >= 0) violated[sys.deadlock_property()] = true;
  for (size_t k = 0; k < violated.size(); ++k) {
    if (violated[k]) out->violated.push_back(static_cast<int32_t>(k));
  }
  if (out->interrupted) {
    out->conformance.verdict = ConformanceVerdict::kNotChecked;
    out->conformance.reason = "the trial was interrupted";
    return;
  }
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
  out->conformance = CheckConformance(sys, vars, obs, co);
}

}  // namespace

Status RunTrial(Os& os, const System& sys, const TrialOptions& opt, int trial, TrialResult* out) {
  *out = TrialResult();
  out->trial = trial;
  Status st = CheckRunnable(sys, opt);
  if (!st.ok()) return st;
  const int n = sys.num_processes();
  StoreVars vars;
  (void)vars.Init(sys);  // fits: CheckRunnable says so
  TrialResources res(os);
  st = os.MakeTempDir(&res.dir);
  if (!st.ok()) return st;
  uint32_t capacity = static_cast<uint32_t>(std::max(4096, std::min(1 << 20, n * 256)));
  st = Region::Create(os, n, static_cast<int>(sys.syncs().size()), capacity, &res.region);
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
  Store store(&os, opt.store, opt.faults, res.dir, &sys, &vars, &region);
  st = store.Init(values);
  if (!st.ok()) return st;

  os.FlushStdio();
  const double t0 = os.Now();
  const double deadline = t0 + opt.timeout;
  int pgid = 0;
  std::vector<int> pids;
  std::vector<std::optional<ChildExit>> exits(n);
  std::vector<bool> before_kill(n, false);  // ended before the runner killed the group
  for (int p = 0; p < n; ++p) {
    ChildConfig cfg;
    cfg.sys = &sys;
    cfg.os = &os;
    cfg.region = &region;
    cfg.store = &store;
    cfg.vars = &vars;
    cfg.process = p;
    cfg.gated = opt.gated;
    cfg.show_prints = opt.show_prints;
    cfg.time_scale = opt.time_scale;
    cfg.seed = opt.seed;
    cfg.trial = trial;
    int pid = 0;
    st = os.Fork(
        pgid, [&cfg]() { return RunChild(cfg); }, &pid);
    if (!st.ok()) {
      (void)os.KillGroup(pgid, SIGKILL);
      TrialOptions quick = opt;
      ReapAll(os, quick, pgid, pids, os.Now(), &exits, &before_kill, out);
      return Status::Error(
          fmt::format("{} (after starting {} of {} processes; they were "
                      "stopped and everything was removed)",
                      st.message(), p, n));
    }
    if (pgid == 0) pgid = pid;
    pids.push_back(pid);
    if (opt.start_interval > 0 && p + 1 < n) os.Sleep(opt.start_interval);
  }
  if (opt.gated) DriveSchedule(os, sys, opt, region, deadline);
  ReapAll(os, opt, pgid, pids, deadline, &exits, &before_kill, out);
  out->seconds = os.Now() - t0;

  out->processes.resize(n);
  for (int p = 0; p < n; ++p) {
    ProcSlot* slot = region.slot(p);
    auto state = static_cast<ProcState>(slot->state.load());
    ProcessResult& pr = out->processes[p];
    const std::optional<ChildExit>& e = exits[p];
    if (state == ProcState::kFinished) {
      pr.end = ProcEnd::kFinished;
    } else if (state == ProcState::kCrashed || state == ProcState::kViolated) {
      pr.end = state == ProcState::kCrashed ? ProcEnd::kCrashed : ProcEnd::kViolated;
      pr.reason = slot->reason;
    } else if ((out->timed_out || out->interrupted) && !before_kill[p]) {
      pr.end = ProcEnd::kStuck;
      int w = slot->waiting_sync.load();
      pr.reason = w >= 0 ? "waits in sem_wait for '" + sys.syncs()[w].name + "'"
                         : "still running when the trial was stopped";
    } else {
      pr.end = ProcEnd::kCrashed;
      pr.reason = !e          ? "was not reaped"
                  : e->exited ? fmt::format("exited with code {} before finishing", e->code)
                              : fmt::format("killed by signal {}", e->signal);
    }
    if (pr.end == ProcEnd::kCrashed) ++out->crashed;
    if (pr.end == ProcEnd::kStuck) ++out->stuck;
  }
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
  if (t.interrupted) key += "; interrupted";
  return key;
}

VariantSummary Summarize(const System& sys, const std::vector<TrialResult>& trials) {
  VariantSummary s;
  std::map<std::string, int> counts;
  std::vector<double> secs;
  for (const TrialResult& t : trials) {
    ++s.trials;
    if (!t.violated.empty()) ++s.violating;
    if (t.crashed > 0) ++s.crashed;
    if (t.stuck > 0) ++s.stuck;
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
  }
  if (!secs.empty()) {
    std::sort(secs.begin(), secs.end());
    size_t m = secs.size() / 2;
    s.median_seconds = secs.size() % 2 ? secs[m] : (secs[m - 1] + secs[m]) / 2;
  }
  s.histogram.assign(counts.begin(), counts.end());
  std::stable_sort(s.histogram.begin(), s.histogram.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return s;
}

}  // namespace racecheck
