// `racecheck [check] MODEL`: explore the model as written and its lock-free variant.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "engine/explore/explorer.h"
#include "engine/explore/search_plan.h"
#include "engine/report/check_report.h"

namespace racecheck::cli {

namespace {

std::atomic<bool> g_interrupted{false};

void OnSigint(int) { g_interrupted.store(true); }

// A live progress line on stderr, redrawn in place; only on a terminal.
class Progress {
 public:
  Progress(bool enabled, std::string label) : enabled_(enabled), label_(std::move(label)) {}
  ~Progress() { Clear(); }
  void Update(const ExploreStats& s) {
    if (!enabled_ || s.seconds < 1.0) return;
    std::fprintf(stderr, "\r\033[K%s: %s states, %s states/s, frontier %s, depth %u, %s",
                 label_.c_str(), Thousands(s.states).c_str(),
                 Thousands(static_cast<uint64_t>(s.seconds > 0 ? s.states / s.seconds : 0))
                     .c_str(),
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
  std::string label_;
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
  AddModelOptions(app, common);
  std::string strategy = "bfs";
  bool all = false, stats = false, without_locks = false, quiet = false;
  bool no_reduce = false, no_symmetry = false, no_local = false, no_por = false;
  bool fingerprint = false;
  int threads = 0;  // all cores (ResolveThreads); 1 with dfs or --fingerprint
  uint64_t max_states = 0;
  std::string max_memory;
  app.add_option("--strategy", strategy,
                 "bfs (default): short counterexamples (with --no-reduce, shortest ones); dfs: depth "
                 "first")
      ->check(CLI::IsMember({"bfs", "dfs"}));
  app.add_flag("--all", all,
               "explore everything; count the reachable states that violate each property");
  app.add_option("--max-states", max_states,
                 "stop after storing N states: verdict 'incomplete' (exit 3)");
  app.add_option("--max-memory", max_memory,
                 "stop when the state store reaches SIZE (e.g. 512M, 4G): verdict 'incomplete' "
                 "(default: 3/4 of the machine's memory; 0: no bound)");
  app.add_flag("--stats", stats,
               "print states, transitions, depth, wall time and states/s on stderr");
  app.add_flag("--without-locks", without_locks,
               "check only the variant with every acquire/release removed");
  app.add_flag("-q,--quiet", quiet, "no progress line on stderr");
  app.add_option("--threads", threads,
                 "worker threads of the breadth-first search, at most 256 (default: all cores); "
                 "the output is the same for every count");
  app.add_flag("--fingerprint", fingerprint,
               "remember visited states by a 64-bit hash only, as TLC does: far less memory "
               "for large states, at a tiny risk (printed) of missing one; bfs, one thread");
  app.add_flag("--no-reduce", no_reduce,
               "explore every interleaving of the plain model: no reduction at all");
  app.add_flag("--no-symmetry", no_symmetry,
               "do not merge states that differ only by a permutation of identical processes");
  app.add_flag("--no-local-reduction", no_local,
               "do not fuse purely local steps or reset dead locals");
  app.add_flag("--no-partial-order", no_por,
               "always run every process, even where one process's step commutes with all "
               "the others (e.g. inside a held lock)");
  app.footer(
      "When the model uses locks or semaphores, racecheck checks the model as written and\n"
      "the same model with every acquire/release removed, side by side. The exit code\n"
      "reflects the model as written: 0 holds, 1 violated, 2 model or usage error,\n"
      "3 incomplete (a bound was reached or the search was interrupted).");
  if (int code = ParseArgs(app, args); code >= 0) return code;

  ExploreOptions opt;
  opt.strategy = strategy == "dfs" ? Strategy::kDfs : Strategy::kBfs;
  opt.all = all;
  opt.threads = threads;
  opt.fingerprint = fingerprint;
  if (Status ok = CheckExploreOptions(opt); !ok.ok()) {
    std::fprintf(stderr, "racecheck: error: %s\n", ok.message().c_str());
    return kExitUsage;
  }
  opt.max_states = max_states;
  if (!max_memory.empty()) {
    std::optional<uint64_t> bytes = ParseSize(max_memory);
    if (!bytes) {
      std::fprintf(stderr,
                   "racecheck: error: --max-memory expects a size such as 512M or 4G, found '%s'\n",
                   max_memory.c_str());
      return kExitUsage;
    }
    opt.max_memory_bytes = *bytes;
  } else {
    // A search that outgrows memory ends as 'incomplete', not killed by the kernel.
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0) {
      opt.max_memory_bytes = static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) / 4 * 3;
    }
  }
  opt.interrupt = &g_interrupted;

  const bool use_local = !no_reduce && !no_local;
  const bool use_symmetry = !no_reduce && !no_symmetry;
  const bool use_por = !no_reduce && !no_por;
  std::optional<LoadedModel> loaded = LoadAndBuild(common, without_locks, use_local);
  if (!loaded) return kExitUsage;

  std::signal(SIGINT, OnSigint);
  const bool live = !quiet && isatty(STDERR_FILENO) && common.format == "text";
  CheckReport report;
  report.model_path = common.model_path;
  report.model = loaded->model;
  report.strategy = strategy;
  report.all = all;
  report.fingerprint = fingerprint;
  for (auto& v : loaded->variants) {
    Progress progress(live, v.name);
    opt.progress = [&progress](const ExploreStats& s) { progress.Update(s); };
    VariantResult vr;
    vr.name = v.name;
    vr.locks = !v.elided;
    if (g_interrupted.load()) {
      vr.result.verdict = Verdict::kIncomplete;
      vr.result.incomplete_reason = "interrupted";
    } else {
      vr.result = SearchVariant(v, opt, {use_symmetry, use_por}, &vr.counterexamples,
                                &vr.reductions);
    }
    vr.system = std::move(v.system);
    progress.Clear();
    if (stats) {
      const ExploreStats& s = vr.result.stats;
      std::fprintf(stderr,
                   "stats (%s): %llu states, %llu transitions, depth %u, %.3f s, %.0f states/s, "
                   "%s\n",
                   vr.name.c_str(), static_cast<unsigned long long>(s.states),
                   static_cast<unsigned long long>(s.transitions), s.depth, s.seconds,
                   s.seconds > 0 ? static_cast<double>(s.states) / s.seconds : 0.0,
                   Bytes(s.memory_bytes).c_str());
    }
    report.variants.push_back(std::move(vr));
  }
  std::signal(SIGINT, SIG_DFL);
  if (common.format == "json") {
    std::fputs((RenderCheckJson(report).dump(2) + "\n").c_str(), stdout);
  } else {
    std::fputs(RenderCheckText(report).c_str(), stdout);
  }
  switch (report.variants.front().result.verdict) {
    case Verdict::kHolds: return kExitHolds;
    case Verdict::kViolated: return kExitViolated;
    case Verdict::kIncomplete: return kExitIncomplete;
  }
  return kExitHolds;
}

}  // namespace racecheck::cli
