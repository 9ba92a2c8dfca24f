// The real-process runner: one trial's life cycle and the summary of many (see runner.h).
#include "engine/runner/runner.h"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <map>

#include "engine/runner/child.h"
#include "engine/runner/region.h"
#include "engine/runner/supervisor.h"
#include "engine/runner/trial_text.h"
#include "engine/support/messages.h"

namespace racecheck {

Status CheckRunnable(const System& sys, const TrialOptions& options) {
  if (sys.num_processes() > options.max_processes) {
    return Status::Error(Say(options.lang, Msg::kErrMaxProcesses,
                             fmt::arg("n", sys.num_processes()),
                             fmt::arg("max", options.max_processes)));
  }
  StoreVars vars;
  if (Status st = vars.Init(sys, options.lang); !st.ok()) return st;
  if (options.store != StoreKind::kInPlaceFile && options.faults.torn_pause > 0) {
    return Status::Error(Say(options.lang, Msg::kErrRunTornNeedsFile));
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

void Judge(const System& sys, const StoreVars& vars, const TrialOptions& opt,
           const std::vector<LogOp>& ops, bool overflowed, TrialResult* out) {
  std::vector<uint64_t> s(sys.words());
  sys.Initial(s.data());
  for (size_t i = 0; i < sys.shared().size(); ++i) {
    sys.layout().field(sys.shared()[i].field).Set(s.data(), out->values[i]);
  }
  for (size_t i = 0; i < vars.sync_fields.size() && i < out->sync_state.size(); ++i) {
    sys.layout().field(vars.sync_fields[i]).Set(s.data(), out->sync_state[i]);
  }
  for (int p = 0; p < sys.num_processes(); ++p) {
    const ProcessInfo& pi = sys.processes()[p];
    if (out->processes[p].end == ProcEnd::kFinished) {
      sys.layout().field(pi.pc_field).Set(s.data(), sys.templates()[pi.tmpl].end_pc);
    }
  }
  out->final_unchecked = FinalUncheckedText(sys, *out);
  std::vector<bool> violated(sys.properties().size(), false);
  for (const LogOp& op : ops) {
    if (op.kind == OpKind::kViolation && op.property >= 0) violated[op.property] = true;
  }
  for (size_t k = 0; k < sys.properties().size(); ++k) {
    PropertyKind kind = sys.properties()[k].kind;
    int32_t id = static_cast<int32_t>(k);
    if (kind == PropertyKind::kInvariant && !sys.Holds(id, s.data())) violated[k] = true;
    if (kind == PropertyKind::kFinal && out->final_unchecked.empty() && !sys.Holds(id, s.data())) {
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
    obs.final_sync = out->sync_state;
    ConformanceOptions co;
    co.max_nodes = opt.max_search_nodes;
    co.interrupt = opt.interrupt;
    co.lang = opt.lang;
    out->conformance = CheckConformance(sys, vars, obs, co);
    if (out->conformance.violated_property >= 0) {
      violated[out->conformance.violated_property] = true;
    }
  } else {
    out->conformance.verdict = ConformanceVerdict::kNotChecked;
    out->conformance.reason = Say(Lang::kEn, Msg::kConfTrialInterrupted);
    if (opt.lang != Lang::kEn) {
      out->conformance.reason_text = Say(opt.lang, Msg::kConfTrialInterrupted);
    }
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
  const int me = os.Pid();
  // Without start times (no /proc) a live owner cannot be told from a dead one: judge nothing.
  if (!os.ProcessStartTime(me).has_value()) return 0;
  const std::string root = os.TempRoot();
  std::vector<std::string> names;
  if (!os.ListDir(root, &names).ok()) return 0;
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
  st = Region::Create(os, n, static_cast<int>(sys.syncs().size()),
                      static_cast<int>(vars.sync_fields.size()), capacity, print_capacity,
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
  for (size_t i = 0; i < vars.sync_fields.size(); ++i) {
    region.mirror()[i] = sys.layout().field(vars.sync_fields[i]).Get(init.data());
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
    cfg.lang = opt.lang;
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

  // The final mirror first: what a process stuck at a barrier, a queue or a condition waited for
  // is told from it.
  out->sync_state.assign(region.mirror(), region.mirror() + vars.sync_fields.size());
  ClassifyProcesses(sys, region, sup, out, opt.lang);
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
    int torn = 0;
    for (Region::Print& pr : region.Prints(&torn)) {
      out->prints.push_back({pr.process, std::move(pr.text)});
    }
    out->prints_dropped = static_cast<int>(region.header()->prints_dropped.load()) + torn;
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
