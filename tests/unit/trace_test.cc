// Tests of engine/trace/: schedule tokens, replay, the counterexample table (against goldens in
// tests/golden/trace/, reviewed by eye; regenerate with RACECHECK_UPDATE_GOLDEN=1), the
// explanations and the JSON report. The expected steps, values and sentences are worked out by
// hand from the models below (line numbers are those of the model texts).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/model/loader.h"
#include "engine/semantics/system.h"
#include "engine/trace/describe.h"
#include "engine/trace/explain.h"
#include "engine/trace/render_text.h"
#include "engine/trace/replay.h"
#include "engine/trace/report_json.h"
#include "engine/trace/schedule.h"

namespace racecheck {
namespace {

// The tutorial's ticket model. Line numbers: `c = count` (search) 15, print 16, acquire 17,
// `c = count` (get) 18, sleep 19, if 20, atomic 22, `count = c - 1` 23, `sold = sold + 1` 24,
// print 25, release 26, no_oversell 28.
const char* const kTicket = R"(model: ticket
params:
  tickets: 1
  clients: 2
shared:
  count: tickets
  sold: {init: 0, ghost: true}
locks: [lock]
processes:
  client:
    instances: clients
    locals:
      c: 0
    steps:
      - c = count
      - print: "remaining {c}"
      - acquire: lock
      - c = count
      - sleep: 0.1
      - if: c > 0
        then:
          - atomic:
              - count = c - 1
              - sold = sold + 1
          - print: "purchase succeeded"
      - release: lock
invariants:
  no_oversell: sold <= tickets
)";

// Two locks taken in opposite orders (lines: left's acquires 8, 9; right's 15, 16).
const char* const kDeadlock = R"(model: deadlock
shared:
  done: 0
locks: [a, b]
processes:
  left:
    steps:
      - acquire: a
      - acquire: b
      - done = done + 1
      - release: b
      - release: a
  right:
    steps:
      - acquire: b
      - acquire: a
      - done = done + 1
      - release: a
      - release: b
final:
  both: done == 2
)";

// A counter incremented in two steps by two workers; other names than the ticket model's.
const char* const kCounter = R"(model: counter
shared:
  hits: 0
processes:
  worker:
    instances: 2
    locals:
      t: 0
    steps:
      - t = hits
      - hits = t + 1
final:
  all_counted: hits == 2
)";

// Loops, awaits, a semaphore, a bool and an assert (lines: acquire 10, while 11, x = x + 1 13,
// ready = true 14, release 15, await 20, seen = x 21, assert 22).
const char* const kKitchen = R"(model: kitchen
shared:
  x: 0
  ready: false
semaphores:
  slots: 1
processes:
  producer:
    steps:
      - acquire: slots
      - while: x < 2
        do:
          - x = x + 1
      - ready = true
      - release: slots
  consumer:
    locals:
      seen: 0
    steps:
      - await: ready
      - seen = x
      - assert: seen == 3
)";

std::unique_ptr<System> Build(const std::string& text, bool elide,
                              std::vector<ParamOverride> overrides = {}) {
  DiagnosticSink diags;
  std::optional<Model> model = LoadModelText("m.yaml", text, overrides, diags);
  INFO(diags.Render());
  REQUIRE(model.has_value());
  BuildOptions options;
  options.elide_sync = elide;
  std::unique_ptr<System> system =
      System::Build(std::make_shared<const Model>(std::move(*model)), options, diags);
  INFO(diags.Render());
  REQUIRE(system != nullptr);
  return system;
}

std::vector<int32_t> Parse(const System& system, const std::string& token) {
  Result<std::vector<int32_t>> schedule = ParseSchedule(system, token);
  INFO(schedule.status().message());
  REQUIRE(schedule.ok());
  return *schedule;
}

std::string ParseError(const System& system, const std::string& token) {
  Result<std::vector<int32_t>> schedule = ParseSchedule(system, token);
  CHECK_FALSE(schedule.ok());
  return schedule.status().message();
}

// Compares `actual` with tests/golden/trace/<name>.txt (or rewrites it when
// RACECHECK_UPDATE_GOLDEN=1).
void CheckGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(RACECHECK_SOURCE_DIR) + "/tests/golden/trace/" + name;
  const char* update = std::getenv("RACECHECK_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    WARN("rewrote " << path);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  INFO("golden file " << path);
  REQUIRE(in.good());
  std::stringstream expected;
  expected << in.rdbuf();
  CHECK(actual == expected.str());
}

// Both clients read count = 1 (steps 5 and 6) before either writes it (steps 8 and 10).
const char* const kOversell =
    "client#0 client#0 client#1 client#1 client#0 client#1 client#0 client#0 client#1 client#1";

TEST_CASE("WrapText keeps a name with its value, and a figure whole", "[trace]") {
  // The counter's violation line once wrapped as "... workers = 2, rounds =" / "2".
  const std::string text =
      "violated: final 'no_lost_update' (line 28: n == workers * rounds) after step 18 - n = 3, "
      "workers = 2, rounds = 2";
  for (int width = 20; width <= 100; ++width) {
    INFO("width " << width);
    std::string joined;
    for (const std::string& line : WrapText(text, width)) {
      CHECK(line.substr(line.size() - 2) != " =");  // (an "==" in the expression may end one)
      CHECK(line.rfind("= ", 0) == std::string::npos);
      CHECK(line.size() <= static_cast<size_t>(width));
      joined += (joined.empty() ? "" : " ") + line;
    }
    CHECK(joined == text);  // nothing lost or doubled
    CHECK(joined.find("rounds = 2") != std::string::npos);
  }
  // "about 2.0 x 10^503" is one figure; a lone "x" between words is not glued.
  for (const std::string& line : WrapText("without locks: about 2.0 x 10^503 schedules", 24)) {
    CHECK(
        (line.find("2.0") == std::string::npos || line.find("2.0 x 10^503") != std::string::npos));
  }
  CHECK(WrapText("press x to go", 7) == std::vector<std::string>{"press x", "to go"});
  // Code is not a value: it wraps as words (a trace table's narrow cell).
  CHECK(WrapText("L16 withdrawals = withdrawals + 1", 26, 2) ==
        std::vector<std::string>{"L16 withdrawals =", "  withdrawals + 1"});
  // A name and value wider than the line wrap as words, never cut mid-word.
  CHECK(WrapText("long_name_x = 1234567", 12) ==
        std::vector<std::string>{"long_name_x", "= 1234567"});
}

TEST_CASE("schedule tokens round-trip", "[trace]") {
  auto system = Build(kTicket, true);
  std::vector<int32_t> s = Parse(*system, "client#0 client#1 client#1");
  CHECK(s == std::vector<int32_t>{0, 1, 1});
  CHECK(FormatSchedule(*system, s) == "client#0 client#1 client#1");
  CHECK(Parse(*system, "  client#1\tclient#0 \n") == std::vector<int32_t>{1, 0});
  CHECK(FormatSchedule(*system, {}) == "");
}

TEST_CASE("schedule token errors", "[trace]") {
  auto system = Build(kTicket, true);
  CHECK(ParseError(*system, "") ==
        "empty schedule; expected process names separated by spaces, such as 'client#0 "
        "client#1'");
  CHECK(ParseError(*system, "   ") ==
        "empty schedule; expected process names separated by spaces, such as 'client#0 "
        "client#1'");
  CHECK(ParseError(*system, "client#0 clinet#1") ==
        "unknown process 'clinet#1' (entry 2 of the schedule); did you mean 'client#1'?");
  CHECK(ParseError(*system, "client") == "unknown process 'client'; did you mean 'client#0'?");
  CHECK(ParseError(*system, "client#0 server#7") ==
        "unknown process 'server#7' (entry 2 of the schedule); expected a name such as "
        "'client#0'");
}

TEST_CASE("replay of the oversell reaches no_oversell", "[trace]") {
  auto system = Build(kTicket, true);
  Trace trace = Replay(*system, Parse(*system, kOversell));
  REQUIRE(trace.ok());
  REQUIRE(trace.steps.size() == 10);
  REQUIRE(trace.violated());
  const PropertyInfo& prop = system->properties()[trace.violation.property];
  CHECK(prop.name == "no_oversell");
  CHECK(prop.kind == PropertyKind::kInvariant);
  CHECK(trace.violation.step == 10);
  CHECK(trace.violation.detail == "sold = 2, tickets = 1");
  CHECK(trace.unused == 0);

  // Step 2: the print, then the removed acquire passed on the way to the next step.
  const TraceStep& s2 = trace.steps[1];
  CHECK(s2.process == 0);
  REQUIRE(s2.instrs.size() == 2);
  CHECK_FALSE(s2.instrs[0].passed);
  CHECK(s2.instrs[0].prints == std::vector<std::string>{"remaining 1"});
  CHECK(s2.instrs[1].passed);
  const Template& t = system->templates()[0];
  CHECK(t.code[s2.instrs[1].pc].kind == InstrKind::kElided);

  // Step 6: client#1 reads count = 1 into c although client#0 is about to write it.
  const TraceStep& s6 = trace.steps[5];
  CHECK(s6.process == 1);
  REQUIRE(!s6.instrs.empty());
  REQUIRE(s6.instrs[0].reads.size() == 1);
  CHECK(system->FieldName(s6.instrs[0].reads[0].field) == "count");
  CHECK(s6.instrs[0].reads[0].value == 1);
  REQUIRE(s6.instrs[0].writes.size() == 1);
  CHECK(system->FieldName(s6.instrs[0].writes[0].field) == "client#1.c");
  CHECK(s6.instrs[0].writes[0].new_value == 1);

  // Step 10: the atomic group writes count = 0 and sold = 2 in one step.
  const TraceStep& s10 = trace.steps[9];
  int writes = 0;
  for (const TraceInstr& ti : s10.instrs) writes += static_cast<int>(ti.writes.size());
  CHECK(writes == 2);
}

TEST_CASE("the oversell table", "[trace]") {
  auto system = Build(kTicket, true);
  Trace trace = Replay(*system, Parse(*system, kOversell));
  std::string text = RenderTraceText(*system, trace);
  CheckGolden("ticket_oversell.txt", text);
  // Every line of the table fits the default width.
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("schedule:", 0) == 0) continue;
    int cols = 0;
    for (char c : line) cols += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    INFO(line);
    CHECK(cols <= 110);
  }
  CHECK(text.find("schedule: " + std::string(kOversell) + "\n") != std::string::npos);
}

TEST_CASE("the printed schedule replays to the same violation", "[trace]") {
  // kOversell oversells at its last step (see its comment): no_oversell, after step 10, with
  // sold = 2. The schedule printed from that trace must replay to exactly that, not merely to
  // the same "nothing violated" (-1 == -1 would pass).
  auto system = Build(kTicket, true);
  Trace trace = Replay(*system, Parse(*system, kOversell));
  REQUIRE(trace.ok());
  REQUIRE(trace.violated());
  CHECK(system->properties()[trace.violation.property].name == "no_oversell");
  CHECK(trace.violation.step == 10);
  CHECK(trace.violation.detail == "sold = 2, tickets = 1");
  const std::string printed = FormatSchedule(*system, trace.schedule);
  CHECK(printed == kOversell);
  Trace again = Replay(*system, Parse(*system, printed));
  REQUIRE(again.ok());
  REQUIRE(again.violated());
  CHECK(again.violation.property == trace.violation.property);
  CHECK(again.violation.step == trace.violation.step);
  CHECK(again.violation.detail == trace.violation.detail);
  CHECK(again.final_state() == trace.final_state());
}

TEST_CASE("the explanation names the stale read", "[trace]") {
  auto system = Build(kTicket, true);
  Trace trace = Replay(*system, Parse(*system, kOversell));
  std::vector<std::string> text = Explain(*system, trace);
  REQUIRE(text.size() == 2);
  CHECK(text[0] ==
        "client#0 read count = 1 at step 5 and client#1 read count = 1 at step 6, before either "
        "of them wrote count. client#0 wrote count = 0 at step 8; client#1 then wrote count = 0 "
        "at step 10 (together with sold = 2), based on its stale read: client#0's update is "
        "lost.");
  CHECK(text[1] ==
        "Result: invariant 'no_oversell' (line 28: sold <= tickets) after step 10 — sold = 2, "
        "tickets = 1.");
}

TEST_CASE("the explanation of a lost update with other names", "[trace]") {
  auto system = Build(kCounter, false);
  // worker#0 reads, worker#1 reads and writes, worker#0 writes: worker#1's update is lost.
  Trace trace = Replay(*system, Parse(*system, "worker#0 worker#1 worker#1 worker#0"));
  REQUIRE(trace.ok());
  REQUIRE(trace.violated());
  CHECK(system->properties()[trace.violation.property].kind == PropertyKind::kFinal);
  CHECK(trace.violation.detail == "hits = 1");
  std::vector<std::string> text = Explain(*system, trace);
  REQUIRE(text.size() == 2);
  CHECK(text[0] ==
        "worker#0 read hits = 0 at step 1 and worker#1 read hits = 0 at step 2, before either "
        "of them wrote hits. worker#1 wrote hits = 1 at step 3; worker#0 then wrote hits = 1 at "
        "step 4, based on its stale read: worker#1's update is lost.");
  CHECK(text[1] == "Result: final 'all_counted' (line 13: hits == 2) after step 4 — hits = 1.");
}

TEST_CASE("the explanation of a stale read of another variable", "[trace]") {
  auto system = Build(R"(shared:
  stock: 1
  shipped: 0
processes:
  shop:
    locals:
      s: 0
    steps:
      - s = stock
      - if: s > 0
        then:
          - shipped = shipped + 1
  thief:
    steps:
      - stock = 0
)",
                      false);
  Trace trace = Replay(*system, Parse(*system, "shop#0 thief#0 shop#0 shop#0"));
  REQUIRE(trace.ok());
  CHECK_FALSE(trace.violated());
  CHECK(Explain(*system, trace) ==
        std::vector<std::string>{
            "shop#0 read stock = 1 at step 1. thief#0 then changed stock to 0 (step 2), but "
            "shop#0 went on to write shipped = 1 at step 4, acting on the old value of stock."});
  CHECK(RenderTraceSummary(*system, trace) ==
        "no property is violated by this schedule\n"
        "final values: stock=0 shipped=1\n"
        "schedule: shop#0 thief#0 shop#0 shop#0\n");
}

TEST_CASE("the lock would have stopped the oversell", "[trace]") {
  auto locked = Build(kTicket, false);
  auto lockfree = Build(kTicket, true);
  Trace trace = Replay(*lockfree, Parse(*lockfree, kOversell));
  // client#0 passes the removed acquire in step 2, as the table shows, so it takes the lock
  // there; client#1 passes it in step 4, waits, and cannot make its step 6.
  CHECK(ExplainLock(*locked, trace) ==
        "With the lock, client#1 would have waited at 'acquire: lock' (line 17) after step 4, "
        "because client#0 took 'lock' at step 2 and still holds it at the end of this trace — "
        "so client#1 could not have read count (step 6) until client#0 had written it (step "
        "8).");
  // The lock-free system's kElided instructions name the same locks.
  CHECK(ExplainLock(*lockfree, trace) == ExplainLock(*locked, trace));
  // Serial runs never conflict.
  Trace serial = Replay(*lockfree, Parse(*lockfree,
                                         "client#0 client#0 client#0 client#0 "
                                         "client#0 client#0 client#1"));
  CHECK(ExplainLock(*locked, serial) == "");
}

TEST_CASE("an impossible schedule gives the exact error", "[trace]") {
  auto locked = Build(kTicket, false);
  // In the locked model client#0 holds the lock after its step 3 (acquire).
  Trace trace = Replay(*locked, Parse(*locked,
                                      "client#0 client#0 client#0 client#1 client#1 "
                                      "client#1"));
  CHECK(trace.status.message() ==
        "step 6: 'client#1' cannot run: it waits for 'lock', held by client#0 (line 17 "
        "'acquire: lock')");
  CHECK(trace.error_step == 6);
  CHECK(trace.steps.size() == 5);
  CHECK_FALSE(trace.violated());
  CheckGolden("ticket_blocked.txt", RenderTraceText(*locked, trace));

  auto lockfree = Build(kTicket, true);
  // A client that buys takes 6 steps in the lock-free variant.
  Trace done = Replay(*lockfree, Parse(*lockfree,
                                       "client#0 client#0 client#0 client#0 client#0 "
                                       "client#0 client#0"));
  CHECK(done.status.message() == "step 7: 'client#0' cannot run: it has finished");
  CHECK(done.steps.size() == 6);

  Trace bad = Replay(*lockfree, {0, 5});
  CHECK(bad.status.message() == "step 2: no process number 5; the model has 2 processes");
}

TEST_CASE("a deadlock: circular wait", "[trace]") {
  auto system = Build(kDeadlock, false);
  Trace trace = Replay(*system, Parse(*system, "left#0 right#0"));
  REQUIRE(trace.ok());
  REQUIRE(trace.violated());
  CHECK(trace.violation.property == system->deadlock_property());
  CHECK(trace.violation.detail ==
        "left#0 waits for 'b', held by right#0 (line 9 'acquire: b'); right#0 waits for 'a', "
        "held by left#0 (line 16 'acquire: a')");
  std::vector<std::string> text = Explain(*system, trace);
  REQUIRE(text.size() == 2);
  CHECK(text[0] ==
        "left#0 took 'a' at step 1 and now waits for 'b' (line 9), held by right#0; right#0 "
        "took 'b' at step 2 and now waits for 'a' (line 16), held by left#0. Each waits for a "
        "lock that the other holds — a circular wait, so neither of them can ever move.");
  CheckGolden("deadlock.txt", RenderTraceText(*system, trace));
}

TEST_CASE("an invariant violated in the initial state", "[trace]") {
  auto system = Build(kTicket, true, {ParamOverride{"tickets=-1"}});
  Trace trace = Replay(*system, {0, 1});
  REQUIRE(trace.violated());
  CHECK(trace.violation.step == 0);
  CHECK(trace.steps.empty());
  CHECK(trace.unused == 2);
  CHECK(DescribeViolation(*system, trace) ==
        "violated: invariant 'no_oversell' (line 28: sold <= tickets) in the initial state — "
        "sold = 0, tickets = -1");
}

TEST_CASE("only the processes that move get a column", "[trace]") {
  auto system = Build(kTicket, true, {ParamOverride{"clients=100"}});
  Trace trace = Replay(*system, Parse(*system, "client#42 client#7 client#42"));
  REQUIRE(trace.ok());
  std::string table = RenderTraceTable(*system, trace);
  std::string header = table.substr(table.find('\n') + 1);
  header = header.substr(0, header.find('\n'));
  CHECK(header.find("client#7 ") < header.find("client#42 "));
  CHECK(header.find("client#0 ") == std::string::npos);
  CHECK(table.find("(98 other processes did not move and are not shown)\n") != std::string::npos);
}

TEST_CASE("loops, awaits, semaphores and a failing assert", "[trace]") {
  auto system = Build(kKitchen, false);
  std::vector<int32_t> schedule(8, 0);
  schedule.insert(schedule.end(), {1, 1, 1});
  Trace trace = Replay(*system, schedule);
  REQUIRE(trace.ok());
  REQUIRE(trace.violated());
  CHECK(system->properties()[trace.violation.property].kind == PropertyKind::kAssert);
  CHECK(trace.violation.step == 11);
  CHECK(trace.violation.detail == "assertion 'seen == 3' is false");
  CHECK(DescribeViolation(*system, trace) ==
        "violated: assert (line 22: seen == 3) at step 11 — assertion 'seen == 3' is false");
  CheckGolden("kitchen.txt", RenderTraceText(*system, trace));

  // The consumer cannot start before the producer sets ready.
  Trace early = Replay(*system, {1});
  CHECK(early.status.message() ==
        "step 1: 'consumer#0' cannot run: it waits until 'ready', which is false (line 20 "
        "'await: ready')");
}

TEST_CASE("the trace as JSON", "[trace]") {
  auto system = Build(kTicket, true);
  Trace trace = Replay(*system, Parse(*system, kOversell));
  nlohmann::json j = TraceJson(*system, trace);
  CHECK(j["schedule"] == kOversell);
  REQUIRE(j["steps"].size() == 10);
  const nlohmann::json& s1 = j["steps"][0];
  CHECK(s1["index"] == 1);
  CHECK(s1["process"] == "client#0");
  CHECK(s1["line"] == 15);
  CHECK(s1["source"] == "c = count");
  CHECK(s1["reads"] == nlohmann::json({{"count", 1}}));
  CHECK(s1["writes"] == nlohmann::json({{"c", 1}}));
  // The lock-free variant has no lock to show.
  CHECK(s1["shared_after"] == nlohmann::json({{"count", 1}, {"sold", 0}}));
  CHECK(j["steps"][1]["prints"] == nlohmann::json({"remaining 1"}));
  CHECK(j["steps"][1]["passed"] == nlohmann::json({"acquire: lock"}));
  const nlohmann::json& s10 = j["steps"][9];
  CHECK(s10["line"] == 22);
  CHECK(s10["source"] == "atomic");
  CHECK(s10["writes"] == nlohmann::json({{"count", 0}, {"sold", 2}}));
  CHECK(j["property"]["name"] == "no_oversell");
  CHECK(j["property"]["kind"] == "invariant");
  CHECK(j["property"]["line"] == 28);
  CHECK(j["property"]["step"] == 10);
  CHECK(j["final"] == nlohmann::json({{"count", 0}, {"sold", 2}}));
  CHECK(j["error"].is_null());

  auto locked = Build(kTicket, false);
  nlohmann::json jl = TraceJson(*locked, Replay(*locked, Parse(*locked,
                                                               "client#0 client#0 "
                                                               "client#0")));
  CHECK(jl["final"] == nlohmann::json({{"count", 1}, {"sold", 0}, {"lock", "client#0"}}));
  CHECK(jl["steps"][0]["shared_after"]["lock"].is_null());
  CHECK(jl["property"].is_null());

  auto bools =
      Build("shared:\n  flag: false\nprocesses:\n  p:\n    steps:\n      - flag = true\n", false);
  Trace t2 = Replay(*bools, {0});
  nlohmann::json j2 = TraceJson(*bools, t2);
  CHECK(j2["final"]["flag"] == true);
  CHECK(j2["steps"][0]["writes"]["flag"].is_boolean());
  CHECK(j2["property"].is_null());
}

}  // namespace
}  // namespace racecheck
