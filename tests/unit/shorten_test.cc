// ShortenSchedule (engine/trace/shorten.h): counterexamples found with reductions lose the
// steps they do not need, and stay counterexamples of the same property.
#include "engine/trace/shorten.h"

#include <catch2/catch.hpp>

#include "engine/explore/explorer.h"
#include "engine/semantics/partial_order.h"
#include "engine/semantics/symmetry.h"
#include "engine/trace/concretize.h"
#include "engine/trace/replay.h"
#include "tests/support/test_models.h"

namespace racecheck {
namespace {

// The first counterexample of the reduced search (local fusion, symmetry, partial order) and
// of the plain search (a shortest one: BFS with no reduction), as schedules of the plain model.
struct Found {
  Counterexample reduced, plain;
};

Found Search(const std::string& file, int clients) {
  auto plain = testing::LoadShipped(file, clients, /*elide=*/true);
  BuildOptions opt;
  opt.elide_sync = true;
  opt.reduce_locals = true;
  std::vector<std::string> sets;
  if (clients > 0) sets.push_back("clients=" + std::to_string(clients));
  auto reduced = testing::BuildModelFile("models/" + file, sets, opt);
  Symmetry symmetry(*reduced);
  PartialOrder partial_order(*reduced);
  ExploreOptions eo;
  eo.symmetry = &symmetry;
  eo.partial_order = &partial_order;
  ExploreResult r = Explore(*reduced, eo);
  ExploreResult p = Explore(*plain, ExploreOptions());
  REQUIRE(r.violations.size() == 1);
  REQUIRE(p.violations.size() == 1);
  return {ConcretizeCounterexamples(*reduced, &symmetry, r)[0],
          ConcretizeCounterexamples(*plain, nullptr, p)[0]};
}

TEST_CASE("shorten: the reduced search's oversell shrinks to a shortest one", "[shorten]") {
  auto sys = testing::LoadShipped("ticket.yaml", 3, /*elide=*/true);
  const Found f = Search("ticket.yaml", 3);
  REQUIRE(EndsInViolation(*sys, f.reduced.schedule, f.reduced.property));
  CHECK(f.reduced.schedule.size() > f.plain.schedule.size());  // 11 > 10: the reductions' cost
  const std::vector<int32_t> s = ShortenSchedule(*sys, f.reduced.schedule, f.reduced.property);
  CHECK(s.size() == f.plain.schedule.size());
  Trace t = Replay(*sys, s, f.reduced.property);
  CHECK(t.ok());
  CHECK(t.violation.property == f.reduced.property);
  CHECK(t.unused == 0);
}

TEST_CASE("shorten: a bystander's step is dropped", "[shorten]") {
  // print_race without the lock: work#2's print is not needed for two lines to interleave.
  auto sys = testing::LoadShipped("print_race.yaml", 0, /*elide=*/true);
  const Found f = Search("print_race.yaml", 0);
  const std::vector<int32_t> s = ShortenSchedule(*sys, f.reduced.schedule, f.reduced.property);
  CHECK(s.size() == f.plain.schedule.size());
  CHECK(s.size() == 4);
  CHECK(EndsInViolation(*sys, s, f.reduced.property));
}

TEST_CASE("shorten: what is not a counterexample is left alone", "[shorten]") {
  auto sys = testing::LoadShipped("ticket.yaml", 3, /*elide=*/true);
  const Found f = Search("ticket.yaml", 3);
  std::vector<int32_t> prefix(f.plain.schedule.begin(), f.plain.schedule.end() - 1);
  CHECK_FALSE(EndsInViolation(*sys, prefix, f.plain.property));
  CHECK(ShortenSchedule(*sys, prefix, f.plain.property) == prefix);
  CHECK_FALSE(EndsInViolation(*sys, {7}, f.plain.property));  // no process 7
}

}  // namespace
}  // namespace racecheck
