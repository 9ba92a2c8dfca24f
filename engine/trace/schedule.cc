// Schedule tokens (schedule.h).
#include "engine/trace/schedule.h"

#include <fmt/format.h>

#include <map>

#include "engine/support/diagnostics.h"
#include "engine/support/messages.h"

namespace racecheck {

std::string FormatSchedule(const System& system, const std::vector<int32_t>& schedule) {
  std::string out;
  for (size_t i = 0; i < schedule.size(); ++i) {
    if (i > 0) out += ' ';
    out += system.processes()[schedule[i]].name;
  }
  return out;
}

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string ExampleSchedule(const System& system) {
  const int n = system.num_processes();
  if (n == 0) return "";
  if (n == 1) return system.processes()[0].name;
  return system.processes()[0].name + " " + system.processes()[1].name;
}

}  // namespace

Result<std::vector<int32_t>> ParseSchedule(const System& system, std::string_view text, Lang lang) {
  using fmt::arg;
  std::vector<std::string_view> names;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && !IsSpace(text[i])) ++i;
    if (i > start) names.push_back(text.substr(start, i - start));
  }
  if (names.empty()) {
    std::string example = ExampleSchedule(system);
    return Status::Error(example.empty()
                             ? Say(lang, Msg::kSchedEmpty)
                             : Say(lang, Msg::kSchedEmptyExample, arg("example", example)));
  }
  std::map<std::string, int32_t, std::less<>> index;
  for (int p = 0; p < system.num_processes(); ++p) index.emplace(system.processes()[p].name, p);

  std::vector<int32_t> schedule;
  schedule.reserve(names.size());
  for (size_t k = 0; k < names.size(); ++k) {
    auto it = index.find(names[k]);
    if (it != index.end()) {
      schedule.push_back(it->second);
      continue;
    }
    std::string where = names.size() > 1 ? Say(lang, Msg::kSchedEntry, arg("n", k + 1)) : "";
    std::vector<std::string> candidates;
    candidates.reserve(system.processes().size());
    for (const ProcessInfo& p : system.processes()) candidates.push_back(p.name);
    std::string hint = ClosestName(names[k], candidates);
    if (!hint.empty()) {
      return Status::Error(Say(lang, Msg::kSchedUnknownDidYouMean, arg("name", names[k]),
                               arg("where", where), arg("hint", hint)));
    }
    if (candidates.empty()) {
      return Status::Error(
          Say(lang, Msg::kSchedUnknownNoProcesses, arg("name", names[k]), arg("where", where)));
    }
    return Status::Error(Say(lang, Msg::kSchedUnknown, arg("name", names[k]), arg("where", where),
                             arg("example", candidates[0])));
  }
  return schedule;
}

}  // namespace racecheck
