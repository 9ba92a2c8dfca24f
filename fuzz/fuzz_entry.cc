// The fuzz targets' entry points (fuzz_entry.h).
#include "fuzz/fuzz_entry.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "engine/check/check.h"
#include "engine/check/replay.h"
#include "engine/expr/eval.h"
#include "engine/expr/expr.h"
#include "engine/report/render.h"

namespace racecheck::fuzz {
namespace {

// Smaller than the defaults, so that one input stays within libFuzzer's time and memory.
ModelLimits FuzzLimits() {
  ModelLimits l;
  l.model_size = uint64_t{1} << 20;
  l.yaml_aliases = 20000;
  l.processes = 32;
  l.variables = 512;
  l.state_words = 64;
  return l;
}

[[noreturn]] void Fail(const char* what, const std::string& input) {
  std::fprintf(stderr, "racecheck fuzz: %s\ninput: %s\n", what, input.c_str());
  std::abort();
}

CheckResult RunCheck(const std::string& text, bool reduce) {
  CheckOptions o;
  o.model.path = "fuzz.yaml";
  o.model.text = text;
  o.model.limits = FuzzLimits();
  o.explore.threads = 1;
  o.explore.max_states = kMaxStates;
  // The counting pass and the least-time search within the same bound (their defaults, 600,000
  // and 10 million states, let one input of 8 processes run for minutes), with the final
  // values (--outcomes) counted too.
  o.counts.max_states = kMaxStates;
  o.counts.max_every_states = kMaxStates;
  o.final_values = std::vector<std::string>{};
  o.max_memory = 0;  // the state count bounds it
  o.local_reduction = reduce;
  o.reductions.symmetry = reduce;
  o.reductions.partial_order = reduce;
  CheckResult r = Check(o);
  if (r.has_report()) {
    (void)FindRenderer("text")->check(r);
    (void)FindRenderer("json")->check(r);
  }
  return r;
}

// The values the expression target's names stand for, as params (folded) or as variables.
struct Value {
  const char* name;
  Type type;
  int64_t value;
};
constexpr Value kParams[] = {{"n", Type::kInt, 3},
                             {"zero", Type::kInt, 0},
                             {"big", Type::kInt, INT64_MAX},
                             {"small", Type::kInt, INT64_MIN},
                             {"flag", Type::kBool, 1}};
constexpr int kParamCount = static_cast<int>(sizeof kParams / sizeof kParams[0]);

// Shared fields: x (int, 0), b (bool, 1), then the params' values when they are variables.
struct Context {
  int64_t LoadShared(int32_t i) const {
    if (i == 0) return -7;
    if (i == 1) return 1;
    return kParams[i - 2].value;
  }
  int64_t LoadLocal(int32_t) const { return 5; }
  int64_t Self() const { return 2; }
};

// The scope of the expression target; with `params_as_variables` the params are shared
// variables holding the same values, so that nothing is folded.
Scope ExprScope(bool params_as_variables) {
  Scope s;
  s.lookup = [params_as_variables](std::string_view name) -> std::optional<Symbol> {
    if (name == "self") return Symbol{Symbol::Kind::kSelf, Type::kInt, 0, 0, {}};
    if (name == "x") return Symbol{Symbol::Kind::kShared, Type::kInt, 0, 0, {}};
    if (name == "b") return Symbol{Symbol::Kind::kShared, Type::kBool, 1, 0, {}};
    if (name == "l") return Symbol{Symbol::Kind::kLocal, Type::kInt, 0, 0, {}};
    for (int i = 0; i < kParamCount; ++i) {
      if (name != kParams[i].name) continue;
      if (params_as_variables) return Symbol{Symbol::Kind::kShared, kParams[i].type, i + 2, 0, {}};
      return Symbol{Symbol::Kind::kParam, kParams[i].type, 0, kParams[i].value, {}};
    }
    return std::nullopt;
  };
  s.max_length = uint64_t{1} << 20;  // long flat chains, as deep as they are long
  s.candidates = {"x", "b", "l", "self"};
  for (const Value& v : kParams) s.candidates.emplace_back(v.name);
  return s;
}

}  // namespace

void FuzzModel(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  CheckResult reduced = RunCheck(text, true);
  if (!reduced.has_report()) return;
  CheckResult plain = RunCheck(text, false);
  // Every reduction keeps every verdict (docs/architecture.md): when both searches finished,
  // they agree, variant by variant.
  if (!plain.has_report() || plain.variants.size() != reduced.variants.size()) {
    Fail("the model loads with reductions but not without", text);
  }
  for (size_t i = 0; i < plain.variants.size(); ++i) {
    Verdict a = reduced.variants[i].result.verdict, b = plain.variants[i].result.verdict;
    if (a != Verdict::kIncomplete && b != Verdict::kIncomplete && a != b) {
      Fail("the reduced search and the plain one disagree on a verdict", text);
    }
  }
}

void FuzzExpression(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto file = std::make_shared<const SourceFile>("fuzz.yaml", text);
  const SourceText src{text, SourceLoc{file, 1, 1, 1}};
  const Scope folded_scope = ExprScope(false), variable_scope = ExprScope(true);
  DiagnosticSink diags;
  std::optional<Code> folded = CompileExpr(src, folded_scope, std::nullopt, diags);
  std::optional<Code> unfolded = CompileExpr(src, variable_scope, std::nullopt, diags);
  if (folded) {
    (void)Disassemble(*folded);
    if (!folded->reads_state) (void)EvalConstant(*folded, 2, src.loc, diags);
  }
  if (folded && unfolded) {
    // Folding computes at compile time what evaluation computes at run time: when the folded
    // code runs without error, the unfolded code gives the same value.
    EvalResult f = Eval(*folded, Context{});
    EvalResult u = Eval(*unfolded, Context{});
    if (f.error == EvalError::kNone && (u.error != EvalError::kNone || u.value != f.value)) {
      Fail("constant folding and evaluation disagree", text);
    }
  }
  (void)CompileAssignment(src, variable_scope, diags);
  (void)CompileFormat(src, folded_scope, diags);
  (void)diags.Render();
}

void FuzzSchedule(const uint8_t* data, size_t size) {
  static const char kModel[] =
      "params: {clients: 3, tickets: 1}\n"
      "shared:\n"
      "  count: tickets\n"
      "  sold: {init: 0, ghost: true}\n"
      "locks: [lock]\n"
      "processes:\n"
      "  client:\n"
      "    instances: clients\n"
      "    locals: {c: {init: 0, range: [0, tickets]}}\n"
      "    steps:\n"
      "      - acquire: lock\n"
      "      - c = count\n"
      "      - if: c > 0\n"
      "        then: [count = c - 1, sold += 1]\n"
      "      - release: lock\n"
      "invariants:\n"
      "  no_oversell: sold <= tickets\n";
  for (bool without_locks : {false, true}) {
    ReplayOptions o;
    o.model.path = "ticket.yaml";
    o.model.text = kModel;
    o.without_locks = without_locks;
    o.schedule.assign(reinterpret_cast<const char*>(data), size);
    ReplayResult r = ReplayModel(o);
    if (r.has_report()) {
      (void)FindRenderer("text")->replay(r);
      (void)FindRenderer("json")->replay(r);
    }
  }
}

}  // namespace racecheck::fuzz
