// The counterexample table and summary (render_text.h).
#include "engine/trace/render_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <utility>

#include "engine/support/messages.h"
#include "engine/trace/describe.h"
#include "engine/trace/schedule.h"

namespace racecheck {
namespace {

using fmt::arg;

constexpr int kMinProcessWidth = 18;
constexpr int kMinSharedWidth = 14;
constexpr int kMaxSharedWidth = 40;

// The pcs control flow visits from `pc` up to and including the settled step it reaches.
std::set<int32_t> FlowPath(const Template& t, int32_t pc) {
  std::set<int32_t> path;
  const int32_t step = NextStep(t, pc, [&](int32_t q) { path.insert(q); });
  if (step != kNoPc) path.insert(step);
  return path;
}

// "true"/"false" for the branch at instrs[i], from where control went next; "" if unclear.
std::string BranchOutcome(const System& system, const TraceStep& step, size_t i) {
  const Template& t = system.templates()[system.processes()[step.process].tmpl];
  const int32_t pc = step.instrs[i].pc;
  const int32_t next = i + 1 < step.instrs.size() ? step.instrs[i + 1].pc
                                                  : system.Pc(step.state.data(), step.process);
  std::set<int32_t> taken = FlowPath(t, pc + 1);
  std::set<int32_t> skipped = FlowPath(t, t.code[pc].alt);
  bool in_taken = taken.count(next) > 0, in_skipped = skipped.count(next) > 0;
  if (in_taken == in_skipped) return "";
  return in_taken ? "true" : "false";
}

std::string JoinAssigns(const System& system, const std::vector<std::pair<int, int64_t>>& values,
                        int viewer, Lang lang) {
  std::string out;
  for (const auto& [field, value] : values) {
    if (!out.empty()) out += ", ";
    out += FieldAssign(system, field, value, viewer, lang);
  }
  return out;
}

// What executed instruction instrs[i] read, wrote and printed, one line each (unindented).
std::vector<std::string> Effects(const System& system, const TraceStep& step, size_t i, Lang lang) {
  const int p = step.process;
  const TraceInstr& ti = step.instrs[i];
  const PInstr& in = system.templates()[system.processes()[p].tmpl].code[ti.pc];
  const bool sync_op = in.kind == InstrKind::kAcquire || in.kind == InstrKind::kRelease;
  // A barrier's or a condition's step shows what it sets (b.waiting, b.open; c.sleeping,
  // c.notified, the lock it gives up), not the tests it passed.
  const bool barrier_op =
      in.kind == InstrKind::kArrive || in.kind == InstrKind::kLeave || IsConditionKind(in.kind);
  std::vector<std::pair<int, int64_t>> reads, writes;
  for (const TraceRead& r : ti.reads) {
    if (barrier_op) break;
    if (sync_op && SyncIndexOfField(system, r.field) >= 0) continue;
    auto same = [&](const auto& e) { return e.first == r.field; };
    if (std::none_of(reads.begin(), reads.end(), same)) reads.emplace_back(r.field, r.value);
  }
  for (const TraceWrite& w : ti.writes) {
    auto it = std::find_if(writes.begin(), writes.end(),
                           [&](const auto& e) { return e.first == w.field; });
    if (it == writes.end()) {
      writes.emplace_back(w.field, w.new_value);
    } else {
      it->second = w.new_value;
    }
  }
  const std::string read_text =
      reads.empty() ? ""
                    : Say(lang, Msg::kRead, arg("values", JoinAssigns(system, reads, p, lang)));
  const std::string sets_text =
      Say(lang, Msg::kSets, arg("values", JoinAssigns(system, writes, p, lang)));
  std::vector<std::string> lines;
  std::string outcome;
  switch (in.kind) {
    case InstrKind::kBranch:
      outcome = BranchOutcome(system, step, i);
      break;
    case InstrKind::kAssert: {
      bool last_executed = true;
      for (size_t j = i + 1; j < step.instrs.size(); ++j) last_executed &= step.instrs[j].passed;
      bool failed = last_executed && step.result.status == StepStatus::kViolation &&
                    step.result.property == in.property;
      outcome = failed ? "false" : "true";
      break;
    }
    case InstrKind::kAssign:
    case InstrKind::kJump:
    case InstrKind::kSleep:
    case InstrKind::kAcquire:
    case InstrKind::kRelease:
    case InstrKind::kElided:
    case InstrKind::kAwait:
    case InstrKind::kPrint:
    case InstrKind::kArrive:
    case InstrKind::kLeave:
    case InstrKind::kPut:
    case InstrKind::kGet:
    case InstrKind::kCondWait:
    case InstrKind::kCondWake:
    case InstrKind::kNotify:
    case InstrKind::kNotifyAll:
    case InstrKind::kEnd:
      break;  // no true/false outcome to show
  }
  if (!outcome.empty()) {
    lines.push_back(read_text.empty() ? "→ " + outcome : read_text + " → " + outcome);
  } else if (!writes.empty()) {
    lines.push_back(read_text.empty() ? sets_text
                                      : read_text + " → " + JoinAssigns(system, writes, p, lang));
  } else if (!read_text.empty()) {
    lines.push_back(read_text);
  }
  if (!outcome.empty() && !writes.empty()) {
    lines.push_back(sets_text);
  }
  for (const std::string& text : ti.prints)
    lines.push_back(Say(lang, Msg::kPrints, arg("text", text)));
  return lines;
}

// The lines of the moving process's cell for one step, before wrapping.
std::vector<std::string> StepLines(const System& system, const Trace& trace, const TraceStep& step,
                                   Lang lang) {
  const int tmpl = system.processes()[step.process].tmpl;
  const Template& t = system.templates()[tmpl];
  std::vector<std::string> lines;
  const Step* open_atomic = nullptr;
  for (size_t i = 0; i < step.instrs.size(); ++i) {
    const TraceInstr& ti = step.instrs[i];
    if (ti.pc < 0 || ti.pc >= static_cast<int32_t>(t.code.size())) continue;
    const PInstr& in = t.code[ti.pc];
    if (ti.passed) {
      open_atomic = nullptr;
      std::string passed = PassedInstrText(in, lang);
      if (!passed.empty()) lines.push_back(std::move(passed));
      continue;
    }
    const Step* atomic = in.group_begin >= 0 ? EnclosingAtomic(system, tmpl, in.step) : nullptr;
    if (atomic != nullptr && atomic != open_atomic) {
      lines.push_back(fmt::format("L{} atomic:", atomic->loc.line));
    }
    open_atomic = atomic;
    const std::string indent = atomic != nullptr ? "  " : "";
    lines.push_back(indent + DescribeInstr(system, tmpl, ti.pc));
    for (const std::string& e : Effects(system, step, i, lang)) lines.push_back(indent + "  " + e);
  }
  if (step.omitted > 0) {
    lines.push_back(Say(lang, Msg::kMoreInstrs, arg("n", step.omitted)));
  }
  if (step.result.status == StepStatus::kViolation) {
    const std::string& name =
        step.result.property >= 0 &&
                step.result.property < static_cast<int32_t>(system.properties().size())
            ? PropertyName(system, step.result.property, lang)
            : std::string("a property");
    const std::string detail = StepDetail(system, trace, step, lang);
    lines.push_back(detail.empty() ? Say(lang, Msg::kViolatesStep, arg("name", name))
                                   : Say(lang, Msg::kViolatesStepDetail, arg("name", name),
                                         arg("detail", detail)));
  }
  return lines;
}

int MaxWidth(const std::vector<std::string>& lines) {
  int w = 0;
  for (const std::string& l : lines) w = std::max(w, DisplayWidth(l));
  return w;
}

}  // namespace

std::string RenderTraceTable(const System& system, const Trace& trace,
                             const RenderTextOptions& options) {
  // The processes that move, in process order.
  std::vector<int32_t> shown;
  for (const TraceStep& s : trace.steps) shown.push_back(s.process);
  if (!trace.ok() && trace.error_step > 0) {
    int32_t p = trace.schedule[trace.error_step - 1];
    if (p >= 0 && p < system.num_processes()) shown.push_back(p);
  }
  std::sort(shown.begin(), shown.end());
  shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
  const size_t ncols = shown.size() + 2;

  const Lang lang = options.lang;
  // Logical lines of every cell: rows[r][c].
  std::vector<std::vector<std::vector<std::string>>> rows;
  auto new_row = [&](std::string index, const std::vector<uint64_t>& state) {
    std::vector<std::vector<std::string>> row(ncols);
    row[0] = {std::move(index)};
    row[ncols - 1] = {SharedSummary(system, state.data(), lang)};
    rows.push_back(std::move(row));
  };
  std::vector<std::vector<std::string>> header(ncols);
  header[0] = {"#"};
  for (size_t i = 0; i < shown.size(); ++i) header[i + 1] = {system.processes()[shown[i]].name};
  header[ncols - 1] = {Say(lang, Msg::kColShared)};
  new_row("0", trace.initial);
  if (!shown.empty()) rows.back()[1] = {Say(lang, Msg::kInitialState)};
  for (const TraceStep& s : trace.steps) {
    new_row(std::to_string(s.index), s.state);
    size_t col = std::lower_bound(shown.begin(), shown.end(), s.process) - shown.begin() + 1;
    rows.back()[col] = StepLines(system, trace, s, lang);
    if (s.result.status == StepStatus::kViolation &&
        !(trace.violation.step == s.index && trace.violation.property == s.result.property)) {
      // The schedule goes on after it (replay.h): say how Python went on.
      const std::string& name = system.processes()[s.process].name;
      rows.back()[col].push_back(system.Finished(s.state.data(), s.process)
                                     ? Say(lang, Msg::kViolationEnds, arg("process", name))
                                     : Say(lang, Msg::kViolationGoesOn, arg("process", name)));
    }
  }

  // Column widths.
  std::vector<int> width(ncols, 0);
  for (size_t c = 0; c < ncols; ++c) {
    width[c] = MaxWidth(header[c]);
    for (const auto& row : rows) width[c] = std::max(width[c], MaxWidth(row[c]));
  }
  const int overhead = 3 * static_cast<int>(ncols) + 1;
  width[ncols - 1] = std::clamp(width[ncols - 1], kMinSharedWidth, kMaxSharedWidth);
  if (!shown.empty()) {
    const int avail = options.width - overhead - width[0] - width[ncols - 1];
    const int cap = std::max(kMinProcessWidth, avail / static_cast<int>(shown.size()));
    for (size_t c = 1; c + 1 < ncols; ++c) width[c] = std::min(width[c], cap);
  }

  auto rule = [&]() {
    std::string line = "+";
    for (size_t c = 0; c < ncols; ++c) line += std::string(width[c] + 2, '-') + "+";
    return line + "\n";
  };
  auto emit = [&](const std::vector<std::vector<std::string>>& cells, bool right_index) {
    std::vector<std::vector<std::string>> wrapped(ncols);
    size_t height = 1;
    for (size_t c = 0; c < ncols; ++c) {
      for (const std::string& l : cells[c]) {
        for (std::string& w : WrapText(l, width[c], 2)) wrapped[c].push_back(std::move(w));
      }
      height = std::max(height, wrapped[c].size());
    }
    std::string out;
    for (size_t h = 0; h < height; ++h) {
      std::string line = "|";
      for (size_t c = 0; c < ncols; ++c) {
        std::string text = h < wrapped[c].size() ? wrapped[c][h] : "";
        line += " " + (c == 0 && right_index ? PadLeft(text, width[c]) : PadRight(text, width[c]));
        line += " |";
      }
      out += line + "\n";
    }
    return out;
  };

  std::string out = rule() + emit(header, false) + rule();
  for (const auto& row : rows) out += emit(row, true) + rule();
  const int hidden = system.num_processes() - static_cast<int>(shown.size());
  if (hidden > 0 && !shown.empty()) {
    out +=
        (hidden == 1 ? Say(lang, Msg::kHiddenOne) : Say(lang, Msg::kHiddenMany, arg("n", hidden))) +
        "\n";
  }
  return out;
}

std::string ViolationText(const System& system, const Trace& trace, Lang lang) {
  const TraceViolation& v = trace.violation;
  if (v.property < 0) return "";
  std::string when;
  const PropertyKind kind = system.properties()[v.property].kind;
  if (v.step == 0) {
    when = Say(lang, Msg::kInInitialState);
  } else if (IsStepProperty(kind)) {
    when = Say(lang, Msg::kAtStep, arg("n", v.step));
  } else {
    when = Say(lang, Msg::kAfterStep, arg("n", v.step));
  }
  std::string out =
      Say(lang, Msg::kViolationWhat, arg("property", DescribeProperty(system, v.property, lang)),
          arg("when", when));
  // A deadlock's detail and a step's are told again in the reader's language; the others are
  // values.
  std::string detail = v.detail;
  if (lang != Lang::kEn && kind == PropertyKind::kDeadlock) {
    detail = DeadlockDetail(system, trace.final_state().data(), lang);
  } else if (lang != Lang::kEn && v.step > 0 && v.step <= static_cast<int>(trace.steps.size()) &&
             trace.steps[v.step - 1].result.status == StepStatus::kViolation) {
    detail = StepDetail(system, trace, trace.steps[v.step - 1], lang);
  }
  if (!detail.empty()) out += Say(lang, Msg::kViolationDetail, arg("detail", detail));
  return out;
}

std::string DescribeViolation(const System& system, const Trace& trace, Lang lang) {
  if (trace.violation.property < 0) return "";
  return Say(lang, Msg::kViolated, arg("what", ViolationText(system, trace, lang)));
}

std::string ReplayError(const System& system, const Trace& trace, Lang lang) {
  std::string message = trace.status.message();
  const int32_t p =
      trace.error_step > 0 && trace.error_step <= static_cast<int>(trace.schedule.size())
          ? trace.schedule[trace.error_step - 1]
          : -1;
  if (lang != Lang::kEn && p >= 0 && p < system.num_processes() &&
      static_cast<int>(trace.steps.size()) == trace.error_step - 1) {
    const std::string why = WaitDescription(system, trace.final_state().data(), p, lang);
    if (!why.empty()) {
      message = Say(lang, Msg::kCannotRun, arg("n", trace.error_step),
                    arg("p", system.processes()[p].name), arg("why", why));
    }
  }
  return message;
}

std::string RenderTraceSummary(const System& system, const Trace& trace,
                               const RenderTextOptions& options) {
  std::string out;
  auto add_wrapped = [&](const std::string& text) {
    for (const std::string& l : WrapText(text, options.width, 2)) out += l + "\n";
  };
  const Lang lang = options.lang;
  if (!trace.ok()) {
    add_wrapped(Say(lang, Msg::kCannotReplay, arg("message", ReplayError(system, trace, lang))));
  } else if (trace.violated()) {
    add_wrapped(DescribeViolation(system, trace, lang));
    if (trace.unused > 0) {
      out += (trace.unused == 1 ? Say(lang, Msg::kUnusedOne)
                                : Say(lang, Msg::kUnusedMany, arg("n", trace.unused))) +
             "\n";
    }
  } else {
    out += Say(lang, Msg::kNoViolation) + "\n";
  }
  const std::string values = SharedSummary(system, trace.final_state().data(), lang);
  if (!values.empty()) add_wrapped(Say(lang, Msg::kFinalValues, arg("values", values)));
  // The token stays on one line, whatever its length, so that it can be copied.
  std::vector<int32_t> valid;
  for (int32_t p : trace.schedule) {
    if (p >= 0 && p < system.num_processes()) valid.push_back(p);
  }
  if (trace.schedule.empty()) {
    out += Say(lang, Msg::kScheduleEmpty) + "\n";
  } else if (valid.size() == trace.schedule.size()) {
    out +=
        Say(lang, Msg::kSchedule, arg("schedule", FormatSchedule(system, trace.schedule))) + "\n";
  }
  return out;
}

std::string RenderTraceText(const System& system, const Trace& trace,
                            const RenderTextOptions& options) {
  return RenderTraceTable(system, trace, options) + RenderTraceSummary(system, trace, options);
}

}  // namespace racecheck
