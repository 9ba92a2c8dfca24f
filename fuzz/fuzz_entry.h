// The entry points of racecheck's fuzz targets, one per target, shared by the libFuzzer
// binaries (fuzz/*_fuzzer.cc, built with -DRACECHECK_FUZZ=ON and clang) and by the regression
// test (tests/unit/fuzz_regressions_test.cc, every build), which feeds each file of
// fuzz/regressions/<target>/ through the same function with the same bounds.
//
// Each takes arbitrary bytes and must return normally: a crash, an abort (RC_CHECK), a
// sanitizer report, a hang or runaway memory is a bug. Besides not crashing, FuzzExpression
// checks one property: constant folding agrees with evaluation. Thread-compatible.
#ifndef RACECHECK_FUZZ_FUZZ_ENTRY_H_
#define RACECHECK_FUZZ_FUZZ_ENTRY_H_

#include <cstddef>
#include <cstdint>

namespace racecheck::fuzz {

// The bytes as a model file: loaded, compiled (with and without locks, plain and reduced),
// checked by a bounded search (kMaxStates states, one thread), and the report rendered as text
// and as JSON, counterexamples replayed.
void FuzzModel(const uint8_t* data, size_t size);

// The bytes as an expression, an assignment and a print format over a fixed scope (params, a
// shared int and bool, a local, self): compiled, disassembled and evaluated. Expressions of up to
// 1 MiB, nested up to the default expr-depth.
void FuzzExpression(const uint8_t* data, size_t size);

// The bytes as a schedule token for a fixed model (three ticket clients with a lock): parsed,
// replayed on both variants, and the replay rendered.
void FuzzSchedule(const uint8_t* data, size_t size);

// The bound of FuzzModel's search.
inline constexpr uint64_t kMaxStates = 3000;

}  // namespace racecheck::fuzz

#endif  // RACECHECK_FUZZ_FUZZ_ENTRY_H_
