// Symmetry: identical instances of a process template are interchangeable, so states that
// differ only by a permutation of such instances are one state. The canonical representative
// sorts each template's instances by (pc, locals, locks held) and renames lock owners to match.
//
// A template takes part only when its instances are truly identical: no step (other than a
// print, which only writes output) reads `self`, and every instance has the same local ranges
// and initial values. Otherwise it is left alone and notes() says why. Verdicts do not change:
// every property reads only shared variables, which a permutation of processes leaves alone.
// Counterexamples found on canonical states are turned back into concrete schedules by
// trace/concretize.h (using the permutation Canonicalize reports).
//
// Immutable after construction; Canonicalize is thread-safe (it uses thread-local scratch).
#ifndef RACECHECK_ENGINE_SEMANTICS_SYMMETRY_H_
#define RACECHECK_ENGINE_SEMANTICS_SYMMETRY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/semantics/system.h"
#include "engine/support/lang.h"
#include "engine/support/messages.h"

namespace racecheck {

class Symmetry {
 public:
  explicit Symmetry(const System& system);

  // Does some template have two or more interchangeable instances?
  bool active() const { return !groups_.empty(); }
  // One line per template with several instances that is not reduced, saying why (in `lang`,
  // support/messages.h).
  std::vector<std::string> notes(Lang lang = Lang::kEn) const;
  // The sets of interchangeable processes: each is `count` consecutive processes from `first`
  // (the instances of one template), in template order. engine/count/ counts their states.
  struct Interchangeable {
    int first;
    int count;
  };
  std::vector<Interchangeable> interchangeable() const;

  // In a canonical state s: is process p interchangeable with process p - 1 (same template,
  // same pc, locals and locks held)? Its successors are then those of p - 1 up to a
  // permutation, and a search on canonical states need not compute them.
  bool SameAsPrevious(const uint64_t* s, int p) const;

  // Rewrites s into its canonical representative. With `perm` (num_processes() entries), sets
  // perm[i] = the process of the old s that is process i of the new one.
  void Canonicalize(uint64_t* s, int32_t* perm = nullptr) const;

 private:
  struct Group {
    int first;  // process index of instance 0
    int count;
    std::vector<int> fields;  // per instance, key_width fields: pc, then locals
    bool packed = false;      // the key (fields, then one bit per lock) fits in 64 bits
  };
  void CanonicalizePacked(const Group& g, uint64_t* s, const std::vector<int64_t>& owners,
                          std::vector<int32_t>& new_index, int32_t* perm, bool& moved) const;
  const System& system_;
  std::vector<Group> groups_;
  std::vector<int> lock_fields_;  // owner fields of the locks (not semaphores)
  std::vector<int> group_of_;     // per process: its group, or -1
  // The templates with several instances that are not reduced, and whether because of 'self'
  // (else: their instances start differently), for notes().
  // The templates not reduced, with the message that says why (kSymNoSelf, kSymNotSame,
  // kSymHolder).
  std::vector<std::pair<std::string, Msg>> unreduced_;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SEMANTICS_SYMMETRY_H_
