// Diagnostics: what racecheck says about a mistake in the user's model (error channel 1).
//
// Rendered like a compiler's message:
//   models/bad.yaml:14:13: error: unknown variable 'cont'; did you mean 'count'?
//      14 |       - c = cont
//         |             ^~~~
//   models/bad.yaml:5:3: note: 'count' is declared here
// Messages are lower-case, without a final period, names in single quotes; they say what was
// expected and what was found. A DiagnosticSink collects several before the caller gives up.
// Thread-compatible (one sink per thread).
#ifndef RACECHECK_ENGINE_SUPPORT_DIAGNOSTICS_H_
#define RACECHECK_ENGINE_SUPPORT_DIAGNOSTICS_H_

#include <string>
#include <string_view>
#include <vector>

#include "engine/support/source.h"

namespace racecheck {

struct DiagnosticNote {
  SourceLoc loc;
  std::string message;
};

struct Diagnostic {
  SourceLoc loc;
  std::string message;
  std::vector<DiagnosticNote> notes;
};

class DiagnosticSink {
 public:
  // Stop collecting after this many errors; further ones are counted but not kept.
  static constexpr int kMaxErrors = 20;

  Diagnostic& Error(SourceLoc loc, std::string message);
  bool has_errors() const { return !errors_.empty(); }
  // True when further errors are only counted, not kept: callers may skip costly details.
  bool full() const { return static_cast<int>(errors_.size()) >= kMaxErrors; }
  const std::vector<Diagnostic>& errors() const { return errors_; }
  int dropped() const { return dropped_; }

  // All errors, rendered as text, each ending in a newline.
  std::string Render() const;

 private:
  std::vector<Diagnostic> errors_;
  Diagnostic overflow_;
  int dropped_ = 0;
};

// One diagnostic rendered with its source line and caret, then its notes.
std::string RenderDiagnostic(const Diagnostic& d);

// The closest of `candidates` to `name` by edit distance, if close enough to suggest; else "".
std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates);
// The same over several lists, in order, as if they were one.
std::string ClosestName(std::string_view name,
                        const std::vector<const std::vector<std::string>*>& lists);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_DIAGNOSTICS_H_
