// `racecheck run` on the synchronisation the real mode mirrors in shared memory (label
// `realproc`): locks chosen by an index, expressions reading a lock's or semaphore's state,
// barriers, queues and conditions. Each model runs with real processes; every trial must be
// explained by the model (the conformance check), and each model is built so that the construct not
// holding would show as a violated assert or property, a divergence, or a stuck process. Operation
// counts are worked out by hand from the models (a `for` and a `when` take no step of their own).
// No test asserts a time; every wait is bounded by racecheck's own per-trial timeout.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/racecheck_cli.h"
#include "tests/support/realproc.h"

namespace racecheck {
namespace {

using testing::PrivateTmp;
using testing::Racecheck;

using testing::JsonOut;

// Runs `args` (a `racecheck run` without --format) and returns the first variant, checking that
// every trial ran, none diverged, and nothing was left in the private TMPDIR. `exit_code`: the
// one expected, or -1 when the timing decides it (0 or 1).
nlohmann::json RunVariant(const std::string& args, int trials, int exit_code) {
  PrivateTmp tmp;
  nlohmann::json doc = JsonOut(Racecheck("run " + args + " --format json"));
  INFO(doc.dump(1));
  if (exit_code >= 0) {
    CHECK(doc["exit_code"] == exit_code);
  } else {
    CHECK((doc["exit_code"] == 0 || doc["exit_code"] == 1));
  }
  REQUIRE(doc["variants"].size() >= 1);
  nlohmann::json v = doc["variants"][0];
  CHECK(v["trials"] == trials);
  CHECK(v["explained"] == trials);
  CHECK(v["diverged"] == 0);
  CHECK(v["undecided"] == 0);
  CHECK(v["not_checked"] == 0);
  CHECK(tmp.Entries() == 0);
  return v;
}

TEST_CASE("run barrier: every worker sees its neighbour's part of the round, every trial",
          "[realproc]") {
  // tests/models/run_barrier: 3 workers, 2 rounds; per worker and round: the write, the first
  // wait's arrive and leave, the assert, the second wait's arrive and leave = 6 operations, so
  // 3 x 2 x 6 = 36 per trial. Each worker sleeps up to 10 ms (0.05 s x 0.2) before each write:
  // without the barrier the assert would read a part not yet written.
  nlohmann::json v =
      RunVariant("tests/models/run_barrier/model.yaml --trials 10 --time-scale 0.2", 10, 0);
  CHECK(v["violating"] == 0);
  CHECK(v["stuck"] == 0);
  REQUIRE(v["histogram"].size() == 1);
  CHECK(v["histogram"][0]["outcome"] == "part[0]=2 part[1]=2 part[2]=2");
  for (const nlohmann::json& t : v["per_trial"]) CHECK(t["conformance"]["operations"] == 36);
}

TEST_CASE("run a barrier that never fills, a get from an empty queue: proved stuck, a deadlock",
          "[realproc]") {
  // run_barrier with 4 parties and 3 workers: each writes its part and arrives (2 operations),
  // then waits to leave a barrier that never opens: 6 operations, 3 stuck, parts all 1.
  nlohmann::json b = RunVariant(
      "tests/models/run_barrier/model.yaml --set PARTIES=4 --trials 3 --time-scale 0.2 "
      "--timeout 60",
      3, 1);
  CHECK(b["violating"] == 3);
  CHECK(b["stuck"] == 3);
  CHECK(b["timed_out"] == 0);  // proved stuck, long before the 60 s timeout
  REQUIRE(b["histogram"].size() == 1);
  CHECK(b["histogram"][0]["outcome"] ==
        "part[0]=1 part[1]=1 part[2]=1; violates deadlock; 3 stuck");
  for (const nlohmann::json& t : b["per_trial"]) {
    CHECK(t["conformance"]["operations"] == 6);
    CHECK_THAT(t["blocked"].get<std::string>(),
               Catch::Contains(
                   "waits at barrier 'b', where 3 of 4 parties have arrived (line 25 'wait: b')"));
  }
  // queue.yaml with EXTRA=1 gets 5 items where 4 are put: the consumer waits in get on the
  // empty queue for good. Operations: 4 puts, and the consumer's 4 rounds of (get, total =
  // total + x) = 8: 12 in all (the fifth get is not logged: it never ran). Its items are 0, 1,
  // 10, 11: total = 22.
  nlohmann::json v =
      RunVariant("models/queue.yaml --set EXTRA=1 --trials 3 --time-scale 0.01 --timeout 60", 3, 1);
  CHECK(v["violating"] == 3);
  CHECK(v["stuck"] == 3);
  CHECK(v["timed_out"] == 0);
  REQUIRE(v["histogram"].size() == 1);
  CHECK(v["histogram"][0]["outcome"] == "total=22; violates deadlock; 1 stuck");
  for (const nlohmann::json& t : v["per_trial"]) {
    CHECK(t["conformance"]["operations"] == 12);
    CHECK_THAT(
        t["blocked"].get<std::string>(),
        Catch::Contains(
            "consumer#0 waits to get from queue 'q', which is empty (line 39 'x = q.get()')"));
  }
}

TEST_CASE("run queue: items arrive first in, first out, through a queue that fills and empties",
          "[realproc]") {
  // tests/models/run_queue_fifo: K = 6 puts; the consumer's 6 rounds of (get, assert, got = x)
  // are 18: 24 operations. The assert x == k + 1 fails if an item is lost, doubled or
  // reordered; got ends at 6.
  nlohmann::json v =
      RunVariant("tests/models/run_queue_fifo/model.yaml --trials 10 --time-scale 0.2", 10, 0);
  CHECK(v["violating"] == 0);
  REQUIRE(v["histogram"].size() == 1);
  CHECK(v["histogram"][0]["outcome"] == "got=6");
  for (const nlohmann::json& t : v["per_trial"]) CHECK(t["conformance"]["operations"] == 24);
  // The shipped queue.yaml: 2 producers put 0, 1 and 10, 11 through a queue of 1; the consumer
  // adds them up: 22 (its final property), in every trial, also with the memory store.
  nlohmann::json shipped =
      RunVariant("models/queue.yaml --trials 5 --time-scale 0.01 --store memory", 5, 0);
  CHECK(shipped["violating"] == 0);
  REQUIRE(shipped["histogram"].size() == 1);
  CHECK(shipped["histogram"][0]["outcome"] == "total=22");
}

TEST_CASE(
    "run held, holder, value: the real lock and semaphore state, read in steps and properties",
    "[realproc]") {
  // tests/models/run_lock_state: 3 workers, 7 operations each (2 acquires, 2 asserts, the
  // assignment, 2 releases), and the watcher's await and assert: 21 + 2 = 23. After taking one of 2
  // slots a worker must see value(slots) <= 1, holding the lock it must be its holder; the
  // invariant and the final property read the same state (all free at the end: value 2, no holder).
  // `last` ends as the last holder: 0, 1 or 2.
  nlohmann::json v =
      RunVariant("tests/models/run_lock_state/model.yaml --trials 10 --time-scale 0.2", 10, 0);
  CHECK(v["violating"] == 0);
  CHECK(v["final_unchecked"] == 0);
  for (const nlohmann::json& t : v["per_trial"]) {
    CHECK(t["conformance"]["operations"] == 23);
    const int64_t last = t["values"]["last"].get<int64_t>();
    CHECK((last >= 0 && last <= 2));
  }
  // The same with the atomic-file store.
  nlohmann::json atomic = RunVariant(
      "tests/models/run_lock_state/model.yaml --trials 5 --time-scale 0.2 --store atomic-file", 5,
      0);
  CHECK(atomic["violating"] == 0);
}

TEST_CASE("run with locks chosen by an index: exclusion per element, an index out of range",
          "[realproc]") {
  // tests/models/run_fork_index without the stray: 4 workers, 5 operations each: 20. Workers 0
  // and 2 share lock[0], 1 and 3 lock[1]; the assert that each is alone inside its lock holds.
  nlohmann::json v = RunVariant(
      "tests/models/run_fork_index/model.yaml --set STRAY=0 --trials 10 --time-scale 0.5", 10, 0);
  CHECK(v["violating"] == 0);
  REQUIRE(v["histogram"].size() == 1);
  CHECK(v["histogram"][0]["outcome"] == "inside[0]=0 inside[1]=0");
  for (const nlohmann::json& t : v["per_trial"]) CHECK(t["conformance"]["operations"] == 20);
  // With the stray: its acquire names lock[2] of 2, the model's `runtime` violation, as its
  // first step: 20 + 1 operations; the workers still all finish.
  nlohmann::json stray =
      RunVariant("tests/models/run_fork_index/model.yaml --trials 5 --time-scale 0.5", 5, 1);
  CHECK(stray["violating"] == 5);
  CHECK(stray["stuck"] == 0);
  for (const nlohmann::json& t : stray["per_trial"]) {
    CHECK(t["conformance"]["operations"] == 21);
    CHECK(t["violated"] == nlohmann::json::array({"runtime"}));
    CHECK(t["outcome"] == "inside[0]=0 inside[1]=0; violates runtime");
  }
}

TEST_CASE("run philosophers: ASYM=1 never deadlocks, the forced counterexample does at once",
          "[realproc]") {
  // ASYM=1, N=5: each philosopher takes its lower-numbered fork first: 2 acquires, eat, 2
  // releases = 5 operations each, 25 in all; every one eats: meals = 5 (a ghost).
  nlohmann::json v = RunVariant(
      "models/philosophers.yaml --set ASYM=1 --set N=5 --trials 20 --time-scale 0.01", 20, 0);
  CHECK(v["violating"] == 0);
  CHECK(v["stuck"] == 0);
  REQUIRE(v["histogram"].size() == 1);
  CHECK(v["histogram"][0]["outcome"] == "meals=5");
  for (const nlohmann::json& t : v["per_trial"]) CHECK(t["conformance"]["operations"] == 25);
  // ASYM=0, N=3, forced along the checker's counterexample: each takes its left fork (3
  // operations), then waits for fork[self + 1 mod 3]: the cycle, proved and reported.
  PrivateTmp tmp;
  testing::CliResult r =
      Racecheck("run models/philosophers.yaml --counterexample --time-scale 0.01 --timeout 60");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("meals=0; violates deadlock; 3 stuck"));
  CHECK_THAT(r.out, Catch::Contains("philosopher#0 waits for 'fork[1]', held by philosopher#1, "
                                    "which waits for 'fork[2]', held by philosopher#2, which "
                                    "waits for 'fork[0]', held by philosopher#0"));
  CHECK_THAT(r.out, Catch::Contains("explained by the model: 1 of 1"));
  CHECK(tmp.Entries() == 0);
}

TEST_CASE("run condition.yaml: consumers wait in a while loop and each gets an item",
          "[realproc]") {
  // models/condition.yaml, 2 consumers. The producer: 2 rounds of (acquire, items += 1, notify,
  // release) = 8 operations. A consumer that waits w times: acquire, the `while` test w + 1
  // times, the wait's 3 steps (sleep, wake, lock) w times, assert, items -= 1, release =
  // 5 + 4w. A wait ends only with a notify that found it asleep (real mode has no spurious
  // wake-ups), a notify wakes one sleeper at most, and every consumer finishes (the checker
  // proves it), so w0 + w1 <= 2: 18 + 4 (w0 + w1) = 18, 22 or 26. Explained means the steps fit
  // the model in the order they ran under the mirror's mutex, and the final mirror (the rlock
  // free, cond.sleeping = cond.notified = 0) is the model's.
  nlohmann::json v = RunVariant("models/condition.yaml --trials 10 --timeout 60", 10, 0);
  CHECK(v["violating"] == 0);
  CHECK(v["stuck"] == 0);
  REQUIRE(v["histogram"].size() == 1);
  CHECK(v["histogram"][0]["outcome"] == "items=0");
  for (const nlohmann::json& t : v["per_trial"]) {
    const int ops = t["conformance"]["operations"].get<int>();
    CHECK((ops == 18 || ops == 22 || ops == 26));
  }
}

TEST_CASE("run condition.yaml with `if`: a woken consumer may find nothing, and is explained",
          "[realproc]") {
  // WHILE=false: a consumer takes acquire, the `if` test, the wait's 3 steps when items == 0,
  // assert, items -= 1, release: 5 or 8 operations; with the producer's 8, a trial without a
  // violation has 18, 21 or 24 and ends with items = 0. Whether a woken consumer A finds its
  // item gone depends on the timing, so a trial may or may not violate; when it does, it is
  // always this: the one notify so far (round 1) woke A, the other consumer B took the item
  // without waiting (5 operations), A's assert fails holding the lock (acquire, test, 3 wait
  // steps, the assert: 6) and the producer, after its first round (4), waits for that lock for
  // good: 15 operations, 1 stuck. (Had the producer finished its rounds, items would be 1 at
  // A's assert.)
  nlohmann::json v =
      RunVariant("models/condition.yaml --set WHILE=false --trials 10 --timeout 60", 10, -1);
  for (const nlohmann::json& t : v["per_trial"]) {
    INFO(t.dump(1));
    const int ops = t["conformance"]["operations"].get<int>();
    if (t["violated"].empty()) {
      CHECK(t["outcome"] == "items=0");
      CHECK((ops == 18 || ops == 21 || ops == 24));
    } else {
      CHECK(t["outcome"] == "items=0; violates assert at line 51, deadlock; 1 stuck");
      CHECK(ops == 15);
    }
  }
  // The checker's counterexample, forced: that violation, in the one trial.
  PrivateTmp tmp;
  nlohmann::json doc = JsonOut(Racecheck(
      "run models/condition.yaml --set WHILE=false --counterexample --timeout 60 --format json"));
  INFO(doc.dump(1));
  CHECK(doc["exit_code"] == 1);
  const nlohmann::json& forced = doc["variants"][0];
  CHECK(forced["explained"] == 1);
  REQUIRE(forced["per_trial"].size() == 1);
  CHECK(forced["per_trial"][0]["outcome"] ==
        "items=0; violates assert at line 51, deadlock; 1 stuck");
  CHECK(forced["per_trial"][0]["conformance"]["operations"] == 15);
  CHECK(tmp.Entries() == 0);
  // With SPURIOUS=true the checker's shortest counterexample wakes consumer#0 with no notify,
  // which real mode cannot do: the forcing stops there (after its acquire, test and sleep) and
  // the rest runs freely; what follows depends on the timing, but it is explained, in time.
  nlohmann::json spurious = RunVariant(
      "models/condition.yaml --set WHILE=false --set SPURIOUS=true --counterexample --timeout 60",
      1, -1);
  CHECK(spurious["timed_out"] == 0);
}

TEST_CASE("run a lost notify: the waiter is woken or proved stuck, every trial, never a hang",
          "[realproc]") {
  // tests/models/doc_condition (CHECK=false). The notifier: acquire, done = true, notify,
  // release = 4 operations. If the waiter sleeps first it is woken: acquire, sleep, wake, lock,
  // release = 5 (the `when` is no step): 9, done = true. If the notify comes first it is lost:
  // the waiter's acquire and sleep (2), then it sleeps for good: 6 operations, 1 stuck, a
  // deadlock, proved long before the 60 s timeout; the stuck waiter, killed inside
  // pthread_cond_timedwait, does not hold up the cleanup.
  nlohmann::json v =
      RunVariant("tests/models/doc_condition/model.yaml --trials 10 --timeout 60", 10, -1);
  CHECK(v["timed_out"] == 0);
  for (const nlohmann::json& t : v["per_trial"]) {
    INFO(t.dump(1));
    if (t["stuck"] == 0) {
      CHECK(t["outcome"] == "done=true");
      CHECK(t["conformance"]["operations"] == 9);
    } else {
      CHECK(t["outcome"] == "done=true; violates deadlock; 1 stuck");
      CHECK(t["conformance"]["operations"] == 6);
      CHECK(t["blocked"] ==
            "waiter#0 sleeps on condition 'c' until a notify wakes it (line 21 'wait: c')");
    }
  }
  // Forced along the checker's counterexample (notifier#0 four times, then waiter#0 twice): lost.
  nlohmann::json lost =
      RunVariant("tests/models/doc_condition/model.yaml --counterexample --timeout 60", 1, 1);
  CHECK(lost["stuck"] == 1);
  CHECK(lost["timed_out"] == 0);
  CHECK(lost["per_trial"][0]["conformance"]["operations"] == 6);
  // CHECK=true: the waiter tests `done` first. If it runs first it waits once: acquire, the
  // `while` test twice, the wait's 3 steps, release = 7; else acquire, one test, release = 3.
  // With the notifier's 4: 11 or 7, and it always finishes.
  nlohmann::json fixed = RunVariant(
      "tests/models/doc_condition/model.yaml --set CHECK=true --trials 10 --timeout 60", 10, 0);
  CHECK(fixed["stuck"] == 0);
  for (const nlohmann::json& t : fixed["per_trial"]) {
    const int ops = t["conformance"]["operations"].get<int>();
    CHECK((ops == 7 || ops == 11));
  }
}

TEST_CASE("run notify_all: it wakes every sleeper, a notify one, notifies in a row wait their turn",
          "[realproc]") {
  // tests/models/run_notify_all, N = 3: a waiter takes acquire, ready += 1, the wait's 3 steps,
  // woken += 1, release = 7 operations; the notifier await, acquire, NOTIFIES notifies, release
  // = 3 + NOTIFIES (the `for` and the `when` are no steps). The notifier has the lock only once
  // every waiter is asleep, so its first notify finds all 3.
  // notify_all once: 3 x 7 + 4 = 25, every waiter woken.
  nlohmann::json all =
      RunVariant("tests/models/run_notify_all/model.yaml --trials 10 --timeout 60", 10, 0);
  CHECK(all["stuck"] == 0);
  REQUIRE(all["histogram"].size() == 1);
  CHECK(all["histogram"][0]["outcome"] == "ready=3 woken=3");
  for (const nlohmann::json& t : all["per_trial"]) CHECK(t["conformance"]["operations"] == 25);
  // One notify: one waiter wakes (7), the other two sleep for good after 3 operations each:
  // 7 + 6 + 4 = 17, 2 stuck.
  nlohmann::json one = RunVariant(
      "tests/models/run_notify_all/model.yaml --set ALL=false --trials 5 --timeout 60", 5, 1);
  CHECK(one["stuck"] == 5);
  CHECK(one["timed_out"] == 0);
  REQUIRE(one["histogram"].size() == 1);
  CHECK(one["histogram"][0]["outcome"] == "ready=3 woken=1; violates deadlock; 2 stuck");
  for (const nlohmann::json& t : one["per_trial"]) {
    CHECK(t["conformance"]["operations"] == 17);
    CHECK_THAT(
        t["blocked"].get<std::string>(),
        Catch::Contains("sleeps on condition 'c' until a notify wakes it (line 27 'wait: c')"));
  }
  // Three notifies in a row, holding the lock: each runs only once the waiter the one before
  // notified has woken (c.notified == 0), and all 3 wake: 21 + 6 = 27. A notify that ran
  // early would not fit the model: the trial would diverge.
  nlohmann::json row = RunVariant(
      "tests/models/run_notify_all/model.yaml --set ALL=false --set NOTIFIES=3 --trials 10 "
      "--timeout 60",
      10, 0);
  REQUIRE(row["histogram"].size() == 1);
  CHECK(row["histogram"][0]["outcome"] == "ready=3 woken=3");
  for (const nlohmann::json& t : row["per_trial"]) CHECK(t["conformance"]["operations"] == 27);
  // SPURIOUS=true: the model may wake the two left asleep with no notify, real mode never does
  // (docs/real-mode.md): the same 17 operations and 2 stuck, reported as the sleepers they are
  // (for the model they are not blocked), and as a deadlock, which the model has not.
  nlohmann::json spurious = RunVariant(
      "tests/models/run_notify_all/model.yaml --set ALL=false --set SPURIOUS=true --trials 3 "
      "--timeout 60",
      3, 1);
  CHECK(spurious["stuck"] == 3);
  CHECK(spurious["timed_out"] == 0);
  for (const nlohmann::json& t : spurious["per_trial"]) {
    CHECK(t["conformance"]["operations"] == 17);
    CHECK(t["outcome"] == "ready=3 woken=1; violates deadlock; 2 stuck");
    CHECK(t["reachable"] == false);
    CHECK_THAT(
        t["blocked"].get<std::string>(),
        Catch::Contains("sleeps on condition 'c' until a notify wakes it (line 27 'wait: c')"));
  }
}

TEST_CASE("run a condition's wait or notify without its lock: a lock_misuse violation",
          "[realproc]") {
  // tests/models/run_cond_misuse: the one process's first step (the `when` is no step) is the
  // violation: 1 operation, reported as the model reports it.
  nlohmann::json wait = RunVariant("tests/models/run_cond_misuse/model.yaml --trials 3", 3, 1);
  CHECK(wait["violating"] == 3);
  for (const nlohmann::json& t : wait["per_trial"]) {
    CHECK(t["conformance"]["operations"] == 1);
    CHECK(t["violated"] == nlohmann::json::array({"lock_misuse"}));
    REQUIRE(t["processes"].size() == 1);
    CHECK(t["processes"][0]["reason"] == "p#0 waits on 'c' without holding its lock 'mutex'");
  }
  nlohmann::json notify =
      RunVariant("tests/models/run_cond_misuse/model.yaml --set NOTIFY=true --trials 3", 3, 1);
  CHECK(notify["violating"] == 3);
  for (const nlohmann::json& t : notify["per_trial"]) {
    CHECK(t["conformance"]["operations"] == 1);
    CHECK(t["processes"][0]["reason"] == "p#0 notifies 'c' without holding its lock 'mutex'");
  }
}

}  // namespace
}  // namespace racecheck
