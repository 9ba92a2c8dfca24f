#include "engine/semantics/symmetry.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace racecheck {

Symmetry::Symmetry(const System& system) : system_(system) {
  const StateLayout& layout = system.layout();
  for (const SyncInfo& sy : system.syncs()) {
    if (!sy.is_semaphore) lock_fields_.push_back(sy.field);
  }
  std::vector<uint64_t> init(static_cast<size_t>(system.words()));
  system.Initial(init.data());
  for (const Template& t : system.templates()) {
    if (t.instances < 2) continue;
    if (t.uses_self) {
      notes_.push_back(fmt::format("no symmetry reduction for '{}': its steps read 'self', so "
                                   "its instances behave differently",
                                   t.name));
      continue;
    }
    Group g;
    g.first = t.first_process;
    g.count = t.instances;
    bool same = true;
    const int width = 1 + static_cast<int>(t.locals.size());
    for (int i = 0; i < t.instances && same; ++i) {
      const ProcessInfo& p = system.processes()[t.first_process + i];
      g.fields.push_back(p.pc_field);
      for (int k = 0; k < width - 1; ++k) g.fields.push_back(p.local_base + k);
      if (i == 0) continue;
      for (int k = 0; k < width; ++k) {
        const Field& a = layout.field(g.fields[k]);
        const Field& b = layout.field(g.fields[i * width + k]);
        if (a.lo != b.lo || a.hi != b.hi || a.Get(init.data()) != b.Get(init.data())) {
          same = false;
        }
      }
    }
    if (!same) {
      notes_.push_back(fmt::format("no symmetry reduction for '{}': its instances start with "
                                   "different local values or ranges",
                                   t.name));
      continue;
    }
    key_width_max_ = std::max(key_width_max_, width);
    groups_.push_back(std::move(g));
  }
}

void Symmetry::Canonicalize(uint64_t* s, int32_t* perm) const {
  const Field* fields = system_.layout().fields();
  const int n = system_.num_processes();
  if (perm != nullptr) std::iota(perm, perm + n, 0);
  if (groups_.empty()) return;
  thread_local std::vector<int64_t> keys;
  thread_local std::vector<int32_t> order;
  thread_local std::vector<int32_t> new_index;  // old process -> new process
  thread_local std::vector<int64_t> owners;
  owners.resize(lock_fields_.size());
  for (size_t l = 0; l < lock_fields_.size(); ++l) owners[l] = fields[lock_fields_[l]].Get(s);
  new_index.resize(static_cast<size_t>(n));
  std::iota(new_index.begin(), new_index.end(), 0);
  bool moved = false;
  for (const Group& g : groups_) {
    const int width = static_cast<int>(g.fields.size()) / g.count;
    // Key of instance i: its fields, then one entry per lock: does it hold it?
    const int kw = width + static_cast<int>(lock_fields_.size());
    keys.resize(static_cast<size_t>(g.count) * kw);
    for (int i = 0; i < g.count; ++i) {
      int64_t* key = keys.data() + static_cast<size_t>(i) * kw;
      for (int k = 0; k < width; ++k) key[k] = fields[g.fields[i * width + k]].Get(s);
      for (size_t l = 0; l < lock_fields_.size(); ++l) {
        key[width + l] = owners[l] == g.first + i + 1;
      }
    }
    order.resize(static_cast<size_t>(g.count));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
      const int64_t* ka = keys.data() + static_cast<size_t>(a) * kw;
      const int64_t* kb = keys.data() + static_cast<size_t>(b) * kw;
      return std::lexicographical_compare(ka, ka + kw, kb, kb + kw);
    });
    for (int i = 0; i < g.count; ++i) {
      if (order[i] == i) continue;
      moved = true;
      const int64_t* key = keys.data() + static_cast<size_t>(order[i]) * kw;
      for (int k = 0; k < width; ++k) fields[g.fields[i * width + k]].Set(s, key[k]);
      new_index[g.first + order[i]] = g.first + i;
      if (perm != nullptr) perm[g.first + i] = g.first + order[i];
    }
  }
  if (!moved) return;
  for (size_t l = 0; l < lock_fields_.size(); ++l) {
    if (owners[l] != 0) fields[lock_fields_[l]].Set(s, new_index[owners[l] - 1] + 1);
  }
}

}  // namespace racecheck
