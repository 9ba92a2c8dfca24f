// System: a model's transition system — the semantics, with no search policy.
//
// Answers: what is the initial state, which processes can move in a state, what does one step
// of a process do, which properties does a state violate. A step of process p executes p's
// instruction at its settled pc (plus the rest of an atomic group) and settles the new pc.
// States are packed vectors of layout().words() words (state/layout.h).
//
// Built once from a Model by System::Build, which compiles every expression, evaluates params,
// instance counts, initial values and ranges, and reports model mistakes as diagnostics.
// Immutable afterwards: every method is const and thread-safe.
#ifndef RACECHECK_ENGINE_SEMANTICS_SYSTEM_H_
#define RACECHECK_ENGINE_SEMANTICS_SYSTEM_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr/eval.h"
#include "engine/model/ast.h"
#include "engine/model/limits.h"
#include "engine/semantics/program.h"
#include "engine/semantics/recorder.h"
#include "engine/state/layout.h"
#include "engine/support/diagnostics.h"
#include "engine/support/lang.h"

namespace racecheck {

struct BuildOptions {
  // The lock-free variant: every acquire/release (locks and semaphores) becomes kElided.
  bool elide_sync = false;
  // Reductions of a process's private work (docs/architecture.md, "Reductions"):
  //  - dead locals: a local that is never read again before it is overwritten is reset to its
  //    initial value, so that states differing only in dead values are one state;
  //  - local-step fusion: a step that touches only the moving process's own locals (an
  //    assignment, a test, a print or an assert that reads no shared variable) is executed
  //    together with the step before it, as if both were one atomic step — unless it fails
  //    (a false assert, a range or runtime error): the step then ends before it, so that the
  //    state in between stays reachable for the other processes.
  // Both keep every verdict (properties read only shared variables); schedules found with them
  // are turned back into schedules of the plain model (StepResult::raw_steps).
  bool reduce_locals = false;
  // Refuse models larger than these (a clear diagnostic, not an out-of-memory kill): processes,
  // variables, state words, expression depth and length.
  ModelLimits limits;
};

// What one step did.
enum class StepStatus : uint8_t {
  kOk,         // `out` is the successor state
  kViolation,  // the step violated a property (assert, lock misuse, range, runtime)
  kBlocked,    // TryStep only: the process cannot move (finished, or blocked); `out` unchanged
};

struct StepResult {
  StepStatus status = StepStatus::kOk;
  int32_t property = -1;  // for kViolation: index into properties()
  // For kViolation: `out` holds the state Python would go on in (docs/model-format.md, "After
  // a violation"): the process ended with the error (an exception: a false assert, a runtime
  // error, releasing a lock nobody holds), or, for a release that owner discipline forbids, the
  // lock freed. False where nothing defines one (a value outside its range, racecheck's own
  // bounds): `out` is then unspecified.
  bool successor = false;
  // For kViolation, only when recording, in the recorder's language: "'count' would become
  // 256, outside its range [0, 255]".
  std::string detail;
  int32_t raw_steps = 1;  // steps of the plain model this step stands for (fusion makes it > 1)
};

// Values of one evaluated param, for reports.
struct ParamValue {
  std::string name;
  int64_t value;
  bool is_bool;
};

class System {
 public:
  // The largest number of instructions one atomic group may run before it is reported as not
  // terminating (a `runtime` violation instead of a hang).
  static constexpr int kMaxAtomicInstrs = 1 << 20;

  // The System keeps `model` alive (instructions point at its steps).
  static std::unique_ptr<System> Build(std::shared_ptr<const Model> model,
                                       const BuildOptions& options, DiagnosticSink& diags);

  const Model& model() const { return *model_; }
  const BuildOptions& options() const { return options_; }
  const StateLayout& layout() const { return layout_; }
  int words() const { return layout_.words(); }
  const std::vector<ParamValue>& params() const { return params_; }
  const std::vector<VarInfo>& shared() const { return shared_; }
  const std::vector<SyncInfo>& syncs() const { return syncs_; }
  const std::vector<BarrierInfo>& barriers() const { return barriers_; }
  const std::vector<QueueInfo>& queues() const { return queues_; }
  const std::vector<ConditionInfo>& conditions() const { return conditions_; }
  const std::vector<Template>& templates() const { return templates_; }
  const std::vector<ProcessInfo>& processes() const { return processes_; }
  int num_processes() const { return static_cast<int>(processes_.size()); }
  const std::vector<PropertyInfo>& properties() const { return properties_; }
  int deadlock_property() const { return deadlock_property_; }
  bool has_sync() const { return !syncs_.empty(); }
  // Does some lock allow only its holder to release it (an rlock, or `owner_only`)? Then
  // `lock_misuse` also means a release by another process.
  bool has_owner_only_lock() const {
    return std::any_of(syncs_.begin(), syncs_.end(),
                       [](const SyncInfo& y) { return y.owner_only; });
  }
  // Does some expression use `holder(...)`, whose values are process numbers? (Then a
  // permutation of processes changes what it sees: no symmetry reduction.)
  bool names_processes() const { return names_processes_; }

  // The sync that acquire/release `in` of process p names in state s: in.sync, or the element
  // its index selects; -1 when the index fails (out of range, overflow), with the error.
  int32_t SyncOf(const uint64_t* s, int p, const PInstr& in, EvalResult* error = nullptr) const;
  bool uses_sync_ops() const { return uses_sync_ops_; }

  // Writes the initial state into s[0 .. words()).
  void Initial(uint64_t* s) const;

  int32_t Pc(const uint64_t* s, int p) const {
    return static_cast<int32_t>(layout_.field(processes_[p].pc_field).Get(s));
  }
  bool Finished(const uint64_t* s, int p) const {
    return Pc(s, p) == templates_[processes_[p].tmpl].end_pc;
  }
  // The instruction process p executes next (kEnd if finished).
  const PInstr& NextInstr(const uint64_t* s, int p) const {
    const Template& t = templates_[processes_[p].tmpl];
    return t.code[Pc(s, p)];
  }

  // Can process p take a step in state s? (Not finished and not blocked.)
  bool Enabled(const uint64_t* s, int p) const;

  // Executes one step of process p from `in` into `out` (which may not alias `in`).
  // REQUIRES: Enabled(in, p). With a recorder, reports what the step did and fills
  // StepResult::detail on a violation, in the recorder's language (StepRecorder::lang).
  StepResult Step(const uint64_t* in, int p, uint64_t* out, StepRecorder* rec = nullptr) const;
  // Enabled + Step in one, for the search's hot loop: kBlocked when p cannot move.
  StepResult TryStep(const uint64_t* in, int p, uint64_t* out) const;

  // Index of the first invariant violated in s, or -1.
  int32_t FirstViolatedInvariant(const uint64_t* s) const;
  // All processes finished?
  bool Terminal(const uint64_t* s) const;
  // In a terminal state: index of the first `final` property violated, or -1.
  int32_t FirstViolatedFinal(const uint64_t* s) const;
  // Evaluates property `prop` (invariant or final) in s.
  bool Holds(int32_t prop, const uint64_t* s) const;
  // The state properties of s, in one call for the search's hot loop: calls
  // on_violation(property) for the first invariant violated in s (every violated one, in
  // property order, with `all`), then, if s is terminal, likewise for the `final` properties.
  // Returns whether s is terminal. Allocates nothing.
  template <class OnViolation>
  bool CheckState(const uint64_t* s, bool all, OnViolation&& on_violation) const;

  // Display helpers (not for the hot loop).
  std::string FieldName(int field) const;  // "count", "client#0.c", "lock", "client#0.pc"
  // Bools as true/false, lock owners by name, a free lock as "free" (in `lang`: the state column
  // of a report; JSON keeps English).
  std::string FormatValue(int field, int64_t v, Lang lang = Lang::kEn) const;
  // The field's type is bool?
  bool FieldIsBool(int field) const;

 private:
  friend class SystemBuilder;
  System() = default;

  template <bool kRecord>
  StepResult StepImpl(const uint64_t* in, int p, uint64_t* out, StepRecorder* rec) const;

  std::shared_ptr<const Model> model_;
  BuildOptions options_;
  StateLayout layout_;
  std::vector<ParamValue> params_;
  std::vector<VarInfo> shared_;
  std::vector<SyncInfo> syncs_;
  std::vector<BarrierInfo> barriers_;
  std::vector<QueueInfo> queues_;
  std::vector<ConditionInfo> conditions_;
  std::vector<Template> templates_;
  std::vector<ProcessInfo> processes_;
  std::vector<PropertyInfo> properties_;
  std::vector<int32_t> invariant_ids_, final_ids_;
  std::vector<int64_t> initial_values_;  // per field
  int32_t deadlock_property_ = -1, lock_property_ = -1, range_property_ = -1,
          runtime_property_ = -1;
  bool uses_sync_ops_ = false;
  bool names_processes_ = false;
  // field -> what it is, for display
  struct FieldDesc {
    enum class Kind : uint8_t {
      kShared,
      kLocal,
      kPc,
      kLock,
      kSemaphore,
      kDepth,
      kBarrierWaiting,
      kBarrierOpen,
      kQueueSize,
      kQueueItem,
      kCondSleeping,
      kCondTokens
    } kind;
    int owner;  // shared: var index; local/pc: process; lock/sem/depth: sync; barrier, queue,
                // condition: its index
    int slot;   // local: its slot; queue item: its position
  };
  std::vector<FieldDesc> field_desc_;
};

template <class OnViolation>
bool System::CheckState(const uint64_t* s, bool all, OnViolation&& on_violation) const {
  for (int32_t id : invariant_ids_) {
    if (Holds(id, s)) continue;
    on_violation(id);
    if (!all) break;
  }
  if (!Terminal(s)) return false;
  for (int32_t id : final_ids_) {
    if (Holds(id, s)) continue;
    on_violation(id);
    if (!all) break;
  }
  return true;
}

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SEMANTICS_SYSTEM_H_
