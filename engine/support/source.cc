#include "engine/support/source.h"

#include <algorithm>

namespace racecheck {

SourceFile::SourceFile(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n' && i + 1 < text_.size()) line_starts_.push_back(i + 1);
  }
}

std::string_view SourceFile::Line(int line) const {
  if (line < 1 || line > line_count()) return {};
  size_t begin = line_starts_[line - 1];
  // O(1), not a search for the newline: a line can be the whole file, and this is called once
  // for every node located in it.
  size_t end = line < line_count() ? line_starts_[line] - 1 : text_.size();
  if (end == text_.size() && end > begin && text_[end - 1] == '\n') --end;
  std::string_view v(text_.data() + begin, end - begin);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

int SourceFile::LineAt(size_t offset) const {
  return static_cast<int>(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) -
                          line_starts_.begin());
}

}  // namespace racecheck
