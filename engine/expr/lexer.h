// The expression lexer: splits a piece of an expression's text into tokens.
//
// Tokens carry byte offsets into the whole SourceText, so that a piece of a larger text (an
// expression inside a print format's braces) reports positions in the file. The token list
// always ends with one kEnd token at the end of the piece. Internal to engine/expr/.
// Thread-compatible; tokens view the text, which must outlive them.
#ifndef RACECHECK_ENGINE_EXPR_LEXER_H_
#define RACECHECK_ENGINE_EXPR_LEXER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/ast.h"
#include "engine/support/diagnostics.h"

namespace racecheck {

enum class Tok : uint8_t {
  kEnd,          // end of the piece of text
  kInt,          // a decimal literal that fits in int64; `value`
  kName,         // an identifier that is not a keyword
  kTrue,         // true
  kFalse,        // false
  kAnd,          // and
  kOr,           // or
  kNot,          // not
  kSelf,         // self
  kMin,          // min
  kMax,          // max
  kIf,           // if (the conditional expression `a if c else b`)
  kElse,         // else
  kLParen,       // (
  kRParen,       // )
  kComma,        // ,
  kLBracket,     // [
  kRBracket,     // ]
  kPlus,         // +
  kMinus,        // -
  kStar,         // *
  kSlash,        // /
  kPercent,      // %
  kEq,           // ==
  kNe,           // !=
  kLt,           // <
  kLe,           // <=
  kGt,           // >
  kGe,           // >=
  kBang,         // !
  kAmpAmp,       // &&
  kPipePipe,     // ||
  kAssign,       // =
  kPlusAssign,   // +=
  kMinusAssign,  // -=
};

struct Token {
  Tok kind = Tok::kEnd;
  uint32_t offset = 0;    // bytes from the start of the SourceText's text
  uint32_t length = 0;    // 0 only for kEnd
  int64_t value = 0;      // kInt
  std::string_view text;  // the token as written
};

// Lexes src.text[begin, end). On a character that starts no token or an integer literal that
// does not fit in int64, reports it and returns nullopt.
// REQUIRES: begin <= end <= src.text.size()
std::optional<std::vector<Token>> Lex(const SourceText& src, size_t begin, size_t end,
                                      DiagnosticSink& diags);

// The location of the `length` bytes at `offset` in src.text, following newlines in the text:
// after a newline, the line advances and the column restarts at 1.
SourceLoc TextLoc(const SourceText& src, size_t offset, size_t length);

// How a token is named in a message: "'x'", "')'", or `end_name` for kEnd.
std::string DescribeToken(const Token& t, std::string_view end_name);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPR_LEXER_H_
