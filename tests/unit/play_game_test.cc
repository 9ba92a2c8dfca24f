// PlayGame (engine/check/play.h) and the screen (engine/report/play_screen.h), called as
// `racecheck play` calls them, on the 2-client ticket: moves, refusals, undo, the lock switch,
// hints, and the end of the game. The terminal itself is tested by tests/play/play_test.py.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "engine/check/play.h"
#include "engine/report/play_screen.h"

namespace racecheck {
namespace {

std::unique_ptr<PlayGame> Ticket(std::vector<std::string> sets, bool without_locks) {
  PlayOptions o;
  o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/ticket.yaml", std::move(sets), {}, {}};
  o.without_locks = without_locks;
  std::string diagnostics;
  std::unique_ptr<PlayGame> game = PlayGame::Load(o, &diagnostics);
  REQUIRE(game != nullptr);
  return game;
}

TEST_CASE("PlayGame: the oversell by hand, undo and the hint", "[play]") {
  auto game = Ticket({"clients=2"}, true);
  CHECK_FALSE(game->locks());
  for (int p : {0, 1, 1, 0, 0, 1, 1, 0, 0}) REQUIRE(game->Move(p).empty());
  CHECK_FALSE(game->over());
  PlayGame::Hint h = game->GetHint();
  REQUIRE(h.here.kind == Continuation::Kind::kFound);
  CHECK(h.here.steps == std::vector<int32_t>{1});
  CHECK(game->Move(1).empty());
  CHECK(game->over());
  CHECK(game->Move(0).rfind("the game is over", 0) == 0);
  CHECK(game->ShortestCounterexample() == 10);
  std::string screen = RenderPlayScreen(*game, {});
  std::replace(screen.begin(), screen.end(), '\n', ' ');
  CHECK(screen.find("based on its stale read") != std::string::npos);
  CHECK(screen.find("You needed 10 steps; the checker's counterexample has 10.") !=
        std::string::npos);
  CHECK(game->Undo());
  CHECK_FALSE(game->over());
  CHECK(game->schedule().size() == 9);
}

TEST_CASE("play's goal line: the model's own words for its property, params filled in", "[play]") {
  // models/ticket.yaml: goal "make {tickets + 1} clients buy, with only {tickets} to sell".
  auto one = Ticket({"clients=2"}, false);
  CHECK(one->system().properties()[0].goal == "make 2 clients buy, with only 1 to sell");
  std::string screen = RenderPlayScreen(*one, {});
  CHECK(screen.find("goal: make 2 clients buy, with only 1 to sell (breaks the invariant "
                    "'no_oversell': sold <= tickets)") != std::string::npos);
  auto three = Ticket({"clients=4", "tickets=3"}, false);
  CHECK(RenderPlayScreen(*three, {}).find("goal: make 4 clients buy, with only 3 to sell") !=
        std::string::npos);
  // A model without a goal: the property named, as before.
  PlayOptions o;
  o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/counter.yaml", {}, {}, {}};
  std::string diagnostics;
  std::unique_ptr<PlayGame> counter = PlayGame::Load(o, &diagnostics);
  REQUIRE(counter != nullptr);
  CHECK(RenderPlayScreen(*counter, {}).find("goal: make the final property") != std::string::npos);
}

TEST_CASE("PlayGame: with the lock, the player cannot oversell", "[play]") {
  auto game = Ticket({"clients=2"}, false);
  CHECK(game->locks());
  for (int p : {0, 0, 0}) REQUIRE(game->Move(p).empty());  // client#0 holds the lock
  CHECK(game->Move(1).empty());
  CHECK(game->Move(1).empty());
  CHECK(game->Move(1).find("waits for 'lock', held by client#0") != std::string::npos);
  PlayGame::Hint h = game->GetHint();
  CHECK(h.here.kind == Continuation::Kind::kNone);
  REQUIRE(h.without_locks.has_value());
  CHECK(h.without_locks->kind == Continuation::Kind::kFound);
  CHECK(DescribeHint(*game, h).find("the lock prevents it") != std::string::npos);
  // Off and on again: every move runs without locks; back with them, they all run too.
  CHECK(game->ToggleLocks() == 0);
  CHECK_FALSE(game->locks());
  CHECK(game->ToggleLocks() == 0);
  CHECK(game->schedule().size() == 5);
}

TEST_CASE("PlayGame: switching the lock on drops the moves that cannot run", "[play]") {
  auto game = Ticket({"clients=2"}, true);
  for (int p : {0, 1, 1, 0, 0, 1}) REQUIRE(game->Move(p).empty());
  // With the lock, `acquire` is a step of its own: the entries are client#0's read, client#1's
  // read and print, client#0's print and acquire, and then client#1's acquire, which waits for
  // client#0: the last entry is dropped.
  CHECK(game->ToggleLocks() == 1);
  CHECK(game->schedule() == std::vector<int32_t>{0, 1, 1, 0, 0});
}

TEST_CASE("PlayGame in Chinese: the screen, the answers and a free lock", "[play]") {
  PlayOptions o;
  o.model = {std::string(RACECHECK_SOURCE_DIR) + "/models/ticket.yaml", {"clients=2"}, {}, {}};
  o.model.lang = Lang::kZh;
  std::string diagnostics;
  std::unique_ptr<PlayGame> game = PlayGame::Load(o, &diagnostics);
  REQUIRE(game != nullptr);
  std::string screen = RenderPlayScreen(*game, {});
  for (const char* text :
       {"按原样（有锁）", "目标：", "，或者死锁", "共享变量：count=1 sold=0 lock=空闲",
        "已走步数：0", "可以走", "（还没有走任何一步：按一个进程的键）",
        "按键：进程的键让它走一步 · u 撤销 · r 重来 · l 开关锁 · h 提示 · q 退出"}) {
    INFO(text);
    CHECK(screen.find(text) != std::string::npos);
  }
  for (const char* text : {"shared:", "steps taken", "can move", "keys:", "as written", "free"}) {
    INFO(text);
    CHECK(screen.find(text) == std::string::npos);
  }
  for (int p : {0, 0, 0}) REQUIRE(game->Move(p).empty());
  CHECK(game->Move(1).empty());
  CHECK(game->Move(1).empty());
  CHECK(game->Move(1) == "client#1：在等 'lock'，它被 client#0 持有（第 31 行 'acquire: lock'）");
  CHECK(game->Move(7) == "没有这个进程");
  const PlayGame::Hint h = game->GetHint();
  CHECK(DescribeHint(*game, h).rfind("提示：从这里出发，无法到达任何违反 — 是锁阻止了它", 0) == 0);
}

TEST_CASE("ShownProcesses folds the instances that have not moved", "[play]") {
  auto game = Ticket({"clients=100"}, false);
  std::vector<ShownProcess> shown = ShownProcesses(*game);
  REQUIRE(shown.size() == 1);
  CHECK(shown[0].hidden_like == 99);
  CHECK(shown[0].key == '1');
  REQUIRE(game->Move(0).empty());
  shown = ShownProcesses(*game);
  REQUIRE(shown.size() == 2);
  CHECK(shown[1].process == 1);
  CHECK(shown[1].hidden_like == 98);
  auto small = Ticket({"clients=3"}, false);
  CHECK(ShownProcesses(*small).size() == 3);
}

}  // namespace
}  // namespace racecheck
