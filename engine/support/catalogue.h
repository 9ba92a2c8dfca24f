// The machinery both message catalogues share (messages.h: reports; diag_messages.h:
// diagnostics): a language's table is an array of {id, text} rows in any order; the compiler
// checks that it has every id exactly once, then indexes it by id. Constant; thread-safe.
#ifndef RACECHECK_ENGINE_SUPPORT_CATALOGUE_H_
#define RACECHECK_ENGINE_SUPPORT_CATALOGUE_H_

#include <array>
#include <cstddef>

namespace racecheck {

// One row of a language's table.
template <typename Id>
struct CatalogueEntry {
  Id id;
  const char* text;
};

// True when `table` has every one of the kCount ids exactly once (each language file
// static_asserts it).
template <size_t kCount, typename Id, size_t N>
constexpr bool CompleteCatalogue(const CatalogueEntry<Id> (&table)[N]) {
  if (N != kCount) return false;
  for (size_t id = 0; id < kCount; ++id) {
    int seen = 0;
    for (const CatalogueEntry<Id>& e : table) seen += static_cast<size_t>(e.id) == id ? 1 : 0;
    if (seen != 1) return false;
  }
  return true;
}

// The texts of `table` indexed by id. REQUIRES: CompleteCatalogue<kCount>(table).
template <size_t kCount, typename Id, size_t N>
constexpr std::array<const char*, kCount> CatalogueById(const CatalogueEntry<Id> (&table)[N]) {
  std::array<const char*, kCount> out{};
  for (const CatalogueEntry<Id>& e : table) out[static_cast<size_t>(e.id)] = e.text;
  return out;
}

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SUPPORT_CATALOGUE_H_
