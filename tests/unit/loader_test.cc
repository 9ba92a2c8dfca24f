// Tests of the YAML loader: the syntax tree it builds (names, counts, step kinds, nesting, the
// locations of expression texts) and the exact text of every kind of diagnostic it reports.
// Columns in the expectations are counted by hand from the model texts below.
#include "engine/model/loader.h"

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "engine/semantics/system.h"

namespace racecheck {
namespace {

// Loads `text` as "m.yaml"; `diags` gets the rendered diagnostics.
std::optional<Model> Load(const std::string& text, std::string* diags,
                          const std::vector<ParamOverride>& overrides = {}) {
  DiagnosticSink sink;
  std::optional<Model> model = LoadModelText("m.yaml", text, overrides, sink);
  *diags = sink.Render();
  return model;
}

// The rendered diagnostics for a model that must fail to load.
std::string Errors(const std::string& text, const std::vector<ParamOverride>& overrides = {}) {
  std::string diags;
  std::optional<Model> model = Load(text, &diags, overrides);
  CHECK_FALSE(model.has_value());
  return diags;
}

void CheckLoc(const SourceLoc& loc, int line, int col, int length) {
  INFO("at " << loc.line << ":" << loc.col << " length " << loc.length);
  REQUIRE(loc.known());
  CHECK(loc.line == line);
  CHECK(loc.col == col);
  CHECK(loc.length == length);
}

constexpr const char* kTicket = R"(# ticket
model: ticket
params:
  clients: 10
  verbose: false
shared:
  count: clients
  sold: {init: 0, ghost: true, range: [0, clients]}
locks: [lock]
semaphores:
  slots: 2
  gate: {init: 0, max: 1}
processes:
  client:
    instances: clients
    locals:
      c: 0
    steps:
      - c = count
      - print: "remaining {c}"
      - acquire: lock
      - sleep: 0.1
      - if: c > 0
        then:
          - c = c - 1
          - atomic:
              - count = c
              - sold += 1
        else:
          - print: 'sold out'
      - while: c < 3
        do:
          - c = c + 1
      - await: count == 0
      - assert: true
      - sleep: [0, 1]
      - release: lock
  watcher:
    steps: [await: sold == 1]
invariants:
  no_oversell: sold <= clients
final:
  all_sold: "count == 0"
)";

// A model with one process whose steps are `steps` (each line indented by six spaces).
std::string WithSteps(const std::string& steps) { return "processes:\n  p:\n    steps:\n" + steps; }

TEST_CASE("loader reads the declarations of a model", "[loader]") {
  std::string diags;
  std::optional<Model> m = Load(kTicket, &diags);
  INFO(diags);
  REQUIRE(m.has_value());
  CHECK(diags.empty());
  CHECK(m->name == "ticket");
  REQUIRE(m->file != nullptr);
  CHECK(m->file->name() == "m.yaml");

  REQUIRE(m->params.size() == 2);
  CHECK(m->params[0].name.text == "clients");
  CheckLoc(m->params[0].name.loc, 4, 3, 7);
  CHECK(m->params[0].default_value == 10);
  CHECK_FALSE(m->params[0].is_bool);
  CheckLoc(m->params[0].value_loc, 4, 12, 2);
  CHECK_FALSE(m->params[0].overridden);
  CHECK(m->params[1].name.text == "verbose");
  CHECK(m->params[1].is_bool);
  CHECK(m->params[1].default_value == 0);

  REQUIRE(m->shared.size() == 2);
  CHECK(m->shared[0].name.text == "count");
  CHECK(m->shared[0].init.text == "clients");
  CheckLoc(m->shared[0].init.loc, 7, 10, 7);
  CHECK_FALSE(m->shared[0].ghost);
  CHECK_FALSE(m->shared[0].range_lo.has_value());
  const VarDecl& sold = m->shared[1];
  CHECK(sold.name.text == "sold");
  CHECK(sold.init.text == "0");
  CheckLoc(sold.init.loc, 8, 16, 1);
  CHECK(sold.ghost);
  REQUIRE(sold.range_lo.has_value());
  REQUIRE(sold.range_hi.has_value());
  CHECK(sold.range_lo->text == "0");
  CheckLoc(sold.range_lo->loc, 8, 40, 1);
  CHECK(sold.range_hi->text == "clients");
  CheckLoc(sold.range_hi->loc, 8, 43, 7);

  REQUIRE(m->syncs.size() == 3);  // locks, then semaphores
  CHECK(m->syncs[0].name.text == "lock");
  CHECK_FALSE(m->syncs[0].is_semaphore);
  CheckLoc(m->syncs[0].name.loc, 9, 9, 4);
  CHECK(m->syncs[1].name.text == "slots");
  CHECK(m->syncs[1].is_semaphore);
  CHECK(m->syncs[1].init.text == "2");
  CheckLoc(m->syncs[1].init.loc, 11, 10, 1);
  CHECK_FALSE(m->syncs[1].max.has_value());
  CHECK(m->syncs[2].name.text == "gate");
  CHECK(m->syncs[2].init.text == "0");
  REQUIRE(m->syncs[2].max.has_value());
  CHECK(m->syncs[2].max->text == "1");
  CheckLoc(m->syncs[2].max->loc, 12, 24, 1);

  REQUIRE(m->invariants.size() == 1);
  CHECK(m->invariants[0].name.text == "no_oversell");
  CHECK(m->invariants[0].expr.text == "sold <= clients");
  CheckLoc(m->invariants[0].expr.loc, 41, 16, 15);
  REQUIRE(m->finals.size() == 1);
  CHECK(m->finals[0].name.text == "all_sold");
  CHECK(m->finals[0].expr.text == "count == 0");
  CheckLoc(m->finals[0].expr.loc, 43, 14, 10);  // inside the double quotes
}

TEST_CASE("loader reads processes and their steps", "[loader]") {
  std::string diags;
  std::optional<Model> m = Load(kTicket, &diags);
  INFO(diags);
  REQUIRE(m.has_value());
  REQUIRE(m->processes.size() == 2);
  const ProcessDecl& client = m->processes[0];
  CHECK(client.name.text == "client");
  CheckLoc(client.name.loc, 14, 3, 6);
  CHECK(client.instances.text == "clients");
  CheckLoc(client.instances.loc, 15, 16, 7);
  REQUIRE(client.locals.size() == 1);
  CHECK(client.locals[0].name.text == "c");
  CheckLoc(client.locals[0].init.loc, 17, 10, 1);

  const std::vector<Step>& s = client.steps;
  REQUIRE(s.size() == 10);
  const std::vector<StepKind> kinds = {StepKind::kAssign, StepKind::kPrint,  StepKind::kAcquire,
                                       StepKind::kSleep,  StepKind::kIf,     StepKind::kWhile,
                                       StepKind::kAwait,  StepKind::kAssert, StepKind::kSleep,
                                       StepKind::kRelease};
  const std::vector<std::string> sources = {
      "c = count",   "print: \"remaining {c}\"", "acquire: lock", "sleep: 0.1",    "if c > 0",
      "while c < 3", "await: count == 0",        "assert: true",  "sleep: [0, 1]", "release: lock"};
  for (size_t i = 0; i < s.size(); ++i) {
    INFO("step " << i);
    CHECK(s[i].kind == kinds[i]);
    CHECK(s[i].source == sources[i]);
  }
  CHECK(s[0].text.text == "c = count");
  CheckLoc(s[0].loc, 19, 9, 9);
  CheckLoc(s[0].text.loc, 19, 9, 9);
  CHECK(s[1].text.text == "remaining {c}");
  CheckLoc(s[1].text.loc, 20, 17, 13);  // one column after the opening quote
  CheckLoc(s[1].loc, 20, 9, 5);
  CHECK(s[2].text.text == "lock");
  CheckLoc(s[2].text.loc, 21, 18, 4);
  CHECK(s[3].sleep_lo == 0.1);
  CHECK(s[3].sleep_hi == 0.1);
  CHECK(s[8].sleep_lo == 0);
  CHECK(s[8].sleep_hi == 1);
  CHECK(s[7].text.text == "true");
  CheckLoc(s[7].text.loc, 35, 17, 4);
  CHECK(s[6].text.text == "count == 0");
  CheckLoc(s[6].text.loc, 34, 16, 10);

  const Step& branch = s[4];
  CHECK(branch.text.text == "c > 0");
  CheckLoc(branch.loc, 23, 9, 2);
  CheckLoc(branch.text.loc, 23, 13, 5);
  REQUIRE(branch.body.size() == 2);
  CHECK(branch.body[0].kind == StepKind::kAssign);
  CheckLoc(branch.body[0].loc, 25, 13, 9);
  const Step& group = branch.body[1];
  CHECK(group.kind == StepKind::kAtomic);
  CHECK(group.source == "atomic");
  REQUIRE(group.body.size() == 2);
  CHECK(group.body[0].text.text == "count = c");
  CHECK(group.body[1].text.text == "sold += 1");
  CheckLoc(group.body[1].text.loc, 28, 17, 9);
  REQUIRE(branch.orelse.size() == 1);
  CHECK(branch.orelse[0].kind == StepKind::kPrint);
  CHECK(branch.orelse[0].text.text == "sold out");
  CHECK(branch.orelse[0].source == "print: \"sold out\"");
  CheckLoc(branch.orelse[0].text.loc, 30, 21, 8);  // inside the single quotes

  const Step& loop = s[5];
  CheckLoc(loop.text.loc, 31, 16, 5);
  REQUIRE(loop.body.size() == 1);
  CHECK(loop.body[0].text.text == "c = c + 1");
  CHECK(loop.orelse.empty());

  const ProcessDecl& watcher = m->processes[1];
  CHECK(watcher.instances.text == "1");  // the default
  REQUIRE(watcher.steps.size() == 1);
  CHECK(watcher.steps[0].kind == StepKind::kAwait);
  CheckLoc(watcher.steps[0].text.loc, 39, 20, 9);
}

TEST_CASE("loader reads a for loop's variable, bounds and body", "[loader]") {
  // Columns counted by hand: "      - for: " is 13 characters, so the header starts at 14.
  std::string diags;
  std::optional<Model> m = Load(WithSteps("      - for: i in range(K)\n"
                                          "        do: [\"x = i\"]\n"
                                          "      - for:  round in range( 1 , (K + 1) * 2 )\n"
                                          "        do: []\n"),
                                &diags);
  INFO(diags);
  REQUIRE(m.has_value());
  const std::vector<Step>& s = m->processes[0].steps;
  REQUIRE(s.size() == 2);
  CHECK(s[0].kind == StepKind::kFor);
  CHECK(s[0].source == "for i in range(K)");
  CHECK(s[0].loop_var.text == "i");
  CheckLoc(s[0].loop_var.loc, 4, 14, 1);
  CHECK_FALSE(s[0].from.has_value());
  CHECK(s[0].to.text == "K");
  CheckLoc(s[0].to.loc, 4, 25, 1);
  REQUIRE(s[0].body.size() == 1);
  CHECK(s[0].body[0].text.text == "x = i");
  // Spaces around the bounds, and a comma-free expression in parentheses as the end.
  CHECK(s[1].loop_var.text == "round");
  CheckLoc(s[1].loop_var.loc, 6, 15, 5);
  REQUIRE(s[1].from.has_value());
  CHECK(s[1].from->text == "1");
  CheckLoc(s[1].from->loc, 6, 31, 1);
  CHECK(s[1].to.text == "(K + 1) * 2");
  CheckLoc(s[1].to.loc, 6, 35, 11);
  CHECK(s[1].body.empty());
}

TEST_CASE("loader reads events as shared bools that start false, and their steps", "[loader]") {
  std::string diags;
  std::optional<Model> m = Load(
      "params: {N: 2}\n"
      "events: [ready]\n"
      "processes:\n  p:\n    steps:\n"
      "      - set: ready\n"
      "      - clear: ready\n"
      "      - wait: ready\n",
      &diags);
  INFO(diags);
  REQUIRE(m.has_value());
  REQUIRE(m->shared.size() == 1);
  CHECK(m->shared[0].name.text == "ready");
  CHECK(m->shared[0].event);
  CHECK(m->shared[0].init.text == "false");
  CHECK_FALSE(m->shared[0].array.has_value());
  CheckLoc(m->shared[0].name.loc, 2, 10, 5);
  const std::vector<Step>& s = m->processes[0].steps;
  REQUIRE(s.size() == 3);
  CHECK(s[0].kind == StepKind::kSet);
  CHECK(s[1].kind == StepKind::kClear);
  CHECK(s[2].kind == StepKind::kWait);
  CHECK(s[2].source == "wait: ready");
  CheckLoc(s[2].text.loc, 8, 15, 5);
  // Arrays of events: `name: count`.
  m = Load(
      "params: {N: 2}\nevents: {done: N}\nprocesses:\n  p:\n    steps:\n      - set: done[0]\n",
      &diags);
  INFO(diags);
  REQUIRE(m.has_value());
  REQUIRE(m->shared.size() == 1);
  REQUIRE(m->shared[0].array.has_value());
  CHECK(m->shared[0].array->text == "N");
}

TEST_CASE("loader reads rlocks, and a lock whose re-entrance a param decides", "[loader]") {
  std::string diags;
  std::optional<Model> m = Load(
      "params: {R: true, N: 2}\n"
      "locks:\n  plain: 1\n  account: {reentrant: R}\n  forks: {reentrant: not R, array: N}\n"
      "rlocks: [r]\n"
      "processes:\n  p:\n    steps:\n      - acquire: r\n",
      &diags);
  INFO(diags);
  REQUIRE(m.has_value());
  REQUIRE(m->syncs.size() == 4);
  CHECK(m->syncs[0].name.text == "plain");
  CHECK_FALSE(m->syncs[0].reentrant);
  CHECK_FALSE(m->syncs[0].reentrant_if.has_value());
  REQUIRE(m->syncs[0].array.has_value());  // `name: count` is an array of 1
  CHECK(m->syncs[1].name.text == "account");
  REQUIRE(m->syncs[1].reentrant_if.has_value());
  CHECK(m->syncs[1].reentrant_if->text == "R");
  CheckLoc(m->syncs[1].reentrant_if->loc, 4, 24, 1);
  CHECK_FALSE(m->syncs[1].array.has_value());
  REQUIRE(m->syncs[2].array.has_value());
  CHECK(m->syncs[2].array->text == "N");
  CHECK(m->syncs[2].reentrant_if->text == "not R");
  CHECK(m->syncs[3].name.text == "r");
  CHECK(m->syncs[3].reentrant);
  CheckLoc(m->syncs[3].name.loc, 6, 10, 1);
}

TEST_CASE("loader reads queues, and q.put(e) and x = q.get() as their steps", "[loader]") {
  std::string diags;
  std::optional<Model> m = Load(
      "params: {N: 2}\n"
      "queues: {q: N}\n"
      "shared: {a: {array: 2, init: 0}, y: 0}\n"
      "processes:\n  p:\n    locals: {x: 0}\n    steps:\n"
      "      - q.put(x + 1)\n"
      "      - a[x] = q.get()\n"
      "      - y = q.size + 1\n",
      &diags);
  INFO(diags);
  REQUIRE(m.has_value());
  REQUIRE(m->queues.size() == 1);
  CHECK(m->queues[0].name.text == "q");
  CHECK(m->queues[0].maxsize.text == "N");
  const std::vector<Step>& s = m->processes[0].steps;
  REQUIRE(s.size() == 3);
  CHECK(s[0].kind == StepKind::kPut);
  CHECK(s[0].queue.text == "q");
  CheckLoc(s[0].queue.loc, 8, 9, 1);
  CHECK(s[0].text.text == "x + 1");
  CheckLoc(s[0].text.loc, 8, 15, 5);
  CHECK(s[0].source == "q.put(x + 1)");
  CHECK(s[1].kind == StepKind::kGet);
  CHECK(s[1].queue.text == "q");
  CheckLoc(s[1].queue.loc, 9, 16, 1);
  CHECK(s[1].text.text == "a[x]");
  CheckLoc(s[1].text.loc, 9, 9, 4);
  // Anything else with a dot stays an assignment (for the compiler to report).
  CHECK(s[2].kind == StepKind::kAssign);
}

TEST_CASE("loader reads conditions, and Python's method calls as the steps they name", "[loader]") {
  std::string diags;
  std::optional<Model> m = Load(
      "shared:\n  n: {init: 0, lock: true}\n"
      "locks: {mutex: 1, fork: 2}\n"
      "events: [ev]\n"
      "conditions:\n  c: mutex\n  d: {spurious: S}\n  e:\n"
      "params: {S: false}\n"
      "processes:\n  p:\n    steps:\n"
      "      - mutex.acquire()\n"          // 13
      "      - fork[self] . release( )\n"  // 14
      "      - n.get_lock ().acquire()\n"  // 15
      "      - c.wait()\n"                 // 16
      "      - c.notify()\n"               // 17
      "      - d.notify_all()\n"           // 18
      "      - ev.set()\n"                 // 19
      "      - ev.clear()\n"               // 20
      "      - x = c.wait()\n"             // 21: not a call of a step
      "      - c.wait(1)\n",               // 22: an argument: not a step either
      &diags);
  INFO(diags);
  REQUIRE(m.has_value());
  REQUIRE(m->conditions.size() == 3);
  CHECK(m->conditions[0].name.text == "c");
  REQUIRE(m->conditions[0].lock.has_value());
  CHECK(m->conditions[0].lock->text == "mutex");
  CheckLoc(m->conditions[0].lock->loc, 6, 6, 5);
  CHECK_FALSE(m->conditions[1].lock.has_value());  // Condition(): a lock of its own
  REQUIRE(m->conditions[1].spurious.has_value());
  CHECK(m->conditions[1].spurious->text == "S");
  CHECK_FALSE(m->conditions[2].lock.has_value());
  // Condition()'s own lock is an rlock of its name, after the declared ones.
  REQUIRE(m->syncs.size() == 5);
  CHECK(m->syncs[3].name.text == "d");
  CHECK(m->syncs[3].reentrant);
  CHECK(m->syncs[4].name.text == "e");
  const std::vector<Step>& s = m->processes[0].steps;
  REQUIRE(s.size() == 10);
  const std::vector<std::pair<StepKind, std::string>> expected = {
      {StepKind::kAcquire, "mutex"},
      {StepKind::kRelease, "fork[self]"},
      {StepKind::kAcquire, "n.get_lock()"},
      {StepKind::kWait, "c"},
      {StepKind::kNotify, "c"},
      {StepKind::kNotifyAll, "d"},
      {StepKind::kSet, "ev"},
      {StepKind::kClear, "ev"},
      {StepKind::kAssign, "x = c.wait()"},
      {StepKind::kAssign, "c.wait(1)"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    INFO("line " << 13 + i);
    CHECK(s[i].kind == expected[i].first);
    CHECK(s[i].text.text == expected[i].second);
  }
  CheckLoc(s[1].text.loc, 14, 9, 10);               // the object, where it is written
  CHECK(s[1].source == "fork[self] . release( )");  // traces show the step as written
}

TEST_CASE("loader gives a Value with lock: true its lock, named n.get_lock()", "[loader]") {
  std::string diags;
  std::optional<Model> m = Load(
      "shared:\n  n: {init: 0, lock: true}\n  a: {array: 2, init: 0, lock: true}\n"
      "  b: {init: 0, lock: false}\n"
      "locks: [other]\n"
      "processes:\n  p:\n    steps:\n      - acquire: n.get_lock()\n",
      &diags);
  INFO(diags);
  REQUIRE(m.has_value());
  REQUIRE(m->syncs.size() == 3);  // one per Value or Array that has one, then `locks:`
  CHECK(m->syncs[0].name.text == "n.get_lock()");
  CheckLoc(m->syncs[0].name.loc, 2, 16, 4);
  CHECK(m->syncs[0].reentrant);                // Python's is an RLock
  CHECK_FALSE(m->syncs[0].array.has_value());  // an Array has one lock, not one per element
  CHECK(m->syncs[1].name.text == "a.get_lock()");
  CHECK(m->syncs[2].name.text == "other");
  CHECK(m->shared.size() == 3);
  // The step names it as Python calls it.
  auto model = std::make_shared<const Model>(std::move(*m));
  DiagnosticSink sink;
  auto sys = System::Build(model, BuildOptions{}, sink);
  REQUIRE(sys != nullptr);
  CHECK(sys->templates()[0].code[0].kind == InstrKind::kAcquire);
  CHECK(sys->syncs()[sys->templates()[0].code[0].sync].name == "n.get_lock()");
}

TEST_CASE("loader names a model after its file by default", "[loader]") {
  DiagnosticSink sink;
  std::optional<Model> m =
      LoadModelText("models/bank-account.yaml", "processes:\n  p:\n    steps: [x = 1]\n", {}, sink);
  REQUIRE(m.has_value());
  CHECK(m->name == "bank-account");
  CHECK(m->params.empty());
  CHECK(m->processes[0].steps[0].text.text == "x = 1");
}

TEST_CASE("loader applies --set overrides", "[loader]") {
  std::string diags;
  std::optional<Model> m =
      Load(kTicket, &diags, {{"clients=3"}, {" verbose = true"}, {"clients=-4"}});
  INFO(diags);
  REQUIRE(m.has_value());
  CHECK(m->params[0].overridden);
  CHECK(m->params[0].default_value == -4);  // the last one wins
  REQUIRE(m->params[0].value_loc.file != nullptr);
  CHECK(m->params[0].value_loc.file->name() == "--set");
  CheckLoc(m->params[0].value_loc, 1, 9, 2);
  CHECK(m->params[1].overridden);
  CHECK(m->params[1].default_value == 1);
  CheckLoc(m->params[1].value_loc, 1, 12, 4);
}

TEST_CASE("loader reports YAML syntax errors", "[loader]") {
  CHECK(Errors("processes:\n  p: [x = 1\n") ==
        "m.yaml:2:12: error: invalid YAML: end of sequence flow not found\n"
        "    2 |   p: [x = 1\n"
        "      |            ^\n");
  CHECK(Errors("model: a: b\n") ==
        "m.yaml:1:9: error: invalid YAML: illegal map value\n"
        "    1 | model: a: b\n"
        "      |         ^\n");
}

TEST_CASE("loader reports an empty model or one that is not a mapping", "[loader]") {
  CHECK(Errors("# nothing yet\n") ==
        "m.yaml:1:1: error: the model is empty; expected a mapping with 'processes:'\n"
        "    1 | # nothing yet\n"
        "      | ^\n");
  CHECK(Errors("- a\n- b\n") ==
        "m.yaml:1:1: error: the model must be a mapping with 'processes:', found a list\n"
        "    1 | - a\n"
        "      | ^\n");
}

TEST_CASE("loader reports unknown keys with a suggestion or the allowed keys", "[loader]") {
  CHECK(Errors("processes:\n  p: {steps: [x = 1], local: {}}\ninvariant:\n  a: x\n") ==
        "m.yaml:3:1: error: unknown key 'invariant' in the model; did you mean 'invariants'?\n"
        "    3 | invariant:\n"
        "      | ^~~~~~~~~\n"
        "m.yaml:2:23: error: unknown key 'local' in process 'p'; did you mean 'locals'?\n"
        "    2 |   p: {steps: [x = 1], local: {}}\n"
        "      |                       ^~~~~\n");
  CHECK(Errors("shared:\n  v: {init: 0, kind: int}\nprocesses:\n  p: {steps: []}\n") ==
        "m.yaml:2:16: error: unknown key 'kind' in shared variable 'v'; expected one of "
        "'init', 'range', 'ghost', 'array', 'lock'\n"
        "    2 |   v: {init: 0, kind: int}\n"
        "      |                ^~~~\n");
}

TEST_CASE("loader reports nodes of the wrong kind", "[loader]") {
  CHECK(Errors("locks: 5\nprocesses:\n  p: {steps: []}\n") ==
        "m.yaml:1:8: error: 'locks' must be a list of names, or a mapping 'name: count' for "
        "arrays of locks, found '5'\n"
        "    1 | locks: 5\n"
        "      |        ^\n");
  CHECK(Errors("processes:\n  p:\n    steps: x = 1\n") ==
        "m.yaml:3:12: error: 'steps' must be a list of steps, found 'x = 1'\n"
        "    3 |     steps: x = 1\n"
        "      |            ^~~~~\n");
}

TEST_CASE("loader reports unknown and malformed steps", "[loader]") {
  CHECK(Errors(WithSteps("      - aquire: lock\n")) ==
        "m.yaml:4:9: error: unknown step 'aquire'; did you mean 'acquire'?\n"
        "    4 |       - aquire: lock\n"
        "      |         ^~~~~~\n");
  CHECK(Errors(WithSteps("      - if: x > 0\n        else: []\n")) ==
        "m.yaml:4:9: error: 'if' without 'then'; expected 'then:' with a list of steps\n"
        "    4 |       - if: x > 0\n"
        "      |         ^~\n");
  CHECK(Errors(WithSteps("      - acquire: a\n        release: a\n")) ==
        "m.yaml:5:9: error: a step has one kind, found both 'acquire' and 'release'; write "
        "each as its own list item\n"
        "    5 |         release: a\n"
        "      |         ^~~~~~~\n");
  CHECK(Errors(WithSteps("      - do: [x = 1]\n")) ==
        "m.yaml:4:9: error: 'do' without 'while' or 'for'\n"
        "    4 |       - do: [x = 1]\n"
        "      |         ^~\n");
}

TEST_CASE("loader reports bad sleep times", "[loader]") {
  CHECK(Errors(WithSteps("      - sleep: -0.5\n")) ==
        "m.yaml:4:16: error: 'sleep' must not be negative, found '-0.5'\n"
        "    4 |       - sleep: -0.5\n"
        "      |                ^~~~\n");
  CHECK(Errors(WithSteps("      - sleep: [2, 1]\n")) ==
        "m.yaml:4:16: error: 'sleep' range is empty; expected lo <= hi, found [2, 1]\n"
        "    4 |       - sleep: [2, 1]\n"
        "      |                ^~~~~~\n");
  CHECK(Errors(WithSteps("      - sleep: soon\n")) ==
        "m.yaml:4:16: error: 'sleep' must be a number of seconds or a range [lo, hi], found "
        "'soon'\n"
        "    4 |       - sleep: soon\n"
        "      |                ^~~~\n");
}

TEST_CASE("loader reports duplicate names with the first declaration", "[loader]") {
  CHECK(Errors("params:\n  count: 1\nshared:\n  count: 0\nprocesses:\n  p: {steps: []}\n") ==
        "m.yaml:4:3: error: duplicate name 'count'\n"
        "    4 |   count: 0\n"
        "      |   ^~~~~\n"
        "m.yaml:2:3: note: 'count' is first declared here\n"
        "    2 |   count: 1\n"
        "      |   ^~~~~\n");
  // yaml-cpp keeps both keys of a mapping; the loader reports the second.
  CHECK(Errors("shared:\n  n: 0\n  n: 1\nprocesses:\n  p: {steps: []}\n") ==
        "m.yaml:3:3: error: duplicate name 'n'\n"
        "    3 |   n: 1\n"
        "      |   ^\n"
        "m.yaml:2:3: note: 'n' is first declared here\n"
        "    2 |   n: 0\n"
        "      |   ^\n");
  // A local may not reuse a shared name; locals of different templates may share names.
  CHECK(Errors("shared:\n  n: 0\nprocesses:\n  p: {locals: {i: 0, n: 1}, steps: []}\n"
               "  q: {locals: {i: 0}, steps: []}\n") ==
        "m.yaml:4:22: error: duplicate name 'n'\n"
        "    4 |   p: {locals: {i: 0, n: 1}, steps: []}\n"
        "      |                      ^\n"
        "m.yaml:2:3: note: 'n' is first declared here\n"
        "    2 |   n: 0\n"
        "      |   ^\n");
  CHECK(Errors("processes:\n  p: {steps: []}\ninvariants:\n  ok: true\nfinal:\n  ok: true\n") ==
        "m.yaml:6:3: error: duplicate name 'ok'\n"
        "    6 |   ok: true\n"
        "      |   ^~\n"
        "m.yaml:4:3: note: 'ok' is first declared here\n"
        "    4 |   ok: true\n"
        "      |   ^~\n");
}

TEST_CASE("loader reports invalid names", "[loader]") {
  CHECK(Errors("shared:\n  my-var: 0\n  not: 1\nprocesses:\n  p: {steps: []}\n") ==
        "m.yaml:2:3: error: 'my-var' is not a valid name; expected letters, digits and '_', "
        "not starting with a digit\n"
        "    2 |   my-var: 0\n"
        "      |   ^~~~~~\n"
        "m.yaml:3:3: error: 'not' is not a valid name; it is a reserved word\n"
        "    3 |   not: 1\n"
        "      |   ^~~\n");
}

TEST_CASE("loader requires a process template", "[loader]") {
  CHECK(Errors("# counters\nshared:\n  n: 0\n") ==
        "m.yaml:2:1: error: the model has no processes; add a 'processes:' section\n"
        "    2 | shared:\n"
        "      | ^\n");
}

TEST_CASE("loader reports params without an integer default", "[loader]") {
  CHECK(Errors("params:\n  clients: ten\n  big: 9223372036854775808\nprocesses:\n"
               "  p: {steps: []}\n") ==
        "m.yaml:2:12: error: param 'clients' must have an integer default, found 'ten'\n"
        "    2 |   clients: ten\n"
        "      |            ^~~\n"
        "m.yaml:3:8: error: param 'big' default '9223372036854775808' does not fit in a "
        "64-bit integer\n"
        "    3 |   big: 9223372036854775808\n"
        "      |        ^~~~~~~~~~~~~~~~~~~\n");
  std::string diags;
  std::optional<Model> m =
      Load("params:\n  low: -9223372036854775808\nprocesses:\n  p: {steps: []}\n", &diags);
  REQUIRE(m.has_value());
  CHECK(m->params[0].default_value == INT64_MIN);
}

TEST_CASE("loader reports bad --set overrides", "[loader]") {
  const std::string model = "params:\n  clients: 2\n  fast: true\nprocesses:\n  p: {steps: []}\n";
  CHECK(Errors(model, {{"clients"}}) ==
        "--set:1:1: error: '--set' expects name=value, found 'clients'\n"
        "    1 | clients\n"
        "      | ^~~~~~~\n");
  CHECK(Errors(model, {{"client=3"}}) ==
        "--set:1:1: error: unknown param 'client' in --set; did you mean 'clients'?\n"
        "    1 | client=3\n"
        "      | ^~~~~~\n"
        "m.yaml:2:3: note: 'clients' is declared here\n"
        "    2 |   clients: 2\n"
        "      |   ^~~~~~~\n");
  CHECK(Errors(model, {{"workers=3"}}) ==
        "--set:1:1: error: unknown param 'workers' in --set; the model's params are "
        "'clients', 'fast'\n"
        "    1 | workers=3\n"
        "      | ^~~~~~~\n"
        "m.yaml:1:1: note: the params are declared here\n"
        "    1 | params:\n"
        "      | ^~~~~~\n");
  CHECK(Errors(model, {{"clients=many"}, {"fast=1"}}) ==
        "--set:1:9: error: param 'clients' must be an integer, found 'many'\n"
        "    1 | clients=many\n"
        "      |         ^~~~\n"
        "--set:1:6: error: param 'fast' must be true or false, found '1'\n"
        "    1 | fast=1\n"
        "      |      ^\n");
}

TEST_CASE("loader collects several errors before giving up", "[loader]") {
  std::string diags =
      Errors(WithSteps("      - aquire: a\n      - sleep: -1\n      - relase: a\n"));
  DiagnosticSink sink;
  LoadModelText("m.yaml", WithSteps("      - aquire: a\n      - sleep: -1\n      - relase: a\n"),
                {}, sink);
  CHECK(sink.errors().size() == 3);
  CHECK(diags.find("unknown step 'relase'; did you mean 'release'?") != std::string::npos);
}

TEST_CASE("loader reports a missing model file without a position", "[loader]") {
  DiagnosticSink sink;
  std::optional<Model> m = LoadModelFile("no/such/x.yaml", {}, sink);
  CHECK_FALSE(m.has_value());
  CHECK(sink.Render() ==
        "racecheck: error: cannot open model file 'no/such/x.yaml': No such file or directory\n");
}

}  // namespace
}  // namespace racecheck
