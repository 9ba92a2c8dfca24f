// FingerprintSet (engine/state/fingerprint_set.h) and the fingerprint-only search: the set
// against std::unordered_set, the collision bound's arithmetic, and searches that must give
// exactly what the full store gives on every shipped model and fixture (a collision among a few
// thousand 64-bit fingerprints has probability below 10^-12).
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <unordered_set>

#include "engine/explore/explorer.h"
#include "engine/semantics/symmetry.h"
#include "engine/state/fingerprint_set.h"
#include "tests/support/differential.h"
#include "tests/support/test_models.h"

namespace racecheck {
namespace {

TEST_CASE("fingerprint set: inserts like a set, through several growths", "[fingerprint]") {
  FingerprintSet set;
  std::unordered_set<uint64_t> ref;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 400000; ++i) {
    // Draw from a range small enough that about a third of the draws repeat; include 0 and 1,
    // which share a slot value (0 is stored as 1).
    uint64_t fp = rng() % 300000;
    if (fp >= 2) fp = fp * 0x9e3779b97f4a7c15ULL;
    const bool fresh = ref.insert(fp == 0 ? 1 : fp).second;
    INFO("draw " << i << " fingerprint " << fp);
    REQUIRE(set.Insert(fp) == fresh);
  }
  CHECK(set.size() == ref.size());
  CHECK(set.memory_bytes() >= 2 * set.size() * sizeof(uint64_t));  // load at most 1/2
  for (uint64_t fp : ref) CHECK_FALSE(set.Insert(fp));
}

TEST_CASE("fingerprint set: the collision bound is n(n-1)/2 / 2^64", "[fingerprint]") {
  CHECK(FingerprintSet::CollisionBound(0) == 0);
  CHECK(FingerprintSet::CollisionBound(1) == 0);
  CHECK(FingerprintSet::CollisionBound(2) == std::ldexp(1.0, -64));
  // 2^32 states: about 2^63 pairs, so a bound of about 1/2.
  CHECK(FingerprintSet::CollisionBound(uint64_t{1} << 32) == Approx(0.5).epsilon(1e-6));
}

TEST_CASE("fingerprint search: the same results as the full store", "[fingerprint]") {
  for (const char* file : {"ticket.yaml", "counter.yaml", "deadlock.yaml", "pool.yaml",
                           "print_race.yaml", "philosophers.yaml", "peterson.yaml", "bank.yaml",
                           "buffer.yaml", "rlock.yaml", "barrier.yaml", "queue.yaml"}) {
    for (bool elide : {false, true}) {
      auto sys = testing::LoadShipped(file, file == std::string("ticket.yaml") ? 4 : 0, elide);
      Symmetry symmetry(*sys);
      for (int mode : {0, 1, 2}) {  // first violation; --all; --max-states 9
        ExploreOptions opt;
        opt.all = mode == 1;
        opt.max_states = mode == 2 ? 9 : 0;
        opt.collect_outcomes = true;
        opt.symmetry = symmetry.active() ? &symmetry : nullptr;
        const ExploreResult full = Explore(*sys, opt);
        opt.fingerprint = true;
        const ExploreResult fp = Explore(*sys, opt);
        INFO(file << (elide ? " without locks" : " as written") << " mode " << mode);
        testing::CheckSameSearch(fp, full);
        CHECK(full.collision_bound == 0);
        CHECK(fp.collision_bound == FingerprintSet::CollisionBound(fp.stats.states));
        CHECK(fp.collision_bound < 1e-9);
      }
    }
  }
}

}  // namespace
}  // namespace racecheck
