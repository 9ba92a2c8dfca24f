// A trial's result in words (trial_text.h).
#include "engine/runner/trial_text.h"

#include <fmt/format.h>

#include <vector>

#include "engine/support/messages.h"
#include "engine/trace/describe.h"

namespace racecheck {

namespace {

using fmt::arg;

// Ended by the runner (and not on its own).
bool Stopped(const ProcessResult& pr) {
  return pr.end == ProcEnd::kStuck || pr.end == ProcEnd::kTimedOut;
}
bool EndedBadly(const ProcessResult& pr) {
  return pr.end == ProcEnd::kCrashed || pr.end == ProcEnd::kViolated;
}

const std::string& ProcName(const System& sys, int p) { return sys.processes()[p].name; }

// ", held by right#0", with ", which crashed" or ", which finished without releasing it" when
// the holder is no longer there to release it.
std::string HeldBy(const System& sys, const TrialResult& t, int holder, Lang lang) {
  std::string out = Say(lang, Msg::kHeldBy, arg("holder", ProcName(sys, holder)));
  const ProcessResult& h = t.processes[holder];
  if (EndedBadly(h)) {
    out += Say(lang, Msg::kHolderEnded, arg("end", ProcEndText(h.end, lang)));
  } else if (h.end == ProcEnd::kFinished) {
    out += Say(lang, Msg::kHolderFinished, arg("_holder", ProcName(sys, holder)));
  }
  return out;
}

// What a process stopped at a barrier's, queue's or condition's step waited for, as the model
// says it in the final state of the mirror, in the report's language: "waits to get from queue
// 'q', which is empty (line 20 'x = q.get()')".
std::string CondWait(const System& sys, const TrialResult& t, int p, Lang lang) {
  StoreVars vars;
  (void)vars.Init(sys);
  std::vector<uint64_t> s(sys.words());
  sys.Initial(s.data());
  for (size_t i = 0; i < vars.sync_fields.size() && i < t.sync_state.size(); ++i) {
    sys.layout().field(vars.sync_fields[i]).Set(s.data(), t.sync_state[i]);
  }
  const ProcessResult& pr = t.processes[p];
  const Template& tm = sys.templates()[sys.processes()[p].tmpl];
  if (pr.await_pc < 0 || pr.await_pc >= static_cast<int32_t>(tm.code.size())) return "waits";
  sys.layout().field(sys.processes()[p].pc_field).Set(s.data(), pr.await_pc);
  const std::string why = WaitDescription(sys, s.data(), p, lang);
  const PInstr& in = tm.code[pr.await_pc];
  if (why.empty() && in.kind == InstrKind::kCondWake && in.step != nullptr) {
    // A sleeper the model may wake spuriously (so it is not blocked there); real mode waits
    // for a notify (RunEnabled).
    return Say(lang, Msg::kWaitNotify, arg("cond", sys.conditions()[in.sync].name),
               arg("where", Say(lang, Msg::kWaitWhere, arg("line", in.step->loc.line),
                                arg("source", in.step->source))));
  }
  return why.empty() ? "waits" : why;
}

// What a stopped process waited for: "waits in sem_wait for 'lock', held by client#0"; "" when
// it ran or slept.
std::string WaitWhat(const System& sys, const TrialResult& t, int p, Lang lang) {
  const ProcessResult& pr = t.processes[p];
  if (pr.waits >= 0) {
    std::string out = Say(lang, Msg::kWaitsInSemWait, arg("sync", sys.syncs()[pr.waits].name));
    return out + (pr.holder < 0 ? Say(lang, Msg::kWaitsNoHolder) : HeldBy(sys, t, pr.holder, lang));
  }
  if (pr.waits == kWaitingCond) return CondWait(sys, t, p, lang);
  if (pr.waits == kWaitingAwait) {
    const Template& tm = sys.templates()[sys.processes()[p].tmpl];
    const PInstr* ins = pr.await_pc >= 0 && pr.await_pc < static_cast<int32_t>(tm.code.size())
                            ? &tm.code[pr.await_pc]
                            : nullptr;
    return Say(lang, Msg::kWaitsAtAwait,
               arg("cond", ins != nullptr && ins->step != nullptr ? ins->step->text.text
                                                                  : std::string("?")));
  }
  return "";
}

}  // namespace

std::string OutcomeKey(const System& sys, const TrialResult& t, Lang lang) {
  std::string key;
  for (size_t i = 0; i < sys.shared().size(); ++i) {
    const VarInfo& v = sys.shared()[i];
    if (!key.empty()) key += " ";
    bool unreadable = !t.final_ok && !v.ghost;
    key += v.name + "=" + (unreadable ? std::string("?") : sys.FormatValue(v.field, t.values[i]));
  }
  if (!t.final_ok) key += Say(lang, Msg::kKeyUnreadable);
  if (!t.violated.empty()) {
    std::string names;
    for (size_t k = 0; k < t.violated.size(); ++k) {
      names += (k ? Say(lang, Msg::kKeySep) : "") + PropertyName(sys, t.violated[k], lang);
    }
    key += Say(lang, Msg::kKeyViolates, arg("names", names));
  }
  if (t.crashed > 0) key += Say(lang, Msg::kKeyCrashed, arg("n", t.crashed));
  if (t.stuck > 0) key += Say(lang, Msg::kKeyStuck, arg("n", t.stuck));
  if (t.timed_out_processes > 0 && !t.interrupted) {
    key += Say(lang, Msg::kKeyTimedOut, arg("n", t.timed_out_processes));
  }
  if (t.interrupted) key += Say(lang, Msg::kKeyInterrupted);
  return key;
}

std::string FinalUncheckedText(const System& sys, const TrialResult& t, Lang lang) {
  bool has_final = false;
  for (const PropertyInfo& p : sys.properties())
    has_final = has_final || p.kind == PropertyKind::kFinal;
  if (!has_final) return "";
  int crashed = 0, violated = 0, stuck = 0, timed_out = 0;
  for (const ProcessResult& pr : t.processes) {
    crashed += pr.end == ProcEnd::kCrashed;
    violated += pr.end == ProcEnd::kViolated;
    stuck += pr.end == ProcEnd::kStuck;
    timed_out += pr.end == ProcEnd::kTimedOut;
  }
  std::vector<std::string> why;
  auto add = [&](int n, Msg id) {
    if (n == 0) return;
    why.push_back(Say(lang, id, arg("n", n), arg("_processes", n == 1 ? "process" : "processes"),
                      arg("_are", n == 1 ? "is" : "are")));
  };
  add(crashed, Msg::kUncheckedCrashed);
  add(violated, Msg::kUncheckedViolated);
  add(stuck, Msg::kUncheckedStuck);
  add(timed_out, Msg::kUncheckedTimedOut);
  if (why.empty() && !t.final_ok) why.push_back(Say(lang, Msg::kUncheckedUnreadable));
  std::string out;
  for (size_t i = 0; i < why.size(); ++i) out += (i ? Say(lang, Msg::kListSep) : "") + why[i];
  return out;
}

std::string ProcessReason(const System& sys, const TrialResult& t, int p, Lang lang) {
  const ProcessResult& pr = t.processes[p];
  if (pr.end == ProcEnd::kStuck) return WaitWhat(sys, t, p, lang);
  if (pr.end != ProcEnd::kTimedOut) {
    return lang == Lang::kEn || pr.reason_text.empty() ? pr.reason : pr.reason_text;
  }
  if (t.interrupted) return Say(lang, Msg::kStillRunning);
  if (pr.waits == -1) return Say(lang, Msg::kTimedOutRunning);
  return Say(lang, Msg::kTimedOutWaiting, arg("what", WaitWhat(sys, t, p, lang)));
}

std::string ProcessEndLine(const System& sys, const TrialResult& t, int p, Lang lang) {
  const ProcessResult& pr = t.processes[p];
  const std::string reason = ProcessReason(sys, t, p, lang);
  // A timeout's own words say that it timed out (kTimedOutRunning, kTimedOutWaiting); so may a
  // crashed process's reason.
  if (pr.end == ProcEnd::kTimedOut && !t.interrupted) return reason;
  const std::string end = ProcEndText(pr.end, lang);
  if (reason.rfind(end, 0) == 0) return reason;
  return Say(lang, Msg::kEndReason, arg("end", end), arg("reason", reason));
}

std::string BlockedText(const System& sys, const TrialResult& t, Lang lang) {
  const int n = static_cast<int>(t.processes.size());
  int p = -1;
  for (int q = 0; q < n && p < 0; ++q) {
    if (Stopped(t.processes[q])) p = q;
  }
  std::vector<bool> seen(n, false);
  std::string how;
  while (p >= 0 && !seen[p]) {
    seen[p] = true;
    const ProcessResult& pr = t.processes[p];
    const bool first = how.empty();
    if (pr.waits == kWaitingCond) {
      how += (first ? ProcName(sys, p) + " " : Say(lang, Msg::kChainWhich)) +
             CondWait(sys, t, p, lang);
    } else if (pr.waits >= 0) {
      const std::string& sync = sys.syncs()[pr.waits].name;
      how += first ? Say(lang, Msg::kChainFirstLock, arg("p", ProcName(sys, p)), arg("sync", sync))
                   : Say(lang, Msg::kChainNextLock, arg("_p", ProcName(sys, p)), arg("sync", sync));
    } else {
      how += first ? Say(lang, Msg::kChainFirstAwait, arg("p", ProcName(sys, p)))
                   : Say(lang, Msg::kChainNextAwait, arg("_p", ProcName(sys, p)));
    }
    int next = -1;
    if (pr.waits >= 0 && pr.holder >= 0) {
      const ProcessResult& h = t.processes[pr.holder];
      how += Say(lang, Msg::kHeldBy, arg("holder", ProcName(sys, pr.holder)));
      if (EndedBadly(h)) how += Say(lang, Msg::kHolderEnded, arg("end", ProcEndText(h.end, lang)));
      if (Stopped(h)) next = pr.holder;
    }
    p = next;
  }
  if (p >= 0) how += Say(lang, Msg::kChainCycle);
  return how;
}

}  // namespace racecheck
