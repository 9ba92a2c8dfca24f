// The HTML renderers (engine/report/html_report.h, html_timeline.h) on the results of Check and
// ReplayModel for the shipped models: one timeline per counterexample with one step per schedule
// entry and one lane per process that moved, nothing loaded from the network, the same bytes
// whatever the thread count. The page as a browser shows it is tested by
// tests/browser/html_report_test.py (label: browser).
#include "engine/report/html_report.h"

#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <string>

#include "engine/check/check.h"
#include "engine/check/replay.h"
#include "engine/report/html_timeline.h"
#include "engine/report/render.h"

namespace racecheck {
namespace {

std::string Path(const std::string& rel) { return std::string(RACECHECK_SOURCE_DIR) + "/" + rel; }

CheckResult CheckModel(const std::string& rel, int threads = 1) {
  CheckOptions o;
  o.model = {Path(rel), {}, {}, {}};
  o.explore.threads = threads;
  return Check(o);
}

int Count(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return static_cast<int>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator()));
}

TEST_CASE("HtmlEscape escapes markup and quotes", "[html]") {
  CHECK(HtmlEscape("a<b> & \"c\" 'd'") == "a&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;");
  CHECK(HtmlEscape("count=1 → c=1") == "count=1 → c=1");
}

TEST_CASE("html is a document format for check, replay and run", "[html]") {
  const Renderer* html = FindRenderer("html");
  REQUIRE(html != nullptr);
  CHECK(html->document);
  for (Command c : {Command::kCheck, Command::kReplay, Command::kRun}) {
    const std::vector<std::string> formats = FormatsFor(c);
    CHECK(std::find(formats.begin(), formats.end(), "html") != formats.end());
  }
}

TEST_CASE("RenderCheckHtml: a timeline per counterexample on every shipped model", "[html]") {
  for (const char* model : {"models/counter.yaml", "models/deadlock.yaml", "models/pool.yaml",
                            "models/print_race.yaml", "models/ticket.yaml"}) {
    INFO(model);
    const CheckResult r = CheckModel(model);
    REQUIRE(r.has_report());
    const std::string page = RenderCheckHtml(r);
    CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(page.find("</html>") != std::string::npos);
    // Nothing from the network: the only URL is the SVG namespace.
    CHECK(Count(page, "https?://") == Count(page, "http://www\\.w3\\.org/2000/svg"));
    int timelines = 0;
    for (const VariantResult& v : r.variants) {
      for (const Counterexample& cx : v.counterexamples) {
        const std::string id = "t" + std::to_string(timelines++);
        INFO(id);
        const size_t at = page.find("<section class=\"timeline\" id=\"" + id + "\"");
        REQUIRE(at != std::string::npos);
        const std::string section = page.substr(at, page.find("</section>", at) - at);
        CHECK(Count(section, "<g class=\"step[^\"]*\" data-step=") ==
              static_cast<int>(cx.schedule.size()));
        const std::set<int32_t> moved(cx.schedule.begin(), cx.schedule.end());
        CHECK(Count(section, "<g class=\"lane\"") == static_cast<int>(moved.size()));
        // Both variants' verdicts are in the table.
        CHECK(page.find(v.name) != std::string::npos);
      }
    }
    CHECK(Count(page, "<section class=\"timeline\"") == timelines);
  }
}

TEST_CASE("RenderCheckHtml: the conclusion, in the report's language", "[html]") {
  // The page states the text report's conclusion (once found by searching the English text
  // for "conclusion: ", so a Chinese report's page had none).
  CheckOptions o;
  o.model = {Path("models/ticket.yaml"), {"clients=2"}, {}, {}};
  const std::string en = RenderCheckHtml(Check(o));
  CHECK(Count(en, "<p class=\"conclusion\">") == 1);
  CHECK(en.find("is violated without it. The lock &#39;lock&#39; is needed.") != std::string::npos);
  o.model.lang = Lang::kZh;
  const std::string zh = RenderCheckHtml(Check(o));
  CHECK(Count(zh, "<p class=\"conclusion\"><b>结论") == 1);
}

TEST_CASE("RenderCheckHtml and RenderReplayHtml in Chinese: lang, headings, labels", "[html]") {
  CheckOptions o;
  o.model = {Path("models/ticket.yaml"), {"clients=2"}, {}, {}};
  o.model.lang = Lang::kZh;
  const std::string zh = RenderCheckHtml(Check(o));
  CHECK(zh.find("<html lang=\"zh-CN\">") != std::string::npos);
  for (const char* text :
       {"<h2>判定</h2>", "<h3>性质</h3>", "<h3>约简（按原样）</h3>", "<h3>约简（去掉锁）</h3>",
        "<b>发生了什么</b>", "<th>状态数</th>", "<th>按原样（有锁）</th>",
        "<label for=\"t0-slider\">步骤</label>", "data-initial-label=\"初始状态：{shared}\"",
        "— 10 步</h2>", "<p class=\"schedule\">调度：<code>client#0",
        // A box's passed sleep and removed acquire, as the text table's cell says them.
        "（睡眠 0.1 秒）", "（睡眠 0.2 秒）", "（已去掉 acquire: lock）"}) {
    INFO(text);
    CHECK(zh.find(text) != std::string::npos);
  }
  // No English heading, label or legend is left.
  for (const char* text : {"Verdicts", "Properties", "Reductions", "What happened", " steps</h2>",
                           ">states<", ">step<", "schedule: ", "or the slider", "lock held",
                           "(with locks)", "shared after", "(sleep", "removed)"}) {
    INFO(text);
    CHECK(zh.find(text) == std::string::npos);
  }
  o.model.lang = Lang::kEn;
  const std::string en = RenderCheckHtml(Check(o));
  CHECK(en.find("<html lang=\"en\">") != std::string::npos);
  CHECK(en.find("<h2>Verdicts</h2>") != std::string::npos);
  CHECK(en.find("(sleeps 0.1 s)") != std::string::npos);
  CHECK(en.find("(acquire: lock removed)") != std::string::npos);
  CHECK(en.find("data-initial-label=") == std::string::npos);  // the script names it: not "="
  // A replay with the lock free at the start: 空闲 in the state, "free" in English.
  ReplayOptions r;
  r.model = {Path("models/ticket.yaml"), {"clients=2"}, {}, {}};
  r.schedule = "client#0";
  r.model.lang = Lang::kZh;
  const std::string replay_zh = RenderReplayHtml(ReplayModel(r));
  CHECK(replay_zh.find("data-initial=\"count=1 sold=0 lock=空闲\"") != std::string::npos);
  CHECK(replay_zh.find("这个调度没有违反任何性质") != std::string::npos);
  CHECK(replay_zh.find("lock=free") == std::string::npos);
  r.model.lang = Lang::kEn;
  CHECK(RenderReplayHtml(ReplayModel(r)).find("data-initial=\"count=1 sold=0 lock=free\"") !=
        std::string::npos);
}

TEST_CASE("RenderCheckHtml: the same bytes with one thread or two", "[html]") {
  CHECK(RenderCheckHtml(CheckModel("models/counter.yaml", 1)) ==
        RenderCheckHtml(CheckModel("models/counter.yaml", 2)));
}

TEST_CASE("RenderCheckHtml: the deadlock shows who holds which lock", "[html]") {
  const CheckResult r = CheckModel("models/deadlock.yaml");
  const std::string page = RenderCheckHtml(r);
  // The model as written deadlocks in two steps: each process takes its first lock, and holds
  // it to the end of the trace.
  CHECK(Count(page, "<rect class=\"lock-bar\" ") == 2);
  CHECK(Count(page, "<rect class=\"lock-bar removed\"") == 0);
}

TEST_CASE("RenderReplayHtml: the oversell, its stale read and the explanation", "[html]") {
  ReplayOptions o;
  o.model = {Path("models/ticket.yaml"), {"clients=2"}, {}, {}};
  o.without_locks = true;
  o.schedule =
      "client#0 client#1 client#1 client#0 client#0 client#1 client#1 client#0 client#0 client#1";
  const ReplayResult r = ReplayModel(o);
  REQUIRE(r.has_report());
  const std::string page = RenderReplayHtml(r);
  CHECK(Count(page, "<g class=\"step[^\"]*\" data-step=") == 10);
  CHECK(Count(page, "<g class=\"step violation\" data-step=\"10\"") == 1);
  // client#1 read count = 1 at step 6; client#0 wrote count = 0 at step 9; client#1 then wrote.
  CHECK(Count(page, "<path class=\"stale\" data-from=\"6\" data-to=\"9\" data-field=\"count\"") ==
        1);
  CHECK(Count(page, "<path class=\"stale\"") == 1);
  CHECK(page.find("based on its stale read") != std::string::npos);
}

}  // namespace
}  // namespace racecheck
