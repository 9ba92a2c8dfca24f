// Number formatting for people: thousands separators. Pure functions; thread-safe.
#ifndef RACECHECK_ENGINE_SUPPORT_NUMBERS_H_
#define RACECHECK_ENGINE_SUPPORT_NUMBERS_H_

#include <cstdint>
#include <string>

namespace racecheck {

// 1234567 -> "1,234,567".
inline std::string Thousands(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_NUMBERS_H_
