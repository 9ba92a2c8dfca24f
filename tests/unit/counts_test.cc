// The counting pass as `racecheck check` runs it (engine/check/count_pass.h through Check), on
// fixtures whose figures are worked out by hand in their expected.md: the ticket at 2 clients
// (90 schedules with the lock, 840 without, 700 oversell, 35/64 at random, what the lock
// removes), the deadlock model, and a spin loop (infinitely many schedules, 1/8 at random). Also:
// every step is counted by default and the shared steps when every step does not fit (said in
// the result), the partial-order reduction never changes a count, and the model's time.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "engine/check/check.h"
#include "engine/count/count_view.h"
#include "engine/report/check_report.h"

namespace racecheck {
namespace {

std::string Path(const std::string& rel) { return std::string(RACECHECK_SOURCE_DIR) + "/" + rel; }

CheckResult CheckFile(const std::string& rel, std::vector<std::string> sets = {},
                      CountOptions counts = {}, bool partial_order = true) {
  CheckOptions o;
  o.model = {Path(rel), std::move(sets), {}, {}};
  o.explore.threads = 1;
  o.counts = counts;
  o.reductions.partial_order = partial_order;
  return Check(o);
}

// Check() with the final values of `names` (empty: every shared variable), on one thread.
CheckResult CheckFinals(const std::string& rel, std::vector<std::string> names) {
  CheckOptions o;
  o.model = {Path(rel), {}, {}, {}};
  o.explore.threads = 1;
  o.final_values = std::move(names);
  return Check(o);
}

std::string Num(const ScheduleNumber& n) { return n.infinite ? "infinite" : n.value.ToString(); }

const PropertySchedules* Violated(const VariantResult& v, const std::string& name) {
  for (const PropertySchedules& p : v.counts.schedules.violated) {
    if (v.system->properties()[p.property].name == name) return &p;
  }
  return nullptr;
}

TEST_CASE("counts: the ticket at 2 clients, as count_ticket2/expected.md derives them",
          "[counts]") {
  const CheckResult r = CheckFile("tests/models/count_ticket2/model.yaml");
  REQUIRE(r.variants.size() == 2);
  CHECK(r.every_step_variant.empty());
  const VariantResult& locked = r.variants[0];
  const VariantResult& free = r.variants[1];
  REQUIRE(locked.counts.counted);
  REQUIRE(free.counts.counted);
  CHECK(locked.counts.every_step);
  CHECK(free.counts.every_step);
  CHECK(Num(locked.counts.schedules.total) == "90");
  CHECK(Num(locked.counts.schedules.complete) == "90");
  CHECK(locked.counts.schedules.violated.empty());
  CHECK(Num(free.counts.schedules.total) == "840");
  CHECK(Num(free.counts.schedules.complete) == "840");
  const PropertySchedules* oversell = Violated(free, "no_oversell");
  REQUIRE(oversell != nullptr);
  CHECK(Num(oversell->schedules) == "700");
  CHECK(oversell->fraction == Approx(5.0 / 6));
  CHECK(oversell->exact_probability == "35/64");
  CHECK(oversell->probability == Approx(35.0 / 64));
  const LockEffect& e = r.lock_effect;
  REQUIRE(e.computed);
  CHECK(e.lock_free.ToString() == "840");
  CHECK(e.lock_free_violating.ToString() == "700");
  CHECK(e.allowed.ToString() == "56");
  CHECK(e.allowed_violating.ToString() == "0");
  CHECK(e.forbidden.ToString() == "784");
  CHECK(e.forbidden_violating.ToString() == "700");
  CHECK(e.forbidden_harmless.ToString() == "84");
  // The model's time: the buyer holds the lock through 0.1 + 0.2 s, the other through 0.1 s.
  REQUIRE(locked.time.computed);
  REQUIRE(free.time.computed);
  CHECK(locked.time.least == Approx(0.4));
  CHECK(free.time.least == Approx(0.3));
}

TEST_CASE("counts: the deadlock model, as count_deadlock/expected.md derives them", "[counts]") {
  const CheckResult r = CheckFile("tests/models/count_deadlock/model.yaml");
  REQUIRE(r.variants.size() == 2);
  const ScheduleCounts& c = r.variants[0].counts.schedules;
  CHECK(Num(c.total) == "6");
  CHECK(Num(c.complete) == "4");
  CHECK(Num(c.stuck) == "2");
  const PropertySchedules* deadlock = Violated(r.variants[0], "deadlock");
  REQUIRE(deadlock != nullptr);
  CHECK(Num(deadlock->schedules) == "2");
  CHECK(deadlock->exact_probability == "1/2");
  CHECK(Num(r.variants[1].counts.schedules.total) == "2");
  CHECK(r.variants[1].counts.schedules.violated.empty());
  REQUIRE(r.lock_effect.computed);
  CHECK(r.lock_effect.allowed.ToString() == "2");
  CHECK(r.lock_effect.forbidden.ToString() == "0");
}

TEST_CASE("counts: a spin loop has infinitely many schedules and a chance solved by iteration",
          "[counts]") {
  const CheckResult r = CheckFile("tests/models/count_spin/model.yaml");
  REQUIRE(r.variants.size() == 1);
  const ScheduleCounts& c = r.variants[0].counts.schedules;
  CHECK(c.cyclic);
  CHECK(c.total.infinite);
  const PropertySchedules* spins = Violated(r.variants[0], "few_spins");
  REQUIRE(spins != nullptr);
  CHECK(spins->schedules.infinite);
  CHECK(spins->exact_probability.empty());
  CHECK(spins->probability == Approx(1.0 / 8).margin(1e-12));
  CHECK(c.p_complete == Approx(1.0).margin(1e-12));
  CHECK(c.precision > 0);
  CHECK(c.precision <= 1e-13);
}

TEST_CASE("counts: every step by default, the shared steps of all variants when one does not fit",
          "[counts]") {
  // With room for every step: the ticket at 3 clients, N! * prod_{k=2..N} C(6k - 2, 2) = 32,400
  // with the lock (count_ticket2/expected.md).
  const CheckResult every = CheckFile("models/ticket.yaml", {"clients=3"});
  CHECK(every.every_step_variant.empty());
  CHECK(every.variants[0].counts.every_step);
  CHECK(Num(every.variants[0].counts.schedules.total) == "32400");
  // Without: the shared steps, N! * prod_{k=2..N} (4k - 2) = 360, for both variants, and the
  // result says which variant did not fit.
  CountOptions small;
  small.max_every_states = 100;
  const CheckResult shared = CheckFile("models/ticket.yaml", {"clients=3"}, small);
  CHECK(shared.every_step_variant == "as written");
  CHECK(shared.every_step_bound == 100);
  for (const VariantResult& v : shared.variants) {
    CHECK(v.counts.counted);
    CHECK_FALSE(v.counts.every_step);
  }
  CHECK(Num(shared.variants[0].counts.schedules.total) == "360");
  // Asked for every step: no fallback, the counts are skipped and say why.
  small.steps = CountSteps::kEvery;
  small.max_states = 100;
  const CheckResult strict = CheckFile("models/ticket.yaml", {"clients=3"}, small);
  CHECK(strict.every_step_variant.empty());
  CHECK_FALSE(strict.variants[0].counts.counted);
  CHECK(strict.variants[0].counts.skipped.stop == CountStop::kStates);
  CHECK(strict.variants[0].counts.skipped.bound == 100);
}

TEST_CASE("counts: the partial-order reduction of the search changes no count", "[counts]") {
  for (const char* model : {"models/ticket.yaml", "models/counter.yaml", "models/pool.yaml",
                            "models/print_race.yaml", "models/deadlock.yaml"}) {
    INFO(model);
    const std::vector<std::string> sets = std::string(model) == "models/ticket.yaml"
                                              ? std::vector<std::string>{"clients=3"}
                                              : std::vector<std::string>{};
    const CheckResult on = CheckFile(model, sets, {}, true);
    const CheckResult off = CheckFile(model, sets, {}, false);
    REQUIRE(on.variants.size() == off.variants.size());
    for (size_t i = 0; i < on.variants.size(); ++i) {
      const ScheduleCounts& a = on.variants[i].counts.schedules;
      const ScheduleCounts& b = off.variants[i].counts.schedules;
      CHECK(Num(a.total) == Num(b.total));
      CHECK(Num(a.clean) == Num(b.clean));
      REQUIRE(a.violated.size() == b.violated.size());
      for (size_t k = 0; k < a.violated.size(); ++k) {
        CHECK(Num(a.violated[k].schedules) == Num(b.violated[k].schedules));
        CHECK(a.violated[k].probability == b.violated[k].probability);
      }
    }
  }
}

TEST_CASE("counts: the ticket's least time at 100 clients", "[counts]") {
  // One client buys (0.1 + 0.2 s of sleep holding the lock), 99 read 0 (0.1 s each): with the
  // lock they take turns, 0.3 + 99 * 0.1 = 10.2 s; without, everyone sleeps at once: 0.3 s.
  CountOptions co;
  co.steps = CountSteps::kShared;
  co.max_states = 100000;  // the schedules (4.4 million states without the lock) are skipped
  const CheckResult r = CheckFile("models/ticket.yaml", {}, co);
  REQUIRE(r.variants.size() == 2);
  REQUIRE(r.variants[0].time.computed);
  CHECK(r.variants[0].time.least == Approx(10.2));
  REQUIRE(r.variants[0].time.held.size() == 1);
  CHECK(r.variants[0].time.held[0].second == Approx(10.2));
  CHECK(r.variants[1].time.least == Approx(0.3));
}

TEST_CASE("counts: the final values of the lost update, as its model.yaml derives them",
          "[counts][outcomes]") {
  const CheckResult r = CheckFinals("tests/models/outcome_lost_update/model.yaml", {});
  REQUIRE(r.final_values);
  REQUIRE(r.variants.size() == 2);
  const FinalValues& locked = r.variants[0].counts.finals;
  const FinalValues& free = r.variants[1].counts.finals;
  REQUIRE(locked.computed);
  REQUIRE(free.computed);
  // With the lock: both schedules end with n = 2.
  REQUIRE(locked.rows.size() == 1);
  CHECK(locked.rows[0].values == std::vector<int64_t>{2});
  CHECK(locked.rows[0].violated.empty());
  CHECK(Num(locked.rows[0].schedules) == "2");
  CHECK(locked.rows[0].fraction == 1.0);
  CHECK(locked.rows[0].probability == Approx(1.0));
  // Without it: n = 1 in 4 of the 6 orders (violating no_lost_update), n = 2 in 2; 1/2 each at
  // random. Sorted by value.
  REQUIRE(free.rows.size() == 2);
  CHECK(Num(free.complete) == "6");
  CHECK(free.rows[0].values == std::vector<int64_t>{1});
  REQUIRE(free.rows[0].violated.size() == 1);
  CHECK(r.variants[1].system->properties()[free.rows[0].violated[0]].name == "no_lost_update");
  CHECK(Num(free.rows[0].schedules) == "4");
  CHECK(free.rows[0].fraction == Approx(4.0 / 6));
  CHECK(free.rows[0].probability == Approx(0.5));
  CHECK(free.rows[1].values == std::vector<int64_t>{2});
  CHECK(free.rows[1].violated.empty());
  CHECK(Num(free.rows[1].schedules) == "2");
  CHECK(free.rows[1].probability == Approx(0.5));
}

TEST_CASE("counts: the final values of the counter, grouped by the variables asked for",
          "[counts][outcomes]") {
  // models/counter.yaml at 2 workers, 2 rounds. With the lock, no increment is lost: 4. Without
  // it, at most 4; at least 2: every write is a read plus one, so at least 1, and the last
  // write is some worker's second, whose read came after its own first write (so n >= 1 then),
  // so it writes at least 2. And 3 (one update lost) and 2 (both workers read 0, then both
  // read 1) happen. So {2, 3, 4}.
  const CheckResult r = CheckFinals("models/counter.yaml", {"n"});
  REQUIRE(r.variants.size() == 2);
  auto values = [](const FinalValues& f) {
    std::vector<int64_t> out;
    for (const FinalValuation& row : f.rows) out.push_back(row.values.at(0));
    return out;
  };
  CHECK(values(r.variants[0].counts.finals) == std::vector<int64_t>{4});
  CHECK(values(r.variants[1].counts.finals) == std::vector<int64_t>{2, 3, 4});
  // The rows add up to the complete schedules the counts give.
  for (const VariantResult& v : r.variants) {
    CHECK(Num(v.counts.finals.complete) == Num(v.counts.schedules.complete));
  }
}

// Independently of the engine: every interleaving of two workers that each run K rounds of
// `tmp = n; n = tmp + 1`, enumerated one by one; the number that end with each final n.
// (a, b: the steps each worker has taken; ta, tb: their copies of n.)
void EnumerateRounds(int k, int a, int b, int64_t n, int64_t ta, int64_t tb,
                     std::map<int64_t, uint64_t>* ends) {
  if (a == 2 * k && b == 2 * k) {
    ++(*ends)[n];
    return;
  }
  if (a < 2 * k) {
    if (a % 2 == 0) {
      EnumerateRounds(k, a + 1, b, n, n, tb, ends);
    } else {
      EnumerateRounds(k, a + 1, b, ta + 1, ta, tb, ends);
    }
  }
  if (b < 2 * k) {
    if (b % 2 == 0) {
      EnumerateRounds(k, a, b + 1, n, ta, n, ends);
    } else {
      EnumerateRounds(k, a, b + 1, tb + 1, ta, tb, ends);
    }
  }
}

TEST_CASE(
    "counts: a for loop repeats its steps, K rounds of the lost update, against every "
    "interleaving enumerated directly",
    "[counts][outcomes][for]") {
  // By hand for K = 2: 4 steps per worker, C(8, 4) = 70 schedules; n = 4 when no round's
  // read-write pair is split by the other worker: 4 blocks, 2 per worker, C(4, 2) = 6 orders.
  std::map<int64_t, uint64_t> two;
  EnumerateRounds(2, 0, 0, 0, 0, 0, &two);
  uint64_t sum = 0;
  for (const auto& [n, count] : two) sum += count;
  CHECK(sum == 70);
  CHECK(two[4] == 6);
  for (int k = 1; k <= 3; ++k) {
    INFO("K = " << k);
    std::map<int64_t, uint64_t> expected;
    EnumerateRounds(k, 0, 0, 0, 0, 0, &expected);
    CheckOptions o;
    o.model = {Path("tests/models/doc_for/model.yaml"), {fmt::format("K={}", k)}, {}, {}};
    o.explore.threads = 1;
    o.final_values = std::vector<std::string>{};
    const CheckResult r = Check(o);
    REQUIRE(r.variants.size() == 1);  // no locks: one variant
    const FinalValues& f = r.variants[0].counts.finals;
    REQUIRE(f.computed);
    std::map<int64_t, uint64_t> got;
    for (const FinalValuation& row : f.rows)
      got[row.values.at(0)] = std::stoull(Num(row.schedules));
    CHECK(got == expected);
  }
}

TEST_CASE("a for loop's round in the trace: [i=1] in the text, loop in the JSON", "[for]") {
  // doc_for's counterexample (K = 2) runs both rounds of each worker: 8 steps, the last four in
  // round i = 1.
  CheckOptions o;
  o.model = {Path("tests/models/doc_for/model.yaml"), {}, {}, {}};
  o.explore.threads = 1;
  const CheckResult r = Check(o);
  const std::string text = RenderCheckText(r);
  CHECK(text.find("L16 tmp = n [i=0]") != std::string::npos);
  CHECK(text.find("L17 n = tmp + 1 [i=1]") != std::string::npos);
  const nlohmann::json steps = RenderCheckJson(r)["variants"][0]["violations"][0]["steps"];
  REQUIRE(steps.size() == 8);
  CHECK(steps[0]["instructions"][0]["loop"] == "i=0");
  CHECK(steps[7]["instructions"][0]["loop"] == "i=1");
}

TEST_CASE("counts: an Event orders the consumer after the producer (tests/models/doc_event)",
          "[counts][event]") {
  // By hand, with --no-reduce. The producer runs p1 `data = 42`, p2 `set: ready`; the consumer
  // c1 `wait: ready`, c2 `got = data`, c3 `assert: got == 42`. c1 can run only after p2: one
  // order, p1 p2 c1 c2 c3, and 6 states (nothing done, p1, p1 p2, then c1, c2, c3 one by one).
  CountOptions counts;
  const CheckResult waits = CheckFile("tests/models/doc_event/model.yaml", {}, counts, true);
  REQUIRE(waits.variants.size() == 1);
  CHECK(waits.outcome == Outcome::kHolds);
  CHECK(Num(waits.variants[0].counts.schedules.total) == "1");
  // Without the wait: the 4 steps p1 p2 c2 c3 interleave in C(4, 2) = 6 orders; the 3 that run
  // c2 before p1 read data = 0 and fail at c3. At random the first step decides: 1/2.
  const CheckResult races =
      CheckFile("tests/models/doc_event/model.yaml", {"WAIT=false"}, counts, true);
  REQUIRE(races.variants.size() == 1);
  const VariantResult& v = races.variants[0];
  CHECK(Num(v.counts.schedules.total) == "6");
  const PropertySchedules* failed = Violated(v, "assert at line 20");
  REQUIRE(failed != nullptr);
  CHECK(Num(failed->schedules) == "3");
  CHECK(failed->probability == Approx(0.5));
}

TEST_CASE("counts: final values of an unknown variable, or with counting off, are refused",
          "[counts][outcomes]") {
  CheckResult r = CheckFinals("models/counter.yaml", {"m"});
  CHECK(r.outcome == Outcome::kBadInput);
  CHECK(r.error == "no shared variable 'm' (the shared variables: n)");
  CheckOptions o;
  o.model = {Path("models/counter.yaml"), {}, {}, {}};
  o.final_values = std::vector<std::string>{};
  o.counts.enabled = false;
  r = Check(o);
  CHECK(r.outcome == Outcome::kBadInput);
  CHECK(r.error.find("--count-states 0") != std::string::npos);
}

// A count view key holds at most 16,383 processes of one class (count_view.h): beyond, the
// counts and the time say why they were skipped, where they used to overflow the key's count
// into its type and crash. Every step is then not tried either.
TEST_CASE("counts: more identical processes than a key holds are skipped, not miscounted",
          "[counts]") {
  CheckOptions o;
  o.model = {Path("models/ticket.yaml"), {"clients=16384"}, {}, {}};
  o.model.limits.processes = 16384;
  o.explore.threads = 1;
  o.explore.max_states = 1000;
  const CheckResult r = Check(o);
  REQUIRE(r.error.empty());
  REQUIRE(r.variants.size() == 2);
  for (const VariantResult& v : r.variants) {
    INFO(v.name);
    CHECK_FALSE(v.counts.counted);
    CHECK(v.counts.skipped.stop == CountStop::kClassSize);
    CHECK(v.counts.skipped.bound == kMaxEntryCount);
    CHECK(v.time.not_computed.stop == CountStop::kClassSize);
  }
  CHECK(r.every_step_variant.empty());
  const std::string text = RenderCheckText(r);
  CHECK(text.find("more than 16,383 identical processes of one kind") != std::string::npos);
  CHECK(text.find("--count-steps every") == std::string::npos);
}

}  // namespace
}  // namespace racecheck
