// libFuzzer target: FuzzExpression (fuzz_entry.h). Built with -DRACECHECK_FUZZ=ON (clang).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_entry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  racecheck::fuzz::FuzzExpression(data, size);
  return 0;
}
