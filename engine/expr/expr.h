// The expression compiler: text -> Code, a compact stack program (opcodes.h), compiled once
// when the model is loaded and never re-parsed or looked up by name while searching.
//
// Grammar (lowest precedence first):
//   expr    := or
//   or      := and { ("||" | "or") and }
//   and     := not { ("&&" | "and") not }
//   not     := ("!" | "not") not | cmp
//   cmp     := sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum ]
//   sum     := term { ("+" | "-") term }
//   term    := unary { ("*" | "/" | "%") unary }
//   unary   := "-" unary | primary
//   primary := INT | "true" | "false" | NAME | NAME "[" expr "]" | "self"
//            | ("min"|"max") "(" expr "," expr ")" | ("held"|"holder"|"value") "(" sync ")"
//            | "(" expr ")"
//   sync    := NAME | NAME "[" expr "]"          (a lock or semaphore, or one of an array)
// and, lowest of all, Python's conditional: expr := or [ "if" or "else" expr ].
// `held(l)` is whether lock l is held (by anyone), `holder(l)` the process number of its holder
// (-1 when free), `value(s)` a semaphore's count; the three are names only before a '('.
// Types are int and bool; arithmetic and ordering take ints, `and`/`or`/`not` take bools,
// `==`/`!=` take two of the same type. Params are folded to constants at compile time.
//
// All functions here report mistakes to the DiagnosticSink with positions inside the text and
// return nullopt; they never throw. Thread-compatible.
#ifndef RACECHECK_ENGINE_EXPR_EXPR_H_
#define RACECHECK_ENGINE_EXPR_EXPR_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/expr/opcodes.h"
#include "engine/model/ast.h"
#include "engine/model/limits.h"
#include "engine/support/diagnostics.h"

namespace racecheck {

enum class Type : uint8_t { kInt, kBool };
const char* TypeName(Type t);  // "int", "bool"

// What a name in an expression refers to. Supplied by the caller through a Resolver.
struct Symbol {
  enum class Kind : uint8_t {
    kParam,        // a constant: `value`
    kShared,       // a shared variable: state field `index`
    kLocal,        // a local of the running process: slot `index`
    kSelf,         // the running process's instance index
    kSharedArray,  // shared variables: state fields `index` .. `index + length - 1`
    kLocalArray,   // locals: slots `index` .. `index + length - 1`
    kSync,         // a lock or semaphore (an array of them when length > 0): state field `index` of
                   // sync `value` (its first element); lock fields hold owner + 1, 0 when free
  };
  Kind kind = Kind::kParam;
  Type type = Type::kInt;
  int32_t index = 0;
  int64_t value = 0;
  SourceLoc decl;          // where it is declared, for notes; may be unknown
  int64_t length = 0;      // arrays: the number of elements
  bool semaphore = false;  // kSync: a semaphore rather than a lock
  bool loop_var = false;   // kParam: a `for` loop's variable, a constant in each round

  bool is_array() const {
    return kind == Kind::kSharedArray || kind == Kind::kLocalArray ||
           (kind == Kind::kSync && length > 0);
  }
};

// Looks a name up; nullopt if unknown. `candidates` lists every name in scope (for suggestions).
struct Scope {
  std::function<std::optional<Symbol>(std::string_view)> lookup;
  std::vector<std::string> candidates;
  // More candidates, searched after `candidates` and not copied into every Scope (a model can
  // have 100,000 names and as many expressions). Each list must outlive the Scope.
  std::vector<const std::vector<std::string>*> candidate_lists;
  bool allow_state = true;  // false: only params (and self, if lookup gives it) are allowed
  // Optional: for a name `lookup` does not know, a message saying why it is not available here
  // (e.g. a process's local named in a property); "" to report it as unknown.
  std::function<std::string(std::string_view)> explain_unknown;
  // ModelLimits::expr_depth and expr_length: deeper nesting or longer text is an error.
  uint64_t max_depth = ModelLimits{}.expr_depth;
  uint64_t max_length = ModelLimits{}.expr_length;
};

// A compiled expression.
struct Code {
  std::vector<Instr> code;
  std::vector<int64_t> constants;
  Type type = Type::kInt;
  int max_stack = 0;
  bool reads_state = false;    // reads a shared variable or a local
  bool names_process = false;  // uses `holder(...)`, whose value is a process number
};

// Calls f(field) for every shared state field `c` may read: each element of an indexed array.
template <class F>
void ForEachSharedRead(const Code& c, F&& f) {
  for (const Instr& i : c.code) {
    if (i.op == Op::kLoadShared) f(i.arg);
    if (i.op == Op::kLoadSharedAt) {
      for (int64_t k = 0; k < c.constants[i.arg + 1]; ++k) {
        f(static_cast<int32_t>(c.constants[i.arg] + k));
      }
    }
  }
}
// Calls f(slot) for every local slot `c` may read.
template <class F>
void ForEachLocalRead(const Code& c, F&& f) {
  for (const Instr& i : c.code) {
    if (i.op == Op::kLoadLocal) f(i.arg);
    if (i.op == Op::kLoadLocalAt) {
      for (int64_t k = 0; k < c.constants[i.arg + 1]; ++k) {
        f(static_cast<int32_t>(c.constants[i.arg] + k));
      }
    }
  }
}

// Compiles `src` in `scope`. With `expected` set, a different result type is an error such as
// "expected a bool condition, found an int expression".
std::optional<Code> CompileExpr(const SourceText& src, const Scope& scope,
                                std::optional<Type> expected, DiagnosticSink& diags);

// `x = e`, `x += e`, `x -= e`, `a[i] = e`. The target must be a shared variable or a local
// (assigning a param or `self` is an error), or an element of an array of them; the right-hand
// side must have the target's type. For an element the value is computed first, then the index.
struct Assignment {
  Symbol target;  // for an array, the array (kSharedArray / kLocalArray)
  std::string target_name;
  SourceLoc target_loc;
  Code value;                 // already includes the `x +` of `x += e`
  std::optional<Code> index;  // `a[i] = e`: i (an int), unless it is a constant
  int64_t element = 0;        // `a[k] = e` with k constant: k (checked against the length)
};
std::optional<Assignment> CompileAssignment(const SourceText& src, const Scope& scope,
                                            DiagnosticSink& diags);

// A lock or semaphore as `acquire:` and `release:` name it: `lock` or `fork[(self + 1) % N]`.
// For an element with a constant index, `sync` is the element's sync index and `index` empty.
struct SyncRef {
  Symbol symbol;              // the kSync symbol named
  int32_t sync = 0;           // the sync named (the array's first element, with `index`)
  std::optional<Code> index;  // an index to compute when the step runs
};
std::optional<SyncRef> CompileSyncRef(const SourceText& src, const Scope& scope,
                                      DiagnosticSink& diags);

// A print format "text {expr} more {expr}"; "{{" and "}}" are literal braces.
struct Format {
  std::vector<std::string> literals;  // literals.size() == values.size() + 1
  std::vector<Code> values;
};
std::optional<Format> CompileFormat(const SourceText& src, const Scope& scope,
                                    DiagnosticSink& diags);

// Evaluates an expression that reads no state (params, literals): for instance counts, initial
// values, ranges. `self_value` is what `self` evaluates to. Reports division by zero.
std::optional<int64_t> EvalConstant(const Code& code, int64_t self_value, const SourceLoc& loc,
                                    DiagnosticSink& diags);

// Disassembly, one instruction a line: "0: LoadShared 1" (for tests and --dump).
std::string Disassemble(const Code& code);

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_EXPR_EXPR_H_
