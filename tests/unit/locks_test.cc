// Locks (engine/check/locks.h) and its report on models/ticket.yaml with 3 clients: what the
// issue asks the table to show — a lock around the read alone or the write alone still
// oversells, a lock around get() (the model's own region) holds and is the smallest safe one,
// taking search() inside the lock is safe too, and no lock oversells.
#include "engine/check/locks.h"

#include <catch2/catch.hpp>
#include <string>

#include "engine/report/locks_report.h"
#include "engine/report/render.h"

namespace racecheck {
namespace {

const LockPlacement* Find(const LocksResult& r, int first, int last) {
  for (const LockPlacement& p : r.placements) {
    if (p.kind == PlacementKind::kRegion && p.first_line == first && p.last_line == last) return &p;
  }
  return nullptr;
}

TEST_CASE("Locks: where the ticket's lock must go", "[locks]") {
  LocksOptions o;
  o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/ticket.yaml", {"clients=3"}, {}, {}};
  const LocksResult r = Locks(o);
  REQUIRE(r.has_report());
  CHECK(r.lock == "lock");
  REQUIRE(r.placements.size() == 12);  // as written, no lock, and 10 regions of 4 steps
  CHECK(r.placements[0].kind == PlacementKind::kAsWritten);
  CHECK(r.placements[0].verdict == Verdict::kHolds);
  CHECK(r.placements[1].kind == PlacementKind::kNoLock);
  CHECK(r.placements[1].verdict == Verdict::kViolated);
  // The steps (ticket.yaml): L28 seen = count, L29 print, L33 c = count, L35 if (the write).
  const LockPlacement* read = Find(r, 33, 33);
  const LockPlacement* write = Find(r, 35, 35);
  const LockPlacement* get = Find(r, 33, 35);
  const LockPlacement* all = Find(r, 28, 35);
  REQUIRE(read != nullptr);
  REQUIRE(write != nullptr);
  REQUIRE(get != nullptr);
  REQUIRE(all != nullptr);
  CHECK(read->verdict == Verdict::kViolated);
  CHECK(read->property == "no_oversell");
  CHECK(write->verdict == Verdict::kViolated);
  CHECK(get->verdict == Verdict::kHolds);
  CHECK(get->same_as_written);
  CHECK(get->smallest_safe);
  CHECK(get->states == r.placements[0].states);  // the same model as written
  CHECK(all->verdict == Verdict::kHolds);
  CHECK_FALSE(all->smallest_safe);
  int smallest = 0;
  for (const LockPlacement& p : r.placements) smallest += p.smallest_safe;
  CHECK(smallest == 1);
  const std::string text = RenderLocksText(r);
  CHECK(text.find("the model's own; smallest safe") != std::string::npos);
  CHECK(FormatsFor(Command::kLocks) == std::vector<std::string>{"text", "json", "html"});
  const nlohmann::json doc = RenderLocksJson(r);
  CHECK(doc["placements"].size() == 12);
}

TEST_CASE("Locks: a lock taken inside a for is left as written, and the note says why", "[locks]") {
  // rlock.yaml takes 'account' at the top level and again inside `for: k in range(2)`.
  LocksOptions o;
  o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/rlock.yaml", {}, {}, {}};
  const LocksResult r = Locks(o);
  REQUIRE(r.has_report());
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0] ==
        "'client' takes 'account' inside a compound step (if, while, for, when or atomic): only "
        "placements around top-level steps are tried, so it is left as written");
}

}  // namespace
}  // namespace racecheck
