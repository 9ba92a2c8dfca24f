// System::CheckState (engine/semantics/system.h): the state properties of a state in one call —
// the violated invariants, then, in a terminal state, the violated finals; the first of each
// kind, or all of them in property order.
#include <catch2/catch.hpp>
#include <memory>
#include <vector>

#include "engine/model/loader.h"
#include "engine/semantics/system.h"

namespace racecheck {
namespace {

std::unique_ptr<System> Build() {
  DiagnosticSink diags;
  std::optional<Model> m = LoadModelText("check_state.yaml", R"(
shared:
  x: {init: 1, range: [0, 9]}
processes:
  p:
    steps:
      - x = 2
invariants:
  i_zero: x == 0
  i_small: x < 5
  i_one: x == 1
final:
  f_zero: x == 0
  f_two: x == 2
  f_big: x > 2
)",
                                         {}, diags);
  INFO(diags.Render());
  REQUIRE(m);
  auto sys = System::Build(std::make_shared<const Model>(std::move(*m)), {}, diags);
  INFO(diags.Render());
  REQUIRE(sys != nullptr);
  return sys;
}

std::pair<bool, std::vector<int32_t>> Check(const System& sys, const uint64_t* s, bool all) {
  std::vector<int32_t> violated;
  const bool terminal = sys.CheckState(s, all, [&](int32_t p) { violated.push_back(p); });
  return {terminal, violated};
}

TEST_CASE("CheckState: invariants, then finals in a terminal state, the first or all",
          "[check_state]") {
  auto sys = Build();
  // Properties: i_zero 0, i_small 1, i_one 2, f_zero 3, f_two 4, f_big 5.
  REQUIRE(sys->properties().size() >= 6);
  REQUIRE(sys->properties()[3].name == "f_zero");
  std::vector<uint64_t> init(static_cast<size_t>(sys->words())), end(init.size());
  sys->Initial(init.data());
  REQUIRE(sys->Step(init.data(), 0, end.data()).status == StepStatus::kOk);
  // x = 1, p not finished: i_zero fails; no final is looked at.
  using Want = std::pair<bool, std::vector<int32_t>>;
  CHECK(Check(*sys, init.data(), false) == Want{false, {0}});
  CHECK(Check(*sys, init.data(), true) == Want{false, {0}});
  // x = 2, terminal: i_zero and i_one fail; f_zero and f_big fail.
  CHECK(Check(*sys, end.data(), false) == Want{true, {0, 3}});
  CHECK(Check(*sys, end.data(), true) == Want{true, {0, 2, 3, 5}});
  // The same as the single-property calls it stands for.
  CHECK(sys->FirstViolatedInvariant(end.data()) == 0);
  CHECK(sys->FirstViolatedFinal(end.data()) == 3);
  CHECK(sys->Terminal(end.data()));
  CHECK_FALSE(sys->Terminal(init.data()));
}

}  // namespace
}  // namespace racecheck
