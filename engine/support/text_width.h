// The width of UTF-8 text on a terminal, for aligning tables: a CJK character takes two
// columns, a combining mark none, everything else one (utf8proc's character widths, from the
// Unicode East Asian Width and general-category tables). Invalid UTF-8 counts one column per
// byte, and so does an ASCII control character. Pure functions; thread-safe.
#ifndef RACECHECK_ENGINE_SUPPORT_TEXT_WIDTH_H_
#define RACECHECK_ENGINE_SUPPORT_TEXT_WIDTH_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace racecheck {

// The character at byte `i` of `text`: its length in bytes (at least 1) and its columns.
struct TextChar {
  size_t bytes = 1;
  int cols = 1;
};
TextChar CharAt(std::string_view text, size_t i);

// Columns that `text` takes on a terminal.
int DisplayWidth(std::string_view text);

// The byte length of the longest prefix of `text` that takes at most `cols` columns and ends on
// a character boundary; at least one character when `text` is not empty and `cols` > 0, so
// that cutting always makes progress.
size_t PrefixBytes(std::string_view text, int cols);

// `text` followed by spaces up to `width` columns (unchanged when already as wide).
std::string PadRight(std::string_view text, int width);
// Spaces, then `text`, up to `width` columns.
std::string PadLeft(std::string_view text, int width);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_TEXT_WIDTH_H_
