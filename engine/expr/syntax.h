// The expression parser's syntax tree and the passes over it: parse and type-check (parser.cc),
// fold constants (fold.cc), emit code (compiler.cc). Internal to engine/expr/; the public entry
// points are in expr.h.
//
// A Tree is a flat vector of Nodes addressed by index; children come before their parents. Every
// node has a type; a node is `poisoned` when it, or something under it, already had an error
// reported, so that one mistake gives one message. Thread-compatible.
#ifndef RACECHECK_ENGINE_EXPR_SYNTAX_H_
#define RACECHECK_ENGINE_EXPR_SYNTAX_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/expr/expr.h"
#include "engine/expr/lexer.h"

namespace racecheck {

enum class NodeKind : uint8_t {
  kConst,   // `value` (params and literals are constants)
  kShared,  // shared variable `index`
  kLocal,   // local slot `index`
  kSelf,    // the running process's instance index
  kUnary,   // `op` (kNeg or kNot) applied to `lhs`
  kBinary,  // `op` applied to `lhs` and `rhs` (arithmetic, comparison, min, max)
  kAnd,     // `lhs` and `rhs`, short-circuit
  kOr,      // `lhs` or `rhs`, short-circuit
  kIndex,   // element `lhs` of an array: `op` kLoadSharedAt (fields) or kLoadLocalAt (slots),
            // first element `index`, `value` elements
  kCond,    // `rhs if lhs else third`: only the branch chosen is evaluated
};

struct Node {
  NodeKind kind = NodeKind::kConst;
  Type type = Type::kInt;
  bool poisoned = false;
  Op op = Op::kReturn;
  int64_t value = 0;
  int32_t index = 0;
  int lhs = -1;
  int rhs = -1;
  int third = -1;      // kCond: the `else` value
  uint32_t begin = 0;  // byte span of the whole node in the text
  uint32_t end = 0;
  uint32_t op_begin = 0;  // the operator token, for messages
  uint32_t op_len = 0;
  std::string_view name;  // a name as written (variables, params, self), for notes
  SourceLoc decl;         // its declaration, when known
};

struct Tree {
  std::vector<Node> nodes;
};

// A recursive-descent parser over the tokens of one piece of text. Type errors are reported and
// parsing continues; a syntax error stops it.
class Parser {
 public:
  Parser(const SourceText& src, const Scope& scope, DiagnosticSink& diags);

  // Lexes src.text[begin, end); `end_name` is how the end is named in messages
  // ("end of expression", "'}'", in the sink's language). False after reporting a lexical error or
  // a text longer than the scope's max_length.
  bool Start(size_t begin, size_t end, std::string end_name);

  // Parses one expression at the cursor. nullopt after a syntax error.
  std::optional<int> ParseExpression();
  // Reports unless the cursor is at the end.
  bool ExpectEnd();

  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

  // Reports `name` as unknown, with a suggestion from the scope's candidates.
  void ReportUnknownName(const Token& name);
  // Adds "'x' is declared here" to `d` when `n` names a declared symbol.
  void NoteDecl(Diagnostic& d, const Node& n) const;

  SourceLoc Loc(uint32_t offset, uint32_t length) const { return TextLoc(src_, offset, length); }
  SourceLoc SpanLoc(const Node& n) const { return Loc(n.begin, n.end - n.begin); }
  SourceLoc OpLoc(const Node& n) const { return Loc(n.op_begin, n.op_len); }
  std::string_view OpText(const Node& n) const {
    return std::string_view(src_.text).substr(n.op_begin, n.op_len);
  }

  Tree& tree() { return tree_; }
  const Node& node(int i) const { return tree_.nodes[i]; }
  // Whether any error (syntax or type) has been reported by this parser.
  bool failed() const { return failed_; }
  DiagnosticSink& diags() { return diags_; }
  // The catalogue's message `id` in the sink's language.
  template <typename... Args>
  std::string Text(DiagMsg id, const Args&... args) const {
    return diags_.Text(id, args...);
  }

 private:
  std::optional<int> ParseCond();
  std::optional<int> ParseOr();
  std::optional<int> ParseAnd();
  std::optional<int> ParseNot();
  std::optional<int> ParseCmp();
  std::optional<int> ParseSum();
  std::optional<int> ParseTerm();
  std::optional<int> ParseUnary();
  std::optional<int> ParsePrimary();
  std::optional<int> ParseName(const Token& t);
  std::optional<int> ParseMinMax(const Token& t);
  // `held(l)`, `holder(l)`, `value(s)`; `t` is the function's name.
  std::optional<int> ParseSyncQuery(const Token& t);
  // The element `name[...]` of the array `sym`, with the cursor at '['.
  std::optional<int> ParseElement(const Token& name, const Symbol& sym);

 public:
  // `[ expr ]` at the cursor, after the array `name`: the index node (an int).
  std::optional<int> ParseBracketed(const Token& name);
  // Whether some `holder(...)` was parsed.
  bool names_process() const { return names_process_; }

 private:
  int Add(Node n);
  int MakeUnary(const Token& op, int operand);
  int MakeBinary(const Token& op, int lhs, int rhs);
  void SyntaxError(const Token& at, std::string message);
  template <typename... Args>
  void SyntaxError(const Token& at, DiagMsg id, const Args&... args) {
    SyntaxError(at, Text(id, args...));
  }
  // Reports "expression too deeply nested" at `at`.
  void TooDeep(const Token& at);
  Diagnostic& Error(SourceLoc loc, std::string message);
  template <typename... Args>
  Diagnostic& Error(SourceLoc loc, DiagMsg id, const Args&... args) {
    return Error(std::move(loc), Text(id, args...));
  }
  // "column 5", or "line 3, column 5" when `open` is on another line than `found`.
  std::string Where(const SourceLoc& open, const SourceLoc& found) const;
  // "expected ')' to close '(' at column 5, found <found_text>".
  std::string CloseMessage(const SourceLoc& open, const SourceLoc& found,
                           const std::string& found_text) const;
  // Reports "operator 'op' needs <type> operands, found <type>" unless `n` has type `want`.
  bool Need(const Node& n, Type want, std::string_view what);

  const SourceText& src_;
  const Scope& scope_;
  DiagnosticSink& diags_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  std::string end_name_;
  int depth_ = 0;
  bool failed_ = false;
  bool names_process_ = false;
  Tree tree_;
};

// Folds constant subtrees of `root` in place: arithmetic on constants, `not`/`-` of constants,
// and `and`/`or` whose left side is a constant (the right side is then not examined). Reports
// division by a constant zero and overflow. False after reporting.
bool FoldConstants(Parser& p, int root);

// Appends the code for `root` (without kReturn) to `out`.
void Emit(const Tree& tree, int root, Code& out);

// How a type is named in messages: "an int", "a bool" (in `lang`).
std::string TypeWithArticle(Lang lang, Type t);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPR_SYNTAX_H_
