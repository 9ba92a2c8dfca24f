// Conformance: the linearizability search and the terminal-outcome enumeration (see
// conformance.h).
#include "engine/runner/conformance.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <limits>
#include <unordered_set>

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

namespace {

std::string DescribeOp(const System& sys, const LogOp& op, int index, int total) {
  const ProcessInfo& pi = sys.processes()[op.process];
  const PInstr& ins = sys.templates()[pi.tmpl].code[op.pc];
  std::string text = ins.step != nullptr ? ins.step->source : InstrKindName(ins.kind);
  return fmt::format("{} step '{}' (operation {} of {}, stamps {}..{})", pi.name, text, index,
                     total, op.start, op.end);
}

class Search {
 public:
  Search(const System& sys, const StoreVars& vars, const TrialObservation& obs,
         const ConformanceOptions& options)
      : sys_(sys), vars_(vars), obs_(obs), options_(options), n_(sys.num_processes()) {
    per_proc_.resize(n_);
    for (size_t i = 0; i < obs.ops.size(); ++i) per_proc_[obs.ops[i].process].push_back(i);
    for (auto& v : per_proc_) {
      std::sort(v.begin(), v.end(),
                [&](size_t a, size_t b) { return obs.ops[a].start < obs.ops[b].start; });
    }
    for (int v : vars.store_vars) store_fields_.push_back(sys.shared()[v].field);
    for (int v : vars.ghost_vars) ghost_fields_.push_back(sys.shared()[v].field);
    // Global index of each op in start order, for messages.
    std::vector<size_t> by_start(obs.ops.size());
    for (size_t i = 0; i < by_start.size(); ++i) by_start[i] = i;
    std::sort(by_start.begin(), by_start.end(),
              [&](size_t a, size_t b) { return obs.ops[a].start < obs.ops[b].start; });
    rank_.resize(obs.ops.size());
    for (size_t i = 0; i < by_start.size(); ++i) rank_[by_start[i]] = static_cast<int>(i) + 1;
  }

  Conformance Run() {
    Conformance c;
    c.total = static_cast<int>(obs_.ops.size());
    // A crashed operation can never be placed: report the earliest one at once.
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
      c.verdict = ConformanceVerdict::kDiverged;
      c.where = Describe(crash_i);
      const std::string& why = obs_.reasons[crash->process];
      c.reason = "the process crashed: " + why;
      if (why.rfind("json.decoder.JSONDecodeError", 0) == 0) {
        c.reason +=
            ". The read found a half-written file: the model assumes a write is one atomic "
            "step, and an in-place rewrite (truncate, then write) is not";
      }
      return c;
    }
    std::vector<uint64_t> s(sys_.words());
    sys_.Initial(s.data());
    pos_.assign(n_, 0);
    done_.assign(n_, false);
    bool ok = Dfs(s, 0);
    c.nodes = nodes_;
    c.placed = best_depth_;
    if (ok) {
      c.verdict = ConformanceVerdict::kExplained;
      c.order = order_found_;
    } else if (nodes_ >= options_.max_nodes) {
      c.verdict = ConformanceVerdict::kUndecided;
      c.reason = fmt::format(
          "no decision after {} search nodes (at most {} of {} operations "
          "placed)",
          nodes_, best_depth_, c.total);
    } else {
      c.verdict = ConformanceVerdict::kDiverged;
      c.where = best_where_;
      c.reason = best_reason_;
    }
    return c;
  }

 private:
  std::string Describe(size_t i) const {
    return DescribeOp(sys_, obs_.ops[i], rank_[i], static_cast<int>(obs_.ops.size()));
  }
  std::string StoreName(size_t i) const { return sys_.shared()[vars_.store_vars[i]].name; }
  int64_t Get(const std::vector<uint64_t>& s, int field) const {
    return sys_.layout().field(field).Get(s.data());
  }

  // Keeps the failure at the deepest point; among equals, the operation that started first.
  // A value mismatch (severity 2) says more than a step that must wait its turn (1).
  void Fail(int depth, size_t op_index, std::string reason, int severity = 2) {
    uint64_t start = op_index == kNoOp ? 0 : obs_.ops[op_index].start;
    if (fail_depth_ < 0 || depth > fail_depth_ ||
        (depth == fail_depth_ &&
         (severity > fail_severity_ || (severity == fail_severity_ && start < best_start_)))) {
      fail_depth_ = depth;
      fail_severity_ = severity;
      best_start_ = start;
      best_where_ = op_index == kNoOp ? "the end of the trial" : Describe(op_index);
      best_reason_ = std::move(reason);
    }
  }
  static constexpr size_t kNoOp = static_cast<size_t>(-1);

  // Tries op i (the next one of its process) in state s; fills `out` on success.
  bool Place(const std::vector<uint64_t>& s, size_t i, std::vector<uint64_t>* out, int depth) {
    const LogOp& op = obs_.ops[i];
    int p = op.process;
    if (sys_.Finished(s.data(), p) || sys_.Pc(s.data(), p) != op.pc) {
      Fail(depth, i,
           "the model's process is elsewhere in its program at that point (it took "
           "a different branch)",
           1);
      return false;
    }
    if (!sys_.Enabled(s.data(), p)) {
      Fail(depth, i,
           "the model cannot run that step at any point the timing allows: " +
               sys_.BlockedReason(s.data(), p),
           1);
      return false;
    }
    for (size_t v = 0; v < store_fields_.size(); ++v) {
      if ((op.read_mask >> v & 1) && Get(s, store_fields_[v]) != op.read_vals[v]) {
        Fail(depth, i,
             fmt::format("it read {} = {}, but at every point where the timing lets "
                         "this step go, the model has {} = {} (a write it should "
                         "see was lost or came out of order)",
                         StoreName(v), op.read_vals[v], StoreName(v), Get(s, store_fields_[v])));
        return false;
      }
    }
    out->resize(s.size());
    StepResult r = sys_.Step(s.data(), p, out->data());
    if (op.kind == OpKind::kViolation) {
      if (r.status != StepStatus::kViolation || r.property != op.property) {
        Fail(depth, i, "the process reported a violation the model's step does not make");
        return false;
      }
      *out = s;
      return true;
    }
    if (r.status != StepStatus::kOk) {
      Fail(depth, i,
           "the model's step violates '" + sys_.properties()[r.property].name +
               "' there, the real one did not");
      return false;
    }
    for (size_t v = 0; v < store_fields_.size(); ++v) {
      if ((op.write_mask >> v & 1) && Get(*out, store_fields_[v]) != op.write_vals[v]) {
        Fail(
            depth, i,
            fmt::format("it wrote {} = {}, but the model's step leaves {} = {} "
                        "(the write puts back the writer's whole, stale view)",
                        StoreName(v), op.write_vals[v], StoreName(v), Get(*out, store_fields_[v])));
        return false;
      }
    }
    return true;
  }

  bool FinalMatches(const std::vector<uint64_t>& s, int depth) {
    for (int p = 0; p < n_; ++p) {
      if (obs_.ends[p] == ProcEnd::kFinished && !sys_.Finished(s.data(), p)) {
        final_reason_ = sys_.processes()[p].name + " finished, but not in the model's order";
        return false;
      }
    }
    if (!obs_.final_ok) {
      final_reason_ = "the final file could not be read";
      return false;
    }
    for (size_t v = 0; v < store_fields_.size(); ++v) {
      if (Get(s, store_fields_[v]) != obs_.final_store[v]) {
        final_reason_ = fmt::format(
            "every operation fits an order the model accepts, but the final store holds {} = {} "
            "where that order ends with {} = {} (a write was lost)",
            StoreName(v), obs_.final_store[v], StoreName(v), Get(s, store_fields_[v]));
        return false;
      }
    }
    for (size_t v = 0; v < ghost_fields_.size(); ++v) {
      if (Get(s, ghost_fields_[v]) != obs_.final_ghosts[v]) {
        final_reason_ = "the bookkeeping variables do not match the order found";
        return false;
      }
    }
    return true;
  }

  bool Dfs(const std::vector<uint64_t>& s, int depth) {
    if (++nodes_ >= options_.max_nodes) return false;
    if (depth > best_depth_) best_depth_ = depth;
    if (depth == static_cast<int>(obs_.ops.size())) {
      if (FinalMatches(s, depth)) return true;
      Fail(depth, kNoOp, final_reason_);
      return false;
    }
    std::string key(reinterpret_cast<const char*>(pos_.data()), pos_.size() * sizeof(int32_t));
    key.append(reinterpret_cast<const char*>(s.data()), s.size() * sizeof(uint64_t));
    if (!seen_.insert(std::move(key)).second) return false;
    // Candidates: heads that started before every unplaced operation ended.
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
        if (obs_.ops[i].start <= min_end) cand.push_back(i);
      }
    }
    std::sort(cand.begin(), cand.end(),
              [&](size_t a, size_t b) { return obs_.ops[a].start < obs_.ops[b].start; });
    std::vector<uint64_t> next;
    for (size_t i : cand) {
      if (!Place(s, i, &next, depth)) continue;
      int p = obs_.ops[i].process;
      ++pos_[p];
      order_.push_back(p);
      bool ok = Dfs(next, depth + 1);
      if (ok) {
        if (order_found_.empty()) order_found_ = order_;
        return true;
      }
      order_.pop_back();
      --pos_[p];
      if (nodes_ >= options_.max_nodes) return false;
    }
    return false;
  }

  const System& sys_;
  const StoreVars& vars_;
  const TrialObservation& obs_;
  ConformanceOptions options_;
  int n_;
  std::vector<std::vector<size_t>> per_proc_;
  std::vector<int> store_fields_, ghost_fields_, rank_;
  std::vector<int32_t> pos_, order_, order_found_;
  std::vector<bool> done_;
  std::unordered_set<std::string> seen_;
  uint64_t nodes_ = 0;
  int best_depth_ = 0;
  int fail_depth_ = -1, fail_severity_ = 0;
  uint64_t best_start_ = 0;
  std::string best_where_, best_reason_, final_reason_;
};

}  // namespace

Conformance CheckConformance(const System& sys, const StoreVars& vars, const TrialObservation& obs,
                             const ConformanceOptions& options) {
  if (obs.log_overflowed) {
    Conformance c;
    c.verdict = ConformanceVerdict::kNotChecked;
    c.reason = "the operation log overflowed";
    return c;
  }
  return Search(sys, vars, obs, options).Run();
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
