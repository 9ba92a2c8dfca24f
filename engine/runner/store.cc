// Store: the JSON file and memory stores of the real-process runner (see store.h).
#include "engine/runner/store.h"

#include <fmt/format.h>

#include <cstring>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/support/messages.h"

namespace racecheck {

const char* StoreKindName(StoreKind k) {
  switch (k) {
    case StoreKind::kInPlaceFile:
      return "file";
    case StoreKind::kAtomicFile:
      return "atomic-file";
    case StoreKind::kMemory:
      return "memory";
  }
  return "?";
}

namespace {

// The instruction kinds a real process knows how to run (child.cc). A kind added to the model
// later is refused until the runner learns it: its state would not be in the mirror.
bool RunsForReal(InstrKind k) {
  for (InstrKind known :
       {InstrKind::kAssign, InstrKind::kBranch, InstrKind::kJump, InstrKind::kSleep,
        InstrKind::kAcquire, InstrKind::kRelease, InstrKind::kElided, InstrKind::kAwait,
        InstrKind::kAssert, InstrKind::kPrint, InstrKind::kArrive, InstrKind::kLeave,
        InstrKind::kPut, InstrKind::kGet, InstrKind::kCondWait, InstrKind::kCondWake,
        InstrKind::kNotify, InstrKind::kNotifyAll, InstrKind::kEnd}) {
    if (k == known) return true;
  }
  return false;
}

}  // namespace

bool RunEnabled(const System& sys, const uint64_t* s, int p) {
  if (!sys.Enabled(s, p)) return false;
  const PInstr& in = sys.NextInstr(s, p);
  if (in.kind != InstrKind::kCondWake) return true;
  return sys.layout().field(sys.conditions()[in.sync].tokens_field).Get(s) > 0;
}

Status StoreVars::Init(const System& sys, Lang lang) {
  store_vars.clear();
  ghost_vars.clear();
  sync_fields.clear();
  for (size_t i = 0; i < sys.shared().size(); ++i) {
    (sys.shared()[i].ghost ? ghost_vars : store_vars).push_back(static_cast<int>(i));
  }
  if (store_vars.size() > kMaxRunVars || ghost_vars.size() > kMaxRunVars) {
    return Status::Error(Say(lang, Msg::kErrRunTooManyVars, fmt::arg("max", kMaxRunVars)));
  }
  for (const SyncInfo& y : sys.syncs()) {
    sync_fields.push_back(y.field);
    if (y.depth_field >= 0) sync_fields.push_back(y.depth_field);
  }
  for (const BarrierInfo& b : sys.barriers()) {
    sync_fields.push_back(b.waiting_field);
    sync_fields.push_back(b.open_field);
  }
  for (const QueueInfo& q : sys.queues()) {
    sync_fields.push_back(q.size_field);
    for (int k = 0; k < q.maxsize; ++k) sync_fields.push_back(q.first_item + k);
  }
  for (const ConditionInfo& c : sys.conditions()) {
    sync_fields.push_back(c.sleeping_field);
    sync_fields.push_back(c.tokens_field);
  }
  // One thing the real processes cannot do faithfully: choose a lock by an index that reads a
  // lock's or semaphore's state. The process evaluates the index before it waits in sem_wait,
  // outside the ghost mutex, and the state it read may have changed by the time its step runs
  // (the model evaluates the index and takes the lock in one step).
  std::set<int> mirrored(sync_fields.begin(), sync_fields.end());
  for (const Template& t : sys.templates()) {
    for (const PInstr& in : t.code) {
      if (in.step == nullptr) continue;
      if (!RunsForReal(in.kind)) {
        return Status::Error(Say(lang, Msg::kErrRunUnsupported, fmt::arg("line", in.step->loc.line),
                                 fmt::arg("source", in.step->source),
                                 fmt::arg("kind", InstrKindName(in.kind))));
      }
      if (in.length == 0) continue;
      if (in.kind != InstrKind::kAcquire && in.kind != InstrKind::kRelease) continue;
      bool reads_sync = false;
      ForEachSharedRead(in.index, [&](int f) { reads_sync = reads_sync || mirrored.count(f) > 0; });
      if (reads_sync) {
        return Status::Error(Say(lang, Msg::kErrRunSyncIndex, fmt::arg("line", in.step->loc.line),
                                 fmt::arg("source", in.step->source)));
      }
    }
  }
  return Status::Ok();
}

int StoreVars::SyncSlot(int field) const {
  for (size_t i = 0; i < sync_fields.size(); ++i) {
    if (sync_fields[i] == field) return static_cast<int>(i);
  }
  return -1;
}

Store::Store(Os* os, StoreKind kind, StoreFaults faults, std::string dir, const System* sys,
             const StoreVars* vars, Region* region)
    : os_(os),
      kind_(kind),
      faults_(faults),
      dir_(std::move(dir)),
      path_(dir_ + "/db"),
      sys_(sys),
      vars_(vars),
      region_(region) {}

std::string Store::Format(const int64_t* values) const {
  std::string out = "{";
  for (size_t i = 0; i < vars_->store_vars.size(); ++i) {
    const VarInfo& v = sys_->shared()[vars_->store_vars[i]];
    if (i > 0) out += ", ";
    out += "\"" + v.name + "\": ";
    out += v.type == Type::kBool ? (values[i] ? "true" : "false") : std::to_string(values[i]);
  }
  return out + "}";
}

std::string Store::Parse(const std::string& text, int64_t* values) const {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return text.empty() ? "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 "
                          "(char 0) (the file was empty)"
                        : "json.decoder.JSONDecodeError: cannot parse '" + text + "'";
  }
  for (size_t i = 0; i < vars_->store_vars.size(); ++i) {
    const VarInfo& v = sys_->shared()[vars_->store_vars[i]];
    if (!doc.is_object() || !doc.contains(v.name)) {
      return "KeyError: '" + v.name + "' (file content '" + text + "')";
    }
    const nlohmann::json& j = doc[v.name];
    int64_t value;
    if (j.is_boolean()) {
      value = j.get<bool>() ? 1 : 0;
    } else if (j.is_number_integer()) {
      value = j.get<int64_t>();
    } else {
      return "TypeError: '" + v.name + "' is " + j.dump() + ", not a number";
    }
    if (!sys_->layout().field(v.field).InRange(value)) {
      return "ValueError: '" + v.name + "' = " + std::to_string(value) + " is outside its range";
    }
    values[i] = value;
  }
  return "";
}

Status Store::Init(const int64_t* values) {
  if (kind_ == StoreKind::kMemory) {
    std::memcpy(region_->header()->memory, values, sizeof(int64_t) * vars_->store_vars.size());
    return Status::Ok();
  }
  return os_->WriteInPlace(path_, Format(values), 0);
}

Result<StoreRead> Store::Read() {
  StoreRead read;
  if (kind_ == StoreKind::kMemory) {
    RegionHeader* h = region_->header();
    Region::Lock(&h->store_lock);
    std::memcpy(read.values, h->memory, sizeof(int64_t) * vars_->store_vars.size());
    Region::Unlock(&h->store_lock);
    read.raw = Format(read.values);
    return read;
  }
  Status st = os_->ReadFile(path_, &read.raw);
  if (!st.ok()) return st;
  read.parse_error = Parse(read.raw, read.values);
  return read;
}

Status Store::Write(const int64_t* values, int process) {
  if (faults_.drop_first_write) {
    uint32_t expected = 0;
    if (region_->header()->dropped.compare_exchange_strong(expected, 1)) return Status::Ok();
  }
  switch (kind_) {
    case StoreKind::kMemory: {
      RegionHeader* h = region_->header();
      Region::Lock(&h->store_lock);
      std::memcpy(h->memory, values, sizeof(int64_t) * vars_->store_vars.size());
      Region::Unlock(&h->store_lock);
      return Status::Ok();
    }
    case StoreKind::kAtomicFile:
      return os_->WriteAndRename(path_ + ".tmp." + std::to_string(process), path_, Format(values));
    case StoreKind::kInPlaceFile:
      return os_->WriteInPlace(path_, Format(values), faults_.torn_pause);
  }
  return Status::Ok();
}

}  // namespace racecheck
