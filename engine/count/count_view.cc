// CountingView (count_view.h).
#include "engine/count/count_view.h"

#include "engine/semantics/symmetry.h"
#include "engine/support/check.h"

namespace racecheck {

CountingView::CountingView(const System& system, bool symmetry) : system_(system) {
  const int n = system.num_processes();
  class_of_.assign(static_cast<size_t>(n), -1);
  if (symmetry) {
    Symmetry sym(system);
    for (const Symmetry::Interchangeable& g : sym.interchangeable()) {
      for (int i = 0; i < g.count; ++i) class_of_[g.first + i] = static_cast<int>(classes_.size());
      classes_.push_back({g.first, g.count});
    }
  }
  for (int p = 0; p < n; ++p) {
    if (class_of_[p] >= 0) continue;
    class_of_[p] = static_cast<int>(classes_.size());
    classes_.push_back({p, 1});
  }
  // Pack the globals: every field that is not a process's, never straddling a word.
  uint32_t word = 0, used = 0;
  auto place = [&](uint32_t bits) {
    // A full word takes nothing more, not even a 0-bit field (whose shift would then be 64).
    if (used + bits > 64 || used == 64) {
      ++word;
      used = 0;
    }
    std::pair<uint32_t, uint32_t> at{word, used};
    used += bits;
    return at;
  };
  const StateLayout& layout = system.layout();
  auto add = [&](int field) {
    const Field& f = layout.field(field);
    auto [w, s] = place(f.bits);
    globals_.push_back({field, w, s, f.mask});
  };
  for (const VarInfo& v : system.shared()) add(v.field);
  for (const SyncInfo& sy : system.syncs()) {
    if (sy.is_semaphore) {
      add(sy.field);
    } else {
      lock_fields_.push_back(sy.field);
      lock_bits_.push_back(place(1));
      // An rlock's depth is a global: how many times its holder (whose type says it holds it)
      // holds it.
      if (sy.reentrant) add(sy.depth_field);
    }
  }
  for (const BarrierInfo& b : system.barriers()) {
    add(b.waiting_field);
    add(b.open_field);
  }
  for (const ConditionInfo& c : system.conditions()) {
    add(c.sleeping_field);
    add(c.tokens_field);
  }
  for (const QueueInfo& q : system.queues()) {
    add(q.size_field);
    for (int k = 0; k < q.maxsize; ++k) add(q.first_item + k);
  }
  global_words_ = static_cast<int>(word) + 1;
  scratch_.resize(static_cast<size_t>(system.words()));
  system.Initial(scratch_.data());
}

WhyNot CountingView::KeyLimit() const {
  for (const Class& c : classes_) {
    if (c.count > static_cast<int>(kMaxEntryCount)) {
      return {.stop = CountStop::kClassSize, .bound = kMaxEntryCount};
    }
  }
  return {};
}

void CountingView::ReadGlobals(const uint64_t* s, uint64_t* g) const {
  for (int i = 0; i < global_words_; ++i) g[i] = 0;
  const Field* fields = system_.layout().fields();
  for (const Packed& p : globals_) {
    const Field& f = fields[p.field];
    g[p.word] |= ((s[f.word] >> f.shift) & f.mask) << p.shift;
  }
  for (size_t l = 0; l < lock_fields_.size(); ++l) {
    const uint64_t held = fields[lock_fields_[l]].Get(s) != 0;
    g[lock_bits_[l].first] |= held << lock_bits_[l].second;
  }
}

bool CountingView::LockHeld(const uint64_t* g, int lock) const {
  return (g[lock_bits_[lock].first] >> lock_bits_[lock].second) & 1;
}

int CountingView::ReadType(const uint64_t* s, int p) {
  const ProcessInfo& pi = system_.processes()[p];
  const Template& t = system_.templates()[pi.tmpl];
  const Field* fields = system_.layout().fields();
  std::vector<int64_t> key;
  key.reserve(1 + t.locals.size() + lock_fields_.size());
  key.push_back(fields[pi.pc_field].Get(s));
  for (size_t k = 0; k < t.locals.size(); ++k) {
    key.push_back(fields[pi.local_base + static_cast<int>(k)].Get(s));
  }
  for (int f : lock_fields_) key.push_back(fields[f].Get(s) == p + 1);
  const int cls = class_of_[p];
  auto [it, fresh] = type_ids_.try_emplace({cls, key}, static_cast<int>(types_.size()));
  if (fresh) {
    Type ty;
    ty.cls = cls;
    ty.pc = static_cast<int32_t>(key[0]);
    ty.finished = ty.pc == t.end_pc;
    ty.values.assign(key.begin(), key.begin() + 1 + static_cast<long>(t.locals.size()));
    ty.held.assign(key.begin() + 1 + static_cast<long>(t.locals.size()), key.end());
    ty.holds_any = false;
    for (uint8_t h : ty.held) ty.holds_any = ty.holds_any || h != 0;
    types_.push_back(std::move(ty));
  }
  return it->second;
}

uint64_t CountingView::FreedFromOthers(const uint64_t* before, const uint64_t* after, int p) const {
  const Field* fields = system_.layout().fields();
  uint64_t freed = 0;
  for (size_t l = 0; l < lock_fields_.size(); ++l) {
    const int64_t owner = fields[lock_fields_[l]].Get(before);
    if (owner != 0 && owner != p + 1 && fields[lock_fields_[l]].Get(after) == 0) {
      freed |= uint64_t{1} << l;
    }
  }
  return freed;
}

int CountingView::TypeWithout(int t, int lock) {
  std::vector<int64_t> key = types_[t].values;
  for (uint8_t h : types_[t].held) key.push_back(h);
  key[types_[t].values.size() + static_cast<size_t>(lock)] = 0;
  const int cls = types_[t].cls;
  auto [it, fresh] = type_ids_.try_emplace({cls, key}, static_cast<int>(types_.size()));
  if (fresh) {
    Type ty = types_[t];
    ty.held[lock] = 0;
    ty.holds_any = false;
    for (uint8_t h : ty.held) ty.holds_any = ty.holds_any || h != 0;
    types_.push_back(std::move(ty));
  }
  return it->second;
}

void CountingView::Write(const uint64_t* g, int t, int p, uint64_t* scratch) const {
  const Type& ty = types_[t];
  RC_CHECK(ty.cls == class_of_[p]);
  const Field* fields = system_.layout().fields();
  WriteGlobals(g, scratch);
  const int other = p == 0 ? 1 : 0;  // stands for "another process" as a lock owner
  for (size_t l = 0; l < lock_fields_.size(); ++l) {
    int64_t owner = 0;
    if (ty.held[l]) {
      owner = p + 1;
    } else if (LockHeld(g, static_cast<int>(l))) {
      owner = other + 1;
    }
    fields[lock_fields_[l]].Set(scratch, owner);
  }
  const ProcessInfo& pi = system_.processes()[p];
  fields[pi.pc_field].Set(scratch, ty.values[0]);
  for (size_t k = 1; k < ty.values.size(); ++k) {
    fields[pi.local_base + static_cast<int>(k) - 1].Set(scratch, ty.values[k]);
  }
}

std::vector<int32_t> CountingView::ViolatedStateProperties(const uint64_t* g, bool terminal) {
  WriteGlobals(g, scratch_.data());
  std::vector<int32_t> out;
  for (size_t i = 0; i < system_.properties().size(); ++i) {
    const PropertyKind k = system_.properties()[i].kind;
    if (k == PropertyKind::kInvariant || (terminal && k == PropertyKind::kFinal)) {
      if (!system_.Holds(static_cast<int32_t>(i), scratch_.data())) {
        out.push_back(static_cast<int32_t>(i));
      }
    }
  }
  return out;
}

void CountingView::WriteGlobals(const uint64_t* g, uint64_t* scratch) const {
  const Field* fields = system_.layout().fields();
  for (const Packed& pk : globals_) {
    const Field& f = fields[pk.field];
    const uint64_t raw = (g[pk.word] >> pk.shift) & pk.mask;
    scratch[f.word] = (scratch[f.word] & ~(f.mask << f.shift)) | (raw << f.shift);
  }
}

std::vector<int64_t> CountingView::SharedValues(const uint64_t* g) {
  WriteGlobals(g, scratch_.data());
  std::vector<int64_t> out;
  out.reserve(system_.shared().size());
  for (const VarInfo& v : system_.shared()) {
    out.push_back(system_.layout().field(v.field).Get(scratch_.data()));
  }
  return out;
}

GlobalsTable::GlobalsTable(const CountingView& view)
    : view_(view), gw_(static_cast<size_t>(view.global_words())), read_(gw_), halves_(2 * gw_) {}

uint32_t GlobalsTable::Intern(const uint64_t* s) {
  view_.ReadGlobals(s, read_.data());
  for (size_t i = 0; i < gw_; ++i) {
    halves_[2 * i] = static_cast<uint32_t>(read_[i]);
    halves_[2 * i + 1] = static_cast<uint32_t>(read_[i] >> 32);
  }
  const auto [id, fresh] = table_.Insert(halves_.data(), static_cast<uint32_t>(halves_.size()));
  if (fresh) words_.insert(words_.end(), read_.begin(), read_.end());
  return id;
}

}  // namespace racecheck
