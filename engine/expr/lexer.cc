#include "engine/expr/lexer.h"

#include <fmt/format.h>

#include <algorithm>

namespace racecheck {
namespace {

struct Keyword {
  std::string_view text;
  Tok kind;
};
constexpr Keyword kKeywords[] = {
    {"true", Tok::kTrue}, {"false", Tok::kFalse}, {"and", Tok::kAnd}, {"or", Tok::kOr},
    {"not", Tok::kNot},   {"self", Tok::kSelf},   {"min", Tok::kMin}, {"max", Tok::kMax},
    {"if", Tok::kIf},     {"else", Tok::kElse},
};

// Operators, longest first so that "<=" wins over "<".
struct Punct {
  std::string_view text;
  Tok kind;
};
constexpr Punct kPuncts[] = {
    {"==", Tok::kEq},         {"!=", Tok::kNe},          {"<=", Tok::kLe},
    {">=", Tok::kGe},         {"&&", Tok::kAmpAmp},      {"||", Tok::kPipePipe},
    {"+=", Tok::kPlusAssign}, {"-=", Tok::kMinusAssign}, {"(", Tok::kLParen},
    {")", Tok::kRParen},      {",", Tok::kComma},        {"[", Tok::kLBracket},
    {"]", Tok::kRBracket},    {"+", Tok::kPlus},         {"-", Tok::kMinus},
    {"*", Tok::kStar},        {"/", Tok::kSlash},        {"%", Tok::kPercent},
    {"<", Tok::kLt},          {">", Tok::kGt},           {"!", Tok::kBang},
    {"=", Tok::kAssign},
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || IsDigit(c); }

std::string QuoteChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u < 0x20 || u >= 0x7f) return fmt::format("'\\x{:02x}'", u);
  return fmt::format("'{}'", c);
}

}  // namespace

SourceLoc TextLoc(const SourceText& src, size_t offset, size_t length) {
  std::string_view text = src.text;
  offset = std::min(offset, text.size());
  std::string_view before = text.substr(0, offset);
  size_t last_newline = before.rfind('\n');
  if (last_newline == std::string_view::npos) {
    return src.loc.Shifted(static_cast<int>(offset), static_cast<int>(length));
  }
  SourceLoc loc = src.loc;
  loc.line += static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  loc.col = static_cast<int>(offset - last_newline);
  loc.length = std::max<int>(1, static_cast<int>(length));
  return loc;
}

std::string DescribeToken(const Token& t, std::string_view end_name) {
  if (t.kind == Tok::kEnd) return std::string(end_name);
  return fmt::format("'{}'", t.text);
}

std::optional<std::vector<Token>> Lex(const SourceText& src, size_t begin, size_t end,
                                      DiagnosticSink& diags) {
  std::string_view text = src.text;
  std::vector<Token> tokens;
  size_t i = begin;
  while (true) {
    while (i < end && IsSpace(text[i])) ++i;
    Token t;
    t.offset = static_cast<uint32_t>(i);
    if (i >= end) {
      t.kind = Tok::kEnd;
      t.text = text.substr(end, 0);
      tokens.push_back(t);
      return tokens;
    }
    char c = text[i];
    size_t j = i;
    if (IsDigit(c)) {
      bool too_large = false;
      int64_t value = 0;
      while (j < end && IsDigit(text[j])) {
        int digit = text[j] - '0';
        if (value > (INT64_MAX - digit) / 10) too_large = true;
        if (!too_large) value = value * 10 + digit;
        ++j;
      }
      t.kind = Tok::kInt;
      t.value = value;
      t.text = text.substr(i, j - i);
      if (too_large) {
        diags.Error(TextLoc(src, i, j - i), DiagMsg::kIntTooLarge, fmt::arg("text", t.text),
                    fmt::arg("max", INT64_MAX));
        return std::nullopt;
      }
    } else if (IsNameStart(c)) {
      while (j < end && IsNameChar(text[j])) ++j;
      t.kind = Tok::kName;
      t.text = text.substr(i, j - i);
      for (const Keyword& k : kKeywords) {
        if (k.text == t.text) t.kind = k.kind;
      }
    } else {
      for (const Punct& p : kPuncts) {
        if (text.substr(i, std::min(p.text.size(), end - i)) == p.text) {
          t.kind = p.kind;
          j = i + p.text.size();
          break;
        }
      }
      if (j == i) {
        const DiagMsg msg = c == '&'   ? DiagMsg::kUnexpectedAmp
                            : c == '|' ? DiagMsg::kUnexpectedPipe
                                       : DiagMsg::kUnexpectedChar;
        diags.Error(TextLoc(src, i, 1), msg, fmt::arg("char", QuoteChar(c)));
        return std::nullopt;
      }
      t.text = text.substr(i, j - i);
    }
    t.length = static_cast<uint32_t>(j - i);
    tokens.push_back(t);
    i = j;
  }
}

}  // namespace racecheck
