// The renderer table: every output format racecheck writes, one row each, with one entry per
// command. A new format (HTML, DOT, ...) is one new row here plus its functions; a command
// asks the table for the format the user named and calls its entry. A null entry means the
// format does not exist for that command; FormatsFor() lists the ones that do.
//
// Renderers are pure: they turn a result into text (nothing is written anywhere), so the same
// result always renders to the same bytes. Thread-safe.
#ifndef RACECHECK_ENGINE_REPORT_RENDER_H_
#define RACECHECK_ENGINE_REPORT_RENDER_H_

#include <string>
#include <string_view>
#include <vector>

#include "engine/check/check.h"
#include "engine/check/locks.h"
#include "engine/check/replay.h"
#include "engine/check/run.h"

namespace racecheck {

// The commands whose results are rendered.
enum class Command : uint8_t { kCheck, kReplay, kRun, kLocks };
const char* CommandName(Command command);  // "check", "replay", "run", "locks"

// How a real run is written while it goes: before the first trial, after each trial whose
// prints are shown (what its processes printed), and at the end.
struct RunRenderer {
  std::string (*planned)(const RunResult&) = nullptr;
  std::string (*trial_prints)(const RunResult&, const VariantRun&, const TrialResult&) = nullptr;
  std::string (*summary)(const RunResult&) = nullptr;
};

// A command that ends without a report (a usage error, a model mistake, an interrupt before
// anything ran): what the `error` entry renders.
struct ErrorReport {
  Command command = Command::kCheck;
  int exit_code = 2;
  std::string error;        // "racecheck: error: ..." without the prefix; may be empty
  std::string diagnostics;  // rendered model diagnostics (file:line:col: error: ...); may be empty
};

struct Renderer {
  const char* name;         // as given to --format: "text", "json"
  const char* description;  // one line, for --help
  // A document (one JSON object, one HTML page): nothing else may be written to stdout, so the
  // real processes of `run` do not print.
  bool document;
  std::string (*check)(const CheckResult&);    // REQUIRES: result.has_report()
  std::string (*replay)(const ReplayResult&);  // REQUIRES: result.has_report()
  RunRenderer run;                             // REQUIRES: result.has_report()
  std::string (*locks)(const LocksResult&);    // REQUIRES: result.has_report()
  // What goes to stdout when there is no report. Text: nothing (the error and the diagnostics
  // go to stderr, as always); JSON: {"format": "racecheck-error", "version": 1, "command",
  // "exit_code", "error", "diagnostics": [one string per diagnostic]}.
  std::string (*error)(const ErrorReport&);
  // What the format needs from the engine beyond the result: the reachable state graph of each
  // variant (CheckOptions::state_graph).
  bool state_graph;
};

// The row named `name`, or null.
const Renderer* FindRenderer(std::string_view name);

// The formats that exist for `command`, in table order (the first is the default).
std::vector<std::string> FormatsFor(Command command);

// "text (default) or json (one versioned document)": for a --format flag's help.
std::string FormatsHelp(Command command);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_REPORT_RENDER_H_
