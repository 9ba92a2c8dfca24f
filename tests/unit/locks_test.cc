// Locks (engine/check/locks.h) and its report on models/ticket.yaml with 3 clients: what the
// issue asks the table to show — a lock around the read alone or the write alone still
// oversells, a lock around get() (the model's own region) holds and is the smallest safe one,
// taking search() inside the lock is safe too, and no lock oversells.
#include "engine/check/locks.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "engine/report/locks_report.h"
#include "engine/report/render.h"
#include "engine/support/text_width.h"

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
  REQUIRE(r.inside_compound == std::vector<std::string>{"client"});
  const nlohmann::json notes = RenderLocksJson(r)["notes"];
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].get<std::string>() ==
        "'client' takes 'account' inside a compound step (if, while, for, when or atomic): only "
        "placements around top-level steps are tried, so it is left as written");
}

// The columns of a `racecheck locks` table line (text report): where each starts, in display
// columns, found from the positions of the cells that follow two spaces.
int ColumnOf(const std::string& line, const std::string& cell) {
  const size_t at = line.find(cell);
  REQUIRE(at != std::string::npos);
  return DisplayWidth(line.substr(0, at));
}

TEST_CASE("Locks in Chinese: the table, the marks and the legend, aligned by display width",
          "[locks][lang]") {
  LocksOptions o;
  o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/zh/ticket.yaml", {"clients=2"}, {}, {}};
  o.model.lang = Lang::kZh;
  const LocksResult r = Locks(o);
  REQUIRE(r.has_report());
  const std::string text = RenderLocksText(r);
  INFO(text);
  for (const char* zh :
       {"移动的锁：'lock'", "按原样的模型：成立", "锁在 'client' 中的各种放法：", "不加锁",
        "违反：no_oversell", "模型自己的放法；最小的安全范围", "（步数：锁内可交错的步骤数"}) {
    CHECK(text.find(zh) != std::string::npos);
  }
  for (const char* en : {"lock moved", "as written", "lock placements", "least time", "region",
                         "no lock", "VIOLATED", "smallest safe", "holds", "states"}) {
    CHECK(text.find(en) == std::string::npos);
  }
  // The head and each row put the verdict and the states in the same display column, though
  // the head's words and the region L27-L28 (with 剩余票数) are Chinese.
  std::vector<std::string> lines;
  for (size_t at = 0, nl; at < text.size(); at = nl + 1) {
    nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(at, nl - at));
  }
  const std::string* head = nullptr;
  const std::string* wide = nullptr;
  const std::string* none = nullptr;
  for (const std::string& l : lines) {
    if (l.rfind("  范围", 0) == 0) head = &l;
    if (wide == nullptr && l.find("剩余票数") != std::string::npos && l.rfind("  L", 0) == 0) {
      wide = &l;  // the first: L27-L28, which oversells
    }
    if (l.find("不加锁") != std::string::npos) none = &l;
  }
  REQUIRE(head != nullptr);
  REQUIRE(wide != nullptr);
  REQUIRE(none != nullptr);
  const int verdict = ColumnOf(*head, "判定");
  CHECK(ColumnOf(*wide, "违反") == verdict);
  CHECK(ColumnOf(*none, "违反") == verdict);
  // The states are right-aligned under their heading: the row without marks ends where it ends.
  CHECK(DisplayWidth(*none) == ColumnOf(*head, "状态数") + DisplayWidth("状态数"));
  // The HTML page too.
  const std::string html = RenderLocksHtml(r);
  CHECK(html.find("<html lang=\"zh-CN\">") != std::string::npos);
  CHECK(html.find("<th>进程模板</th><th>范围</th>") != std::string::npos);
  CHECK(html.find("<th>template</th>") == std::string::npos);
}

TEST_CASE("Locks in Chinese: the note on a lock taken inside a for", "[locks][lang]") {
  LocksOptions o;
  o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/rlock.yaml", {}, {}, {}};
  o.model.lang = Lang::kZh;
  const LocksResult r = Locks(o);
  REQUIRE(r.has_report());
  REQUIRE(r.inside_compound == std::vector<std::string>{"client"});
  const std::string text = RenderLocksText(r);
  CHECK(
      text.find("注意：'client' 在复合步骤（if、while、for、when 或 atomic）内部获取 'account'") !=
      std::string::npos);
  // JSON stays English.
  const std::string note = RenderLocksJson(r)["notes"][0].get<std::string>();
  CHECK(note.rfind("'client' takes 'account' inside", 0) == 0);
}

TEST_CASE("Locks in Chinese: the engine's own properties are named in Chinese", "[locks][lang]") {
  // deadlock.yaml as written deadlocks (tests/golden/cli/deadlock.txt): the verdict names the
  // engine's property 死锁 in Chinese, as the check report does; the JSON keeps "deadlock".
  LocksOptions o;
  o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/deadlock.yaml", {}, {}, {}};
  o.model.lang = Lang::kZh;
  const LocksResult r = Locks(o);
  REQUIRE(r.has_report());
  const std::string text = RenderLocksText(r);
  CHECK(text.find("按原样的模型：违反：死锁") != std::string::npos);
  CHECK(text.find("参数：") == std::string::npos);  // no params, no empty line for them
  CHECK(text.find("违反：deadlock") == std::string::npos);
  CHECK(RenderLocksJson(r)["placements"][0]["property"] == "deadlock");
  o.model.lang = Lang::kEn;
  CHECK(RenderLocksText(Locks(o)).find("VIOLATED: deadlock") != std::string::npos);
}

}  // namespace
}  // namespace racecheck
