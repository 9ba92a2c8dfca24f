// Tests of the expression compiler (engine/expr/): values worked out by hand, precedence,
// short-circuit evaluation, types, every diagnostic with its exact position, disassembly,
// print formats and constant evaluation.
#include "engine/expr/expr.h"

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/expr/eval.h"

namespace racecheck {
namespace {

// Lines 1 and 2 declare the names; the expression under test is on line 3, after kPrefix.
constexpr const char* kLine1 = "params: {tickets: 3, debug: false}";
constexpr const char* kLine2 = "shared: {count: 0, flag: false, x: 0}";
constexpr const char* kPrefix = "    when: ";  // the expression starts at column 11

struct TestCtx {
  std::vector<int64_t> shared{7, 1, 0};  // count, flag, x
  std::vector<int64_t> locals{-3, 0};    // c, done
  int64_t self = 2;
  int64_t LoadShared(int32_t i) const { return shared.at(i); }
  int64_t LoadLocal(int32_t i) const { return locals.at(i); }
  int64_t Self() const { return self; }
};

SourceLoc DeclAt(const std::shared_ptr<const SourceFile>& file, int line, const std::string& name) {
  int col = static_cast<int>(file->Line(line).find(name)) + 1;
  return SourceLoc{file, line, col, static_cast<int>(name.size())};
}

struct Fixture {
  std::shared_ptr<const SourceFile> file;
  SourceText src;
  Scope scope;
  DiagnosticSink diags;
};

// `expr` placed on line 3 of m.yaml, in a scope with params tickets = 3 and debug = false,
// shared count, flag, x (fields 0, 1, 2), locals c and done (slots 0, 1) and self.
std::unique_ptr<Fixture> Make(const std::string& expr, bool allow_state = true,
                              bool with_self = true) {
  auto f = std::make_unique<Fixture>();
  f->file = std::make_shared<SourceFile>(
      "m.yaml", std::string(kLine1) + "\n" + kLine2 + "\n" + kPrefix + expr + "\n");
  f->src = SourceText{expr, SourceLoc{f->file, 3, 11, 1}};
  std::map<std::string, Symbol> symbols;
  auto add = [&](const std::string& name, Symbol::Kind kind, Type type, int64_t index_or_value,
                 int decl_line) {
    Symbol s;
    s.kind = kind;
    s.type = type;
    if (kind == Symbol::Kind::kParam) s.value = index_or_value;
    s.index = static_cast<int32_t>(index_or_value);
    if (decl_line > 0) s.decl = DeclAt(f->file, decl_line, name);
    symbols[name] = s;
  };
  add("tickets", Symbol::Kind::kParam, Type::kInt, 3, 1);
  add("debug", Symbol::Kind::kParam, Type::kBool, 0, 1);
  add("count", Symbol::Kind::kShared, Type::kInt, 0, 2);
  add("flag", Symbol::Kind::kShared, Type::kBool, 1, 2);
  add("x", Symbol::Kind::kShared, Type::kInt, 2, 2);
  add("c", Symbol::Kind::kLocal, Type::kInt, 0, 0);
  add("done", Symbol::Kind::kLocal, Type::kBool, 1, 0);
  if (with_self) add("self", Symbol::Kind::kSelf, Type::kInt, 0, 0);
  for (const auto& [name, sym] : symbols) f->scope.candidates.push_back(name);
  f->scope.lookup = [symbols](std::string_view name) -> std::optional<Symbol> {
    auto it = symbols.find(std::string(name));
    if (it == symbols.end()) return std::nullopt;
    return it->second;
  };
  f->scope.allow_state = allow_state;
  return f;
}

int64_t Value(const std::string& expr, const TestCtx& ctx = TestCtx{}) {
  auto f = Make(expr);
  std::optional<Code> code = CompileExpr(f->src, f->scope, std::nullopt, f->diags);
  INFO(expr << "\n" << f->diags.Render());
  REQUIRE(code);
  EvalResult r = Eval(*code, ctx);
  REQUIRE(r.error == EvalError::kNone);
  return r.value;
}

// The rendered diagnostics of compiling `expr`, which must fail.
std::string ExprErrors(const std::string& expr, std::optional<Type> expected = std::nullopt,
                       bool allow_state = true, bool with_self = true) {
  auto f = Make(expr, allow_state, with_self);
  std::optional<Code> code = CompileExpr(f->src, f->scope, expected, f->diags);
  CHECK_FALSE(code);
  return f->diags.Render();
}

std::string AssignErrors(const std::string& stmt) {
  auto f = Make(stmt);
  std::optional<Assignment> a = CompileAssignment(f->src, f->scope, f->diags);
  CHECK_FALSE(a);
  return f->diags.Render();
}

std::string FormatErrors(const std::string& text) {
  auto f = Make(text);
  std::optional<Format> fmt = CompileFormat(f->src, f->scope, f->diags);
  CHECK_FALSE(fmt);
  return f->diags.Render();
}

// count = 7, flag = true, x = 0; c = -3, done = false; self = 2; tickets = 3, debug = false.
TEST_CASE("arithmetic values", "[expr]") {
  CHECK(Value("1 + 2 * 3") == 7);
  CHECK(Value("(1 + 2) * 3") == 9);
  CHECK(Value("count - 10 - 3") == -6);  // left-associative: (7 - 10) - 3
  CHECK(Value("1 - 2 - 3") == -4);
  CHECK(Value("2 * 3 % 4") == 2);  // (2 * 3) % 4
  CHECK(Value("10 - -2") == 12);
  CHECK(Value("-2 * count") == -14);
  CHECK(Value("-c") == 3);
  CHECK(Value("- -c") == -3);
  CHECK(Value("c * c") == 9);
  CHECK(Value("tickets - count") == -4);
  CHECK(Value("self * 10 + 1") == 21);
  CHECK(Value("min(count, c)") == -3);
  CHECK(Value("max(count, tickets)") == 7);
  CHECK(Value("min(3, 4) + max(1, 2)") == 5);
  CHECK(Value("max(min(count, 5), c * -1)") == 5);
}

TEST_CASE("division truncates toward zero and remainder has the dividend's sign", "[expr]") {
  CHECK(Value("count / 2") == 3);
  CHECK(Value("-count / 2") == -3);
  CHECK(Value("count / -2") == -3);
  CHECK(Value("c / 2") == -1);
  CHECK(Value("count % 3") == 1);
  CHECK(Value("-count % 3") == -1);
  CHECK(Value("count % -3") == 1);
  CHECK(Value("c % 2") == -1);
  // Folded at compile time, same rules.
  CHECK(Value("-7 / 2") == -3);
  CHECK(Value("-7 % 2") == -1);
  CHECK(Value("7 % -2") == 1);
}

TEST_CASE("boolean operators and precedence", "[expr]") {
  CHECK(Value("count > 5 and not done") == 1);
  CHECK(Value("count > 5 && !done") == 1);
  CHECK(Value("not count < 3") == 1);          // not (7 < 3)
  CHECK(Value("flag or done and done") == 1);  // flag or (done and done)
  CHECK(Value("(flag or done) and done") == 0);
  CHECK(Value("!flag || c < 0") == 1);
  CHECK(Value("not flag or false") == 0);
  CHECK(Value("count - 1 == 6") == 1);
  CHECK(Value("(count == 7) == flag") == 1);
  CHECK(Value("flag != done") == 1);
  CHECK(Value("count <= 7 and count >= 7 and count < 8 and count > 6") == 1);
  CHECK(Value("debug or tickets == 3") == 1);
  CHECK(Value("true and false or true") == 1);
}

TEST_CASE("and/or short-circuit at run time", "[expr]") {
  // x = 0: the division must never run.
  CHECK(Value("false and (1/x == 0)") == 0);
  CHECK(Value("done and (1/x == 0)") == 0);
  CHECK(Value("flag or 1/x == 0") == 1);
  CHECK(Value("x != 0 and 10 / x > 1") == 0);
  TestCtx ctx;
  ctx.shared[2] = 5;
  CHECK(Value("x != 0 and 10 / x > 1", ctx) == 1);  // 10 / 5 = 2

  auto f = Make("1/x == 0");
  std::optional<Code> code = CompileExpr(f->src, f->scope, std::nullopt, f->diags);
  REQUIRE(code);
  CHECK(Eval(*code, TestCtx{}).error == EvalError::kDivByZero);
}

TEST_CASE("constant folding", "[expr]") {
  auto f = Make("tickets * 2 + 1 > 6 and not debug");
  std::optional<Code> code = CompileExpr(f->src, f->scope, std::nullopt, f->diags);
  REQUIRE(code);
  CHECK(Disassemble(*code) == "0: Const 0 (1)\n1: Return\n");
  CHECK_FALSE(code->reads_state);
  // `false and e` never evaluates e, so a division by zero in it is not reported.
  CHECK(Value("false and 1/0 == 0") == 0);
  CHECK(Value("true or 1/0 == 0") == 1);
  CHECK(Value("true and count == 7") == 1);
}

TEST_CASE("types", "[expr]") {
  auto type_of = [](const std::string& expr) {
    auto f = Make(expr);
    std::optional<Code> code = CompileExpr(f->src, f->scope, std::nullopt, f->diags);
    REQUIRE(code);
    return code->type;
  };
  CHECK(type_of("count + 1") == Type::kInt);
  CHECK(type_of("count > 1") == Type::kBool);
  CHECK(type_of("flag") == Type::kBool);
  CHECK(type_of("debug") == Type::kBool);
  CHECK(type_of("min(1, c)") == Type::kInt);
  CHECK(type_of("self") == Type::kInt);
  CHECK(std::string(TypeName(Type::kInt)) == "int");
  CHECK(std::string(TypeName(Type::kBool)) == "bool");
  CHECK(std::string(OpName(Op::kLoadShared)) == "LoadShared");
  CHECK(std::string(OpName(Op::kJumpIfTrueOrPop)) == "JumpIfTrueOrPop");
}

TEST_CASE("disassembly and stack depth", "[expr]") {
  auto f = Make("count + 1 > c and flag");
  std::optional<Code> code = CompileExpr(f->src, f->scope, Type::kBool, f->diags);
  REQUIRE(code);
  CHECK(Disassemble(*code) ==
        "0: LoadShared 0\n"
        "1: Const 0 (1)\n"
        "2: Add\n"
        "3: LoadLocal 0\n"
        "4: Gt\n"
        "5: JumpIfFalseOrPop 7\n"
        "6: LoadShared 1\n"
        "7: Return\n");
  CHECK(code->max_stack == 2);
  CHECK(code->reads_state);

  auto g = Make("flag or done");
  code = CompileExpr(g->src, g->scope, std::nullopt, g->diags);
  REQUIRE(code);
  CHECK(Disassemble(*code) == "0: LoadShared 1\n1: JumpIfTrueOrPop 3\n2: LoadLocal 1\n3: Return\n");
  CHECK(code->max_stack == 1);

  auto h = Make("count * (c + (x - (self + 1)))");
  code = CompileExpr(h->src, h->scope, std::nullopt, h->diags);
  REQUIRE(code);
  CHECK(code->max_stack == 5);
}

TEST_CASE("assignments", "[expr]") {
  auto run = [](const std::string& stmt) {
    auto f = Make(stmt);
    std::optional<Assignment> a = CompileAssignment(f->src, f->scope, f->diags);
    INFO(f->diags.Render());
    REQUIRE(a);
    return *a;
  };
  Assignment a = run("count += c * 2");
  CHECK(a.target.kind == Symbol::Kind::kShared);
  CHECK(a.target.index == 0);
  CHECK(a.target_name == "count");
  CHECK(a.target_loc.line == 3);
  CHECK(a.target_loc.col == 11);
  CHECK(a.target_loc.length == 5);
  CHECK(Eval(a.value, TestCtx{}).value == 1);  // 7 + (-3 * 2)
  CHECK(Disassemble(a.value) ==
        "0: LoadShared 0\n1: LoadLocal 0\n2: Const 0 (2)\n3: Mul\n4: Add\n5: Return\n");
  CHECK(a.value.max_stack == 3);

  a = run("c -= 1");
  CHECK(a.target.kind == Symbol::Kind::kLocal);
  CHECK(Eval(a.value, TestCtx{}).value == -4);

  a = run("flag = count > 3");
  CHECK(a.value.type == Type::kBool);
  CHECK(Eval(a.value, TestCtx{}).value == 1);

  a = run("x = tickets * 2");
  CHECK_FALSE(a.value.reads_state);
  CHECK(Eval(a.value, TestCtx{}).value == 6);
}

TEST_CASE("print formats", "[expr]") {
  auto f = Make("count={count}, {{literal}} ok={ flag }");
  std::optional<Format> fmt = CompileFormat(f->src, f->scope, f->diags);
  INFO(f->diags.Render());
  REQUIRE(fmt);
  CHECK(fmt->literals == std::vector<std::string>{"count=", ", {literal} ok=", ""});
  REQUIRE(fmt->values.size() == 2);
  CHECK(fmt->values[0].type == Type::kInt);
  CHECK(Eval(fmt->values[0], TestCtx{}).value == 7);
  CHECK(fmt->values[1].type == Type::kBool);
  CHECK(Eval(fmt->values[1], TestCtx{}).value == 1);

  auto g = Make("{{}}");
  fmt = CompileFormat(g->src, g->scope, g->diags);
  REQUIRE(fmt);
  CHECK(fmt->literals == std::vector<std::string>{"{}"});
  CHECK(fmt->values.empty());
}

TEST_CASE("constant evaluation", "[expr]") {
  auto f = Make("tickets * 2 + self", /*allow_state=*/false);
  std::optional<Code> code = CompileExpr(f->src, f->scope, Type::kInt, f->diags);
  REQUIRE(code);
  CHECK(EvalConstant(*code, 5, f->src.loc, f->diags) == 11);

  auto g = Make("10 / (self - 1)", /*allow_state=*/false);
  code = CompileExpr(g->src, g->scope, Type::kInt, g->diags);
  REQUIRE(code);
  CHECK(EvalConstant(*code, 3, g->src.loc, g->diags) == 5);
  CHECK_FALSE(EvalConstant(*code, 1, g->src.loc, g->diags));
  CHECK(g->diags.Render() ==
        "m.yaml:3:11: error: division by zero (with self = 1)\n"
        "    3 |     when: 10 / (self - 1)\n"
        "      |           ^\n");
}

TEST_CASE("diagnostics: names", "[expr]") {
  CHECK(ExprErrors("count + cont") ==
        "m.yaml:3:19: error: unknown name 'cont'; did you mean 'count'?\n"
        "    3 |     when: count + cont\n"
        "      |                   ^~~~\n");
  CHECK(ExprErrors("zzzzzz") ==
        "m.yaml:3:11: error: unknown name 'zzzzzz'\n"
        "    3 |     when: zzzzzz\n"
        "      |           ^~~~~~\n");
  // Two unknown names: both reported.
  CHECK(ExprErrors("cont and fla") ==
        "m.yaml:3:11: error: unknown name 'cont'; did you mean 'count'?\n"
        "    3 |     when: cont and fla\n"
        "      |           ^~~~\n"
        "m.yaml:3:20: error: unknown name 'fla'; did you mean 'flag'?\n"
        "    3 |     when: cont and fla\n"
        "      |                    ^~~\n");
  CHECK(ExprErrors("tickets + count", std::nullopt, /*allow_state=*/false) ==
        "m.yaml:3:21: error: 'count' is a variable; only params and literals are allowed here\n"
        "    3 |     when: tickets + count\n"
        "      |                     ^~~~~\n"
        "m.yaml:2:10: note: 'count' is declared here\n"
        "    2 | shared: {count: 0, flag: false, x: 0}\n"
        "      |          ^~~~~\n");
  CHECK(ExprErrors("self + 1", std::nullopt, true, /*with_self=*/false) ==
        "m.yaml:3:11: error: 'self' is not available here\n"
        "    3 |     when: self + 1\n"
        "      |           ^~~~\n");
}

TEST_CASE("diagnostics: a multi-line expression", "[expr]") {
  CHECK(ExprErrors("count +\n  cont") ==
        "m.yaml:4:3: error: unknown name 'cont'; did you mean 'count'?\n"
        "    4 |   cont\n"
        "      |   ^~~~\n");
}

TEST_CASE("diagnostics: syntax", "[expr]") {
  CHECK(ExprErrors("count + )") ==
        "m.yaml:3:19: error: expected an expression, found ')'\n"
        "    3 |     when: count + )\n"
        "      |                   ^\n");
  CHECK(ExprErrors("(count + 1") ==
        "m.yaml:3:21: error: expected ')' to close '(' at column 11, found end of expression\n"
        "    3 |     when: (count + 1\n"
        "      |                     ^\n");
  CHECK(ExprErrors("count @ 2") ==
        "m.yaml:3:17: error: unexpected '@'\n"
        "    3 |     when: count @ 2\n"
        "      |                 ^\n");
  CHECK(ExprErrors("count + 99999999999999999999") ==
        "m.yaml:3:19: error: integer literal '99999999999999999999' is too large; the largest "
        "is 9223372036854775807\n"
        "    3 |     when: count + 99999999999999999999\n"
        "      |                   ^~~~~~~~~~~~~~~~~~~~\n");
  CHECK(ExprErrors("1 < count < 3") ==
        "m.yaml:3:21: error: comparisons cannot be chained; use 'and'\n"
        "    3 |     when: 1 < count < 3\n"
        "      |                     ^\n");
  CHECK(ExprErrors("x = 1") ==
        "m.yaml:3:13: error: expected an operator or end of expression, found '='; use '==' to "
        "compare\n"
        "    3 |     when: x = 1\n"
        "      |             ^\n");
  CHECK(ExprErrors("min(1)") ==
        "m.yaml:3:16: error: expected ',' between the two arguments of 'min', found ')'\n"
        "    3 |     when: min(1)\n"
        "      |                ^\n");
  CHECK(ExprErrors("") ==
        "m.yaml:3:11: error: expected an expression, found end of expression\n"
        "    3 |     when: \n"
        "      |           ^\n");
}

TEST_CASE("diagnostics: types", "[expr]") {
  CHECK(ExprErrors("count + flag") ==
        "m.yaml:3:19: error: operator '+' needs int operands, found bool\n"
        "    3 |     when: count + flag\n"
        "      |                   ^~~~\n"
        "m.yaml:2:20: note: 'flag' is declared here\n"
        "    2 | shared: {count: 0, flag: false, x: 0}\n"
        "      |                    ^~~~\n");
  CHECK(ExprErrors("count + true") ==
        "m.yaml:3:19: error: operator '+' needs int operands, found bool\n"
        "    3 |     when: count + true\n"
        "      |                   ^~~~\n");
  CHECK(ExprErrors("not count") ==
        "m.yaml:3:15: error: operator 'not' needs a bool operand, found int\n"
        "    3 |     when: not count\n"
        "      |               ^~~~~\n"
        "m.yaml:2:10: note: 'count' is declared here\n"
        "    2 | shared: {count: 0, flag: false, x: 0}\n"
        "      |          ^~~~~\n");
  CHECK(ExprErrors("count == flag") ==
        "m.yaml:3:17: error: operator '==' needs operands of the same type, found int and bool\n"
        "    3 |     when: count == flag\n"
        "      |                 ^~\n");
  CHECK(ExprErrors("count + 1", Type::kBool) ==
        "m.yaml:3:11: error: expected a bool condition, found an int expression\n"
        "    3 |     when: count + 1\n"
        "      |           ^~~~~~~~~\n");
  CHECK(ExprErrors("flag", Type::kInt) ==
        "m.yaml:3:11: error: expected an int value, found a bool expression\n"
        "    3 |     when: flag\n"
        "      |           ^~~~\n"
        "m.yaml:2:20: note: 'flag' is declared here\n"
        "    2 | shared: {count: 0, flag: false, x: 0}\n"
        "      |                    ^~~~\n");
}

TEST_CASE("diagnostics: constants", "[expr]") {
  CHECK(ExprErrors("count + tickets / 0") ==
        "m.yaml:3:27: error: division by zero\n"
        "    3 |     when: count + tickets / 0\n"
        "      |                           ^\n");
  CHECK(ExprErrors("true and 1 % (tickets - 3) == 0") ==
        "m.yaml:3:22: error: division by zero\n"
        "    3 |     when: true and 1 % (tickets - 3) == 0\n"
        "      |                      ^\n");
  CHECK(ExprErrors("9223372036854775807 + 1") ==
        "m.yaml:3:31: error: integer overflow in a constant expression: 9223372036854775807 + 1 "
        "does not fit in 64 bits\n"
        "    3 |     when: 9223372036854775807 + 1\n"
        "      |                               ^\n");
}

TEST_CASE("diagnostics: nesting limits", "[expr]") {
  std::string deep = "count";
  for (int i = 1; i < 70; ++i) deep = "count + (" + deep + ")";
  CHECK_THAT(ExprErrors(deep), Catch::StartsWith("m.yaml:3:11: error: expression too deeply "
                                                 "nested: it needs 70 stack slots, the limit "
                                                 "is 64\n"));
  std::string parens = std::string(150, '(') + "1" + std::string(150, ')');
  CHECK_THAT(ExprErrors(parens),
             Catch::StartsWith("m.yaml:3:111: error: expression too deeply nested (the limit "
                               "is 100; raise it with --limit expr-depth=N)\n"));
}

TEST_CASE("diagnostics: assignments", "[expr]") {
  CHECK(AssignErrors("tickets = 1") ==
        "m.yaml:3:11: error: cannot assign to param 'tickets'; params are constants (change it "
        "with --set tickets=...)\n"
        "    3 |     when: tickets = 1\n"
        "      |           ^~~~~~~\n"
        "m.yaml:1:10: note: 'tickets' is declared here\n"
        "    1 | params: {tickets: 3, debug: false}\n"
        "      |          ^~~~~~~\n");
  CHECK(AssignErrors("self = 1") ==
        "m.yaml:3:11: error: cannot assign to 'self'\n"
        "    3 |     when: self = 1\n"
        "      |           ^~~~\n");
  CHECK(AssignErrors("x = true") ==
        "m.yaml:3:15: error: 'x' is an int, but the value assigned is a bool\n"
        "    3 |     when: x = true\n"
        "      |               ^~~~\n"
        "m.yaml:2:33: note: 'x' is declared here\n"
        "    2 | shared: {count: 0, flag: false, x: 0}\n"
        "      |                                 ^\n");
  CHECK(AssignErrors("x") ==
        "m.yaml:3:12: error: expected '=' in assignment 'x', found end of statement\n"
        "    3 |     when: x\n"
        "      |            ^\n");
  CHECK(AssignErrors("flag += 1") ==
        "m.yaml:3:16: error: operator '+=' needs an int variable, but 'flag' is a bool\n"
        "    3 |     when: flag += 1\n"
        "      |                ^~\n"
        "m.yaml:2:20: note: 'flag' is declared here\n"
        "    2 | shared: {count: 0, flag: false, x: 0}\n"
        "      |                    ^~~~\n");
  CHECK(AssignErrors("cont = 1") ==
        "m.yaml:3:11: error: unknown name 'cont'; did you mean 'count'?\n"
        "    3 |     when: cont = 1\n"
        "      |           ^~~~\n");
  CHECK(AssignErrors("count = 1 +") ==
        "m.yaml:3:22: error: expected an expression, found end of statement\n"
        "    3 |     when: count = 1 +\n"
        "      |                      ^\n");
}

TEST_CASE("diagnostics: print formats", "[expr]") {
  CHECK(FormatErrors("count is {count") ==
        "m.yaml:3:20: error: unterminated '{' in print text; write '{{' for a literal '{'\n"
        "    3 |     when: count is {count\n"
        "      |                    ^\n");
  CHECK(FormatErrors("a {} b") ==
        "m.yaml:3:14: error: expected an expression, found '}'\n"
        "    3 |     when: a {} b\n"
        "      |              ^\n");
  CHECK(FormatErrors("a } b") ==
        "m.yaml:3:13: error: unmatched '}' in print text; write '}}' for a literal '}'\n"
        "    3 |     when: a } b\n"
        "      |             ^\n");
  CHECK(FormatErrors("n={cont}") ==
        "m.yaml:3:14: error: unknown name 'cont'; did you mean 'count'?\n"
        "    3 |     when: n={cont}\n"
        "      |              ^~~~\n");
  CHECK(FormatErrors("v={count flag}") ==
        "m.yaml:3:20: error: expected an operator or '}', found 'flag'\n"
        "    3 |     when: v={count flag}\n"
        "      |                    ^~~~\n");
}

}  // namespace
}  // namespace racecheck
