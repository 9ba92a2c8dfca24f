// The engine's plain search against the reference interpreter (tests/reference/reference.h),
// an oracle that shares no semantics code with the engine: it walks the Model's step tree and
// evaluates the expressions' text itself. For every shipped model, every fixture that builds,
// edge cases written here, the random models of tests/support/random_models.h (steps, locks,
// groups) and of random_expr_models.h (expressions), in both variants (as written, and without
// locks where the model has locks or semaphores), both must give the same states, transitions,
// terminal states, depth, verdict, violated properties, violating-state counts, shortest
// counterexample lengths and terminal outcomes. Unlike the reduction tests, which compare the
// engine with itself, a mistake in System::Step or in the expression compiler shows here.
#include "tests/reference/reference.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/explore/explorer.h"
#include "engine/model/loader.h"
#include "engine/semantics/system.h"
#include "engine/trace/concretize.h"
#include "tests/reference/random_expr_models.h"
#include "tests/support/random_models.h"
#include "tests/support/test_models.h"

#ifndef RACECHECK_SOURCE_DIR
#error "RACECHECK_SOURCE_DIR must name the repository root"
#endif

namespace racecheck {
namespace {

namespace fs = std::filesystem;

// The length of the counterexample the plain breadth-first search found for one property: the
// first found, a shortest one in stored transitions, made a schedule of the plain model by the
// trace layer (which, with no reduction, adds only a violating step's own step). (The only
// place this test reads a schedule.)
uint64_t ShortestLength(const System& sys, const PropertyOutcome& o) {
  return ConcreteSchedule(sys, /*symmetry=*/nullptr, o.path).size();
}

// The engine's figures in the reference's terms (property keys, outcome set).
reference::Result EngineFigures(const System& sys, const ExploreResult& e) {
  reference::Result r;
  r.states = e.stats.states;
  r.transitions = e.stats.transitions;
  r.terminal_states = e.stats.terminal_states;
  r.depth = e.stats.depth;
  r.complete = e.verdict != Verdict::kIncomplete && e.incomplete.empty();
  auto key = [&sys](int32_t id) {
    const PropertyInfo& p = sys.properties()[static_cast<size_t>(id)];
    switch (p.kind) {
      case PropertyKind::kInvariant:
        return reference::PropertyKey("invariant", p.name, 0, 0);
      case PropertyKind::kFinal:
        return reference::PropertyKey("final", p.name, 0, 0);
      case PropertyKind::kAssert:
        return reference::PropertyKey("assert", "", p.loc.line, p.loc.col);
      case PropertyKind::kDeadlock:
        return reference::PropertyKey("deadlock", "", 0, 0);
      case PropertyKind::kLockMisuse:
        return reference::PropertyKey("lock_misuse", "", 0, 0);
      case PropertyKind::kRange:
        return reference::PropertyKey("range", "", 0, 0);
      case PropertyKind::kRuntime:
        return reference::PropertyKey("runtime", "", 0, 0);
    }
    return std::string("?");
  };
  for (size_t i = 0; i < sys.properties().size(); ++i) {
    r.properties.insert(key(static_cast<int32_t>(i)));
  }
  for (const PropertyOutcome& o : e.violations) {
    r.violations[key(o.property)] = {o.violating_states, ShortestLength(sys, o)};
  }
  r.terminal_outcomes.insert(e.terminal_outcomes.begin(), e.terminal_outcomes.end());
  return r;
}

struct Tally {
  int compared = 0;  // variants compared
  int skipped = 0;   // variants too large for the bound
  int violated = 0;  // variants where some property is violated
};

// Explores one variant of `model` with the engine's plain search and with the reference, and
// checks that they agree. `max_states` bounds the engine's search (0: none); a variant beyond
// it is skipped (and counted as such), since only complete searches are compared.
void Compare(const std::shared_ptr<const Model>& model, bool without_locks, uint64_t max_states,
             Tally* tally) {
  INFO((without_locks ? "without locks" : "as written"));
  DiagnosticSink diags;
  BuildOptions bo;
  bo.elide_sync = without_locks;
  bo.reduce_locals = false;
  std::unique_ptr<System> sys = System::Build(model, bo, diags);
  INFO(diags.Render());
  REQUIRE(sys != nullptr);
  ExploreOptions eo;
  eo.strategy = Strategy::kBfs;
  eo.all = true;
  eo.collect_outcomes = true;
  eo.threads = 1;
  eo.max_states = max_states;
  const ExploreResult e = Explore(*sys, eo);
  const reference::Result engine = EngineFigures(*sys, e);
  if (!engine.complete) {
    ++tally->skipped;
    return;
  }
  std::string error;
  reference::Options ro;
  ro.without_locks = without_locks;
  std::optional<reference::Result> ref = reference::Explore(*model, ro, &error);
  INFO("reference error: " << error);
  REQUIRE(ref.has_value());
  INFO("engine:    " << reference::Describe(engine) << "reference: " << reference::Describe(*ref));
  CHECK(ref->properties == engine.properties);
  CHECK(ref->states == engine.states);
  CHECK(ref->transitions == engine.transitions);
  CHECK(ref->terminal_states == engine.terminal_states);
  CHECK(ref->depth == engine.depth);
  CHECK(ref->violations.empty() == (e.verdict == Verdict::kHolds));
  CHECK(ref->terminal_outcomes == engine.terminal_outcomes);
  REQUIRE(ref->violations.size() == engine.violations.size());
  for (const auto& [key, want] : engine.violations) {
    INFO("property " << key);
    auto it = ref->violations.find(key);
    REQUIRE(it != ref->violations.end());
    CHECK(it->second.violating_states == want.violating_states);
    CHECK(it->second.shortest == want.shortest);
  }
  ++tally->compared;
  if (!engine.violations.empty()) ++tally->violated;
}

// Both variants of a loaded model: as written, and without locks when it declares any.
void CompareBoth(const std::shared_ptr<const Model>& model, uint64_t max_states, Tally* tally) {
  Compare(model, false, max_states, tally);
  if (!model->syncs.empty()) Compare(model, true, max_states, tally);
}

std::shared_ptr<const Model> LoadText(const std::string& text) {
  return testing::LoadModelTreeText("edge.yaml", text);
}

// Does the engine build this model (both variants)? Fixtures that are meant to fail to load or
// to build (diag_*, doc_type_error, ...) are not compared.
bool Builds(const std::shared_ptr<const Model>& model, bool without_locks) {
  DiagnosticSink diags;
  BuildOptions bo;
  bo.elide_sync = without_locks;
  return System::Build(model, bo, diags) != nullptr;
}
bool Builds(const std::shared_ptr<const Model>& model) {
  return Builds(model, false) && Builds(model, true);
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

TEST_CASE("reference: the shipped models agree with the plain search", "[reference]") {
  // Params small enough for a plain search of every interleaving.
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"models/ticket.yaml", {"clients=2"}},
      {"models/ticket.yaml", {"clients=3"}},
      {"models/ticket.yaml", {"clients=3", "tickets=2"}},
      {"models/counter.yaml", {}},
      {"models/counter.yaml", {"workers=3", "rounds=1"}},
      {"models/deadlock.yaml", {}},
      {"models/pool.yaml", {"workers=3"}},
      {"models/print_race.yaml", {"workers=2"}},
      {"models/print_race.yaml", {}},
      {"models/philosophers.yaml", {}},
      {"models/philosophers.yaml", {"ASYM=1"}},
      {"models/philosophers.yaml", {"N=4"}},
      {"models/peterson.yaml", {}},
      {"models/peterson.yaml", {"SWAP=1"}},
      {"models/bank.yaml", {}},
      {"models/bank.yaml", {"ORDERED=1"}},
      {"models/buffer.yaml", {"producers=1", "items=2", "capacity=1"}},
      {"models/buffer.yaml", {"items=1"}},
      {"models/buffer.yaml", {"items=1", "MUTEX=0"}},
      {"models/buffer.yaml", {"producers=1", "consumers=2", "MUTEX=0"}},
      {"models/rlock.yaml", {}},
      {"models/rlock.yaml", {"clients=3"}},
      {"models/rlock.yaml", {"RLOCK=false"}},
      {"models/barrier.yaml", {}},
      {"models/barrier.yaml", {"N=2"}},
      {"models/barrier.yaml", {"BARRIER=false"}},
      {"models/queue.yaml", {}},
      {"models/queue.yaml", {"EXTRA=1"}},
      {"models/queue.yaml", {"maxsize=2", "items=3"}},
      {"models/condition.yaml", {}},
      {"models/condition.yaml", {"WHILE=false"}},
      {"models/condition.yaml", {"WHILE=false", "SPURIOUS=true"}},
      {"models/condition.yaml", {"consumers=3", "SPURIOUS=true"}},
  };
  Tally tally;
  for (const auto& [file, sets] : cases) {
    std::string label = file;
    for (const std::string& s : sets) label += " --set " + s;
    INFO(label);
    std::shared_ptr<const Model> model = testing::LoadModelTree(file, sets);
    REQUIRE(model != nullptr);
    CompareBoth(model, 0, &tally);
  }
  // Every file in models/ is among the cases.
  for (const fs::directory_entry& f :
       fs::directory_iterator(fs::path(RACECHECK_SOURCE_DIR) / "models")) {
    if (f.path().extension() != ".yaml") continue;
    const std::string rel = "models/" + f.path().filename().string();
    INFO(rel << " is not compared with the reference");
    CHECK(std::any_of(cases.begin(), cases.end(), [&](const auto& c) { return c.first == rel; }));
  }
  CHECK(tally.violated > 0);
}

TEST_CASE("reference: every fixture that builds agrees with the plain search", "[reference]") {
  std::vector<std::string> names;
  for (const fs::directory_entry& e :
       fs::directory_iterator(fs::path(RACECHECK_SOURCE_DIR) / "tests" / "models")) {
    if (e.is_directory() && fs::exists(e.path() / "model.yaml")) {
      names.push_back(e.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  Tally tally;
  int fixtures = 0;
  std::vector<std::string> not_built;
  for (const std::string& name : names) {
    INFO("tests/models/" << name);
    std::shared_ptr<const Model> model =
        testing::LoadModelTree("tests/models/" + name + "/model.yaml", {});
    // Each variant that the engine builds (an acquire in the middle of an atomic group, for one,
    // is an error as written and not in the lock-free variant, where it is removed).
    bool any = false;
    for (bool without_locks : {false, true}) {
      if (model == nullptr || (without_locks && model->syncs.empty())) continue;
      if (!Builds(model, without_locks)) {
        not_built.push_back(name + (without_locks ? " (without locks)" : ""));
        continue;
      }
      Compare(model, without_locks, 0, &tally);
      any = true;
    }
    fixtures += any ? 1 : 0;
    if (model == nullptr) not_built.push_back(name + " (does not load)");
  }
  std::string skipped;
  for (const std::string& n : not_built) skipped += "\n  " + n;
  WARN("fixtures compared: " << fixtures << " of " << names.size() << " (" << tally.compared
                             << " variants, " << tally.violated
                             << " violated); not built:" << skipped);
  // The diag_* fixtures (and the doc_* and cli_* ones that show a diagnostic) are meant not to
  // load or build; if most fixtures stopped building, this test would check little.
  CHECK(fixtures >= 35);
  CHECK(tally.skipped == 0);
  for (const std::string& n : not_built) {
    INFO(n << " does not build");
    CHECK((n.rfind("diag_", 0) == 0 || n.rfind("doc_", 0) == 0 || n.rfind("cli_", 0) == 0));
  }
}

TEST_CASE("reference: includes nothing of the engine's semantics", "[reference]") {
  const fs::path dir = fs::path(RACECHECK_SOURCE_DIR) / "tests" / "reference";
  int files = 0;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("ref", 0) != 0 || name == "reference_test.cc") continue;  // the library
    ++files;
    std::ifstream in(e.path());
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("#include \"", 0) != 0) continue;
      INFO(name << ": " << line);
      const std::string path = line.substr(10, line.find('"', 10) - 10);
      CHECK((path.rfind("engine/model/", 0) == 0 || path.rfind("engine/support/", 0) == 0 ||
             path.rfind("tests/reference/", 0) == 0));
    }
  }
  CHECK(files >= 6);
}

// Small models written for the corners of the semantics that the shipped models and the
// fixtures touch little: arithmetic at the edges of int64, short-circuit evaluation, failing
// conditions, empty and sleep-only lists, nested groups and loops, semaphore bounds, instances
// and ranges that use `self`, several properties failing in one state.
struct EdgeModel {
  const char* name;
  const char* yaml;
};
constexpr EdgeModel kEdgeModels[] = {
    {"arithmetic", R"(
params: {big: 4611686018427387904}
shared:
  z: 0
  q: 0
  r: 0
  ok: true
processes:
  p:
    steps:
      - q = -7 / 2 + z
      - r = -7 % 2 + 7 % -2 * 10 + z
      - ok = q == -3 and r == 9 and min(-q, r) == 3 and max(- -q, z) == 0
      - q = (0 - big - big + z) / (z + 2) / big
      - r = r + (0 - big - big + z) % (z - 1)
      - q -= 2 - 1
      - r += -1 * 2
      - ok = not ok != (not (q == -2)) || false && 1 / z == 0
      - assert: ok and (true == (z == 0)) and 17 % 5 == 2
)"},
    {"overflow_min_div", R"(
params: {big: 4611686018427387904}
shared:
  z: 0
  q: 0
processes:
  p:
    steps:
      - q = (0 - big - big + z) / (z - 1) / big
)"},
    {"overflow_neg", R"(
params: {big: 4611686018427387904}
shared:
  z: 0
  q: 0
processes:
  p:
    steps:
      - q = -(0 - big - big + z) / big
)"},
    {"overflow_mul", R"(
params: {big: 4611686018427387904}
shared:
  one: 1
  q: 0
processes:
  p:
    steps:
      - q = one * big * 2 / big
)"},
    {"short_circuit", R"(
shared:
  d: 0
  x: 0
processes:
  p:
    instances: 2
    steps:
      - if: d == 0 or 10 / d > 1
        then: ["x = x + 1"]
      - assert: d != 0 and 10 / d > 1 or x > 0
      - d = d + self
      - await: d == 0 or 10 % d == 0
invariants:
  fine: d == 0 or 5 / d >= 0
)"},
    {"await_error", R"(
shared:
  d: 0
  x: 0
processes:
  waiter:
    steps:
      - await: 1 / d == 1
      - x = 1
  setter:
    steps:
      - d = 1
)"},
    {"invariant_error", R"(
shared:
  d: 2
processes:
  p:
    steps:
      - d = d - 1
      - d = d - 1
      - d = d + 1
invariants:
  defined: 4 / d > 0
  small: d < 2
final:
  back: 4 / d == 4 and d == 1
  never: d == 7
)"},
    {"control_flow", R"(
shared:
  x: {init: 0, range: [0, 3]}
locks: [l]
processes:
  p:
    instances: 2
    locals:
      i: {init: 0, range: [0, 3]}
      b: false
    steps:
      - atomic: []
      - atomic: [{sleep: 0.1}]
      - if: x > 0
        then: []
        else: [{sleep: 0.1}]
      - while: i < 2
        do:
          - atomic:
              - acquire: l
              - while: i < 1
                do: ["i = i + 1", {sleep: 0.1}]
              - atomic: ["x = (x + 1) % 4", {release: l}]
          - i = i + 1
          - if: b
            then: ["b = false"]
            else: [{atomic: [{if: x == 1, then: ["b = true"], else: []}]}]
      - while: x == 3
        do: []
)"},
    {"for_loops", R"(
params: {N: 3, R: 2}
shared:
  a: {array: N, init: 0, range: [0, 7]}
  s: {init: 0, range: [0, 15]}
locks: {l: N}
processes:
  p:
    instances: 2
    locals:
      t: {init: 0, range: [0, 15]}
    steps:
      - for: i in range(R)
        do:
          - for: j in range(i, N)
            do:
              - acquire: l[j]
              - t = a[j] + i
              - a[j] = t % 8
              - release: l[j]
          - print: "i={i} j, i and {{i}} stay text; t={t + i}"
      - for: k in range(0)
        do: ["s = 15"]
      - for: k in range(N - 1, N)
        when: R > 1
        do:
          - atomic: ["s = (s + a[k]) % 16", {assert: "k == N - 1"}]
      - for: k in range(1)
        do:
          - while: t < 2
            do: ["t = t + 1"]
final:
  sums: a[N - 1] == 2  # each process adds i = 1 once; without the locks one add can be lost
)"},
    {"events", R"(
params: {N: 2}
shared:
  data: {array: N, init: 0, range: [0, 3]}
  seen: {init: 0, range: [0, 7]}
events:
  ready: N
  done: 1
processes:
  producer:
    steps:
      - for: i in range(N)
        do:
          - data[i] = i + 1
          - set: ready[i]
      - wait: done[0]
      - clear: done[0]
      - if: done[0]
        then: ["seen = 7"]
  consumer:
    instances: N
    steps:
      - wait: ready[self]
      - seen = seen + data[self]
      - atomic: [{set: "done[0]"}, {clear: "ready[self]"}]
final:
  all_seen: seen == 3  # fails when the second consumer sets done again after the clear
)"},
    {"sleep_only", R"(
shared:
  x: 0
processes:
  p:
    instances: 2
    steps:
      - sleep: 0.5
      - atomic: [{sleep: [0, 1]}, {atomic: [{sleep: 0}]}]
  q:
    steps:
      - sleep: 1
      - x = 1
      - sleep: 1
)"},
    {"semaphores", R"(
shared:
  inside: {init: 0, range: [0, 3]}
semaphores:
  room: {init: 1, max: 2}
  gate: 0
processes:
  worker:
    instances: 2
    steps:
      - acquire: room
      - inside = inside + 1
      - inside = inside - 1
      - release: room
      - release: room
  opener:
    steps:
      - release: gate
      - acquire: gate
      - acquire: gate
invariants:
  alone: inside <= 1
)"},
    {"locks", R"(
shared:
  x: 0
locks: [a, b]
processes:
  p:
    instances: 2
    steps:
      - acquire: a
      - if: self == 0
        then: [{release: b}]
      - x = x + 1
      - release: a
  q:
    steps:
      - acquire: b
      - acquire: b
)"},
    {"self_and_instances", R"(
params:
  n: 3
  none: 0
shared:
  sum: 0
  flag: false
processes:
  adder:
    instances: n - 1
    locals:
      mine: {init: self * 2, range: [self * 2, self * 2 + 1]}
      on: true
    steps:
      - mine = mine + 1
      - sum = sum + mine
      - flag = on and not flag
      - mine = mine + self
  ghost:
    instances: none
    steps:
      - assert: false
final:
  total: sum == 4
invariants:
  bounded: sum < 4
)"},
    {"default_range", R"(
shared:
  big: 100000
  low: -40000
  n: 32767
processes:
  p:
    steps:
      - low = low - 0
      - big = big - 1
      - big = big + 2
  q:
    steps:
      - n = n - 65535
      - n = n - 1
)"},
    {"atomic_failures", R"(
shared:
  x: {init: 0, range: [0, 2]}
locks: [l]
processes:
  p:
    instances: 2
    steps:
      - atomic:
          - acquire: l
          - x = x + 1
          - assert: x < 2
          - release: l
      - atomic:
          - x = x + 1
          - release: l
)"},
    {"bounded_group_loop", R"(
shared:
  x: 0
processes:
  p:
    instances: 2
    locals:
      i: {init: 0, range: [0, 100]}
    steps:
      - atomic:
          - while: i < 100
            do: ["i = i + 1", "x = x + 1"]
      - x = x - 100
)"},
    {"no_process_runs", R"(
params: {n: 0}
shared:
  x: 0
processes:
  p:
    instances: n
    steps:
      - x = 1
final:
  ran: x == 1
)"},
    // The budget of one step, 2^20 steps of its atomic group: 1 + (2K + 1) steps for a loop of
    // K rounds, exactly 2^20 for K = 2^19 - 1; one round more is a runtime violation.
    {"group_budget_exact", R"(
params: {k: 524287}
shared:
  x: 0
processes:
  p:
    locals:
      i: {init: 0, range: [0, k]}
    steps:
      - atomic:
          - x = 1
          - while: i < k
            do: ["i = i + 1"]
      - x = 2
)"},
    {"group_budget_over", R"(
params: {k: 524288}
shared:
  x: 0
processes:
  p:
    locals:
      i: {init: 0, range: [0, k]}
    steps:
      - atomic:
          - x = 1
          - while: i < k
            do: ["i = i + 1"]
      - x = 2
)"},
};

// In the lock-free variant an acquire in the middle of an atomic group is removed, so that
// variant builds while the model as written does not (docs: only the first step of a group may
// block). The reference must agree on both counts.
constexpr const char* kLockFreeOnly = R"(
shared:
  x: 0
locks: [l]
processes:
  p:
    instances: 2
    steps:
      - atomic: ["x = x + 1", {acquire: l}, "x = x + 1"]
      - release: l
)";

TEST_CASE("reference: edge-case models agree with the plain search", "[reference]") {
  Tally tally;
  for (const EdgeModel& m : kEdgeModels) {
    INFO("edge model '" << m.name << "':" << m.yaml);
    std::shared_ptr<const Model> model = LoadText(m.yaml);
    REQUIRE(Builds(model));
    CompareBoth(model, 0, &tally);
  }
  CHECK(tally.violated >= 8);
  INFO(kLockFreeOnly);
  std::shared_ptr<const Model> model = LoadText(kLockFreeOnly);
  DiagnosticSink diags;
  CHECK(System::Build(model, BuildOptions{}, diags) == nullptr);
  std::string error;
  CHECK_FALSE(reference::Explore(*model, reference::Options{}, &error).has_value());
  Compare(model, true, 0, &tally);
}

TEST_CASE("reference: random models agree with the plain search", "[reference][random]") {
  // The same generator as random_models_test, on more seeds. A model whose plain search would
  // store more than kMaxStates states is skipped (none is, today: they stay small); at least
  // kWanted models must be compared in both variants.
  constexpr int kSeeds = 300;
  constexpr int kWanted = 250;
  constexpr uint64_t kMaxStates = 200000;
  const auto start = std::chrono::steady_clock::now();
  int models = 0;
  Tally tally;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const std::string text = testing::ModelGen(static_cast<uint64_t>(seed)).Model();
    INFO("seed " << seed << ":\n" << text);
    std::shared_ptr<const Model> model = LoadText(text);
    const int before = tally.compared;
    CompareBoth(model, kMaxStates, &tally);
    if (tally.compared - before == 2) ++models;  // both variants compared
  }
  WARN("random models: " << models << " compared in both variants (" << tally.compared
                         << " variants, " << tally.violated << " violated, " << tally.skipped
                         << " skipped as too large) in " << Seconds(start) << " s");
  CHECK(models >= kWanted);
  CHECK(tally.violated >= tally.compared / 10);
  CHECK(tally.compared - tally.violated >= tally.compared / 10);
}

TEST_CASE("reference: random expression models agree with the plain search",
          "[reference][random]") {
  // Models that the engine does not build (a constant division by zero or overflow, folded when
  // the model is loaded) are skipped; most build.
  constexpr int kSeeds = 300;
  constexpr int kWanted = 200;
  const auto start = std::chrono::steady_clock::now();
  int not_built = 0;
  Tally tally;
  for (int seed = 1; seed <= kSeeds; ++seed) {
    const std::string text = testing::ExprModelGen(static_cast<uint64_t>(seed)).Model();
    INFO("seed " << seed << ":\n" << text);
    std::shared_ptr<const Model> model = LoadText(text);
    if (!Builds(model)) {
      ++not_built;
      continue;
    }
    CompareBoth(model, 200000, &tally);
  }
  WARN("random expression models: " << tally.compared << " compared (" << tally.violated
                                    << " violated, " << tally.skipped << " skipped as too "
                                    << "large, " << not_built << " not built) in " << Seconds(start)
                                    << " s");
  CHECK(tally.compared >= kWanted);
  CHECK(tally.violated >= tally.compared / 10);
  CHECK(tally.compared - tally.violated >= tally.compared / 20);
}

}  // namespace
}  // namespace racecheck
