// `--lang` and RACECHECK_LANG (issue 13, item 4): golden reports in English and Chinese for every
// shipped model (tests/golden/cli/, tests/golden/zh/), the choice between the flag and the
// variable, clear errors for a language that does not exist, and JSON that does not depend on
// the language. The alignment of tables by display width is checked independently, by Python's
// unicodedata, in tests/golden/zh/check_widths.py (ctest: zh_table_widths).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/racecheck_cli.h"

namespace {

using racecheck::testing::Binary;
using racecheck::testing::CliResult;
using racecheck::testing::Racecheck;
using racecheck::testing::Shell;
using racecheck::testing::Slurp;

std::string GoldenPath(const std::string& rel) {
  return std::string(RACECHECK_SOURCE_DIR) + "/tests/golden/" + rel;
}

// As cli_test.cc's CheckGolden: RACECHECK_UPDATE_GOLDEN=1 rewrites a golden that differs and
// fails, so that every update is reviewed.
void CheckGolden(const std::string& rel, const std::string& actual) {
  const std::string expected = Slurp(GoldenPath(rel));
  const char* update = std::getenv("RACECHECK_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1" && actual != expected) {
    std::ofstream out(GoldenPath(rel), std::ios::binary);
    out << actual;
    out.close();
    REQUIRE(out.good());
    FAIL("golden updated: " << GoldenPath(rel) << "; review the diff and re-run");
  }
  CHECK(actual == expected);
}

struct GoldenCase {
  const char* args;
  const char* golden;
};

// Every shipped model in both languages; models/zh/ticket.yaml prints Chinese in its table
// cells, so its English report is a table with wide characters under English headings.
const GoldenCase kGoldens[] = {
    {"models/print_race.yaml", "cli/print_race.txt"},
    {"models/pool.yaml", "cli/pool.txt"},
    {"models/deadlock.yaml", "cli/deadlock.txt"},
    {"models/counter.yaml", "cli/counter.txt"},
    {"models/zh/ticket.yaml", "cli/zh_ticket.txt"},
    {"models/ticket.yaml --lang zh", "zh/ticket.txt"},
    {"models/print_race.yaml --lang zh", "zh/print_race.txt"},
    {"models/pool.yaml --lang zh", "zh/pool.txt"},
    {"models/deadlock.yaml --lang zh", "zh/deadlock.txt"},
    {"models/counter.yaml --lang zh", "zh/counter.txt"},
    {"models/zh/ticket.yaml --lang zh", "zh/zh_ticket.txt"},
    {"models/zh/ticket.yaml --lang zh --set clients=3 --set tickets=2 --all",
     "zh/zh_ticket_all.txt"},
    {"replay models/zh/ticket.yaml --lang zh --without-locks --schedule "
     "'client#0 client#0 client#0 client#0 client#1 client#1 client#1 client#0 client#1 client#1'",
     "zh/zh_ticket_replay.txt"},
    {"replay models/zh/ticket.yaml --lang zh --schedule "
     "'client#0 client#0 client#0 client#1 client#1 client#1'",
     "zh/zh_ticket_blocked.txt"},
    // racecheck play's screens, moves read from a file (the game ends at the oversell).
    {"play models/zh/ticket.yaml --lang zh --set clients=2 --without-locks "
     "< tests/golden/zh/zh_play_moves.txt",
     "zh/zh_play.txt"},
};

TEST_CASE("golden reports in English and Chinese", "[cli][lang]") {
  for (const GoldenCase& c : kGoldens) {
    INFO(c.args);
    const CliResult r = Racecheck(c.args);
    // Only the blocked replay has an error (in Chinese on stderr, after "racecheck: error: ").
    CHECK(r.err.empty() == (std::string(c.golden).find("blocked") == std::string::npos));
    if (!r.err.empty())
      CHECK(r.err.find("racecheck: error: 第 6 步：'client#1' 不能运行：在等 'lock'") == 0);
    CheckGolden(c.golden, r.out);
  }
}

TEST_CASE("a Chinese lesson with --lang zh, and English by default", "[cli][lang]") {
  const CliResult zh = Racecheck("models/zh/ticket.yaml --lang zh");
  CHECK(zh.exit_code == 0);
  for (const char* text :
       {"模型：ticket", "判定", "结论：有锁时模型成立", "发生了什么：", "打印 \"剩余票数1\"",
        "如果有锁，client#0 会在第 4 步之后在 'acquire: lock'（第 30 行）处等待",
        "锁 'lock' 是必需的。",
        // The paragraphs under the table: the counts too long to print, why the shared steps
        // were counted, what the lock removes, and its price in time.
        "精确计数：超过 80 位的见 JSON 报告", "调度数：这里只计共享步骤，因为逐步计数时“去掉锁”",
        "锁去掉了什么：", "锁允许其中", "没有禁止无害的顺序。",
        "用时：有锁时，100 个 'client' 进程至少需要 10.2 s；没有锁时需要 0.3 s。"}) {
    INFO(text);
    CHECK(zh.out.find(text) != std::string::npos);
  }
  // Huge counts as Chinese writes them: 2.0×10⁵⁰³, the exponent in superscript digits (the
  // figures are those of tests/golden/cli/ticket.md; English says "about 2.0 x 10^503").
  // In a sentence no space parts 约 from the character before it, as between any two Chinese
  // characters; a space parts a number from the characters around it ("有 840 种").
  for (const char* text : {"约 2.0×10⁵⁰³（仅 3.6×10¹⁵⁷ 分之 1 除外）", "有约 2.0×10⁵⁰³ 种",
                           "允许其中约 5.5×10³⁴⁵ 种"}) {
    INFO(text);
    CHECK(zh.out.find(text) != std::string::npos);
  }
  CHECK(zh.out.find("有 约") == std::string::npos);
  CHECK(zh.out.find("其中 约") == std::string::npos);
  CHECK(zh.out.find("x 10^") == std::string::npos);
  // None of the English paragraph heads is left.
  for (const char* text : {"exact counts:", "schedules: these count", "what the lock removes",
                           "time: with", "they take turns"}) {
    INFO(text);
    CHECK(zh.out.find(text) == std::string::npos);
  }
  const CliResult en = Racecheck("models/zh/ticket.yaml");
  CHECK(en.exit_code == 0);
  CHECK(en.out.find("about 2.0 x 10^503 (all but 1 in 3.6 x 10^157)") != std::string::npos);
  CHECK(en.out.find("what happened:") != std::string::npos);
  CHECK(en.out.find("发生了什么") == std::string::npos);
  CHECK(Racecheck("models/zh/ticket.yaml --lang en").out == en.out);
}

TEST_CASE("the engine's own properties are named in Chinese, the model's own as written",
          "[cli][lang]") {
  // deadlock.yaml: the model as written deadlocks (the built-in property 'deadlock').
  CliResult r = Racecheck("models/deadlock.yaml --lang zh --all");
  CHECK(r.exit_code == 1);
  for (const char* text : {"  判定               违反：死锁", "死锁：21 个状态中的 1 个",
                           "\n    违反 死锁   ", "== 按原样：死锁（有进程还没结束"}) {
    INFO(text);
    CHECK(r.out.find(text) != std::string::npos);
  }
  // The engine's name is left only where it is the model's name, in its path, and in the
  // command that replays the counterexample (`--property` takes the engine's name).
  std::string rest = r.out;
  for (const char* own :
       {"模型：deadlock（models/deadlock.yaml）", "models/deadlock.yaml", "--property deadlock "}) {
    for (size_t at; (at = rest.find(own)) != std::string::npos;) rest.erase(at, strlen(own));
  }
  CHECK(rest.find("deadlock") == std::string::npos);
  // An assert is named by its line (tests/models/doc_assert: the assert at line 18 fails).
  r = Racecheck("tests/models/doc_assert/model.yaml --lang zh");
  CHECK(r.exit_code == 1);
  for (const char* text : {"  判定                    违反：第 18 行的断言",
                           "\n    违反 第 18 行的断言   ", "| 违反 '第 18 行的断言'："}) {
    INFO(text);
    CHECK(r.out.find(text) != std::string::npos);
  }
  CHECK(r.out.find("assert at line") == std::string::npos);
  // English keeps the engine's names, and a property the model names is the same in both.
  r = Racecheck("tests/models/doc_assert/model.yaml");
  CHECK(r.out.find("VIOLATED: assert at line 18") != std::string::npos);
  CHECK(r.out.find("violates 'assert at line 18'") != std::string::npos);
  CHECK(Racecheck("models/zh/ticket.yaml --lang zh").out.find("违反：no_oversell") !=
        std::string::npos);
}

// `text` without its spaces and line breaks: a text wrapped in a table cell or a paragraph is
// found whatever its breaks.
std::string Squashed(std::string text) {
  std::erase_if(text, [](char c) { return c == ' ' || c == '\n'; });
  return text;
}

TEST_CASE("why a step violates a property is told in Chinese, in the table and after it",
          "[cli][lang]") {
  struct Case {
    const char* model;    // under tests/models/
    const char* english;  // the detail in English
    const char* chinese;  // and in Chinese
  };
  const Case cases[] = {
      {"doc_assert", "assertion 'b != 1' is false", "断言 'b != 1' 为假"},
      {"doc_lock_misuse", "sloppy#0 releases 'lock', which is not held",
       "sloppy#0 释放了 'lock'，可没有人持有它"},
      {"doc_overflow", "arithmetic overflow in 'x = (big * factor) / big'",
       "'x = (big * factor) / big' 中的算术运算溢出"},
      {"doc_div_zero", "division by zero in 'share = 100 / people'",
       "'share = 100 / people' 中除以零"},
      {"doc_array_index", "index 2 out of range in 'a[i] = 1'", "'a[i] = 1' 中的下标 2 越界"},
      {"doc_semaphore_max", "semaphore 'tokens' released above its max 1",
       "信号量 'tokens' 被释放后超过了它的上限 1"},
      {"doc_default_range", "'small' would become 32768, outside its range",
       "'small' 会变成 32768，超出它的范围"},
  };
  for (const Case& c : cases) {
    INFO(c.model);
    const std::string model = std::string("tests/models/") + c.model + "/model.yaml";
    const CliResult en = Racecheck(model);
    CHECK(en.exit_code == 1);
    const CliResult zh = Racecheck(model + " --lang zh");
    CHECK(zh.exit_code == 1);
    const std::string english = Squashed(c.english), chinese = Squashed(c.chinese);
    CHECK(Squashed(en.out).find(english) != std::string::npos);
    CHECK(Squashed(en.out).find(chinese) == std::string::npos);
    // In the step's cell ("违反 '...'：") and in the line after the table ("违反：...——").
    const std::string out = Squashed(zh.out);
    const size_t first = out.find(chinese);
    CHECK(first != std::string::npos);
    CHECK(out.find(chinese, first + 1) != std::string::npos);
    CHECK(out.find(english) == std::string::npos);
    // The replay the report suggests (its last line) says it in Chinese too.
    const std::string head = "重放：racecheck replay ";
    const size_t at = zh.out.rfind(head);
    REQUIRE(at != std::string::npos);
    const std::string args =
        zh.out.substr(at + head.size(), zh.out.find('\n', at) - at - head.size());
    const CliResult replay = Racecheck("replay " + args);
    CHECK(replay.exit_code == 1);
    CHECK(Squashed(replay.out).find(chinese) != std::string::npos);
    CHECK(Squashed(replay.out).find(english) == std::string::npos);
  }
  // JSON's `detail` is English whatever the language (docs/cli.md, "Languages").
  const std::string json =
      Racecheck("tests/models/doc_assert/model.yaml --format json --lang zh").out;
  CHECK(json.find("assertion 'b != 1' is false") != std::string::npos);
  CHECK(json.find("为假") == std::string::npos);
}

TEST_CASE("the errors of a command are in Chinese with --lang zh, after an English prefix",
          "[cli][lang]") {
  struct Case {
    const char* args;
    const char* english;
    const char* chinese;
  };
  const Case cases[] = {
      {"models/ticket.yaml --format dot --outcomes",
       "--outcomes is not drawn in a state graph (--format dot)",
       "状态图（--format dot）里不画 --outcomes"},
      {"models/ticket.yaml --count-states 0 --outcomes",
       "--outcomes needs the counting pass, which --count-states 0 turns off",
       "--outcomes 要用到计数，而 --count-states 0 关掉了计数"},
      {"models/ticket.yaml --format dot --strategy dfs",
       "the state graph is drawn from the breadth-first search with every state stored; it "
       "cannot be drawn with --strategy dfs",
       "状态图是由存下每个状态的广度优先搜索画出来的；不能和 --strategy dfs 一起用"},
      {"models/ticket.yaml --format dot",
       "the state graph of 'as written' has more than 2,000 states, more than a drawing can "
       "show; draw a smaller instance (e.g. --set clients=2) or use --format text",
       "“按原样”的状态图超过 2,000 个状态，画不下；请画一个更小的实例（例如 --set "
       "clients=2），或者用 --format text"},
      {"models/ticket.yaml --max-memory 12X",
       "--max-memory expects a size such as 512M or 4G, found '12X'",
       "--max-memory 需要一个大小，例如 512M 或 4G，而这里是 '12X'"},
      {"models/ticket.yaml --outcomes-of nope",
       "no shared variable 'nope' (the shared variables: count, sold)",
       "没有共享变量 'nope'（共享变量有：count、sold）"},
      {"models/ticket.yaml --strategy dfs --fingerprint",
       "--fingerprint works only with --strategy bfs",
       "--fingerprint 只能和 --strategy bfs 一起用"},
      {"models/ticket.yaml --strategy dfs --threads 2",
       "--threads 2 works only with --strategy bfs", "--threads 2 只能和 --strategy bfs 一起用"},
      {"models/ticket.yaml --fingerprint --threads 2",
       "--threads 2 works only without --fingerprint (the fingerprint search runs on one thread)",
       "--threads 2 不能和 --fingerprint 一起用（指纹搜索只用一个线程）"},
      {"run models/ticket.yaml --max-processes 2",
       "the model has 100 processes; real mode runs at most 2 per trial (--max-processes)",
       "模型有 100 个进程；真实模式每次试验最多运行 2 个（--max-processes）"},
      {"run models/ticket.yaml --schedule client#0 --counterexample",
       "--schedule and --counterexample exclude each other",
       "--schedule 和 --counterexample 不能同时使用"},
      {"run models/ticket.yaml --schedule 'client#0 clinet#1'",
       "unknown process 'clinet#1' (entry 2 of the schedule); did you mean 'client#1'?",
       "未知的进程 'clinet#1'（调度的第 2 项）；是不是想写 'client#1'？"},
      {"run models/deadlock.yaml --schedule 'left#0 left#0 left#0 left#0 left#0 left#0 left#0'",
       "step 6: 'left#0' cannot run: it has finished", "第 6 步：'left#0' 不能运行：已经结束"},
      {"replay models/ticket.yaml --schedule client#0 --property nope",
       "the model has no property 'nope'", "模型中没有性质 'nope'"},
      {"replay models/ticket.yaml --schedule ''",
       "empty schedule; expected process names separated by spaces, such as 'client#0 client#1'",
       "调度是空的；应当是用空格分开的进程名，例如 'client#0 client#1'"},
      {"replay models/ticket.yaml --schedule clinet#0",
       "unknown process 'clinet#0'; did you mean 'client#0'?",
       "未知的进程 'clinet#0'；是不是想写 'client#0'？"},
      // A model real mode cannot run (runner/store.cc), written by the test below.
      {"run /tmp/racecheck_lang_test_many.yaml",
       "real mode supports at most 16 shared variables and 16 ghost variables",
       "真实模式最多支持 16 个共享变量和 16 个幽灵变量"},
      {"run /tmp/racecheck_lang_test_index.yaml",
       "real mode cannot run line 6 ('acquire: fork[holder(fork[1]) % 2]'): a lock or semaphore "
       "chosen by an index that reads a lock's or semaphore's state (held, holder, value) is not "
       "supported by the real-process runner; check the model with 'racecheck check'",
       "真实模式无法运行第 6 行（'acquire: fork[holder(fork[1]) % 2]'）：真实进程运行器不支持用读取"
       "锁或信号量状态（held、holder、value）的下标来选择锁或信号量；请用 'racecheck check' "
       "检查这个模型"},
      {"run models/ticket.yaml --set clients=2 --store memory --fault-torn-pause 0.1",
       "the torn-write fault needs the in-place file store",
       "写到一半的故障需要就地文件存储（in-place file store）"},
  };
  {
    std::ofstream many("/tmp/racecheck_lang_test_many.yaml");
    many << "model: many\nshared:\n";
    for (int i = 0; i < 17; ++i) many << "  v" << i << ": {init: 0, range: [0, 1]}\n";
    many << "processes:\n  p:\n    steps:\n      - v0 = 1\n";
    std::ofstream index("/tmp/racecheck_lang_test_index.yaml");
    index << "model: index\nlocks: {fork: 2}\nprocesses:\n  p:\n    steps:\n"
             "      - acquire: fork[holder(fork[1]) % 2]\n      - release: fork[0]\n";
  }
  for (const Case& c : cases) {
    INFO(c.args);
    const CliResult en = Racecheck(c.args);
    CHECK(en.exit_code == 2);
    CHECK(en.err == std::string("racecheck: error: ") + c.english + "\n");
    const CliResult zh = Racecheck(std::string(c.args) + " --lang zh");
    CHECK(zh.exit_code == 2);
    CHECK(zh.err == std::string("racecheck: error: ") + c.chinese + "\n");
    // The error document carries the message as printed (docs/cli.md, "Languages").
    if (std::string(c.args).find("--format") != std::string::npos) continue;
    const CliResult doc = Racecheck(std::string(c.args) + " --lang zh --format json");
    CHECK(nlohmann::json::parse(doc.out)["error"] == c.chinese);
  }
}

TEST_CASE("a negative power of ten in Chinese, and a count's parts in Chinese punctuation",
          "[cli][lang]") {
  // count_spin loops: its chances come from an absorbing Markov chain solved to within 10^-14.
  const CliResult spin = Racecheck("tests/models/count_spin/model.yaml --lang zh");
  CHECK(spin.out.find("误差不超过 1.0×10⁻¹⁴。") != std::string::npos);
  CHECK(Racecheck("tests/models/count_spin/model.yaml").out.find("within 1.0 x 10^-14.") !=
        std::string::npos);
  // deadlock.yaml as written: 6 schedules, 4 complete and 2 stuck (tests/models/count_deadlock
  // derives the same figures by hand), 2 of the 6 deadlocked.
  const CliResult dl = Racecheck("models/deadlock.yaml --lang zh");
  CHECK(dl.out.find("6（4 个完成，2 个卡住）") != std::string::npos);
  CHECK(dl.out.find("2（33.3%）") != std::string::npos);
  CHECK(Racecheck("models/deadlock.yaml").out.find("6 (4 complete, 2 stuck)") != std::string::npos);
}

TEST_CASE("the conclusion names what the check removed: a lock, a semaphore, or several together",
          "[cli][lang]") {
  // The variant without locks drops every lock and semaphore at once. With one, its verdict
  // shows that this one is needed; with several, only that they are needed together.
  struct Case {
    const char* model;
    const char* en;
    const char* zh;
  };
  const Case cases[] = {
      // pool.yaml: one semaphore; 4 workers would share 2 connections without it.
      {"models/pool.yaml",
       "conclusion: the model holds with its semaphore (N states explored) and is violated "
       "without it. The semaphore 'pool' is needed.\n",
       "结论：有信号量时模型成立（探索了 N 个状态）；去掉信号量就会出错。信号量 'pool' 是必需的。"
       "\n"},
      // buffer.yaml: the lock 'mutex' and the semaphores 'empty' and 'full'.
      {"models/buffer.yaml",
       "conclusion: the model holds with its locks and semaphores (N states explored) and is "
       "violated without them. Together they are needed: the check removed 'mutex', 'empty' and "
       "'full' all at once, which does not show that each one is (to test one, remove only it "
       "in a copy of the model).\n",
       "结论：有锁和信号量时模型成立（探索了 N "
       "个状态）；去掉锁和信号量就会出错。它们合起来是必需的："
       "这次检查把 'mutex'、'empty'和'full' "
       "一起去掉了，这并不说明每一个都是必需的（要检验其中一个，"
       "可以在模型的副本里只去掉它）。\n"},
      // doc_semaphore_max: releasing past the semaphore's maximum fails; without it, nothing does.
      {"tests/models/doc_semaphore_max/model.yaml",
       "conclusion: the model as written is violated, and without its semaphore it holds: the "
       "semaphore itself causes the failure.\n",
       "结论：按原样的模型出错，去掉信号量反而成立：正是信号量本身导致了失败。\n"},
      // por_locked: one lock, and the model holds without it too.
      {"tests/models/por_locked/model.yaml",
       "conclusion: the model holds with its lock and without it: for these properties the lock "
       "is not needed.\n",
       "结论：有锁和去掉锁，模型都成立：对这些性质来说，锁不是必需的。\n"},
  };
  // The number of states explored is the search's (N here): the words are what is tested.
  auto conclusion = [](const std::string& out, const std::string& head) {
    std::string line = out.substr(out.rfind("\n" + head) + 1);
    line = std::regex_replace(line, std::regex("\\([0-9,]+ states explored\\)"),
                              "(N states explored)");
    return std::regex_replace(line, std::regex("探索了 [0-9,]+ 个状态"), "探索了 N 个状态");
  };
  for (const Case& c : cases) {
    INFO(c.model);
    CHECK(conclusion(Racecheck(c.model).out, "conclusion: ") == c.en);
    CHECK(conclusion(Racecheck(std::string(c.model) + " --lang zh").out, "结论：") == c.zh);
  }
  // Semaphores are not called locks in the conclusion.
  CHECK(Racecheck("models/pool.yaml").out.find("its locks") == std::string::npos);
}

TEST_CASE("RACECHECK_LANG chooses the language, and --lang wins over it", "[cli][lang]") {
  const std::string zh = Racecheck("models/pool.yaml --lang zh").out;
  const std::string en = Racecheck("models/pool.yaml").out;
  REQUIRE(zh != en);
  CHECK(Shell("RACECHECK_LANG=zh " + Binary() + " models/pool.yaml").out == zh);
  CHECK(Shell("RACECHECK_LANG=zh_CN.UTF-8 " + Binary() + " models/pool.yaml").out == zh);
  CHECK(Shell("RACECHECK_LANG=zh " + Binary() + " models/pool.yaml --lang en").out == en);
  CHECK(Shell("RACECHECK_LANG=en " + Binary() + " models/pool.yaml").out == en);
  CHECK(Shell("RACECHECK_LANG= " + Binary() + " models/pool.yaml").out == en);
  // replay and run take it too.
  CHECK(Shell("RACECHECK_LANG=zh " + Binary() +
              " replay models/pool.yaml --without-locks --schedule 'worker#0 worker#1 worker#2'")
            .out.find("发生了什么：") != std::string::npos);
}

TEST_CASE("a language that does not exist is a usage error that lists the choices", "[cli][lang]") {
  CliResult r = Racecheck("models/pool.yaml --lang fr");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("racecheck: error: --lang: expected one of en, zh, found 'fr'") !=
        std::string::npos);
  r = Racecheck("models/pool.yaml --lang ''");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("expected one of en, zh, found ''") != std::string::npos);
  r = Shell("RACECHECK_LANG=klingon " + Binary() + " models/pool.yaml");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("racecheck: error: RACECHECK_LANG: expected one of en, zh, found 'klingon'") !=
        std::string::npos);
  // The command line wins over a bad variable.
  CHECK(Shell("RACECHECK_LANG=klingon " + Binary() + " models/pool.yaml --lang en").exit_code == 0);
  // With --format json, the error is also a JSON document on stdout.
  r = Racecheck("models/pool.yaml --lang fr --format json");
  CHECK(r.exit_code == 2);
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  CHECK(doc["format"] == "racecheck-error");
  CHECK(doc["error"].get<std::string>().find("expected one of en, zh") != std::string::npos);
  for (const char* command :
       {"replay models/pool.yaml --schedule '' --lang xx", "run models/pool.yaml --lang xx"}) {
    INFO(command);
    CHECK(Racecheck(command).exit_code == 2);
  }
}

TEST_CASE("JSON is the same in every language", "[cli][lang]") {
  for (const char* model : {"models/ticket.yaml --set clients=3", "models/deadlock.yaml",
                            "models/zh/ticket.yaml --set clients=3"}) {
    INFO(model);
    const std::string en = Racecheck(std::string(model) + " --format json").out;
    CHECK(Racecheck(std::string(model) + " --format json --lang zh").out == en);
    CHECK(Shell("RACECHECK_LANG=zh " + Binary() + " " + model + " --format json").out == en);
    CHECK_NOTHROW(nlohmann::json::parse(en));
  }
}

// The main line and the notes of every diagnostic in Chinese (tests/unit/diag_messages_test.cc
// checks the catalogue); the `file:line:col: error:` prefix, the excerpt and the caret are the
// same as in English.
const GoldenCase kDiagnosticGoldens[] = {
    {"tests/bad_inputs/name_typo.yaml --lang zh", "zh/bad_name_typo.txt"},
    {"tests/bad_inputs/yaml_unclosed_list.yaml --lang zh", "zh/bad_yaml_unclosed_list.txt"},
    {"tests/bad_inputs/type_bool_to_int.yaml --lang zh", "zh/bad_type_bool_to_int.txt"},
    {"tests/bad_inputs/event_typo.yaml --lang zh", "zh/bad_event_typo.txt"},
};

TEST_CASE("diagnostics in Chinese with --lang zh", "[cli][lang]") {
  for (const GoldenCase& c : kDiagnosticGoldens) {
    INFO(c.args);
    const CliResult r = Racecheck(c.args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CheckGolden(c.golden, r.err);
  }
  // RACECHECK_LANG=zh too, and English by default.
  CHECK(Shell("RACECHECK_LANG=zh " + Binary() + " tests/bad_inputs/name_typo.yaml").err ==
        Slurp(GoldenPath("zh/bad_name_typo.txt")));
  CHECK(Racecheck("tests/bad_inputs/name_typo.yaml")
            .err.find("error: unknown name 'cont'; did you mean 'count'?") != std::string::npos);
}

// Whether `text` has a Chinese character (U+4E00..U+9FFF: three UTF-8 bytes, E4..E9 first).
bool HasChinese(const std::string& text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0xE4 && u <= 0xE9) return true;
  }
  return false;
}

TEST_CASE("every bad input's diagnostics are in Chinese with --lang zh, at the same places",
          "[cli][lang]") {
  const std::string dir = std::string(RACECHECK_SOURCE_DIR) + "/tests/bad_inputs/";
  const CliResult ls = Shell("ls " + dir);
  std::vector<std::string> files;
  for (size_t at = 0, end; (end = ls.out.find('\n', at)) != std::string::npos; at = end + 1) {
    files.push_back(ls.out.substr(at, end - at));
  }
  REQUIRE(files.size() > 100);
  int bad = 0;
  for (const std::string& f : files) {
    INFO(f);
    const CliResult en = Racecheck("tests/bad_inputs/" + f);
    const CliResult zh = Racecheck("tests/bad_inputs/" + f + " --lang zh");
    CHECK(zh.exit_code == en.exit_code);
    if (en.exit_code != 2) continue;
    ++bad;
    // Line by line: the same excerpts and carets, the same prefixes, each message in Chinese.
    auto lines = [](const std::string& text) {
      std::vector<std::string> out;
      for (size_t at = 0, end; (end = text.find('\n', at)) != std::string::npos; at = end + 1) {
        out.push_back(text.substr(at, end - at));
      }
      return out;
    };
    const std::vector<std::string> en_lines = lines(en.err);
    const std::vector<std::string> zh_lines = lines(zh.err);
    REQUIRE(en_lines.size() == zh_lines.size());
    for (size_t i = 0; i < en_lines.size(); ++i) {
      const std::string& e = en_lines[i];
      const std::string& z = zh_lines[i];
      for (const char* kind : {": error: ", ": note: "}) {
        const size_t at = e.find(kind);
        if (at == std::string::npos || e[0] == ' ') continue;
        INFO(z);
        CHECK(z.compare(0, at + strlen(kind), e, 0, at + strlen(kind)) == 0);
        CHECK(HasChinese(z.substr(at)));
      }
      if (e.find(": error: ") == std::string::npos && e.find(": note: ") == std::string::npos) {
        // "racecheck: 3 more errors not shown" is a message too; the rest is the model's text.
        if (e.rfind("racecheck: ", 0) == 0) {
          CHECK(HasChinese(z));
        } else {
          CHECK(z == e);
        }
      }
    }
  }
  CHECK(bad > 100);
}

}  // namespace
