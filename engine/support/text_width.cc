// Display widths by utf8proc (text_width.h).
#include "engine/support/text_width.h"

#include <utf8proc.h>

namespace racecheck {
namespace {

// The next character of `text` at byte `i`: its byte length and its columns.
void NextChar(std::string_view text, size_t i, size_t* bytes, int* cols) {
  utf8proc_int32_t cp = 0;
  const utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(&text[i]),
                                              static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
  if (n <= 0) {  // invalid UTF-8: one column per byte
    *bytes = 1;
    *cols = 1;
    return;
  }
  *bytes = static_cast<size_t>(n);
  // C0 controls take one column, as they did when every code point took one: callers use
  // them as placeholders (a space that must not break a line, held as \x01 while wrapping).
  *cols = cp < 0x20 || cp == 0x7f ? 1 : utf8proc_charwidth(cp);
}

}  // namespace

TextChar CharAt(std::string_view text, size_t i) {
  TextChar c;
  if (i < text.size()) NextChar(text, i, &c.bytes, &c.cols);
  return c;
}

int DisplayWidth(std::string_view text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) {
    size_t bytes = 0;
    int cols = 0;
    NextChar(text, i, &bytes, &cols);
    width += cols;
    i += bytes;
  }
  return width;
}

size_t PrefixBytes(std::string_view text, int cols) {
  size_t i = 0;
  int used = 0;
  while (i < text.size()) {
    size_t bytes = 0;
    int w = 0;
    NextChar(text, i, &bytes, &w);
    if (used + w > cols && i > 0) break;
    if (used + w > cols && cols <= 0) break;
    used += w;
    i += bytes;
  }
  return i;
}

std::string PadRight(std::string_view text, int width) {
  std::string out(text);
  const int w = DisplayWidth(text);
  if (w < width) out.append(static_cast<size_t>(width - w), ' ');
  return out;
}

std::string PadLeft(std::string_view text, int width) {
  const int w = DisplayWidth(text);
  std::string out = w < width ? std::string(static_cast<size_t>(width - w), ' ') : std::string();
  return out.append(text);
}

}  // namespace racecheck
