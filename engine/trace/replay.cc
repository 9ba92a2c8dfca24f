// Replay of a schedule into a Trace (replay.h).
#include "engine/trace/replay.h"

#include <fmt/format.h>

#include "engine/semantics/recorder.h"
#include "engine/trace/describe.h"

namespace racecheck {
namespace {

// Collects one step's events into a TraceStep.
class TraceRecorder : public StepRecorder {
 public:
  TraceRecorder(TraceStep* step, int32_t start_pc) : step_(step), start_pc_(start_pc) {}

  // A step that runs very long (an atomic loop) keeps only its first instructions.
  static constexpr size_t kMaxInstrs = 64;

  void Execute(int32_t pc) override { Add(TraceInstr{pc, false, {}, {}, {}}); }
  void Pass(int32_t pc) override { Add(TraceInstr{pc, true, {}, {}, {}}); }
  void Read(int field, int64_t value) override {
    if (!Full()) Current().reads.push_back({field, value});
  }
  void Write(int field, int64_t old_value, int64_t new_value) override {
    if (!Full()) Current().writes.push_back({field, old_value, new_value});
  }
  void Print(const std::string& text) override {
    if (!Full()) Current().prints.push_back(text);
  }

 private:
  bool Full() const { return step_->omitted > 0; }
  void Add(TraceInstr in) {
    if (step_->instrs.size() >= kMaxInstrs) {
      ++step_->omitted;
    } else {
      step_->instrs.push_back(std::move(in));
    }
  }
  // Events before any Execute (should not happen) go to the instruction the step starts at.
  TraceInstr& Current() {
    if (step_->instrs.empty()) Execute(start_pc_);
    return step_->instrs.back();
  }

  TraceStep* step_;
  int32_t start_pc_;
};

}  // namespace

Trace Replay(const System& system, const std::vector<int32_t>& schedule, int32_t target) {
  Trace trace;
  const PropertyKind target_kind =
      target >= 0 ? system.properties()[target].kind : PropertyKind::kInvariant;
  // The invariant to stop at in state s: the first violated one, or only the target.
  auto violated_invariant = [&](const uint64_t* s) -> int32_t {
    if (target < 0) return system.FirstViolatedInvariant(s);
    return target_kind == PropertyKind::kInvariant && !system.Holds(target, s) ? target : -1;
  };
  trace.schedule = schedule;
  const size_t words = static_cast<size_t>(system.words());
  trace.initial.assign(words, 0);
  system.Initial(trace.initial.data());

  auto stop = [&](int32_t property, int step, std::string detail, size_t consumed) {
    trace.violation = TraceViolation{property, step, std::move(detail)};
    trace.unused = static_cast<int>(schedule.size() - consumed);
  };

  int32_t inv = violated_invariant(trace.initial.data());
  if (inv >= 0) {
    stop(inv, 0, ValuesInText(system, system.properties()[inv].text, trace.initial.data()), 0);
    return trace;
  }

  for (size_t k = 0; k < schedule.size(); ++k) {
    const int index = static_cast<int>(k) + 1;
    const int32_t p = schedule[k];
    const std::vector<uint64_t>& in = trace.final_state();
    if (p < 0 || p >= system.num_processes()) {
      trace.status =
          Status::Error(fmt::format("step {}: no process number {}; the model has {} processes",
                                    index, p, system.num_processes()));
      trace.error_step = index;
      return trace;
    }
    if (!system.Enabled(in.data(), p)) {
      trace.status = Status::Error(fmt::format("step {}: '{}' cannot run: it {}", index,
                                               system.processes()[p].name,
                                               WaitDescription(system, in.data(), p)));
      trace.error_step = index;
      return trace;
    }
    TraceStep step;
    step.index = index;
    step.process = p;
    step.state = in;  // so that even a violating step leaves a sensible state behind
    TraceRecorder rec(&step, system.Pc(in.data(), p));
    step.result = system.Step(in.data(), p, step.state.data(), &rec);
    trace.steps.push_back(std::move(step));
    const TraceStep& done = trace.steps.back();
    if (done.result.status == StepStatus::kViolation) {
      // The schedule may go on where Python goes on (StepResult::successor): a counterexample
      // of --all may pass through another property's step violation.
      const bool goes_on = done.result.successor &&
                           (target >= 0 ? done.result.property != target : k + 1 < schedule.size());
      if (!goes_on) {
        stop(done.result.property, index, done.result.detail, k + 1);
        return trace;
      }
    }
    inv = violated_invariant(done.state.data());
    if (inv >= 0) {
      stop(inv, index, ValuesInText(system, system.properties()[inv].text, done.state.data()),
           k + 1);
      return trace;
    }
  }

  const uint64_t* last = trace.final_state().data();
  const int end = static_cast<int>(trace.steps.size());
  if (system.Terminal(last)) {
    int32_t fin = system.FirstViolatedFinal(last);
    if (target >= 0)
      fin = target_kind == PropertyKind::kFinal && !system.Holds(target, last) ? target : -1;
    if (fin >= 0)
      stop(fin, end, ValuesInText(system, system.properties()[fin].text, last), schedule.size());
    return trace;
  }
  for (int p = 0; p < system.num_processes(); ++p) {
    if (system.Enabled(last, p)) return trace;
  }
  if (system.deadlock_property() >= 0) {
    stop(system.deadlock_property(), end, DeadlockDetail(system, last), schedule.size());
  }
  return trace;
}

std::string StepDetail(const System& system, const Trace& trace, const TraceStep& step, Lang lang) {
  if (step.result.status != StepStatus::kViolation) return "";
  if (lang == Lang::kEn) return step.result.detail;
  std::vector<uint64_t> out = trace.state_before(step.index);
  StepRecorder rec(lang);
  return system.Step(trace.state_before(step.index).data(), step.process, out.data(), &rec).detail;
}

}  // namespace racecheck
