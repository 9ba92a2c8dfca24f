// Conformance: the linearizability search and the terminal-outcome enumeration (see
// conformance.h).
#include "engine/runner/conformance.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <limits>
#include <optional>
#include <unordered_set>

#include "engine/semantics/granularity.h"
#include "engine/support/messages.h"
#include "engine/trace/describe.h"

namespace racecheck {

const char* ProcEndName(ProcEnd e) {
  switch (e) {
    case ProcEnd::kFinished:
      return "finished";
    case ProcEnd::kCrashed:
      return "crashed";
    case ProcEnd::kViolated:
      return "violated";
    case ProcEnd::kStuck:
      return "stuck";
    case ProcEnd::kTimedOut:
      return "timed out";
  }
  return "?";
}

std::string ProcEndText(ProcEnd e, Lang lang) {
  switch (e) {
    case ProcEnd::kFinished:
      return Say(lang, Msg::kEndFinished);
    case ProcEnd::kCrashed:
      return Say(lang, Msg::kEndCrashed);
    case ProcEnd::kViolated:
      return Say(lang, Msg::kEndViolated);
    case ProcEnd::kStuck:
      return Say(lang, Msg::kEndStuck);
    case ProcEnd::kTimedOut:
      return Say(lang, Msg::kEndTimedOut);
  }
  return "?";
}

const char* ConformanceVerdictName(ConformanceVerdict v) {
  switch (v) {
    case ConformanceVerdict::kExplained:
      return "explained";
    case ConformanceVerdict::kDiverged:
      return "diverged";
    case ConformanceVerdict::kUndecided:
      return "undecided";
    case ConformanceVerdict::kNotChecked:
      return "not checked";
  }
  return "?";
}

std::string DescribeOp(const System& sys, const LogOp& op, int position, int total, Lang lang) {
  const ProcessInfo& pi = sys.processes()[op.process];
  const Template& t = sys.templates()[pi.tmpl];
  const PInstr& ins = t.code[op.pc];
  std::string text = ins.step != nullptr ? ins.step->source : InstrKindName(ins.kind);
  if (ins.group_begin >= 0) {  // an atomic group: its steps, in order
    text = "atomic: ";
    const Step* last = nullptr;
    for (int32_t q = ins.group_begin; q < ins.group_end; ++q) {
      const Step* step = t.code[q].step;
      if (step == nullptr || step == last || !IsStepKind(t.code[q].kind)) continue;
      text += (last != nullptr ? "; " : "") + step->source;
      last = step;
    }
  }
  return Say(lang, Msg::kRunOp, fmt::arg("process", pi.name), fmt::arg("step", text),
             fmt::arg("n", position), fmt::arg("of", total), fmt::arg("from", op.start),
             fmt::arg("to", op.end));
}

namespace {

// The state fields an invariant reads that live in the store (not ghosts): when there are
// none, every explaining order passes through the same states as far as the invariants can see.
bool InvariantsReadStore(const System& sys) {
  for (const PropertyInfo& p : sys.properties()) {
    if (p.kind != PropertyKind::kInvariant) continue;
    bool reads = false;
    ForEachSharedRead(p.expr, [&](int f) {
      for (const VarInfo& v : sys.shared()) reads = reads || (v.field == f && !v.ghost);
    });
    if (reads) return true;
  }
  return false;
}

// A text in English (Conformance::where, reason: JSON) and in the report's language (empty when
// that is English).
struct Said {
  std::string en;
  std::string local;
};

class Search {
 public:
  Search(const System& sys, const StoreVars& vars, const TrialObservation& obs,
         const ConformanceOptions& options)
      : sys_(sys),
        vars_(vars),
        obs_(obs),
        options_(options),
        n_(sys.num_processes()),
        total_(static_cast<int>(obs.ops.size())),
        limit_(options.max_nodes) {
    per_proc_.resize(n_);
    for (size_t i = 0; i < obs.ops.size(); ++i) per_proc_[obs.ops[i].process].push_back(i);
    for (auto& v : per_proc_) {
      std::sort(v.begin(), v.end(),
                [&](size_t a, size_t b) { return obs.ops[a].start < obs.ops[b].start; });
    }
    for (int v : vars.store_vars) store_fields_.push_back(sys.shared()[v].field);
    for (int v : vars.ghost_vars) ghost_fields_.push_back(sys.shared()[v].field);
    // The orders the processes recorded: each sync's acquisitions, and the ghost steps.
    acquires_.resize(sys.syncs().size());
    acquire_next_.assign(sys.syncs().size(), 0);
    order_index_.assign(obs.ops.size(), -1);
    op_sync_.assign(obs.ops.size(), -1);
    for (size_t i = 0; i < obs.ops.size(); ++i) {
      const LogOp& op = obs.ops[i];
      const PInstr& ins = sys.templates()[sys.processes()[op.process].tmpl].code[op.pc];
      // The lock or semaphore it took: the one its index chose, as the process logged it.
      const int32_t sync = op.sync >= 0 ? op.sync : ins.sync;
      if (op.acquire_order >= 0 && ins.kind == InstrKind::kAcquire && sync >= 0) {
        op_sync_[i] = sync;
        acquires_[sync].push_back(i);
      }
      if (op.ghost_order >= 0) ghosts_.push_back(i);
    }
    for (auto& list : acquires_) {
      std::sort(list.begin(), list.end(), [&](size_t a, size_t b) {
        return obs.ops[a].acquire_order < obs.ops[b].acquire_order;
      });
      for (size_t k = 0; k < list.size(); ++k) order_index_[list[k]] = static_cast<int>(k);
    }
    std::sort(ghosts_.begin(), ghosts_.end(),
              [&](size_t a, size_t b) { return obs.ops[a].ghost_order < obs.ops[b].ghost_order; });
    ghost_index_.assign(obs.ops.size(), -1);
    for (size_t k = 0; k < ghosts_.size(); ++k) ghost_index_[ghosts_[k]] = static_cast<int>(k);
    need_any_ = InvariantsReadStore(sys);
  }

  Conformance Run() {
    Conformance c;
    c.total = total_;
    // A crashed operation can never be placed: report the earliest one at once. Every
    // operation that ended before it started comes before it in any order.
    const LogOp* crash = nullptr;
    size_t crash_i = 0;
    for (size_t i = 0; i < obs_.ops.size(); ++i) {
      const LogOp& op = obs_.ops[i];
      if (op.kind == OpKind::kCrash && (crash == nullptr || op.start < crash->start)) {
        crash = &op;
        crash_i = i;
      }
    }
    if (crash != nullptr) {
      int before = 0;
      for (const LogOp& op : obs_.ops) before += op.end < crash->start;
      c.verdict = ConformanceVerdict::kDiverged;
      c.placed = before;
      c.where = Describe(crash_i, before);
      if (lang() != Lang::kEn) c.where_text = Describe(crash_i, before, lang());
      const std::string& why = obs_.reasons[crash->process];
      Set(c, Both(why.rfind("json.decoder.JSONDecodeError", 0) == 0 ? Msg::kConfCrashedTorn
                                                                    : Msg::kConfCrashed,
                  fmt::arg("why", why)));
      return c;
    }
    std::vector<uint64_t> s(sys_.words());
    sys_.Initial(s.data());
    pos_.assign(n_, 0);
    const int32_t bad = sys_.FirstViolatedInvariant(s.data());
    if (bad >= 0) path_violation_ = {bad, 0, kNoOp};
    bool ok = Dfs(s, 0);
    c.nodes = nodes_;
    if (interrupted_) {
      c.verdict = ConformanceVerdict::kNotChecked;
      Set(c, Both(Msg::kConfInterrupted));
      return c;
    }
    if (!ok && found_.has_value()) {  // an explaining order that violates nothing
      ok = true;
      c.orders_exhausted = nodes_ < limit_;
    }
    if (ok) {
      c.verdict = ConformanceVerdict::kExplained;
      c.placed = total_;
      const Found& f = found_ ? *found_ : Found{};
      c.order = f.order;
      if (f.violation.property >= 0) {
        c.violated_property = f.violation.property;
        c.violated_at = f.violation.at;
        c.violated_where = f.violation.op == kNoOp ? Say(Lang::kEn, Msg::kConfInitialState)
                                                   : Describe(f.violation.op, f.violation.at - 1);
        if (f.violation.op != kNoOp) c.violated_op = obs_.ops[f.violation.op];
      }
    } else if (nodes_ >= options_.max_nodes) {
      c.verdict = ConformanceVerdict::kUndecided;
      c.placed = best_depth_;
      Set(c, Both(Msg::kConfUndecided, fmt::arg("nodes", nodes_), fmt::arg("placed", best_depth_),
                  fmt::arg("total", c.total)));
    } else if (fail_depth_ < 0) {  // no operation could go first in the recorded orders
      c.verdict = ConformanceVerdict::kDiverged;
      c.placed = best_depth_;
      const Said where =
          Both(Msg::kConfOperation, fmt::arg("n", best_depth_ + 1), fmt::arg("total", total_));
      c.where = where.en;
      c.where_text = where.local;
      Set(c, Both(Msg::kConfNoOrder));
    } else {
      c.verdict = ConformanceVerdict::kDiverged;
      c.placed = fail_depth_;
      c.where = best_where_.en;
      c.where_text = best_where_.local;
      Set(c, best_reason_);
      const Said granularity = GranularityNote();
      c.granularity = granularity.en;
      c.granularity_text = granularity.local;
    }
    return c;
  }

 private:
  static constexpr size_t kNoOp = static_cast<size_t>(-1);
  struct Violation {
    int32_t property = -1;
    int at = 0;         // operations placed when it happened
    size_t op = kNoOp;  // the operation that led there (kNoOp: the initial state)
  };
  struct Found {
    std::vector<int32_t> order;
    Violation violation;
  };

  // Operation i as the (placed + 1)-th of the order.
  std::string Describe(size_t i, int placed, Lang lang = Lang::kEn) const {
    return DescribeOp(sys_, obs_.ops[i], placed + 1, total_, lang);
  }
  Lang lang() const { return options_.lang; }
  // The message `id` in English and, unless that is the report's language, in that one.
  template <typename... Args>
  Said Both(Msg id, const Args&... args) const {
    return {Say(Lang::kEn, id, args...),
            lang() == Lang::kEn ? std::string() : Say(lang(), id, args...)};
  }
  static void Set(Conformance& c, Said reason) {
    c.reason = std::move(reason.en);
    c.reason_text = std::move(reason.local);
  }
  std::string StoreName(size_t i) const { return sys_.shared()[vars_.store_vars[i]].name; }
  int64_t Get(const std::vector<uint64_t>& s, int field) const {
    return sys_.layout().field(field).Get(s.data());
  }

  // Keeps the failure at the deepest point; among equals, the operation that started first.
  // A value mismatch (severity 2) says more than a step that must wait its turn (1). `var`: the
  // store variable the failure is about, or -1.
  void Fail(int depth, size_t op_index, Said reason, int severity = 2, int var = -1) {
    uint64_t start = op_index == kNoOp ? 0 : obs_.ops[op_index].start;
    if (fail_depth_ < 0 || depth > fail_depth_ ||
        (depth == fail_depth_ &&
         (severity > fail_severity_ || (severity == fail_severity_ && start < best_start_)))) {
      fail_depth_ = depth;
      fail_severity_ = severity;
      best_start_ = start;
      if (op_index == kNoOp) {
        best_where_ = Both(Msg::kConfEndOfTrial, fmt::arg("n", depth), fmt::arg("total", total_));
      } else {
        best_where_ = {Describe(op_index, depth),
                       lang() == Lang::kEn ? std::string() : Describe(op_index, depth, lang())};
      }
      best_reason_ = std::move(reason);
      best_var_ = var;
    }
  }

  // When the divergence is about a store variable that a step of the model reads and writes in
  // one atomic step, and this trial ran such a step: say so (granularity.h).
  Said GranularityNote() const {
    if (best_var_ < 0) return {};
    const int var = vars_.store_vars[best_var_];
    for (const AtomicReadWrite& a : AtomicReadWrites(sys_)) {
      if (a.var != var) continue;
      for (const LogOp& op : obs_.ops) {
        if (sys_.processes()[op.process].tmpl == a.tmpl && op.pc >= a.begin && op.pc < a.end) {
          return {DivergenceNote(sys_, a, Lang::kEn),
                  lang() == Lang::kEn ? std::string() : DivergenceNote(sys_, a, lang())};
        }
      }
    }
    return {};
  }

  // The shared variables and the locks and semaphores are the same in a and b.
  bool SharedUnchanged(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) const {
    for (const VarInfo& v : sys_.shared()) {
      if (Get(a, v.field) != Get(b, v.field)) return false;
    }
    for (int f : vars_.sync_fields) {  // locks, semaphores, barriers, queues, conditions
      if (Get(a, f) != Get(b, f)) return false;
    }
    return true;
  }

  // Does the order the processes recorded let op i go next?
  bool OrderAllows(size_t i) const {
    if (op_sync_[i] >= 0 && acquire_next_[op_sync_[i]] != order_index_[i]) return false;
    if (ghost_index_[i] >= 0 && ghost_next_ != ghost_index_[i]) return false;
    return true;
  }
  void Advance(size_t i, int delta) {
    if (op_sync_[i] >= 0) acquire_next_[op_sync_[i]] += delta;
    if (ghost_index_[i] >= 0) ghost_next_ += delta;
  }

  // Tries op i (the next one of its process) in state s; fills `out` on success.
  bool Place(const std::vector<uint64_t>& s, size_t i, std::vector<uint64_t>* out, int depth) {
    const LogOp& op = obs_.ops[i];
    int p = op.process;
    if (sys_.Finished(s.data(), p) || sys_.Pc(s.data(), p) != op.pc) {
      Fail(depth, i, Both(Msg::kConfElsewhere), 1);
      return false;
    }
    if (!sys_.Enabled(s.data(), p)) {
      auto why = [&](Lang lang) {
        return Say(lang, Msg::kConfCannotRun,
                   fmt::arg("why", WaitDescription(sys_, s.data(), p, lang)));
      };
      Fail(depth, i, {why(Lang::kEn), lang() == Lang::kEn ? std::string() : why(lang())}, 1);
      return false;
    }
    for (size_t v = 0; v < store_fields_.size(); ++v) {
      if ((op.read_mask >> v & 1) && Get(s, store_fields_[v]) != op.read_vals[v]) {
        Fail(depth, i,
             Both(Msg::kConfRead, fmt::arg("var", StoreName(v)), fmt::arg("got", op.read_vals[v]),
                  fmt::arg("model", Get(s, store_fields_[v]))),
             2, static_cast<int>(v));
        return false;
      }
    }
    out->resize(s.size());
    StepResult r = sys_.Step(s.data(), p, out->data());
    if (op.kind == OpKind::kViolation) {
      if (r.status != StepStatus::kViolation || r.property != op.property) {
        Fail(depth, i, Both(Msg::kConfReportedViolation));
        return false;
      }
      *out = s;
      return true;
    }
    if (r.status != StepStatus::kOk) {
      Fail(depth, i,
           Both(Msg::kConfModelViolates, fmt::arg("property", sys_.properties()[r.property].name)));
      return false;
    }
    for (size_t v = 0; v < store_fields_.size(); ++v) {
      if ((op.write_mask >> v & 1) && Get(*out, store_fields_[v]) != op.write_vals[v]) {
        Fail(depth, i,
             Both(Msg::kConfWrote, fmt::arg("var", StoreName(v)), fmt::arg("got", op.write_vals[v]),
                  fmt::arg("model", Get(*out, store_fields_[v]))));
        return false;
      }
    }
    return true;
  }

  bool FinalMatches(const std::vector<uint64_t>& s) {
    for (int p = 0; p < n_; ++p) {
      if (obs_.ends[p] == ProcEnd::kFinished && !sys_.Finished(s.data(), p)) {
        final_reason_ =
            Both(Msg::kConfFinishedEarly, fmt::arg("process", sys_.processes()[p].name));
        final_var_ = -1;
        return false;
      }
    }
    if (!obs_.final_ok) {
      final_reason_ = Both(Msg::kConfFinalUnreadable);
      final_var_ = -1;
      return false;
    }
    for (size_t v = 0; v < store_fields_.size(); ++v) {
      if (Get(s, store_fields_[v]) != obs_.final_store[v]) {
        final_reason_ =
            Both(Msg::kConfFinalStore, fmt::arg("var", StoreName(v)),
                 fmt::arg("got", obs_.final_store[v]), fmt::arg("model", Get(s, store_fields_[v])));
        final_var_ = static_cast<int>(v);
        return false;
      }
    }
    for (size_t v = 0; v < ghost_fields_.size(); ++v) {
      if (Get(s, ghost_fields_[v]) != obs_.final_ghosts[v]) {
        final_reason_ = Both(Msg::kConfGhosts);
        final_var_ = -1;
        return false;
      }
    }
    for (size_t v = 0; v < vars_.sync_fields.size() && v < obs_.final_sync.size(); ++v) {
      if (Get(s, vars_.sync_fields[v]) != obs_.final_sync[v]) {
        final_reason_ = Both(
            Msg::kConfFinalSync, fmt::arg("field", sys_.FieldName(vars_.sync_fields[v])),
            fmt::arg("got", obs_.final_sync[v]), fmt::arg("model", Get(s, vars_.sync_fields[v])));
        final_var_ = -1;
        return false;
      }
    }
    return true;
  }

  // True once the search is over: an explaining order that violates an invariant was found, or
  // one that violates nothing when no other order can do differently (!need_any_).
  bool Dfs(const std::vector<uint64_t>& s, int depth) {
    if (++nodes_ >= limit_) return false;
    if ((nodes_ & 4095) == 0 && options_.interrupt != nullptr && options_.interrupt->load()) {
      interrupted_ = true;
      limit_ = nodes_;
      return false;
    }
    if (depth > best_depth_) best_depth_ = depth;
    const bool violated = path_violation_.property >= 0;
    if (depth == total_) {
      if (!FinalMatches(s)) {
        Fail(depth, kNoOp, final_reason_, 2, final_var_);
        return false;
      }
      if (!found_) found_ = Found{order_, path_violation_};
      if (violated) {
        found_ = Found{order_, path_violation_};
        return true;
      }
      if (!need_any_) return true;
      // Look on for an order that violates, but only so far.
      limit_ = std::min(limit_, nodes_ + std::max<uint64_t>(options_.max_nodes / 10, 10000));
      return false;
    }
    std::string key(reinterpret_cast<const char*>(pos_.data()), pos_.size() * sizeof(int32_t));
    key.append(reinterpret_cast<const char*>(s.data()), s.size() * sizeof(uint64_t));
    key.push_back(violated ? 1 : 0);
    if (!seen_.insert(std::move(key)).second) return false;
    // Candidates: heads that started before every unplaced operation ended, and that the
    // recorded orders let go next.
    uint64_t min_end = std::numeric_limits<uint64_t>::max();
    for (int p = 0; p < n_; ++p) {
      if (pos_[p] < static_cast<int>(per_proc_[p].size())) {
        min_end = std::min(min_end, obs_.ops[per_proc_[p][pos_[p]]].end);
      }
    }
    std::vector<size_t> cand;
    for (int p = 0; p < n_; ++p) {
      if (pos_[p] < static_cast<int>(per_proc_[p].size())) {
        size_t i = per_proc_[p][pos_[p]];
        if (obs_.ops[i].start <= min_end && OrderAllows(i)) cand.push_back(i);
      }
    }
    std::sort(cand.begin(), cand.end(),
              [&](size_t a, size_t b) { return obs_.ops[a].start < obs_.ops[b].start; });
    std::vector<uint64_t> next;
    // A candidate that places and changes nothing shared (a read, a test, a print) goes first
    // and alone: any order that places it later can place it here instead (it reads what it
    // read, the others do not see it, and the timing allows it now), so no other choice needs
    // trying. Without this, reads that overlap a write multiply the orders to try.
    for (size_t i : cand) {
      if (obs_.ops[i].kind != OpKind::kStep || !Place(s, i, &next, depth) ||
          !SharedUnchanged(s, next)) {
        continue;
      }
      cand = {i};
      break;
    }
    for (size_t i : cand) {
      if (!Place(s, i, &next, depth)) continue;
      const int p = obs_.ops[i].process;
      const Violation saved = path_violation_;
      if (!violated && obs_.ops[i].kind != OpKind::kViolation) {
        const int32_t bad = sys_.FirstViolatedInvariant(next.data());
        if (bad >= 0) path_violation_ = {bad, depth + 1, i};
      }
      ++pos_[p];
      Advance(i, 1);
      order_.push_back(p);
      bool done = Dfs(next, depth + 1);
      order_.pop_back();
      Advance(i, -1);
      --pos_[p];
      path_violation_ = saved;
      if (done) return true;
      if (nodes_ >= limit_) return false;
    }
    return false;
  }

  const System& sys_;
  const StoreVars& vars_;
  const TrialObservation& obs_;
  ConformanceOptions options_;
  int n_;
  int total_;
  std::vector<std::vector<size_t>> per_proc_;
  std::vector<int> store_fields_, ghost_fields_;
  std::vector<std::vector<size_t>> acquires_;  // per sync: its acquire operations, in order
  std::vector<size_t> ghosts_;                 // the ghost operations, in order
  std::vector<int> order_index_, op_sync_, ghost_index_;
  std::vector<int> acquire_next_;
  int ghost_next_ = 0;
  bool need_any_ = false;
  std::vector<int32_t> pos_, order_;
  Violation path_violation_;
  std::optional<Found> found_;
  std::unordered_set<std::string> seen_;
  uint64_t nodes_ = 0;
  uint64_t limit_;
  bool interrupted_ = false;
  int best_depth_ = 0;
  int fail_depth_ = -1, fail_severity_ = 0;
  uint64_t best_start_ = 0;
  int best_var_ = -1, final_var_ = -1;
  Said best_where_, best_reason_, final_reason_;
};

}  // namespace

Conformance CheckConformance(const System& sys, const StoreVars& vars, const TrialObservation& obs,
                             const ConformanceOptions& options) {
  if (obs.log_overflowed) {
    Conformance c;
    c.verdict = ConformanceVerdict::kNotChecked;
    c.reason = Say(Lang::kEn, Msg::kConfLogOverflow);
    if (options.lang != Lang::kEn) c.reason_text = Say(options.lang, Msg::kConfLogOverflow);
    return c;
  }
  return Search(sys, vars, obs, options).Run();
}

const std::string& ConformanceWhere(const Conformance& c, Lang lang) {
  return lang == Lang::kEn || c.where_text.empty() ? c.where : c.where_text;
}

const std::string& ConformanceReason(const Conformance& c, Lang lang) {
  return lang == Lang::kEn || c.reason_text.empty() ? c.reason : c.reason_text;
}

const std::string& ConformanceGranularity(const Conformance& c, Lang lang) {
  return lang == Lang::kEn || c.granularity_text.empty() ? c.granularity : c.granularity_text;
}

OutcomeSet TerminalOutcomes(const System& sys, uint64_t max_states) {
  OutcomeSet out;
  const size_t bytes = static_cast<size_t>(sys.words()) * sizeof(uint64_t);
  std::unordered_set<std::string> seen;
  std::deque<std::string> frontier;
  std::vector<uint64_t> s(sys.words()), t(sys.words());
  sys.Initial(s.data());
  std::string init(reinterpret_cast<const char*>(s.data()), bytes);
  seen.insert(init);
  frontier.push_back(init);
  auto values = [&](const std::vector<uint64_t>& st) {
    std::vector<int64_t> v;
    for (const VarInfo& var : sys.shared())
      v.push_back(sys.layout().field(var.field).Get(st.data()));
    return v;
  };
  while (!frontier.empty()) {
    std::memcpy(s.data(), frontier.front().data(), bytes);
    frontier.pop_front();
    bool any = false;
    for (int p = 0; p < sys.num_processes(); ++p) {
      if (!sys.Enabled(s.data(), p)) continue;
      any = true;
      if (sys.Step(s.data(), p, t.data()).status != StepStatus::kOk) continue;
      std::string key(reinterpret_cast<const char*>(t.data()), bytes);
      if (seen.size() >= max_states) {
        out.states = seen.size();
        return out;  // incomplete
      }
      if (seen.insert(key).second) frontier.push_back(std::move(key));
    }
    if (!any) out.outcomes.insert({!sys.Terminal(s.data()), values(s)});
  }
  out.states = seen.size();
  out.complete = true;
  return out;
}

}  // namespace racecheck
