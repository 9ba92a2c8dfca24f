// ModelLimits: how large a model racecheck agrees to load and compile.
//
// Every limit guards a resource a hostile or mistaken model could exhaust before the search
// starts — the stack (nesting), memory and time (sizes, alias expansion) — and turns it into a
// diagnostic that names the limit and the flag that raises it ("--limit NAME=N"), instead of a
// crash, a hang or an out-of-memory kill. The defaults are far above every model in models/ and
// tests/; each limit has a hard maximum that keeps the code that relies on it safe (yaml-cpp's
// own recursion bound, the parser's stack, 32-bit offsets). One table, kLimits, declares them
// all; `--limit` and docs/cli.md are driven by it. Plain values; thread-safe to read.
#ifndef RACECHECK_ENGINE_MODEL_LIMITS_H_
#define RACECHECK_ENGINE_MODEL_LIMITS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/support/lang.h"

namespace racecheck {

struct ModelLimits {
  uint64_t model_size = uint64_t{4} << 20;  // bytes of the model file
  uint64_t yaml_depth = 100;                // nesting of YAML mappings and lists
  uint64_t yaml_aliases = 100000;           // YAML nodes added by expanding aliases (*name)
  uint64_t expr_depth = 100;     // nesting of '(', 'not', '-', 'min(', 'max(' in an expression
  uint64_t expr_length = 65536;  // bytes of one expression (a step, a condition, a value)
  uint64_t processes = 10000;    // processes in all templates together
  uint64_t variables = 100000;   // shared variables plus the locals of every process
  uint64_t state_words = 65536;  // 64-bit words of one state
  uint64_t loop_steps = 100000;  // iterations and instructions `for` loops unroll to, together
};

// One row of the table of limits.
struct LimitInfo {
  const char* name;  // as given to --limit: "model-size"
  uint64_t ModelLimits::*field;
  uint64_t min;
  uint64_t max;         // hard maximum (see the header comment)
  bool size;            // a size in bytes: accepts suffixes K, M, G
  const char* meaning;  // what it bounds, as docs/cli.md says (a test checks)
};

inline constexpr LimitInfo kLimits[] = {
    {"model-size", &ModelLimits::model_size, 1, uint64_t{1} << 30, true, "bytes of the model file"},
    {"yaml-depth", &ModelLimits::yaml_depth, 1, 400, false, "nesting of YAML mappings and lists"},
    {"yaml-aliases", &ModelLimits::yaml_aliases, 0, uint64_t{1} << 32, false,
     "YAML nodes that aliases add when expanded"},
    {"expr-depth", &ModelLimits::expr_depth, 1, 500, false,
     "nesting of parentheses, not, minus, min and max in one expression"},
    {"expr-length", &ModelLimits::expr_length, 1, uint64_t{1} << 30, true,
     "bytes of one expression, condition or assignment"},
    {"processes", &ModelLimits::processes, 1, 1000000, false,
     "processes of all templates together"},
    {"variables", &ModelLimits::variables, 1, 10000000, false,
     "shared variables plus the locals of every process"},
    {"state-words", &ModelLimits::state_words, 1, uint64_t{1} << 24, false,
     "64-bit words of one state"},
    {"loop-steps", &ModelLimits::loop_steps, 1, 10000000, false,
     "iterations and steps that for loops unroll to, all loops together"},
};

// The row named `name`, or nullptr.
const LimitInfo* FindLimit(std::string_view name);

// Applies one "--limit NAME=VALUE" as typed (VALUE may end in K, M or G for a size). Returns ""
// or what is wrong, e.g. "unknown limit 'proceses'; did you mean 'processes'?" or
// "limit 'yaml-depth' must be a whole number from 1 to 400, found '1000'".
std::string SetLimit(ModelLimits& limits, std::string_view text);

// The message tail that says how to raise limit `name`: "(the limit is 100; raise it with
// --limit yaml-depth=N)", in `lang`.
std::string LimitHint(Lang lang, std::string_view name, uint64_t value);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_MODEL_LIMITS_H_
