#include "engine/expr/opcodes.h"

namespace racecheck {

const char* OpName(Op op) {
  switch (op) {
#define RACECHECK_OP_NAME(name, meaning) \
  case Op::name:                         \
    return &#name[1];
    RACECHECK_OPCODES(RACECHECK_OP_NAME)
#undef RACECHECK_OP_NAME
  }
  return "?";
}

}  // namespace racecheck
