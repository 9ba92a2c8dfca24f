// PartialOrder (partial_order.h): the static analysis behind Eligible.
#include "engine/semantics/partial_order.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "engine/support/messages.h"

namespace racecheck {

namespace {

constexpr uint64_t kAllLocks = ~uint64_t{0} >> 1;  // bit 63 is PartialOrder's "never"

void AddSharedReads(const Code& c, std::set<int>& fields) {
  ForEachSharedRead(c, [&](int f) { fields.insert(f); });
}

// The shared fields instruction `in` reads (conditions, values, indices, print arguments; the
// fields of locks and semaphores for `held`, `holder`, `value`) and writes: for an array
// element chosen by an index, every element it may be.
void Accesses(const PInstr& in, std::set<int>& reads, std::set<int>& writes) {
  ForEachSharedRead(in, [&](int f) { reads.insert(f); });
  ForEachSharedWrite(in, [&](int f) { writes.insert(f); });
}

// held[pc]: the locks (bit = sync index < 63) held on every path from the start to pc. A must
// analysis: the meet is intersection; unreachable pcs keep kAllLocks (they never run).
std::vector<uint64_t> MustHold(const Template& t, const std::vector<SyncInfo>& syncs) {
  const int32_t n = static_cast<int32_t>(t.code.size());
  std::vector<uint64_t> held(n, kAllLocks);
  held[0] = 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (int32_t pc = 0; pc < n; ++pc) {
      const PInstr& in = t.code[pc];
      uint64_t out = held[pc];
      if (in.kind == InstrKind::kRelease && in.length > 0) {
        // An element chosen by an index: any of them may be the one released.
        for (int32_t k = 0; k < in.length; ++k) {
          if (in.sync + k < 63) out &= ~(uint64_t{1} << (in.sync + k));
        }
      } else if (in.length > 0) {
        // An acquire of an element chosen by an index: no lock is surely held after it.
      } else if ((in.kind == InstrKind::kAcquire || in.kind == InstrKind::kRelease) &&
                 in.sync < 63 && syncs[in.sync].is_plain_lock()) {
        const uint64_t bit = uint64_t{1} << in.sync;
        out = in.kind == InstrKind::kAcquire ? (out | bit) : (out & ~bit);
      }
      int32_t succ[2];
      for (int i = 0, k = InstrSuccessors(t, pc, succ); i < k; ++i) {
        const uint64_t meet = held[succ[i]] & out;
        if (meet != held[succ[i]]) {
          held[succ[i]] = meet;
          changed = true;
        }
      }
    }
  }
  return held;
}

// The instructions one step starting at pc runs that can touch shared state: pc itself and,
// inside an atomic group, every instruction of the group reachable from it. (Local steps fused
// after it read no shared variable; jumps, sleeps and elided operations touch nothing.)
std::vector<int32_t> StepInstrs(const Template& t, int32_t pc) {
  std::vector<int32_t> out{pc};
  const PInstr& first = t.code[pc];
  if (first.group_begin < 0) return out;
  std::vector<uint8_t> seen(t.code.size(), 0);
  seen[pc] = 1;
  for (size_t k = 0; k < out.size(); ++k) {
    int32_t succ[2];
    for (int i = 0, m = InstrSuccessors(t, out[k], succ); i < m; ++i) {
      const int32_t q = succ[i];
      if (q >= first.group_begin && q < first.group_end && !seen[q]) {
        seen[q] = 1;
        out.push_back(q);
      }
    }
  }
  return out;
}

std::string Quoted(const std::vector<std::string>& names, Lang lang) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += Say(lang, Msg::kNameSep);
    out += "'" + names[i] + "'";
  }
  return out;
}

}  // namespace

PartialOrder::PartialOrder(const System& system) : system_(system) {
  const std::vector<Template>& templates = system.templates();
  const std::vector<SyncInfo>& syncs = system.syncs();
  // Per shared field: which templates read or write it, and the locks held at every access.
  struct Use {
    std::set<int> writers, accessors;   // template indices
    uint64_t write_guard = kAllLocks;   // locks held at every write
    uint64_t access_guard = kAllLocks;  // locks held at every read and write
  };
  std::map<int, Use> uses;
  for (const VarInfo& v : system.shared()) uses[v.field];
  uint64_t clean = kAllLocks;  // locks released only by their holder
  std::vector<std::vector<uint64_t>> held(templates.size());
  for (size_t ti = 0; ti < templates.size(); ++ti) {
    const Template& t = templates[ti];
    held[ti] = MustHold(t, syncs);
    for (int32_t pc = 0; pc < static_cast<int32_t>(t.code.size()); ++pc) {
      if (held[ti][pc] == kAllLocks && pc != 0) continue;  // unreachable
      const PInstr& in = t.code[pc];
      if (in.kind == InstrKind::kRelease && in.length > 0) {
        for (int32_t k = 0; k < in.length; ++k) {
          if (in.sync + k < 63) clean &= ~(uint64_t{1} << (in.sync + k));
        }
      } else if (in.kind == InstrKind::kRelease && in.sync < 63 && syncs[in.sync].is_plain_lock() &&
                 !(held[ti][pc] >> in.sync & 1)) {
        clean &= ~(uint64_t{1} << in.sync);
      }
      std::set<int> reads, writes;
      Accesses(in, reads, writes);
      for (int f : reads) {
        uses[f].accessors.insert(static_cast<int>(ti));
        uses[f].access_guard &= held[ti][pc];
      }
      for (int f : writes) {
        uses[f].accessors.insert(static_cast<int>(ti));
        uses[f].writers.insert(static_cast<int>(ti));
        uses[f].write_guard &= held[ti][pc];
        uses[f].access_guard &= held[ti][pc];
      }
    }
  }
  // A condition's wait gives its lock up in the middle of what the lock guards: such a lock
  // protects nothing here (a simple rule that is surely sound; a finer one would split the
  // guarded code at each wait).
  for (const ConditionInfo& c : system.conditions()) {
    if (c.lock >= 0 && c.lock < 63) clean &= ~(uint64_t{1} << c.lock);
  }
  // Locks: only clean ones protect, and only real locks (bit < 63, not semaphores).
  for (auto& [field, use] : uses) {
    use.write_guard &= clean;
    use.access_guard &= clean;
  }
  // Does another process than one instance of template ti appear in `set`?
  auto others = [&](const std::set<int>& set, int ti) {
    for (int u : set) {
      if (u != ti || templates[ti].instances >= 2) return true;
    }
    return false;
  };
  // The lock that lets instances of ti read (or write) field f while holding it, as a bit: a
  // read conflicts only with other processes' writes, a write with their reads and writes.
  // 0 when no lock is needed; kNever when none exists.
  // The fields of locks and semaphores: `held`, `holder` and `value` read them, and every
  // acquire and release (of any process) writes them; a step that reads one never runs alone.
  std::set<int> sync_fields, read_syncs;
  for (const SyncInfo& y : syncs) sync_fields.insert(y.field);
  auto note_sync_reads = [&](const Code& c) {
    ForEachSharedRead(c, [&](int f) {
      if (sync_fields.count(f)) read_syncs.insert(f);
    });
  };
  for (const Template& t : templates) {
    for (const PInstr& in : t.code) {
      note_sync_reads(in.expr);
      note_sync_reads(in.index);
      for (const Code& c : in.format.values) note_sync_reads(c);
    }
  }
  for (const PropertyInfo& prop : system.properties()) note_sync_reads(prop.expr);
  auto guard = [&](int f, int ti, bool write) -> uint64_t {
    if (sync_fields.count(f)) return kNever;
    const Use& u = uses[f];
    if (!others(write ? u.accessors : u.writers, ti)) return 0;
    const uint64_t locks = write ? u.access_guard : u.write_guard;
    if (locks == 0) return kNever;
    return locks & (~locks + 1);  // the lowest one
  };
  std::vector<std::set<int>> invariant_reads;
  for (const PropertyInfo& prop : system.properties()) {
    if (prop.kind != PropertyKind::kInvariant) continue;
    invariant_reads.emplace_back();
    AddSharedReads(prop.expr, invariant_reads.back());
  }
  need_.resize(templates.size());
  for (size_t ti = 0; ti < templates.size(); ++ti) {
    const Template& t = templates[ti];
    const int tix = static_cast<int>(ti);
    need_[ti].assign(t.code.size(), kNever);
    for (int32_t pc = 0; pc < static_cast<int32_t>(t.code.size()); ++pc) {
      if (!IsStepKind(t.code[pc].kind) || t.code[pc].kind == InstrKind::kEnd) continue;
      uint64_t need = 0;
      std::set<int> reads, writes;
      for (int32_t q : StepInstrs(t, pc)) {
        const PInstr& in = t.code[q];
        // An acquire may wait, and a barrier's or a queue's steps change what other processes
        // can do.
        if (in.kind == InstrKind::kAcquire || in.kind == InstrKind::kArrive ||
            in.kind == InstrKind::kLeave || in.kind == InstrKind::kPut ||
            in.kind == InstrKind::kGet || IsConditionKind(in.kind)) {
          need |= kNever;
        }
        if (in.kind == InstrKind::kRelease) {
          // An indexed release, or one of a lock some expression asks about, never runs alone.
          const bool ok = in.length == 0 && in.sync < 63 && syncs[in.sync].is_plain_lock() &&
                          (clean >> in.sync & 1) && !read_syncs.count(syncs[in.sync].field);
          need |= ok ? uint64_t{1} << in.sync : kNever;
        }
        Accesses(in, reads, writes);
      }
      for (int f : reads) need |= guard(f, tix, false);
      for (int f : writes) need |= guard(f, tix, true);
      for (const std::set<int>& inv : invariant_reads) {
        bool touched = false;
        for (int f : writes) touched = touched || inv.count(f) > 0;
        if (!touched) continue;
        for (int f : inv) need |= guard(f, tix, false);  // frozen until p moves
      }
      need_[ti][pc] = (need & kNever) ? kNever : need;
      // Only pcs where a step can start count for active() and the notes: not inside an atomic
      // group past its first step, and with local fusion not a fused local step (except the
      // first step of the process).
      const PInstr& in = t.code[pc];
      const bool starts = (in.group_begin < 0 || t.settle[in.group_begin] == pc) &&
                          (t.local_only.empty() || !t.local_only[pc] || pc == t.entry);
      if (starts && need == 0 && reads.empty() && writes.empty()) local_steps_ = true;
      if (starts && need_[ti][pc] != kNever) active_ = true;
    }
  }
  // Notes, for the report.
  for (size_t lock = 0; lock < syncs.size() && lock < 63; ++lock) {
    if (!syncs[lock].is_plain_lock()) continue;
    const uint64_t bit = uint64_t{1} << lock;
    auto lowest = [](uint64_t m) { return m & (~m + 1); };
    std::vector<std::string> all, reads;
    for (const VarInfo& v : system.shared()) {
      const Use& u = uses[v.field];
      if (u.writers.empty()) continue;
      if (lowest(u.access_guard) == bit) {
        all.push_back(v.name);
      } else if (lowest(u.write_guard) == bit) {
        reads.push_back(v.name);
      }
    }
    if (!all.empty() || !reads.empty()) lock_notes_.push_back({syncs[lock].name, all, reads});
  }
  for (const VarInfo& v : system.shared()) {
    const Use& u = uses[v.field];
    if (u.accessors.size() == 1 && !others(u.accessors, *u.accessors.begin())) {
      own_.push_back(v.name);
    }
  }
}

std::vector<std::string> PartialOrder::notes(Lang lang) const {
  using fmt::arg;
  if (!active_) return {Say(lang, Msg::kPorNone)};
  std::vector<std::string> out;
  for (const LockNote& n : lock_notes_) {
    std::string what;
    if (!n.all.empty() && !n.reads.empty()) {
      what = Say(lang, Msg::kPorStepsAndReads, arg("all", Quoted(n.all, lang)),
                 arg("reads", Quoted(n.reads, lang)));
    } else if (!n.all.empty()) {
      what = Say(lang, Msg::kPorStepsOn, arg("names", Quoted(n.all, lang)));
    } else {
      what = Say(lang, Msg::kPorReadsOf, arg("names", Quoted(n.reads, lang)));
    }
    out.push_back(Say(lang, Msg::kPorHolding, arg("lock", n.lock), arg("what", what)));
  }
  if (!own_.empty()) out.push_back(Say(lang, Msg::kPorOwn, arg("names", Quoted(own_, lang))));
  if (local_steps_) out.push_back(Say(lang, Msg::kPorLocal));
  return out;
}

}  // namespace racecheck
