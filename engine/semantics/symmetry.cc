#include "engine/semantics/symmetry.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "engine/support/messages.h"

namespace racecheck {

std::vector<std::string> Symmetry::notes(Lang lang) const {
  std::vector<std::string> out;
  for (const auto& [name, why] : unreduced_) {
    out.push_back(Say(lang, why, fmt::arg("name", name)));
  }
  return out;
}

Symmetry::Symmetry(const System& system) : system_(system) {
  const StateLayout& layout = system.layout();
  for (const SyncInfo& sy : system.syncs()) {
    if (!sy.is_semaphore) lock_fields_.push_back(sy.field);
  }
  std::vector<uint64_t> init(static_cast<size_t>(system.words()));
  system.Initial(init.data());
  for (const Template& t : system.templates()) {
    if (t.instances < 2) continue;
    if (system.names_processes()) {
      unreduced_.emplace_back(t.name, Msg::kSymHolder);
      continue;
    }
    if (t.uses_self) {
      unreduced_.emplace_back(t.name, Msg::kSymNoSelf);
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
      unreduced_.emplace_back(t.name, Msg::kSymNotSame);
      continue;
    }
    int bits = static_cast<int>(lock_fields_.size());
    for (int k = 0; k < width; ++k) bits += static_cast<int>(layout.field(g.fields[k]).bits);
    g.packed = bits <= 64;
    groups_.push_back(std::move(g));
  }
  group_of_.assign(static_cast<size_t>(system.num_processes()), -1);
  for (size_t gi = 0; gi < groups_.size(); ++gi) {
    for (int i = 0; i < groups_[gi].count; ++i) {
      group_of_[groups_[gi].first + i] = static_cast<int>(gi);
    }
  }
}

std::vector<Symmetry::Interchangeable> Symmetry::interchangeable() const {
  std::vector<Interchangeable> out;
  for (const Group& g : groups_) out.push_back({g.first, g.count});
  return out;
}

bool Symmetry::SameAsPrevious(const uint64_t* s, int p) const {
  const int gi = group_of_[p];
  if (gi < 0) return false;
  const Group& g = groups_[gi];
  const int i = p - g.first;
  if (i == 0) return false;
  const Field* fields = system_.layout().fields();
  const int width = static_cast<int>(g.fields.size()) / g.count;
  const int* a = g.fields.data() + static_cast<size_t>(i - 1) * width;
  const int* b = a + width;
  for (int k = 0; k < width; ++k) {
    if (fields[a[k]].Get(s) != fields[b[k]].Get(s)) return false;
  }
  for (int f : lock_fields_) {
    const int64_t owner = fields[f].Get(s);
    if (owner == p || owner == p + 1) return false;  // one of the two holds it
  }
  return true;
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
    if (g.packed) {
      CanonicalizePacked(g, s, owners, new_index, perm, moved);
      continue;
    }
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
    // Insertion sort: stable, and linear on the nearly sorted input a canonical state gives
    // after one process's step (only that process's key moved).
    auto less = [&](int32_t a, int32_t b) {
      const int64_t* ka = keys.data() + static_cast<size_t>(a) * kw;
      const int64_t* kb = keys.data() + static_cast<size_t>(b) * kw;
      return std::lexicographical_compare(ka, ka + kw, kb, kb + kw);
    };
    for (int i = 1; i < g.count; ++i) {
      const int32_t x = order[i];
      int j = i;
      while (j > 0 && less(x, order[j - 1])) {
        order[j] = order[j - 1];
        --j;
      }
      order[j] = x;
    }
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

void Symmetry::CanonicalizePacked(const Group& g, uint64_t* s, const std::vector<int64_t>& owners,
                                  std::vector<int32_t>& new_index, int32_t* perm,
                                  bool& moved) const {
  // Each instance's key as one integer: its raw field offsets (pc first), then a bit per lock
  // it holds. Numeric order is the lexicographic order of the general path.
  const Field* fields = system_.layout().fields();
  const int width = static_cast<int>(g.fields.size()) / g.count;
  const int nlocks = static_cast<int>(lock_fields_.size());
  thread_local std::vector<std::pair<uint64_t, int32_t>> keys;
  keys.resize(static_cast<size_t>(g.count));
  bool sorted = true;
  for (int i = 0; i < g.count; ++i) {
    uint64_t key = 0;
    const int* f = g.fields.data() + static_cast<size_t>(i) * width;
    for (int k = 0; k < width; ++k) {
      const Field& fd = fields[f[k]];
      key = (fd.bits == 64 ? 0 : key << fd.bits) | ((s[fd.word] >> fd.shift) & fd.mask);
    }
    for (int l = 0; l < nlocks; ++l) {
      key = (key << 1) | static_cast<uint64_t>(owners[l] == g.first + i + 1);
    }
    keys[i] = {key, i};
    if (i > 0 && key < keys[i - 1].first) sorted = false;
  }
  if (sorted) return;
  for (int i = 1; i < g.count; ++i) {  // insertion sort: stable, linear when nearly sorted
    const std::pair<uint64_t, int32_t> x = keys[i];
    int j = i;
    while (j > 0 && x.first < keys[j - 1].first) {
      keys[j] = keys[j - 1];
      --j;
    }
    keys[j] = x;
  }
  moved = true;
  for (int i = 0; i < g.count; ++i) {
    const int32_t from = keys[i].second;
    new_index[g.first + from] = g.first + i;
    if (perm != nullptr) perm[g.first + i] = g.first + from;
    if (from == i) continue;
    uint64_t key = keys[i].first >> nlocks;
    const int* f = g.fields.data() + static_cast<size_t>(i) * width;
    for (int k = width - 1; k >= 0; --k) {
      const Field& fd = fields[f[k]];
      const uint64_t raw = key & fd.mask;
      s[fd.word] = (s[fd.word] & ~(fd.mask << fd.shift)) | (raw << fd.shift);
      key = fd.bits == 64 ? 0 : key >> fd.bits;
    }
  }
}

}  // namespace racecheck
