// The renderer table (render.h).
#include "engine/report/render.h"

#include "engine/report/check_report.h"
#include "engine/report/dot_report.h"
#include "engine/report/html_report.h"
#include "engine/report/locks_report.h"
#include "engine/report/replay_report.h"
#include "engine/report/run_report.h"

namespace racecheck {

namespace {

std::string Document(const nlohmann::json& doc) { return doc.dump(2) + "\n"; }

std::string CheckJson(const CheckResult& r) { return Document(RenderCheckJson(r)); }
std::string ReplayJson(const ReplayResult& r) { return Document(RenderReplayJson(r)); }
std::string RunJson(const RunResult& r) { return Document(RenderRunJson(r)); }
std::string LocksJson(const LocksResult& r) { return Document(RenderLocksJson(r)); }
std::string Nothing(const RunResult&) { return ""; }
std::string NoPrints(const RunResult&, const VariantRun&, const TrialResult&) { return ""; }
std::string NoError(const ErrorReport&) { return ""; }

// The rendered diagnostics, one string per diagnostic with its source lines and notes: a new
// one starts at each line that says "error:" or "warning:" at its start (after the place).
std::vector<std::string> SplitDiagnostics(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    end = end == std::string::npos ? text.size() : end + 1;
    const std::string line = text.substr(at, end - at);
    const size_t colon = line.find(": ");
    const bool head = !line.empty() && line[0] != ' ' && colon != std::string::npos &&
                      (line.compare(colon + 2, 6, "error:") == 0 ||
                       line.compare(colon + 2, 8, "warning:") == 0 || line.rfind("error:", 0) == 0);
    if (head || out.empty()) out.emplace_back();
    out.back() += line;
    at = end;
  }
  return out;
}

std::string ErrorJson(const ErrorReport& e) {
  nlohmann::json doc = {{"format", "racecheck-error"},
                        {"version", 1},
                        {"command", CommandName(e.command)},
                        {"exit_code", e.exit_code},
                        {"error", !e.error.empty()         ? nlohmann::json(e.error)
                                  : !e.diagnostics.empty() ? nlohmann::json("the model is wrong")
                                                           : nlohmann::json(nullptr)},
                        {"diagnostics", SplitDiagnostics(e.diagnostics)}};
  return Document(doc);
}

const Renderer kRenderers[] = {
    {"text",
     "tables and explanations for people",
     /*document=*/false,
     RenderCheckText,
     RenderReplayText,
     {RenderRunHeaderText, RenderRunTrialPrintsText, RenderRunText},
     RenderLocksText,
     NoError,
     /*state_graph=*/false},
    {"json",
     "one versioned document",
     /*document=*/true,
     CheckJson,
     ReplayJson,
     {Nothing, NoPrints, RunJson},
     LocksJson,
     ErrorJson,
     /*state_graph=*/false},
    {"html",
     "one self-contained page: timelines, verdicts, histograms",
     /*document=*/true,
     RenderCheckHtml,
     RenderReplayHtml,
     {Nothing, NoPrints, RenderRunHtml},
     RenderLocksHtml,
     NoError,
     /*state_graph=*/false},
    {"dot",
     "the reachable state graph, for Graphviz; small models only",
     /*document=*/true,
     RenderCheckDot,
     nullptr,
     {},
     nullptr,
     NoError,
     /*state_graph=*/true},
};

bool Supports(const Renderer& r, Command command) {
  switch (command) {
    case Command::kCheck:
      return r.check != nullptr;
    case Command::kReplay:
      return r.replay != nullptr;
    case Command::kRun:
      return r.run.summary != nullptr;
    case Command::kLocks:
      return r.locks != nullptr;
  }
  return false;
}

}  // namespace

const char* CommandName(Command command) {
  switch (command) {
    case Command::kCheck:
      return "check";
    case Command::kReplay:
      return "replay";
    case Command::kRun:
      return "run";
    case Command::kLocks:
      return "locks";
  }
  return "?";
}

const Renderer* FindRenderer(std::string_view name) {
  for (const Renderer& r : kRenderers) {
    if (name == r.name) return &r;
  }
  return nullptr;
}

std::vector<std::string> FormatsFor(Command command) {
  std::vector<std::string> out;
  for (const Renderer& r : kRenderers) {
    if (Supports(r, command)) out.push_back(r.name);
  }
  return out;
}

std::string FormatsHelp(Command command) {
  std::vector<const Renderer*> rows;
  for (const Renderer& r : kRenderers) {
    if (Supports(r, command)) rows.push_back(&r);
  }
  std::string out;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) out += i + 1 == rows.size() ? " or " : ", ";
    out += std::string(rows[i]->name) + " (" + (i == 0 ? "default" : rows[i]->description) + ")";
  }
  return out;
}

}  // namespace racecheck
