// Tests of the kind tables (StepKind in model/ast.h, InstrKind and PropertyKind in
// semantics/kinds.h): every kind has a distinct, non-empty name; the names that reports, JSON
// and diagnostics print are exactly the ones written here by hand; and each table's attribute
// column (IsStepKind, IsStepProperty) says what the documentation says.
#include "engine/semantics/kinds.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "engine/model/ast.h"
#include "engine/model/loader.h"

namespace racecheck {
namespace {

template <typename Kind, size_t N, typename NameFn>
std::vector<std::string> Names(const Kind (&kinds)[N], NameFn name) {
  std::vector<std::string> out;
  for (Kind k : kinds) out.push_back(name(k));
  return out;
}

void CheckDistinctNonEmpty(const std::vector<std::string>& names) {
  std::set<std::string> seen;
  for (const std::string& n : names) {
    INFO(n);
    CHECK_FALSE(n.empty());
    CHECK(n != "?");
    CHECK(seen.insert(n).second);
  }
}

TEST_CASE("step kinds: one row each, named by their YAML key", "[kinds]") {
  const std::vector<std::string> names = Names(kAllStepKinds, StepKindName);
  CheckDistinctNonEmpty(names);
  // The keys of docs/model-format.md, in the order the loader lists them ("assign", "put" and
  // "get" are written as plain strings, `x = e`, `q.put(e)`, `x = q.get()`, and are not keys).
  CHECK(names == std::vector<std::string>{"assign", "print", "acquire", "release", "await",
                                          "assert", "sleep", "atomic", "if", "while", "when", "set",
                                          "clear", "wait", "for", "put", "get", "notify",
                                          "notify_all"});
  std::vector<std::string> strings;
  for (StepKind k : kAllStepKinds) {
    if (IsStringStep(k)) strings.push_back(StepKindName(k));
  }
  CHECK(strings == std::vector<std::string>{"assign", "put", "get"});
  // The enumerators follow the table: the list is the enum in order.
  for (size_t i = 0; i < std::size(kAllStepKinds); ++i) {
    CHECK(static_cast<size_t>(kAllStepKinds[i]) == i);
  }
  static_assert(StepKindName(StepKind::kWhile)[0] == 'w');
}

TEST_CASE("the loader names the step kinds from the table", "[kinds]") {
  DiagnosticSink sink;
  std::optional<Model> model = LoadModelText("m.yaml",
                                             "model: m\n"
                                             "shared: {x: 0}\n"
                                             "processes:\n"
                                             "  p:\n"
                                             "    steps:\n"
                                             "      - zzz: 1\n"
                                             "      - {if: x > 0, do: [x = 1]}\n"
                                             "      - do: [x = 1]\n",
                                             {}, sink);
  CHECK_FALSE(model.has_value());
  CHECK(sink.Render() ==
        "m.yaml:6:9: error: unknown step 'zzz'; expected an assignment or one of 'print', "
        "'acquire', 'release', 'await', 'assert', 'sleep', 'atomic', 'if', 'while', "
        "'when', 'set', 'clear', 'wait', 'for', 'notify', 'notify_all'\n"
        "    6 |       - zzz: 1\n"
        "      |         ^~~\n"
        "m.yaml:7:21: error: unknown key 'do' in step 'if'; expected one of 'if', 'then', "
        "'else', 'when'\n"
        "    7 |       - {if: x > 0, do: [x = 1]}\n"
        "      |                     ^~\n"
        "m.yaml:7:10: error: 'if' without 'then'; expected 'then:' with a list of steps\n"
        "    7 |       - {if: x > 0, do: [x = 1]}\n"
        "      |          ^~\n"
        "m.yaml:8:9: error: 'do' without 'while' or 'for'\n"
        "    8 |       - do: [x = 1]\n"
        "      |         ^~\n");
  // "assign" names a kind but is not a key: an unknown step, not an assignment.
  DiagnosticSink assign_sink;
  CHECK_FALSE(LoadModelText("m.yaml",
                            "model: m\nshared: {x: 0}\nprocesses:\n  p:\n    steps:\n"
                            "      - assign: x = 1\n",
                            {}, assign_sink)
                  .has_value());
  CHECK(assign_sink.Render().find("unknown step 'assign'") != std::string::npos);
}

TEST_CASE("instruction kinds: names and which of them are steps", "[kinds]") {
  const std::vector<std::string> names = Names(kAllInstrKinds, InstrKindName);
  CheckDistinctNonEmpty(names);
  CHECK(names == std::vector<std::string>{"assign", "branch", "jump", "sleep", "acquire", "release",
                                          "elided", "await", "assert", "print", "arrive", "leave",
                                          "put", "get", "cond-wait", "cond-wake", "notify",
                                          "notify-all", "end"});
  // Control flow (never a settled pc): jumps, sleeps and elided lock operations; kEnd is where
  // a finished process rests, so it counts as a step here.
  std::vector<std::string> flow;
  for (InstrKind k : kAllInstrKinds) {
    if (!IsStepKind(k)) flow.push_back(InstrKindName(k));
  }
  CHECK(flow == std::vector<std::string>{"jump", "sleep", "elided"});
  static_assert(IsStepKind(InstrKind::kEnd) && !IsStepKind(InstrKind::kJump));
}

TEST_CASE("property kinds: names as reports print them, and which a step violates", "[kinds]") {
  const std::vector<std::string> names = Names(kAllPropertyKinds, PropertyKindName);
  CheckDistinctNonEmpty(names);
  // "invariant" and "final" head DescribeProperty's lines in the golden files; every name is a
  // "kind" in the JSON report.
  CHECK(names == std::vector<std::string>{"invariant", "final", "assert", "deadlock", "lock misuse",
                                          "range", "runtime"});
  std::vector<std::string> of_step;
  for (PropertyKind k : kAllPropertyKinds) {
    if (IsStepProperty(k)) of_step.push_back(PropertyKindName(k));
  }
  CHECK(of_step == std::vector<std::string>{"assert", "lock misuse", "range", "runtime"});
}

}  // namespace
}  // namespace racecheck
