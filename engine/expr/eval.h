// The evaluator for compiled expressions: the inner loop of every step the checker takes.
//
// Templated on a context so that the search's hot loop reads packed state fields directly with
// no virtual calls, while trace rendering can pass a context that records what was read. A
// context provides:
//   int64_t LoadShared(int32_t field) const;
//   int64_t LoadLocal(int32_t slot) const;
//   int64_t Self() const;
// Arithmetic overflow of int64 and division by zero are reported, never undefined behaviour.
// Allocation-free: the stack is a fixed array (the compiler bounds max_stack). Thread-safe.
#ifndef RACECHECK_ENGINE_EXPR_EVAL_H_
#define RACECHECK_ENGINE_EXPR_EVAL_H_

#include <cstdint>

#include "engine/expr/expr.h"

namespace racecheck {

// Deeper expressions are rejected by the compiler ("expression too deeply nested").
constexpr int kMaxExprStack = 64;

// kIndex: an array index outside the array; the result's value is then the index.
enum class EvalError : uint8_t { kNone, kDivByZero, kOverflow, kIndex };

struct EvalResult {
  int64_t value;
  EvalError error;
};

template <class Ctx>
inline EvalResult Eval(const Code& c, const Ctx& ctx) {
  const Instr* code = c.code.data();
  if (c.code.size() == 2) {  // a lone operand: the commonest case (conditions, copies)
    switch (code[0].op) {
      case Op::kConst:
        return {c.constants[code[0].arg], EvalError::kNone};
      case Op::kLoadShared:
        return {ctx.LoadShared(code[0].arg), EvalError::kNone};
      case Op::kLoadLocal:
        return {ctx.LoadLocal(code[0].arg), EvalError::kNone};
      case Op::kLoadSelf:
        return {ctx.Self(), EvalError::kNone};
      default:
        break;
    }
  }
  int64_t stack[kMaxExprStack];
  int sp = 0;
  for (int pc = 0;; ++pc) {
    const Instr in = code[pc];
    switch (in.op) {
      case Op::kConst:
        stack[sp++] = c.constants[in.arg];
        break;
      case Op::kLoadShared:
        stack[sp++] = ctx.LoadShared(in.arg);
        break;
      case Op::kLoadLocal:
        stack[sp++] = ctx.LoadLocal(in.arg);
        break;
      case Op::kLoadSelf:
        stack[sp++] = ctx.Self();
        break;
      case Op::kLoadSharedAt:
      case Op::kLoadLocalAt: {
        const int64_t i = stack[sp - 1];
        if (i < 0 || i >= c.constants[in.arg + 1]) return {i, EvalError::kIndex};
        const int32_t at = static_cast<int32_t>(c.constants[in.arg] + i);
        stack[sp - 1] = in.op == Op::kLoadSharedAt ? ctx.LoadShared(at) : ctx.LoadLocal(at);
        break;
      }
      case Op::kNeg:
        if (__builtin_sub_overflow(int64_t{0}, stack[sp - 1], &stack[sp - 1])) {
          return {0, EvalError::kOverflow};
        }
        break;
      case Op::kNot:
        stack[sp - 1] = !stack[sp - 1];
        break;
#define RACECHECK_BINOP(OP, EXPR) \
  case Op::OP: {                  \
    int64_t b = stack[--sp];      \
    int64_t a = stack[sp - 1];    \
    stack[sp - 1] = (EXPR);       \
    break;                        \
  }
#define RACECHECK_CHECKED(OP, BUILTIN)                                               \
  case Op::OP: {                                                                     \
    int64_t b = stack[--sp];                                                         \
    if (BUILTIN(stack[sp - 1], b, &stack[sp - 1])) return {0, EvalError::kOverflow}; \
    break;                                                                           \
  }
        RACECHECK_CHECKED(kAdd, __builtin_add_overflow)
        RACECHECK_CHECKED(kSub, __builtin_sub_overflow)
        RACECHECK_CHECKED(kMul, __builtin_mul_overflow)
#undef RACECHECK_CHECKED
        RACECHECK_BINOP(kEq, a == b)
        RACECHECK_BINOP(kNe, a != b)
        RACECHECK_BINOP(kLt, a < b)
        RACECHECK_BINOP(kLe, a <= b)
        RACECHECK_BINOP(kGt, a > b)
        RACECHECK_BINOP(kGe, a >= b)
        RACECHECK_BINOP(kMin, a < b ? a : b)
        RACECHECK_BINOP(kMax, a < b ? b : a)
#undef RACECHECK_BINOP
      case Op::kDiv: {
        int64_t b = stack[--sp];
        if (b == 0) return {0, EvalError::kDivByZero};
        if (b == -1 && stack[sp - 1] == INT64_MIN) return {0, EvalError::kOverflow};
        stack[sp - 1] = stack[sp - 1] / b;
        break;
      }
      case Op::kMod: {
        int64_t b = stack[--sp];
        if (b == 0) return {0, EvalError::kDivByZero};
        stack[sp - 1] = b == -1 ? 0 : stack[sp - 1] % b;
        break;
      }
      case Op::kJumpIfFalseOrPop:
        if (stack[sp - 1] == 0) {
          pc = in.arg - 1;
        } else {
          --sp;
        }
        break;
      case Op::kJumpIfTrueOrPop:
        if (stack[sp - 1] != 0) {
          pc = in.arg - 1;
        } else {
          --sp;
        }
        break;
      case Op::kJumpIfFalse:
        if (stack[--sp] == 0) pc = in.arg - 1;
        break;
      case Op::kJump:
        pc = in.arg - 1;
        break;
      case Op::kReturn:
        return {stack[sp - 1], EvalError::kNone};
    }
  }
}

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPR_EVAL_H_
