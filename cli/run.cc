// `racecheck run MODEL`: run the model on real forked processes, with its locks and without
// them, side by side; judge every trial against the model (see docs/real-mode.md).
#include <fmt/format.h>
#include <malloc.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "engine/explore/explorer.h"
#include "engine/runner/runner.h"
#include "engine/trace/replay.h"
#include "engine/trace/schedule.h"

namespace racecheck::cli {

namespace {

// States the enumeration of the model's terminal outcomes may visit before it gives up.
constexpr uint64_t kOutcomeStates = 200000;

std::atomic<bool> g_run_interrupted{false};
void OnRunSigint(int) { g_run_interrupted.store(true); }

struct VariantRun {
  Variant* variant = nullptr;
  std::vector<int32_t> schedule;  // forced runs
  OutcomeSet outcomes;
  std::vector<TrialResult> trials;
};

std::string Seconds(double s) {
  return s < 1 ? fmt::format("{:.1f} ms", s * 1000) : fmt::format("{:.2f} s", s);
}

nlohmann::json TrialJson(const System& sys, const TrialResult& t) {
  nlohmann::json j = {{"trial", t.trial},
                      {"seconds", t.seconds},
                      {"outcome", OutcomeKey(sys, t)},
                      {"final_store", t.final_text},
                      {"crashed", t.crashed},
                      {"stuck", t.stuck},
                      {"interrupted", t.interrupted}};
  nlohmann::json values = nlohmann::json::object();
  for (size_t i = 0; i < sys.shared().size(); ++i) {
    values[sys.shared()[i].name] = t.values[i];
  }
  j["values"] = values;
  j["violated"] = nlohmann::json::array();
  for (int32_t k : t.violated) j["violated"].push_back(sys.properties()[k].name);
  j["processes"] = nlohmann::json::array();
  for (size_t p = 0; p < t.processes.size(); ++p) {
    if (t.processes[p].end == ProcEnd::kFinished) continue;
    j["processes"].push_back({{"name", sys.processes()[p].name},
                              {"end", ProcEndName(t.processes[p].end)},
                              {"reason", t.processes[p].reason}});
  }
  j["conformance"] = {{"verdict", ConformanceVerdictName(t.conformance.verdict)},
                      {"where", t.conformance.where},
                      {"reason", t.conformance.reason},
                      {"placed", t.conformance.placed},
                      {"operations", t.conformance.total}};
  j["reachable"] = t.reachable < 0 ? nlohmann::json(nullptr) : nlohmann::json(t.reachable == 1);
  return j;
}

void PrintVariant(const VariantRun& vr, const VariantSummary& s) {
  const System& sys = *vr.variant->system;
  std::printf("\n== %s: %d trial%s ==\n", vr.variant->name.c_str(), s.trials,
              s.trials == 1 ? "" : "s");
  std::printf("outcomes (final values; properties violated; processes crashed or stuck):\n");
  for (const auto& [key, count] : s.histogram) std::printf("  %4d  %s\n", count, key.c_str());
  std::printf("trials violating a property: %d of %d\n", s.violating, s.trials);
  std::printf("explained by the model: %d of %d", s.explained, s.trials);
  if (s.diverged) std::printf(", diverged: %d", s.diverged);
  if (s.undecided) std::printf(", undecided: %d", s.undecided);
  if (s.not_checked) std::printf(", not checked: %d", s.not_checked);
  std::printf("\n");
  if (vr.outcomes.complete) {
    std::printf("final outcomes the checker finds reachable: %zu; observed outside them: %d\n",
                vr.outcomes.outcomes.size(), s.unreachable);
  }
  std::printf("median wall time per trial: %s\n", Seconds(s.median_seconds).c_str());
  int shown = 0;
  for (const TrialResult& t : vr.trials) {
    for (size_t p = 0; p < t.processes.size() && shown < 12; ++p) {
      const ProcessResult& pr = t.processes[p];
      if (pr.end == ProcEnd::kFinished) continue;
      if (shown++ == 0) std::printf("processes that did not finish:\n");
      std::printf("  trial %d: %s %s: %s\n", t.trial, sys.processes()[p].name.c_str(),
                  ProcEndName(pr.end), pr.reason.c_str());
    }
  }
  shown = 0;
  for (const TrialResult& t : vr.trials) {
    if (t.conformance.verdict != ConformanceVerdict::kDiverged &&
        t.conformance.verdict != ConformanceVerdict::kUndecided) {
      continue;
    }
    if (shown++ == 5) {
      std::printf("  (more in --format json)\n");
      break;
    }
    if (shown == 1) std::printf("not explained by the model:\n");
    std::printf("  trial %d %s at %s:\n      %s\n", t.trial,
                ConformanceVerdictName(t.conformance.verdict),
                t.conformance.where.empty() ? "-" : t.conformance.where.c_str(),
                t.conformance.reason.c_str());
  }
}

}  // namespace

int RunCommand(const std::vector<std::string>& args) {
  CLI::App app{
      "Run the model on real forked processes: shared variables in a real JSON file, locks as\n"
      "real POSIX semaphores, sleeps for real. Runs the model as written and without its\n"
      "locks, side by side, and checks that every trial is explained by the model.",
      "racecheck run"};
  CommonOptions common;
  AddModelOptions(app, common);
  int trials = 20;
  uint64_t seed = 1;
  double time_scale = 1.0, timeout = 0;
  std::string store = "file", schedule, prints = "first";
  bool counterexample = false, without_locks = false;
  RunOptions ro;
  app.add_option("--trials", trials, "trials per variant (default 20)")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--seed", seed, "seed of the random sleep ranges (default 1; printed)");
  app.add_option("--time-scale", time_scale, "multiply every sleep by F (default 1)")
      ->check(CLI::Range(0.0, 1000.0));
  app.add_option("--store", store,
                 "file (default: one JSON file, rewritten in place), atomic-file (write a "
                 "temporary file and rename it), memory (shared memory)")
      ->check(CLI::IsMember({"file", "atomic-file", "memory"}));
  app.add_option("--timeout", timeout,
                 "seconds per trial before it is killed and its processes reported stuck "
                 "(default: 5 + twice the sum of all sleeps, scaled)");
  app.add_option("--schedule", schedule,
                 "force this schedule (a counterexample's token), e.g. 'client#0 client#1'");
  app.add_flag("--counterexample", counterexample,
               "force the checker's shortest counterexample (of the model as written when it "
               "fails, else of the variant without locks)");
  app.add_flag("--without-locks", without_locks, "run only the variant without locks");
  app.add_option("--prints", prints,
                 "show print steps: first (trial 1 of each variant; "
                 "default), all, none")
      ->check(CLI::IsMember({"first", "all", "none"}));
  app.add_option("--start-interval", ro.start_interval,
                 "seconds to wait between starting two processes (default 0); 0.017 mimics "
                 "the tutorial's Python, whose process starts spread reads over the trial")
      ->check(CLI::Range(0.0, 10.0));
  app.add_option("--max-processes", ro.max_processes, "refuse more processes per trial (1000)");
  app.add_option("--max-search-nodes", ro.max_search_nodes,
                 "bound of the conformance search per trial (2000000)");
  bool drop_write = false;
  app.add_flag("--fault-drop-write", drop_write, "test only: the store drops the first write")
      ->group("");
  app.add_option("--fault-torn-pause", ro.faults.torn_pause,
                 "test only: seconds between truncate and write of an in-place rewrite")
      ->group("");
  app.footer(
      "exit codes: 0 no trial of the model as written violated a property, crashed, got stuck\n"
      "or diverged from the model; 1 one did; 2 the model or the command line is wrong;\n"
      "3 incomplete (Ctrl-C, an operating-system failure, or an undecided conformance check).\n"
      "With --schedule/--counterexample the variants that were run decide the code.");
  if (int code = ParseArgs(app, args); code >= 0) return code;
  if (!schedule.empty() && counterexample) {
    std::fprintf(stderr, "racecheck: error: --schedule and --counterexample exclude each other\n");
    return kExitUsage;
  }
  // The reduced Systems serve the checker's searches (counterexample, outcomes); the real
  // processes execute the plain one, step by step.
  std::optional<LoadedModel> loaded = LoadAndBuild(common, without_locks, /*reduce_locals=*/true);
  if (!loaded) return kExitUsage;
  ro.store = store == "memory"        ? StoreKind::kMemory
             : store == "atomic-file" ? StoreKind::kAtomicFile
                                      : StoreKind::kInPlaceFile;
  ro.faults.drop_first_write = drop_write;
  ro.seed = seed;
  ro.time_scale = time_scale;
  ro.interrupt = &g_run_interrupted;
  const bool json = common.format == "json";

  std::vector<VariantRun> runs;
  std::string forced_note, skipped;
  if (counterexample) {
    for (Variant& v : loaded->variants) {
      // The same search and the same counterexample as `racecheck check` with its defaults.
      ExploreOptions eo;
      eo.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
      ExploreResult r = SearchVariant(v, eo, SearchReductions());
      if (r.verdict == Verdict::kViolated) {
        const Counterexample& ce = r.violations.front().shortest;
        runs.push_back({&v, ce.schedule, {}, {}});
        forced_note = fmt::format(
            "the checker's shortest counterexample of the model {} "
            "(violates '{}'): {}",
            v.name, v.system->properties()[ce.property].name,
            FormatSchedule(*v.system, ce.schedule));
        break;
      }
    }
    if (runs.empty()) {
      std::fprintf(stderr,
                   "racecheck: error: the checker finds no counterexample in any "
                   "variant; there is nothing to force\n");
      return kExitUsage;
    }
  } else if (!schedule.empty()) {
    std::string first_error;
    for (Variant& v : loaded->variants) {
      auto parsed = ParseSchedule(*v.system, schedule);
      if (parsed.ok() && Replay(*v.system, *parsed).ok()) {
        runs.push_back({&v, *parsed, {}, {}});
      } else {
        std::string why = parsed.ok() ? Replay(*v.system, *parsed).status.message()
                                      : parsed.status().message();
        if (first_error.empty()) first_error = why;
        skipped += "\n(not run on the model " + v.name + ": " + why + ")";
      }
    }
    if (runs.empty()) {
      std::fprintf(stderr, "racecheck: error: %s\n", first_error.c_str());
      return kExitUsage;
    }
    forced_note = "the schedule '" + schedule + "'" + skipped;
  } else {
    for (Variant& v : loaded->variants) runs.push_back({&v, {}, {}, {}});
  }
  ro.gated = !forced_note.empty();
  const System& first = *runs.front().variant->system;
  ro.timeout = timeout > 0 ? timeout : DefaultTimeout(first, time_scale, ro.start_interval);
  for (VariantRun& vr : runs) {
    Status why = CheckRunnable(*vr.variant->system, ro);
    if (!why.ok()) {
      std::fprintf(stderr, "racecheck: error: %s\n", why.message().c_str());
      return kExitUsage;
    }
  }
  if (!json) {
    std::printf("racecheck run: %s (%s), %d processes per trial, %d trial%s per variant\n",
                common.model_path.c_str(), loaded->model->name.c_str(), first.num_processes(),
                trials, trials == 1 ? "" : "s");
    std::printf(
        "store: %s in a private temporary directory; time scale %g; seed %llu; "
        "timeout %g s per trial%s\n",
        StoreKindName(ro.store), time_scale, static_cast<unsigned long long>(seed), ro.timeout,
        ro.start_interval > 0
            ? fmt::format("; {:g} s between process starts", ro.start_interval).c_str()
            : "");
    if (ro.gated) {
      std::printf(
          "forcing %s\nthen: the lowest-numbered process the model lets move, until all "
          "finish or none can\n",
          forced_note.c_str());
    }
  }
  bool has_prints = false;
  for (const Template& tm : first.templates()) {
    for (const PInstr& ins : tm.code) has_prints = has_prints || ins.kind == InstrKind::kPrint;
  }
  std::signal(SIGINT, OnRunSigint);
  const bool live = isatty(STDERR_FILENO) && !json;
  Status failure;
  for (int t = 1; t <= trials && failure.ok() && !g_run_interrupted.load(); ++t) {
    for (VariantRun& vr : runs) {
      if (g_run_interrupted.load()) break;
      RunOptions o = ro;
      o.schedule = vr.schedule;
      o.show_prints = !json && has_prints && (prints == "all" || (prints == "first" && t == 1));
      if (o.show_prints) {
        std::printf("\n-- trial %d, %s: what the processes print --\n", t,
                    vr.variant->name.c_str());
      }
      if (live)
        std::fprintf(stderr, "\r\033[Ktrial %d/%d (%s)", t, trials, vr.variant->name.c_str());
      TrialResult tr;
      failure = RunTrial(*NewPosixOs(), *vr.variant->system, o, t, &tr);
      if (live) std::fputs("\r\033[K", stderr);
      if (!failure.ok()) break;
      if (tr.interrupted) break;  // a partial trial: left out of the summary
      vr.trials.push_back(std::move(tr));
      malloc_trim(0);  // a small parent forks faster: give the search's memory back
    }
  }
  // The checker's terminal outcomes, enumerated after the trials (its memory would slow forks).
  for (VariantRun& vr : runs) {
    vr.outcomes = TerminalOutcomes(*vr.variant->reduced, kOutcomeStates);
    if (!vr.outcomes.complete) continue;
    for (TrialResult& tr : vr.trials) {
      if (tr.crashed == 0 && tr.final_ok && !tr.interrupted) {
        tr.reachable = vr.outcomes.outcomes.count({tr.stuck > 0, tr.values}) ? 1 : 0;
      }
    }
  }
  std::signal(SIGINT, SIG_DFL);
  const bool interrupted = g_run_interrupted.load();
  if (!failure.ok()) std::fprintf(stderr, "racecheck: error: %s\n", failure.message().c_str());
  // Exit code: the model as written when it ran, else every variant run.
  bool bad = false, incomplete = interrupted || !failure.ok();
  std::vector<VariantSummary> sums;
  bool ran_written = false;
  for (const VariantRun& vr : runs) ran_written = ran_written || !vr.variant->elided;
  for (VariantRun& vr : runs) {
    sums.push_back(Summarize(*vr.variant->system, vr.trials));
    const VariantSummary& s = sums.back();
    if (!vr.variant->elided || !ran_written) {
      bad = bad || s.violating || s.crashed || s.stuck || s.diverged || s.unreachable;
      incomplete = incomplete || s.undecided || s.not_checked;
    }
  }
  int code = interrupted || !failure.ok() ? kExitIncomplete
             : bad                        ? kExitViolated
             : incomplete                 ? kExitIncomplete
                                          : kExitHolds;
  if (json) {
    nlohmann::json doc = {
        {"format", "racecheck-run"},
        {"version", 1},
        {"model", common.model_path},
        {"store", StoreKindName(ro.store)},
        {"time_scale", time_scale},
        {"seed", seed},
        {"timeout", ro.timeout},
        {"start_interval", ro.start_interval},
        {"trials", trials},
        {"interrupted", interrupted},
        {"error", failure.ok() ? nlohmann::json(nullptr) : nlohmann::json(failure.message())},
        {"forced", ro.gated ? nlohmann::json(forced_note) : nullptr},
        {"exit_code", code}};
    doc["variants"] = nlohmann::json::array();
    for (size_t i = 0; i < runs.size(); ++i) {
      const System& sys = *runs[i].variant->system;
      const VariantSummary& s = sums[i];
      nlohmann::json v = {{"name", runs[i].variant->name},
                          {"locks", !runs[i].variant->elided},
                          {"trials", s.trials},
                          {"violating", s.violating},
                          {"crashed", s.crashed},
                          {"stuck", s.stuck},
                          {"explained", s.explained},
                          {"diverged", s.diverged},
                          {"undecided", s.undecided},
                          {"not_checked", s.not_checked},
                          {"unreachable", s.unreachable},
                          {"median_seconds", s.median_seconds}};
      v["histogram"] = nlohmann::json::array();
      for (const auto& [key, count] : s.histogram) {
        v["histogram"].push_back({{"outcome", key}, {"count", count}});
      }
      v["per_trial"] = nlohmann::json::array();
      for (const TrialResult& t : runs[i].trials) v["per_trial"].push_back(TrialJson(sys, t));
      doc["variants"].push_back(v);
    }
    std::fputs((doc.dump(2) + "\n").c_str(), stdout);
    return code;
  }
  for (size_t i = 0; i < runs.size(); ++i) PrintVariant(runs[i], sums[i]);
  if (runs.size() > 1) {
    std::printf("\n%-28s", "side by side");
    for (const VariantRun& vr : runs) std::printf("%16s", vr.variant->name.c_str());
    auto row = [&](const char* label, auto get) {
      std::printf("\n%-28s", label);
      for (const VariantSummary& s : sums) std::printf("%16s", get(s).c_str());
    };
    row("trials", [](const VariantSummary& s) { return std::to_string(s.trials); });
    row("violating a property",
        [](const VariantSummary& s) { return std::to_string(s.violating); });
    row("with a crashed process",
        [](const VariantSummary& s) { return std::to_string(s.crashed); });
    row("with a stuck process", [](const VariantSummary& s) { return std::to_string(s.stuck); });
    row("explained by the model",
        [](const VariantSummary& s) { return std::to_string(s.explained); });
    row("median wall time", [](const VariantSummary& s) { return Seconds(s.median_seconds); });
    std::printf("\n");
  }
  if (interrupted) std::printf("\ninterrupted: the summary covers the trials that finished\n");
  std::fflush(stdout);
  return code;
}

}  // namespace racecheck::cli
