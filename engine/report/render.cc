// The renderer table (render.h).
#include "engine/report/render.h"

#include "engine/report/check_report.h"
#include "engine/report/replay_report.h"
#include "engine/report/run_report.h"

namespace racecheck {

namespace {

std::string Document(const nlohmann::json& doc) { return doc.dump(2) + "\n"; }

std::string CheckJson(const CheckResult& r) { return Document(RenderCheckJson(r)); }
std::string ReplayJson(const ReplayResult& r) { return Document(RenderReplayJson(r)); }
std::string RunJson(const RunResult& r) { return Document(RenderRunJson(r)); }
std::string Nothing(const RunResult&) { return ""; }
std::string NoHeading(const RunResult&, const VariantRun&, int) { return ""; }

const Renderer kRenderers[] = {
    {"text",
     "tables and explanations for people",
     /*document=*/false,
     RenderCheckText,
     RenderReplayText,
     {RenderRunHeaderText, RenderRunTrialHeadingText, RenderRunText}},
    {"json",
     "one versioned document",
     /*document=*/true,
     CheckJson,
     ReplayJson,
     {Nothing, NoHeading, RunJson}},
};

bool Supports(const Renderer& r, Command command) {
  switch (command) {
    case Command::kCheck:
      return r.check != nullptr;
    case Command::kReplay:
      return r.replay != nullptr;
    case Command::kRun:
      return r.run.summary != nullptr;
  }
  return false;
}

}  // namespace

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
