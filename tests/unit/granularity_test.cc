// Tests of the granularity check (engine/semantics/granularity.h): which steps read and write a
// shared variable in one atomic step, on the shipped models and the documentation's fixtures.
#include "engine/semantics/granularity.h"

#include <catch2/catch.hpp>

#include "tests/support/test_models.h"

namespace racecheck {
namespace {

std::vector<AtomicReadWrite> Of(const std::string& path) {
  auto sys = testing::BuildModelFile(path, {}, BuildOptions{});
  return AtomicReadWrites(*sys);
}

TEST_CASE("granularity: a one-step increment is found, with its split", "[semantics]") {
  auto sys = testing::BuildModelFile("tests/models/doc_one_step/model.yaml", {}, BuildOptions{});
  std::vector<AtomicReadWrite> found = AtomicReadWrites(*sys);
  REQUIRE(found.size() == 1);
  CHECK(sys->shared()[found[0].var].name == "n");
  CHECK(found[0].loc.line == 9);
  CHECK_FALSE(found[0].in_atomic);
  CHECK(found[0].text == "n = n + 1");
  CHECK(found[0].split == "`tmp = n` then `n = tmp + 1` (with a local `tmp`)");
  CHECK(CheckNote(*sys, found[0]) ==
        "line 9 reads and writes shared 'n' in one atomic step (`n = n + 1`); real processes "
        "cannot; split it to see the race: `tmp = n` then `n = tmp + 1` (with a local `tmp`)");
  // In Chinese, the split too (the JSON's `split` stays English).
  CHECK(SplitText(found[0], Lang::kZh) ==
        "先 `tmp = n`，再 `n = tmp + 1`，其中 `tmp` 是一个局部变量");
  CHECK(
      CheckNote(*sys, found[0], Lang::kZh) ==
      "第 9 行在一个原子步骤里既读又写共享变量 'n'（`n = n + 1`）；真实的进程做不到这一点；把它拆开"
      "才能看到竞争：先 `tmp = n`，再 `n = tmp + 1`，其中 `tmp` 是一个局部变量");
  CHECK_THAT(DivergenceNote(*sys, found[0], Lang::kZh),
             Catch::EndsWith("把这一步拆开就能看到它：先 `tmp = n`，再 `n = tmp + 1`，其中 `tmp` "
                             "是一个局部变量。"));
}

TEST_CASE("granularity: an atomic group is found and marked as written on purpose", "[semantics]") {
  std::vector<AtomicReadWrite> found = Of("tests/models/doc_atomic/model.yaml");
  REQUIRE(found.size() == 1);
  CHECK(found[0].in_atomic);
  CHECK(found[0].split.empty());
  CHECK(SplitText(found[0], Lang::kZh).empty());
  auto sys = testing::BuildModelFile("tests/models/doc_atomic/model.yaml", {}, BuildOptions{});
  CHECK_THAT(DivergenceNote(*sys, found[0]), Catch::StartsWith("The model's `atomic:` group"));
  CHECK_THAT(DivergenceNote(*sys, found[0], Lang::kZh), Catch::Contains("`atomic:` 组"));
}

TEST_CASE("granularity: nothing where there is no race to see", "[semantics]") {
  // ticket.yaml: the purchase writes count from the local c, and sold is a ghost.
  CHECK(Of("models/ticket.yaml").empty());
  // counter.yaml: already split into tmp = n, n = tmp + 1.
  CHECK(Of("models/counter.yaml").empty());
  // One process alone reads and writes `big` and `small`.
  CHECK(Of("tests/models/doc_default_range/model.yaml").empty());
  // deadlock.yaml: both processes do transfers = transfers + 1.
  CHECK(Of("models/deadlock.yaml").size() == 2);
}

}  // namespace
}  // namespace racecheck
