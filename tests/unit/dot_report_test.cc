// The state graph (CheckOptions::state_graph, explore/state_graph.h) and its DOT renderer
// (engine/report/dot_report.h): on every shipped model small enough, with and without the
// reductions, the graph has exactly the states and transitions the search counted, every edge
// joins stored states (or is a violating step), the counterexample's path starts at the initial
// state and is connected, and the DOT names every state and edge once. The drawing by Graphviz is
// tested by tests/graphviz/dot_graph_test.py (label: graphviz).
#include "engine/report/dot_report.h"

#include <catch2/catch.hpp>
#include <regex>
#include <string>

#include "engine/check/check.h"
#include "engine/report/render.h"

namespace racecheck {
namespace {

std::string Path(const std::string& rel) { return std::string(RACECHECK_SOURCE_DIR) + "/" + rel; }

CheckResult CheckGraph(const std::string& rel, std::vector<std::string> sets, bool reduce) {
  CheckOptions o;
  o.model = {Path(rel), std::move(sets), {}, {}};
  o.explore.threads = 4;  // the graph is always recorded on one thread
  o.state_graph = true;
  o.local_reduction = reduce;
  o.reductions.symmetry = reduce;
  o.reductions.partial_order = reduce;
  return Check(o);
}

int Count(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return static_cast<int>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

TEST_CASE("dot is a document format for check only, and asks for the state graph", "[dot]") {
  const Renderer* dot = FindRenderer("dot");
  REQUIRE(dot != nullptr);
  CHECK(dot->state_graph);
  CHECK(dot->document);
  CHECK(FormatsFor(Command::kCheck).back() == "dot");
  CHECK(FormatsFor(Command::kReplay) == std::vector<std::string>{"text", "json", "html"});
  CHECK(FormatsFor(Command::kRun) == std::vector<std::string>{"text", "json", "html"});
  CHECK_FALSE(FindRenderer("text")->state_graph);
}

TEST_CASE("The state graph has the search's states and transitions", "[dot]") {
  struct Case {
    const char* model;
    std::vector<std::string> sets;
  };
  const Case cases[] = {{"models/ticket.yaml", {"clients=2"}},
                        {"models/ticket.yaml", {"clients=3"}},
                        {"models/counter.yaml", {}},
                        {"models/deadlock.yaml", {}},
                        {"models/pool.yaml", {}},
                        {"models/print_race.yaml", {}}};
  for (const Case& c : cases) {
    for (bool reduce : {true, false}) {
      INFO(c.model << (reduce ? "" : " --no-reduce"));
      const CheckResult r = CheckGraph(c.model, c.sets, reduce);
      REQUIRE(r.has_report());
      for (const VariantResult& v : r.variants) {
        INFO(v.name);
        REQUIRE(v.graph.has_value());
        const VariantGraph& g = *v.graph;
        CHECK(v.result.incomplete.empty());
        CHECK(g.graph.size() == v.result.stats.states);
        CHECK(g.graph.edges.size() == v.result.stats.transitions);
        CHECK(g.violated.size() == g.graph.size());
        for (const StateGraphEdge& e : g.graph.edges) {
          CHECK(e.from < g.graph.size());
          CHECK((e.to < g.graph.size() || (e.to == StateGraphEdge::kNoState && e.property >= 0)));
        }
        // The path: one edge out of the initial state, each next one leaving where the last
        // arrived; it ends in a violating state or a violating step.
        uint32_t at = 0;
        int on_path = 0;
        for (size_t k = 0; k < g.graph.edges.size(); ++k) on_path += g.on_path[k];
        CHECK((on_path > 0) == (v.result.verdict == Verdict::kViolated));
        for (int step = 0; step < on_path; ++step) {
          int next = -1;
          for (size_t k = 0; k < g.graph.edges.size(); ++k) {
            if (g.on_path[k] && g.graph.edges[k].from == at) next = static_cast<int>(k);
          }
          REQUIRE(next >= 0);
          at = g.graph.edges[next].to;
          if (at == StateGraphEdge::kNoState) break;
        }
        if (on_path > 0 && at != StateGraphEdge::kNoState) CHECK(g.violated[at] >= 0);
      }
      const std::string dot = RenderCheckDot(r);
      uint64_t states = 0, transitions = 0;
      for (const VariantResult& v : r.variants) {
        states += v.result.stats.states;
        transitions += v.result.stats.transitions;
      }
      CHECK(Count(dot, "\\n    v\\d+_s\\d+ \\[label=") == static_cast<int>(states));
      CHECK(Count(dot, " -> ") == static_cast<int>(transitions));
    }
  }
}

TEST_CASE("The state graph of the 2-client ticket is the one derived by hand", "[dot]") {
  // tests/golden/cli/ticket.md and tests/graphviz/dot_graph_test.py derive it.
  const CheckResult r = CheckGraph("models/ticket.yaml", {"clients=2"}, true);
  REQUIRE(r.variants.size() == 2);
  CHECK(r.variants[0].graph->graph.size() == 14);
  CHECK(r.variants[0].graph->graph.edges.size() == 15);
  CHECK(r.variants[1].graph->graph.size() == 11);
  CHECK(r.variants[1].graph->graph.edges.size() == 12);
  int bad = 0;
  for (int32_t p : r.variants[1].graph->violated) bad += p >= 0;
  CHECK(bad == 1);
}

TEST_CASE("The graph speaks the report's language and leaves the model's names as they are",
          "[dot]") {
  CheckResult r = CheckGraph("models/ticket.yaml", {"clients=2"}, true);
  const std::string en = RenderCheckDot(r);
  r.lang = Lang::kZh;
  const std::string zh = RenderCheckDot(r);
  CHECK(en.find("ticket (clients=2 tickets=1): the reachable states with and without locks") !=
        std::string::npos);
  CHECK(en.find("as written: holds — 14 states, 15 transitions") != std::string::npos);
  CHECK(en.find("without locks: VIOLATED: no_oversell — 11 states, 12 transitions") !=
        std::string::npos);
  CHECK(en.find("lock=free") != std::string::npos);
  CHECK(en.find("client: done done") != std::string::npos);
  CHECK(zh.find("ticket（clients=2 tickets=1）：有锁与去掉锁时的可达状态") != std::string::npos);
  CHECK(zh.find("按原样：成立 — 14 个状态，15 条迁移") != std::string::npos);
  CHECK(zh.find("去掉锁：违反：no_oversell — 11 个状态，12 条迁移") != std::string::npos);
  CHECK(zh.find("lock=空闲") != std::string::npos);
  CHECK(zh.find("client: 已结束 已结束") != std::string::npos);
  for (const char* english : {"reachable", "as written", "holds", "VIOLATED", "free", "done"}) {
    INFO(english);
    CHECK(zh.find(english) == std::string::npos);
  }
  // The engine's own properties are named in the language, as the text report names them.
  CheckResult d = CheckGraph("models/deadlock.yaml", {}, true);
  CHECK(RenderCheckDot(d).find("✗ deadlock") != std::string::npos);
  d.lang = Lang::kZh;
  const std::string dz = RenderCheckDot(d);
  CHECK(dz.find("按原样：违反：死锁 — ") != std::string::npos);
  CHECK(dz.find("✗ 死锁") != std::string::npos);
  CHECK(dz.find("✗ deadlock") == std::string::npos);
  // The same graph: only the labels differ.
  CHECK(Count(zh, " -> ") == Count(en, " -> "));
  CHECK(Count(zh, "\\[label=") == Count(en, "\\[label="));
}

TEST_CASE("A graph too large to draw is refused, and so are dfs and fingerprints", "[dot]") {
  CheckResult r = CheckGraph("models/ticket.yaml", {}, true);
  CHECK_FALSE(r.has_report());
  CHECK(r.outcome == Outcome::kBadInput);
  CHECK(r.error.find("more than 2,000 states") != std::string::npos);
  CheckOptions o;
  o.model = {Path("models/ticket.yaml"), {"clients=2"}, {}, {}};
  o.state_graph = true;
  o.explore.strategy = Strategy::kDfs;
  r = Check(o);
  CHECK(r.outcome == Outcome::kBadInput);
  CHECK(r.error.find("--strategy dfs") != std::string::npos);
}

TEST_CASE("DotQuote escapes quotes, backslashes and newlines", "[dot]") {
  CHECK(DotQuote("a \"b\"\\c\nd") == "\"a \\\"b\\\"\\\\c\\nd\"");
}

}  // namespace
}  // namespace racecheck
