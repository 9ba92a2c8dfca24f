// The recursive-descent parser and type checker; the grammar is in expr.h.
#include <fmt/format.h>

#include "engine/expr/syntax.h"
#include "engine/support/check.h"

namespace racecheck {
namespace {

bool IsCompare(Tok t) {
  return t == Tok::kEq || t == Tok::kNe || t == Tok::kLt || t == Tok::kLe || t == Tok::kGt ||
         t == Tok::kGe;
}

Op BinaryOp(Tok t) {
  switch (t) {
    case Tok::kPlus:
      return Op::kAdd;
    case Tok::kMinus:
      return Op::kSub;
    case Tok::kStar:
      return Op::kMul;
    case Tok::kSlash:
      return Op::kDiv;
    case Tok::kPercent:
      return Op::kMod;
    case Tok::kEq:
      return Op::kEq;
    case Tok::kNe:
      return Op::kNe;
    case Tok::kLt:
      return Op::kLt;
    case Tok::kLe:
      return Op::kLe;
    case Tok::kGt:
      return Op::kGt;
    case Tok::kGe:
      return Op::kGe;
    case Tok::kMin:
      return Op::kMin;
    case Tok::kMax:
      return Op::kMax;
    default:
      return Op::kReturn;
  }
}

// Parentheses, `not`s, unary minuses and `min(`/`max(` nested deeper than Scope::max_depth are
// rejected, which bounds the parser's recursion (ModelLimits::expr_depth).
class DepthGuard {
 public:
  DepthGuard(int& depth, uint64_t max) : depth_(depth), max_(max) { ++depth_; }
  ~DepthGuard() { --depth_; }
  bool TooDeep() const { return static_cast<uint64_t>(depth_) > max_; }

 private:
  int& depth_;
  uint64_t max_;
};

}  // namespace

std::string TypeWithArticle(Lang lang, Type t) {
  return SayDiag(lang, t == Type::kInt ? DiagMsg::kAnInt : DiagMsg::kABool);
}

Parser::Parser(const SourceText& src, const Scope& scope, DiagnosticSink& diags)
    : src_(src), scope_(scope), diags_(diags) {}

bool Parser::Start(size_t begin, size_t end, std::string end_name) {
  end_name_ = std::move(end_name);
  pos_ = 0;
  if (end - begin > scope_.max_length) {
    Error(Loc(begin, 1), DiagMsg::kExprTooLong, fmt::arg("bytes", end - begin),
          fmt::arg("limit", LimitHint(diags_.lang(), "expr-length", scope_.max_length)));
    return false;
  }
  std::optional<std::vector<Token>> tokens = Lex(src_, begin, end, diags_);
  if (!tokens) {
    failed_ = true;
    return false;
  }
  tokens_ = std::move(*tokens);
  return true;
}

Diagnostic& Parser::Error(SourceLoc loc, std::string message) {
  failed_ = true;
  return diags_.Error(std::move(loc), std::move(message));
}

void Parser::SyntaxError(const Token& at, std::string message) {
  Error(Loc(at.offset, at.length), std::move(message));
}

void Parser::TooDeep(const Token& at) {
  SyntaxError(at, DiagMsg::kExprTooDeep,
              fmt::arg("limit", LimitHint(diags_.lang(), "expr-depth", scope_.max_depth)));
}

void Parser::NoteDecl(Diagnostic& d, const Node& n) const {
  if (n.name.empty() || !n.decl.known()) return;
  d.notes.push_back({n.decl, Text(DiagMsg::kDeclaredHere, fmt::arg("name", n.name))});
}

void Parser::ReportUnknownName(const Token& name) {
  if (diags_.full()) {  // only counted: skip the explanation and the suggestion
    Error(Loc(name.offset, name.length), DiagMsg::kUnknownName, fmt::arg("name", name.text));
    return;
  }
  if (scope_.explain_unknown) {
    std::string why = scope_.explain_unknown(name.text);
    if (!why.empty()) {
      Error(Loc(name.offset, name.length), std::move(why));
      return;
    }
  }
  std::vector<const std::vector<std::string>*> lists = {&scope_.candidates};
  lists.insert(lists.end(), scope_.candidate_lists.begin(), scope_.candidate_lists.end());
  std::string suggestion = ClosestName(name.text, lists);
  if (suggestion.empty()) {
    Error(Loc(name.offset, name.length), DiagMsg::kUnknownName, fmt::arg("name", name.text));
  } else {
    Error(Loc(name.offset, name.length), DiagMsg::kUnknownNameDidYouMean,
          fmt::arg("name", name.text), fmt::arg("suggestion", suggestion));
  }
}

bool Parser::Need(const Node& n, Type want, std::string_view what) {
  if (n.poisoned) return false;
  if (n.type == want) return true;
  Diagnostic& d = Error(SpanLoc(n), DiagMsg::kNeedFound, fmt::arg("what", what),
                        fmt::arg("type", TypeName(n.type)));
  NoteDecl(d, n);
  return false;
}

int Parser::Add(Node n) {
  tree_.nodes.push_back(std::move(n));
  return static_cast<int>(tree_.nodes.size()) - 1;
}

int Parser::MakeUnary(const Token& op, int operand) {
  Node n;
  n.kind = NodeKind::kUnary;
  n.lhs = operand;
  n.begin = op.offset;
  n.end = node(operand).end;
  n.op_begin = op.offset;
  n.op_len = op.length;
  n.poisoned = node(operand).poisoned;
  if (op.kind == Tok::kMinus) {
    n.op = Op::kNeg;
    n.type = Type::kInt;
    Need(node(operand), Type::kInt, Text(DiagMsg::kOpNeedsIntOperand, fmt::arg("op", "-")));
  } else {
    n.op = Op::kNot;
    n.type = Type::kBool;
    Need(node(operand), Type::kBool, Text(DiagMsg::kOpNeedsBoolOperand, fmt::arg("op", op.text)));
  }
  return Add(std::move(n));
}

int Parser::MakeBinary(const Token& op, int lhs, int rhs) {
  const Node& l = node(lhs);
  const Node& r = node(rhs);
  Node n;
  n.kind = NodeKind::kBinary;
  n.lhs = lhs;
  n.rhs = rhs;
  n.begin = l.begin;
  n.end = r.end;
  n.op_begin = op.offset;
  n.op_len = op.length;
  n.poisoned = l.poisoned || r.poisoned;
  n.op = BinaryOp(op.kind);
  n.type = Type::kBool;
  if (op.kind == Tok::kAnd || op.kind == Tok::kAmpAmp || op.kind == Tok::kOr ||
      op.kind == Tok::kPipePipe) {
    n.kind = op.kind == Tok::kAnd || op.kind == Tok::kAmpAmp ? NodeKind::kAnd : NodeKind::kOr;
    std::string what = Text(DiagMsg::kOpNeedsBoolOperands, fmt::arg("op", op.text));
    if (Need(l, Type::kBool, what)) Need(r, Type::kBool, what);
  } else if (op.kind == Tok::kEq || op.kind == Tok::kNe) {
    if (!n.poisoned && l.type != r.type) {
      Error(Loc(op.offset, op.length), DiagMsg::kOpNeedsSameType, fmt::arg("op", op.text),
            fmt::arg("left", TypeName(l.type)), fmt::arg("right", TypeName(r.type)));
    }
  } else {
    if (!IsCompare(op.kind)) n.type = Type::kInt;
    std::string what = Text(DiagMsg::kOpNeedsIntOperands, fmt::arg("op", op.text));
    if (Need(l, Type::kInt, what)) Need(r, Type::kInt, what);
  }
  return Add(std::move(n));
}

std::optional<int> Parser::ParseExpression() { return ParseCond(); }

// Python's `a if c else b`, the lowest precedence of all; it nests to the right.
std::optional<int> Parser::ParseCond() {
  std::optional<int> then = ParseOr();
  if (!then || Peek().kind != Tok::kIf) return then;
  Token op = Next();
  DepthGuard guard(depth_, scope_.max_depth);
  if (guard.TooDeep()) {
    TooDeep(op);
    return std::nullopt;
  }
  std::optional<int> cond = ParseOr();
  if (!cond) return std::nullopt;
  if (Peek().kind != Tok::kElse) {
    SyntaxError(
        Peek(), DiagMsg::kExpectedElse,
        fmt::arg("then", src_.text.substr(node(*then).begin, node(*then).end - node(*then).begin)),
        fmt::arg("cond", src_.text.substr(node(*cond).begin, node(*cond).end - node(*cond).begin)),
        fmt::arg("found", DescribeToken(Peek(), end_name_)));
    return std::nullopt;
  }
  Next();
  std::optional<int> orelse = ParseCond();
  if (!orelse) return std::nullopt;
  const Node& t = node(*then);
  const Node& c = node(*cond);
  const Node& e = node(*orelse);
  Node n;
  n.kind = NodeKind::kCond;
  n.lhs = *cond;
  n.rhs = *then;
  n.third = *orelse;
  n.type = t.type;
  n.begin = t.begin;
  n.end = e.end;
  n.op_begin = op.offset;
  n.op_len = op.length;
  n.poisoned = t.poisoned || c.poisoned || e.poisoned;
  Need(c, Type::kBool, Text(DiagMsg::kCondMustBeBool));
  if (!n.poisoned && t.type != e.type) {
    Error(Loc(op.offset, op.length), DiagMsg::kCondSameType, fmt::arg("then", TypeName(t.type)),
          fmt::arg("orelse", TypeName(e.type)));
  }
  return Add(std::move(n));
}

bool Parser::ExpectEnd() {
  const Token& t = Peek();
  if (t.kind == Tok::kEnd) return true;
  SyntaxError(
      t, t.kind == Tok::kAssign ? DiagMsg::kExpectedOperatorAssign : DiagMsg::kExpectedOperator,
      fmt::arg("end", end_name_), fmt::arg("found", DescribeToken(t, end_name_)));
  return false;
}

std::optional<int> Parser::ParseOr() {
  std::optional<int> lhs = ParseAnd();
  while (lhs && (Peek().kind == Tok::kOr || Peek().kind == Tok::kPipePipe)) {
    Token op = Next();
    std::optional<int> rhs = ParseAnd();
    if (!rhs) return std::nullopt;
    lhs = MakeBinary(op, *lhs, *rhs);
  }
  return lhs;
}

std::optional<int> Parser::ParseAnd() {
  std::optional<int> lhs = ParseNot();
  while (lhs && (Peek().kind == Tok::kAnd || Peek().kind == Tok::kAmpAmp)) {
    Token op = Next();
    std::optional<int> rhs = ParseNot();
    if (!rhs) return std::nullopt;
    lhs = MakeBinary(op, *lhs, *rhs);
  }
  return lhs;
}

std::optional<int> Parser::ParseNot() {
  if (Peek().kind != Tok::kNot && Peek().kind != Tok::kBang) return ParseCmp();
  Token op = Next();
  DepthGuard guard(depth_, scope_.max_depth);
  if (guard.TooDeep()) {
    TooDeep(op);
    return std::nullopt;
  }
  std::optional<int> operand = ParseNot();
  if (!operand) return std::nullopt;
  return MakeUnary(op, *operand);
}

std::optional<int> Parser::ParseCmp() {
  std::optional<int> lhs = ParseSum();
  if (!lhs || !IsCompare(Peek().kind)) return lhs;
  Token op = Next();
  std::optional<int> rhs = ParseSum();
  if (!rhs) return std::nullopt;
  if (IsCompare(Peek().kind)) {
    SyntaxError(Peek(), DiagMsg::kChainedCompare);
    return std::nullopt;
  }
  return MakeBinary(op, *lhs, *rhs);
}

std::optional<int> Parser::ParseSum() {
  std::optional<int> lhs = ParseTerm();
  while (lhs && (Peek().kind == Tok::kPlus || Peek().kind == Tok::kMinus)) {
    Token op = Next();
    std::optional<int> rhs = ParseTerm();
    if (!rhs) return std::nullopt;
    lhs = MakeBinary(op, *lhs, *rhs);
  }
  return lhs;
}

std::optional<int> Parser::ParseTerm() {
  std::optional<int> lhs = ParseUnary();
  while (lhs && (Peek().kind == Tok::kStar || Peek().kind == Tok::kSlash ||
                 Peek().kind == Tok::kPercent)) {
    Token op = Next();
    std::optional<int> rhs = ParseUnary();
    if (!rhs) return std::nullopt;
    lhs = MakeBinary(op, *lhs, *rhs);
  }
  return lhs;
}

std::optional<int> Parser::ParseUnary() {
  if (Peek().kind != Tok::kMinus) return ParsePrimary();
  Token op = Next();
  DepthGuard guard(depth_, scope_.max_depth);
  if (guard.TooDeep()) {
    TooDeep(op);
    return std::nullopt;
  }
  std::optional<int> operand = ParseUnary();
  if (!operand) return std::nullopt;
  return MakeUnary(op, *operand);
}

// Where the opening bracket at `open` is, seen from `found`: "column 5" on the same line, else
// "line 3, column 5".
std::string Parser::Where(const SourceLoc& open, const SourceLoc& found) const {
  return open.line == found.line
             ? Text(DiagMsg::kColumn, fmt::arg("col", open.col))
             : Text(DiagMsg::kLineColumn, fmt::arg("line", open.line), fmt::arg("col", open.col));
}

// "expected ')' to close '(' at column 5, found ..."
std::string Parser::CloseMessage(const SourceLoc& open, const SourceLoc& found,
                                 const std::string& found_text) const {
  return Text(DiagMsg::kExpectedCloseParen, fmt::arg("where", Where(open, found)),
              fmt::arg("found", found_text));
}

std::optional<int> Parser::ParsePrimary() {
  Token t = Next();
  switch (t.kind) {
    case Tok::kInt:
    case Tok::kTrue:
    case Tok::kFalse: {
      Node n;
      n.type = t.kind == Tok::kInt ? Type::kInt : Type::kBool;
      n.value = t.kind == Tok::kInt ? t.value : t.kind == Tok::kTrue;
      n.begin = t.offset;
      n.end = t.offset + t.length;
      return Add(std::move(n));
    }
    case Tok::kName:
    case Tok::kSelf:
      return ParseName(t);
    case Tok::kMin:
    case Tok::kMax:
      return ParseMinMax(t);
    case Tok::kLParen: {
      DepthGuard guard(depth_, scope_.max_depth);
      if (guard.TooDeep()) {
        TooDeep(t);
        return std::nullopt;
      }
      std::optional<int> inner = ParseExpression();
      if (!inner) return std::nullopt;
      const Token& close = Peek();
      if (close.kind != Tok::kRParen) {
        SyntaxError(close, CloseMessage(Loc(t.offset, 1), Loc(close.offset, close.length),
                                        DescribeToken(close, end_name_)));
        return std::nullopt;
      }
      Next();
      tree_.nodes[*inner].begin = t.offset;
      tree_.nodes[*inner].end = close.offset + close.length;
      return inner;
    }
    default:
      SyntaxError(t, DiagMsg::kExpectedExpression, fmt::arg("found", DescribeToken(t, end_name_)));
      return std::nullopt;
  }
}

std::optional<int> Parser::ParseName(const Token& t) {
  if ((t.text == "held" || t.text == "holder" || t.text == "value") &&
      Peek().kind == Tok::kLParen) {
    return ParseSyncQuery(t);
  }
  Node n;
  n.begin = t.offset;
  n.end = t.offset + t.length;
  n.name = t.text;
  std::optional<Symbol> sym = scope_.lookup ? scope_.lookup(t.text) : std::nullopt;
  if (sym && (sym->kind == Symbol::Kind::kSharedArray || sym->kind == Symbol::Kind::kLocalArray)) {
    if (Peek().kind == Tok::kLBracket) return ParseElement(t, *sym);
    Diagnostic& d = Error(Loc(t.offset, t.length), DiagMsg::kArrayNameElement,
                          fmt::arg("name", t.text), fmt::arg("n", sym->length));
    if (sym->decl.known())
      d.notes.push_back({sym->decl, Text(DiagMsg::kDeclaredHere, fmt::arg("name", t.text))});
    n.poisoned = true;
    return Add(std::move(n));
  }
  if (sym && sym->kind == Symbol::Kind::kSync) {
    Diagnostic& d = Error(Loc(t.offset, t.length),
                          sym->semaphore ? DiagMsg::kSemaphoreNotValue : DiagMsg::kLockNotValue,
                          fmt::arg("name", t.text));
    if (sym->decl.known())
      d.notes.push_back({sym->decl, Text(DiagMsg::kDeclaredHere, fmt::arg("name", t.text))});
    n.poisoned = true;
    if (Peek().kind == Tok::kLBracket && !ParseBracketed(t)) return std::nullopt;
    return Add(std::move(n));
  }
  if (sym && Peek().kind == Tok::kLBracket) {
    Diagnostic& d =
        Error(Loc(Peek().offset, Peek().length), DiagMsg::kNotAnArray, fmt::arg("name", t.text));
    if (sym->decl.known())
      d.notes.push_back({sym->decl, Text(DiagMsg::kDeclaredHere, fmt::arg("name", t.text))});
    return std::nullopt;
  }
  if (!sym) {
    if (t.kind == Tok::kSelf) {
      Error(Loc(t.offset, t.length), DiagMsg::kSelfNotHere);
    } else {
      ReportUnknownName(t);
    }
    n.poisoned = true;
    return Add(std::move(n));
  }
  n.type = sym->type;
  n.decl = sym->decl;
  switch (sym->kind) {
    case Symbol::Kind::kParam:
      n.kind = NodeKind::kConst;
      n.value = sym->type == Type::kBool ? sym->value != 0 : sym->value;
      break;
    case Symbol::Kind::kShared:
    case Symbol::Kind::kLocal:
      n.kind = sym->kind == Symbol::Kind::kShared ? NodeKind::kShared : NodeKind::kLocal;
      n.index = sym->index;
      if (!scope_.allow_state) {
        Diagnostic& d =
            Error(Loc(t.offset, t.length), DiagMsg::kVariableNotAllowed, fmt::arg("name", t.text));
        NoteDecl(d, n);
      }
      break;
    case Symbol::Kind::kSelf:
      n.kind = NodeKind::kSelf;
      n.type = Type::kInt;
      break;
    case Symbol::Kind::kSharedArray:
    case Symbol::Kind::kLocalArray:
    case Symbol::Kind::kSync:
      RC_CHECK(false);  // handled above
      break;
  }
  return Add(std::move(n));
}

std::optional<int> Parser::ParseBracketed(const Token& name) {
  Token open = Next();
  RC_CHECK(open.kind == Tok::kLBracket);
  DepthGuard guard(depth_, scope_.max_depth);
  if (guard.TooDeep()) {
    TooDeep(open);
    return std::nullopt;
  }
  std::optional<int> index = ParseExpression();
  if (!index) return std::nullopt;
  const Token& close = Peek();
  if (close.kind != Tok::kRBracket) {
    SyntaxError(close, DiagMsg::kExpectedCloseBracket,
                fmt::arg("where", Where(Loc(open.offset, 1), Loc(close.offset, close.length))),
                fmt::arg("found", DescribeToken(close, end_name_)));
    return std::nullopt;
  }
  Next();
  Need(node(*index), Type::kInt, Text(DiagMsg::kIndexMustBeInt, fmt::arg("name", name.text)));
  return index;
}

std::optional<int> Parser::ParseElement(const Token& name, const Symbol& sym) {
  std::optional<int> index = ParseBracketed(name);
  if (!index) return std::nullopt;
  Node n;
  n.kind = NodeKind::kIndex;
  n.op = sym.kind == Symbol::Kind::kLocalArray ? Op::kLoadLocalAt : Op::kLoadSharedAt;
  n.type = sym.type;
  n.index = sym.index;
  n.value = sym.length;
  n.lhs = *index;
  n.begin = name.offset;
  n.end = tokens_[pos_ - 1].offset + tokens_[pos_ - 1].length;
  n.op_begin = name.offset;
  n.op_len = name.length;
  n.name = name.text;
  n.decl = sym.decl;
  n.poisoned = node(*index).poisoned;
  if (!scope_.allow_state) {
    Diagnostic& d = Error(Loc(name.offset, name.length), DiagMsg::kVariableNotAllowed,
                          fmt::arg("name", name.text));
    NoteDecl(d, n);
  }
  return Add(std::move(n));
}

std::optional<int> Parser::ParseSyncQuery(const Token& t) {
  DepthGuard guard(depth_, scope_.max_depth);
  if (guard.TooDeep()) {
    TooDeep(t);
    return std::nullopt;
  }
  const bool want_semaphore = t.text == "value";
  Token open = Next();  // '('
  Token name = Next();
  if (name.kind != Tok::kName) {
    SyntaxError(name, want_semaphore ? DiagMsg::kExpectedSemaphoreName : DiagMsg::kExpectedLockName,
                fmt::arg("fn", t.text), fmt::arg("found", DescribeToken(name, end_name_)));
    return std::nullopt;
  }
  std::optional<Symbol> sym = scope_.lookup ? scope_.lookup(name.text) : std::nullopt;
  Node base;
  base.kind = NodeKind::kShared;
  base.begin = name.offset;
  base.end = name.offset + name.length;
  base.name = name.text;
  if (!sym) {
    ReportUnknownName(name);
    base.poisoned = true;
  } else if (sym->kind != Symbol::Kind::kSync || sym->semaphore != want_semaphore) {
    const bool variable = sym->kind != Symbol::Kind::kSync;
    const DiagMsg msg =
        want_semaphore
            ? (variable ? DiagMsg::kTakesSemaphoreVariable : DiagMsg::kTakesSemaphoreLock)
            : (variable ? DiagMsg::kTakesLockVariable : DiagMsg::kTakesLockSemaphore);
    Diagnostic& d = Error(Loc(name.offset, name.length), msg, fmt::arg("fn", t.text),
                          fmt::arg("name", name.text));
    if (sym->decl.known()) {
      d.notes.push_back({sym->decl, Text(DiagMsg::kDeclaredHere, fmt::arg("name", name.text))});
    }
    base.poisoned = true;
  } else {
    base.index = sym->index;
    base.decl = sym->decl;
    base.type = Type::kInt;
    if (!scope_.allow_state) {
      Error(Loc(name.offset, name.length),
            want_semaphore ? DiagMsg::kSemaphoreNotAllowed : DiagMsg::kLockNotAllowed,
            fmt::arg("name", name.text));
    }
  }
  int operand;
  if (sym && sym->kind == Symbol::Kind::kSync && sym->length > 0) {
    if (Peek().kind != Tok::kLBracket) {
      SyntaxError(Peek(), DiagMsg::kArrayNameOne, fmt::arg("name", name.text),
                  fmt::arg("n", sym->length));
      return std::nullopt;
    }
    std::optional<int> index = ParseBracketed(name);
    if (!index) return std::nullopt;
    base.kind = NodeKind::kIndex;
    base.op = Op::kLoadSharedAt;
    base.value = sym->length;
    base.lhs = *index;
    base.end = tokens_[pos_ - 1].offset + tokens_[pos_ - 1].length;
    base.poisoned = base.poisoned || node(*index).poisoned;
  } else if (Peek().kind == Tok::kLBracket) {
    SyntaxError(Peek(), DiagMsg::kNotAnArray, fmt::arg("name", name.text));
    return std::nullopt;
  }
  operand = Add(std::move(base));
  const Token& close = Peek();
  if (close.kind != Tok::kRParen) {
    SyntaxError(close, CloseMessage(Loc(open.offset, 1), Loc(close.offset, close.length),
                                    DescribeToken(close, end_name_)));
    return std::nullopt;
  }
  Next();
  if (t.text == "value") {
    tree_.nodes[operand].begin = t.offset;
    tree_.nodes[operand].end = close.offset + close.length;
    return operand;
  }
  Node k;
  k.kind = NodeKind::kConst;
  k.value = t.text == "held" ? 0 : 1;
  k.begin = t.offset;
  k.end = t.offset;
  const int konst = Add(std::move(k));
  Node n;
  n.kind = NodeKind::kBinary;
  n.op = t.text == "held" ? Op::kNe : Op::kSub;
  n.type = t.text == "held" ? Type::kBool : Type::kInt;
  n.lhs = operand;
  n.rhs = konst;
  n.begin = t.offset;
  n.end = close.offset + close.length;
  n.op_begin = t.offset;
  n.op_len = t.length;
  n.poisoned = node(operand).poisoned;
  if (t.text == "holder") names_process_ = true;
  return Add(std::move(n));
}

std::optional<int> Parser::ParseMinMax(const Token& t) {
  DepthGuard guard(depth_, scope_.max_depth);
  if (guard.TooDeep()) {
    TooDeep(t);
    return std::nullopt;
  }
  const Token& open = Peek();
  if (open.kind != Tok::kLParen) {
    SyntaxError(open, DiagMsg::kExpectedOpenParen, fmt::arg("fn", t.text),
                fmt::arg("found", DescribeToken(open, end_name_)));
    return std::nullopt;
  }
  Token open_tok = Next();
  std::optional<int> a = ParseExpression();
  if (!a) return std::nullopt;
  if (Peek().kind != Tok::kComma) {
    SyntaxError(Peek(), DiagMsg::kExpectedComma, fmt::arg("fn", t.text),
                fmt::arg("found", DescribeToken(Peek(), end_name_)));
    return std::nullopt;
  }
  Next();
  std::optional<int> b = ParseExpression();
  if (!b) return std::nullopt;
  const Token& close = Peek();
  if (close.kind != Tok::kRParen) {
    std::string msg = close.kind == Tok::kComma
                          ? Text(DiagMsg::kTakesTwoArgs, fmt::arg("fn", t.text))
                          : CloseMessage(Loc(open_tok.offset, 1), Loc(close.offset, close.length),
                                         DescribeToken(close, end_name_));
    SyntaxError(close, std::move(msg));
    return std::nullopt;
  }
  Next();
  Node n;
  n.kind = NodeKind::kBinary;
  n.op = BinaryOp(t.kind);
  n.type = Type::kInt;
  n.lhs = *a;
  n.rhs = *b;
  n.begin = t.offset;
  n.end = close.offset + close.length;
  n.op_begin = t.offset;
  n.op_len = t.length;
  n.poisoned = node(*a).poisoned || node(*b).poisoned;
  std::string what = Text(DiagMsg::kNeedsIntArgs, fmt::arg("fn", t.text));
  if (Need(node(*a), Type::kInt, what)) Need(node(*b), Type::kInt, what);
  return Add(std::move(n));
}

}  // namespace racecheck
