// Pieces shared by the racecheck commands: the model options, parsing, writing a result, and
// sizes for humans. The commands themselves only turn flags into an engine request, call the
// engine (engine/check), hand the result to a renderer (engine/report/render.h) and return the
// exit code the result's outcome means.
#ifndef RACECHECK_CLI_COMMON_H_
#define RACECHECK_CLI_COMMON_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cli/signals.h"
#include "engine/check/outcome.h"
#include "engine/check/variants.h"
#include "engine/report/render.h"

namespace racecheck::cli {

struct CommonOptions {
  ModelRequest model;
  std::string format = "text";
};

// --lang (default: RACECHECK_LANG, else English) into *lang, with `help`; a language that does
// not exist, on the command line or in RACECHECK_LANG, is a usage error that lists the choices.
void AddLangOption(CLI::App& app, Lang* lang, const std::string& help);

// MODEL, --set, --format (the formats the renderer table has for `command`), --limit, and
// --lang (default: RACECHECK_LANG, else English); a language that does not exist, on the command
// line or in RACECHECK_LANG, is a usage error that lists the choices.
void AddModelOptions(CLI::App& app, CommonOptions& common, Command command);

// Parses `args` (without the program and command names). Returns -1 to go on, or the exit
// code to return now (0 after --help, 2 after a usage error, printed to stderr; with
// `--format json` among the arguments, also as an error document on stdout).
int ParseArgs(CLI::App& app, const std::vector<std::string>& args, Command command);

// Prints "racecheck: error: MESSAGE" on stderr (and, for a document format, the error document
// on stdout) and returns the usage exit code (2).
int UsageError(const std::string& message, Command command, const std::string& format);

// Writes a result: its diagnostics and error on stderr; on stdout its report rendered by
// `render` when it has one, else what the renderer's `error` entry says (a JSON error document).
// Returns the exit code of its outcome.
template <class Result>
int Emit(const Result& result, const Renderer& renderer, Command command,
         std::string (*render)(const Result&)) {
  WritingReport writing;  // nothing to clean up any more: a stop signal ends racecheck now
  if (!result.diagnostics.empty()) std::fputs(result.diagnostics.c_str(), stderr);
  if (result.has_report()) {
    std::fputs(render(result).c_str(), stdout);
  } else {
    std::fputs(renderer.error({command, ExitCode(result.outcome), result.error, result.diagnostics})
                   .c_str(),
               stdout);
  }
  std::fflush(stdout);
  if (!result.error.empty()) std::fprintf(stderr, "racecheck: error: %s\n", result.error.c_str());
  return ExitCode(result.outcome);
}

// Validators for numeric flags, checked on the text as typed (before CLI11 converts it), so that
// "-1" for a count, "99999999999999999999", "nan", "inf" or "1e300" are refused with a message
// instead of wrapping around or slipping past a range check:
//   "--max-states: expected a whole number from 0 to 4294967280, found '-1'".
CLI::Validator WholeNumber(uint64_t lo, uint64_t hi);
// A finite decimal number in [lo, hi] (or (lo, hi] with `lo_open`).
CLI::Validator RealNumber(double lo, double hi, bool lo_open = false);

std::optional<uint64_t> ParseSize(const std::string& text);  // "512M", "4G", "1000"
std::string Bytes(uint64_t n);                               // "12.3 MiB"

}  // namespace racecheck::cli

#endif  // RACECHECK_CLI_COMMON_H_
