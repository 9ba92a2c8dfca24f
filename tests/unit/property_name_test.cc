// Property names where a report names a property (PropertyName, engine/trace/describe.h): the
// model's own names stay as written in every language; the engine's built-in properties are
// told in the reader's language, and in English exactly as the engine names them (which JSON
// keeps). The expected names are read off the models: models/deadlock.yaml has the final
// property 'both_done' and locks (so all four built-in ones); tests/models/doc_assert has
// asserts at lines 17 and 18.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "engine/support/messages.h"
#include "engine/trace/describe.h"
#include "tests/support/test_models.h"

namespace racecheck {
namespace {

TEST_CASE("property names: the model's own as written, the engine's in the reader's language",
          "[trace][lang]") {
  std::unique_ptr<System> sys = testing::LoadShipped("deadlock.yaml", 0, false);
  std::map<PropertyKind, int32_t> of_kind;
  for (size_t k = 0; k < sys->properties().size(); ++k) {
    of_kind[sys->properties()[k].kind] = static_cast<int32_t>(k);
    // English: the engine's names, as JSON gives them.
    CHECK(PropertyName(*sys, static_cast<int32_t>(k), Lang::kEn) == sys->properties()[k].name);
  }
  REQUIRE(of_kind.size() == 5);
  const std::map<PropertyKind, std::pair<std::string, std::string>> expected = {
      {PropertyKind::kFinal, {"both_done", "both_done"}},
      {PropertyKind::kDeadlock, {"deadlock", "死锁"}},
      {PropertyKind::kLockMisuse, {"lock_misuse", "锁的误用"}},
      {PropertyKind::kRange, {"range", "取值范围"}},
      {PropertyKind::kRuntime, {"runtime", "运行时错误"}},
  };
  for (const auto& [kind, names] : expected) {
    INFO(PropertyKindName(kind));
    CHECK(PropertyName(*sys, of_kind.at(kind), Lang::kEn) == names.first);
    CHECK(PropertyName(*sys, of_kind.at(kind), Lang::kZh) == names.second);
  }
  // The catalogue's English rows are the engine's names, so that a translator sees what is
  // translated, and they cannot drift apart unseen.
  CHECK(MessageText(Lang::kEn, Msg::kNameDeadlock) == "deadlock");
  CHECK(MessageText(Lang::kEn, Msg::kNameLockMisuse) == "lock_misuse");
  CHECK(MessageText(Lang::kEn, Msg::kNameRange) == "range");
  CHECK(MessageText(Lang::kEn, Msg::kNameRuntime) == "runtime");
  CHECK(PropertyName(*sys, -1, Lang::kZh).empty());
}

TEST_CASE("an assert is named by its line: 'assert at line 18', '第 18 行的断言'",
          "[trace][lang]") {
  std::unique_ptr<System> sys =
      testing::BuildModelFile("tests/models/doc_assert/model.yaml", {}, BuildOptions{});
  REQUIRE(sys->properties()[0].kind == PropertyKind::kAssert);
  REQUIRE(sys->properties()[1].kind == PropertyKind::kAssert);
  CHECK(PropertyName(*sys, 0, Lang::kEn) == "assert at line 17");
  CHECK(PropertyName(*sys, 1, Lang::kEn) == "assert at line 18");
  CHECK(PropertyName(*sys, 1, Lang::kZh) == "第 18 行的断言");
  CHECK(Say(Lang::kEn, Msg::kNameAssert, fmt::arg("line", 18)) == sys->properties()[1].name);
}

}  // namespace
}  // namespace racecheck
