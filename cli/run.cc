// `racecheck run MODEL`: run the model on real forked processes, with its locks and without
// them, side by side; judge every trial against the model (see docs/real-mode.md).
#include "engine/check/run.h"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/signals.h"
#include "engine/report/render.h"
#include "engine/support/messages.h"

namespace racecheck::cli {

namespace {

// Writes the run's text as it goes (header, what a trial's processes printed) and a progress
// line on stderr. A write that finds stdout closed stops the run (StopSignals::StdoutClosed).
class Writer : public RunObserver {
 public:
  Writer(const RunRenderer& renderer, bool live, StopSignals& stop)
      : renderer_(renderer), live_(live), stop_(stop) {}
  void Planned(const RunResult& result) override { Write(renderer_.planned(result)); }
  void TrialStarting(const RunResult& result, const VariantRun& run, int trial) override {
    if (!live_) return;
    const std::string variant =
        Say(result.lang, run.elided ? Msg::kVariantWithoutLocks : Msg::kVariantAsWritten);
    const std::string line = result.trials > 0
                                 ? Say(result.lang, Msg::kRunProgress, fmt::arg("trial", trial),
                                       fmt::arg("of", result.trials), fmt::arg("variant", variant))
                                 : Say(result.lang, Msg::kRunProgressBudget,
                                       fmt::arg("trial", trial), fmt::arg("variant", variant),
                                       fmt::arg("s", fmt::format("{:g}", result.budget_seconds)));
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
  }
  void TrialEnded(const RunResult& result, const VariantRun& run, const TrialResult& trial,
                  bool shows_prints) override {
    ClearProgress();
    if (shows_prints) Write(renderer_.trial_prints(result, run, trial));
  }
  void ClearProgress() {
    if (live_) std::fputs("\r\033[K", stderr);
  }

 private:
  void Write(const std::string& text) {
    if (text.empty() || stop_.stdout_closed()) return;
    WritingReport writing;  // between trials: nothing to clean up
    errno = 0;
    std::fputs(text.c_str(), stdout);
    if (std::fflush(stdout) != 0 && errno == EPIPE) stop_.StdoutClosed();
  }
  const RunRenderer& renderer_;
  bool live_;
  StopSignals& stop_;
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
  int trials = 0;
  uint64_t seed = 1;
  double time_scale = 1.0, timeout = 0, budget = 30;
  std::string store = "file", schedule, prints = "first";
  bool counterexample = false, without_locks = false;
  TrialOptions ro;
  app.add_option("--trials", trials,
                 "trials per variant (default: 1 when the schedule is forced, else as many as "
                 "fit in --budget, at least 3)")
      ->check(WholeNumber(1, 1000000));
  app.add_option("--budget", budget,
                 "seconds the trials may take when --trials is not given (default 30; at least "
                 "3 trials per variant run whatever it says)")
      ->check(RealNumber(0.0, 1e6, /*lo_open=*/true));
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
                 "show what print steps printed: first (trial 1 of each variant; default), "
                 "all, none; folded when more than 10 processes print")
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
      "3 incomplete (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT, a closed standard output, an\n"
      "operating-system failure, a timed-out process or an undecided conformance check).\n"
      "With --schedule/--counterexample the variants that were run decide the code.");
  if (int code = ParseArgs(app, args, Command::kRun); code >= 0) return code;
  RunOptions options;
  options.model = common.model;
  options.without_locks = without_locks;
  options.trials = trials;
  options.budget_seconds = budget;
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
  const Renderer& renderer = *FindRenderer(common.format);
  options.prints_allowed = !renderer.document;
  StopSignals stop;
  ro.interrupt = stop.flag();
  options.trial = ro;
  Writer writer(renderer.run, isatty(STDERR_FILENO) && !renderer.document, stop);
  const RunResult result = RunModel(options, &writer);
  writer.ClearProgress();
  if (stop.stdout_closed()) {
    std::fputs((Say(options.model.lang, Msg::kRunStoppedStdout) + "\n").c_str(), stderr);
    return ExitCode(Outcome::kIncomplete);
  }
  if (stop.signal() != 0) {
    std::fputs((Say(options.model.lang, Msg::kRunStoppedBy,
                    fmt::arg("signal", StopSignals::Name(stop.signal()))) +
                "\n")
                   .c_str(),
               stderr);
  }
  return Emit(result, renderer, Command::kRun, renderer.run.summary);
}

}  // namespace racecheck::cli
