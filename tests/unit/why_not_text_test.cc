// Why a count was not worked out (engine/count/why_not.h), told by the report
// (engine/report/why_not_text.h): in English word for word as the engine used to write it (the
// JSON "skipped" and "not_computed" fields and the English report keep their text), and in
// Chinese with no English left in it (issue 13: a Chinese report once read "信号量去掉了什么：
// 没有计数，原因：the model uses semaphores。"). Also the reports themselves: pool.yaml's
// semaphores, and counts and a least time skipped at a bound.
#include "engine/report/why_not_text.h"

#include <catch2/catch.hpp>
#include <regex>
#include <string>
#include <vector>

#include "engine/check/check.h"
#include "engine/report/check_report.h"

namespace racecheck {
namespace {

std::string Path(const std::string& rel) { return std::string(RACECHECK_SOURCE_DIR) + "/" + rel; }

struct Case {
  WhyNot why;
  const char* english;  // as the engine wrote it before CountStop (lock_effect.cc, ...)
};

std::vector<Case> Cases() {
  return {
      {{.stop = CountStop::kInterrupted}, "interrupted"},
      {{.stop = CountStop::kOutOfMemory}, "it ran out of memory"},
      {{.stop = CountStop::kStates, .bound = 10'000'000}, "it has more than 10,000,000 states"},
      {{.stop = CountStop::kLocalStates, .bound = 16383},
       "its processes have more than 16,383 local states"},
      {{.stop = CountStop::kClassSize, .bound = 16383},
       "it has more than 16,383 identical processes of one kind"},
      {{.stop = CountStop::kNoSleeps}, "the model has no sleeps"},
      {{.stop = CountStop::kNoneFinishes}, "no schedule finishes (each one gets stuck)"},
      {{.stop = CountStop::kTimedStates, .bound = 10}, "it has more than 10 timed states"},
      {{.stop = CountStop::kBusyWait},
       "a process can loop without sleeping (a busy wait), and the model says nothing about how "
       "long that takes"},
      {{.stop = CountStop::kSemaphores}, "the model uses semaphores"},
      {{.stop = CountStop::kAcquireThenEnd, .process = "worker"},
       "in 'worker', an acquire is followed by the end of the process with no other step in "
       "between"},
      {{.stop = CountStop::kReleaseAfterAcquire, .process = "worker", .line = 12},
       "in 'worker', the release at line 12 follows an acquire with no other step in between"},
      {{.stop = CountStop::kLockFreeInfinite},
       "the model without its locks has infinitely many schedules"},
      {{.stop = CountStop::kLockFreeNotCounted}, "the model without its locks was not counted"},
      {{.stop = CountStop::kLockedInfinite},
       "the model with its locks has infinitely many schedules"},
      // The graph of the model with its locks stopped: the old "the model with its locks " +
      // the graph's reason, word for word.
      {{.stop = CountStop::kInterrupted, .with_locks = true},
       "the model with its locks interrupted"},
      {{.stop = CountStop::kStates, .bound = 600'000, .with_locks = true},
       "the model with its locks it has more than 600,000 states"},
  };
}

// Runs of Latin letters in `text`, but the model's own words a Chinese text keeps: keywords
// (sleep, acquire, release) and the process's name.
std::vector<std::string> EnglishWords(const std::string& text, const std::string& process) {
  static const std::regex kWord("[A-Za-z]+");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kWord);
       it != std::sregex_iterator(); ++it) {
    const std::string w = it->str();
    if (w != "sleep" && w != "acquire" && w != "release" && w != process) out.push_back(w);
  }
  return out;
}

TEST_CASE("WhyNotText: English as the engine wrote it, Chinese with no English", "[why_not]") {
  CHECK(WhyNotText(WhyNot{}, Lang::kEn).empty());
  CHECK(WhyNotText(WhyNot{}, Lang::kZh).empty());
  for (const Case& c : Cases()) {
    INFO(c.english);
    CHECK(WhyNotText(c.why, Lang::kEn) == c.english);
    const std::string zh = WhyNotText(c.why, Lang::kZh);
    CHECK_FALSE(zh.empty());
    CHECK(EnglishWords(zh, c.why.process).empty());
  }
  CHECK(WhyNotText({.stop = CountStop::kSemaphores}, Lang::kZh) == "模型用了信号量");
  CHECK(WhyNotText({.stop = CountStop::kStates, .bound = 600'000, .with_locks = true}, Lang::kZh) ==
        "有锁的模型中，状态超过 600,000 个");
  CHECK(WhyNotText({.stop = CountStop::kReleaseAfterAcquire, .process = "worker", .line = 12},
                   Lang::kZh)
            .find("第 12 行") != std::string::npos);
}

TEST_CASE("WhyNotText: pool.yaml's Chinese report says why its semaphores are not counted",
          "[why_not]") {
  CheckOptions o;
  o.model = {Path("models/pool.yaml"), {}, {}, {}};
  o.explore.threads = 1;
  const CheckResult en = Check(o);
  CHECK(en.lock_effect.not_computed.stop == CountStop::kSemaphores);
  CHECK(RenderCheckText(en).find(
            "what the semaphore removes: not counted, because the model uses semaphores.") !=
        std::string::npos);
  o.model.lang = Lang::kZh;
  const CheckResult zh_result = Check(o);
  const std::string zh = RenderCheckText(zh_result);
  CHECK(zh.find("信号量去掉了什么：没有计数，原因：模型用了信号量。") != std::string::npos);
  CHECK(zh.find("the model uses semaphores") == std::string::npos);
  // JSON speaks English whatever the report's language.
  CHECK(RenderCheckJson(zh_result)["lock_effect"]["not_computed"] == "the model uses semaphores");
}

TEST_CASE("WhyNotText: counts and a least time skipped at the bound, in Chinese", "[why_not]") {
  CheckOptions o;
  o.model = {Path("models/ticket.yaml"), {"clients=3"}, {}, {}};
  o.explore.threads = 1;
  o.counts.steps = CountSteps::kEvery;
  o.counts.max_states = 10;
  const CheckResult en = Check(o);
  REQUIRE(en.variants.size() == 2);
  CHECK(en.variants[0].counts.skipped.stop == CountStop::kStates);
  CHECK(en.variants[0].time.not_computed.stop == CountStop::kTimedStates);
  const std::string en_text = RenderCheckText(en);
  CHECK(en_text.find("not counted, because it has more than 10 states.") != std::string::npos);
  CHECK(en_text.find("not worked out, because it has more than 10 timed states.") !=
        std::string::npos);
  const nlohmann::json json = RenderCheckJson(en);
  CHECK(json["variants"][0]["schedules"]["skipped"] == "it has more than 10 states");
  CHECK(json["variants"][0]["time"]["not_computed"] == "it has more than 10 timed states");

  o.model.lang = Lang::kZh;
  const std::string zh = RenderCheckText(Check(o));
  CHECK(zh.find("没有计数，原因：状态超过 10 个。") != std::string::npos);
  CHECK(zh.find("没有算出，原因：带时间的状态超过 10 个。") != std::string::npos);
  for (const char* english : {"it has more than", "timed states", "because"}) {
    INFO(english);
    CHECK(zh.find(english) == std::string::npos);
  }
}

TEST_CASE("SearchStopText: why a search stopped, in English as it was written, in Chinese too",
          "[why_not]") {
  // The English texts are the ones the explorer wrote before SearchStop, word for word (the
  // JSON "incomplete_reason" keeps them).
  const struct {
    SearchStop why;
    const char* english;
  } cases[] = {
      {{.kind = SearchStop::Kind::kInterrupted}, "interrupted"},
      {{.kind = SearchStop::Kind::kMaxStates, .bound = 1000}, "reached --max-states 1000"},
      {{.kind = SearchStop::Kind::kMaxMemory, .in_use = 512},
       "reached --max-memory (512 MiB in use)"},
      {{.kind = SearchStop::Kind::kDefaultMemory,
        .bound = 4096,
        .in_use = 4000,
        .detail = "half of the machine's memory"},
       "reached the default memory bound: 4000 of 4096 MiB in use (half of the machine's "
       "memory)"},
      {{.kind = SearchStop::Kind::kOutOfMemory, .detail = "mmap of 16.0 MiB failed"},
       "out of memory: mmap of 16.0 MiB failed (lower --max-memory to stop earlier, with a "
       "report)"},
  };
  CHECK(SearchStopText(SearchStop{}, Lang::kEn).empty());
  for (const auto& c : cases) {
    INFO(c.english);
    CHECK(SearchStopText(c.why, Lang::kEn) == c.english);
    // In Chinese: no English but the flags' names and the engine's own detail text.
    std::string zh = SearchStopText(c.why, Lang::kZh);
    for (const std::string& keep : {c.why.detail, std::string("--max-states"),
                                    std::string("--max-memory"), std::string("MiB")}) {
      for (size_t at; !keep.empty() && (at = zh.find(keep)) != std::string::npos;) {
        zh.erase(at, keep.size());
      }
    }
    CHECK(EnglishWords(zh, "").empty());
  }
  // The report: the search cell of a Chinese report, the JSON in English.
  CheckOptions o;
  o.model = {Path("models/ticket.yaml"), {"clients=8"}, {}, {}, Lang::kZh};
  o.explore.threads = 1;
  o.explore.max_states = 1000;
  o.reductions.symmetry = false;
  o.reductions.partial_order = false;
  o.local_reduction = false;
  const CheckResult r = Check(o);
  REQUIRE(r.variants.size() == 2);
  CHECK(r.variants[0].result.incomplete.kind == SearchStop::Kind::kMaxStates);
  CHECK(RenderCheckText(r).find("已停止：达到了 --max-states 1000") != std::string::npos);
  CHECK(RenderCheckJson(r)["variants"][0]["incomplete_reason"] == "reached --max-states 1000");
}

}  // namespace
}  // namespace racecheck
