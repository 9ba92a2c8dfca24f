// The memory bound a search gets when the user gives none: so that a search that outgrows the
// memory it may use ends as 'incomplete' with its report, instead of being killed by the kernel
// (out of memory) or aborted (an address-space limit), on a laptop, a shared lab server or in a
// container alike.
//
// The bound is 3/4 of the smallest room the process has: the machine's physical memory; the
// address-space and data limits (RLIMIT_AS, RLIMIT_DATA: `ulimit -v`, `prlimit --as`) minus
// what the process already uses of them; and its cgroup's memory limit (v2 memory.max, v1
// memory.limit_in_bytes, on its own group and every group above it) minus the group's usage.
// The quarter left is headroom: a table doubling, the chunk being filled, thread stacks, the
// report. Reads /proc and /sys; call from any thread.
#ifndef RACECHECK_ENGINE_CHECK_MEMORY_BOUND_H_
#define RACECHECK_ENGINE_CHECK_MEMORY_BOUND_H_

#include <cstdint>
#include <string>

namespace racecheck {

// What the bound is chosen from; 0 means "no such limit" (or not known).
struct MemoryFacts {
  uint64_t physical = 0;
  uint64_t as_limit = 0, as_used = 0;          // RLIMIT_AS, VmSize
  uint64_t data_limit = 0, data_used = 0;      // RLIMIT_DATA, VmData
  uint64_t cgroup_limit = 0, cgroup_used = 0;  // the tightest group on the path
};

struct MemoryBound {
  uint64_t bytes = 0;  // 0: no bound could be chosen
  std::string origin;  // "3/4 of physical memory", "3/4 of the room under RLIMIT_AS", ...
};

// The facts of this process, read now.
MemoryFacts ReadMemoryFacts();

// The bound those facts allow (see above). Pure.
MemoryBound ChooseMemoryBound(const MemoryFacts& facts);

// ChooseMemoryBound(ReadMemoryFacts()).
MemoryBound DefaultMemoryBound();

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_CHECK_MEMORY_BOUND_H_
