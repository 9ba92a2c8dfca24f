// The replay report (replay_report.h).
#include "engine/report/replay_report.h"

#include "engine/support/messages.h"
#include "engine/trace/explain.h"
#include "engine/trace/render_text.h"
#include "engine/trace/report_json.h"

namespace racecheck {

std::string RenderReplayText(const ReplayResult& result) {
  const System& sys = *result.system;
  const Trace& trace = *result.trace;
  RenderTextOptions options;
  options.lang = result.lang;
  std::string out = RenderTraceText(sys, trace, options);
  std::vector<std::string> why = Explain(sys, trace, result.lang);
  if (!why.empty()) out += "\n" + Say(result.lang, Msg::kWhatHappened) + "\n" + WrapParagraphs(why);
  return out;
}

nlohmann::json RenderReplayJson(const ReplayResult& result) {
  const Trace& trace = *result.trace;
  nlohmann::json doc = {{"format", "racecheck-replay"},
                        {"version", 1},
                        {"model", result.model_path},
                        {"variant", result.variant}};
  doc["trace"] = TraceJson(*result.system, trace);
  doc["error"] = trace.ok() ? nlohmann::json(nullptr) : nlohmann::json(trace.status.message());
  return doc;
}

}  // namespace racecheck
