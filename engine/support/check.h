// Always-on internal consistency checks (error channel 4: our bug).
//
// RC_CHECK(cond) aborts with file:line and the condition text when `cond` is false, in every build
// type. Use it for invariants of the engine itself, never for mistakes in a user's model (those
// are diagnostics) or for operating-system failures (those are a Status).
#ifndef RACECHECK_ENGINE_SUPPORT_CHECK_H_
#define RACECHECK_ENGINE_SUPPORT_CHECK_H_

#include <cstdio>
#include <cstdlib>

namespace racecheck {

[[noreturn]] inline void CheckFailed(const char* file, int line, const char* cond) {
  std::fprintf(stderr, "racecheck: internal error at %s:%d: check failed: %s\n", file, line, cond);
  std::abort();
}

}  // namespace racecheck

#define RC_CHECK(cond)                                                \
  do {                                                                \
    if (!(cond)) ::racecheck::CheckFailed(__FILE__, __LINE__, #cond); \
  } while (0)

#endif  // RACECHECK_ENGINE_SUPPORT_CHECK_H_
