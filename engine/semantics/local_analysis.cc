#include "engine/semantics/local_analysis.h"

namespace racecheck {

namespace {

bool ReadsShared(const PInstr& in) {
  bool shared = false;
  ForEachSharedRead(in, [&](int) { shared = true; });
  return shared;
}

uint64_t LocalsRead(const PInstr& in) {
  uint64_t bits = 0;
  ForEachLocalRead(in, [&](int slot) {
    if (slot < 64) bits |= uint64_t{1} << slot;
  });
  return bits;
}

}  // namespace

void AnalyzeLocals(Template& t) {
  const int32_t n = static_cast<int32_t>(t.code.size());
  const uint64_t all = t.locals.size() >= 64 ? ~uint64_t{0} : (uint64_t{1} << t.locals.size()) - 1;
  std::vector<uint64_t> use(n, 0), def(n, 0);
  t.local_only.assign(n, 0);
  for (int32_t pc = 0; pc < n; ++pc) {
    const PInstr& in = t.code[pc];
    use[pc] = LocalsRead(in);
    if (t.locals.size() > 64) use[pc] = all;  // beyond the bitmask: keep everything live
    const bool shared = ReadsShared(in);
    // An element chosen by an index defines no slot for sure: it kills nothing.
    if (in.kind == InstrKind::kAssign && PInstr::IsLocalTarget(in.target) && in.length == 0) {
      int slot = PInstr::LocalSlot(in.target);
      if (slot < 64) def[pc] = uint64_t{1} << slot;
    }
    const bool local_kind = (in.kind == InstrKind::kAssign && PInstr::IsLocalTarget(in.target)) ||
                            in.kind == InstrKind::kBranch || in.kind == InstrKind::kPrint ||
                            in.kind == InstrKind::kAssert;
    // A step inside an atomic group belongs to the group; only whole steps are fused.
    t.local_only[pc] = local_kind && !shared && in.group_begin < 0;
  }
  // A local step on a cycle (a `while` loop) is not fused: a loop of purely local steps may
  // never end, and fusing it would turn a process that spins into a step that never finishes.
  for (int32_t pc = 0; pc < n; ++pc) {
    if (!t.local_only[pc]) continue;
    std::vector<uint8_t> seen(n, 0);
    std::vector<int32_t> todo;
    int32_t succ[2];
    for (int i = 0, k = InstrSuccessors(t, pc, succ); i < k; ++i) todo.push_back(succ[i]);
    bool cycle = false;
    while (!todo.empty() && !cycle) {
      int32_t q = todo.back();
      todo.pop_back();
      if (q == pc) cycle = true;
      if (seen[q]) continue;
      seen[q] = 1;
      for (int i = 0, k = InstrSuccessors(t, q, succ); i < k; ++i) todo.push_back(succ[i]);
    }
    if (cycle) t.local_only[pc] = 0;
  }
  // Backward liveness to a fixpoint: live_in = use | (live_out & ~def).
  std::vector<uint64_t> live(n, 0);
  for (bool changed = true; changed;) {
    changed = false;
    for (int32_t pc = n - 1; pc >= 0; --pc) {
      int32_t succ[2];
      int k = InstrSuccessors(t, pc, succ);
      uint64_t out = 0;
      for (int i = 0; i < k; ++i) out |= live[succ[i]];
      uint64_t in = use[pc] | (out & ~def[pc]);
      if (in != live[pc]) {
        live[pc] = in;
        changed = true;
      }
    }
  }
  t.dead_locals.assign(n, 0);
  for (int32_t pc = 0; pc < n; ++pc) t.dead_locals[pc] = all & ~live[pc];
}

}  // namespace racecheck
