// Program: a process template's steps compiled to a flat list of instructions, plus the tables
// that describe a model's variables, locks and processes. Built by the compiler (compile.cc);
// read by the transition system (system.h), the trace renderer and the real-process runner.
//
// Program counters index `Template::code`. A process's stored pc is always *settled*: it names
// an instruction that is a step (never a jump, a sleep or an elided lock operation), or kEnd.
// Instructions inside an `atomic:` group carry the group's [begin, end) so that the executor
// runs on until control leaves the group. Immutable once built; thread-safe to read.
#ifndef RACECHECK_ENGINE_SEMANTICS_PROGRAM_H_
#define RACECHECK_ENGINE_SEMANTICS_PROGRAM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/expr/expr.h"
#include "engine/model/ast.h"
#include "engine/semantics/kinds.h"

namespace racecheck {

// One instruction; what each kind does is in kinds.h.
struct PInstr {
  InstrKind kind = InstrKind::kEnd;
  int32_t alt = -1;     // kBranch: pc when false; kJump: target
  int32_t target = -1;  // kAssign: shared field (>= 0) or ~slot for a local (< 0)
  int32_t sync = -1;    // kAcquire/kRelease/kElided: index into System::syncs;
                        // kArrive/kLeave: index into System::barriers; kPut/kGet: queues;
                        // kCondWait/kCondWake/kNotify/kNotifyAll: conditions
  // An element of an array named by an expression (`a[i] = e`, `acquire: fork[i]`): `target`
  // or `sync` is the array's first element, `index` computes i, and i outside [0, length) is a
  // `runtime` violation. length == 0 otherwise (a constant index is folded into target/sync).
  int32_t length = 0;
  Code index;
  int32_t property = -1;     // kAssert: property index
  int32_t group_begin = -1;  // inside an atomic group: its first pc, else -1
  int32_t group_end = -1;    // inside an atomic group: one past its last pc
  double sleep_lo = 0, sleep_hi = 0;
  Code expr;                   // kAssign value, kBranch/kAwait/kAssert condition
  Format format;               // kPrint
  const Step* step = nullptr;  // the source step (text, loc); owned by the Model
  std::string target_name;     // kAssign
  std::string loop;            // inside `for` loops: the loop variables' values, "i=2, j=0"

  static bool IsLocalTarget(int32_t target) { return target < 0; }
  static int32_t LocalSlot(int32_t target) { return ~target; }
};

struct VarInfo {
  std::string name;
  Type type = Type::kInt;
  int field = -1;  // state field
  bool ghost = false;
  SourceLoc loc;
};

struct SyncInfo {
  // How many times the holder of an rlock may hold it at once (Python's RLock has no bound; a
  // deeper re-entry is a `runtime` violation, as a value outside its range is).
  static constexpr int64_t kMaxDepth = 255;

  std::string name;
  bool is_semaphore = false;
  bool reentrant = false;  // an rlock: a lock whose holder may take it again
  // Only the holder may release it (an rlock always; a lock with `owner_only`). A plain lock
  // without it is Python's Lock: another process's release frees it.
  bool owner_only = false;
  int field = -1;        // lock, rlock: owner process + 1 (0 = free); semaphore: count
  int depth_field = -1;  // rlock: how many times its holder holds it (0 = free)
  int64_t init = 0;      // semaphore initial count
  int64_t max = 0;       // semaphore maximum count
  SourceLoc loc;

  // A plain lock: one holder, taken once (not a semaphore, not an rlock).
  bool is_plain_lock() const { return !is_semaphore && !reentrant; }
};

// A barrier (multiprocessing.Barrier(parties)), as CPython's threading.Barrier works: it fills
// until `parties` processes wait at it, then opens and lets them leave one by one; the last to
// leave closes it. A process that arrives while it is open waits until it is closed.
struct BarrierInfo {
  std::string name;
  int64_t parties = 1;
  int waiting_field = -1;  // processes that arrived and have not left: 0..parties
  int open_field = -1;     // bool: letting the group that filled it go
  SourceLoc loc;
};

// A queue (multiprocessing.Queue(maxsize)): a FIFO of at most `maxsize` ints. Its items are
// `maxsize` state fields, the first `size` of them in use (the others 0).
struct QueueInfo {
  std::string name;
  int64_t maxsize = 1;
  int size_field = -1;  // items in it: 0..maxsize
  int first_item = -1;  // the field of item 0; item k is first_item + k
  SourceLoc loc;
};

// A condition variable (multiprocessing.Condition(lock)), as multiprocessing implements it
// with semaphores: `wait` is three steps: give up the lock and sleep (counted in `sleeping`);
// wake once a notify has left a wake-up for it (`tokens`), any sleeper taking it; take the lock
// back (a kAcquire of `lock`). A notify moves min(1, sleeping) (all, for notify_all) sleepers
// to `tokens`. multiprocessing's notify waits, holding the lock, until they have woken; here
// it goes on at once, but every wait and notify of the condition waits while `tokens` > 0, so
// no process can start waiting before the notified ones have woken and take a wake-up meant for
// them (the one thing the early return could change).
struct ConditionInfo {
  std::string name;
  int32_t lock = -1;        // the index into System::syncs of its lock (a lock or an rlock)
  bool spurious = false;    // a sleeper may wake without a notify (the docs allow it)
  int sleeping_field = -1;  // sleepers not notified yet: 0..processes
  int tokens_field = -1;    // sleepers notified that have not woken yet: 0..processes
  SourceLoc loc;
};

struct Template {
  std::string name;
  int instances = 0;
  int first_process = 0;        // index of instance 0 in System::processes
  std::vector<VarInfo> locals;  // field is -1 here: per process, see ProcessInfo
  std::vector<PInstr> code;     // the last instruction is kEnd
  std::vector<int32_t> settle;  // settle[pc]: the step reached from pc (NextStep below)
  int32_t entry = 0;            // settled pc of the first step
  int32_t end_pc = 0;           // pc of kEnd
  bool uses_self = false;       // an expression reads `self` (a print only if it can fail)
  // With BuildOptions::reduce_locals (else empty):
  std::vector<uint8_t> local_only;    // per pc: a step touching only the process's locals
  std::vector<uint64_t> dead_locals;  // per pc: bit k set = local slot k is dead there
};

// The pcs control can go to after executing instruction pc of t (0, 1 or 2 of them).
inline int InstrSuccessors(const Template& t, int32_t pc, int32_t out[2]) {
  const PInstr& in = t.code[pc];
  switch (in.kind) {
    case InstrKind::kEnd:
      return 0;
    case InstrKind::kJump:
      out[0] = in.alt;
      return 1;
    case InstrKind::kBranch:
      out[0] = pc + 1;
      out[1] = in.alt;
      return 2;
    case InstrKind::kAssign:
    case InstrKind::kSleep:
    case InstrKind::kAcquire:
    case InstrKind::kRelease:
    case InstrKind::kElided:
    case InstrKind::kAwait:
    case InstrKind::kAssert:
    case InstrKind::kPrint:
    case InstrKind::kArrive:
    case InstrKind::kLeave:
    case InstrKind::kPut:
    case InstrKind::kGet:
    case InstrKind::kCondWait:
    case InstrKind::kCondWake:
    case InstrKind::kNotify:
    case InstrKind::kNotifyAll:
      out[0] = pc + 1;
      return 1;
  }
  return 0;
}

// Calls f(field) for every shared state field instruction `in` may read: its condition or
// value, its index and its print arguments (every element of an array indexed by a value).
template <typename F>
void ForEachSharedRead(const PInstr& in, F&& f) {
  ForEachSharedRead(in.expr, f);
  ForEachSharedRead(in.index, f);
  for (const Code& c : in.format.values) ForEachSharedRead(c, f);
}
// Calls f(slot) for every local slot `in` may read.
template <typename F>
void ForEachLocalRead(const PInstr& in, F&& f) {
  ForEachLocalRead(in.expr, f);
  ForEachLocalRead(in.index, f);
  for (const Code& c : in.format.values) ForEachLocalRead(c, f);
}
// Calls f(field) for every shared state field a kAssign or a kGet may write to its target (each
// element of an array indexed by a value); nothing for other kinds or a local target. (A queue's
// own fields are not shared variables: kPut and kGet never run alone, see partial_order.cc.)
template <typename F>
void ForEachSharedWrite(const PInstr& in, F&& f) {
  if ((in.kind != InstrKind::kAssign && in.kind != InstrKind::kGet) ||
      PInstr::IsLocalTarget(in.target)) {
    return;
  }
  if (in.length == 0) {
    f(in.target);
    return;
  }
  for (int32_t k = 0; k < in.length; ++k) f(in.target + k);
}

// No pc: what the walks below return when control flow does not reach an instruction to stop at.
inline constexpr int32_t kNoPc = -1;

// Follows control flow from `pc` past every instruction that `pass(q)` accepts (from q to `alt`
// for a kJump, else to q + 1) and returns the first pc it does not pass. Returns kNoPc when
// control leaves the code, or when it would pass more instructions than the template has: a
// loop of control flow alone, which the compiler never builds (every loop has a branch).
// REQUIRES: pass(q) is false for kBranch and kEnd, which do not go on to a single pc.
template <typename Pass>
int32_t WalkControlFlow(const Template& t, int32_t pc, Pass&& pass) {
  const int32_t n = static_cast<int32_t>(t.code.size());
  // Without a loop the walk visits each pc at most once, so n visits end at a stop.
  for (int32_t visits = 0; visits < n && pc >= 0 && pc < n; ++visits) {
    if (!pass(pc)) return pc;
    pc = t.code[pc].kind == InstrKind::kJump ? t.code[pc].alt : pc + 1;
  }
  return kNoPc;
}

// The step control reaches from `pc` (pc itself if it is a step; kEnd counts as one): walks past
// jumps, sleeps and elided lock operations, calling passed(q) for each. Template::settle holds
// NextStep(t, pc) for every pc. kNoPc as WalkControlFlow.
template <typename Passed>
int32_t NextStep(const Template& t, int32_t pc, Passed&& passed) {
  return WalkControlFlow(t, pc, [&](int32_t q) {
    if (IsStepKind(t.code[q].kind)) return false;
    passed(q);
    return true;
  });
}
inline int32_t NextStep(const Template& t, int32_t pc) {
  return NextStep(t, pc, [](int32_t) {});
}

struct ProcessInfo {
  std::string name;  // "client#3" (or just "client" if the template has one instance... no:
                     // always "template#index" so schedules are uniform)
  int tmpl = 0;
  int index = 0;  // instance index: the value of `self`
  int pc_field = -1;
  int local_base = -1;  // field of local slot 0; slot k is local_base + k
};

struct PropertyInfo {
  std::string name;  // "no_oversell", "assert at line 12", "deadlock", ...
  PropertyKind kind = PropertyKind::kInvariant;
  std::string text;  // the condition as written, or a description for built-ins
  SourceLoc loc;
  Code expr;  // kInvariant / kFinal
  // What breaking it means, in the model's words, its params' values filled in: "make 2
  // clients buy when only 1 can" (PropertyDecl::goal); "" when the model gives none.
  std::string goal;
};

}  // namespace racecheck

#endif  // RACECHECK_ENGINE_SEMANTICS_PROGRAM_H_
