// BigInt: an exact integer of any size (GMP's mpz_t behind a value type), for the numbers of
// schedules, which at 100 clients have hundreds of digits. Only what the counting needs: add,
// add a multiple, compare, divide into a ratio, print in decimal.
//
// A value type: copies are deep, moves are cheap. Thread-compatible (no shared state).
#ifndef RACECHECK_ENGINE_COUNT_BIG_INT_H_
#define RACECHECK_ENGINE_COUNT_BIG_INT_H_

#include <gmp.h>

#include <cstdint>
#include <string>

namespace racecheck {

class BigInt {
 public:
  BigInt() { mpz_init(v_); }
  explicit BigInt(uint64_t x) {
    mpz_init(v_);
    Set(x);
  }
  BigInt(const BigInt& o) { mpz_init_set(v_, o.v_); }
  BigInt(BigInt&& o) noexcept {
    mpz_init(v_);
    mpz_swap(v_, o.v_);
  }
  BigInt& operator=(const BigInt& o) {
    mpz_set(v_, o.v_);
    return *this;
  }
  BigInt& operator=(BigInt&& o) noexcept {
    mpz_swap(v_, o.v_);
    return *this;
  }
  ~BigInt() { mpz_clear(v_); }

  // From decimal digits; REQUIRES: `digits` is a non-negative decimal number.
  static BigInt FromString(const std::string& digits);

  void Set(uint64_t x);
  void SetZero() { mpz_set_ui(v_, 0); }
  BigInt& operator+=(const BigInt& o) {
    mpz_add(v_, v_, o.v_);
    return *this;
  }
  BigInt& operator-=(const BigInt& o) {
    mpz_sub(v_, v_, o.v_);
    return *this;
  }
  // *this += x * m.
  void AddMul(const BigInt& x, uint64_t m);
  void AddSmall(uint64_t m);

  bool IsZero() const { return mpz_sgn(v_) == 0; }
  int Compare(const BigInt& o) const { return mpz_cmp(v_, o.v_); }
  bool operator==(const BigInt& o) const { return Compare(o) == 0; }
  bool operator!=(const BigInt& o) const { return Compare(o) != 0; }
  bool operator<(const BigInt& o) const { return Compare(o) < 0; }
  // Fits in a uint64_t? Then ToUint64() is the value.
  bool FitsUint64() const;
  uint64_t ToUint64() const;
  size_t Digits() const;         // decimal digits (1 for 0)
  std::string ToString() const;  // "12870"
  // The value as a double, or its log10 when it is too large for one.
  double Log10() const;

  // num / den as a double (exact to a double's precision, whatever the sizes).
  // REQUIRES: den is not zero.
  static double Ratio(const BigInt& num, const BigInt& den);

  const mpz_t& raw() const { return v_; }
  mpz_t& raw() { return v_; }

 private:
  mpz_t v_;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_COUNT_BIG_INT_H_
