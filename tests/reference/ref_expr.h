// The reference interpreter's expressions: its own lexer, recursive-descent parser and
// tree-walking evaluator, written from the grammar in docs/model-format.md ("Expressions"),
// sharing no code with engine/expr/ (no folding, no compilation, no stack program).
//
//   or      := and { ("||" | "or") and }
//   and     := not { ("&&" | "and") not }
//   not     := ("!" | "not") not | cmp
//   cmp     := sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum ]     (no chaining)
//   sum     := term { ("+" | "-") term }
//   term    := unary { ("*" | "/" | "%") unary }
//   unary   := "-" unary | primary
//   primary := INT | "true" | "false" | NAME | NAME "[" expr "]" | "self"
//            | ("min"|"max") "(" expr "," expr ")" | ("held"|"holder"|"value") "(" ref ")"
//            | "(" expr ")"
//   ref     := NAME | NAME "[" expr "]"
//   expr    := or [ "if" or "else" expr ]          (Python's conditional, lowest of all)
//
// Names are bound once, after parsing, to what they denote (a param's value, a shared variable,
// a local slot, `self`); evaluation then walks the tree. Types are checked as values flow
// (dynamically): a model the engine accepted is well typed, so a type error here is reported as
// an error of the reference, never as a property violation. Thread-compatible.
#ifndef RACECHECK_TESTS_REFERENCE_REF_EXPR_H_
#define RACECHECK_TESTS_REFERENCE_REF_EXPR_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace racecheck::reference {

// A value: an int64, or a bool (0 or 1).
struct Value {
  int64_t v = 0;
  bool is_bool = false;
};

// One node of an expression tree (one table of kinds, one line of meaning each). Arithmetic
// takes ints; an int64 overflow, and a division or modulo by zero, is an error.
enum class Node : uint8_t {
  kInt,     // the literal `value`
  kBool,    // the literal `value` (0 or 1)
  kName,    // a name, bound later by Bind(): see Expr::bound
  kSelf,    // `self`
  kNeg,     // -a
  kNot,     // not a
  kAdd,     // a + b
  kSub,     // a - b
  kMul,     // a * b
  kDiv,     // a / b, truncated toward zero
  kMod,     // a % b, with the sign of a
  kEq,      // a == b, two values of one type
  kNe,      // a != b, two values of one type
  kLt,      // a < b
  kLe,      // a <= b
  kGt,      // a > b
  kGe,      // a >= b
  kAnd,     // a and b; b is evaluated only when a is true
  kOr,      // a or b; b is evaluated only when a is false
  kMin,     // min(a, b)
  kMax,     // max(a, b)
  kIndex,   // element b of the array named by a (a kName); b outside the array is an error
  kHeld,    // held(a): lock a (a kName or kIndex) has an owner
  kHolder,  // holder(a): the owner's process number, -1 when free
  kValue,   // value(a): semaphore a's count
  kCond,    // `b if a else c`: only the branch chosen is evaluated
};

// What a name denotes once bound.
struct Binding {
  enum class Kind : uint8_t {
    kUnbound,
    kConstant,
    kShared,
    kLocal,
    kSelf,
    kSharedArray,  // variables index .. index + length - 1
    kLocalArray,   // slots index .. index + length - 1
    kSync,  // a lock or semaphore (an array when length > 0): Env::shared[index] holds its state
  } kind = Kind::kUnbound;
  Value constant;          // kConstant (a param)
  int index = -1;          // kShared: variable index; kLocal: slot
  bool is_bool = false;    // kShared / kLocal: the variable's type
  int64_t length = 0;      // arrays
  bool semaphore = false;  // kSync
};

struct Expr {
  Node node = Node::kInt;
  int64_t value = 0;  // kInt, kBool
  std::string name;   // kName
  Binding bound;      // kName, after Bind()
  std::unique_ptr<Expr> a, b, c;
};

// Parses a whole expression; nullptr and `*error` on a syntax error.
std::unique_ptr<Expr> ParseExpr(const std::string& text, std::string* error);

// `x = e`, `x += e`, `x -= e`: the target's name and the value to store (for `+=`, `x + (e)`).
struct ParsedAssign {
  std::string target;
  std::unique_ptr<Expr> index;  // `a[i] = e`: i
  std::unique_ptr<Expr> value;
};
std::optional<ParsedAssign> ParseAssign(const std::string& text, std::string* error);

// A print format: literal pieces and `{expr}` pieces; `{{` and `}}` are literal braces.
struct ParsedFormat {
  std::vector<std::string> literals;  // literals.size() == values.size() + 1
  std::vector<std::unique_ptr<Expr>> values;
};
std::optional<ParsedFormat> ParseFormat(const std::string& text, std::string* error);

// Resolves every name in `e` with `lookup` (nullopt: unknown in this scope). `self` is a name
// like the others here: `lookup("self")` says whether it is allowed. False and `*error` when a
// name is unknown.
using Lookup = std::function<std::optional<Binding>(const std::string&)>;
bool Bind(Expr& e, const Lookup& lookup, std::string* error);

// Where the evaluator reads variables: shared variable i is shared[i], local slot k is
// locals[k] (bools as 0/1); locks and semaphores follow the shared variables in `shared`.
// `locals` is null where no local is in scope.
struct Env {
  const int64_t* shared = nullptr;
  const int64_t* locals = nullptr;
  int64_t self = 0;
};

enum class EvalError : uint8_t { kNone, kDivByZero, kOverflow, kType, kIndex };

struct EvalResult {
  Value value;
  EvalError error = EvalError::kNone;
  std::string type_error;  // for kType: what was wrong
};

EvalResult Eval(const Expr& e, const Env& env);

// For messages: "division by zero", "overflow", "type error: ...".
std::string DescribeError(const EvalResult& r);

}  // namespace racecheck::reference

#endif  // RACECHECK_TESTS_REFERENCE_REF_EXPR_H_
