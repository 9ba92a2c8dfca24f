// Code generation and the public compile entry points of expr.h.
#include <fmt/format.h>

#include <algorithm>

#include "engine/expr/eval.h"
#include "engine/expr/syntax.h"
#include "engine/support/check.h"

namespace racecheck {
namespace {

int32_t ConstantIndex(Code& out, int64_t value) {
  for (size_t i = 0; i < out.constants.size(); ++i) {
    if (out.constants[i] == value) return static_cast<int32_t>(i);
  }
  out.constants.push_back(value);
  return static_cast<int32_t>(out.constants.size()) - 1;
}

// The deepest the stack gets while running `c`. Jumps are forward and the stack at a jump's
// target is as deep as at the jump itself, so one pass in program order sees every depth.
int MaxStack(const Code& c) {
  int depth = 0, max = 0;
  for (const Instr& in : c.code) {
    switch (in.op) {
      case Op::kConst:
      case Op::kLoadShared:
      case Op::kLoadLocal:
      case Op::kLoadSelf:
        ++depth;
        break;
      case Op::kNeg:
      case Op::kNot:
      case Op::kReturn:
      case Op::kLoadSharedAt:  // the index becomes the element
      case Op::kLoadLocalAt:
        break;
      case Op::kJump:  // ends the `then` value of `a if c else b`: the `else` value starts
        --depth;       // one lower, and the two meet at the same depth
        break;
      default:  // binary operators; a jump's fall-through pops
        --depth;
        break;
    }
    max = std::max(max, depth);
  }
  return max;
}

// Adds kReturn, computes max_stack and rejects code too deep for the evaluator.
bool Finish(Code& c, const SourceLoc& loc, DiagnosticSink& diags) {
  c.code.push_back({Op::kReturn, 0});
  c.max_stack = MaxStack(c);
  if (c.max_stack > kMaxExprStack) {
    diags.Error(loc, DiagMsg::kExprTooManySlots, fmt::arg("slots", c.max_stack),
                fmt::arg("limit", kMaxExprStack));
    return false;
  }
  return true;
}

// Parses, checks, folds and compiles src.text[begin, end).
std::optional<Code> CompilePiece(const SourceText& src, size_t begin, size_t end,
                                 std::string end_name, const Scope& scope,
                                 std::optional<Type> expected, DiagnosticSink& diags) {
  Parser p(src, scope, diags);
  if (!p.Start(begin, end, std::move(end_name))) return std::nullopt;
  std::optional<int> root = p.ParseExpression();
  if (!root || !p.ExpectEnd()) return std::nullopt;
  const Node& n = p.node(*root);
  if (expected && !n.poisoned && n.type != *expected) {
    Diagnostic& d = diags.Error(
        p.SpanLoc(n),
        *expected == Type::kBool ? DiagMsg::kExpectedBoolCondition : DiagMsg::kExpectedIntValue,
        fmt::arg("type", TypeWithArticle(diags.lang(), n.type)));
    p.NoteDecl(d, n);
    return std::nullopt;
  }
  if (p.failed() || !FoldConstants(p, *root)) return std::nullopt;
  Code c;
  c.type = p.node(*root).type;
  c.names_process = p.names_process();
  Emit(p.tree(), *root, c);
  if (!Finish(c, TextLoc(src, begin, end - begin), diags)) return std::nullopt;
  return c;
}

}  // namespace

// With an explicit stack, not by recursion: a flat chain `x + x + ... + x` is a tree as deep as
// it is long. Emits in the order of a recursive post-order walk.
void Emit(const Tree& tree, int root, Code& out) {
  struct Visit {
    int node;
    int stage;    // how many children have been emitted
    size_t jump;  // kAnd/kOr/kCond: the index of the jump to patch
  };
  std::vector<Visit> stack{{root, 0, 0}};
  std::vector<size_t> cond_jumps;  // kCond: the jumps over the `else` value, innermost last
  while (!stack.empty()) {
    Visit& v = stack.back();
    const Node& n = tree.nodes[v.node];
    int child = -1;  // >= 0: emit this child next, then come back
    switch (n.kind) {
      case NodeKind::kConst:
        out.code.push_back({Op::kConst, ConstantIndex(out, n.value)});
        break;
      case NodeKind::kShared:
        out.reads_state = true;
        out.code.push_back({Op::kLoadShared, n.index});
        break;
      case NodeKind::kLocal:
        out.reads_state = true;
        out.code.push_back({Op::kLoadLocal, n.index});
        break;
      case NodeKind::kSelf:
        out.code.push_back({Op::kLoadSelf, 0});
        break;
      case NodeKind::kUnary:
        if (v.stage == 0) {
          child = n.lhs;
        } else {
          out.code.push_back({n.op, 0});
        }
        break;
      case NodeKind::kBinary:
        if (v.stage < 2) {
          child = v.stage == 0 ? n.lhs : n.rhs;
        } else {
          out.code.push_back({n.op, 0});
        }
        break;
      case NodeKind::kAnd:
      case NodeKind::kOr:
        if (v.stage == 0) {
          child = n.lhs;
        } else if (v.stage == 1) {
          v.jump = out.code.size();
          out.code.push_back(
              {n.kind == NodeKind::kAnd ? Op::kJumpIfFalseOrPop : Op::kJumpIfTrueOrPop, 0});
          child = n.rhs;
        } else {
          out.code[v.jump].arg = static_cast<int32_t>(out.code.size());
        }
        break;
      case NodeKind::kIndex:
        if (v.stage == 0) {
          child = n.lhs;
        } else {
          out.reads_state = true;
          const int32_t k = static_cast<int32_t>(out.constants.size());
          out.constants.push_back(n.index);
          out.constants.push_back(n.value);
          out.code.push_back({n.op, k});
        }
        break;
      case NodeKind::kCond:
        if (v.stage == 0) {
          child = n.lhs;
        } else if (v.stage == 1) {
          v.jump = out.code.size();
          out.code.push_back({Op::kJumpIfFalse, 0});
          child = n.rhs;
        } else if (v.stage == 2) {
          cond_jumps.push_back(out.code.size());
          out.code.push_back({Op::kJump, 0});
          out.code[v.jump].arg = static_cast<int32_t>(out.code.size());
          child = n.third;
        } else {
          out.code[cond_jumps.back()].arg = static_cast<int32_t>(out.code.size());
          cond_jumps.pop_back();
        }
        break;
    }
    if (child >= 0) {
      ++v.stage;
      stack.push_back({child, 0, 0});  // invalidates v
    } else {
      stack.pop_back();
    }
  }
}

std::optional<Code> CompileExpr(const SourceText& src, const Scope& scope,
                                std::optional<Type> expected, DiagnosticSink& diags) {
  return CompilePiece(src, 0, src.text.size(), diags.Text(DiagMsg::kEndOfExpression), scope,
                      expected, diags);
}

std::optional<Assignment> CompileAssignment(const SourceText& src, const Scope& scope,
                                            DiagnosticSink& diags) {
  Parser p(src, scope, diags);
  const std::string end_name = diags.Text(DiagMsg::kEndOfStatement);
  if (!p.Start(0, src.text.size(), end_name)) return std::nullopt;
  Token name = p.Next();
  if (name.kind == Tok::kSelf) {
    diags.Error(p.Loc(name.offset, name.length), DiagMsg::kCannotAssignSelf);
    return std::nullopt;
  }
  if (name.kind != Tok::kName) {
    diags.Error(p.Loc(name.offset, name.length), DiagMsg::kExpectedAssignTarget,
                fmt::arg("found", DescribeToken(name, end_name)));
    return std::nullopt;
  }
  std::optional<Symbol> sym = scope.lookup ? scope.lookup(name.text) : std::nullopt;
  const bool array =
      sym && (sym->kind == Symbol::Kind::kSharedArray || sym->kind == Symbol::Kind::kLocalArray);
  std::optional<int> index;
  if (p.Peek().kind == Tok::kLBracket) {
    if (sym && !array) {
      const Token& at = p.Peek();
      Diagnostic& d = diags.Error(p.Loc(at.offset, at.length), DiagMsg::kNotAnArray,
                                  fmt::arg("name", name.text));
      if (sym->decl.known()) {
        d.notes.push_back(
            {sym->decl, diags.Text(DiagMsg::kDeclaredHere, fmt::arg("name", name.text))});
      }
      return std::nullopt;
    }
    index = p.ParseBracketed(name);
    if (!index) return std::nullopt;
  } else if (array) {
    Diagnostic& d = diags.Error(p.Loc(name.offset, name.length), DiagMsg::kArrayAssignOne,
                                fmt::arg("name", name.text), fmt::arg("n", sym->length));
    if (sym->decl.known()) {
      d.notes.push_back(
          {sym->decl, diags.Text(DiagMsg::kDeclaredHere, fmt::arg("name", name.text))});
    }
    return std::nullopt;
  }
  Token op = p.Next();
  if (op.kind != Tok::kAssign && op.kind != Tok::kPlusAssign && op.kind != Tok::kMinusAssign) {
    diags.Error(p.Loc(op.offset, op.length), DiagMsg::kExpectedAssignOp,
                fmt::arg("name", name.text), fmt::arg("found", DescribeToken(op, end_name)));
    return std::nullopt;
  }

  // The target; an error here still lets the right-hand side be checked.
  Assignment a;
  a.target_name = std::string(name.text);
  a.target_loc = p.Loc(name.offset, name.length);
  bool target_ok = false;
  if (!sym) {
    p.ReportUnknownName(name);
  } else if (sym->kind == Symbol::Kind::kParam) {
    Diagnostic& d = diags.Error(
        a.target_loc, sym->loop_var ? DiagMsg::kCannotAssignLoopVar : DiagMsg::kCannotAssignParam,
        fmt::arg("name", name.text));
    if (sym->decl.known()) {
      d.notes.push_back(
          {sym->decl, diags.Text(DiagMsg::kDeclaredHere, fmt::arg("name", name.text))});
    }
  } else if (sym->kind == Symbol::Kind::kSelf) {
    diags.Error(a.target_loc, DiagMsg::kCannotAssign, fmt::arg("name", name.text));
  } else if (sym->kind == Symbol::Kind::kSync) {
    Diagnostic& d = diags.Error(
        a.target_loc, sym->semaphore ? DiagMsg::kCannotAssignSemaphore : DiagMsg::kCannotAssignLock,
        fmt::arg("name", name.text));
    if (sym->decl.known()) {
      d.notes.push_back(
          {sym->decl, diags.Text(DiagMsg::kDeclaredHere, fmt::arg("name", name.text))});
    }
  } else if (!scope.allow_state) {
    diags.Error(a.target_loc, DiagMsg::kVariableNotAllowed, fmt::arg("name", name.text));
  } else {
    target_ok = true;
    a.target = *sym;
  }
  auto note_decl = [&](Diagnostic& d) {
    if (a.target.decl.known()) {
      d.notes.push_back(
          {a.target.decl, diags.Text(DiagMsg::kDeclaredHere, fmt::arg("name", name.text))});
    }
  };

  std::optional<int> rhs = p.ParseExpression();
  if (!rhs || !p.ExpectEnd() || !target_ok) return std::nullopt;
  const Node& value = p.node(*rhs);
  const Type t = a.target.type;
  if (op.kind == Tok::kAssign) {
    if (!value.poisoned && value.type != t) {
      Diagnostic& d =
          diags.Error(p.SpanLoc(value), DiagMsg::kAssignTypeMismatch, fmt::arg("name", name.text),
                      fmt::arg("type", TypeWithArticle(diags.lang(), t)),
                      fmt::arg("value_type", TypeWithArticle(diags.lang(), value.type)));
      note_decl(d);
      return std::nullopt;
    }
  } else {
    if (t != Type::kInt) {
      Diagnostic& d = diags.Error(p.Loc(op.offset, op.length), DiagMsg::kOpNeedsIntVariable,
                                  fmt::arg("op", op.text), fmt::arg("name", name.text));
      note_decl(d);
      return std::nullopt;
    }
    if (!value.poisoned && value.type != Type::kInt) {
      diags.Error(p.SpanLoc(value), DiagMsg::kOpNeedsIntOperandsFound, fmt::arg("op", op.text),
                  fmt::arg("type", TypeName(value.type)));
      return std::nullopt;
    }
  }
  if (p.failed() || !FoldConstants(p, *rhs)) return std::nullopt;
  if (index && !FoldConstants(p, *index)) return std::nullopt;

  Code& c = a.value;
  c.type = t;
  c.names_process = p.names_process();
  const bool shared =
      a.target.kind == Symbol::Kind::kShared || a.target.kind == Symbol::Kind::kSharedArray;
  if (index) {
    const Node& i = p.node(*index);
    if (i.kind == NodeKind::kConst && i.value >= 0 && i.value < a.target.length) {
      a.element = i.value;
    } else {
      Code ic;
      ic.type = Type::kInt;
      Emit(p.tree(), *index, ic);
      if (!Finish(ic, TextLoc(src, 0, src.text.size()), diags)) return std::nullopt;
      a.index = std::move(ic);
    }
  }
  if (op.kind != Tok::kAssign) {
    c.reads_state = true;
    if (a.index) {  // the element's current value: index, then load
      Emit(p.tree(), *index, c);
      const int32_t k = static_cast<int32_t>(c.constants.size());
      c.constants.push_back(a.target.index);
      c.constants.push_back(a.target.length);
      c.code.push_back({shared ? Op::kLoadSharedAt : Op::kLoadLocalAt, k});
    } else {
      c.code.push_back({shared ? Op::kLoadShared : Op::kLoadLocal,
                        static_cast<int32_t>(a.target.index + a.element)});
    }
  }
  Emit(p.tree(), *rhs, c);
  if (op.kind == Tok::kPlusAssign) c.code.push_back({Op::kAdd, 0});
  if (op.kind == Tok::kMinusAssign) c.code.push_back({Op::kSub, 0});
  if (!Finish(c, TextLoc(src, 0, src.text.size()), diags)) return std::nullopt;
  return a;
}

std::optional<SyncRef> CompileSyncRef(const SourceText& src, const Scope& scope,
                                      DiagnosticSink& diags) {
  Parser p(src, scope, diags);
  const std::string end_name = diags.Text(DiagMsg::kEndOfLockName);
  if (!p.Start(0, src.text.size(), end_name)) return std::nullopt;
  Token name = p.Next();
  if (name.kind != Tok::kName) {
    diags.Error(p.Loc(name.offset, name.length), DiagMsg::kExpectedSyncName,
                fmt::arg("found", DescribeToken(name, end_name)));
    return std::nullopt;
  }
  std::optional<Symbol> sym = scope.lookup ? scope.lookup(name.text) : std::nullopt;
  if (!sym || sym->kind != Symbol::Kind::kSync) {
    Diagnostic& d = diags.Error(p.Loc(name.offset, name.length), DiagMsg::kNotLockOrSemaphore,
                                fmt::arg("name", name.text));
    if (sym && sym->decl.known()) {
      d.notes.push_back(
          {sym->decl, diags.Text(DiagMsg::kDeclaredHere, fmt::arg("name", name.text))});
    }
    return std::nullopt;
  }
  SyncRef r;
  r.symbol = *sym;
  r.sync = static_cast<int32_t>(sym->value);
  if (p.Peek().kind == Tok::kLBracket) {
    if (sym->length == 0) {
      const Token& at = p.Peek();
      diags.Error(p.Loc(at.offset, at.length), DiagMsg::kNotAnArray, fmt::arg("name", name.text));
      return std::nullopt;
    }
    std::optional<int> index = p.ParseBracketed(name);
    if (!index || !p.ExpectEnd() || p.failed() || !FoldConstants(p, *index)) return std::nullopt;
    const Node& i = p.node(*index);
    if (i.kind == NodeKind::kConst && i.value >= 0 && i.value < sym->length) {
      r.sync += static_cast<int32_t>(i.value);
    } else {
      Code ic;
      ic.type = Type::kInt;
      ic.names_process = p.names_process();
      Emit(p.tree(), *index, ic);
      if (!Finish(ic, TextLoc(src, 0, src.text.size()), diags)) return std::nullopt;
      r.index = std::move(ic);
    }
    return r;
  }
  if (sym->length > 0) {
    diags.Error(p.Loc(name.offset, name.length), DiagMsg::kArrayNameOne,
                fmt::arg("name", name.text), fmt::arg("n", sym->length));
    return std::nullopt;
  }
  if (!p.ExpectEnd()) return std::nullopt;
  return r;
}

std::optional<Format> CompileFormat(const SourceText& src, const Scope& scope,
                                    DiagnosticSink& diags) {
  const std::string& text = src.text;
  Format f;
  std::string literal;
  bool ok = true;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      literal += '{';
      i += 2;
    } else if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      literal += '}';
      i += 2;
    } else if (c == '}') {
      diags.Error(TextLoc(src, i, 1), DiagMsg::kUnmatchedBrace);
      ok = false;
      ++i;
    } else if (c == '{') {
      size_t close = text.find_first_of("{}", i + 1);
      if (close == std::string::npos || text[close] == '{') {
        diags.Error(TextLoc(src, i, 1), DiagMsg::kUnterminatedBrace);
        return std::nullopt;
      }
      std::optional<Code> value =
          CompilePiece(src, i + 1, close, "'}'", scope, std::nullopt, diags);
      if (value) {
        f.literals.push_back(std::move(literal));
        f.values.push_back(std::move(*value));
      } else {
        ok = false;
      }
      literal.clear();
      i = close + 1;
    } else {
      literal += c;
      ++i;
    }
  }
  f.literals.push_back(std::move(literal));
  if (!ok) return std::nullopt;
  return f;
}

}  // namespace racecheck
