// SystemBuilder: compiles a Model (ast.h) into a System (system.h). Private to the semantics
// layer: System::Build is its only user. Split over two files: compile.cc (params, variables,
// layout, properties, the whole Build) and compile_steps.cc (a template's steps into flat
// instructions, program.h). Not thread-safe; one builder builds one System.
#ifndef RACECHECK_ENGINE_SEMANTICS_SYSTEM_BUILDER_H_
#define RACECHECK_ENGINE_SEMANTICS_SYSTEM_BUILDER_H_

#include <fmt/format.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/expr/expr.h"
#include "engine/semantics/system.h"

namespace racecheck {

class SystemBuilder {
 public:
  SystemBuilder(std::shared_ptr<const Model> model, const BuildOptions& options,
                DiagnosticSink& diags)
      : sys_(new System()), m_(*model), diags_(diags) {
    sys_->model_ = std::move(model);
    sys_->options_ = options;
  }

  std::unique_ptr<System> Build();

 private:
  struct Range {
    int64_t lo, hi, init;
    Type type;
  };

  // An empty scope with the expression limits of the build options.
  Scope LimitedScope() const {
    Scope s;
    s.max_depth = sys_->options_.limits.expr_depth;
    s.max_length = sys_->options_.limits.expr_length;
    return s;
  }
  Scope ParamScope(bool allow_self) const;
  // REQUIRES: BeginTemplate(ti) was the last BeginTemplate.
  Scope StepScope(const Template& t) const;
  void BeginTemplate(size_t ti);
  // The number of elements of an array declared with `array: e` (1 to the variables limit), or
  // nullopt after reporting.
  std::optional<int64_t> ArraySize(const SourceText& e, const std::string& name);
  Scope PropertyScope() const;
  std::optional<int64_t> Constant(const SourceText& text, Type want, bool allow_self,
                                  int64_t self_value, const char* what);
  // A property's `goal:` text with its `{expr}` holes (params only) filled in; "" after
  // reporting a mistake.
  std::string GoalText(const SourceText& text);
  std::optional<Range> VarRange(const VarDecl& v, bool allow_self, int64_t self_value);
  void CompileSteps(const std::vector<Step>& steps, Template& t, int atomic_depth);
  void CompileStep(const Step& step, Template& t, int atomic_depth);
  void CompileFor(const Step& step, Template& t, int atomic_depth);
  void CompileAssign(const SourceText& text, Template& t, PInstr in, bool event_ok);
  bool CheckEvent(const Step& step);
  bool IsEvent(std::string_view name) const { return event_names_.count(name) > 0; }
  // The loop variable `name`'s symbol (a constant) while its loop is unrolled, or nullopt.
  std::optional<Symbol> LoopSymbol(std::string_view name) const;
  int32_t Emit(Template& t, PInstr in) {
    if (!loops_.empty()) {
      ++unrolled_;
      for (const LoopVar& v : loops_) {
        in.loop += fmt::format("{}{}={}", in.loop.empty() ? "" : ", ", v.name, v.value);
      }
    }
    t.code.push_back(std::move(in));
    return static_cast<int32_t>(t.code.size()) - 1;
  }
  void FinishTemplate(Template& t);
  int32_t AddProperty(std::string name, PropertyKind kind, std::string text, SourceLoc loc) {
    PropertyInfo p;
    p.name = std::move(name);
    p.kind = kind;
    p.text = std::move(text);
    p.loc = std::move(loc);
    sys_->properties_.push_back(std::move(p));
    return static_cast<int32_t>(sys_->properties_.size()) - 1;
  }

  std::unique_ptr<System> sys_;
  const Model& m_;
  DiagnosticSink& diags_;
  std::map<std::string, Symbol, std::less<>> globals_;  // params and shared variables
  std::vector<std::string> global_names_;
  // The locals of the template whose steps are compiled (BeginTemplate), for StepScope.
  const Template* local_template_ = nullptr;
  std::map<std::string, Symbol, std::less<>> local_index_;  // locals and local arrays
  std::vector<std::string> local_names_;
  // Per template, per local declaration: its first slot and its length (0: not an array).
  std::vector<std::vector<std::pair<int32_t, int64_t>>> local_slots_;
  std::map<std::string, int, std::less<>> sync_index_;       // lock and semaphore names
  std::map<std::string, int, std::less<>> barrier_index_;    // barrier names
  std::map<std::string, int, std::less<>> queue_index_;      // queue names
  std::map<std::string, int, std::less<>> condition_index_;  // condition names
  // `q.put(e)` / `x = q.get()`: the queue named, or -1 after reporting it.
  int QueueOf(const Step& step);
  // The condition `notify:` / `notify_all:` names, or -1 after reporting what it is instead.
  int ConditionOf(const Step& step);
  std::vector<Range> shared_ranges_;
  // The loop variables of the `for` loops being unrolled (innermost last), with their values.
  struct LoopVar {
    std::string name;
    int64_t value;
    SourceLoc loc;
  };
  std::vector<LoopVar> loops_;
  uint64_t unrolled_ = 0;       // iterations and instructions loops added: ModelLimits::loop_steps
  bool unroll_failed_ = false;  // over that limit: the rest of the steps are not compiled
  std::map<const Step*, int32_t> assert_property_;  // an assert's property, once per step
  std::set<std::string, std::less<>> event_names_;  // the events (VarDecl::event)
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SEMANTICS_SYSTEM_BUILDER_H_
