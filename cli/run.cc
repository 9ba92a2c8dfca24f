// `racecheck run MODEL`: run the model on real forked processes, with its locks and without
// them, side by side; judge every trial against the model (see docs/real-mode.md).
#include "engine/check/run.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "engine/report/render.h"

namespace racecheck::cli {

namespace {

std::atomic<bool> g_run_interrupted{false};
void OnRunSigint(int) { g_run_interrupted.store(true); }

// Writes the run's text as it goes (header, trial headings) and a progress line on stderr.
class Writer : public RunObserver {
 public:
  Writer(const RunRenderer& renderer, bool live) : renderer_(renderer), live_(live) {}
  void Planned(const RunResult& result) override { Write(renderer_.planned(result)); }
  void TrialStarting(const RunResult& result, const VariantRun& run, int trial,
                     bool shows_prints) override {
    if (shows_prints) Write(renderer_.trial_heading(result, run, trial));
    if (live_) {
      std::fprintf(stderr, "\r\033[Ktrial %d/%d (%s)", trial, result.trials, run.name.c_str());
    }
  }
  void TrialEnded(const RunResult&, const VariantRun&, int) override {
    if (live_) std::fputs("\r\033[K", stderr);
  }

 private:
  static void Write(const std::string& text) {
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);  // before the processes of the next trial write to the same stdout
  }
  const RunRenderer& renderer_;
  bool live_;
};

}  // namespace

int RunCommand(const std::vector<std::string>& args) {
  CLI::App app{
      "Run the model on real forked processes: shared variables in a real JSON file, locks as\n"
      "real POSIX semaphores, sleeps for real. Runs the model as written and without its\n"
      "locks, side by side, and checks that every trial is explained by the model.",
      "racecheck run"};
  CommonOptions common;
  AddModelOptions(app, common, Command::kRun);
  int trials = 20;
  uint64_t seed = 1;
  double time_scale = 1.0, timeout = 0;
  std::string store = "file", schedule, prints = "first";
  bool counterexample = false, without_locks = false;
  TrialOptions ro;
  app.add_option("--trials", trials, "trials per variant (default 20)")
      ->check(WholeNumber(1, 1000000));
  app.add_option("--seed", seed, "seed of the random sleep ranges (default 1; printed)")
      ->check(WholeNumber(0, UINT64_MAX));
  app.add_option("--time-scale", time_scale, "multiply every sleep by F (default 1)")
      ->check(RealNumber(0.0, 1000.0));
  app.add_option("--store", store,
                 "file (default: one JSON file, rewritten in place), atomic-file (write a "
                 "temporary file and rename it), memory (shared memory)")
      ->check(CLI::IsMember({"file", "atomic-file", "memory"}));
  app.add_option("--timeout", timeout,
                 "seconds per trial before it is killed and its processes reported stuck "
                 "(default: 5 + twice the sum of all sleeps, scaled)")
      ->check(RealNumber(0.0, 86400.0, /*lo_open=*/true));
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
      ->check(RealNumber(0.0, 10.0));
  app.add_option("--max-processes", ro.max_processes, "refuse more processes per trial (1000)")
      ->check(WholeNumber(1, 100000));
  app.add_option("--max-search-nodes", ro.max_search_nodes,
                 "bound of the conformance search per trial (2000000)")
      ->check(WholeNumber(1, UINT64_MAX));
  bool drop_write = false;
  app.add_flag("--fault-drop-write", drop_write, "test only: the store drops the first write")
      ->group("");
  app.add_option("--fault-torn-pause", ro.faults.torn_pause,
                 "test only: seconds between truncate and write of an in-place rewrite")
      ->check(RealNumber(0.0, 60.0))
      ->group("");
  app.footer(
      "exit codes: 0 no trial of the model as written violated a property, crashed, got stuck\n"
      "or diverged from the model; 1 one did; 2 the model or the command line is wrong;\n"
      "3 incomplete (Ctrl-C, an operating-system failure, or an undecided conformance check).\n"
      "With --schedule/--counterexample the variants that were run decide the code.");
  if (int code = ParseArgs(app, args); code >= 0) return code;
  RunOptions options;
  options.model = common.model;
  options.without_locks = without_locks;
  options.trials = trials;
  options.schedule = schedule;
  options.counterexample = counterexample;
  options.prints = prints == "all"    ? PrintsShown::kAll
                   : prints == "none" ? PrintsShown::kNone
                                      : PrintsShown::kFirst;
  ro.store = store == "memory"        ? StoreKind::kMemory
             : store == "atomic-file" ? StoreKind::kAtomicFile
                                      : StoreKind::kInPlaceFile;
  ro.faults.drop_first_write = drop_write;
  ro.seed = seed;
  ro.time_scale = time_scale;
  ro.timeout = timeout;
  ro.interrupt = &g_run_interrupted;
  options.trial = ro;
  const Renderer& renderer = *FindRenderer(common.format);
  options.prints_allowed = !renderer.document;
  Writer writer(renderer.run, isatty(STDERR_FILENO) && !renderer.document);
  std::signal(SIGINT, OnRunSigint);
  const RunResult result = RunModel(options, &writer);
  std::signal(SIGINT, SIG_DFL);
  return Emit(result, renderer.run.summary);
}

}  // namespace racecheck::cli
