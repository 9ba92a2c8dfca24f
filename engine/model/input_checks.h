// The checks a model's bytes pass before the loader builds a YAML tree from them, internal to
// engine/model/ (loader.cc calls them).
//
// ReadModelFile refuses what is not a regular-sized text file (a directory, a file larger than
// the model-size limit, /dev/zero) without reading it all. CheckModelText refuses what yaml-cpp
// would silently misread: NUL bytes (binary files), invalid UTF-8, UTF-16/32 text. ScanYaml runs
// yaml-cpp's event parser once over the text, bounded: it refuses nesting deeper than the
// yaml-depth limit (before yaml-cpp's own recursion bound, which it reports only as "bad file"),
// aliases that expand to more than the yaml-aliases limit of nodes or that refer to the node
// they are in, and a second document — stopping after two documents, so that yaml-cpp 0.7's
// endless stream of empty documents on a stray ',' (jbeder/yaml-cpp#1040) is never walked.
// Every problem is a diagnostic; nothing here throws. Thread-compatible.
#ifndef RACECHECK_ENGINE_MODEL_INPUT_CHECKS_H_
#define RACECHECK_ENGINE_MODEL_INPUT_CHECKS_H_

#include <memory>
#include <optional>
#include <string>

#include "engine/model/limits.h"
#include "engine/support/diagnostics.h"
#include "engine/support/source.h"

namespace racecheck {

// The bytes of the file at `path`; nullopt after reporting why it cannot be a model.
std::optional<std::string> ReadModelFile(const std::string& path, const ModelLimits& limits,
                                         DiagnosticSink& diags);

// False after reporting a text that is too large or not UTF-8 text.
bool CheckModelText(const std::shared_ptr<const SourceFile>& file, const ModelLimits& limits,
                    DiagnosticSink& diags);

// What ScanYaml found, when the text is one well-formed document within the limits.
enum class YamlScan {
  kOk,     // one document: YAML::Load may build it
  kEmpty,  // no document, or only an empty one
  kError,  // reported
};
YamlScan ScanYaml(const std::shared_ptr<const SourceFile>& file, const ModelLimits& limits,
                  DiagnosticSink& diags);

// The location of a yaml-cpp mark (0-based line and column), 1-based, clamped to the text: an
// error at the very end of the file points after its last character. yaml-cpp does not count a
// UTF-8 byte-order mark in the columns of line 1; this does.
SourceLoc YamlMarkLoc(const std::shared_ptr<const SourceFile>& file, int line, int column);

// "invalid YAML: MESSAGE" at the yaml-cpp mark (line, column) — or, when a tab indents that line
// or the line before it (the usual cause of yaml-cpp's terse "illegal map value"), "invalid
// YAML: a tab indents this line; YAML indents with spaces only" at the tab.
void ReportYamlError(const std::shared_ptr<const SourceFile>& file, int line, int column,
                     const std::string& message, DiagnosticSink& diags);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_MODEL_INPUT_CHECKS_H_
