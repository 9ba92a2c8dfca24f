// `racecheck replay MODEL --schedule TOKEN`: replay one schedule step by step.
#include "engine/check/replay.h"

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "engine/report/render.h"

namespace racecheck::cli {

int ReplayCommand(const std::vector<std::string>& args) {
  CLI::App app{
      "Replay a schedule step by step and print the table: what each step read and wrote,\n"
      "the shared variables after it, and the property it violates, if any. The schedule is\n"
      "the token a counterexample prints, e.g. 'client#0 client#1 client#0 client#1'.",
      "racecheck replay"};
  CommonOptions common;
  AddModelOptions(app, common, Command::kReplay);
  ReplayOptions options;
  app.add_option("--schedule", options.schedule, "the processes that move, one per step")
      ->required();
  app.add_flag("--without-locks", options.without_locks,
               "replay on the variant with every acquire/release removed");
  app.add_option("--property", options.property,
                 "stop only at this property's violation (as the counterexamples of --all do)");
  app.footer(
      "exit codes: 0 the schedule runs and violates nothing, 1 it reaches a violation,\n"
      "2 the model, the command line or the schedule is wrong (a step that cannot run).");
  if (int code = ParseArgs(app, args, Command::kReplay); code >= 0) return code;
  options.model = common.model;
  const Renderer& renderer = *FindRenderer(common.format);
  return Emit(ReplayModel(options), renderer, Command::kReplay, renderer.replay);
}

}  // namespace racecheck::cli
