// PodVector (engine/support/pod_vector.h): the contents survive growth from malloc's memory into
// a mapping of its own and through mremap, for an element whose size does not divide a page;
// copies are deep, moves and swaps exchange, clear gives the memory back and the array is usable
// again.
#include "engine/support/pod_vector.h"

#include <catch2/catch.hpp>
#include <cstdint>

namespace racecheck {
namespace {

struct Twelve {  // 12 bytes: 4096 is not a multiple of it
  uint32_t a, b, c;
};

// Element i of the test arrays: distinct, so a lost or moved block shows.
Twelve At(uint32_t i) { return {i, i * 3 + 1, ~i}; }

bool Holds(const PodVector<Twelve>& v, uint32_t n) {
  if (v.size() != n) return false;
  for (uint32_t i = 0; i < n; ++i) {
    const Twelve& x = v[i];
    if (x.a != i || x.b != i * 3 + 1 || x.c != ~i) return false;
  }
  return true;
}

TEST_CASE("PodVector keeps its contents while it grows past the mapping threshold",
          "[pod_vector]") {
  // 400,000 x 12 bytes = 4.8 MB: the array starts in malloc's memory, moves to a mapping at
  // 1 MiB and grows by mremap three or four times after that.
  constexpr uint32_t kN = 400000;
  PodVector<Twelve> v;
  for (uint32_t i = 0; i < kN; ++i) {
    v.push_back(At(i));
    if (i == 1000) REQUIRE(Holds(v, 1001));
  }
  CHECK(v.capacity() >= kN);
  CHECK(Holds(v, kN));

  PodVector<Twelve> copy = v;  // deep
  copy[7].a = 99;
  CHECK(v[7].a == 7);
  copy[7].a = 7;
  CHECK(Holds(copy, kN));

  PodVector<Twelve> moved = std::move(copy);
  CHECK(Holds(moved, kN));
  CHECK(copy.empty());  // NOLINT(bugprone-use-after-move): a move leaves it empty

  PodVector<Twelve> small;
  small.push_back(At(0));
  small.swap(moved);
  CHECK(Holds(small, kN));
  CHECK(Holds(moved, 1));

  small.clear();
  CHECK(small.empty());
  CHECK(small.capacity() == 0);
  for (uint32_t i = 0; i < kN; ++i) small.push_back(At(i));  // usable again, mapped again
  CHECK(Holds(small, kN));
}

TEST_CASE("PodVector resize, assign, append and reserve", "[pod_vector]") {
  PodVector<uint32_t> v(5, 7);
  CHECK(v.size() == 5);
  CHECK(v[4] == 7);
  v.resize(3 << 20, 2);  // 12 MB: mapped
  CHECK(v[4] == 7);
  CHECK(v[5] == 2);
  CHECK(v.back() == 2);
  const uint32_t more[] = {1, 2, 3};
  v.append(more, more + 3);
  CHECK(v.size() == (3u << 20) + 3);
  CHECK(v.back() == 3);
  v.reserve(4 << 20);
  CHECK(v.capacity() >= (4u << 20));
  CHECK(v[(3u << 20) + 1] == 2);
  v.assign(2, 9);
  CHECK(v.size() == 2);
  CHECK(v[1] == 9);
  uint64_t sum = 0;
  for (uint32_t x : v) sum += x;
  CHECK(sum == 18);
}

}  // namespace
}  // namespace racecheck
