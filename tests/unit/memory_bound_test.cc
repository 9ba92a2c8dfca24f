// Memory bounds that hold (issue 10): the default bound comes from the tightest of physical
// memory, RLIMIT_AS, RLIMIT_DATA and the cgroup's limit (engine/check/memory_bound.h); the
// stores count the memory they use, not the address space they reserved, and reserve it in
// chunks of bounded size (engine/state/store.h). The figures are worked out by hand below.
#include "engine/check/memory_bound.h"

#include <catch2/catch.hpp>
#include <string>

#include "engine/check/check.h"
#include "engine/state/store.h"

namespace racecheck {
namespace {

constexpr uint64_t kGiB = uint64_t{1} << 30;

TEST_CASE("memory bound: 3/4 of the tightest room, and where it comes from", "[memory]") {
  MemoryFacts f;
  f.physical = 16 * kGiB;
  MemoryBound b = ChooseMemoryBound(f);
  CHECK(b.bytes == 12 * kGiB);
  CHECK(b.origin == "3/4 of physical memory");

  f.as_limit = 4 * kGiB;  // prlimit --as=4G, with 0.5 GiB of it already mapped
  f.as_used = kGiB / 2;
  b = ChooseMemoryBound(f);
  CHECK(b.bytes == (4 * kGiB - kGiB / 2) / 4 * 3);  // 2.625 GiB
  CHECK(b.origin == "3/4 of the room under RLIMIT_AS");

  f.cgroup_limit = 2 * kGiB;  // a container of 2 GiB, 1 GiB used by others
  f.cgroup_used = kGiB;
  b = ChooseMemoryBound(f);
  CHECK(b.bytes == kGiB / 4 * 3);
  CHECK(b.origin == "3/4 of the room in the cgroup's limit");

  f.data_limit = kGiB / 2;  // ulimit -d
  f.data_used = 0;
  b = ChooseMemoryBound(f);
  CHECK(b.bytes == kGiB / 2 / 4 * 3);
  CHECK(b.origin == "3/4 of the room under RLIMIT_DATA");

  f.data_used = kGiB;  // no room left at all: a bound of one byte, so the search stops at once
  CHECK(ChooseMemoryBound(f).bytes == 1);

  CHECK(ChooseMemoryBound(MemoryFacts()).bytes == 0);  // nothing known: no bound
}

TEST_CASE("memory bound: the facts of this process are read", "[memory]") {
  const MemoryFacts f = ReadMemoryFacts();
  CHECK(f.physical > 0);
  const MemoryBound b = DefaultMemoryBound();
  CHECK(b.bytes > 0);
  CHECK(b.bytes <= f.physical / 4 * 3);
}

TEST_CASE("chunked array: chunks bounded in bytes, memory counted as used", "[memory]") {
  ChunkedArray<uint64_t> narrow(1);
  narrow.Append();
  // One 8-byte element: one page in use, one chunk of 2^18 elements (2 MiB) reserved.
  CHECK(narrow.memory_bytes() == 4096);
  CHECK(narrow.reserved_bytes() == (size_t{1} << 18) * 8);

  // A state of 100,000 words (800,000 bytes): a chunk of 2^18 of them would reserve 200 GB;
  // the chunk is cut to the largest power of two under 16 MiB: 16 elements, 12.8 MB.
  ChunkedArray<uint64_t> wide(100000);
  uint64_t* p = wide.Append();
  p[99999] = 1;
  CHECK(wide.reserved_bytes() == 16 * 800000);
  CHECK(wide.reserved_bytes() <= ChunkedArray<uint64_t>::kMaxChunkBytes);
  CHECK(wide.memory_bytes() == 802816);        // 800,000 bytes rounded up to 196 pages
  for (int i = 0; i < 16; ++i) wide.Append();  // the 17th element opens a second chunk
  CHECK(wide.reserved_bytes() == 2 * 16 * 800000);
  CHECK(wide.size() == 17);
}

TEST_CASE("max-memory bounds the memory used, not the chunks reserved", "[memory]") {
  // 300 shared variables of 32-bit range: a state of 300 * 32 bits = 150 words (1,200 bytes).
  // A chunk used to reserve 2^18 of them (315 MB), so that --max-memory 200M stopped the
  // search after its first state. Two processes each increment v0 then v1: a state is fixed by
  // the two program counters, each 0, 1 or 2 (v0 and v1 count the processes past each step):
  // 3 * 3 = 9 states, all of which must be explored.
  std::string text = "model: wide\nshared:\n";
  for (int i = 0; i < 300; ++i) {
    text += "  v" + std::to_string(i) + ": {init: 0, range: [0, 4000000000]}\n";
  }
  text +=
      "processes:\n  p:\n    instances: 2\n    steps:\n      - v0 = v0 + 1\n      - v1 = v1 + 1\n";
  CheckOptions o;
  o.model.path = "wide.yaml";
  o.model.text = text;
  o.explore.threads = 1;
  o.max_memory = uint64_t{200} << 20;
  o.local_reduction = false;
  o.reductions = {false, false};
  const CheckResult r = Check(o);
  INFO(r.diagnostics);
  REQUIRE(r.has_report());
  CHECK(r.outcome == Outcome::kHolds);
  CHECK(r.variants[0].result.stats.states == 9);
  CHECK(r.variants[0].result.incomplete.empty());
}

}  // namespace
}  // namespace racecheck
