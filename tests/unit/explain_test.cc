// Every explanation agrees with the table it is printed under (issue 13, item 3): for every
// shipped model that violates something (models/, models/zh/) and for small models of each
// violation kind, each claim an explanation makes about a step — who read, wrote, printed or
// took a lock there, who would have waited for a lock and who held it — is checked against the
// replayed counterexample itself, independently of the code that wrote the sentence. The
// Chinese explanation names the same steps and processes as the English one.
#include "engine/trace/explain.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "engine/check/check.h"
#include "engine/trace/describe.h"
#include "engine/trace/replay.h"

namespace racecheck {
namespace {

std::string Path(const std::string& rel) { return std::string(RACECHECK_SOURCE_DIR) + "/" + rel; }

int32_t ProcessNamed(const System& sys, const std::string& name) {
  for (int p = 0; p < sys.num_processes(); ++p) {
    if (sys.processes()[p].name == name) return p;
  }
  FAIL("no process named " << name);
  return -1;
}

const TraceStep& StepAt(const Trace& trace, int index) {
  REQUIRE(index >= 1);
  REQUIRE(index <= static_cast<int>(trace.steps.size()));
  return trace.steps[index - 1];
}

const Step* StepOf(const System& sys, int32_t p, const TraceInstr& ti) {
  const Template& t = sys.templates()[sys.processes()[p].tmpl];
  return ti.pc >= 0 && ti.pc < static_cast<int32_t>(t.code.size()) ? t.code[ti.pc].step : nullptr;
}

// Whether step `index` passes the removed (kElided) acquire or release of lock `lock`.
bool PassesLockOp(const System& sys, const Trace& trace, int index, const std::string& lock,
                  StepKind kind) {
  const TraceStep& s = StepAt(trace, index);
  for (const TraceInstr& ti : s.instrs) {
    const Step* st = StepOf(sys, s.process, ti);
    if (ti.passed && st != nullptr && st->kind == kind && st->text.text == lock) return true;
  }
  return false;
}

bool FirstStepOf(const Trace& trace, int index) {
  const int32_t p = StepAt(trace, index).process;
  for (int k = 1; k < index; ++k) {
    if (StepAt(trace, k).process == p) return false;
  }
  return true;
}

// A point of the schedule: just before step n (2n - 1) or at its end (2n).
int Point(const std::string& at_or_before, int n) {
  return at_or_before == "before" ? 2 * n - 1 : 2 * n;
}

// The claims of one English explanation paragraph, checked against the trace.
void CheckClaims(const System& sys, const Trace& trace, const std::string& text) {
  INFO(text);
  const int len = static_cast<int>(trace.steps.size());
  std::smatch m;
  // Every step named exists.
  static const std::regex kStep(R"re(step (\d+))re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kStep);
       it != std::sregex_iterator(); ++it) {
    const int n = std::stoi((*it)[1]);
    CHECK(n >= 1);
    CHECK(n <= len);
  }
  // "P read x = v at step N" / "P wrote x = v at step N": P moved at N and read / wrote x = v.
  static const std::regex kAccess(
      R"re((\w+#\d+) (read|wrote) (\w+) = (\S+?),? (?:at step|\(step) (\d+))re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kAccess);
       it != std::sregex_iterator(); ++it) {
    const auto& c = *it;
    const TraceStep& s = StepAt(trace, std::stoi(c[5]));
    INFO(c[0]);
    CHECK(s.process == ProcessNamed(sys, c[1]));
    bool found = false;
    for (const TraceInstr& ti : s.instrs) {
      if (c[2] == "read") {
        for (const TraceRead& r : ti.reads) {
          found |= sys.FieldName(r.field) == c[3] && sys.FormatValue(r.field, r.value) == c[4];
        }
      } else {
        for (const TraceWrite& w : ti.writes) {
          found |= sys.FieldName(w.field) == c[3] && sys.FormatValue(w.field, w.new_value) == c[4];
        }
      }
    }
    CHECK(found);
  }
  // "P printed "line" at step N", "P printed "line" (step N)", "P's lines "a" (step i) and "b"
  // (step k)": P printed that line at that step.
  auto printed = [&](const std::string& who, const std::string& line, int n) {
    const TraceStep& s = StepAt(trace, n);
    CHECK(s.process == ProcessNamed(sys, who));
    bool found = false;
    for (const TraceInstr& ti : s.instrs) {
      found |= std::find(ti.prints.begin(), ti.prints.end(), line) != ti.prints.end();
    }
    CHECK(found);
  };
  static const std::regex kPrinted(R"re((\w+#\d+) printed "([^"]*)" (?:at step|\(step) (\d+))re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kPrinted);
       it != std::sregex_iterator(); ++it) {
    printed((*it)[1], (*it)[2], std::stoi((*it)[3]));
  }
  static const std::regex kLines(
      R"re((\w+#\d+)'s lines "([^"]*)" \(step (\d+)\) and "([^"]*)" \(step (\d+)\))re");
  if (std::regex_search(text, m, kLines)) {
    printed(m[1], m[2], std::stoi(m[3]));
    printed(m[1], m[4], std::stoi(m[5]));
  }
  // "x went from a to b: P set it to v at step N, Q to w at step M": each wrote x there.
  static const std::regex kHistory(R"re((\w+) went from \S+ to \S+: (.*)\.$)re");
  if (std::regex_search(text, m, kHistory)) {
    const std::string var = m[1], changes = m[2];
    static const std::regex kChange(R"re((\w+#\d+) (?:set it )?to (\S+) at step (\d+))re");
    int seen = 0;
    for (auto it = std::sregex_iterator(changes.begin(), changes.end(), kChange);
         it != std::sregex_iterator(); ++it, ++seen) {
      const TraceStep& s = StepAt(trace, std::stoi((*it)[3]));
      CHECK(s.process == ProcessNamed(sys, (*it)[1]));
      bool found = false;
      for (const TraceInstr& ti : s.instrs) {
        for (const TraceWrite& w : ti.writes) {
          found |=
              sys.FieldName(w.field) == var && sys.FormatValue(w.field, w.new_value) == (*it)[2];
        }
      }
      CHECK(found);
    }
    CHECK(seen > 0);
  }
  // Deadlock: "P took 'a' at step N and now waits for 'b'": P took a there and waits for b at
  // the end.
  static const std::regex kTook(
      R"re((\w+#\d+) took '(\w+)' at step (\d+) and now waits for '(\w+)')re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kTook);
       it != std::sregex_iterator(); ++it) {
    const int32_t p = ProcessNamed(sys, (*it)[1]);
    CHECK(StepAt(trace, std::stoi((*it)[3])).process == p);
    const uint64_t* end = trace.final_state().data();
    const PInstr& next = sys.NextInstr(end, p);
    CHECK(next.kind == InstrKind::kAcquire);
    CHECK(sys.syncs()[next.sync].name == (*it)[4]);
  }
}

// The lock paragraph under a lock-free counterexample: the process named as waiting reached the
// acquire after the holder had taken the lock (as the table shows the removed acquires), the
// holder had not passed a release of it since, and the waiter moves again in the trace.
void CheckLockStory(const System& locked, const System& lockfree, const Trace& trace,
                    const std::string& text) {
  INFO(text);
  std::smatch m;
  static const std::regex kLock(
      R"re(^With the lock, (\S+) would have waited at '([^']+)' \(line \d+\) (after|before) step (\d+), because (\S+) took '(\w+)' (at|before) step (\d+))re");
  static const std::regex kSem(
      R"re(^With the semaphore, (\S+) would have waited at '([^']+)' \(line \d+\) (after|before) step (\d+), because its count was 0(?:: (.*) had taken it)?)re");
  if (std::regex_search(text, m, kLock)) {
    const int32_t b = ProcessNamed(lockfree, m[1]), a = ProcessNamed(lockfree, m[5]);
    const std::string lock = m[6];
    CHECK(a != b);
    const int reached = std::stoi(m[4]), since = std::stoi(m[8]);
    CHECK(StepAt(trace, reached).process == b);
    CHECK(StepAt(trace, since).process == a);
    if (m[3] == "after") {
      CHECK(PassesLockOp(lockfree, trace, reached, lock, StepKind::kAcquire));
    } else {
      CHECK(FirstStepOf(trace, reached));
    }
    if (m[7] == "at") {
      CHECK(PassesLockOp(lockfree, trace, since, lock, StepKind::kAcquire));
    } else {
      CHECK(FirstStepOf(trace, since));
    }
    // The holder reached its acquire first ...
    CHECK(Point(m[7], since) < Point(m[3] == "after" ? "at" : "before", reached));
    // ... and gave nothing back before the waiter reached its own.
    for (int k = since; k <= reached; ++k) {
      if (StepAt(trace, k).process == a && k > since) {
        CHECK_FALSE(PassesLockOp(lockfree, trace, k, lock, StepKind::kRelease));
      }
    }
    // The waiter has a next move, which the lock stops.
    bool moves_again = false;
    for (int k = reached + (m[3] == "after" ? 1 : 0); k <= static_cast<int>(trace.steps.size());
         ++k) {
      moves_again |= StepAt(trace, k).process == b;
    }
    CHECK(moves_again);
    CHECK(locked.syncs().size() == lockfree.syncs().size());
  } else if (std::regex_search(text, m, kSem)) {
    const int32_t b = ProcessNamed(lockfree, m[1]);
    const std::string at = m[2];
    const int waiter = Point(m[3] == "after" ? "at" : "before", std::stoi(m[4]));
    const std::string takers = m[5];
    static const std::regex kTaker(R"re((\w+#\d+) \((at|before) step (\d+)\))re");
    int n = 0;
    for (auto it = std::sregex_iterator(takers.begin(), takers.end(), kTaker);
         it != std::sregex_iterator(); ++it, ++n) {
      CHECK(ProcessNamed(lockfree, (*it)[1]) != b);
      CHECK(StepAt(trace, std::stoi((*it)[3])).process == ProcessNamed(lockfree, (*it)[1]));
      CHECK(Point((*it)[2], std::stoi((*it)[3])) < waiter);
    }
    // As many takers as the semaphore starts with.
    bool matched = false;
    for (const SyncInfo& y : locked.syncs()) {
      if (y.is_semaphore && at == "acquire: " + y.name) {
        CHECK(n == y.init);
        matched = true;
      }
    }
    CHECK(matched);
  } else {
    FAIL("not a lock story: " << text);
  }
}

// The numbers of the steps named, in order: "step 5" in English, "第 5 步" in Chinese.
std::vector<int> StepNumbers(const std::string& text, bool zh) {
  static const std::regex kEn(R"re(step (\d+))re"), kZh(R"re(第 (\d+) 步)re");
  std::vector<int> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), zh ? kZh : kEn);
       it != std::sregex_iterator(); ++it) {
    out.push_back(std::stoi((*it)[1]));
  }
  std::sort(out.begin(), out.end());
  return out;
}
std::vector<std::string> ProcessNames(const std::string& text) {
  static const std::regex kName(R"re(\w+#\d+)re");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kName);
       it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[0]);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Checks every counterexample of `result`; returns how many there were.
int CheckResultStories(const CheckResult& result) {
  const VariantResult* locked = nullptr;
  for (const VariantResult& v : result.variants) {
    if (v.locks) locked = &v;
  }
  int checked = 0;
  for (const VariantResult& v : result.variants) {
    for (const Counterexample& o : v.counterexamples) {
      const System& sys = *v.system;
      const Trace trace = Replay(sys, o.schedule, o.property);
      REQUIRE(trace.ok());
      REQUIRE(trace.violated());
      const std::vector<std::string> en = Explain(sys, trace, Lang::kEn);
      const std::vector<std::string> zh = Explain(sys, trace, Lang::kZh);
      INFO(result.model_path << ", " << v.name << ", " << sys.properties()[o.property].name);
      // A story, then the result line.
      REQUIRE(en.size() >= 2);
      CHECK(en.back().rfind("Result: ", 0) == 0);
      REQUIRE(zh.size() == en.size());
      for (size_t i = 0; i < en.size(); ++i) {
        CheckClaims(sys, trace, en[i]);
        CHECK(StepNumbers(zh[i], true) == StepNumbers(en[i], false));
        CHECK(ProcessNames(zh[i]) == ProcessNames(en[i]));
      }
      if (!v.locks && locked != nullptr) {
        const std::string lock_en = ExplainLock(*locked->system, trace, Lang::kEn);
        const std::string lock_zh = ExplainLock(*locked->system, trace, Lang::kZh);
        REQUIRE_FALSE(lock_en.empty());
        CheckLockStory(*locked->system, sys, trace, lock_en);
        CHECK(StepNumbers(lock_zh, true) == StepNumbers(lock_en, false));
        CHECK(ProcessNames(lock_zh) == ProcessNames(lock_en));
      }
      ++checked;
    }
  }
  return checked;
}

CheckOptions Options(ModelRequest model) {
  CheckOptions o;
  o.model = std::move(model);
  o.explore.threads = 1;
  return o;
}

TEST_CASE("explanations agree with their tables on every shipped model", "[explain]") {
  std::vector<std::string> models;
  for (const auto& e : std::filesystem::recursive_directory_iterator(Path("models"))) {
    if (e.path().extension() == ".yaml") models.push_back(e.path().string());
  }
  std::sort(models.begin(), models.end());
  REQUIRE(models.size() >= 6);
  int violating = 0;
  for (const std::string& path : models) {
    for (const std::vector<std::string>& sets :
         {std::vector<std::string>{}, std::vector<std::string>{"clients=3", "tickets=2"}}) {
      if (!sets.empty() && path.find("ticket") == std::string::npos) continue;
      ModelRequest model;
      model.path = path;
      model.sets = sets;
      const CheckResult r = Check(Options(model));
      REQUIRE(r.has_report());
      violating += CheckResultStories(r) > 0 ? 1 : 0;
    }
  }
  CHECK(violating >= 7);  // every shipped model, and the ticket with two tickets
}

// The ticket's default report: the table shows client#1 passing its removed acquire at step 3
// and client#0 at step 4, so client#1 holds the lock and client#0 waits.
TEST_CASE("the ticket's lock story names the process that reached the acquire second",
          "[explain]") {
  ModelRequest model;
  model.path = Path("models/ticket.yaml");
  const CheckResult r = Check(Options(model));
  REQUIRE(r.variants.size() == 2);
  const VariantResult& v = r.variants[1];
  const Trace trace = Replay(*v.system, v.counterexamples.at(0).schedule);
  CHECK(PassesLockOp(*v.system, trace, 3, "lock", StepKind::kAcquire));
  CHECK(StepAt(trace, 3).process == 1);
  CHECK(PassesLockOp(*v.system, trace, 4, "lock", StepKind::kAcquire));
  CHECK(StepAt(trace, 4).process == 0);
  CHECK(ExplainLock(*r.variants[0].system, trace) ==
        "With the lock, client#0 would have waited at 'acquire: lock' (line 31) after step 4, "
        "because client#1 took 'lock' at step 3 and still holds it at the end of this trace — so "
        "client#0 could not have read count (step 5) until client#1 had written it (step 10).");
}

// Small models of the other violation kinds, each with its own story.
struct KindCase {
  const char* name;
  const char* yaml;
  const char* story;  // a piece of the first paragraph
};

const KindCase kKindCases[] = {
    {"assert", R"(model: a
shared:
  x: {init: 0, range: [0, 3]}
processes:
  p:
    instances: 2
    locals:
      t: {init: 0, range: [0, 3]}
    steps:
      - t = x
      - x = t + 1
      - assert: x == t + 1
)",
     "checked 'x == t + 1' (line 12) with"},
    {"lock misuse", R"(model: m
shared:
  n: {init: 0, range: [0, 3]}
locks: [lock]
processes:
  good:
    steps:
      - acquire: lock
      - n = 1
      - release: lock
  bad:
    steps:
      - release: lock
)",
     "released 'lock' (line 13), which"},
    {"final", R"(model: f
shared:
  n: {init: 0, range: [0, 2]}
processes:
  w:
    instances: 2
    steps:
      - n = 1
final:
  two: n == 2
)",
     "n went from 0 to 1"},
    {"deadlock without a cycle", R"(model: d
shared:
  go: {init: false}
processes:
  waiter:
    steps:
      - await: go
)",
     "No process can move: waiter#0 waits until 'go'"},
};

TEST_CASE("every violation kind gets a story that agrees with its trace", "[explain]") {
  for (const KindCase& c : kKindCases) {
    INFO(c.name);
    ModelRequest model;
    model.path = std::string(c.name) + ".yaml";
    model.text = c.yaml;
    const CheckResult r = Check(Options(model));
    REQUIRE(r.has_report());
    REQUIRE(CheckResultStories(r) >= 1);
    const VariantResult& v = r.variants.front();
    const Trace trace =
        Replay(*v.system, v.counterexamples.at(0).schedule, v.counterexamples.at(0).property);
    const std::vector<std::string> en = Explain(*v.system, trace);
    bool found = false;
    for (const std::string& p : en) found |= p.find(c.story) != std::string::npos;
    INFO(en.front());
    CHECK(found);
  }
}

}  // namespace
}  // namespace racecheck
