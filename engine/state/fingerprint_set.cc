// FingerprintSet (fingerprint_set.h).
#include "engine/state/fingerprint_set.h"

#include "engine/support/check.h"

namespace racecheck {

namespace {
constexpr uint32_t kInitialLog2 = 16;
}  // namespace

FingerprintSet::FingerprintSet() : table_(size_t{1} << kInitialLog2), shift_(64 - kInitialLog2) {}

bool FingerprintSet::Insert(uint64_t hash) {
  if (hash == 0) hash = 1;
  const uint64_t mask = table_.size() - 1;
  for (uint64_t pos = Slot(hash);; pos = (pos + 1) & mask) {
    const uint64_t e = table_[pos];
    if (e == hash) return false;
    if (e == 0) {
      table_[pos] = hash;
      if (++size_ * 2 > table_.size()) Grow();
      return true;
    }
  }
}

void FingerprintSet::Grow() {
  RC_CHECK(shift_ > 1);
  HugeArray<uint64_t> old(std::move(table_));
  table_ = HugeArray<uint64_t>(old.size() * 2);
  --shift_;
  const uint64_t mask = table_.size() - 1;
  for (size_t i = 0; i < old.size(); ++i) {
    const uint64_t e = old[i];
    if (e == 0) continue;
    uint64_t pos = Slot(e);
    while (table_[pos] != 0) pos = (pos + 1) & mask;
    table_[pos] = e;
  }
}

double FingerprintSet::CollisionBound(uint64_t n) {
  const double pairs = static_cast<double>(n) * static_cast<double>(n > 0 ? n - 1 : 0) / 2;
  return pairs / 18446744073709551616.0;  // 2^64
}

}  // namespace racecheck
