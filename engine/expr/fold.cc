// Constant folding: params are already constants when parsed; this pass computes what it can.
#include <fmt/format.h>

#include "engine/expr/syntax.h"

namespace racecheck {
namespace {

// Computes `a op b`; false when the result does not fit in int64.
// REQUIRES: b != 0 for kDiv and kMod
bool Compute(Op op, int64_t a, int64_t b, int64_t* out) {
  switch (op) {
    case Op::kAdd:
      return !__builtin_add_overflow(a, b, out);
    case Op::kSub:
      return !__builtin_sub_overflow(a, b, out);
    case Op::kMul:
      return !__builtin_mul_overflow(a, b, out);
    case Op::kDiv:
      if (a == INT64_MIN && b == -1) return false;
      *out = a / b;  // C semantics: truncates toward zero
      return true;
    case Op::kMod:
      *out = b == -1 ? 0 : a % b;  // sign of the dividend; INT64_MIN % -1 is 0
      return true;
    case Op::kEq:
      *out = a == b;
      return true;
    case Op::kNe:
      *out = a != b;
      return true;
    case Op::kLt:
      *out = a < b;
      return true;
    case Op::kLe:
      *out = a <= b;
      return true;
    case Op::kGt:
      *out = a > b;
      return true;
    case Op::kGe:
      *out = a >= b;
      return true;
    case Op::kMin:
      *out = a < b ? a : b;
      return true;
    case Op::kMax:
      *out = a < b ? b : a;
      return true;
    default:
      return false;
  }
}

void MakeConst(Node& n, int64_t value) {
  n.kind = NodeKind::kConst;
  n.value = value;
  n.lhs = n.rhs = -1;
  n.name = {};
  n.decl = SourceLoc{};
}

// `-a` or `not a` of a folded operand; false after reporting an overflow.
bool FoldUnary(Parser& p, Node& n, const Node& a) {
  if (a.kind != NodeKind::kConst) return true;
  if (n.op == Op::kNot) {
    MakeConst(n, a.value == 0);
    return true;
  }
  if (a.value == INT64_MIN) {
    p.diags().Error(p.OpLoc(n), DiagMsg::kNegOverflow, fmt::arg("value", a.value));
    return false;
  }
  MakeConst(n, -a.value);
  return true;
}

// `a op b` of folded operands; false after reporting division by zero or an overflow.
bool FoldBinary(Parser& p, Node& n, const Node& a, const Node& b) {
  if ((n.op == Op::kDiv || n.op == Op::kMod) && b.kind == NodeKind::kConst && b.value == 0) {
    Diagnostic& d = p.diags().Error(p.OpLoc(n), DiagMsg::kDivisionByZero);
    if (!b.name.empty() && b.decl.known()) {
      d.notes.push_back({b.decl, p.Text(DiagMsg::kIsZero, fmt::arg("name", b.name))});
    }
    return false;
  }
  if (a.kind != NodeKind::kConst || b.kind != NodeKind::kConst) return true;
  int64_t value = 0;
  if (!Compute(n.op, a.value, b.value, &value)) {
    p.diags().Error(p.OpLoc(n), DiagMsg::kBinaryOverflow, fmt::arg("a", a.value),
                    fmt::arg("op", p.OpText(n)), fmt::arg("b", b.value));
    return false;
  }
  MakeConst(n, value);
  return true;
}

// One node being folded: `stage` says which child has been folded; `left_ok` is a binary
// node's left result.
struct Visit {
  int node;
  int stage;
  bool left_ok;
};

}  // namespace

// Folds bottom-up with an explicit stack, not by recursion: a flat chain `x + x + ... + x` is a
// tree as deep as it is long. The order of visits (and so of the errors reported) is that of a
// recursive post-order walk: left before right; an `and`/`or` whose left side decides it is not
// walked further.
bool FoldConstants(Parser& p, int root) {
  std::vector<Node>& nodes = p.tree().nodes;  // folding never adds nodes
  std::vector<Visit> stack{{root, 0, true}};
  bool result = true;  // what the visit that ended last returned
  while (!stack.empty()) {
    Visit& v = stack.back();
    Node& n = nodes[v.node];
    int child = -1;  // >= 0: fold this child next, then come back at v.stage
    switch (n.kind) {
      case NodeKind::kConst:
      case NodeKind::kShared:
      case NodeKind::kLocal:
      case NodeKind::kSelf:
        result = true;
        break;
      case NodeKind::kUnary:
        if (v.stage == 0) {
          child = n.lhs;
        } else {
          result = result && FoldUnary(p, n, nodes[n.lhs]);
        }
        break;
      case NodeKind::kAnd:
      case NodeKind::kOr:
        if (v.stage == 0) {
          child = n.lhs;
        } else if (v.stage == 1) {
          if (!result) break;
          const Node& a = nodes[n.lhs];
          // `false and x` is false and `true or x` is true: x is never evaluated, not folded.
          if (a.kind == NodeKind::kConst && (n.kind == NodeKind::kAnd) == (a.value == 0)) {
            MakeConst(n, a.value);
            result = true;
            break;
          }
          child = n.rhs;
          if (a.kind != NodeKind::kConst) v.stage = 3;  // stage 4: the result is the right side's
        } else if (v.stage == 2 && result) {
          // `true and x` and `false or x` are x.
          uint32_t begin = n.begin, end = n.end;
          n = nodes[n.rhs];
          n.begin = begin;
          n.end = end;
        }
        break;
      case NodeKind::kBinary:
        if (v.stage == 0) {
          child = n.lhs;
        } else if (v.stage == 1) {
          v.left_ok = result;
          child = n.rhs;
        } else {
          result = result && v.left_ok && FoldBinary(p, n, nodes[n.lhs], nodes[n.rhs]);
        }
        break;
      case NodeKind::kIndex:
        if (v.stage == 0) {
          child = n.lhs;
        } else if (result && nodes[n.lhs].kind == NodeKind::kConst && nodes[n.lhs].value >= 0 &&
                   nodes[n.lhs].value < n.value) {
          // A constant index inside the array: the element itself. (One outside stays an
          // index, a violation if the step ever runs.)
          n.kind = n.op == Op::kLoadLocalAt ? NodeKind::kLocal : NodeKind::kShared;
          n.index = static_cast<int32_t>(n.index + nodes[n.lhs].value);
          n.lhs = -1;
        }
        break;
      case NodeKind::kCond:
        if (v.stage == 0) {
          child = n.lhs;
        } else if (v.stage == 1) {
          if (!result) break;
          const Node& c = nodes[n.lhs];
          if (c.kind == NodeKind::kConst) {  // only the branch chosen is folded, and kept
            child = c.value != 0 ? n.rhs : n.third;
            v.stage = 3;  // stage 4: the result is that branch
          } else {
            child = n.rhs;
          }
        } else if (v.stage == 2) {
          v.left_ok = result;
          child = n.third;
        } else if (v.stage == 3) {
          result = result && v.left_ok;
        } else if (result) {
          uint32_t begin = n.begin, end = n.end;
          n = nodes[nodes[n.lhs].value != 0 ? n.rhs : n.third];
          n.begin = begin;
          n.end = end;
        }
        break;
    }
    if (child >= 0) {
      ++v.stage;
      stack.push_back({child, 0, true});  // invalidates v
    } else {
      stack.pop_back();
    }
  }
  return result;
}

}  // namespace racecheck
