// PartialOrder: a reduction of independent steps by persistent sets of one process.
//
// In a state s the search may run the step of one process p alone, instead of every enabled
// process, when that step commutes with everything the other processes can do before p moves
// (its singleton set is *persistent*). This class decides it from a static analysis of the code
// plus the locks p holds in s. The step of p qualifies (Eligible) when:
//  1. it acquires nothing (no lock, no semaphore) and releases only clean locks (below) that p
//     holds: no other process can take such a lock before p releases it;
//  2. every shared variable it reads is written by no other process, and every shared variable
//     it writes is read and written by no other process, unless the variable is *protected* by
//     a lock that p holds in s. A variable is protected by lock L when every instruction of every
//     process that reads or writes it runs with L held (a must-hold dataflow over the code) and
//     L is clean: every release of L runs with L held, so only its holder ever releases it.
//     While p holds L, no other process can touch such a variable;
//  3. (visibility) if it writes a variable that an invariant reads, then every variable that
//     invariant reads is frozen until p moves: written by no other process, or protected by a
//     lock p holds. A violation reachable without p's step then shows already in s.
// The explorer adds the dynamic conditions: the step must be enabled, must not be a violation,
// and must move p's pc forward (to a larger pc). The last one is the cycle proviso: along any
// cycle of the reduced state graph the sum of the pcs returns to its start, so some step on it
// does not move forward, and the state it leaves was fully expanded.
//
// Why it is sound (docs/architecture.md, "Partial-order reduction", has the whole argument):
// every deadlock, terminal state, step violation and invariant violation reachable in the full
// graph stays reachable in the reduced one, so verdicts and terminal outcomes do not change.
// Counterexamples are real schedules of the model, but under BFS no longer always the shortest.
//
// Immutable after construction; Eligible is thread-safe.
#ifndef RACECHECK_ENGINE_SEMANTICS_PARTIAL_ORDER_H_
#define RACECHECK_ENGINE_SEMANTICS_PARTIAL_ORDER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/semantics/system.h"
#include "engine/support/lang.h"

namespace racecheck {

class PartialOrder {
 public:
  explicit PartialOrder(const System& system);

  // Can some step of some process ever qualify? (False: the search need not ask.)
  bool active() const { return active_; }
  // What the analysis found, one line each, for the report: "partial-order: while holding
  // 'lock', a process's steps on 'count', 'sold' run alone" (in `lang`, support/messages.h).
  std::vector<std::string> notes(Lang lang = Lang::kEn) const;

  // Does process p's next step in s meet conditions 1-3? (It may still be blocked.)
  bool Eligible(const uint64_t* s, int p) const {
    const ProcessInfo& pi = system_.processes()[p];
    const uint64_t need = need_[pi.tmpl][system_.Pc(s, p)];
    if (need == kNever) return false;
    for (uint64_t m = need; m != 0; m &= m - 1) {
      const int lock = __builtin_ctzll(m);
      if (system_.layout().field(system_.syncs()[lock].field).Get(s) != p + 1) return false;
    }
    return true;
  }

 private:
  // need_[template][pc]: the locks (bit = sync index) p must hold for its step at pc to
  // qualify, or kNever. Locks with index >= 63 are never used.
  static constexpr uint64_t kNever = uint64_t{1} << 63;
  const System& system_;
  std::vector<std::vector<uint64_t>> need_;
  // What notes() tells: per lock, the variables whose steps (all) or reads run alone under it.
  struct LockNote {
    std::string lock;
    std::vector<std::string> all, reads;
  };
  std::vector<LockNote> lock_notes_;
  std::vector<std::string> own_;  // variables of one process each
  bool local_steps_ = false;      // some step touches only the process's own locals
  bool active_ = false;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SEMANTICS_PARTIAL_ORDER_H_
