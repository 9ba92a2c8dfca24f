// Tests of the real-process runner's conformance check and terminal-outcome enumeration, on
// hand-made operation logs of models/ticket.yaml (no processes are started).
#include <catch2/catch.hpp>
#include <memory>

#include "engine/model/loader.h"
#include "engine/runner/conformance.h"
#include "engine/semantics/system.h"
#include "tests/support/test_models.h"

namespace racecheck {
namespace {

std::unique_ptr<System> Ticket(int clients, bool elide) {
  return testing::LoadShipped("ticket.yaml", clients, elide);
}

class StoreRec : public StepRecorder {
 public:
  void Read(int field, int64_t) override { reads.push_back(field); }
  void Write(int field, int64_t, int64_t) override { writes.push_back(field); }
  std::vector<int> reads, writes;
};

// The log the processes would write for `schedule`, one op per step, each op's stamps
// [2i+1, 2i+2] (strictly sequential); plus how the trial would end.
TrialObservation Observe(const System& sys, const StoreVars& vars,
                         const std::vector<int32_t>& schedule) {
  TrialObservation obs;
  std::vector<uint64_t> s(sys.words()), t(sys.words());
  sys.Initial(s.data());
  auto get = [&](const std::vector<uint64_t>& st, int var) {
    return sys.layout().field(sys.shared()[var].field).Get(st.data());
  };
  for (size_t i = 0; i < schedule.size(); ++i) {
    int p = schedule[i];
    LogOp op;
    op.process = p;
    op.pc = sys.Pc(s.data(), p);
    op.start = 2 * i + 1;
    op.end = 2 * i + 2;
    StoreRec rec;
    REQUIRE(sys.Step(s.data(), p, t.data(), &rec).status == StepStatus::kOk);
    for (size_t v = 0; v < vars.store_vars.size(); ++v) {
      int field = sys.shared()[vars.store_vars[v]].field;
      for (int f : rec.reads) {
        if (f == field) {
          op.read_mask |= 1u << v;
          op.read_vals[v] = get(s, vars.store_vars[v]);
        }
      }
      for (int f : rec.writes) {
        if (f == field) {
          op.write_mask |= 1u << v;
          op.write_vals[v] = get(t, vars.store_vars[v]);
        }
      }
    }
    obs.ops.push_back(op);
    s.swap(t);
  }
  for (int p = 0; p < sys.num_processes(); ++p) {
    obs.ends.push_back(sys.Finished(s.data(), p) ? ProcEnd::kFinished : ProcEnd::kStuck);
    obs.reasons.push_back("");
  }
  for (int v : vars.store_vars) obs.final_store.push_back(get(s, v));
  for (int v : vars.ghost_vars) obs.final_ghosts.push_back(get(s, v));
  return obs;
}

// Client 0 and client 1 both read count = 1, then both buy: the oversell. Each lock-free
// client has 6 steps: seen = count, print, c = count, if, the atomic purchase, print.
const std::vector<int32_t> kOversell = {0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1};

int IndexOf(const TrialObservation& obs, int process, int nth) {
  for (size_t i = 0; i < obs.ops.size(); ++i) {
    if (obs.ops[i].process == process && nth-- == 0) return static_cast<int>(i);
  }
  return -1;
}

TEST_CASE("a sequential log of the oversell is explained by the lock-free model", "[runner]") {
  auto sys = Ticket(2, true);
  StoreVars vars;
  REQUIRE(vars.Init(*sys).ok());
  TrialObservation obs = Observe(*sys, vars, kOversell);
  Conformance c = CheckConformance(*sys, vars, obs, {});
  CHECK(c.verdict == ConformanceVerdict::kExplained);
  CHECK(c.order == kOversell);
  CHECK(obs.final_ghosts == std::vector<int64_t>{2});
}

TEST_CASE("a read of a value already overwritten in real time is a divergence", "[runner]") {
  auto sys = Ticket(2, true);
  StoreVars vars;
  REQUIRE(vars.Init(*sys).ok());
  TrialObservation obs = Observe(*sys, vars, kOversell);
  // Move client#1's `c = count` (its 3rd op, which read count = 1) after client#0's purchase,
  // and client#1's later operations after it.
  int read = IndexOf(obs, 1, 2);
  int write = IndexOf(obs, 0, 4);
  REQUIRE(obs.ops[read].read_vals[0] == 1);
  obs.ops[read].start = obs.ops[write].end + 1;
  obs.ops[read].end = obs.ops[write].end + 2;
  for (size_t i = 0; i < obs.ops.size(); ++i) {
    if (obs.ops[i].process == 1 && static_cast<int>(i) > read) {
      obs.ops[i].start += 100;
      obs.ops[i].end += 100;
    }
  }
  Conformance c = CheckConformance(*sys, vars, obs, {});
  REQUIRE(c.verdict == ConformanceVerdict::kDiverged);
  CHECK_THAT(c.where, Catch::Contains("client#1 step 'c = count'"));
  CHECK_THAT(c.reason, Catch::Contains("it read count = 1"));
  CHECK_THAT(c.reason, Catch::Contains("the model has count = 0"));
}

TEST_CASE("overlapping operations may be ordered as the model needs", "[runner]") {
  auto sys = Ticket(2, true);
  StoreVars vars;
  REQUIRE(vars.Init(*sys).ok());
  TrialObservation obs = Observe(*sys, vars, kOversell);
  // Everything overlaps everything: any order is allowed by the timing. Client 1's operations
  // start first, which must not mislead the search.
  for (size_t i = 0; i < obs.ops.size(); ++i) {
    obs.ops[i].start = (obs.ops[i].process == 0 ? 100 : 10) + i;
    obs.ops[i].end = 1000 + i;
  }
  CHECK(CheckConformance(*sys, vars, obs, {}).verdict == ConformanceVerdict::kExplained);
}

TEST_CASE("a crashed read is reported as a torn read at once", "[runner]") {
  auto sys = Ticket(2, true);
  StoreVars vars;
  REQUIRE(vars.Init(*sys).ok());
  TrialObservation obs = Observe(*sys, vars, {0, 0, 0, 0, 0, 0, 1});
  obs.ops.back().kind = OpKind::kCrash;
  obs.ends[1] = ProcEnd::kCrashed;
  obs.reasons[1] = "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)";
  Conformance c = CheckConformance(*sys, vars, obs, {});
  REQUIRE(c.verdict == ConformanceVerdict::kDiverged);
  CHECK_THAT(c.where, Catch::Contains("client#1 step 'seen = count'"));
  CHECK_THAT(c.reason, Catch::Contains("half-written file"));
  CHECK_THAT(c.reason, Catch::Contains("an in-place rewrite (truncate, then write) is not"));
  // `placed` and `where` count alike: the six operations of client#0 ended before the crashed
  // one started, so they come first in any order, and the crashed one is the seventh.
  CHECK(c.placed == 6);
  CHECK_THAT(c.where, Catch::Contains("(operation 7 of 7"));
}

TEST_CASE("a final store that no order produces is a lost write", "[runner]") {
  auto sys = Ticket(2, true);
  StoreVars vars;
  REQUIRE(vars.Init(*sys).ok());
  TrialObservation obs = Observe(*sys, vars, kOversell);
  obs.final_store = {1};
  Conformance c = CheckConformance(*sys, vars, obs, {});
  REQUIRE(c.verdict == ConformanceVerdict::kDiverged);
  // `placed` and `where` count in the same order: every operation was placed.
  CHECK(c.placed == 12);
  CHECK(c.where == "the end of the trial (after operation 12 of 12)");
  CHECK_THAT(c.reason, Catch::Contains("final store holds count = 1"));
}

TEST_CASE("two processes inside the lock at once cannot be explained", "[runner]") {
  auto sys = Ticket(2, false);
  StoreVars vars;
  REQUIRE(vars.Init(*sys).ok());
  // client#0 runs to its purchase, holding the lock; then client#1 does the same (the model
  // needs client#0's release first). Then claim client#1's acquire ended before client#0's
  // release started.
  std::vector<int32_t> sched = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
  TrialObservation obs = Observe(*sys, vars, sched);
  int release = IndexOf(obs, 0, 7);
  int acquire = IndexOf(obs, 1, 2);
  REQUIRE(release >= 0);
  REQUIRE(acquire >= 0);
  obs.ops[release].start = 1000;
  obs.ops[release].end = 1001;
  Conformance ok = CheckConformance(*sys, vars, obs, {});
  CHECK(ok.verdict == ConformanceVerdict::kDiverged);
  CHECK_THAT(ok.reason, Catch::Contains("held by client#0"));
}

TEST_CASE("an invariant broken in the middle of a trial is found, with its step", "[runner]") {
  // print_race without its lock: work#0 and work#1 both print "running" (inside = 2, which
  // breaks lines_stay_together), then both print "done"; work#2 runs alone. The final state has
  // inside = 0: only the states along the order show the violation.
  auto sys = testing::LoadShipped("print_race.yaml", 0, true);
  StoreVars vars;
  REQUIRE(vars.Init(*sys).ok());
  const std::vector<int32_t> sched = {0, 1, 0, 1, 0, 1, 2, 2, 2};
  TrialObservation obs = Observe(*sys, vars, sched);
  CHECK(obs.final_ghosts == std::vector<int64_t>{0});
  Conformance c = CheckConformance(*sys, vars, obs, {});
  REQUIRE(c.verdict == ConformanceVerdict::kExplained);
  REQUIRE(c.violated_property >= 0);
  CHECK(sys->properties()[c.violated_property].name == "lines_stay_together");
  CHECK(c.violated_at == 4);  // after the fourth operation: work#1 prints "running"
  CHECK_THAT(c.violated_where, Catch::StartsWith("work#1 step"));
  CHECK_THAT(c.violated_where, Catch::Contains("(operation 4 of 9"));
  // One after the other, the same steps pass only through good states.
  Conformance good =
      CheckConformance(*sys, vars, Observe(*sys, vars, {0, 0, 0, 1, 1, 1, 2, 2, 2}), {});
  REQUIRE(good.verdict == ConformanceVerdict::kExplained);
  CHECK(good.violated_property == -1);
}

TEST_CASE("the recorded lock order is followed: the search never guesses it", "[runner]") {
  // Three clients with the lock. All read and print first; then client#2 takes the lock and
  // buys, then client#1, then client#0 (who find count = 0). client#0 and client#1 began to wait
  // for the lock right after their print, so their acquire operations overlap everything up to
  // the moment they got it: by the timing alone, client#0 could have been first. The ranks the
  // processes took as they got the lock say who was, so every operation is placed once.
  auto sys = Ticket(3, false);
  StoreVars vars;
  REQUIRE(vars.Init(*sys).ok());
  const std::vector<int32_t> sched = {0, 0, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0};
  TrialObservation obs = Observe(*sys, vars, sched);
  int acquire[3];
  for (int p = 0; p < 3; ++p) acquire[p] = IndexOf(obs, p, 2);
  obs.ops[acquire[0]].start = obs.ops[IndexOf(obs, 0, 1)].end + 1;
  obs.ops[acquire[1]].start = obs.ops[IndexOf(obs, 1, 1)].end + 1;
  obs.ops[acquire[2]].acquire_order = 0;
  obs.ops[acquire[1]].acquire_order = 1;
  obs.ops[acquire[0]].acquire_order = 2;
  Conformance c = CheckConformance(*sys, vars, obs, {});
  REQUIRE(c.verdict == ConformanceVerdict::kExplained);
  CHECK(c.order == sched);
  CHECK(c.nodes == static_cast<uint64_t>(c.total) + 1);  // no node visited twice, no backtrack
  // Without the ranks the timing allows client#0 first, and the search must back out of it.
  for (int p = 0; p < 3; ++p) obs.ops[acquire[p]].acquire_order = -1;
  Conformance guessed = CheckConformance(*sys, vars, obs, {});
  REQUIRE(guessed.verdict == ConformanceVerdict::kExplained);
  CHECK(guessed.nodes > static_cast<uint64_t>(guessed.total) + 1);
}

TEST_CASE("terminal outcomes of ticket with two clients, worked out by hand", "[runner]") {
  // Without the lock: one or both clients buy (count ends at 0 either way). With it: one buys.
  using Outcome = std::pair<bool, std::vector<int64_t>>;
  OutcomeSet free = TerminalOutcomes(*Ticket(2, true), 100000);
  REQUIRE(free.complete);
  CHECK(free.outcomes == std::set<Outcome>{{false, {0, 1}}, {false, {0, 2}}});
  OutcomeSet locked = TerminalOutcomes(*Ticket(2, false), 100000);
  REQUIRE(locked.complete);
  CHECK(locked.outcomes == std::set<Outcome>{{false, {0, 1}}});
  CHECK_FALSE(TerminalOutcomes(*Ticket(2, true), 5).complete);
}

}  // namespace
}  // namespace racecheck
