// The instruction set of compiled expressions: a small stack machine, one line of meaning each.
//
// An expression compiles to a straight sequence of Instr ending in kReturn. The stack holds
// int64 values; booleans are 0 and 1. `arg` is an operand whose meaning depends on the opcode.
// Jumps are forward only, so every expression terminates. Declared once, here.
#ifndef RACECHECK_ENGINE_EXPR_OPCODES_H_
#define RACECHECK_ENGINE_EXPR_OPCODES_H_

#include <cstdint>

namespace racecheck {

#define RACECHECK_OPCODES(X)                                                                       \
  X(kConst, "push constants[arg]")                                                                 \
  X(kLoadShared, "push shared variable (state field) number arg")                                  \
  X(kLoadLocal, "push local slot arg of the running process")                                      \
  X(kLoadSelf, "push the running process's instance index (0-based)")                              \
  X(kLoadSharedAt, "i -> field constants[arg] + i; i outside [0, constants[arg + 1]) is an error") \
  X(kLoadLocalAt,                                                                                  \
    "i -> local slot constants[arg] + i; i outside [0, constants[arg + 1]) an error")              \
  X(kNeg, "a -> -a")                                                                               \
  X(kNot, "a -> !a")                                                                               \
  X(kAdd, "a b -> a + b")                                                                          \
  X(kSub, "a b -> a - b")                                                                          \
  X(kMul, "a b -> a * b")                                                                          \
  X(kDiv, "a b -> a / b, truncated toward zero; division by zero is a runtime error")              \
  X(kMod, "a b -> a % b, sign of a; modulo by zero is a runtime error")                            \
  X(kEq, "a b -> a == b")                                                                          \
  X(kNe, "a b -> a != b")                                                                          \
  X(kLt, "a b -> a < b")                                                                           \
  X(kLe, "a b -> a <= b")                                                                          \
  X(kGt, "a b -> a > b")                                                                           \
  X(kGe, "a b -> a >= b")                                                                          \
  X(kMin, "a b -> min(a, b)")                                                                      \
  X(kMax, "a b -> max(a, b)")                                                                      \
  X(kJumpIfFalseOrPop, "if top is 0 jump to arg keeping it, else pop (for &&)")                    \
  X(kJumpIfTrueOrPop, "if top is 1 jump to arg keeping it, else pop (for ||)")                     \
  X(kJumpIfFalse, "pop; if it was 0 jump to arg (for `a if c else b`)")                            \
  X(kJump, "jump to arg (for `a if c else b`)")                                                    \
  X(kReturn, "stop; the value is the top of the stack")

enum class Op : uint8_t {
#define RACECHECK_OP_ENUM(name, meaning) name,
  RACECHECK_OPCODES(RACECHECK_OP_ENUM)
#undef RACECHECK_OP_ENUM
};

// The opcode's name without the leading 'k', e.g. "LoadShared", for disassembly.
const char* OpName(Op op);

struct Instr {
  Op op;
  int32_t arg;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPR_OPCODES_H_
