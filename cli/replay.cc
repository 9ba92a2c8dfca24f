// `racecheck replay MODEL --schedule TOKEN`: replay one schedule step by step.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"
#include "engine/trace/explain.h"
#include "engine/trace/render_text.h"
#include "engine/trace/replay.h"
#include "engine/trace/report_json.h"
#include "engine/trace/schedule.h"

namespace racecheck::cli {

int ReplayCommand(const std::vector<std::string>& args) {
  CLI::App app{
      "Replay a schedule step by step and print the table: what each step read and wrote,\n"
      "the shared variables after it, and the property it violates, if any. The schedule is\n"
      "the token a counterexample prints, e.g. 'client#0 client#1 client#0 client#1'.",
      "racecheck replay"};
  CommonOptions common;
  AddModelOptions(app, common);
  std::string schedule;
  bool without_locks = false;
  app.add_option("--schedule", schedule, "the processes that move, one per step")->required();
  app.add_flag("--without-locks", without_locks,
               "replay on the variant with every acquire/release removed");
  std::string property;
  app.add_option("--property", property,
                 "stop only at this property's violation (as the counterexamples of --all do)");
  app.footer(
      "exit codes: 0 the schedule runs and violates nothing, 1 it reaches a violation,\n"
      "2 the model, the command line or the schedule is wrong (a step that cannot run).");
  if (int code = ParseArgs(app, args); code >= 0) return code;
  std::optional<LoadedModel> loaded = LoadAndBuild(common, without_locks);
  if (!loaded) return kExitUsage;
  const System& sys = *loaded->variants.front().system;
  Result<std::vector<int32_t>> parsed = ParseSchedule(sys, schedule);
  if (!parsed.ok()) {
    std::fprintf(stderr, "racecheck: error: %s\n", parsed.status().message().c_str());
    return kExitUsage;
  }
  int32_t target = -1;
  if (!property.empty()) {
    for (size_t i = 0; i < sys.properties().size(); ++i) {
      if (sys.properties()[i].name == property) target = static_cast<int32_t>(i);
    }
    if (target < 0) {
      std::fprintf(stderr, "racecheck: error: the model has no property '%s'\n",
                   property.c_str());
      return kExitUsage;
    }
  }
  Trace trace = Replay(sys, *parsed, target);
  if (common.format == "json") {
    nlohmann::json doc = {{"format", "racecheck-replay"}, {"version", 1},
                          {"model", common.model_path},
                          {"variant", without_locks ? "without locks" : "as written"}};
    doc["trace"] = TraceJson(sys, trace);
    doc["error"] = trace.ok() ? nlohmann::json(nullptr) : nlohmann::json(trace.status.message());
    std::fputs((doc.dump(2) + "\n").c_str(), stdout);
  } else {
    std::fputs(RenderTraceText(sys, trace).c_str(), stdout);
    std::vector<std::string> why = Explain(sys, trace);
    if (!why.empty()) std::fputs(("\nwhat happened:\n" + WrapParagraphs(why)).c_str(), stdout);
  }
  if (!trace.ok()) {
    std::fprintf(stderr, "racecheck: error: %s\n", trace.status.message().c_str());
    return kExitUsage;
  }
  return trace.violated() ? kExitViolated : kExitHolds;
}

}  // namespace racecheck::cli
