// The reference's expressions: lexer, parser, binder, evaluator. See ref_expr.h.
#include "tests/reference/ref_expr.h"

#include <cctype>
#include <limits>

namespace racecheck::reference {
namespace {

// Token kinds: a keyword or operator is its own text; the rest are these.
enum class T : uint8_t { kEnd, kInt, kName, kOp };

struct Token {
  T kind = T::kEnd;
  std::string text;   // kName, kOp: as written (keywords are kName with their text)
  int64_t value = 0;  // kInt
};

bool Lex(const std::string& s, std::vector<Token>* out, std::string* error) {
  static constexpr const char* kOps[] = {
      "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "(", ")", "[",
      "]",  ",",  "+",  "-",  "*",  "/",  "%",  "<",  ">", "!", "="};
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    Token t;
    if (std::isdigit(c)) {
      int64_t v = 0;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        const int d = s[i] - '0';
        if (v > (std::numeric_limits<int64_t>::max() - d) / 10) {
          *error = "integer literal does not fit in int64";
          return false;
        }
        v = v * 10 + d;
        ++i;
      }
      if (i < s.size() && (std::isalpha(static_cast<unsigned char>(s[i])) || s[i] == '_')) {
        *error = "a letter right after a number";
        return false;
      }
      t.kind = T::kInt;
      t.value = v;
      out->push_back(t);
      continue;
    }
    if (std::isalpha(c) || c == '_') {
      size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      t.kind = T::kName;
      t.text = s.substr(i, j - i);
      out->push_back(t);
      i = j;
      continue;
    }
    bool matched = false;
    for (const char* op : kOps) {
      const std::string o(op);
      if (s.compare(i, o.size(), o) == 0) {
        t.kind = T::kOp;
        t.text = o;
        out->push_back(t);
        i += o.size();
        matched = true;
        break;
      }
    }
    if (!matched) {
      *error = std::string("unexpected character '") + s[i] + "'";
      return false;
    }
  }
  out->push_back(Token{});
  return true;
}

bool IsKeyword(const std::string& w) {
  return w == "true" || w == "false" || w == "and" || w == "or" || w == "not" || w == "self" ||
         w == "min" || w == "max" || w == "if" || w == "else";
}

std::unique_ptr<Expr> Leaf(Node n, int64_t value) {
  auto e = std::make_unique<Expr>();
  e->node = n;
  e->value = value;
  return e;
}

std::unique_ptr<Expr> Pair(Node n, std::unique_ptr<Expr> a, std::unique_ptr<Expr> b) {
  auto e = std::make_unique<Expr>();
  e->node = n;
  e->a = std::move(a);
  e->b = std::move(b);
  return e;
}

// Recursive descent over the token list, one function per grammar rule (ref_expr.h).
class Parser {
 public:
  Parser(std::vector<Token> toks, std::string* error) : t_(std::move(toks)), error_(error) {}

  std::unique_ptr<Expr> Whole() {
    std::unique_ptr<Expr> e = Cond();
    if (e && !AtEnd()) return Fail("unexpected token after the expression");
    return e;
  }
  std::unique_ptr<Expr> Cond() {
    std::unique_ptr<Expr> then = Or();
    if (!then || !IsWord("if")) return then;
    ++at_;
    std::unique_ptr<Expr> c = Or();
    if (!c) return nullptr;
    if (!IsWord("else")) return Fail("expected 'else'");
    ++at_;
    std::unique_ptr<Expr> orelse = Cond();
    if (!orelse) return nullptr;
    auto e = Pair(Node::kCond, std::move(c), std::move(then));
    e->c = std::move(orelse);
    return e;
  }
  // NAME or NAME "[" expr "]" at the cursor.
  std::unique_ptr<Expr> Ref() {
    const Token& t = t_[at_];
    if (t.kind != T::kName || IsKeyword(t.text)) return Fail("expected a name");
    ++at_;
    auto e = std::make_unique<Expr>();
    e->node = Node::kName;
    e->name = t.text;
    if (!IsOp("[")) return e;
    ++at_;
    std::unique_ptr<Expr> i = Cond();
    if (!i) return nullptr;
    if (!IsOp("]")) return Fail("expected ']'");
    ++at_;
    return Pair(Node::kIndex, std::move(e), std::move(i));
  }
  std::unique_ptr<Expr> Or() {
    std::unique_ptr<Expr> e = And();
    while (e && (IsOp("||") || IsWord("or"))) {
      ++at_;
      std::unique_ptr<Expr> r = And();
      if (!r) return nullptr;
      e = Pair(Node::kOr, std::move(e), std::move(r));
    }
    return e;
  }
  bool AtEnd() const { return t_[at_].kind == T::kEnd; }
  bool IsOp(const char* op) const { return t_[at_].kind == T::kOp && t_[at_].text == op; }
  bool IsWord(const char* w) const { return t_[at_].kind == T::kName && t_[at_].text == w; }

 private:
  std::unique_ptr<Expr> Fail(const std::string& why) {
    if (error_->empty()) *error_ = why;
    return nullptr;
  }
  std::unique_ptr<Expr> And() {
    std::unique_ptr<Expr> e = Not();
    while (e && (IsOp("&&") || IsWord("and"))) {
      ++at_;
      std::unique_ptr<Expr> r = Not();
      if (!r) return nullptr;
      e = Pair(Node::kAnd, std::move(e), std::move(r));
    }
    return e;
  }
  std::unique_ptr<Expr> Not() {
    if (IsOp("!") || IsWord("not")) {
      ++at_;
      std::unique_ptr<Expr> a = Not();
      if (!a) return nullptr;
      return Pair(Node::kNot, std::move(a), nullptr);
    }
    return Cmp();
  }
  std::optional<Node> CmpOp() const {
    static constexpr std::pair<const char*, Node> kCmp[] = {{"==", Node::kEq}, {"!=", Node::kNe},
                                                            {"<", Node::kLt},  {"<=", Node::kLe},
                                                            {">", Node::kGt},  {">=", Node::kGe}};
    for (const auto& [op, n] : kCmp) {
      if (IsOp(op)) return n;
    }
    return std::nullopt;
  }
  std::unique_ptr<Expr> Cmp() {
    std::unique_ptr<Expr> e = Sum();
    if (!e) return nullptr;
    if (std::optional<Node> n = CmpOp()) {
      ++at_;
      std::unique_ptr<Expr> r = Sum();
      if (!r) return nullptr;
      if (CmpOp()) return Fail("comparisons cannot be chained");
      e = Pair(*n, std::move(e), std::move(r));
    }
    return e;
  }
  std::unique_ptr<Expr> Sum() {
    std::unique_ptr<Expr> e = Term();
    while (e && (IsOp("+") || IsOp("-"))) {
      const Node n = IsOp("+") ? Node::kAdd : Node::kSub;
      ++at_;
      std::unique_ptr<Expr> r = Term();
      if (!r) return nullptr;
      e = Pair(n, std::move(e), std::move(r));
    }
    return e;
  }
  std::unique_ptr<Expr> Term() {
    std::unique_ptr<Expr> e = Unary();
    while (e && (IsOp("*") || IsOp("/") || IsOp("%"))) {
      const Node n = IsOp("*") ? Node::kMul : IsOp("/") ? Node::kDiv : Node::kMod;
      ++at_;
      std::unique_ptr<Expr> r = Unary();
      if (!r) return nullptr;
      e = Pair(n, std::move(e), std::move(r));
    }
    return e;
  }
  std::unique_ptr<Expr> Unary() {
    if (IsOp("-")) {
      ++at_;
      std::unique_ptr<Expr> a = Unary();
      if (!a) return nullptr;
      return Pair(Node::kNeg, std::move(a), nullptr);
    }
    return Primary();
  }
  std::unique_ptr<Expr> Primary() {
    const Token& t = t_[at_];
    if (t.kind == T::kInt) {
      ++at_;
      return Leaf(Node::kInt, t.value);
    }
    if (IsOp("(")) {
      ++at_;
      std::unique_ptr<Expr> e = Cond();
      if (!e) return nullptr;
      if (!IsOp(")")) return Fail("expected ')'");
      ++at_;
      return e;
    }
    if (t.kind != T::kName) return Fail("expected a value");
    if (t.text == "true" || t.text == "false") {
      ++at_;
      return Leaf(Node::kBool, t.text == "true" ? 1 : 0);
    }
    if (t.text == "self") {
      ++at_;
      return Leaf(Node::kSelf, 0);
    }
    if (t.text == "min" || t.text == "max") {
      const Node n = t.text == "min" ? Node::kMin : Node::kMax;
      ++at_;
      if (!IsOp("(")) return Fail("expected '(' after min/max");
      ++at_;
      std::unique_ptr<Expr> a = Cond();
      if (!a) return nullptr;
      if (!IsOp(",")) return Fail("expected ','");
      ++at_;
      std::unique_ptr<Expr> b = Cond();
      if (!b) return nullptr;
      if (!IsOp(")")) return Fail("expected ')'");
      ++at_;
      return Pair(n, std::move(a), std::move(b));
    }
    if (IsKeyword(t.text)) return Fail("unexpected '" + t.text + "'");
    if ((t.text == "held" || t.text == "holder" || t.text == "value") &&
        t_[at_ + 1].kind == T::kOp && t_[at_ + 1].text == "(") {
      const Node n = t.text == "held"     ? Node::kHeld
                     : t.text == "holder" ? Node::kHolder
                                          : Node::kValue;
      at_ += 2;
      std::unique_ptr<Expr> r = Ref();
      if (!r) return nullptr;
      if (!IsOp(")")) return Fail("expected ')'");
      ++at_;
      return Pair(n, std::move(r), nullptr);
    }
    return Ref();
  }

  std::vector<Token> t_;
  size_t at_ = 0;
  std::string* error_;
};

EvalResult TypeError(const std::string& what) {
  EvalResult r;
  r.error = EvalError::kType;
  r.type_error = what;
  return r;
}

EvalResult Ok(int64_t v, bool is_bool) {
  EvalResult r;
  r.value = Value{v, is_bool};
  return r;
}

EvalResult Err(EvalError e) {
  EvalResult r;
  r.error = e;
  return r;
}

// Integer arithmetic as the docs define it: C's truncating / and %, every int64 overflow an
// error, division and modulo by zero errors.
EvalResult Arith(Node n, int64_t a, int64_t b) {
  int64_t out = 0;
  switch (n) {
    case Node::kAdd:
      if (__builtin_add_overflow(a, b, &out)) return Err(EvalError::kOverflow);
      return Ok(out, false);
    case Node::kSub:
      if (__builtin_sub_overflow(a, b, &out)) return Err(EvalError::kOverflow);
      return Ok(out, false);
    case Node::kMul:
      if (__builtin_mul_overflow(a, b, &out)) return Err(EvalError::kOverflow);
      return Ok(out, false);
    case Node::kDiv:
      if (b == 0) return Err(EvalError::kDivByZero);
      if (a == std::numeric_limits<int64_t>::min() && b == -1) return Err(EvalError::kOverflow);
      return Ok(a / b, false);
    case Node::kMod:
      if (b == 0) return Err(EvalError::kDivByZero);
      if (b == -1) return Ok(0, false);  // INT64_MIN % -1 is 0 (C's a % b would trap)
      return Ok(a % b, false);
    default:
      return TypeError("not an arithmetic operator");
  }
}

}  // namespace

std::unique_ptr<Expr> ParseExpr(const std::string& text, std::string* error) {
  std::vector<Token> toks;
  if (!Lex(text, &toks, error)) return nullptr;
  Parser p(std::move(toks), error);
  std::unique_ptr<Expr> e = p.Whole();
  if (!e && error->empty()) *error = "syntax error";
  return e;
}

std::optional<ParsedAssign> ParseAssign(const std::string& text, std::string* error) {
  std::vector<Token> toks;
  if (!Lex(text, &toks, error)) return std::nullopt;
  if (toks.size() < 3 || toks[0].kind != T::kName || IsKeyword(toks[0].text) ||
      toks[1].kind != T::kOp ||
      (toks[1].text != "=" && toks[1].text != "+=" && toks[1].text != "-=" &&
       toks[1].text != "[")) {
    *error = "expected 'name = expression'";
    return std::nullopt;
  }
  const std::string target = toks[0].text;
  // `a[i] op e`: the operator is the first '=', '+=' or '-=' outside brackets.
  size_t at = 1;
  int depth = 0;
  for (; at < toks.size() && toks[at].kind != T::kEnd; ++at) {
    if (toks[at].kind != T::kOp) continue;
    const std::string& o = toks[at].text;
    if (o == "[" || o == "(") ++depth;
    if (o == "]" || o == ")") --depth;
    if (depth == 0 && (o == "=" || o == "+=" || o == "-=")) break;
  }
  if (at >= toks.size() || toks[at].kind == T::kEnd) {
    *error = "expected 'name = expression'";
    return std::nullopt;
  }
  const std::string op = toks[at].text;
  std::vector<Token> lhs(toks.begin(), toks.begin() + static_cast<ptrdiff_t>(at));
  lhs.push_back(Token{});
  toks.erase(toks.begin(), toks.begin() + static_cast<ptrdiff_t>(at) + 1);
  // The target, parsed as an expression: a name, or an element (its index is kept).
  auto parse_target = [&]() -> std::unique_ptr<Expr> {
    Parser lp(lhs, error);
    std::unique_ptr<Expr> e = lp.Whole();
    if (e && e->node != Node::kName && e->node != Node::kIndex) return nullptr;
    return e;
  };
  std::unique_ptr<Expr> t = parse_target();
  if (!t) {
    if (error->empty()) *error = "expected a variable or an element to assign to";
    return std::nullopt;
  }
  Parser p(std::move(toks), error);
  std::unique_ptr<Expr> value = p.Whole();
  if (!value) {
    if (error->empty()) *error = "syntax error";
    return std::nullopt;
  }
  if (op != "=") {  // x += e is x = x + (e); x -= e is x = x - (e)
    value = Pair(op == "+=" ? Node::kAdd : Node::kSub, parse_target(), std::move(value));
  }
  ParsedAssign out{target, nullptr, std::move(value)};
  if (t->node == Node::kIndex) out.index = std::move(t->b);
  return out;
}

std::optional<ParsedFormat> ParseFormat(const std::string& text, std::string* error) {
  ParsedFormat f;
  std::string lit;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      lit += '{';
      ++i;
    } else if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      lit += '}';
      ++i;
    } else if (c == '}') {
      *error = "a lone '}' in a print format";
      return std::nullopt;
    } else if (c == '{') {
      const size_t close = text.find('}', i + 1);
      if (close == std::string::npos) {
        *error = "'{' without '}' in a print format";
        return std::nullopt;
      }
      std::unique_ptr<Expr> e = ParseExpr(text.substr(i + 1, close - i - 1), error);
      if (!e) return std::nullopt;
      f.literals.push_back(lit);
      lit.clear();
      f.values.push_back(std::move(e));
      i = close;
    } else {
      lit += c;
    }
  }
  f.literals.push_back(lit);
  return f;
}

bool Bind(Expr& e, const Lookup& lookup, std::string* error) {
  if (e.node == Node::kName || e.node == Node::kSelf) {
    const std::string name = e.node == Node::kSelf ? "self" : e.name;
    std::optional<Binding> b = lookup(name);
    if (!b) {
      *error = "'" + name + "' is not available here";
      return false;
    }
    e.bound = *b;
    return true;
  }
  if (e.a && !Bind(*e.a, lookup, error)) return false;
  if (e.b && !Bind(*e.b, lookup, error)) return false;
  if (e.c && !Bind(*e.c, lookup, error)) return false;
  return true;
}

EvalResult Eval(const Expr& e, const Env& env) {
  switch (e.node) {
    case Node::kInt:
      return Ok(e.value, false);
    case Node::kBool:
      return Ok(e.value, true);
    case Node::kSelf:
      return Ok(env.self, false);
    case Node::kName: {
      const Binding& b = e.bound;
      switch (b.kind) {
        case Binding::Kind::kConstant:
          return Ok(b.constant.v, b.constant.is_bool);
        case Binding::Kind::kShared:
          return Ok(env.shared[b.index], b.is_bool);
        case Binding::Kind::kLocal:
          if (env.locals == nullptr) return TypeError("a local read where none is in scope");
          return Ok(env.locals[b.index], b.is_bool);
        case Binding::Kind::kSelf:
          return Ok(env.self, false);
        case Binding::Kind::kSync:
          if (b.length > 0) return TypeError("an array of locks used as a value");
          return Ok(env.shared[b.index], false);  // its state: held/holder/value read it
        case Binding::Kind::kSharedArray:
        case Binding::Kind::kLocalArray:
          return TypeError("an array used as a value");
        case Binding::Kind::kUnbound:
          return TypeError("unbound name '" + e.name + "'");
      }
      return TypeError("?");
    }
    case Node::kIndex: {
      EvalResult i = Eval(*e.b, env);
      if (i.error != EvalError::kNone) return i;
      if (i.value.is_bool) return TypeError("a bool index");
      const Binding& b = e.a->bound;
      if (b.length <= 0) return TypeError("'" + e.a->name + "' indexed but not an array");
      if (i.value.v < 0 || i.value.v >= b.length) return Err(EvalError::kIndex);
      const int64_t at = b.index + i.value.v;
      switch (b.kind) {
        case Binding::Kind::kSharedArray:
          return Ok(env.shared[at], b.is_bool);
        case Binding::Kind::kLocalArray:
          if (env.locals == nullptr) return TypeError("a local read where none is in scope");
          return Ok(env.locals[at], b.is_bool);
        case Binding::Kind::kSync:
          return Ok(env.shared[at], false);
        default:
          return TypeError("'" + e.a->name + "' indexed but not an array");
      }
    }
    case Node::kHeld:
    case Node::kHolder:
    case Node::kValue: {
      const Expr& ref = e.a->node == Node::kIndex ? *e.a->a : *e.a;
      if (ref.bound.kind != Binding::Kind::kSync ||
          ref.bound.semaphore != (e.node == Node::kValue)) {
        return TypeError("held/holder/value of the wrong kind of thing");
      }
      EvalResult r = Eval(*e.a, env);
      if (r.error != EvalError::kNone) return r;
      if (e.node == Node::kHeld) return Ok(r.value.v != 0 ? 1 : 0, true);
      if (e.node == Node::kHolder) return Ok(r.value.v - 1, false);
      return Ok(r.value.v, false);
    }
    case Node::kCond: {
      EvalResult c = Eval(*e.a, env);
      if (c.error != EvalError::kNone) return c;
      if (!c.value.is_bool) return TypeError("an int condition in 'if ... else'");
      EvalResult t = Eval(*e.b, env);
      EvalResult f = Eval(*e.c, env);
      // Both are evaluated only to check the types agree; an error counts only when chosen.
      if (t.error == EvalError::kNone && f.error == EvalError::kNone &&
          t.value.is_bool != f.value.is_bool) {
        return TypeError("'if ... else' of an int and a bool");
      }
      return c.value.v != 0 ? t : f;
    }
    case Node::kNeg: {
      EvalResult a = Eval(*e.a, env);
      if (a.error != EvalError::kNone) return a;
      if (a.value.is_bool) return TypeError("'-' of a bool");
      if (a.value.v == std::numeric_limits<int64_t>::min()) return Err(EvalError::kOverflow);
      return Ok(-a.value.v, false);
    }
    case Node::kNot: {
      EvalResult a = Eval(*e.a, env);
      if (a.error != EvalError::kNone) return a;
      if (!a.value.is_bool) return TypeError("'not' of an int");
      return Ok(a.value.v ? 0 : 1, true);
    }
    case Node::kAnd:
    case Node::kOr: {
      EvalResult a = Eval(*e.a, env);
      if (a.error != EvalError::kNone) return a;
      if (!a.value.is_bool) return TypeError("'and'/'or' of an int");
      // Short circuit: the right operand only when needed.
      if (e.node == Node::kAnd && a.value.v == 0) return Ok(0, true);
      if (e.node == Node::kOr && a.value.v != 0) return Ok(1, true);
      EvalResult b = Eval(*e.b, env);
      if (b.error != EvalError::kNone) return b;
      if (!b.value.is_bool) return TypeError("'and'/'or' of an int");
      return Ok(b.value.v != 0 ? 1 : 0, true);
    }
    default:
      break;
  }
  // The binary operators that evaluate both operands, left first.
  EvalResult a = Eval(*e.a, env);
  if (a.error != EvalError::kNone) return a;
  EvalResult b = Eval(*e.b, env);
  if (b.error != EvalError::kNone) return b;
  const int64_t x = a.value.v, y = b.value.v;
  switch (e.node) {
    case Node::kEq:
    case Node::kNe:
      if (a.value.is_bool != b.value.is_bool) return TypeError("'=='/'!=' of an int and a bool");
      return Ok((x == y) == (e.node == Node::kEq) ? 1 : 0, true);
    default:
      break;
  }
  if (a.value.is_bool || b.value.is_bool) return TypeError("arithmetic or ordering of a bool");
  switch (e.node) {
    case Node::kLt:
      return Ok(x < y ? 1 : 0, true);
    case Node::kLe:
      return Ok(x <= y ? 1 : 0, true);
    case Node::kGt:
      return Ok(x > y ? 1 : 0, true);
    case Node::kGe:
      return Ok(x >= y ? 1 : 0, true);
    case Node::kMin:
      return Ok(x < y ? x : y, false);
    case Node::kMax:
      return Ok(x > y ? x : y, false);
    default:
      return Arith(e.node, x, y);
  }
}

std::string DescribeError(const EvalResult& r) {
  switch (r.error) {
    case EvalError::kNone:
      return "no error";
    case EvalError::kDivByZero:
      return "division by zero";
    case EvalError::kOverflow:
      return "overflow";
    case EvalError::kType:
      return "type error: " + r.type_error;
    case EvalError::kIndex:
      return "index out of range";
  }
  return "?";
}

}  // namespace racecheck::reference
