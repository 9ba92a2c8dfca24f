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

bool Fold(Parser& p, int i) {
  std::vector<Node>& nodes = p.tree().nodes;  // folding never adds nodes
  Node& n = nodes[i];
  switch (n.kind) {
    case NodeKind::kConst:
    case NodeKind::kShared:
    case NodeKind::kLocal:
    case NodeKind::kSelf:
      return true;
    case NodeKind::kUnary: {
      if (!Fold(p, n.lhs)) return false;
      const Node& a = nodes[n.lhs];
      if (a.kind != NodeKind::kConst) return true;
      if (n.op == Op::kNot) {
        MakeConst(n, a.value == 0);
        return true;
      }
      if (a.value == INT64_MIN) {
        p.diags().Error(p.OpLoc(n), fmt::format("integer overflow in a constant expression: "
                                                "-({}) does not fit in 64 bits",
                                                a.value));
        return false;
      }
      MakeConst(n, -a.value);
      return true;
    }
    case NodeKind::kAnd:
    case NodeKind::kOr: {
      if (!Fold(p, n.lhs)) return false;
      const Node& a = nodes[n.lhs];
      if (a.kind != NodeKind::kConst) return Fold(p, n.rhs);
      // `false and x` is false and `true or x` is true: x is never evaluated, so not folded.
      bool decided = (n.kind == NodeKind::kAnd) == (a.value == 0);
      if (decided) {
        MakeConst(n, a.value);
        return true;
      }
      // `true and x` and `false or x` are x.
      if (!Fold(p, n.rhs)) return false;
      uint32_t begin = n.begin, end = n.end;
      n = nodes[n.rhs];
      n.begin = begin;
      n.end = end;
      return true;
    }
    case NodeKind::kBinary: {
      bool ok = Fold(p, n.lhs);
      ok = Fold(p, n.rhs) && ok;
      if (!ok) return false;
      const Node& a = nodes[n.lhs];
      const Node& b = nodes[n.rhs];
      if ((n.op == Op::kDiv || n.op == Op::kMod) && b.kind == NodeKind::kConst && b.value == 0) {
        Diagnostic& d = p.diags().Error(p.OpLoc(n), "division by zero");
        if (!b.name.empty() && b.decl.known()) {
          d.notes.push_back({b.decl, fmt::format("'{}' is 0", b.name)});
        }
        return false;
      }
      if (a.kind != NodeKind::kConst || b.kind != NodeKind::kConst) return true;
      int64_t value = 0;
      if (!Compute(n.op, a.value, b.value, &value)) {
        p.diags().Error(p.OpLoc(n),
                        fmt::format("integer overflow in a constant expression: {} {} {} does "
                                    "not fit in 64 bits",
                                    a.value, p.OpText(n), b.value));
        return false;
      }
      MakeConst(n, value);
      return true;
    }
  }
  return true;
}

}  // namespace

bool FoldConstants(Parser& p, int root) { return Fold(p, root); }

}  // namespace racecheck
