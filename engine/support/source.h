// Source files and positions in them, for diagnostics.
//
// A SourceLoc is 1-based (line, column) in one SourceFile. Columns count bytes. A SourceFile owns
// the text of one model file (or of a command-line argument, such as a --set value) so that a
// diagnostic can print the offending line. SourceFiles are immutable once made; share them by
// shared_ptr<const SourceFile>. Thread-safe for concurrent reads.
#ifndef RACECHECK_ENGINE_SUPPORT_SOURCE_H_
#define RACECHECK_ENGINE_SUPPORT_SOURCE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace racecheck {

class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }
  // The text of 1-based line `line`, without its newline; empty if out of range.
  std::string_view Line(int line) const;
  int line_count() const { return static_cast<int>(line_starts_.size()); }
  // The 1-based line that holds byte `offset` of the text (in O(log lines)).
  int LineAt(size_t offset) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

struct SourceLoc {
  std::shared_ptr<const SourceFile> file;  // null: no position known (e.g. a built-in)
  int line = 0;                            // 1-based
  int col = 0;                             // 1-based
  int length = 1;                          // bytes to underline, at least 1

  bool known() const { return file != nullptr && line > 0; }
  // The location `offset` bytes further into a single-line token that starts here.
  SourceLoc Shifted(int offset, int len = 1) const {
    SourceLoc l = *this;
    l.col += offset;
    l.length = len < 1 ? 1 : len;
    return l;
  }
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_SOURCE_H_
