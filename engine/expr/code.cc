// Small functions over compiled Code: type names, constant evaluation, disassembly.
#include <fmt/format.h>

#include "engine/expr/eval.h"
#include "engine/expr/expr.h"
#include "engine/support/check.h"

namespace racecheck {
namespace {

// An evaluation context for expressions that read no state.
struct ConstantContext {
  int64_t self_value;
  int64_t LoadShared(int32_t) const {
    RC_CHECK(false);
    return 0;
  }
  int64_t LoadLocal(int32_t) const {
    RC_CHECK(false);
    return 0;
  }
  int64_t Self() const { return self_value; }
};

}  // namespace

const char* TypeName(Type t) { return t == Type::kInt ? "int" : "bool"; }

std::optional<int64_t> EvalConstant(const Code& code, int64_t self_value, const SourceLoc& loc,
                                    DiagnosticSink& diags) {
  RC_CHECK(!code.reads_state);
  EvalResult r = Eval(code, ConstantContext{self_value});
  if (r.error == EvalError::kDivByZero) {
    bool uses_self = false;
    for (const Instr& in : code.code) uses_self = uses_self || in.op == Op::kLoadSelf;
    if (uses_self) {
      diags.Error(loc, DiagMsg::kDivisionByZeroSelf, fmt::arg("self", self_value));
    } else {
      diags.Error(loc, DiagMsg::kDivisionByZero);
    }
    return std::nullopt;
  }
  return r.value;
}

std::string Disassemble(const Code& code) {
  std::string out;
  for (size_t pc = 0; pc < code.code.size(); ++pc) {
    const Instr& in = code.code[pc];
    switch (in.op) {
      case Op::kConst:
        out += fmt::format("{}: Const {} ({})\n", pc, in.arg, code.constants[in.arg]);
        break;
      case Op::kLoadShared:
      case Op::kLoadLocal:
      case Op::kJumpIfFalseOrPop:
      case Op::kJumpIfTrueOrPop:
      case Op::kJumpIfFalse:
      case Op::kJump:
        out += fmt::format("{}: {} {}\n", pc, OpName(in.op), in.arg);
        break;
      case Op::kLoadSharedAt:
      case Op::kLoadLocalAt:
        out += fmt::format("{}: {} {} +[0, {})\n", pc, OpName(in.op), code.constants[in.arg],
                           code.constants[in.arg + 1]);
        break;
      default:
        out += fmt::format("{}: {}\n", pc, OpName(in.op));
        break;
    }
  }
  return out;
}

}  // namespace racecheck
