// Test helper for reference_test: a fixed-seed generator of small random models whose point is
// their expressions — every operator of the language, params (so that the engine folds
// constant parts), int and bool variables, shared and local, `self`, negative values, C
// division and modulo, min/max, short circuits that guard a division, precedence without
// parentheses — in assignments, conditions, asserts, awaits, prints and properties. The models
// of tests/support/random_models.h exercise the steps; these exercise the expression compiler,
// its folder and its evaluator. Some models do not load (a constant division by zero or
// overflow is a load error); the test skips those. Header-only.
#ifndef RACECHECK_TESTS_REFERENCE_RANDOM_EXPR_MODELS_H_
#define RACECHECK_TESTS_REFERENCE_RANDOM_EXPR_MODELS_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace racecheck::testing {

// Deterministic for a seed: only raw numbers from mt19937_64 (no distribution objects).
class ExprModelGen {
 public:
  explicit ExprModelGen(uint64_t seed) : rng_(seed) {}

  std::string Model() {
    std::string y = "params:\n";
    y += "  a: " + std::to_string(R(11) - 5) + "\n";
    y += std::string("  b: ") + (R(2) ? "true" : "false") + "\n";
    y += "  big: 4611686018427387904\n";
    y += "shared:\n";
    y += "  x: {init: " + std::to_string(R(3)) + ", range: [-6, 6]}\n";
    y += "  y: {init: " + std::to_string(R(3) - 1) + ", range: [-6, 6]}\n";
    y += std::string("  f: ") + (R(2) ? "true" : "false") + "\n";
    y += "processes:\n";
    const int templates = 1 + R(2);
    for (int t = 0; t < templates; ++t) {
      y += "  p" + std::to_string(t) + ":\n";
      y += "    instances: " + std::to_string(1 + R(2)) + "\n";
      y += "    locals: {t: {init: self, range: [-6, 6]}, g: " +
           std::string(R(2) ? "true" : "false") + "}\n";
      in_steps_ = true;
      y += "    steps: [" + Steps(2 + R(3), 0) + "]\n";
      in_steps_ = false;
    }
    y += "invariants:\n  inv: " + Q(Bool(2)) + "\n";
    if (R(2) == 0) y += "final:\n  fin: " + Q(Bool(2)) + "\n";
    return y;
  }

 private:
  int R(int n) { return static_cast<int>(rng_() % static_cast<uint64_t>(n)); }
  static std::string Q(const std::string& s) { return "\"" + s + "\""; }
  static std::string P(const std::string& s) { return "(" + s + ")"; }

  // An int expression of depth at most d. Binary operators print their operands with just the
  // parentheses the grammar needs, sometimes more, so that precedence is exercised too.
  std::string Int(int d) {
    const int k = d <= 0 ? R(6) : R(16);
    switch (k) {
      case 0:
        return std::to_string(R(7) - 3);
      case 1:
        return "a";
      case 2:
        return "x";
      case 3:
        return "y";
      case 4:
        return in_steps_ ? (R(2) ? "t" : "self") : "a";
      case 5:
        return R(4) == 0 ? "big" : std::to_string(R(9));
      case 6:
        return "-" + Unary(d - 1);
      case 7:
      case 8:
        return Term(d - 1) + (R(2) ? " + " : " - ") + Term(d - 1);
      case 9:
        return Unary(d - 1) + " * " + Unary(d - 1);
      case 10:
      case 11:
        return Unary(d - 1) + (R(2) ? " / " : " % ") + Unary(d - 1);
      case 12:
        return std::string(R(2) ? "min" : "max") + "(" + Int(d - 1) + ", " + Int(d - 1) + ")";
      case 13:
        return Int(d - 1) + " + " + Int(d - 1) + " * " + Unary(d - 1);
      case 14:
        return P(Int(d - 1)) + " % " + std::to_string(2 + R(4));
      default:
        return P(Int(d - 1));
    }
  }
  // Operands of * / %: a unary or a parenthesized sum.
  std::string Unary(int d) {
    std::string e = Int(d);
    for (char c : e) {
      if (c == ' ') return P(e);
    }
    return e;
  }
  std::string Term(int d) {
    std::string e = Int(d);
    return e.find(" + ") != std::string::npos || e.find(" - ") != std::string::npos ? P(e) : e;
  }
  // A bool expression of depth at most d.
  std::string Bool(int d) {
    static constexpr const char* kCmp[] = {" == ", " != ", " < ", " <= ", " > ", " >= "};
    const int k = d <= 0 ? R(4) : R(12);
    switch (k) {
      case 0:
        return R(2) ? "true" : "false";
      case 1:
        return "b";
      case 2:
        return "f";
      case 3:
        return in_steps_ ? "g" : "f";
      case 4:
      case 5:
        return Int(d - 1) + kCmp[R(6)] + Int(d - 1);
      case 6:
        return std::string(R(2) ? "not " : "!") + P(Bool(d - 1));
      case 7:
        return P(Bool(d - 1)) + (R(2) ? " and " : " && ") + P(Bool(d - 1));
      case 8:
        return P(Bool(d - 1)) + (R(2) ? " or " : " || ") + P(Bool(d - 1));
      case 9: {  // a short circuit that guards a division: only the guarded side may divide
        const std::string v = R(2) ? "x" : "y";
        return v + " == 0 or " + std::to_string(R(5) - 2) + " / " + v + " >= " + Int(0);
      }
      case 10:
        return P(Bool(d - 1)) + (R(2) ? " == " : " != ") + P(Bool(d - 1));
      default:
        return "not " + Int(d - 1) + kCmp[R(6)] + Int(d - 1);
    }
  }
  // An assignment that usually stays in range: wrapped into -4..4 by `% 5` most of the time.
  std::string Assign() {
    switch (R(8)) {
      case 0:
        return Q("f = " + Bool(2));
      case 1:
        return Q("g = " + Bool(2));
      case 2:
        return Q(std::string(R(2) ? "x += " : "y -= ") + Unary(1));
      default: {
        const char* const kTargets[] = {"x", "y", "t"};
        const std::string e = Int(2);
        return Q(std::string(kTargets[R(3)]) + " = " + (R(4) ? P(e) + " % 5" : e));
      }
    }
  }
  std::string Steps(int n, int d) {
    std::string out;
    for (int i = 0; i < n; ++i) out += (i ? ", " : "") + Step(d);
    return out;
  }
  std::string Step(int d) {
    switch (d >= 2 ? R(4) : R(10)) {
      case 0:
      case 1:
      case 2:
        return Assign();
      case 3:
        return "{assert: " + Q(Bool(2)) + "}";
      case 4:
        return "{print: " + Q("v {" + Int(2) + "} {" + Bool(1) + "}") + "}";
      case 5:
        return "{await: " + Q(Bool(1)) + "}";
      case 6:
        return "{if: " + Q(Bool(2)) + ", then: [" + Steps(1 + R(2), d + 1) + "]" +
               (R(2) ? ", else: [" + Steps(1, d + 1) + "]" : "") + "}";
      case 7:
        return "{atomic: [" + Steps(2, d + 2) + "]}";
      case 8:
        return "{while: \"t < 2\", do: [\"t = t + 1\", " + Assign() + "]}";
      default:
        return Assign();
    }
  }

  std::mt19937_64 rng_;
  bool in_steps_ = false;  // locals and `self` are in scope
};

}  // namespace racecheck::testing

#endif  // RACECHECK_TESTS_REFERENCE_RANDOM_EXPR_MODELS_H_
