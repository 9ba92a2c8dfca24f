// BigInt (big_int.h).
#include "engine/count/big_int.h"

#include <cmath>
#include <memory>

#include "engine/support/check.h"

namespace racecheck {

BigInt BigInt::FromString(const std::string& digits) {
  BigInt out;
  RC_CHECK(mpz_set_str(out.v_, digits.c_str(), 10) == 0);
  return out;
}

void BigInt::Set(uint64_t x) {
  // mpz_set_ui takes an unsigned long, 64 bits on the platforms racecheck builds for.
  static_assert(sizeof(unsigned long) == sizeof(uint64_t));
  mpz_set_ui(v_, static_cast<unsigned long>(x));
}

void BigInt::AddMul(const BigInt& x, uint64_t m) {
  mpz_addmul_ui(v_, x.v_, static_cast<unsigned long>(m));
}

void BigInt::AddSmall(uint64_t m) { mpz_add_ui(v_, v_, static_cast<unsigned long>(m)); }

bool BigInt::FitsUint64() const { return mpz_sgn(v_) >= 0 && mpz_fits_ulong_p(v_); }

uint64_t BigInt::ToUint64() const {
  RC_CHECK(FitsUint64());
  return mpz_get_ui(v_);
}

size_t BigInt::Digits() const { return ToString().size() - (mpz_sgn(v_) < 0 ? 1 : 0); }

std::string BigInt::ToString() const {
  std::unique_ptr<char[]> buf(new char[mpz_sizeinbase(v_, 10) + 2]);
  mpz_get_str(buf.get(), 10, v_);
  return std::string(buf.get());
}

double BigInt::Log10() const {
  RC_CHECK(mpz_sgn(v_) > 0);
  long exp2 = 0;
  const double mant = mpz_get_d_2exp(&exp2, v_);  // v = mant * 2^exp2, mant in [0.5, 1)
  return std::log10(mant) + static_cast<double>(exp2) * std::log10(2.0);
}

double BigInt::Ratio(const BigInt& num, const BigInt& den) {
  RC_CHECK(mpz_sgn(den.v_) != 0);
  mpq_t q;
  mpq_init(q);
  mpq_set_num(q, num.v_);
  mpq_set_den(q, den.v_);
  mpq_canonicalize(q);
  const double d = mpq_get_d(q);
  mpq_clear(q);
  return d;
}

}  // namespace racecheck
