// Diagnostics: what racecheck says about a mistake in the user's model (error channel 1).
//
// Rendered like a compiler's message:
//   models/bad.yaml:14:13: error: unknown variable 'cont'; did you mean 'count'?
//      14 |       - c = cont
//         |             ^~~~
//   models/bad.yaml:5:3: note: 'count' is declared here
// Messages are lower-case, without a final period, names in single quotes; they say what was
// expected and what was found. A DiagnosticSink collects several before the caller gives up.
// A sink speaks one language (`--lang`): messages come from the diagnostics catalogue
// (diag_messages.h) in that language; the prefix, the excerpt and the caret do not change.
// Thread-compatible (one sink per thread).
#ifndef RACECHECK_ENGINE_SUPPORT_DIAGNOSTICS_H_
#define RACECHECK_ENGINE_SUPPORT_DIAGNOSTICS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/support/diag_messages.h"
#include "engine/support/lang.h"
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

  explicit DiagnosticSink(Lang lang = Lang::kEn) : lang_(lang) {}

  // The language of the messages.
  Lang lang() const { return lang_; }

  // Reports the catalogue's message `id` in the sink's language, with its named arguments.
  template <typename... Args>
  Diagnostic& Error(SourceLoc loc, DiagMsg id, const Args&... args) {
    return Error(std::move(loc), Text(id, args...));
  }
  // Reports `message`, already in the sink's language (made with Text).
  Diagnostic& Error(SourceLoc loc, std::string message);
  // The catalogue's message `id` in the sink's language: for a note, or a piece of a message.
  template <typename... Args>
  std::string Text(DiagMsg id, const Args&... args) const {
    return SayDiag(lang_, id, args...);
  }
  bool has_errors() const { return !errors_.empty(); }
  // True when further errors are only counted, not kept: callers may skip costly details.
  bool full() const { return static_cast<int>(errors_.size()) >= kMaxErrors; }
  const std::vector<Diagnostic>& errors() const { return errors_; }
  int dropped() const { return dropped_; }

  // All errors, rendered as text, each ending in a newline.
  std::string Render() const;

 private:
  Lang lang_;
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
