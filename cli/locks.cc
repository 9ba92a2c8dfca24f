// `racecheck locks MODEL`: where must the lock go? Checks every placement of one lock around a
// contiguous run of each template's steps and prints the table (engine/check/locks.h).
#include "engine/check/locks.h"

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "engine/report/render.h"

namespace racecheck::cli {

int LocksCommand(const std::vector<std::string>& args) {
  CLI::App app{
      "Where must the lock go? For each process template that uses a lock (else each one),\n"
      "move one lock around every contiguous run of its steps and check each placement, the\n"
      "template without the lock, and the model as written; print the verdicts side by side\n"
      "and mark the model's own region and the smallest regions that are safe.",
      "racecheck locks"};
  CommonOptions common;
  AddModelOptions(app, common, Command::kLocks);
  bool no_reduce = false;
  app.add_flag("--no-reduce", no_reduce, "check every placement without any reduction");
  app.footer("exit codes: 0 the table was printed, 2 the model or the command line is wrong.");
  if (int code = ParseArgs(app, args, Command::kLocks); code >= 0) return code;
  LocksOptions options;
  options.model = common.model;
  options.local_reduction = !no_reduce;
  options.reductions.symmetry = !no_reduce;
  options.reductions.partial_order = !no_reduce;
  const Renderer& renderer = *FindRenderer(common.format);
  return Emit(Locks(options), renderer, Command::kLocks, renderer.locks);
}

}  // namespace racecheck::cli
