// CountingView: a System's states seen the way the counting needs them — identical processes
// are not told apart. A state becomes its *globals* (the shared variables, the semaphore
// counts, and for each lock whether someone holds it) plus, for each *class* of processes, how
// many of them are in each *local type* (program counter, locals, which locks it holds).
//
// A class is the interchangeable instances of one template (semantics/symmetry.h), or, without
// symmetry or where instances differ (a template reading `self`), one process alone. Two
// processes of one class in the same local type have the same steps up to a renaming, so a
// state of the view stands for every concrete state that is a permutation of it, and a step of
// one process of a type stands for the steps of each of them (its multiplicity).
//
// A step of a process depends only on the globals, on whether each lock is free, held by it or
// held by another, and on its own fields (System::Step reads nothing else), so the view can run
// any process's step on a scratch state that holds only those (Write), and read the result
// back (ReadGlobals, ReadType).
//
// Local types are numbered as they are met (ReadType interns), so the view is not thread-safe;
// the numbering is deterministic for a deterministic order of calls.
#ifndef RACECHECK_ENGINE_COUNT_COUNT_VIEW_H_
#define RACECHECK_ENGINE_COUNT_COUNT_VIEW_H_

#include <cstdint>
#include <map>
#include <vector>

#include "engine/count/why_not.h"
#include "engine/count/word_table.h"
#include "engine/semantics/system.h"

namespace racecheck {

// The keys of the count view's states (count_graph.cc, and model_time.cc's timed states) list,
// after their globals, one 32-bit entry per local type that some processes are in: the type's
// index << kEntryCountBits | how many processes are in it, in increasing type order. So a
// class may hold at most kMaxEntryCount processes (CountingView::KeyLimit), and at most
// kMaxEntryTypes local types can be told apart.
constexpr int kEntryCountBits = 14;
constexpr uint32_t kMaxEntryCount = (1u << kEntryCountBits) - 1;
constexpr uint32_t kMaxEntryTypes = 1u << (32 - kEntryCountBits);
inline uint32_t EntryType(uint32_t e) { return e >> kEntryCountBits; }
inline uint32_t EntryCount(uint32_t e) { return e & kMaxEntryCount; }
inline uint32_t Entry(uint32_t type, uint32_t count) { return type << kEntryCountBits | count; }

class CountingView {
 public:
  CountingView(const System& system, bool symmetry);

  const System& system() const { return system_; }
  int global_words() const { return global_words_; }
  int num_locks() const { return static_cast<int>(lock_fields_.size()); }

  int num_classes() const { return static_cast<int>(classes_.size()); }
  int ClassOf(int process) const { return class_of_[process]; }
  int ClassFirst(int c) const { return classes_[c].first; }
  int ClassSize(int c) const { return classes_[c].count; }
  // Why the view's keys cannot hold this System's states: a class of more than kMaxEntryCount
  // processes (CountStop::kClassSize); empty when they can.
  WhyNot KeyLimit() const;

  int num_types() const { return static_cast<int>(types_.size()); }
  int TypeClass(int t) const { return types_[t].cls; }
  int32_t TypePc(int t) const { return types_[t].pc; }
  bool TypeFinished(int t) const { return types_[t].finished; }
  bool TypeHolds(int t, int lock) const { return types_[t].held[lock] != 0; }
  bool TypeHoldsAny(int t) const { return types_[t].holds_any; }

  // The globals of concrete state s into g[0 .. global_words()).
  void ReadGlobals(const uint64_t* s, uint64_t* g) const;
  // Whether lock `lock` is held in globals g.
  bool LockHeld(const uint64_t* g, int lock) const;
  // The locks (bit l: lock l) that a step of p from `before` (written by Write) to `after`
  // freed while another process held them: Python's Lock lets any process release it, and that
  // changes the holder's local type too (TypeWithout).
  uint64_t FreedFromOthers(const uint64_t* before, const uint64_t* after, int p) const;
  // Local type t with lock `lock` no longer held (numbered now if new).
  int TypeWithout(int t, int lock);
  // The local type of process p in concrete state s (numbered now if new).
  int ReadType(const uint64_t* s, int p);
  // Writes into `scratch` (a full state of the System) the globals g, the lock owners as a
  // process p of type t sees them (p itself for the locks t holds, another process for the
  // other held ones, free for the rest), and p's program counter and locals. The other
  // processes' fields keep whatever they held. REQUIRES: TypeClass(t) == ClassOf(p).
  void Write(const uint64_t* g, int t, int p, uint64_t* scratch) const;
  // Evaluates the invariants (and, with `terminal`, the finals) on globals g: the indices of
  // the properties violated, in property order.
  std::vector<int32_t> ViolatedStateProperties(const uint64_t* g, bool terminal);
  // The values of the shared variables in globals g, in System::shared() order.
  std::vector<int64_t> SharedValues(const uint64_t* g);

 private:
  struct Class {
    int first;
    int count;
  };
  struct Packed {  // a field's place in the packed globals
    int field;
    uint32_t word, shift;
    uint64_t mask;
  };
  struct Type {
    int cls;
    int32_t pc;
    bool finished;
    bool holds_any;
    std::vector<int64_t> values;  // pc, then locals (raw field values)
    std::vector<uint8_t> held;    // per lock
  };

  // Writes the shared variables and semaphores of globals g into the full state `scratch`.
  void WriteGlobals(const uint64_t* g, uint64_t* scratch) const;

  const System& system_;
  std::vector<Class> classes_;
  std::vector<int> class_of_;
  std::vector<Packed> globals_;   // shared variables and semaphores
  std::vector<int> lock_fields_;  // owner fields of the locks (not semaphores)
  std::vector<std::pair<uint32_t, uint32_t>> lock_bits_;  // (word, shift) of each lock's flag
  int global_words_ = 0;
  std::vector<Type> types_;
  std::map<std::pair<int, std::vector<int64_t>>, int> type_ids_;  // (class, values + held)
  std::vector<uint64_t> scratch_;
};

// The distinct globals a CountingView reads, each named by a dense index in the order of first
// reading, and kept as words to write back (CountingView::Write). The count graph and the
// least-time search each keep one. Not thread-safe.
class GlobalsTable {
 public:
  explicit GlobalsTable(const CountingView& view);
  // The index of the globals of concrete state s (stored now if new).
  uint32_t Intern(const uint64_t* s);
  // The globals of index `id`, CountingView::global_words() of them.
  const uint64_t* Words(uint32_t id) const { return words_.data() + size_t{id} * gw_; }

 private:
  const CountingView& view_;
  const size_t gw_;
  WordTable table_;               // the globals as 32-bit halves, for lookup
  std::vector<uint64_t> words_;   // gw_ words per index
  std::vector<uint64_t> read_;    // scratch: the globals just read
  std::vector<uint32_t> halves_;  // scratch: the same as halves
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_COUNT_COUNT_VIEW_H_
