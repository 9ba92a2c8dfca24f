// `racecheck [check] MODEL`: explore the model as written and its lock-free variant.
#include "engine/check/check.h"

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/signals.h"
#include "engine/report/render.h"
#include "engine/state/store.h"
#include "engine/support/messages.h"
#include "engine/support/numbers.h"

namespace racecheck::cli {

namespace {

// A live progress line on stderr, redrawn in place; only on a terminal.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  ~Progress() { Clear(); }
  void Update(const std::string& label, const ExploreStats& s) {
    if (!enabled_ || s.seconds < 1.0) return;
    std::fprintf(stderr, "\r\033[K%s: %s states, %s states/s, frontier %s, depth %u, %s",
                 label.c_str(), Thousands(s.states).c_str(),
                 Thousands(static_cast<uint64_t>(s.seconds > 0 ? s.states / s.seconds : 0)).c_str(),
                 Thousands(s.frontier).c_str(), s.depth, Bytes(s.memory_bytes).c_str());
    std::fflush(stderr);
    drawn_ = true;
  }
  void Clear() {
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }

 private:
  bool enabled_;
  bool drawn_ = false;
};

}  // namespace

int CheckCommand(const std::vector<std::string>& args) {
  CLI::App app{
      "Check every interleaving of a model's steps, with its locks and without them.\n"
      "Proves the properties (invariants, final, assert, no deadlock) or prints a short\n"
      "schedule that breaks one, step by step (a shortest one with --no-reduce).",
      "racecheck"};
  CommonOptions common;
  AddModelOptions(app, common, Command::kCheck);
  std::string strategy = "bfs";
  bool all = false, stats = false, without_locks = false, quiet = false;
  bool no_reduce = false, no_symmetry = false, no_local = false, no_por = false;
  bool fingerprint = false;
  int threads = 0;  // all cores (ResolveThreads); 1 with dfs or --fingerprint
  uint64_t max_states = 0;
  std::string max_memory;
  app.add_option(
         "--strategy", strategy,
         "bfs (default): short counterexamples (with --no-reduce, shortest ones); dfs: depth "
         "first")
      ->check(CLI::IsMember({"bfs", "dfs"}));
  app.add_flag("--all", all,
               "explore everything; count the reachable states that violate each property");
  app.add_option("--max-states", max_states,
                 "stop after storing N states: verdict 'incomplete' (exit 3); 0: no bound (the "
                 "default)")
      ->check(WholeNumber(0, StateStore::kMaxStates));
  app.add_option("--max-memory", max_memory,
                 "stop when the state store reaches SIZE (e.g. 512M, 4G): verdict 'incomplete' "
                 "(default: 3/4 of the tightest room among physical memory, the address-space "
                 "and data limits and the cgroup's limit; 0: no bound)");
  app.add_flag("--stats", stats,
               "print states, transitions, depth, wall time and states/s on stderr");
  app.add_flag("--without-locks", without_locks,
               "check only the variant with every acquire/release removed");
  app.add_flag("-q,--quiet", quiet, "no progress line on stderr");
  app.add_option("--threads", threads,
                 "worker threads of the breadth-first search, at most 256 (default: all cores); "
                 "the output is the same for every count")
      ->check(WholeNumber(0, UINT32_MAX));
  app.add_flag("--fingerprint", fingerprint,
               "remember visited states by a 64-bit hash only, as TLC does: far less memory "
               "for large states, at a tiny risk (printed) of missing one; bfs, one thread");
  app.add_flag("--no-reduce", no_reduce,
               "explore every interleaving of the plain model: no reduction at all");
  app.add_flag("--no-symmetry", no_symmetry,
               "do not merge states that differ only by a permutation of identical processes");
  app.add_flag("--no-local-reduction", no_local,
               "do not fuse purely local steps or reset dead locals");
  uint64_t count_states = CountOptions::kDefaultMaxStates;
  std::string count_steps = "auto";
  app.add_option("--count-steps", count_steps,
                 fmt::format("which steps the schedule counts count: every (each step the "
                             "table shows, a print too), shared (a step that touches only a "
                             "process's own variables goes with the step before it: larger "
                             "models fit), or auto (the default: every step when each "
                             "variant's graph has at most {} states, else shared, and the "
                             "report says so)",
                             Thousands(CountOptions::kDefaultMaxEveryStates)))
      ->check(CLI::IsMember({"auto", "every", "shared"}));
  app.add_option("--count-states", count_states,
                 fmt::format("count the schedules only of state graphs of at most N states "
                             "(default {}; about 100 bytes a state); 0: do not count",
                             Thousands(CountOptions::kDefaultMaxStates)))
      ->check(WholeNumber(0, UINT32_MAX));
  bool outcomes = false;
  std::vector<std::string> outcomes_of;
  app.add_flag("--outcomes", outcomes,
               "list the values the shared variables can end with, each with how many complete "
               "schedules end so and the chance of it at random (the counter's 'n ends as 2, 3 "
               "or 4')");
  app.add_option("--outcomes-of", outcomes_of,
                 "--outcomes for these shared variables only (an array's name: all its "
                 "elements), e.g. --outcomes-of n or --outcomes-of count,sold")
      ->delimiter(',');
  app.add_flag("--no-partial-order", no_por,
               "always run every process, even where one process's step commutes with all "
               "the others (e.g. inside a held lock)");
  app.footer(
      "When the model uses locks or semaphores, racecheck checks the model as written and\n"
      "the same model with every acquire/release removed, side by side. The exit code\n"
      "reflects the model as written: 0 holds, 1 violated, 2 model or usage error,\n"
      "3 incomplete (a bound was reached or the search was interrupted).");
  if (int code = ParseArgs(app, args, Command::kCheck); code >= 0) return code;

  CheckOptions options;
  options.model = common.model;
  options.without_locks = without_locks;
  ExploreOptions& opt = options.explore;
  opt.strategy = strategy == "dfs" ? Strategy::kDfs : Strategy::kBfs;
  opt.all = all;
  opt.threads = threads;
  opt.fingerprint = fingerprint;
  opt.max_states = max_states;
  if (!max_memory.empty()) {
    options.max_memory = ParseSize(max_memory);
    if (!options.max_memory) {
      return UsageError(Say(common.model.lang, Msg::kErrMaxMemory, fmt::arg("text", max_memory)),
                        Command::kCheck, common.format);
    }
  }
  StopSignals stop;
  opt.interrupt = stop.flag();
  options.local_reduction = !no_reduce && !no_local;
  options.reductions.symmetry = !no_reduce && !no_symmetry;
  options.reductions.partial_order = !no_reduce && !no_por;
  options.counts.enabled = count_states != 0;
  options.counts.max_states = count_states;
  options.counts.steps = count_steps == "every"    ? CountSteps::kEvery
                         : count_steps == "shared" ? CountSteps::kShared
                                                   : CountSteps::kAuto;
  if (outcomes || !outcomes_of.empty()) options.final_values = outcomes_of;

  const Renderer& renderer = *FindRenderer(common.format);
  options.state_graph = renderer.state_graph;
  const bool live = !quiet && isatty(STDERR_FILENO) && !renderer.document;
  Progress progress(live);
  options.progress = [&progress](const std::string& variant, const ExploreStats& s) {
    progress.Update(variant, s);
  };
  options.variant_done = [&progress, stats](const std::string& variant, const ExploreStats& s) {
    progress.Clear();
    if (!stats) return;
    std::fprintf(stderr,
                 "stats (%s): %llu states, %llu transitions, depth %u, %.3f s, %.0f states/s, "
                 "%s\n",
                 variant.c_str(), static_cast<unsigned long long>(s.states),
                 static_cast<unsigned long long>(s.transitions), s.depth, s.seconds,
                 s.seconds > 0 ? static_cast<double>(s.states) / s.seconds : 0.0,
                 Bytes(s.memory_bytes).c_str());
  };
  const CheckResult result = Check(options);
  return Emit(result, renderer, Command::kCheck, renderer.check);
}

}  // namespace racecheck::cli
